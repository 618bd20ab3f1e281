"""Engine and command line of assistants-to-responses: files in, reviewed rewrites out.

Nothing here knows about OpenAI; the transforms are reached through ``transforms.REGISTRY``.
"""

__version__ = "0.1.0"

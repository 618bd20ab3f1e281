"""Facts about a module: which values hold which Assistants SDK objects, and where they are read.

`walk` records the module in one pass; `kinds` names the SDK objects and what each call returns;
`infer` follows values from the calls that make them through names, attributes, subscripts,
loops, comprehensions, `self.` attributes, parameters and same-module calls.
"""

from transforms.facts.infer import Facts, Typed, facts_of
from transforms.facts.kinds import Kind

__all__ = ["Facts", "Typed", "Kind", "facts_of"]

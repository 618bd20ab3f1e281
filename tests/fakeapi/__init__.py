"""A deterministic fake of the OpenAI API on loopback, speaking both the Assistants and Responses families."""

from .server import FakeOpenAI

__all__ = ["FakeOpenAI"]

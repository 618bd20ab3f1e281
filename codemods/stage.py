"""What the pipeline hands a stage, and how a stage turns a file down.

A stage class is built as ``cls(context, options)`` and run as ``.transform_module(module)``; it
tells the engine things through ``context.scratch``. These are the engine's own rather than
libcst.codemod's: importing libcst.codemod pulls in libcst.matchers, which nothing here uses and
which cost every run that parses about 0.15 s of start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional


@dataclass
class StageContext:
    filename: Optional[str] = None
    scratch: Dict[str, Any] = field(default_factory=dict)


class SkipFile(Exception):
    """Raised by a stage: the file is left as it is, and the message says why."""

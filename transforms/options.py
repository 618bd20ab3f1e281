"""Settings the transforms accept under [tool.assistants-to-responses], with their checks."""

from __future__ import annotations

from typing import Any, Callable, Dict, List


class OptionError(ValueError):
    pass


def _string(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise OptionError(f"`{key}` must be a non-empty string")
    return value


def _function_ref(key: str, value: Any) -> str:
    value = _string(key, value)
    module, sep, name = value.partition(":")
    if not sep or not module or not name.isidentifier():
        raise OptionError(f"`{key}` must look like 'package.module:function', not {value!r}")
    return value


def _boolean(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise OptionError(f"`{key}` must be true or false, not {value!r}")
    return value


def _retired(reason: str) -> Callable[[str, Any], Any]:
    def check(key: str, value: Any) -> Any:
        raise OptionError(f"`{key}` is no longer supported: {reason}")

    return check


_HOSTED = ("OpenAI's hosted prompt objects stopped on 2026-11-30, so assistant settings live in the "
           "code-managed prompt registry (prompt-registry) or your own lookup (prompt-function)")

OPTIONS: Dict[str, Callable[[str, Any], Any]] = {
    "prompt-registry": _string,
    "prompt-function": _function_ref,
    # Settings of the hosted-prompt target, refused with the reason rather than as unknown keys.
    "prompt-target": _retired(_HOSTED),
    "prompt-strategy": _retired(_HOSTED),
    "prompts": _retired(_HOSTED),
    # Azure OpenAI: whether the resource serves /openai/v1/conversations (not every one does), so
    # that kept threads may become conversations there (docs/azure.md).
    "azure-conversations": _boolean,
}

DEFAULTS: Dict[str, Any] = {
    "prompt-registry": "prompt_registry",
    "azure-conversations": False,
}

def notices(options: Dict[str, Any]) -> List[str]:
    """Said once per run by `apply` and `audit`, whatever the files hold (nothing at present)."""
    return []


NOTICES = notices

# An audit run asks the transforms for every use they see through this key (set by the engine):
# each puts plain records into its stage context's scratch under the same key.
REPORT_USES = "report-uses"
# What a file's pass tells the step run after all the files (the registry), under this scratch key.
PROJECT_FACTS = "project-facts"
# What the engine hands each stage with the module (its codemods.pipeline SOURCE and
# STATEMENT_LINES): the module's text, and the line each top-level statement begins on.
SOURCE = "source"
STATEMENT_LINES = "statement-lines"

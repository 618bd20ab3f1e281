"""Settings the transforms accept under [tool.assistants-to-responses], with their checks."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional


class OptionError(ValueError):
    pass


def _choice(*choices: str) -> Callable[[str, Any], str]:
    def check(key: str, value: Any) -> str:
        if value not in choices:
            raise OptionError(f"`{key}` must be one of {', '.join(repr(c) for c in choices)}, not {value!r}")
        return value

    return check


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


def _prompt_table(key: str, value: Any) -> Dict[str, Dict[str, str]]:
    if not isinstance(value, dict):
        raise OptionError(f"`{key}` must be a table mapping assistant IDs to prompt IDs")
    table = {}
    for assistant, target in value.items():
        if isinstance(target, str):
            table[assistant] = {"id": target}
        elif isinstance(target, dict) and isinstance(target.get("id"), str) and set(target) <= {"id", "version"}:
            table[assistant] = {k: str(v) for k, v in target.items()}
        else:
            raise OptionError(f"`{key}.{assistant}` must be a prompt ID or {{id = ..., version = ...}}")
    return table


OPTIONS: Dict[str, Callable[[str, Any], Any]] = {
    "prompt-target": _choice("code", "id"),
    "prompt-registry": _string,
    "prompt-strategy": _choice("env", "table", "function"),
    "prompt-function": _function_ref,
    "prompts": _prompt_table,
}

DEFAULTS: Dict[str, Any] = {
    "prompt-target": "code",
    "prompt-registry": "prompt_registry",
    "prompt-strategy": "env",
}

HOSTED_PROMPTS_END = "2026-11-30"


def notices(options: Dict[str, Any], today: Optional[str] = None) -> List[str]:
    """Said once per run by `apply` and `audit`, whatever the files hold."""
    if options.get("prompt-target") != "id":
        return []
    import datetime

    today = today or datetime.date.today().isoformat()
    verb = "are scheduled to stop" if today < HOSTED_PROMPTS_END else "stopped"
    return [
        f"prompt-target = \"id\": OpenAI's hosted prompt objects {verb} on {HOSTED_PROMPTS_END}; "
        "prompt-target = \"code\" keeps the settings in your own code"
    ]


NOTICES = notices

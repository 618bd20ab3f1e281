"""`[tool.assistants-to-responses]` in pyproject.toml: found by walking up, validated, flags win."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 only
    import tomli as tomllib

SECTION = "assistants-to-responses"


class ConfigError(Exception):
    """A configuration the user has to fix; the message names the file and the key."""


def _str_list(key: str, value: Any) -> List[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ConfigError(f"`{key}` must be a string or a list of strings")


def _positive_int(key: str, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise ConfigError(f"`{key}` must be a positive integer")


# A file over this many bytes that holds an Assistants trigger is reported and left alone:
# parsing and analysing one costs about 0.45 GB of memory and 16 s of CPU per MiB of source
# (libcst's tree and scope analysis; benchmarks/bench.py --huge), per worker. 1 MiB is twice the
# largest hand-written module we know of (mypy's checker.py, 458 KB: 0.17 GB, 3.3 s).
DEFAULT_MAX_FILE_SIZE = 1 << 20

_UNITS = {
    "": 1, "b": 1,
    "k": 1000, "kb": 1000, "m": 1000**2, "mb": 1000**2, "g": 1000**3, "gb": 1000**3,
    "kib": 1024, "mib": 1024**2, "gib": 1024**3,
}


def parse_size(key: str, value: Any) -> Optional[int]:
    """Bytes as an integer or a string with a unit ("512KiB", "2MB", "1.5 MiB"); 0 means no limit
    (None). KB/MB/GB are powers of 1000, KiB/MiB/GiB powers of 1024."""
    if isinstance(value, int) and not isinstance(value, bool):
        number: float = value
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        digits = text.rstrip("abcdefghijklmnopqrstuvwxyz")
        unit = text[len(digits):]
        try:
            number = float(digits) * _UNITS[unit]
        except (ValueError, KeyError):
            raise ConfigError(
                f"`{key}` must be a size such as 1048576, \"512KiB\", \"2MB\" or 0 for no limit, not {value!r}"
            ) from None
    else:
        raise ConfigError(f"`{key}` must be a size in bytes (an integer, or a string such as \"2MiB\")")
    if number < 0:
        raise ConfigError(f"`{key}` must not be negative")
    return int(number) or None


# The engine's own keys; transforms add theirs through the registry's OPTIONS.
ENGINE_KEYS: Dict[str, Callable[[str, Any], Any]] = {
    "exclude": _str_list,
    "only": _str_list,
    "skip": _str_list,
    "jobs": _positive_int,
    "max-file-size": parse_size,
}


@dataclass
class Config:
    path: Optional[str] = None
    engine: Dict[str, Any] = field(default_factory=dict)
    options: Dict[str, Any] = field(default_factory=dict)


def find_pyproject(paths: Sequence[str]) -> Optional[str]:
    """The nearest pyproject.toml with our table, walking up from the paths' common folder."""
    absolute = [os.path.abspath(p) for p in (paths or ["."])]
    try:
        start = os.path.commonpath(absolute)
    except ValueError:  # paths on different drives
        start = os.getcwd()
    if not os.path.isdir(start):
        start = os.path.dirname(start)
    folder = start
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate) and _has_section(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _read(path: str) -> Mapping[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def _has_section(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            if SECTION.encode() not in handle.read():
                return False
    except OSError:
        return False
    return SECTION in _read(path).get("tool", {})


def load(paths: Sequence[str], option_checks: Mapping[str, Callable[[str, Any], Any]]) -> Config:
    path = find_pyproject(paths)
    if path is None:
        return Config()
    table = _read(path)["tool"][SECTION]
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{SECTION}] must be a table")
    config = Config(path=path)
    for key, value in table.items():
        try:
            if key in ENGINE_KEYS:
                config.engine[key] = ENGINE_KEYS[key](key, value)
            elif key in option_checks:
                config.options[key] = option_checks[key](key, value)
            else:
                known = ", ".join(sorted([*ENGINE_KEYS, *option_checks]))
                raise ConfigError(f"unknown key `{key}` (known keys: {known})")
        except (ConfigError, ValueError) as exc:
            raise ConfigError(f"{path}: [tool.{SECTION}]: {exc}") from None
    return config

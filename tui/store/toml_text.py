"""Writing TOML: the few shapes flowdeck's files hold (tables of strings, numbers, booleans).

The standard library reads TOML but does not write it; this writer covers
exactly what `profiles.toml` and `config.toml` need, and refuses anything else
rather than writing a file `tomllib` could not read back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r",
            '"': '\\"', "\\": "\\\\"}


def string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else string(name)


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return string(value)
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def dumps(document: Mapping[str, Any]) -> str:
    """The TOML text of nested mappings; sub-mappings become `[a.b]` tables."""
    lines: list[str] = []
    _table(document, (), lines)
    return "\n".join(lines).lstrip("\n") + "\n"


def _table(table: Mapping[str, Any], path: tuple[str, ...], lines: list[str]) -> None:
    values = [(name, value) for name, value in table.items() if not isinstance(value, Mapping)]
    tables = [(name, value) for name, value in table.items() if isinstance(value, Mapping)]
    if path and (values or not tables):
        lines.append("")
        lines.append("[" + ".".join(key(part) for part in path) + "]")
    lines.extend(f"{key(name)} = {scalar(value)}" for name, value in values)
    for name, value in tables:
        _table(value, (*path, name), lines)

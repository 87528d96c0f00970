"""Reading and writing one place in a draft: plain dicts and lists from `model_dump`.

A form editor keeps the value it edits as a draft of plain data, sets one
path at a time as fields change, and validates the whole draft into a model.
Paths are tuples of keys and indexes, e.g. ("arms", 1, "label").
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from widgets.field_row import Path


class _Delete:
    """Setting a path to DELETE removes the key (a trigger param left blank)."""

    def __repr__(self) -> str:
        return "DELETE"


DELETE: Any = _Delete()


def get_path(data: Any, path: Path, default: Any = None) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return default
    return data


def set_path(data: dict[str, Any], path: Path, value: Any) -> None:
    """Set `path` to `value`, creating dicts on the way (a nested settings model that
    was unset); DELETE removes the last key."""
    node: Any = data
    for key, following in pairwise(path):
        child = node[key] if _has(node, key) else None
        if not isinstance(child, dict | list):
            child = {} if isinstance(following, str) else []
            node[key] = child
        node = child
    last = path[-1]
    if value is DELETE:
        if isinstance(node, dict):
            node.pop(last, None)
    else:
        node[last] = value


def _has(node: Any, key: str | int) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(key, int) and 0 <= key < len(node)

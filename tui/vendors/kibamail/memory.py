"""What an imported payload said that the workflow model does not: kept in extras.

`compile(parse(p)) == p` must hold for real payloads, not only tidy ones, so
the parts of a Kibamail body the model cannot hold are remembered under
`extras["kibamail"]` of the object they belong to:

- workflow: `kept` / `absent` (top-level keys), `order` (node and edge order
  when it is not the compiled one), `detached` (nodes no edge from the trigger
  reaches, with their edges, kept verbatim so a half-built draft survives);
- trigger: the trigger node's `id`, `position`, `keys`, `edges`, its data's
  `kept` / `absent`, `bare`, plus `trigger` and `config` memories of the body's
  `trigger` object and `node_type` when the node does not match the type;
- step: `position`, `keys` (node keys other than id/type/position/data),
  `dataless` (the node had no `data` key),
  `edges` (edge fields differing from the compiled edge, by source handle),
  its data's `kept` / `absent`, and `bare` for an if-else;
- split arm: `kept` / `absent` of its `splits[]` object;
- rule: `kept` (unknown keys of its condition object), `combined`.

Three memories cover every record: `kept` holds keys the payload had and the
compiled record lacks (an explicit default, an unknown key), put back only
where the compiled record still lacks them; `absent` holds keys the compiled
record has and the payload left out, removed only while their value is still
the one compiled at import; `swapped` holds values the payload spelled
differently from the compiled record (a trigger node naming another event than
the config), put back only while the compiled value is the one seen at import.
Either way an edit in the builder wins.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from pydantic import JsonValue

from tui.vendors.kibamail.vocabulary import VENDOR

KEPT = "kept"
ABSENT = "absent"
SWAPPED = "swapped"


def remember(original: Mapping[str, Any], compiled: Mapping[str, Any], *,
             swaps: bool = True) -> dict[str, JsonValue]:
    """The memory that turns `compiled` back into `original` (empty when they are equal).

    With `swaps` False, values present in both are taken to be equal: for the
    body's top level, whose nodes and edges have memories of their own.
    """
    kept = {key: copy.deepcopy(value) for key, value in original.items() if key not in compiled}
    absent = {key: copy.deepcopy(value) for key, value in compiled.items() if key not in original}
    swapped = {key: {"compiled": copy.deepcopy(compiled[key]), "payload": copy.deepcopy(value)}
               for key, value in original.items()
               if swaps and key in compiled and compiled[key] != value}
    parts = {KEPT: kept, ABSENT: absent, SWAPPED: swapped}
    return {name: part for name, part in parts.items() if part}  # type: ignore[misc]


def restore(compiled: dict[str, Any], memory: Any) -> dict[str, Any]:
    """`compiled` with a memory from `remember` applied (in place, and returned)."""
    if not isinstance(memory, Mapping):
        return compiled
    absent = memory.get(ABSENT)
    if isinstance(absent, Mapping):
        for key, value in absent.items():
            if key in compiled and compiled[key] == value:
                del compiled[key]
    swapped = memory.get(SWAPPED)
    if isinstance(swapped, Mapping):
        for key, pair in swapped.items():
            if isinstance(pair, Mapping) and key in compiled and compiled[key] == pair.get(
                "compiled"
            ):
                compiled[key] = copy.deepcopy(pair.get("payload"))
    kept = memory.get(KEPT)
    if isinstance(kept, Mapping):
        for key, value in kept.items():
            compiled.setdefault(key, copy.deepcopy(value))
    return compiled


def recall(owner: Any) -> dict[str, Any]:
    """The Kibamail memory of a workflow, trigger, step, arm or rule (empty when none)."""
    found = owner.extras.get(VENDOR)
    return found if isinstance(found, dict) else {}


def note(owner: Any, **parts: JsonValue) -> None:
    """Add memory parts to `owner`'s Kibamail extras; empty parts are not stored."""
    parts = {key: value for key, value in parts.items() if value not in (None, {}, [], False)}
    if parts:
        owner.extras = {**owner.extras, VENDOR: {**recall(owner), **parts}}


def recalled_dict(owner: Any, key: str) -> dict[str, Any]:
    found = recall(owner).get(key)
    return found if isinstance(found, dict) else {}

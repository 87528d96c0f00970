"""How AutoSend fields the model does not name travel in `extras["autosend"]`.

The convention: an object's extras are payload-shaped — the fields parse did not
turn into model values, at the same nesting as in the payload (an email step
keeps `{"email": {"projectId": …}}`). Compile builds the object from the model
and then merges its extras back where it lacks a key (`vendors.payload.
merge_leftovers`), so nothing read is lost and nothing edited is overwritten by
a stale copy. The extras sit on each step, arm, rule and trigger rather than in
one diff of the whole body, because steps move, nest and get new ids in the
builder while their extras must travel with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.model.steps import Extras

VENDOR = "autosend"


def own(extras: Extras) -> dict[str, Any]:
    """This vendor's share of an object's extras (empty when it has none)."""
    return extras.get(VENDOR, {})


def stash(fields: Mapping[str, Any]) -> Extras:
    """Extras holding `fields` for this vendor; no entry at all when there is nothing to keep."""
    return {VENDOR: dict(fields)} if fields else {}


def take_text(fields: dict[str, Any], key: str) -> str:
    """Remove and return a non-empty string field for the model.

    The model writes "" for "absent", so an empty or null value stays in `fields`
    (and so in extras): the payload then compiles back exactly as it was read.
    """
    value = fields.get(key)
    if isinstance(value, str) and value:
        del fields[key]
        return value
    return ""

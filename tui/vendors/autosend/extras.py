"""How AutoSend fields the model does not name travel in `extras["autosend"]`.

The convention: an object's extras are payload-shaped — the fields parse did not
turn into model values, at the same nesting as in the payload (an email step
keeps `{"email": {"projectId": …}}`). Compile builds the object from the model
and then fills the gaps from its extras, so nothing read is lost and nothing
edited is overwritten by a stale copy.
"""

from __future__ import annotations

import copy
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


def fill_gaps(target: dict[str, Any], kept: Mapping[str, Any]) -> dict[str, Any]:
    """Add the kept fields `target` lacks, recursing where both hold an object.

    Fields compiled from the model win: after a user edits a value, an older copy
    of it in extras must not come back.
    """
    for key, value in kept.items():
        if key not in target:
            target[key] = copy.deepcopy(value)
        elif isinstance(target[key], dict) and isinstance(value, dict):
            fill_gaps(target[key], value)
    return target


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

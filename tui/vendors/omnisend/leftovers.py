"""Payload fields the neutral model does not hold, kept in `extras["omnisend"]`.

Parse keeps every field of a payload object that compile would not write back
from the model (`isSkipAllowed`, SMS `compliance`, push `imageID`, a URL match,
an explicit empty list…); compile adds them back without overriding what the
model says. That is what makes `compile(parse(p)) == p` hold for any valid body.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from tui.model.steps import Extras

VENDOR = "omnisend"


def keep(wire: BaseModel, used: Iterable[str]) -> Extras:
    """The fields of `wire` the payload set and the neutral model does not carry."""
    taken = set(used)
    rest = {key: value for key, value in wire.model_dump(mode="json", exclude_unset=True).items()
            if key not in taken}
    return {VENDOR: rest} if rest else {}


def restore(mapped: dict[str, Any], extras: Extras) -> dict[str, Any]:
    """`mapped` plus the kept fields it does not already have."""
    kept = extras.get(VENDOR, {})
    return {**mapped, **{key: value for key, value in kept.items() if key not in mapped}}


def kept(extras: Extras) -> dict[str, Any]:
    return extras.get(VENDOR, {})

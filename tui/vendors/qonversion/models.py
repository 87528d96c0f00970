"""Qonversion v4 create body, written from the create / update reference pages and the
automations guide (see shared/vendors/qonversion.md §3).

`data` follows the current guide's fixed schema, but its keys are optional here:
the seed page calls `data` "an arbitrary JSON object" and sends `{}`, so an empty
`data` is read and the guide's "at least one initiator and one action" is a check.
The response-only fields (`object`, `id`, `url`, `data.type`) are accepted so a
GET response can be imported; they are never sent.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

NAME_MAX = 255
CAPTION_MAX = 1024

Status = Literal["active", "inactive"]
Platform = Literal["iOS", "Android"]
PLATFORMS: tuple[Platform, ...] = Platform.__args__  # type: ignore[attr-defined]

READ_ONLY = ("object", "id", "url", "data.type")
"""Fields of the automation object the server sets; dotted paths into the body."""

_STRICT = ConfigDict(extra="forbid", strict=True)


class Initiator(BaseModel):
    """What fires the automation: a dashboard event id, a numeric id sent as a string."""

    model_config = _STRICT

    uid: str
    type: Literal["event"]


class Actions(BaseModel):
    model_config = _STRICT

    push: str | None = None
    """A push made in the dashboard, by uid (no API lists them)."""
    screen: str | None = None
    """An in-app screen (`GET /v4/screens`), by uid."""
    event: JsonValue = None
    """Reserved by Qonversion and ignored; kept verbatim when present."""


class AutomationData(BaseModel):
    model_config = _STRICT

    platform: Platform | None = None
    initiators: list[Initiator] = Field(default_factory=list)
    actions: Actions | None = None
    segments: str | None = None
    """A single segment uid despite the plural name; null means every user."""
    type: Literal["event"] | None = None
    """Read-only, added by the server."""


class AutomationBody(BaseModel):
    model_config = _STRICT

    name: str = Field(min_length=1, max_length=NAME_MAX)
    caption: str | None = Field(default=None, max_length=CAPTION_MAX)
    status: Status
    data: AutomationData
    object: Literal["automation"] | None = None
    id: str | None = None
    url: str | None = None


class QonversionSettings(BaseModel):
    """Per-workflow choices that are not steps: the status the automation is created in."""

    model_config = _STRICT

    status: Status = "inactive"
    """`inactive` by default: create, review, then switch on with the `status` call."""

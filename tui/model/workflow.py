"""The workflow: a trigger, an audience, a sequence of steps, exit rules and settings.

This is the vendor-neutral program every screen edits and every adapter
compiles. It is serialized as `*.flow.json` with a `format` version.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from tui.model.conditions import Condition
from tui.model.steps import Extras, Number, Step, TimeUnit

FORMAT_VERSION = 1


class Duration(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Number = Field(gt=0)
    unit: TimeUnit = "minutes"


class Trigger(BaseModel):
    """What starts the workflow for a contact."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    event: str = ""
    """The vendor's event or entry type (`contact_created`, `placed order`, `SEGMENT_ENTRY`, …)."""
    extra_events: list[str] = Field(default_factory=list)
    """Further events that also start it (Qonversion takes several initiators)."""
    origin: str | None = None
    """Where the event comes from (Omnisend `origin`: `shopify`, `api`, …)."""
    filters: Condition | None = None
    """Conditions on the event or contact at the moment the trigger fires."""
    inactivity: Duration | None = None
    """Fire only after the contact has been quiet this long (Omnisend inactivity)."""
    params: dict[str, JsonValue] = Field(default_factory=dict)
    """Trigger parameters: segment id, form id, property name, engagement type, …"""
    extras: Extras = Field(default_factory=dict)


class ExitRule(BaseModel):
    """Contacts leave the workflow when this happens."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    event: str
    origin: str | None = None
    filters: Condition | None = None
    extras: Extras = Field(default_factory=dict)


class Workflow(BaseModel):
    """A complete automation, independent of any one vendor."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    format: Literal[1] = FORMAT_VERSION
    vendor: str
    """The vendor this workflow targets now; switching vendor converts it."""
    name: str = ""
    description: str = ""
    trigger: Trigger = Field(default_factory=Trigger)
    audience: Condition | None = None
    """Who may enter once the trigger fires."""
    steps: list[Step] = Field(default_factory=list)
    exit: list[ExitRule] = Field(default_factory=list)
    settings: dict[str, dict[str, JsonValue]] = Field(default_factory=dict)
    """Per-vendor settings keyed by vendor id, each validated by that adapter's settings model;
    keeping them per vendor means switching vendor and back loses nothing."""
    extras: Extras = Field(default_factory=dict)

    def vendor_settings(self, vendor: str | None = None) -> dict[str, JsonValue]:
        return self.settings.get(vendor or self.vendor, {})

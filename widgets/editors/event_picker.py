"""Choosing a trigger or exit event: the vendor's events, or a name of one's own.

Vendors list their events (`EventChoice`); some also take any custom event
name. The picker offers the list, plus "Custom event…" where the vendor
allows it, which opens a line to type the name. The origin choices follow
the chosen event (Omnisend events come from shopify, api, …).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from tui.vendors.base import Capabilities, EventChoice
from widgets.choice import Choice
from widgets.choices import choice_options
from widgets.field_row import FieldRow, Path
from widgets.value_control import ValueChanged

CUSTOM = "\x00custom"
"""The choice that stands for "a name I type myself"."""


def event_label(choice: EventChoice) -> str:
    return choice.label or choice.name


def find_event(caps: Capabilities, name: str) -> EventChoice | None:
    return next((choice for choice in caps.events if choice.name == name), None)


class EventPicker(Vertical):
    DEFAULT_CSS = """
    EventPicker { height: auto; }
    """

    def __init__(self, caps: Capabilities, value: str) -> None:
        super().__init__()
        known = find_event(caps, value) is not None
        names = [choice.name for choice in caps.events]
        labels = {choice.name: event_label(choice) for choice in caps.events}
        options = choice_options(names, value if value and not caps.custom_events else None,
                                 lambda name: labels.get(name, name))
        if caps.custom_events:
            options.append(("Custom event…", CUSTOM))
        self.free = caps.custom_events and not caps.events
        """No list at all (Qonversion's numeric event ids): the name is simply typed."""
        custom = self.free or (caps.custom_events and bool(value) and not known)
        self.select: Choice[str] = Choice(options, CUSTOM if custom else (value or None),
                                          allow_blank=not value, prompt="choose an event")
        self.custom = Input(value if custom else "", placeholder="event name", compact=True)
        self.custom.display = custom
        self.select.display = not self.free

    def compose(self) -> ComposeResult:
        yield self.select
        yield self.custom

    def read_value(self) -> str:
        if self.free:
            return self.custom.value.strip()
        if self.select.value == CUSTOM:
            name = self.custom.value.strip()
            if not name:
                raise ValueError("type the event's name")
            return name
        return self.select.value or ""

    @on(ValueChanged)
    def _chosen(self, event: ValueChanged) -> None:
        if event.control is not self.select:
            return
        event.stop()
        custom = self.select.value == CUSTOM
        opened = custom and not self.custom.display
        self.custom.display = custom
        if opened:
            self.custom.focus()
        self.post_message(ValueChanged(self))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(ValueChanged(self))


def event_row(path: Path, caps: Capabilities, value: str, label: str = "Event") -> FieldRow:
    return FieldRow(label, EventPicker(caps, value), path=path)


def origin_choices(caps: Capabilities, event: str) -> tuple[str, ...]:
    """The origins the chosen event comes from, else the vendor's origins."""
    choice = find_event(caps, event)
    return choice.origins if choice is not None and choice.origins else caps.origins


def origin_options(caps: Capabilities, event: str, current: str | None
                   ) -> list[tuple[str, str]]:
    return choice_options(origin_choices(caps, event), current)


def origin_row(path: Path, caps: Capabilities, event: str, current: str | None) -> FieldRow:
    """The origin as a choice; blank means "let the vendor pick" (None)."""
    options = origin_options(caps, event, current)
    choice = Choice(options, current, allow_blank=True, prompt="automatic")
    row = FieldRow("Origin", choice, path=path)
    row.display = bool(options)
    return row


def follow_event(row: FieldRow | None, holder: dict[str, Any], caps: Capabilities,
                 event: str) -> None:
    """After the event changed: the origin row offers the new event's origins, and an
    origin in the draft (`holder`) that no longer fits is cleared."""
    if holder.get("origin") not in origin_choices(caps, event):
        holder["origin"] = None
    if row is not None:
        _refresh_origin(row, caps, event)


def _refresh_origin(row: FieldRow, caps: Capabilities, event: str) -> None:
    choice = row.control
    if not isinstance(choice, Choice):
        return
    keep = choice.value if choice.value in origin_choices(caps, event) else None
    options = origin_options(caps, event, keep)
    choice.set_options(options, keep)
    row.display = bool(options)

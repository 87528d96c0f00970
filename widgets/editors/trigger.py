"""The trigger: the vendor's event, its origin and parameters, further events,
inactivity, and the filters on the event at the moment it fires."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, SelectionList

from tui.model.steps import TIME_UNITS
from tui.model.workflow import Trigger
from widgets import parsers
from widgets.conditions import Vocabulary
from widgets.editors.base import section
from widgets.editors.draft import DELETE
from widgets.editors.event_picker import event_row, find_event, follow_event, origin_row
from widgets.editors.form import FormEditor
from widgets.editors.rows import condition_row, list_row, plain_text, vendor_fields_row
from widgets.field_row import FieldRow, Path
from widgets.labels import humanize


class TriggerEditor(FormEditor):
    DEFAULT_CSS = """
    TriggerEditor > .trigger-params { height: auto; }
    """

    model = Trigger

    def fields(self) -> ComposeResult:
        caps = self.context.capabilities
        event = self.get(("event",)) or ""
        yield event_row(("event",), caps, event)
        yield origin_row(("origin",), caps, event, self.get(("origin",)))
        self.params = Vertical(*self._param_rows(event), classes="trigger-params")
        """The event's parameter rows, replaced when another event is chosen."""
        yield self.params
        if caps.extra_events or self.get(("extra_events",)):
            yield self._extra_events_row()
        if caps.inactivity or self.get(("inactivity",)) is not None:
            units = caps.wait_units or TIME_UNITS
            yield FieldRow("Inactivity", Input(parsers.format_duration(self.value.inactivity),
                                               placeholder="none, or 30m, 2h, 7d", compact=True),
                           path=("inactivity",), parse=parsers.duration_text(units))
        yield section("Filters")
        yield condition_row(self, "Only when", ("filters",), Vocabulary.for_filters(caps))
        yield vendor_fields_row(self, ())

    def _param_rows(self, event: str) -> list[FieldRow]:
        """One row per parameter the chosen event needs (a segment id, a form id, …)."""
        choice = find_event(self.context.capabilities, event)
        names = choice.params if choice is not None else ()
        return [FieldRow(humanize(name),
                         Input(plain_text(self.get(("params", name))), compact=True),
                         path=("params", name), parse=_param_parser(self.get(("params", name))))
                for name in names]

    def _extra_events_row(self) -> FieldRow:
        caps = self.context.capabilities
        if caps.custom_events:
            return list_row(self, "Also starts on", ("extra_events",),
                            placeholder="other event, another")
        chosen = set(self.get(("extra_events",)) or [])
        choices = SelectionList[str](
            *[(choice.label or choice.name, choice.name, choice.name in chosen)
              for choice in caps.events], compact=True)
        choices.styles.max_height = 6
        return FieldRow("Also starts on", choices, path=("extra_events",))

    def field_changed(self, path: Path, value: Any) -> None:
        if path != ("event",):
            return
        caps = self.context.capabilities
        follow_event(self.row(("origin",)), self.draft, caps, value)
        choice = find_event(caps, value)
        needed = set(choice.params) if choice is not None else set()
        params: dict[str, Any] = self.draft.setdefault("params", {})
        for name in {name for known in caps.events for name in known.params} - needed:
            params.pop(name, None)  # the old event's parameters go with it
        self.call_later(self._swap_params, value)

    async def _swap_params(self, event: str) -> None:
        await self.params.remove_children()
        await self.params.mount_all(self._param_rows(event))


def _param_parser(original: Any) -> parsers.Parser:
    """A parameter as typed, keeping a number a number; blank removes it."""

    def parse(raw: str) -> Any:
        if not raw.strip():
            return DELETE
        if isinstance(original, int | float) and not isinstance(original, bool):
            return parsers.number(raw)
        return raw.strip()

    return parse

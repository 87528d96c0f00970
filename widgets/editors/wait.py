"""A wait: for an amount of the vendor's units, until a time of day, or not at
all, and (where the vendor has it) only on some weekdays."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import SelectionList

from tui.model.steps import TIME_UNITS, WEEKDAYS, WaitStep
from widgets import parsers
from widgets.editors.rows import choice_row, number_row, text_row
from widgets.editors.step_form import StepEditor
from widgets.field_row import FieldRow, Path

MODE_LABELS = {"duration": "for a while", "until_time": "until a time of day",
               "immediate": "no wait"}

MODE_FIELDS: dict[str, tuple[str, ...]] = {
    "duration": ("amount", "unit"),
    "until_time": ("at_time",),
    "immediate": (),
}


class WaitEditor(StepEditor):
    model = WaitStep

    def step_fields(self) -> ComposeResult:
        caps = self.context.capabilities
        yield choice_row(self, "Wait", ("mode",), caps.wait_modes, labels=MODE_LABELS)
        yield number_row(self, "Amount", ("amount",), minimum=0)
        yield choice_row(self, "Unit", ("unit",), caps.wait_units or TIME_UNITS)
        yield text_row(self, "At", ("at_time",), placeholder="HH:MM (24 h)",
                       parse=parsers.time_of_day)
        if caps.weekdays or self.value.weekdays:
            chosen = set(self.value.weekdays)
            days = SelectionList[str](*[(day.capitalize(), day, day in chosen) for day in WEEKDAYS],
                                      compact=True)
            yield FieldRow("Only on", days, path=("weekdays",),
                           hint="none ticked: any day")

    def on_mount(self) -> None:
        self._show_mode(self.value.mode)
        super().on_mount()

    def field_changed(self, path: Path, value: Any) -> None:
        if path == ("mode",):
            self._show_mode(value)

    def _show_mode(self, mode: str) -> None:
        wanted = MODE_FIELDS.get(mode, ())
        for name in ("amount", "unit", "at_time"):
            row = self.row((name,))
            if row is not None:
                row.display = name in wanted

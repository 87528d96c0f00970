"""Who may enter once the trigger fires: rules on the vendor's audience fields,
with that table's operators; none means everyone who triggers it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult

from widgets.conditions import ConditionBuilder, Vocabulary
from widgets.editors.base import Editor, notice, section
from widgets.value_control import ValueChanged


class AudienceEditor(Editor):
    def compose(self) -> ComposeResult:
        caps = self.context.capabilities
        if caps.audience_operators is None:
            yield notice(f"{self.context.vendor_title} has no audience filter"
                         + ("; clear this one." if self.value is not None else "."))
            if self.value is None:
                return
        yield section("Contacts who may enter")
        yield ConditionBuilder(self.value, Vocabulary.for_audience(caps), optional=True)

    @on(ValueChanged)
    def _changed(self, event: ValueChanged) -> None:
        event.stop()
        if isinstance(event.control, ConditionBuilder):
            self.publish(event.control.value)

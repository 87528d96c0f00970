"""Exit rules: events that take a contact out of the workflow, each with an
origin and filters, where the vendor has them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from textual.app import ComposeResult
from textual.widget import Widget

from tui.model.workflow import ExitRule
from widgets.conditions import Vocabulary
from widgets.editors.base import notice
from widgets.editors.event_picker import event_row, follow_event, origin_row
from widgets.editors.form import FormEditor
from widgets.editors.item_list import ItemList
from widgets.editors.rows import condition_row
from widgets.field_row import Path


class ExitRules(BaseModel):
    """The editor's draft wraps the list so errors name `rules[i].field`."""

    rules: list[ExitRule] = Field(default_factory=list)


class ExitEditor(FormEditor):
    model = ExitRules

    def to_draft(self, value: list[ExitRule]) -> dict[str, Any]:
        return ExitRules(rules=value).model_dump()

    def build(self, draft: dict[str, Any]) -> list[ExitRule]:
        return ExitRules.model_validate(draft).rules

    def fields(self) -> ComposeResult:
        caps = self.context.capabilities
        if not caps.exit_rules:
            yield notice(f"{self.context.vendor_title} has no exit rules"
                         + ("; remove these." if self.value else "."))
            if not self.value:
                return
        first = caps.events[0].name if caps.events else ""
        yield ItemList(("rules",), items=lambda: self.draft["rules"],
                       render_item=self._rule_rows,
                       item_title=lambda index, rule: f"Exit rule {index + 1}",
                       new_item=lambda count: ExitRule(event=first).model_dump(),
                       noun="exit rule", movable=False)

    def _rule_rows(self, index: int, rule: dict[str, Any]) -> list[Widget]:
        caps = self.context.capabilities
        event = rule.get("event") or ""
        return [
            event_row(("rules", index, "event"), caps, event),
            origin_row(("rules", index, "origin"), caps, event, rule.get("origin")),
            condition_row(self, "Only when", ("rules", index, "filters"),
                          Vocabulary.for_filters(caps)),
        ]

    def field_changed(self, path: Path, value: Any) -> None:
        if len(path) != 3 or path[2] != "event":
            return
        follow_event(self.row((*path[:2], "origin")), self.draft["rules"][int(path[1])],
                     self.context.capabilities, value)

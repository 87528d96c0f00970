"""A change to the contact: the vendor's actions, then the fields that action needs."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult

from tui.model.steps import ContactStep
from widgets.editors.rows import choice_row, list_row, text_row
from widgets.editors.step_form import StepEditor
from widgets.field_row import Path

ACTION_LABELS = {
    "set_field": "set a field",
    "add_tag": "add a tag",
    "remove_tag": "remove a tag",
    "unsubscribe": "unsubscribe",
    "add_to_topics": "add to topics",
    "remove_from_topics": "remove from topics",
    "set_status": "set the status",
}

ACTION_FIELDS: dict[str, dict[str, str]] = {
    "set_field": {"field": "Field", "value": "Value"},
    "add_tag": {"value": "Tag"},
    "remove_tag": {"value": "Tag"},
    "unsubscribe": {"channels": "Channels"},
    "add_to_topics": {"topics": "Topics"},
    "remove_from_topics": {"topics": "Topics"},
    "set_status": {"value": "Status"},
}
"""Per action: the fields it uses and the label each one gets."""


class ContactEditor(StepEditor):
    model = ContactStep

    def step_fields(self) -> ComposeResult:
        yield choice_row(self, "Action", ("action",), self.context.capabilities.contact_actions,
                         labels=ACTION_LABELS)
        yield text_row(self, "Field", ("field",), placeholder="firstName, plan, …")
        yield text_row(self, "Value", ("value",), limit="contact.value")
        yield list_row(self, "Topics", ("topics",), placeholder="topic id, another")
        yield list_row(self, "Channels", ("channels",), placeholder="blank: every channel")

    def on_mount(self) -> None:
        self._show_action(self.value.action)
        super().on_mount()

    def field_changed(self, path: Path, value: Any) -> None:
        if path == ("action",):
            self._show_action(value)

    def _show_action(self, action: str) -> None:
        wanted = ACTION_FIELDS.get(action, {})
        for name in ("field", "value", "topics", "channels"):
            row = self.row((name,))
            if row is not None:
                row.display = name in wanted
                if name in wanted:
                    row.set_label(wanted[name])

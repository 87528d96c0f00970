"""What every editor shares: its context, the message it posts, and the base widget.

The builder mounts one editor for the outline node the user selected and
listens for `EditorChanged`; an editor never touches the workflow itself.
It posts a new value of the target's type whenever the user makes a valid
change, and keeps the last valid value while the input is not valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from tui.model.targets import Target
from tui.model.workflow import Workflow
from tui.vendors import VENDORS
from tui.vendors.base import Adapter, Capabilities
from widgets.tool_button import TOOL_CSS


@dataclass(frozen=True, slots=True)
class EditorContext:
    """What an editor may offer: the vendor's capabilities and settings model, and the
    workflow as it was when the editor was mounted (read-only)."""

    vendor_id: str
    capabilities: Capabilities
    settings_model: type[BaseModel]
    workflow: Workflow

    @classmethod
    def for_adapter(cls, adapter: Adapter, workflow: Workflow) -> EditorContext:
        return cls(adapter.id, adapter.capabilities, adapter.settings_model, workflow)

    @property
    def vendor_title(self) -> str:
        entry = VENDORS.get(self.vendor_id)
        return entry.title if entry else self.vendor_id

    def limit(self, key: str) -> int | None:
        """The vendor's length limit for `key` (`name`, `email.subject`, …), if it has one."""
        return self.capabilities.limits.get(key)


class EditorChanged(Message):
    """The user changed the target to a new valid `value` (a new object, never mutated
    later). For a step whose id was edited, `target` still names the old id."""

    def __init__(self, target: Target, value: Any) -> None:
        super().__init__()
        self.target = target
        self.value = value


class Editor(VerticalScroll, can_focus=False):
    DEFAULT_CSS = TOOL_CSS + """
    Editor { height: 1fr; padding: 0 1; }
    Editor .notice { color: $text-warning; height: auto; margin: 0 0 1 0; }
    Editor .section { color: $text-muted; text-style: bold; height: 1; margin: 1 0 0 0; }
    """

    def __init__(self, target: Target, value: Any, context: EditorContext) -> None:
        super().__init__(classes="editor")
        self.target = target
        self.value = value
        self.context = context

    def compose(self) -> ComposeResult:
        yield from ()

    def publish(self, value: Any) -> None:
        """Post `value` if it differs from the last one posted."""
        if value == self.value:
            return
        target = self.target
        self.value = value
        self.post_message(EditorChanged(target, value))
        new_id = getattr(value, "id", None)
        if target.kind == "step" and new_id and new_id != target.step_id:
            self.target = Target.step(new_id)

    def focus_first(self) -> None:
        """Focus the first field (the builder calls this when the user enters the editor)."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter in a one-line field moves on, as in a form."""
        event.stop()
        self.screen.focus_next()


def notice(text: str) -> Static:
    """A line telling the user what this vendor cannot do here."""
    return Static(text, classes="notice", markup=False)


def section(title: str) -> Static:
    return Static(title, classes="section", markup=False)

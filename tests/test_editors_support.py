"""Shared harness for the editor tests (no tests here): a tiny app that mounts one
editor and records the `EditorChanged` messages it posts, plus hand-made
capabilities for vendors whose adapter does not cover a case."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from textual.app import App, ComposeResult
from textual.widget import Widget

from tui.model.targets import Target, read
from tui.model.workflow import Workflow
from tui.vendors import get
from tui.vendors.base import Capabilities, NoSettings
from widgets.choice import Choice
from widgets.editors import Editor, EditorChanged, EditorContext, editor_for
from widgets.field_row import FieldRow

SIZE = (80, 30)

def context(vendor: str, workflow: Workflow | None = None, *,
            capabilities: Capabilities | None = None,
            settings_model: type[BaseModel] | None = None) -> EditorContext:
    """The context a builder would pass: the real adapter's, or hand-made capabilities."""
    workflow = workflow or Workflow(vendor=vendor)
    if capabilities is not None:
        return EditorContext(vendor, capabilities, settings_model or NoSettings, workflow)
    adapter = get(vendor)
    return EditorContext(vendor, adapter.capabilities, settings_model or adapter.settings_model,
                         workflow)


class Harness(App[None]):
    """Mounts one editor and keeps what it posts."""

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        self.changes: list[EditorChanged] = []

    def compose(self) -> ComposeResult:
        yield self.editor

    def on_editor_changed(self, message: EditorChanged) -> None:
        self.changes.append(message)

    @property
    def last(self) -> Any:
        assert self.changes, "the editor posted nothing"
        return self.changes[-1].value


def harness(target: Target, ctx: EditorContext, value: Any = None) -> Harness:
    """An app around the editor for `target`; the value is read from the workflow
    unless given."""
    if value is None and target.kind != "audience":
        value = read(ctx.workflow, target)
    return Harness(editor_for(target, value, ctx))


def row(app: App[Any], *path: str | int) -> FieldRow:
    """The field row editing `path`."""
    for found in app.query(FieldRow):
        if found.path == tuple(path):
            return found
    raise AssertionError(f"no row for {path}")


def control(app: App[Any], *path: str | int) -> Widget:
    return row(app, *path).control


async def focus_and_type(pilot: Any, widget: Widget, text: str, *, clear: bool = True) -> None:
    """Type into a one-line input as a user does: select all so the first key replaces
    the text (`clear`), or End first to add to it."""
    widget.focus()
    await pilot.pause()
    await pilot.press("ctrl+shift+a" if clear else "end")
    await pilot.press(*(text or ["backspace"]))
    await pilot.pause()


def offered(choice: Choice[Any]) -> list[Any]:
    """The values a choice offers."""
    return [value for _, value in choice.options]


async def choose(pilot: Any, choice: Choice[Any], value: Any) -> None:
    """Pick `value` the way a user does: focus, Enter, arrows, Enter."""
    choice.focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    values = ([None] if choice.allow_blank else []) + offered(choice)
    start = values.index(choice.value) if choice.value in values else 0
    steps = values.index(value) - start
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await pilot.pause()

"""A labelled field: the label, one control, and the line that says what is wrong.

Every editor is a column of these. The row owns the translation from its
control's raw value to a model value (a parser) and the one-line message
when that fails, so editors only ever see valid values, each tagged with the
path of the model field it belongs to.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from widgets.parsers import Parser, same
from widgets.value_control import ValueChanged, read_control

Path = tuple[str | int, ...]
"""Where a value sits inside the edited model, e.g. ("arms", 0, "label")."""


class FieldRow(Vertical):
    DEFAULT_CSS = """
    FieldRow { height: auto; margin: 0 0 0 0; }
    FieldRow > .field-line { height: auto; }
    FieldRow .field-label { width: 14; height: 1; color: $text-muted; }
    FieldRow.-stacked .field-label { width: 1fr; }
    FieldRow:focus-within > .field-line > .field-label,
    FieldRow.-stacked:focus-within > .field-label { color: $text; text-style: bold; }
    FieldRow .field-counter { width: auto; min-width: 6; padding: 0 0 0 1; color: $text-muted; }
    FieldRow .field-message { height: auto; padding: 0 0 0 14; color: $text-muted; }
    FieldRow.-stacked .field-message { padding: 0; }
    FieldRow .field-message.-empty { display: none; }
    FieldRow.-invalid .field-message { color: $text-error; }
    FieldRow.-invalid .field-label { color: $text-error; }
    """

    class Changed(Message):
        """The user set this field to a valid value."""

        def __init__(self, row: FieldRow, path: Path, value: Any) -> None:
            super().__init__()
            self.row = row
            self.path = path
            self.value = value

        @property
        def control(self) -> FieldRow:
            return self.row

    def __init__(self, label: str, control: Widget, *, path: Path, parse: Parser = same,
                 max_length: int | None = None, hint: str = "", stacked: bool = False,
                 classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.label = label
        self.control = control
        self.path = path
        self.parse = parse
        self.max_length = max_length
        self.hint = hint
        self.stacked = stacked
        self._input_error: str | None = None
        self._model_error: str | None = None
        self.set_class(stacked, "-stacked")

    def compose(self) -> ComposeResult:
        counter = Static(self._count(), classes="field-counter")
        counter.display = self.max_length is not None
        if self.stacked:
            yield Label(self.label, classes="field-label")
            with Horizontal(classes="field-line"):
                yield self.control
                yield counter
        else:
            with Horizontal(classes="field-line"):
                yield Label(self.label, classes="field-label")
                yield self.control
                yield counter
        yield Static(self.hint, classes="field-message", markup=False)

    def on_mount(self) -> None:
        self._show()

    @property
    def error(self) -> str | None:
        """What is wrong with this field now: its own input first, then the model's verdict."""
        return self._input_error or self._model_error

    def set_model_error(self, message: str | None) -> None:
        self._model_error = message
        self._show()

    def set_label(self, label: str) -> None:
        self.label = label
        if self.is_mounted:
            self.query_one(".field-label", Label).update(label)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    @on(SelectionList.SelectedChanged)
    @on(ValueChanged)
    def _control_changed(self, event: Message) -> None:
        if getattr(event, "control", None) is not self.control:
            return
        event.stop()
        try:
            value = self.parse(read_control(self.control))
        except ValueError as exc:
            self._input_error = str(exc)
            self._show()
            return
        self._input_error = None
        self._show()
        self.post_message(self.Changed(self, self.path, value))

    def _count(self) -> str:
        if self.max_length is None:
            return ""
        raw = read_control(self.control) if isinstance(self.control, Input | TextArea) else ""
        return f"{len(raw)}/{self.max_length}"

    def _show(self) -> None:
        if not self.is_mounted:
            return
        message = self.error or self.hint
        self.set_class(self.error is not None, "-invalid")
        line = self.query_one(".field-message", Static)
        line.update(message)
        line.set_class(not message, "-empty")
        if self.max_length is not None:
            self.query_one(".field-counter", Static).update(self._count())

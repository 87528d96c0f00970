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
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, SelectionList, Static, TextArea

from widgets.parsers import Parser, same
from widgets.value_control import ValueChanged, read_control

Path = tuple[str | int, ...]
"""Where a value sits inside the edited model, e.g. ("arms", 0, "label")."""


class FieldRow(Widget):
    """Laid out as a grid (label | control | counter) so a row costs three widgets; the
    message line is mounted only once there is something to say."""

    DEFAULT_CSS = """
    FieldRow {
        layout: grid; grid-size: 2; grid-columns: 14 1fr; grid-rows: auto;
        height: auto;
    }
    FieldRow.-counted { grid-size: 3; grid-columns: 14 1fr auto; }
    FieldRow.-stacked { layout: vertical; }
    FieldRow > .field-label { width: 1fr; height: auto; color: $text-muted; }
    FieldRow:focus-within > .field-label { color: $text; text-style: bold; }
    FieldRow > .field-counter { width: auto; min-width: 6; padding: 0 0 0 1; color: $text-muted; }
    FieldRow > .field-message { column-span: 2; height: auto; padding: 0 0 0 14;
                                color: $text-muted; }
    FieldRow.-counted > .field-message { column-span: 3; }
    FieldRow.-stacked > .field-message { padding: 0; }
    FieldRow.-flag { layout: vertical; }
    FieldRow.-flag > .field-label { display: none; }
    FieldRow.-flag > .field-message { padding: 0; }
    FieldRow.-invalid > .field-message, FieldRow.-invalid > .field-label { color: $text-error; }
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
        self._label = Static(self._label_text(), classes="field-label", markup=False)
        self._counter = Static(self._count(), classes="field-counter", markup=False) \
            if max_length is not None and not stacked else None
        self._message: Static | None = None
        self.set_class(stacked, "-stacked")
        self.set_class(self._counter is not None, "-counted")

    def compose(self) -> ComposeResult:
        yield self._label
        yield self.control
        if self._counter is not None:
            yield self._counter
        if self.hint:
            self._message = Static(self.hint, classes="field-message", markup=False)
            yield self._message

    def on_mount(self) -> None:
        if self.error is not None and self._message is None:
            self._show()  # a verdict that arrived while the row was being built

    @property
    def error(self) -> str | None:
        """What is wrong with this field now: its own input first, then the model's verdict."""
        return self._input_error or self._model_error

    def set_model_error(self, message: str | None) -> None:
        if message != self._model_error:
            self._model_error = message
            self._show()

    def set_label(self, label: str) -> None:
        self.label = label
        self._label.update(self._label_text())

    @on(Input.Changed)
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

    def _label_text(self) -> str:
        """A stacked row (a text area) shows its counter after the label."""
        if self.stacked and self.max_length is not None:
            return f"{self.label}  {self._count()}"
        return self.label

    def _show(self) -> None:
        message = self.error or self.hint
        self.set_class(self.error is not None, "-invalid")
        if self._message is not None:
            self._message.update(message)
            self._message.display = bool(message)
        elif message and self.is_mounted:
            self._message = Static(message, classes="field-message", markup=False)
            self.mount(self._message)
        if self._counter is not None:
            self._counter.update(self._count())
        elif self.stacked and self.max_length is not None:
            self._label.update(self._label_text())

"""The contract between a field row and the control inside it.

Textual's own controls (Input, Checkbox, TextArea, SelectionList) each
report changes with a message of their own and keep their value under a
different name; controls written here (choices, key/value rows, the
condition builder, the event picker) post `ValueChanged` and offer
`read_value()`. `read_control` hides that difference so one `FieldRow`
serves every kind of control.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual.message import Message
from textual.widget import Widget
from textual.widgets import SelectionList, TextArea


@runtime_checkable
class ReadsValue(Protocol):
    """A control that parses its own input; `read_value` raises ValueError with a
    one-line message when what the user typed is not valid yet."""

    def read_value(self) -> Any: ...


class ValueChanged(Message):
    """Posted by a composite control when the user changed its value."""

    def __init__(self, control: Widget) -> None:
        super().__init__()
        self._control = control

    @property
    def control(self) -> Widget:
        return self._control


def read_control(control: Widget) -> Any:
    """The control's current value; raises ValueError when the input is invalid."""
    if isinstance(control, ReadsValue):
        return control.read_value()
    if isinstance(control, TextArea):
        return control.text
    if isinstance(control, SelectionList):
        return list(control.selected)
    return control.value  # type: ignore[attr-defined]

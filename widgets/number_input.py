"""An Input for one number: it refuses letters as typed and checks bounds.

Typing a stray letter into a number field is the commonest slip, so the
input restricts characters; what can still be wrong (a lone `-`, out of
bounds) surfaces through `read_value` as a one-line message.
"""

from __future__ import annotations

from textual.widgets import Input

from widgets.parsers import number, plain_number


class NumberInput(Input):
    def __init__(self, value: float | None = None, *, integer: bool = False,
                 minimum: float | None = None, maximum: float | None = None,
                 optional: bool = False, placeholder: str = "", id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(
            "" if value is None else plain_number(value),
            placeholder=placeholder,
            type="integer" if integer else "number",
            compact=True,
            id=id,
            classes=classes,
        )
        self.integer = integer
        self.minimum = minimum
        self.maximum = maximum
        self.optional = optional

    def read_value(self) -> int | float | None:
        if self.optional and not self.value.strip():
            return None
        return number(self.value, integer=self.integer, minimum=self.minimum,
                      maximum=self.maximum)


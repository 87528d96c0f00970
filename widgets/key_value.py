"""Key/value rows (webhook headers): one line per pair, add and remove.

The value is a dict. Blank lines are ignored, so a half-typed new row does
not disturb anything; a duplicate or nameless key is reported and the last
valid dict stands.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input

from widgets.tool_button import tool_button
from widgets.value_control import ValueChanged

KeyCheck = Callable[[str], None]
"""Raises ValueError when a key is not acceptable (e.g. not a valid header name)."""


class PairRow(Horizontal):
    DEFAULT_CSS = """
    PairRow { height: 1; }
    PairRow > Input.pair-key { width: 2fr; margin: 0 1 0 0; }
    PairRow > Input.pair-value { width: 3fr; }
    """

    def __init__(self, key: str, value: str, key_label: str, value_label: str) -> None:
        super().__init__()
        self.key_input = Input(key, placeholder=key_label, compact=True, classes="pair-key")
        self.value_input = Input(value, placeholder=value_label, compact=True,
                                 classes="pair-value")

    def compose(self) -> ComposeResult:
        yield self.key_input
        yield self.value_input
        yield tool_button("✕", "remove-pair", "Remove this line")


class KeyValueRows(Vertical):
    DEFAULT_CSS = """
    KeyValueRows { height: auto; }
    KeyValueRows > .pair-tools { height: 1; }
    """

    def __init__(self, value: dict[str, str], *, key_label: str = "name",
                 value_label: str = "value", noun: str = "line",
                 check_key: KeyCheck | None = None) -> None:
        super().__init__()
        self.initial = dict(value)
        self.key_label = key_label
        self.value_label = value_label
        self.noun = noun
        self.check_key = check_key

    def compose(self) -> ComposeResult:
        for key, value in self.initial.items():
            yield self._pair(key, value)
        with Horizontal(classes="pair-tools"):
            yield tool_button(f"+ {self.noun}", "add-pair", f"Add a {self.noun}")

    def _pair(self, key: str, value: str) -> PairRow:
        return PairRow(key, value, self.key_label, self.value_label)

    def pairs(self) -> list[PairRow]:
        return [child for child in self.children if isinstance(child, PairRow)]

    def read_value(self) -> dict[str, str]:
        result: dict[str, str] = {}
        for number, pair in enumerate(self.pairs(), start=1):
            key = pair.key_input.value.strip()
            value = pair.value_input.value
            if not key and not value:
                continue
            if not key:
                raise ValueError(f"line {number}: a {self.key_label} is required")
            if key in result:
                raise ValueError(f"line {number}: '{key}' is already set above")
            if self.check_key is not None:
                try:
                    self.check_key(key)
                except ValueError as exc:
                    raise ValueError(f"line {number}: {exc}") from None
            result[key] = value
        return result

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(ValueChanged(self))

    @on(Button.Pressed)
    async def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name == "add-pair":
            pair = self._pair("", "")
            await self.mount(pair, before=self.query_one(".pair-tools"))
            pair.key_input.focus()
        elif event.button.name == "remove-pair" and isinstance(event.button.parent, PairRow):
            await event.button.parent.remove()
            self.post_message(ValueChanged(self))

"""A one-line choice that builds its list only when opened.

Textual's Select mounts six widgets and its option list up front (about
20 ms each here); an editor with a dozen choices took a noticeable moment
to appear, and the builder swaps editors on every outline move. A Choice is
two widgets until the user opens it. Keys: Enter or Space opens the list,
Left / Right step through the options without opening it; in the list,
arrows move, a letter jumps to the next option starting with it, Enter picks,
Escape closes.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import var
from textual.widgets import OptionList, Static

from widgets.value_control import ValueChanged

T = TypeVar("T", bound=Hashable)


class ChoiceList(OptionList):
    """The open list: picks with Enter, closes on Escape or when focus leaves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", show=False, id="choice.close"),
    ]

    def action_close(self) -> None:
        choice = self.parent
        if isinstance(choice, Choice):
            choice.close(refocus=True)

    def on_blur(self) -> None:
        choice = self.parent
        if isinstance(choice, Choice):
            choice.close(refocus=False)

    def on_key(self, event: events.Key) -> None:
        """A letter jumps to the next option whose label starts with it."""
        if event.character is None or not event.character.isprintable() or event.character == " ":
            return
        letter = event.character.lower()
        count = self.option_count
        start = (self.highlighted or 0) + 1
        for offset in range(count):
            index = (start + offset) % count
            if str(self.get_option_at_index(index).prompt).lower().startswith(letter):
                self.highlighted = index
                event.stop()
                return


class Choice(Vertical, Generic[T], can_focus=True):
    DEFAULT_CSS = """
    Choice { height: auto; width: 1fr; }
    Choice > .choice-label { height: 1; width: 1fr; background: $boost; padding: 0 1; }
    Choice:focus > .choice-label { background: $primary 30%; }
    Choice > ChoiceList {
        overlay: screen; constrain: none inside; display: none; height: auto;
        max-height: 12; min-width: 18; border: tall $border; background: $surface;
    }
    Choice.-open > ChoiceList { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "open", "Choose", show=False, id="choice.open"),
        Binding("left", "step(-1)", "Previous choice", show=False, id="choice.previous"),
        Binding("right", "step(1)", "Next choice", show=False, id="choice.next"),
    ]

    value: var[Any] = var(None, init=False)
    """The chosen value; None when nothing is chosen."""

    def __init__(self, options: Sequence[tuple[str, T]], value: T | None = None, *,
                 prompt: str = "choose…", allow_blank: bool = False,
                 classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.prompt = prompt
        self.allow_blank = allow_blank
        self._options: list[tuple[str, T]] = list(options)
        self.label = Static("", classes="choice-label", markup=False)
        self.set_reactive(Choice.value, value)
        self._show()

    @property
    def options(self) -> list[tuple[str, T]]:
        return list(self._options)

    def compose(self) -> ComposeResult:
        yield self.label

    def read_value(self) -> T | None:
        return self.value

    def set_options(self, options: Sequence[tuple[str, T]], value: T | None = None) -> None:
        """Offer `options`, choosing `value` (None: blank, or the first if blank is not
        allowed)."""
        self._options = list(options)
        if self.is_mounted and self.query(ChoiceList):
            self.query_one(ChoiceList).remove()
        if value is None and not self.allow_blank and self._options:
            value = self._options[0][1]
        self.value = value
        self._show()

    def watch_value(self) -> None:
        self._show()
        self.post_message(ValueChanged(self))

    def _show(self) -> None:
        names = [label for label, value in self._options if value == self.value]
        text = Text(f"{names[0]} ▾") if names else Text(f"{self.prompt} ▾", style="dim")
        self.label.update(text)

    def _values(self) -> list[T | None]:
        return ([None] if self.allow_blank else []) + [value for _, value in self._options]

    def action_step(self, delta: int) -> None:
        values = self._values()
        if not values:
            return
        index = values.index(self.value) if self.value in values else -delta
        self.value = values[max(0, min(len(values) - 1, index + delta))]

    async def action_open(self) -> None:
        lists = self.query(ChoiceList)
        if lists:
            choices = lists.first()
        else:
            labels = ([Text(self.prompt, style="dim")] if self.allow_blank else []) + [
                Text(label) for label, _ in self._options]
            choices = ChoiceList(*labels)
            await self.mount(choices)
        values = self._values()
        choices.highlighted = values.index(self.value) if self.value in values else 0
        self.add_class("-open")
        choices.focus()

    def close(self, *, refocus: bool) -> None:
        self.remove_class("-open")
        if refocus:
            self.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.value = self._values()[event.option_index]
        self.close(refocus=True)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

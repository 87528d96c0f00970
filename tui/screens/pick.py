"""Choose one of a few things (a step kind, a vendor): a modal option list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.keymap import bindings


class PickScreen(ModalScreen[str | None]):
    """Dismisses with the chosen option's id, or None on escape."""

    HELP = "## Choose\n\nMove with the arrow keys, **enter** chooses, **escape** cancels."
    BINDINGS: ClassVar = bindings("dialog")

    def __init__(self, title: str, options: Sequence[tuple[str, str | Content]],
                 *, note: str = "") -> None:
        super().__init__()
        self.heading = title
        self.choices = options
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            if self.note:
                yield Label(self.note, classes="dialog-note")
            yield OptionList(*(Option(prompt, id=key) for key, prompt in self.choices),
                             id="choices")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

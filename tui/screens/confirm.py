"""Ask before something that cannot be taken back lightly (discarding edits,
switching vendor with losses): a modal with the facts and two buttons."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.keymap import bindings


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses True when confirmed; escape or the cancel button give False."""

    HELP = ("## Confirm\n\n**tab** moves between the buttons, **enter** presses one, "
            "**y** confirms and **n** / **escape** cancel.")
    BINDINGS: ClassVar = bindings("confirm")

    def __init__(self, title: str, body: str | Content, *, confirm: str = "Yes",
                 cancel: str = "Cancel") -> None:
        super().__init__()
        self.heading = title
        self.body = body
        self.confirm_label = confirm
        self.cancel_label = cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(self.body)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, variant="primary", id="confirm")
                yield Button(self.cancel_label, id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")

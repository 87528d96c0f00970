"""The Textual application (a placeholder until the builder lands)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

if TYPE_CHECKING:
    from tui.store.documents import Document


class FlowdeckApp(App[int]):
    TITLE = "flowdeck"
    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def __init__(self, document: Document | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.document = document
        self.path = path

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("flowdeck — the workflow builder is coming. Use the `flowdeck` CLI meanwhile.")
        yield Footer()


def run(document: Document | None = None, path: Path | None = None) -> int:
    return FlowdeckApp(document, path).run() or 0

"""Ask for a file name (open, import, save as) and keep asking until it works.

The caller passes `accept`, which does the real work (load or save) and raises
`FlowdeckError` when it cannot; the error shows as one line under the input
and what was typed stays, so nothing is lost to a typo.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Select

from tui.keymap import bindings
from tui.model.errors import FlowdeckError
from tui.vendors import VENDORS

T = TypeVar("T")

DETECT = "detect"


class PathSuggester(Suggester):
    """Completes the last part of a path from the files that exist (tab or → accepts)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        typed = Path(value).expanduser()
        folder, stem = (typed, "") if value.endswith("/") else (typed.parent, typed.name)
        try:
            names = sorted(entry.name for entry in folder.iterdir()
                           if entry.name.startswith(stem) and not entry.name.startswith("."))
        except OSError:
            return None
        if not names:
            return None
        return value + names[0][len(stem):] + ("/" if (folder / names[0]).is_dir() else "")


class PathScreen(ModalScreen[T | None], Generic[T]):
    """Dismisses with what `accept(path, vendor)` returned, or None on escape."""

    HELP = """\
## File name

Type a path (relative to the folder flowdeck was started in, `~` works).
**→** or **tab** at the end of the line accepts the suggested completion,
**enter** goes ahead, **escape** cancels. Problems show under the input and
what you typed stays.
"""
    BINDINGS: ClassVar = bindings("dialog")

    def __init__(self, title: str, accept: Callable[[Path, str | None], T], *,
                 value: str = "", choose_vendor: bool = False) -> None:
        super().__init__()
        self.heading = title
        self.accept = accept
        self.initial = value
        self.choose_vendor = choose_vendor

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading, classes="dialog-title")
            yield Input(self.initial, placeholder="path/to/file.json", id="path",
                        suggester=PathSuggester())
            if self.choose_vendor:
                options = [("Vendor: detect from the file", DETECT)] + [
                    (f"Vendor: {entry.title}", entry.id) for entry in VENDORS.values()]
                yield Select(options, value=DETECT, allow_blank=False, id="vendor")
            yield Label("", id="error", classes="dialog-error")

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self._show_error("type a file name")
            return
        vendor = None
        if self.choose_vendor:
            chosen = self.query_one("#vendor", Select).value
            vendor = None if chosen == DETECT else str(chosen)
        try:
            result = self.accept(Path(text).expanduser(), vendor)
        except FlowdeckError as exc:
            self._show_error(str(exc))
            return
        except OSError as exc:
            self._show_error(f"{text}: {exc.strerror or exc}")
            return
        self.dismiss(result)

    def _show_error(self, message: str) -> None:
        self.query_one("#error", Label).update(message)
        self.query_one("#error", Label).add_class("-shown")

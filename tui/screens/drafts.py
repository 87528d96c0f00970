"""The offer at start: unsaved drafts from an earlier run that ended without saving.

Shown when flowdeck finds drafts the last run left behind (a crash, a killed
process, a dropped SSH connection). Each can be restored — into the builder,
with the file it belongs to, exactly as it was — or discarded; "later"
keeps them all, and they stay listed on the home screen. Drafts that could
not be read were already moved aside; the offer says where.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.store.drafts import Draft, DraftListing, DraftStore
from tui.vendors import VENDORS


def draft_prompt(draft: Draft) -> Content:
    """Name, vendor, where it belongs and when it was last written (local time)."""
    vendor = VENDORS[draft.workflow.vendor].title if draft.workflow.vendor in VENDORS else (
        draft.workflow.vendor)
    where = str(draft.path) if draft.path else "never saved to a file"
    stamp = f"{draft.saved.astimezone():%Y-%m-%d %H:%M:%S}"
    return Content.assemble((draft.title, "bold"), "\n",
                            (f"{vendor} · {where} · edited {stamp}", "$text-muted"))


class RestoreScreen(ModalScreen[Draft | None]):
    """Dismisses with the draft to restore, or None for "later"."""

    CSS_PATH = "drafts.tcss"

    HELP = """\
## Unsaved drafts

flowdeck keeps every unsaved edit in its data folder. These drafts are from
a run that ended before they were saved. **enter** restores the highlighted
one into the builder; **x** discards it (after asking); **escape** keeps
them for later — they stay on the home screen.
"""
    BINDINGS: ClassVar = [
        Binding("escape", "dismiss(None)", "Later", id="dialog.cancel"),
        Binding("x,delete", "discard", "Discard", id="drafts.discard"),
    ]

    def __init__(self, listing: DraftListing, store: DraftStore | None = None) -> None:
        super().__init__()
        self.drafts = list(listing.drafts)
        self.problems = listing.problems
        self.store = store or DraftStore()

    def compose(self) -> ComposeResult:
        count = len(self.drafts)
        with Vertical(classes="dialog restore"):
            yield Label(f"{count} unsaved draft{'s' * (count != 1)} from an earlier run",
                        classes="dialog-title")
            yield Label("Restore one to carry on where you left off.", classes="dialog-note")
            yield OptionList(*(Option(draft_prompt(d), id=d.id) for d in self.drafts),
                             id="drafts")
            if self.problems:
                yield Static(Content("\n").join(Content(line) for line in self.problems),
                             classes="restore-problems", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Restore", variant="primary", id="restore")
                yield Button("Discard…", id="discard")
                yield Button("Later", id="later")

    def on_mount(self) -> None:
        listing = self.query_one("#drafts", OptionList)
        if self.drafts:
            listing.highlighted = 0
        listing.focus()

    @property
    def current(self) -> Draft | None:
        index = self.query_one("#drafts", OptionList).highlighted
        return self.drafts[index] if index is not None and self.drafts else None

    @on(OptionList.OptionSelected, "#drafts")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.drafts[event.option_index])

    @on(Button.Pressed, "#restore")
    def _restore(self) -> None:
        if self.current is not None:
            self.dismiss(self.current)

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        draft = self.current
        if draft is None:
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._discard(draft)

        self.app.push_screen(ConfirmScreen(
            f"Discard the draft '{draft.title}'?",
            "Its unsaved edits are deleted; the file it belongs to (if any) is not touched.",
            confirm="Discard", cancel="Keep"), answered)

    def _discard(self, draft: Draft) -> None:
        self.store.discard(draft.id)
        index = self.drafts.index(draft)
        self.drafts.remove(draft)
        listing = self.query_one("#drafts", OptionList)
        listing.remove_option_at_index(index)
        if not self.drafts:
            self.dismiss(None)
            return
        listing.highlighted = min(index, len(self.drafts) - 1)

    @on(Button.Pressed, "#later")
    def _later(self) -> None:
        self.dismiss(None)

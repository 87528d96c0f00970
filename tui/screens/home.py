"""The home screen: start a workflow for a vendor, reopen a draft, open a file.

It draws from the vendor registry's names and summaries only; no adapter,
no httpx and no sandbox is imported until the user picks something, so the
first frame comes up fast.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList
from textual.widgets.option_list import Option

from tui.keymap import bindings
from tui.vendors import VENDORS, VendorEntry

if TYPE_CHECKING:
    from tui.commands import Command

RECENT_DRAFTS = 8


@dataclass(frozen=True, slots=True)
class Draft:
    path: Path
    name: str
    vendor: str
    saved: str


def vendor_prompt(entry: VendorEntry) -> Content:
    return Content.assemble(
        (entry.title, "bold"), "\n",
        (entry.summary, "$text-muted"), "\n",
        ("steps: ", "$text-muted"), (", ".join(entry.step_kinds), "$text-accent"),
    )


def recent_drafts(limit: int = RECENT_DRAFTS) -> list[Draft]:
    """The newest drafts in the data folder; unreadable ones are skipped, never fatal."""
    from tui.store.paths import drafts_dir

    try:
        files = sorted(drafts_dir().glob("*.json"), key=lambda p: p.stat().st_mtime,
                       reverse=True)
    except OSError:
        return []
    drafts = []
    for path in files[:limit]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            stamp = datetime.fromtimestamp(path.stat().st_mtime)
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            drafts.append(Draft(path, str(data.get("name") or path.stem),
                                str(data.get("vendor", "?")), f"{stamp:%Y-%m-%d %H:%M}"))
    return drafts


class HomeScreen(Screen[None]):
    TITLE = "flowdeck"
    SUB_TITLE = "build automation workflows, preview and send them"
    BINDINGS: ClassVar = bindings("home")
    HELP = """\
## Home

**New workflow**: pick a vendor with the arrow keys and press **enter**; the
builder opens on an empty workflow for it. **Recent drafts** reopens what
flowdeck saved for you. **o** or **F4** opens a file: a `*.flow.json`
workflow or a vendor's request body (the vendor is detected).

**ctrl+p** (or **F9**) lists every command; **F1** shows this help.
"""

    def __init__(self) -> None:
        super().__init__()
        self.drafts: list[Draft] = []

    class DraftsLoaded(Message):
        def __init__(self, drafts: list[Draft]) -> None:
            super().__init__()
            self.drafts = drafts

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="start"):
                yield Label("New workflow for", classes="section")
                yield OptionList(*(Option(vendor_prompt(entry), id=entry.id)
                                   for entry in VENDORS.values()), id="vendors")
            with Vertical(id="side"):
                yield Label("Recent drafts", classes="section")
                yield OptionList(Option("looking…", disabled=True), id="drafts")
                yield Label("More", classes="section")
                yield OptionList(
                    Option("Open a file…  (o)", id="open"),
                    Option("Profiles  (coming with sending)", id="profiles", disabled=True),
                    Option("History  (coming with sending)", id="history", disabled=True),
                    id="more",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#vendors").focus()
        self._load_drafts()

    @work(thread=True, exclusive=True, group="drafts", exit_on_error=False)
    def _load_drafts(self) -> None:
        """Reads the drafts folder off the UI thread: a slow disk never delays the first frame."""
        self.post_message(self.DraftsLoaded(recent_drafts()))

    def on_home_screen_drafts_loaded(self, message: DraftsLoaded) -> None:
        self.drafts = message.drafts
        listing = self.query_one("#drafts", OptionList)
        listing.clear_options()
        if not message.drafts:
            listing.add_option(Option("No drafts yet", disabled=True))
        for index, draft in enumerate(message.drafts):
            listing.add_option(Option(Content.assemble(
                (draft.name, "bold"), "\n",
                (f"{VENDORS[draft.vendor].title if draft.vendor in VENDORS else draft.vendor}"
                 f" · {draft.saved}", "$text-muted")), id=str(index)))
        if message.drafts:
            listing.highlighted = 0

    @on(OptionList.OptionSelected, "#vendors")
    def _new_workflow(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.new_workflow(str(event.option.id))  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#drafts")
    def _open_draft(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        draft = self.drafts[int(str(event.option.id))]
        self.app.open_path(draft.path, as_draft=True)  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#more")
    def _more(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "open":
            self.action_open_file()

    def action_open_file(self) -> None:
        self.app.action_open_file()  # type: ignore[attr-defined]

    def action_focus_drafts(self) -> None:
        self.query_one("#drafts").focus()

    def action_focus_vendors(self) -> None:
        self.query_one("#vendors").focus()

    def palette_commands(self) -> list[Command]:
        from tui.commands import Command

        return [Command(f"New {entry.title} workflow", entry.summary,
                        lambda vendor=entry.id: self.app.new_workflow(vendor))  # type: ignore[attr-defined]
                for entry in VENDORS.values()]

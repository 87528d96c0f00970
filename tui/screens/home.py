"""The home screen: start a workflow for a vendor, reopen a draft, open a file.

It draws from the vendor registry's names and summaries only; no adapter,
no httpx and no sandbox is imported until the user picks something, so the
first frame comes up fast.
"""

from __future__ import annotations

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
    from tui.store.drafts import Draft, DraftListing

RECENT_DRAFTS = 8

def vendor_prompt(entry: VendorEntry) -> Content:
    return Content.assemble(
        (entry.title, "bold"), "\n",
        (entry.summary, "$text-muted"), "\n",
        ("steps: ", "$text-muted"), (", ".join(entry.step_kinds), "$text-accent"),
    )


def vendor_options() -> list[Option | None]:
    """One option per vendor, with a rule between them (None is OptionList's separator)."""
    options: list[Option | None] = []
    for entry in VENDORS.values():
        options += [None, Option(vendor_prompt(entry), id=entry.id)]
    return options[1:]


def draft_prompt(draft: Draft) -> Content:
    """The draft's file (or workflow) name, then its vendor and when it was last written."""
    vendor = VENDORS[draft.workflow.vendor].title if draft.workflow.vendor in VENDORS \
        else draft.workflow.vendor
    return Content.assemble((draft.title, "bold"), "\n",
                            (f"{vendor} · {draft.saved.astimezone():%Y-%m-%d %H:%M}",
                             "$text-muted"))


class HomeScreen(Screen[None]):
    TITLE = "flowdeck"
    SUB_TITLE = "build automation workflows, preview and send them"
    BINDINGS: ClassVar = bindings("home")
    HELP = """\
## Home

**New workflow**: pick a vendor with the arrow keys and press **enter**; the
builder opens on an empty workflow for it. **Recent drafts** reopens what
flowdeck saved for you. **o** or **F4** opens a file: a `*.flow.json`
workflow or a vendor's request body (the vendor is detected). **p** lists
the profiles workflows are sent to, **h** the history of what was sent.

**ctrl+p** (or **F9**) lists every command; **F1** shows this help.
"""

    def __init__(self) -> None:
        super().__init__()
        self.drafts: list[Draft] = []

    class DraftsLoaded(Message):
        def __init__(self, listing: DraftListing) -> None:
            super().__init__()
            self.listing = listing

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="start"):
                yield Label("New workflow for", classes="section")
                yield OptionList(*vendor_options(), id="vendors")
            with Vertical(id="side"):
                yield Label("Recent drafts", classes="section")
                yield OptionList(Option("looking…", disabled=True), id="drafts")
                yield Label("More", classes="section")
                yield OptionList(
                    Option("Open a file…  (o)", id="open"),
                    Option("Profiles: where workflows are sent  (p)", id="profiles"),
                    Option("History: what was sent  (h)", id="history"),
                    id="more",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#vendors").focus()
        self._load_drafts()

    @work(thread=True, exclusive=True, group="drafts", exit_on_error=False)
    def _load_drafts(self) -> None:
        """Reads the drafts folder off the UI thread: a slow disk never delays the first frame."""
        from tui.store.drafts import DraftStore

        self.post_message(self.DraftsLoaded(DraftStore().list()))

    def on_home_screen_drafts_loaded(self, message: DraftsLoaded) -> None:
        self.drafts = message.listing.drafts[:RECENT_DRAFTS]
        listing = self.query_one("#drafts", OptionList)
        listing.clear_options()
        if not self.drafts:
            listing.add_option(Option("No drafts yet", disabled=True))
        for index, draft in enumerate(self.drafts):
            listing.add_option(Option(draft_prompt(draft), id=str(index)))
        if self.drafts:
            listing.highlighted = 0
        for problem in message.listing.problems:
            self.notify(problem, title="Drafts", severity="warning", markup=False)

    @on(OptionList.OptionSelected, "#vendors")
    def _new_workflow(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.new_workflow(str(event.option.id))  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#drafts")
    def _open_draft(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.app.open_draft(self.drafts[int(str(event.option.id))])  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#more")
    def _more(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "open":
            self.action_open_file()
        elif event.option.id == "profiles":
            self.action_profiles()
        elif event.option.id == "history":
            self.action_history()

    def action_open_file(self) -> None:
        self.app.action_open_file()  # type: ignore[attr-defined]

    def action_profiles(self) -> None:
        self.app.show_profiles()  # type: ignore[attr-defined]

    def action_history(self) -> None:
        self.app.show_history()  # type: ignore[attr-defined]

    def action_focus_drafts(self) -> None:
        self.query_one("#drafts").focus()

    def action_focus_vendors(self) -> None:
        self.query_one("#vendors").focus()

    def palette_commands(self) -> list[Command]:
        from tui.commands import Command

        return [Command(f"New {entry.title} workflow", entry.summary,
                        lambda vendor=entry.id: self.app.new_workflow(vendor))  # type: ignore[attr-defined]
                for entry in VENDORS.values()]

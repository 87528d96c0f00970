"""The Textual application: a thin shell that owns settings, files and screen changes.

The screens do the work (`tui/screens/`); the app reads config.toml (theme,
keymap, cursor blink), opens files and routes between home and builder. The
builder and the vendor adapters are imported only when a workflow is opened,
which keeps the first frame fast (`python -X importtime -c 'import tui.app'`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App
from textual.message import Message
from textual.screen import Screen

from tui.config import Config, config_path, load_config
from tui.keymap import bindings, unknown_ids
from tui.model.errors import FlowdeckError
from tui.screens.home import HomeScreen
from tui.store.drafts import Autosaver, DraftListing

if TYPE_CHECKING:
    from textual.command import Provider

    from tui.model.workflow import Workflow
    from tui.screens.builder import BuilderScreen
    from tui.store.documents import Document
    from tui.store.drafts import Draft


def actions_provider() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (Textual takes a
    callable in COMMANDS for this), not at start."""
    from tui.commands import ActionsProvider

    return ActionsProvider


FULL_COLLECTION_EVERY = 100
"""Middle-generation collections between two full ones (CPython's default: 10). A full
collection of a 500-step session took 7-29 ms and came every fourth or fifth keystroke
(benchmarks/keystroke.py); ten times rarer, typing stops waiting on them."""


class FlowdeckApp(App[int]):
    TITLE = "flowdeck"
    CSS_PATH: ClassVar = ["app.tcss", "screens/home.tcss", "screens/builder.tcss"]
    """Screens' styles load here: Textual skips a screen's own CSS_PATH when that screen
    is the default screen (as the builder is for `flowdeck open`)."""
    BINDINGS: ClassVar = bindings("app")
    COMMANDS: ClassVar = App.COMMANDS | {actions_provider}

    def __init__(self, document: Document | None = None, path: Path | None = None, *,
                 config: Config | None = None) -> None:
        super().__init__()
        if config is None:
            config, self.config_problems = load_config()
        else:
            self.config_problems = []
        self.config = config
        self.document = document
        self.path = path
        self.autosaver = Autosaver(on_error=self._draft_not_saved)
        """Every builder's unsaved work goes to the drafts folder through this."""
        self.manages_collector = False
        """True when the CLI paused the garbage collector for start-up and left it to us."""

    def get_default_screen(self) -> Screen:
        if self.document is None:
            return HomeScreen()
        return self._builder_for(self.document, self.path)

    def on_mount(self) -> None:
        problems = list(self.config_problems)
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            problems.append(f"{config_path()}: theme: unknown theme '{self.config.theme}' "
                            f"(known: {', '.join(sorted(self.available_themes))})")
        problems += [f"{config_path()}: keymap.{ident}: no such binding id (see F1)"
                     for ident in unknown_ids(self.config.keymap)]
        self.set_keymap(self.config.keymap)
        for problem in problems:
            self.notify(problem, title="config.toml", severity="warning", timeout=12,
                        markup=False)
        self._find_drafts()

    def on_ready(self) -> None:
        """The first frame is drawn: the collector the CLI paused for start-up
        (`tui.cli.app_commands`) comes back on. What start-up built is frozen first, so
        the full collections of a long session never walk it again."""
        if not gc.isenabled():
            self.manages_collector = True
            gc.freeze()
            young, middle, _ = gc.get_threshold()
            gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
            gc.enable()

    def keep_long_lived(self) -> None:
        """A workflow was just loaded into the builder: freeze it with its outline, so full
        collections stop walking it. At 500 steps each full collection took 70-100 ms
        and landed in the middle of keystrokes (benchmarks/keystroke.py); frozen, 4-8 ms.
        Only when the app manages the collector (started by the CLI), never under tests."""
        if self.manages_collector:
            gc.freeze()

    # -- drafts ------------------------------------------------------------------------------

    def _draft_not_saved(self, error: FlowdeckError) -> None:
        """Called from the autosave thread when a draft cannot be written."""
        self.call_from_thread(self.notify, f"Draft not saved: {error}", severity="error",
                              markup=False)

    class DraftsFound(Message):
        def __init__(self, listing: DraftListing) -> None:
            super().__init__()
            self.listing = listing

    @work(thread=True, exclusive=True, group="drafts", exit_on_error=False)
    def _find_drafts(self) -> None:
        """Drafts left by an earlier run that ended unsaved (a crash, a kill, a lost SSH)."""
        from tui.store.drafts import DraftStore

        self.post_message(self.DraftsFound(DraftStore().list()))

    def on_flowdeck_app_drafts_found(self, message: DraftsFound) -> None:
        from tui.screens.drafts import RestoreScreen

        open_here = {getattr(screen, "draft_id", None) for screen in self.screen_stack}
        drafts = [d for d in message.listing.drafts if d.id not in open_here]
        if drafts:
            listing = DraftListing(drafts, message.listing.problems)
            self.push_screen(RestoreScreen(listing),
                             lambda draft: draft is not None and self.open_draft(draft))
        else:  # a draft this listing set aside is gone before the home screen's listing looks
            for problem in message.listing.problems:
                self.notify(problem, title="Drafts", severity="warning", markup=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Applies `cursor_blink = false` to every input that gets focus, the editors' too."""
        if not self.config.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False  # type: ignore[attr-defined]

    # -- screens ---------------------------------------------------------------------------

    def _builder_for(self, document: Document, path: Path | None) -> BuilderScreen:
        from tui.screens.builder import BuilderScreen

        if document.source_vendor is not None:
            origin = f"imported from {path.name}" if path else "imported"
            return BuilderScreen(document.workflow, origin=origin)
        return BuilderScreen(document.workflow, path=path)

    def _show_builder(self, screen: BuilderScreen) -> None:
        """Replace a builder already showing; push over home so F8 comes back to it."""
        from tui.screens.builder import BuilderScreen

        if isinstance(self.screen, BuilderScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def new_workflow(self, vendor_id: str) -> None:
        from tui.model.workflow import Workflow

        self.open_workflow(Workflow(vendor=vendor_id))

    def open_workflow(self, workflow: Workflow) -> None:
        from tui.screens.builder import BuilderScreen

        self._unless_unsaved(lambda: self._show_builder(BuilderScreen(workflow)))

    def open_document(self, document: Document, path: Path | None) -> None:
        self._unless_unsaved(lambda: self._show_builder(self._builder_for(document, path)))

    def open_draft(self, draft: Draft) -> None:
        """A draft reopens unsaved, on the file it belongs to (if it was ever saved)."""
        from tui.screens.builder import BuilderScreen

        screen = BuilderScreen(draft.workflow, path=draft.path, origin="restored draft",
                               saved=False, draft_id=draft.id)
        self._unless_unsaved(lambda: self._show_builder(screen))

    def open_history_draft(self, workflow: Workflow) -> None:
        """A workflow from the history opens as a new draft: unsaved, on no file."""
        from tui.screens.builder import BuilderScreen

        screen = BuilderScreen(workflow, origin="from the history", saved=False)
        self._unless_unsaved(lambda: self._show_builder(screen))

    def show_profiles(self) -> None:
        from tui.screens.profiles import ProfilesScreen

        self.push_screen(ProfilesScreen())

    def show_history(self) -> None:
        from tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(),
                         lambda workflow: workflow is not None and self.open_history_draft(
                             workflow))

    def action_open_file(self) -> None:
        from tui.screens.path_prompt import PathScreen
        from tui.store.documents import load_document

        def accept(path: Path, vendor: str | None) -> tuple[Document, Path]:
            return load_document(path, vendor), path

        def opened(result: tuple[Document, Path] | None) -> None:
            if result is not None:
                self.open_document(*result)

        self.push_screen(PathScreen("Open a workflow (*.flow.json) or a vendor payload",
                                    accept, choose_vendor=True), opened)

    def go_home(self) -> None:
        def leave() -> None:
            if len(self.screen_stack) > 1:
                self.pop_screen()
            else:
                self.switch_screen(HomeScreen())

        self._unless_unsaved(leave)

    def _unsaved_builder(self) -> BuilderScreen | None:
        for screen in self.screen_stack:
            if getattr(screen, "history", None) is not None and screen.history.dirty:
                return screen  # type: ignore[return-value]
        return None

    def _unless_unsaved(self, then: Callable[[], object]) -> None:
        """Run `then`, after asking first when the builder has unsaved changes."""
        from tui.screens.confirm import ConfirmScreen

        builder = self._unsaved_builder()
        if builder is None:
            then()
            return
        def answered(discard: bool | None) -> None:
            if discard:
                self.autosaver.discard(builder.draft_id)
                then()

        self.push_screen(
            ConfirmScreen("Discard unsaved changes?",
                          f"'{builder.title.rstrip(' ●')}' has changes that are not saved.",
                          confirm="Discard", cancel="Keep editing"), answered)

    async def action_quit(self) -> None:
        self._unless_unsaved(self.exit)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, help_text, keys_table

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_text(self.focused or self.screen),
                                    keys_table(self.screen), str(config_path())))


def run(document: Document | None = None, path: Path | None = None) -> int:
    app = FlowdeckApp(document, path)
    app.autosaver.flush_on_signals()  # a lost terminal still writes the last keystrokes
    return app.run(mouse=app.config.mouse) or 0

"""Every key binding of the app, in one table: id, default keys, action, words.

Screens and widgets take their `BINDINGS` from here, so the ids a user may
remap in `config.toml` (`[keymap]`), the help screen and the README's key list
all come from one place. Primary actions have an F-key, because tmux, zellij,
terminals and browsers (textual-serve) swallow many ctrl chords: ctrl+s is
XOFF or a multiplexer prefix, ctrl+q quits zellij, ctrl+p is zellij's pane mode.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Key:
    id: str
    keys: str
    action: str
    description: str
    help: str
    show: bool = True
    priority: bool = False

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.show,
                       priority=self.priority, tooltip=self.help, id=self.id)


KEYS: tuple[Key, ...] = (
    # The whole app
    Key("app.quit", "ctrl+q,f10", "quit", "Quit", "Leave flowdeck.", show=False, priority=True),
    Key("app.help", "f1", "help", "Help", "Help for the part of the screen that has focus."),
    Key("app.palette", "ctrl+p,f9", "command_palette", "Commands",
        "Search every action that applies now.", show=False, priority=True),
    # Dialogs
    Key("dialog.cancel", "escape", "dismiss(None)", "Cancel",
        "Close the dialog, choosing nothing."),
    Key("confirm.yes", "y", "dismiss(True)", "Yes", "Go ahead (the first button says with what)."),
    Key("confirm.no", "escape,n", "dismiss(False)", "No", "Back, without doing it."),
    Key("help.close", "escape,f1,q", "dismiss", "Close", "Close the help."),
    # Home
    Key("home.open", "o,f4", "open_file", "Open",
        "Open a workflow file (*.flow.json) or a vendor payload."),
    Key("home.drafts", "d", "focus_drafts", "Drafts", "Move to the list of recent drafts."),
    Key("home.vendors", "v", "focus_vendors", "Vendors",
        "Move to the vendor list to start a new workflow."),
    Key("home.profiles", "p", "profiles", "Profiles",
        "Where workflows are sent: add, edit, delete and test profiles."),
    Key("home.history", "h", "history", "History",
        "Every submission, newest first, with its request and response."),
    # Builder
    Key("builder.save", "f2,ctrl+s", "save", "Save",
        "Save the workflow (asks for a *.flow.json name the first time)."),
    Key("builder.save_as", "f3", "save_as", "Save as", "Save under a new *.flow.json name.",
        show=False),
    Key("builder.open", "f4", "open_file", "Open",
        "Open a workflow or import a vendor payload (vendor detected).", show=False),
    Key("builder.switch_vendor", "f5", "switch_vendor", "Vendor",
        "Retarget the workflow to another vendor, after showing what it cannot express."),
    Key("builder.preview", "f6", "toggle_preview", "Preview",
        "Show or hide the payload preview and problems (narrow terminals)."),
    Key("builder.next_problem", "f7", "next_problem", "Next problem",
        "Select the node of the next problem.", show=False),
    Key("builder.home", "f8", "home", "Home", "Back to the home screen."),
    Key("builder.submit", "f12", "submit", "Send",
        "Send the workflow to a vendor: choose a profile, see the request, send."),
    Key("builder.undo", "ctrl+z", "undo", "Undo", "Undo the last edit.", show=False),
    Key("builder.redo", "ctrl+y", "redo", "Redo", "Redo the last undone edit.", show=False),
    Key("builder.outline", "escape", "focus_outline", "Outline",
        "Back to the outline from the editor or the preview.", show=False),
    # Outline (single letters: they act only while the outline has focus)
    Key("outline.add", "a", "screen.add_step", "Add",
        "Add a step after the selected one (or at the end of the selected arm)."),
    Key("outline.insert", "i", "screen.insert_step", "Insert",
        "Insert a step before the selected one (or at the start of the selected arm).", show=False),
    Key("outline.delete", "delete,x", "screen.delete", "Delete",
        "Delete the selected step, or the selected arm with its steps."),
    Key("outline.move_up", "K,shift+up", "screen.move(-1)", "Up",
        "Move the selected step or arm up.", show=False),
    Key("outline.move_down", "J,shift+down", "screen.move(1)", "Down",
        "Move the selected step or arm down.", show=False),
    Key("outline.duplicate", "d", "screen.duplicate", "Copy",
        "Duplicate the selected step (the copy gets fresh ids).", show=False),
    Key("outline.add_arm", "n", "screen.add_arm", "New arm",
        "Add an arm to the selected branch or split.", show=False),
    Key("outline.undo", "u", "screen.undo", "Undo", "Undo the last edit."),
    Key("outline.redo", "U", "screen.redo", "Redo", "Redo the last undone edit.", show=False),
    Key("outline.copy_payload", "c", "screen.copy_payload", "Copy payload",
        "Copy the payload to the clipboard (OSC 52: works over SSH too).", show=False),
    Key("outline.copy_workflow", "C", "screen.copy_workflow", "Copy workflow",
        "Copy the *.flow.json workflow to the clipboard (OSC 52).", show=False),
    Key("outline.export", "e", "screen.export_payload", "Export payload",
        "Write the payload to a file.", show=False),
)

BY_ID: dict[str, Key] = {key.id: key for key in KEYS}

ELSEWHERE: frozenset[str] = frozenset({
    "choice.close", "choice.next", "choice.open", "choice.previous",
    "editor.open_external", "drafts.discard", "history.back", "history.open_draft",
    "profiles.add", "profiles.back", "profiles.delete", "profiles.edit", "profiles.test",
    "submit.close",
})
"""Ids of bindings that screens and widgets define outside this table; remapping them is
fine too (tests/test_app_shell.py checks that every id in the code is in one of the two)."""


def bindings(prefix: str) -> list[Binding]:
    """The bindings of one part of the app (`"builder"`, `"outline"`, …)."""
    return [key.binding() for key in KEYS if key.id.startswith(f"{prefix}.")]


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """Ids in a user keymap that no binding has (most likely typos)."""
    return sorted(set(keymap) - set(BY_ID) - ELSEWHERE)

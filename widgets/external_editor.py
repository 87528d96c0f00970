"""Long text (email HTML, webhook bodies) in a text area that can open `$EDITOR`.

Nobody wants to write a whole HTML email in a terminal widget. F4 hands the
text to the user's editor on a temporary file via `App.suspend`, and reads
the file back as one undoable edit when the editor exits successfully.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.widgets import TextArea

EXTERNAL_EDITOR_KEY = "f4"


class ExternalEditorError(Exception):
    """The editor could not run or failed; the message says which and what to do."""


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else vi; split like a shell would ("code --wait")."""
    return shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")


def edit_externally(app: App[object], text: str, suffix: str) -> str:
    """Run the user's editor on `text` while the app is suspended; the edited text."""
    command = editor_command()
    handle, name = tempfile.mkstemp(prefix="flowdeck-", suffix=suffix, text=True)
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        with app.suspend():
            status = subprocess.run([*command, str(path)], check=False).returncode
        if status != 0:
            raise ExternalEditorError(
                f"{command[0]} exited with status {status}; the text is unchanged")
        edited = path.read_text(encoding="utf-8")
    except SuspendNotSupported:
        raise ExternalEditorError("this terminal cannot hand over to an editor") from None
    except FileNotFoundError:
        raise ExternalEditorError(f"editor '{command[0]}' not found; set $EDITOR") from None
    finally:
        path.unlink(missing_ok=True)
    if edited.endswith("\n") and not text.endswith("\n"):
        edited = edited[:-1]  # editors add a final newline the field never had
    return edited


class ExternalTextArea(TextArea):
    DEFAULT_CSS = """
    ExternalTextArea { height: 6; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(EXTERNAL_EDITOR_KEY, "open_external", "Edit in $EDITOR",
                id="editor.open_external"),
    ]

    def __init__(self, text: str = "", *, suffix: str = ".txt",
                 language: str | None = None, classes: str | None = None) -> None:
        super().__init__(text, language=language, soft_wrap=True, compact=True,
                         tab_behavior="focus", classes=classes)
        self.suffix = suffix

    def action_open_external(self) -> None:
        try:
            edited = edit_externally(self.app, self.text, self.suffix)
        except ExternalEditorError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if edited != self.text:
            self.replace(edited, self.document.start, self.document.end)

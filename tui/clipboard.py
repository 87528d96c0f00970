"""Copying and exporting what the builder holds: the payload, the workflow file, a curl command.

Textual's `App.copy_to_clipboard` (8.2.8) keeps the text in `App.clipboard`
and writes it to the terminal as OSC 52 (`ESC ] 52 ; c ; <base64> BEL`). The
terminal, not this machine, owns that clipboard, which is why copying works
over SSH — and also why it can silently fail: Terminal.app ignores OSC 52,
tmux passes it on only with `set-clipboard on`, and some terminals drop very
long sequences. The notification says which of those applies here, and
export to a file is there for when none of it works.

The curl command never holds the key unless the caller asks to reveal it:
it shows a masked key, or the `$VAR` / `$(command)` the profile reads it from.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

from tui.model.document import dumps, workflow_to_data
from widgets.http_text import size_text

if TYPE_CHECKING:
    from tui.client import Submission
    from tui.model.workflow import Workflow
    from tui.store.profiles import Profile

OSC52_COMFORTABLE = 100_000
"""Bytes above which some terminals (and tmux's default buffer) drop an OSC 52 copy."""


def copy_notice(what: str, text: str, env: Mapping[str, str]) -> tuple[str, str]:
    """The notification for a copy, and its severity: what was copied, how, and any caveat
    that applies in this terminal (`env` is the process environment)."""
    size = len(text.encode("utf-8"))
    message = (f"Copied {what} ({size_text(size)}) with OSC 52: your terminal's clipboard, "
               "which works over SSH too.")
    caveats = []
    if env.get("TERM_PROGRAM") == "Apple_Terminal":
        caveats.append("macOS Terminal ignores OSC 52; use export to a file instead")
    if env.get("TMUX"):
        caveats.append("inside tmux this needs `set -g set-clipboard on`")
    if size > OSC52_COMFORTABLE:
        caveats.append("some terminals drop copies this large; export it if nothing arrives")
    if caveats:
        return message + " Note: " + "; ".join(caveats) + ".", "warning"
    return message, "information"


def copy_text(app: App[Any], text: str, what: str, *, note: str = "") -> None:
    """Put `text` in `App.clipboard` and the terminal's clipboard, and say so (`note` adds
    what the reader should know about the text itself)."""
    app.copy_to_clipboard(text)
    message, severity = copy_notice(what, text, os.environ)
    app.notify(f"{message} {note}".rstrip(), title="Copied", severity=severity,  # type: ignore[arg-type]
               markup=False)


def payload_text(workflow: Workflow) -> str:
    """The vendor's request body, exactly as the preview shows it (FlowdeckError if it
    cannot compile)."""
    from tui import vendors

    return dumps(vendors.get(workflow.vendor).compile(workflow))


def workflow_text(workflow: Workflow) -> str:
    """The `*.flow.json` document, as saving would write it."""
    return dumps(workflow_to_data(workflow))


def curl_note(profile: Profile) -> str:
    """What the reader of a copied curl command must know before running it."""
    if profile.is_sandbox:
        return "It targets `flowdeck sandbox` (127.0.0.1:8765): start that first."
    return {
        "key": "The key is masked: put yours in its place.",
        "env": f"It reads the key from ${profile.key_env} when run.",
        "command": f"It runs `{profile.key_command}` for the key.",
        "none": "",
    }[profile.key_source]


def copy_curl(app: App[Any], submission: Submission) -> None:
    """The create call (and any lifecycle calls) as curl, key masked or taken from its source."""
    copy_text(app, submission.curl(), "the curl command", note=curl_note(submission.profile))


def export_name(workflow: Workflow) -> Path:
    """A default file name for an exported payload: `<workflow>.<vendor>.json`."""
    from tui.screens.builder import slug

    return Path(f"{slug(workflow.name)}.{workflow.vendor}.json")


def export_payload(workflow: Workflow, path: Path) -> Path:
    """Write the payload to `path` atomically; an existing file is never overwritten."""
    from tui.model.errors import InputError
    from tui.store.atomic import write_text

    text = payload_text(workflow)
    if path.exists():
        raise InputError("already exists; choose another name", str(path))
    write_text(path, text)
    return path

"""F1: help for the part of the screen that has focus, and every key that works there."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Markdown

from tui.keymap import BY_ID, bindings

FALLBACK = "## flowdeck\n\nBuild automation workflows and preview the vendor payload."


def help_text(node: DOMNode | None) -> str:
    """The HELP of the focused widget or its nearest ancestor that has one."""
    while node is not None:
        text = getattr(node, "HELP", None)
        if text:
            return str(text)
        node = node.parent
    return FALLBACK


def keys_table(screen: Screen) -> str:
    """A Markdown table of the keys active on `screen` right now, with their remap ids."""
    app = screen.app
    rows: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        ident = binding.id or ""
        row = rows.setdefault(ident or binding.action, [binding.description, "", ident])
        shown = app.get_key_display(binding.with_key(key))
        row[1] = f"{row[1]}, {shown}" if row[1] else shown
        if ident in BY_ID and not active.enabled:
            row[0] += " (not here)"
    order = {ident: n for n, ident in enumerate(BY_ID)}
    ranked = sorted(rows.values(), key=lambda row: (order.get(row[2], len(order)), row[0]))
    lines = ["| Action | Keys | Remap id |", "|---|---|---|"]
    lines += [f"| {desc} | {keys} | `{ident}` |" if ident else f"| {desc} | {keys} | |"
              for desc, keys, ident in ranked]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = bindings("help")

    def __init__(self, topic: str, keys: str, config_path: str) -> None:
        super().__init__()
        self.topic = topic
        self.keys = keys
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("Help  (escape closes)", classes="dialog-title")
            yield Markdown(
                f"{self.topic}\n\n### Keys here\n\n{self.keys}\n\n"
                f"Remap any key in `{self.config_path}`, e.g.\n\n"
                "```toml\n[keymap]\n\"builder.save\" = \"f2,ctrl+s\"\n```\n",
                id="help-body",
            )

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

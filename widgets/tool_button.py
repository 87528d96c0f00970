"""Small one-line buttons for list and row actions (add, remove, move).

Their `name` says what they do, so a container handles all of them in one
`Button.Pressed` handler; `tooltip` spells out the action for the mouse user.
"""

from __future__ import annotations

from textual.widgets import Button

TOOL_CSS = """
Button.tool { min-width: 3; width: auto; height: 1; margin: 0 0 0 1; }
"""


def tool_button(label: str, action: str, tooltip: str, *, disabled: bool = False) -> Button:
    button = Button(label, name=action, compact=True, classes="tool", disabled=disabled)
    button.tooltip = tooltip
    return button

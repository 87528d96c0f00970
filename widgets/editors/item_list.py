"""A list of boxes, one per item (branch arm, split arm, exit rule), with add /
remove / move buttons that respect the vendor's minimum and maximum.

The list does not own the items: the form editor's draft does. The list asks
for them when it composes and posts `Action` when a button is pressed; the
form changes its draft and recomposes the list, so the boxes always match it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static

from widgets.field_row import Path
from widgets.tool_button import tool_button

ItemAction = Literal["add", "remove", "up", "down"]


class ItemBox(Vertical):
    DEFAULT_CSS = """
    ItemBox { height: auto; border: round $primary 40%; padding: 0 1; margin: 0 0 1 0; }
    ItemBox:focus-within { border: round $primary; }
    ItemBox > .item-tools { height: 1; align-horizontal: right; }
    """

    def __init__(self, index: int, title: str, body: Iterable[Widget],
                 tools: Iterable[Button]) -> None:
        super().__init__()
        self.index = index
        self.border_title = title
        self._body = list(body)
        self._tools = list(tools)

    def compose(self) -> ComposeResult:
        yield from self._body
        with Horizontal(classes="item-tools"):
            yield from self._tools


class ItemList(Vertical):
    DEFAULT_CSS = """
    ItemList { height: auto; }
    ItemList > .item-footer { height: 1; }
    ItemList > .item-footer > Static { width: 1fr; color: $text-muted; }
    """

    class Action(Message):
        def __init__(self, item_list: ItemList, action: ItemAction, index: int) -> None:
            super().__init__()
            self.list = item_list
            self.action = action
            self.index = index

    def __init__(self, path: Path, *, items: Callable[[], list[Any]],
                 render_item: Callable[[int, Any], Iterable[Widget]],
                 item_title: Callable[[int, Any], str], new_item: Callable[[int], Any],
                 noun: str, minimum: int = 0, maximum: int | None = None,
                 movable: bool = True, status_text: Callable[[], str] = str) -> None:
        super().__init__()
        self.path = path
        self.items = items
        self.render_item = render_item
        self.item_title = item_title
        self.new_item = new_item
        self.noun = noun
        self.minimum = minimum
        self.maximum = maximum
        self.movable = movable
        self.status_text = status_text

    def compose(self) -> ComposeResult:
        items = self.items()
        count = len(items)
        for index, item in enumerate(items):
            tools: list[Button] = []
            if self.movable:
                tools.append(tool_button("↑", "up", f"Move this {self.noun} up",
                                         disabled=index == 0))
                tools.append(tool_button("↓", "down", f"Move this {self.noun} down",
                                         disabled=index == count - 1))
            tools.append(tool_button(f"✕ {self.noun}", "remove", f"Remove this {self.noun}",
                                     disabled=count <= self.minimum))
            yield ItemBox(index, self.item_title(index, item), self.render_item(index, item),
                          tools)
        full = self.maximum is not None and count >= self.maximum
        with Horizontal(classes="item-footer"):
            yield Static(self.status_text(), classes="item-status", markup=False)
            yield tool_button(f"+ {self.noun}", "add",
                              f"Add a {self.noun}" + (f" (at most {self.maximum})"
                                                      if self.maximum is not None else ""),
                              disabled=full)

    def boxes(self) -> list[ItemBox]:
        return [child for child in self.children if isinstance(child, ItemBox)]

    def set_status(self, text: str) -> None:
        self.query_one(".item-status", Static).update(text)

    def focus_item(self, index: int, action: ItemAction) -> None:
        """After a change, put focus where the user expects it: the new or moved item's
        first field, or the same button when an item moved."""
        boxes = self.boxes()
        if not boxes or index < 0:
            self._focus_add()
            return
        box = boxes[min(index, len(boxes) - 1)]
        if action in ("up", "down"):
            button = next((b for b in box.query(Button) if b.name == action and not b.disabled),
                          None)
            if button is not None:
                button.focus()
                return
        for widget in box.query("*"):
            if widget.focusable:
                widget.focus()
                return

    def _focus_add(self) -> None:
        for button in self.query(Button):
            if button.name == "add":
                button.focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        box = event.button.parent.parent if event.button.parent else None
        if event.button.name == "add" and event.button.parent in self.children:
            event.stop()
            self.post_message(self.Action(self, "add", len(self.boxes())))
        elif isinstance(box, ItemBox) and box.parent is self and event.button.name in (
            "remove", "up", "down"
        ):
            event.stop()
            self.post_message(self.Action(self, event.button.name, box.index))  # type: ignore[arg-type]

"""The condition builder: and / or / not groups of rule rows, nested where allowed.

Used for trigger filters, the audience, branch arms and exit rules. It keeps
the last valid `Condition` and posts `ValueChanged` when the user's edits
produce a different valid one; a group that is not valid yet (a `not` that
holds two items) says so on its own line, and an incomplete rule row says so
on its row, while the last valid condition stands.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from tui.model.conditions import Condition, Rule
from widgets.choices import make_choice
from widgets.conditions.rule_row import RuleRow
from widgets.conditions.vocabulary import GROUP_LABELS, Vocabulary
from widgets.tool_button import TOOL_CSS, tool_button
from widgets.validation import first_message
from widgets.value_control import ValueChanged


class GroupBox(Vertical):
    DEFAULT_CSS = """
    GroupBox { height: auto; }
    GroupBox.-nested { border-left: outer $primary 40%; padding: 0 0 0 1; margin: 0 0 0 1; }
    GroupBox > .group-head { height: 1; }
    GroupBox > .group-head > Choice { width: 12; }
    GroupBox > .group-items { height: auto; }
    GroupBox > .group-error { color: $text-error; height: auto; }
    """

    class Edited(Message):
        """The group's shape changed (operator, an item added or removed)."""

    class Removed(Message):
        """The user asked to remove this (nested) group."""

        def __init__(self, box: GroupBox) -> None:
            super().__init__()
            self.box = box

    def __init__(self, condition: Condition, vocabulary: Vocabulary, *,
                 nested: bool = False) -> None:
        super().__init__(classes="-nested" if nested else None)
        self.condition = condition
        self.vocabulary = vocabulary
        ops = ["and", "or"] + (["not"] if vocabulary.negation else [])
        self.op_select = make_choice(ops, condition.op, lambda op: GROUP_LABELS[op])
        self.head = Horizontal(classes="group-head")
        self.items_box = Vertical(classes="group-items")
        self.error_line: Static | None = None
        """Mounted the first time the group has something to say."""

    def compose(self) -> ComposeResult:
        with self.head:
            yield self.op_select
            yield tool_button("+ rule", "add-rule", "Add a rule to this group")
            if self.vocabulary.nested:
                yield tool_button("+ group", "add-group", "Add a nested group")
            if self.has_class("-nested"):
                yield tool_button("✕", "remove-group", "Remove this group and its rules")
        with self.items_box:
            for item in self.condition.items:
                yield _item_widget(item, self.vocabulary)

    def items(self) -> list[RuleRow | GroupBox]:
        return [child for child in self.items_box.children
                if isinstance(child, RuleRow | GroupBox)]

    def build(self) -> Condition:
        """The condition the group shows now (rows never valid yet are left out);
        ValueError when the group itself is not valid."""
        parts: list[Rule | Condition] = []
        for item in self.items():
            if isinstance(item, GroupBox):
                parts.append(item.build())
            elif item.rule is not None:
                parts.append(item.rule)
        op = self.op_select.value or "and"
        try:
            condition = Condition(op=op, items=parts)  # type: ignore[arg-type]
        except ValueError as exc:
            self._set_error(first_message(exc))
            raise
        self._set_error("")
        return condition

    @property
    def error(self) -> str:
        return str(self.error_line.render()) if self.error_line is not None else ""

    def _set_error(self, message: str) -> None:
        if self.error_line is not None:
            self.error_line.update(message)
            self.error_line.display = bool(message)
        elif message:
            self.error_line = Static(message, classes="group-error", markup=False)
            self.mount(self.error_line, before=self.items_box)

    @on(ValueChanged)
    def _op_changed(self, event: ValueChanged) -> None:
        if event.control is self.op_select:
            event.stop()
            self.post_message(self.Edited())

    @on(Button.Pressed)
    async def _button(self, event: Button.Pressed) -> None:
        if event.button.parent is not self.head:
            return
        event.stop()
        items = self.items_box
        if event.button.name == "add-rule":
            row = RuleRow(None, self.vocabulary)
            await items.mount(row)
            row.focus_first()
        elif event.button.name == "add-group":
            group = GroupBox(Condition(), self.vocabulary, nested=True)
            await items.mount(group)
            group.op_select.focus()
        elif event.button.name == "remove-group":
            self.post_message(self.Removed(self))
            return
        self.post_message(self.Edited())

    @on(RuleRow.Removed)
    @on(Removed)
    async def _remove_item(self, event: RuleRow.Removed | GroupBox.Removed) -> None:
        item = event.row if isinstance(event, RuleRow.Removed) else event.box
        if item is self:
            return  # our own request: the enclosing group removes us
        event.stop()
        await item.remove()
        self.post_message(self.Edited())


def _item_widget(item: Rule | Condition, vocabulary: Vocabulary) -> RuleRow | GroupBox:
    if isinstance(item, Rule):
        return RuleRow(item, vocabulary)
    return GroupBox(item, vocabulary, nested=True)


class ConditionBuilder(Vertical):
    """A condition editor; `optional` builders give None when they hold no rules."""

    DEFAULT_CSS = TOOL_CSS + """
    ConditionBuilder { height: auto; }
    """

    def __init__(self, value: Condition | None, vocabulary: Vocabulary, *,
                 optional: bool = True, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.value = value
        self.vocabulary = vocabulary
        self.optional = optional
        self.root = GroupBox(value or Condition(), vocabulary)

    def compose(self) -> ComposeResult:
        yield self.root

    def read_value(self) -> Condition | None:
        return self.value

    @on(RuleRow.Edited)
    @on(GroupBox.Edited)
    def _edited(self, event: Message) -> None:
        event.stop()
        if not self.is_attached:
            return
        try:
            condition: Condition | None = self.root.build()
        except ValueError:
            return
        if self.optional and condition is not None and not condition.items:
            condition = None
        if condition != self.value:
            self.value = condition
            self.post_message(ValueChanged(self))

"""Build a workflow in the builder with key presses only, the way a user would.

Given the workflow to end up with, the driver works out which keys to press:
it moves the outline cursor with up/down, adds steps with `a` and the
step-kind picker, enters each editor with enter, walks its fields with tab
and types, picks or ticks what each field needs, and leaves with escape. It
looks at the screen's state to decide (which field has focus, what a list
offers) but changes nothing except through key events.

Keys are sent as a burst (one idle wait after a run of keys, as when a user
types fast), which is also what exercises the builder's coalescing of edits.
Only what the editors offer can be built: vendor extras have no field, so
`editable()` removes them from the target.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, SelectionList, TextArea

from tui import vendors
from tui.model.edits import LaneRef
from tui.model.steps import Step
from tui.model.tree import lanes, walk
from tui.model.workflow import Duration, Workflow
from tui.screens.builder import BuilderScreen
from tui.screens.pick import PickScreen
from widgets.choice import Choice
from widgets.conditions import ConditionBuilder
from widgets.conditions.builder import GroupBox
from widgets.conditions.rule_row import RuleRow
from widgets.conditions.values import format_value
from widgets.editor_pane import EditorPane
from widgets.editors.event_picker import CUSTOM, EventPicker
from widgets.editors.form import FormEditor
from widgets.editors.item_list import ItemList
from widgets.editors.model_form import by_name, defaults_of, merged
from widgets.editors.rows import plain_text
from widgets.field_row import FieldRow
from widgets.key_value import KeyValueRows
from widgets.outline import STEPS_KEY, lane_key, step_key
from widgets.parsers import format_duration, join_items


def editable(workflow: Workflow) -> Workflow:
    """The workflow as the editors can express it: vendor extras only where an editor has
    a "Vendor fields" line (steps and the trigger), rule value types only where the vendor
    declares them (never in the audience, whose values are text), and settings stored as
    the settings form stores them (values equal to the defaults left out)."""
    adapter = vendors.get(workflow.vendor)
    data = _strip(workflow.model_dump(), keep_types=bool(adapter.capabilities.value_types))
    data["audience"] = _strip(data["audience"], keep_types=False)
    data["trigger"]["extras"] = _own(workflow.trigger.extras, workflow.vendor)
    stripped = Workflow.model_validate(data)
    for kept, place in zip(walk(stripped.steps), walk(workflow.steps), strict=True):
        kept.step.extras = _own(place.step.extras, workflow.vendor)
    model = adapter.settings_model
    settings = model.model_validate(workflow.vendor_settings()).model_dump(
        mode="json", by_alias=not by_name(model), exclude_defaults=True)
    others = {key: value for key, value in stripped.settings.items() if key != workflow.vendor}
    stripped.settings = {**others, workflow.vendor: settings} if settings else others
    return stripped


def _own(extras: dict[str, Any], vendor: str) -> dict[str, Any]:
    return {vendor: extras[vendor]} if extras.get(vendor) else {}


def _strip(value: Any, *, keep_types: bool) -> Any:
    if isinstance(value, dict):
        return {k: ({} if k == "extras" else None if k == "value_type" and not keep_types
                    else _strip(v, keep_types=keep_types)) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(item, keep_types=keep_types) for item in value]
    return value


class Keyboard:
    def __init__(self, pilot: Pilot) -> None:
        self.pilot = pilot
        self.app = pilot.app

    @property
    def screen(self) -> BuilderScreen:
        screen = self.app.screen
        assert isinstance(screen, BuilderScreen), screen
        return screen

    async def burst(self, *keys: str) -> None:
        """Named keys ("tab", "enter") or single characters, then one idle wait."""
        for key in keys:
            name = key if len(key) > 1 or key.isalnum() else _character_to_key(key)
            self.app.post_message(events.Key(name, key if len(key) == 1 else None))
        await self.pilot.pause()


    async def settle(self, *, preview: bool = False) -> None:
        """Wait for the editor of the selected row (and the preview, when asked)."""
        await self.pilot.pause()
        await self.screen.settled(preview=preview)
        await self.pilot.pause()

    # -- focus ---------------------------------------------------------------------------

    async def focus(self, widget: Widget) -> None:
        """Tab (or shift+tab) to `widget`.

        Bursts never mix keys that bindings handle (tab, home, space) with typed
        characters: a binding runs as its key arrives while characters queue up for the
        focused widget, so a mixed burst would not keep its order.
        """
        chain = self.screen.focus_chain
        assert widget in chain, f"{widget!r} cannot take focus"
        here = chain.index(self.app.focused) if self.app.focused in chain else 0
        there = chain.index(widget)
        if there != here:
            await self.burst(*["tab" if there > here else "shift+tab"] * abs(there - here))
        assert self.app.focused is widget, (self.app.focused, widget)

    # -- outline -------------------------------------------------------------------------

    async def to_row(self, key: str) -> None:
        """Escape to the outline and move its cursor to a row."""
        if self.app.focused is not self.screen.outline:
            await self.burst("escape")
        keys = self.screen.outline.keys
        here = keys.index(self.screen.outline.current.key)
        there = keys.index(key)
        await self.burst(*["down" if there > here else "up"] * abs(there - here))
        await self.settle()
        assert self.screen.outline.current.key == key

    async def add(self, kind: str) -> None:
        """`a` on the current row, then the kind in the picker."""
        await self.burst("a")
        picker = self.app.screen
        assert isinstance(picker, PickScreen)
        kinds = [choice for choice, _ in picker.choices]
        await self.burst(*["down"] * kinds.index(kind), "enter")
        await self.settle()

    async def edit(self, row_key: str, want: Any) -> None:
        """Open the row's editor with enter and set every field to `want`'s value."""
        await self.to_row(row_key)
        await self.burst("enter")
        await self.settle()
        pane = self.screen.query_one(EditorPane)
        for _ in range(50):  # enter moves focus into the editor once it is mounted
            if self.app.focused is not None and pane in self.app.focused.ancestors:
                break
            await self.pilot.pause(0.01)
        await fill(self, want)
        await self.burst("escape")
        await self.settle()

    # -- controls ------------------------------------------------------------------------

    async def set_input(self, widget: Input, text: str) -> None:
        if widget.value == text:
            return
        await self.focus(widget)
        if widget.value:
            await self.burst("home", "ctrl+k")
        await self.burst(*_typed(text))
        assert widget.value == text, (widget.value, text)

    async def set_text_area(self, widget: TextArea, text: str) -> None:
        assert widget.text in ("", text), "the driver only fills empty text areas"
        if not widget.text:
            await self.focus(widget)
            await self.burst(*_typed(text))
            assert widget.text == text, (widget.text, text)

    async def choose(self, choice: Choice[Any], value: Any) -> None:
        """Step through a closed Choice with left / right."""
        if choice.value == value:
            return
        values = ([None] if choice.allow_blank else []) + [v for _, v in choice.options]
        assert value in values, f"{value!r} is not offered ({values})"
        here = values.index(choice.value) if choice.value in values else -1
        there = values.index(value)
        steps = ["right" if there > here else "left"] * abs(there - here)
        await self.focus(choice)
        await self.burst(*steps)
        assert choice.value == value, (choice.value, value)

    async def tick(self, box: Checkbox, on: bool) -> None:
        if box.value != on:
            await self.focus(box)
            await self.burst("space")
            assert box.value == on

    async def press(self, button: Button) -> None:
        await self.focus(button)
        await self.burst("enter")


def _typed(text: str) -> list[str]:
    return ["enter" if char == "\n" else char for char in text]


# -- filling an editor -----------------------------------------------------------------------

async def fill(kb: Keyboard, want: Any) -> None:
    """Make the current editor show `want`, one change at a time (the form may rebuild
    parts of itself after a change, so every step looks again)."""
    target = want.model_dump() if hasattr(want, "model_dump") else want
    editor = kb.screen.query_one(EditorPane).current
    if not isinstance(editor, FormEditor):  # the audience: one condition builder
        builder = editor.query_one(ConditionBuilder)
        await _set_group(kb, builder.root, target or {"op": "and", "items": []})
        assert _comparable(builder.value) == _comparable(target), (builder.value, target)
        return
    changes: list[str] = []
    for _ in range(200):
        editor = kb.screen.query_one(EditorPane).current
        assert isinstance(editor, FormEditor), editor
        change = await _one_change(kb, editor, target)
        if change is None:
            return
        changes.append(change)
    raise AssertionError(f"the editor never reached the wanted value; last: {changes[-3:]}")


MISSING = object()
"""A field the target does not mention (settings list only what differs from defaults)."""


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        if isinstance(value, dict):
            value = value.get(part, MISSING)
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            return MISSING
    return value


def _shown(widget: Widget) -> bool:
    return widget.display and all(node.display for node in widget.ancestors_with_self
                                  if isinstance(node, Widget))


async def _one_change(kb: Keyboard, editor: FormEditor, target: Any) -> str | None:
    """Make the first difference go away; says what it changed, None when nothing differs."""
    for item_list in editor.query(ItemList):
        want = _get(target, item_list.path)
        want = [] if want is MISSING or want is None else want
        have = editor.get(item_list.path) or []
        if len(have) != len(want):
            name = "add" if len(have) < len(want) else "remove"
            button = next(b for b in item_list.query(Button) if b.name == name)
            await kb.press(button)
            return f"{name} in {item_list.path}"
    for row in editor.query(FieldRow):
        if not _shown(row):
            continue
        want, have = _get(target, row.path), editor.get(row.path)
        if want is MISSING:
            continue
        if isinstance(row.control, Checkbox) and not isinstance(want, bool):
            want, have = want is not None, have is not None  # a flag standing for a list
        if _comparable(want) != _comparable(have):
            await _set_row(kb, row, want)
            return f"{row.path}: {have!r} -> {want!r}"
    return None


def _comparable(value: Any) -> Any:
    """Drafts may hold models or dicts; compare what they say."""
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return value


async def _set_row(kb: Keyboard, row: FieldRow, want: Any) -> None:
    control = row.control
    if isinstance(control, ConditionBuilder):
        await _set_group(kb, control.root, want or {"op": "and", "items": []})
    elif isinstance(control, EventPicker):
        await _set_event(kb, control, want or "")
    elif isinstance(control, KeyValueRows):
        await _set_pairs(kb, control, want or {})
    elif isinstance(control, Checkbox):
        await kb.tick(control, bool(want))
    elif isinstance(control, Choice):
        await kb.choose(control, want)
    elif isinstance(control, SelectionList):
        await _set_selection(kb, control, want or [])
    elif isinstance(control, TextArea):
        await kb.set_text_area(control, want or "")
    elif isinstance(control, Input):
        await kb.set_input(control, _as_text(want))
    else:
        raise AssertionError(f"no keys for a {type(control).__name__}")


def _as_text(value: Any) -> str:
    """What to type for a value: a comma list, a duration like `30m`, or the plain value."""
    if isinstance(value, list):
        return join_items(value)
    if isinstance(value, dict) and set(value) == {"amount", "unit"}:
        return format_duration(Duration.model_validate(value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)  # a JSON line (vendor fields)
    return plain_text(value)


async def _set_event(kb: Keyboard, picker: EventPicker, name: str) -> None:
    if picker.free:
        await kb.set_input(picker.custom, name)
        return
    offered = [value for _, value in picker.select.options]
    if name in offered:
        await kb.choose(picker.select, name)
    else:
        await kb.choose(picker.select, CUSTOM)
        await kb.set_input(picker.custom, name)


async def _set_group(kb: Keyboard, group: GroupBox, want: dict[str, Any]) -> None:
    await kb.choose(group.op_select, want["op"])
    items = want["items"]
    while len(group.items()) < len(items):
        nested = "items" in items[len(group.items())]
        name = "add-group" if nested else "add-rule"
        await kb.press(next(b for b in group.head.query(Button) if b.name == name))
    while len(group.items()) > len(items):
        last = group.items()[-1]
        name = "remove-group" if isinstance(last, GroupBox) else "remove-rule"
        await kb.press(next(b for b in last.query(Button) if b.name == name))
    for widget, item in zip(group.items(), items, strict=True):
        if isinstance(widget, GroupBox):
            await _set_group(kb, widget, item)
        else:
            await _set_rule(kb, widget, item)


async def _set_rule(kb: Keyboard, row: RuleRow, want: dict[str, Any]) -> None:
    if row.source_select is not None and _shown(row.source_select):
        await kb.choose(row.source_select, want["source"])
    if row.field_select is not None and _shown(row.field_select):
        await kb.choose(row.field_select, want["field"])
    else:
        await kb.set_input(row.field_input, want["field"])
    await kb.choose(row.operator_select, want["operator"])
    if row.type_select is not None and _shown(row.type_select):
        await kb.choose(row.type_select, want["value_type"])
    if row.value_input.display:
        await kb.set_input(row.value_input, format_value(want["value"])
                           if want["value"] is not None else "")


async def _set_pairs(kb: Keyboard, rows: KeyValueRows, want: dict[str, str]) -> None:
    while len(rows.pairs()) < len(want):
        await kb.press(next(b for b in rows.query(Button) if b.name == "add-pair"))
    for pair, (key, value) in zip(rows.pairs(), want.items(), strict=False):
        await kb.set_input(pair.key_input, key)
        await kb.set_input(pair.value_input, value)


async def _set_selection(kb: Keyboard, selection: SelectionList[Any], want: list[Any]) -> None:
    await kb.focus(selection)
    for index in range(selection.option_count):
        value = selection.get_option_at_index(index).value
        await kb.burst("home", *["down"] * index)
        if (value in want) != (value in selection.selected):
            await kb.burst("space")


# -- building a whole workflow -------------------------------------------------------------

async def build(kb: Keyboard, target: Workflow) -> None:
    """Turn the builder's (empty) workflow into `target` with key presses."""
    await kb.edit("details", {"name": target.name, "description": target.description})
    await kb.edit("trigger", target.trigger)
    if target.audience is not None:
        await kb.edit("audience", target.audience)
    await _build_lane(kb, target.steps, STEPS_KEY)
    if target.exit:
        await kb.edit("exit", {"rules": [rule.model_dump() for rule in target.exit]})
    settings = target.vendor_settings()
    if settings:
        model = vendors.get(target.vendor).settings_model
        stored = model.model_validate(settings).model_dump(
            mode="json", by_alias=not by_name(model), exclude_unset=True)
        await kb.edit("settings", merged(defaults_of(model), stored))  # as the form shows it
    await kb.settle(preview=True)


async def _build_lane(kb: Keyboard, steps: list[Step], lane_row: str) -> None:
    previous = lane_row
    for step in steps:
        await kb.to_row(previous)
        await kb.add(step.kind)
        await kb.edit(kb.screen.selected, step)
        previous = step_key(step.id)
        for index, lane in enumerate(lanes(step)):
            ref = LaneRef(step.id, None if lane.arm is None else index)
            await _build_lane(kb, lane.steps, lane_key(ref))

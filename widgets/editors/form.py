"""A form editor: field rows, each setting one path of a draft that validates whole.

Most editors are forms over one pydantic model (a step, the trigger, the
details, the vendor settings). The rows parse what the user types; the form
sets the path in its draft, validates the draft as the model, and either
posts the new value or shows pydantic's message on the row the error names.
Lists of boxes (branch arms, split arms, exit rules) edit the draft too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from widgets.editors.base import Editor, EditorContext
from widgets.editors.draft import get_path, set_path
from widgets.editors.item_list import ItemList
from widgets.field_row import FieldRow, Path
from widgets.validation import Location, problems

_ABSENT = object()


class FormError(ValueError):
    """A rule across fields that the model does not check itself (split percentages)."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


class FormEditor(Editor):
    DEFAULT_CSS = """
    FormEditor > .form-error { color: $text-error; height: auto; }
    FormEditor > .form-error.-empty { display: none; }
    """

    model: ClassVar[type[BaseModel]]
    """The model the draft validates as (subclasses that build differently override build)."""

    def __init__(self, target: Any, value: Any, context: EditorContext) -> None:
        super().__init__(target, value, context)
        self.draft: dict[str, Any] = self.to_draft(value)
        self.form_error = Static("", classes="form-error -empty", markup=False)
        self._form_error_text = ""

    def to_draft(self, value: Any) -> dict[str, Any]:
        return value.model_dump()

    def build(self, draft: dict[str, Any]) -> Any:
        """The value the draft describes; raises ValidationError or FormError."""
        return self.model.model_validate(draft)

    def fields(self) -> ComposeResult:
        """The rows and sections of this form."""
        yield from ()

    def compose(self) -> ComposeResult:
        yield self.form_error
        yield from self.fields()

    def on_mount(self) -> None:
        self.check(publish=False)

    def get(self, path: Path, default: Any = None) -> Any:
        return get_path(self.draft, path, default)

    def row(self, path: Path) -> FieldRow | None:
        return next((row for row in self.query(FieldRow) if row.path == path), None)

    def field_changed(self, path: Path, value: Any) -> None:
        """Hook: react to a field before the draft is checked (show or hide other rows)."""

    def items_changed(self, path: Path) -> None:
        """Hook: react to an item added, removed or moved in the list at `path`."""

    @on(FieldRow.Changed)
    def _field_row_changed(self, event: FieldRow.Changed) -> None:
        event.stop()
        if get_path(self.draft, event.path, _ABSENT) == event.value:
            return  # a control reporting its first value: nothing changed
        set_path(self.draft, event.path, event.value)
        self.field_changed(event.path, event.value)
        self.check()

    @on(ItemList.Action)
    async def _item_action(self, event: ItemList.Action) -> None:
        event.stop()
        items: list[Any] = self.get(event.list.path) or []
        set_path(self.draft, event.list.path, items)
        index = event.index
        if event.action == "add":
            items.append(event.list.new_item(len(items)))
            index = len(items) - 1
        elif event.action == "remove":
            items.pop(index)
            index = min(index, len(items) - 1)
        elif event.action in ("up", "down"):
            other = index - 1 if event.action == "up" else index + 1
            items[index], items[other] = items[other], items[index]
            index = other
        await event.list.recompose()
        event.list.focus_item(index, event.action)
        self.items_changed(event.list.path)
        self.check()

    def check(self, *, publish: bool = True) -> None:
        """Validate the draft; show what is wrong, or post the new value."""
        try:
            value = self.build(self.draft)
        except ValidationError as exc:
            self.show_errors(problems(exc))
            return
        except FormError as exc:
            self.show_errors([(exc.location, exc.message)])
            return
        self.show_errors([])
        if publish:
            self.publish(value)

    def show_errors(self, errors: Iterable[tuple[Location, str]]) -> None:
        rows = list(self.query(FieldRow))
        found: dict[int, str] = {}
        general: list[str] = []
        for location, message in errors:
            row = _closest_row(rows, location)
            if row is None:
                where = ".".join(str(part) for part in location)
                general.append(f"{where}: {message}" if where else message)
            else:
                found.setdefault(id(row), message)
        for row in rows:
            row.set_model_error(found.get(id(row)))
        text = "\n".join(general)
        if text != self._form_error_text:  # an update costs a layout: not on every keystroke
            self._form_error_text = text
            self.form_error.update(text)
            self.form_error.set_class(not general, "-empty")


def _closest_row(rows: list[FieldRow], location: Location) -> FieldRow | None:
    """The row whose path is the longest prefix of the error's location."""
    best: FieldRow | None = None
    for row in rows:
        size = len(row.path)
        if tuple(location[:size]) == row.path and (best is None or size > len(best.path)):
            best = row
    return best

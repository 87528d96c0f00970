"""Form rows generated from a pydantic model: each field becomes the input its type
calls for, so a vendor's settings model is its own form.

bool → checkbox (yes / no / default when optional), Literal and Enum →
choice, int / float → number input, str → text, list of str → comma list,
a nested model → a fieldset (switched on and off when optional), anything
else → JSON text. Draft keys are the fields' Python names when the model
accepts them, else their aliases (a model may take both, but not both at
once); errors from pydantic land on the row of the field they name.
"""

from __future__ import annotations

import enum
import types
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined, to_jsonable_python
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget

from widgets.editors.draft import set_path
from widgets.editors.rows import (
    choice_row,
    flag_row,
    json_row,
    list_row,
    number_row,
    optional_text_row,
    text_row,
)
from widgets.field_row import FieldRow, Path
from widgets.labels import humanize

if TYPE_CHECKING:
    from widgets.editors.form import FormEditor


def by_name(model: type[BaseModel]) -> bool:
    """Whether the model takes its fields by Python name (then settings are stored so)."""
    config = model.model_config
    return bool(config.get("validate_by_name") or config.get("populate_by_name"))


def key_of(model: type[BaseModel], name: str, info: FieldInfo) -> str:
    return name if by_name(model) else info.alias or name


def label_of(name: str, info: FieldInfo) -> str:
    return info.title or humanize(name)


def split_optional(annotation: Any) -> tuple[Any, bool]:
    """`X | None` → (X, True); anything else → (annotation, False)."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(args) == 1 and len(args) < len(get_args(annotation)):
            return args[0], True
    return annotation, False


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def default_of(info: FieldInfo) -> Any:
    """The field's default as stored (JSON data), or PydanticUndefined when it has none."""
    if info.default is not PydanticUndefined:
        value = info.default
    elif info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
    else:
        inner, optional = split_optional(info.annotation)
        return defaults_of(inner) if is_model(inner) and not optional else PydanticUndefined
    return to_jsonable_python(value)


def defaults_of(model: type[BaseModel]) -> dict[str, Any]:
    """Every field that has a default, by alias, nested models included."""
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        value = default_of(info)
        if value is not PydanticUndefined:
            found[key_of(model, name, info)] = value
    return found


def merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` laid on `base`, nested dicts merged (stored settings over the defaults)."""
    result = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def without_nones(data: dict[str, Any]) -> dict[str, Any]:
    """The data with unset (None) fields left out, nested dicts included."""
    return {key: without_nones(value) if isinstance(value, dict) else value
            for key, value in data.items() if value is not None}


def model_rows(form: FormEditor, model: type[BaseModel], prefix: Path = ()) -> list[Widget]:
    return [field_widget(form, name, info, (*prefix, key_of(model, name, info)))
            for name, info in model.model_fields.items()]


def field_widget(form: FormEditor, name: str, info: FieldInfo, path: Path) -> Widget:
    label = label_of(name, info)
    inner, optional = split_optional(info.annotation)
    origin = get_origin(inner)
    row: Widget
    if is_model(inner):
        return Fieldset(form, label, inner, path, optional=optional)
    if inner is bool and optional:
        row = choice_row(form, label, path, [True, False], labels={True: "yes", False: "no"},
                         blank="default")
    elif inner is bool:
        row = flag_row(form, label, path)
    elif origin is Literal:
        row = choice_row(form, label, path, get_args(inner),
                         blank="none" if optional else None)
    elif isinstance(inner, type) and issubclass(inner, enum.Enum):
        row = choice_row(form, label, path, [member.value for member in inner],
                         blank="none" if optional else None)
    elif inner in (int, float):
        row = number_row(form, label, path, integer=inner is int, optional=optional)
    elif inner is str:
        row = (optional_text_row if optional else text_row)(form, label, path)
    elif origin in (list, tuple, set, frozenset) and get_args(inner)[:1] == (str,):
        row = list_row(form, label, path)
    else:
        row = json_row(form, label, path, placeholder="JSON; blank: default")
    if info.description and isinstance(row, FieldRow):
        row.hint = info.description.strip().splitlines()[0]
    return row


class Fieldset(Vertical):
    """A nested model's fields under its name; an optional one is switched on and off."""

    DEFAULT_CSS = """
    Fieldset { height: auto; border: round $primary 30%; padding: 0 1; }
    Fieldset > .fieldset-body { height: auto; }
    """

    def __init__(self, form: FormEditor, label: str, model: type[BaseModel], path: Path, *,
                 optional: bool) -> None:
        super().__init__()
        self.form = form
        self.model = model
        self.path = path
        self.optional = optional
        self.border_title = label
        self.body = Vertical(classes="fieldset-body")

    def compose(self) -> ComposeResult:
        if self.optional:
            yield flag_row(self.form, "Use this", self.path,
                           checked=self.form.get(self.path) is not None, parse=self._switch)
        with self.body:
            yield from self._rows()

    def _rows(self) -> list[Widget]:
        if self.optional and self.form.get(self.path) is None:
            return []
        return model_rows(self.form, self.model, self.path)

    def _switch(self, on: bool) -> dict[str, Any] | None:
        """Switching on starts from the model's defaults, set in the draft here so the
        rows can be rebuilt from it; the rebuilt rows are then checked (and the value
        posted when the defaults alone are valid)."""
        if not on:
            self.call_later(self.body.remove_children)
            return None
        current = self.form.get(self.path)
        value = current if current is not None else defaults_of(self.model)
        set_path(self.form.draft, self.path, value)
        self.call_later(self._refresh_rows)
        return value

    async def _refresh_rows(self) -> None:
        await self.body.remove_children()
        await self.body.mount_all(self._rows())
        self.form.check()

"""Field rows for form editors, one factory per kind of value.

Each factory reads the current value from the form's draft, builds the
right control, and pairs it with the parser for that kind of value, so an
editor is a list of calls like `text_row(self, "Subject", ("subject",))`.
Vendor length limits come from the capabilities by key (`name`,
`email.subject`, …) and show as a counter.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any

from textual.widgets import Checkbox, Input

from tui.model.conditions import Condition
from widgets import parsers
from widgets.choices import make_choice
from widgets.conditions import ConditionBuilder, Vocabulary
from widgets.editors.draft import DELETE
from widgets.external_editor import EXTERNAL_EDITOR_KEY, ExternalTextArea
from widgets.field_row import FieldRow, Path
from widgets.key_value import KeyCheck, KeyValueRows
from widgets.number_input import NumberInput

if TYPE_CHECKING:
    from widgets.editors.form import FormEditor


def plain_text(value: Any) -> str:
    """A draft value as an input's text (None → blank, 2.0 → "2")."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return parsers.plain_number(value)
    return str(value)


def text_row(form: FormEditor, label: str, path: Path, *, limit: str | None = None,
             required: str | None = None, placeholder: str = "",
             parse: parsers.Parser | None = None) -> FieldRow:
    """One line of text; `limit` names the vendor limit, `parse` adds a format check."""
    max_length = form.context.limit(limit) if limit else None
    check = parsers.text(max_length=max_length, required=required)
    return FieldRow(label, Input(plain_text(form.get(path)), placeholder=placeholder,
                                 compact=True),
                    path=path, parse=parsers.chain(check, parse) if parse else check,
                    max_length=max_length)


def optional_text_row(form: FormEditor, label: str, path: Path, *, limit: str | None = None,
                      placeholder: str = "") -> FieldRow:
    """Text where blank means "not set" (template ids)."""
    max_length = form.context.limit(limit) if limit else None
    return FieldRow(label, Input(form.get(path) or "", placeholder=placeholder, compact=True),
                    path=path, parse=parsers.optional_text(max_length=max_length),
                    max_length=max_length)


def long_text_row(form: FormEditor, label: str, path: Path, *, limit: str | None = None,
                  suffix: str = ".txt", language: str | None = None) -> FieldRow:
    """Several lines in a text area; F4 opens $EDITOR on it."""
    max_length = form.context.limit(limit) if limit else None
    area = ExternalTextArea(form.get(path) or "", suffix=suffix, language=language)
    return FieldRow(label, area, path=path, parse=parsers.text(max_length=max_length),
                    max_length=max_length, stacked=True,
                    hint=f"{EXTERNAL_EDITOR_KEY.upper()} opens $EDITOR")


def number_row(form: FormEditor, label: str, path: Path, *, integer: bool = False,
               minimum: float | None = None, maximum: float | None = None,
               optional: bool = False, placeholder: str = "") -> FieldRow:
    """A number; `optional` numbers may be left blank (None)."""
    value = form.get(path)
    control = NumberInput(value if isinstance(value, int | float) else None, integer=integer,
                          minimum=minimum, maximum=maximum, optional=optional,
                          placeholder=placeholder or ("blank: none" if optional else ""))
    return FieldRow(label, control, path=path)


def choice_row(form: FormEditor, label: str, path: Path, allowed: Iterable[Hashable], *,
               labels: Callable[[Any], str] | dict[Any, str] = str,
               blank: str | None = None) -> FieldRow:
    """A choice among `allowed` only; `blank` names the "not set" choice (None)."""
    def describe(value: Any) -> str:
        named = labels.get(value) if isinstance(labels, dict) else labels(value)
        return named or str(value)

    return FieldRow(label, make_choice(allowed, form.get(path), describe, blank=blank),
                    path=path)


def flag_row(form: FormEditor, text: str, path: Path, *, checked: bool | None = None,
             parse: parsers.Parser = parsers.same) -> FieldRow:
    """A yes/no choice; the checkbox carries the text and starts in the label column, so
    the text keeps its room inside nested boxes (branch arms) of a narrow editor.
    `checked` overrides reading the flag from the draft (for values that are not bools)."""
    value = bool(form.get(path)) if checked is None else checked
    return FieldRow("", Checkbox(text, value, compact=True), path=path, parse=parse,
                    classes="-flag")


def list_row(form: FormEditor, label: str, path: Path, *, placeholder: str = "a, b, c"
             ) -> FieldRow:
    """A list of words typed as a comma list."""
    return FieldRow(label, Input(parsers.join_items(form.get(path) or []),
                                 placeholder=placeholder, compact=True),
                    path=path, parse=parsers.comma_list)


def condition_row(form: FormEditor, label: str, path: Path, vocabulary: Vocabulary, *,
                  optional: bool = True) -> FieldRow:
    value = form.get(path)
    condition = Condition.model_validate(value) if value is not None else None
    return FieldRow(label, ConditionBuilder(condition, vocabulary, optional=optional),
                    path=path, stacked=True)


def key_value_row(form: FormEditor, label: str, path: Path, *, noun: str,
                  check_key: KeyCheck | None = None) -> FieldRow:
    return FieldRow(label, KeyValueRows(form.get(path) or {}, noun=noun, check_key=check_key),
                    path=path, stacked=True)


def json_row(form: FormEditor, label: str, path: Path, *, placeholder: str = "JSON",
             parse: parsers.Parser = parsers.json_text, hint: str = "") -> FieldRow:
    """A value typed as JSON on one line (anything a form has no better input for);
    blank means unset. The model says whether the value fits."""
    value = form.get(path)
    return FieldRow(label, Input("" if value is None else json.dumps(value),
                                 placeholder=placeholder, compact=True),
                    path=path, parse=parse, hint=hint)


def vendor_fields_row(form: FormEditor, path: Path) -> FieldRow:
    """The vendor's fields the model does not name (`extras[vendor]`), as one JSON object
    shaped like the vendor's payload; sent as they are."""
    return json_row(form, "Vendor fields", (*path, "extras", form.context.vendor_id),
                    placeholder='{"field": "value"} sent as is',
                    parse=parsers.chain(parsers.json_object, _unset_when_blank))


def _unset_when_blank(value: dict[str, Any] | None) -> Any:
    return value or DELETE

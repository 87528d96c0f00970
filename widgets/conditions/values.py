"""Typed rule values: text in the value box ↔ the JSON value a rule holds.

Vendors reject a `"50"` where a property is numeric (Omnisend answers 400), so
values are typed. Where the vendor declares value types (AutoSend
`fieldType`) the row has a type choice and the text is read as that type;
otherwise the text says it: `50` is a number, `true` a boolean, `"50"`
(quoted) text, anything else text. `in` / `not in` take a comma list;
operators that take no value take none. Pure functions, tested on their own.
"""

from __future__ import annotations

import json
import re

from pydantic import JsonValue

from tui.model.conditions import UNARY_OPERATORS, Operator, ValueType
from widgets.parsers import number, split_items, unquote

_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$")
LIST_OPERATORS = frozenset({"in", "not_in"})
ORDER_OPERATORS = frozenset({"gt", "gte", "lt", "lte"})
TEXT_OPERATORS = frozenset({"contains", "not_contains", "starts_with", "ends_with"})


def takes_value(operator: Operator) -> bool:
    return operator not in UNARY_OPERATORS


def scalar(item: str) -> JsonValue:
    """One literal read by its look: number, boolean, "quoted text" or bare text."""
    if _NUMBER.match(item):
        return float(item) if any(mark in item for mark in ".eE") else int(item)
    if item in ("true", "false"):
        return item == "true"
    return unquote(item)


def typed(item: str, value_type: ValueType | None) -> JsonValue:
    """One item read as the declared type (None: by its look)."""
    if value_type is None or value_type == "list":
        return scalar(item)
    if value_type == "number":
        return number(unquote(item))
    if value_type == "boolean":
        if item.lower() not in ("true", "false"):
            raise ValueError(f"'{item}' is neither true nor false")
        return item.lower() == "true"
    text = unquote(item)
    if value_type == "date" and not _DATE.match(text):
        raise ValueError(f"'{text}' is not a date (YYYY-MM-DD)")
    return text


def shown_type(value: JsonValue) -> ValueType:
    """The type a value shows by itself (dates are text to JSON)."""
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string"


def parse_value(raw: str, operator: Operator, *, value_type: ValueType | None = None,
                text_only: bool = False) -> JsonValue:
    """The value for `operator`, read as `value_type`; raises ValueError with a one-line
    reason. `text_only` keeps every value as text (audience filters take strings only)."""
    def read(item: str) -> JsonValue:
        return unquote(item) if text_only else typed(item, value_type)

    stripped = raw.strip()
    if not takes_value(operator):
        return None
    if operator == "clicked":
        return unquote(stripped) or None  # an optional link to match
    if operator in LIST_OPERATORS:
        items = split_items(stripped)
        if not items:
            raise ValueError("list one or more values, separated by commas")
        return [read(item) for item in items]
    if not stripped:
        raise ValueError("a value is required")
    if operator in TEXT_OPERATORS:
        return unquote(stripped)
    value = read(stripped)
    orderable = shown_type(value) == "number" or (
        isinstance(value, str) and _DATE.match(value))
    if operator in ORDER_OPERATORS and not orderable:
        raise ValueError(f"'{stripped}' is neither a number nor a date (YYYY-MM-DD)")
    return value


def format_value(value: JsonValue, value_type: ValueType | None = None) -> str:
    """The text that reads back as `value`: with a declared type plain, else strings
    that look like numbers or booleans get quotes."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_format_item(item, value_type) for item in value)
    return _format_item(value, value_type)


def _format_item(value: JsonValue, value_type: ValueType | None) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        declared = value_type not in (None, "list")
        if value == "":
            return '""'
        looks_typed = not declared and scalar(value) != value
        plain = not looks_typed and value == value.strip() and "," not in value \
            and '"' not in value
        return value if plain else json.dumps(value)
    return json.dumps(value)

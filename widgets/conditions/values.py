"""Typed rule values: text in the value box ↔ the JSON value a rule holds.

Vendors reject a `"50"` where a property is numeric (Omnisend answers 400), so
values are typed as the user writes them: `50` is a number, `true` a boolean,
`"50"` (quoted) text, anything else text; `in` / `not in` take a comma list;
operators that take no value take none. Pure functions, tested on their own.
"""

from __future__ import annotations

import json
import re

from pydantic import JsonValue

from tui.model.conditions import UNARY_OPERATORS, Operator, ValueType
from widgets.parsers import split_items, unquote

_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$")
LIST_OPERATORS = frozenset({"in", "not_in"})
ORDER_OPERATORS = frozenset({"gt", "gte", "lt", "lte"})
TEXT_OPERATORS = frozenset({"contains", "not_contains", "starts_with", "ends_with"})


def takes_value(operator: Operator) -> bool:
    return operator not in UNARY_OPERATORS


def scalar(item: str) -> JsonValue:
    """One typed literal: number, boolean, "quoted text" or bare text."""
    if _NUMBER.match(item):
        return float(item) if any(mark in item for mark in ".eE") else int(item)
    if item in ("true", "false"):
        return item == "true"
    return unquote(item)


def value_type_of(value: JsonValue) -> ValueType:
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str) and _DATE.match(value):
        return "date"
    return "string"


def parse_value(raw: str, operator: Operator, *, text_only: bool = False) -> JsonValue:
    """The typed value for `operator`; raises ValueError with a one-line reason.
    `text_only` keeps every value as text (audience filters take strings only)."""
    typed = (lambda item: unquote(item)) if text_only else scalar
    stripped = raw.strip()
    if not takes_value(operator):
        return None
    if operator == "clicked":
        return unquote(stripped) or None  # an optional link to match
    if operator in LIST_OPERATORS:
        items = split_items(stripped)
        if not items:
            raise ValueError("list one or more values, separated by commas")
        return [typed(item) for item in items]
    if not stripped:
        raise ValueError("a value is required")
    if operator in TEXT_OPERATORS:
        return unquote(stripped)
    value = typed(stripped)
    if operator in ORDER_OPERATORS and value_type_of(value) not in ("number", "date"):
        raise ValueError(f"'{stripped}' is neither a number nor a date (YYYY-MM-DD)")
    return value


def format_value(value: JsonValue) -> str:
    """The text that parses back to `value` (strings that look typed get quotes)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_format_item(item) for item in value)
    return _format_item(value)


def _format_item(value: JsonValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if value == "":
        return '""'
    if isinstance(value, str):
        looks_typed = scalar(value) != value or value != value.strip()
        return json.dumps(value) if looks_typed or "," in value or '"' in value else value
    return json.dumps(value)

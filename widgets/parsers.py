"""Turning what a user typed into a model value, or one line saying why not.

Every parser takes the control's raw value and returns the model value, or
raises ValueError with a message short enough for the line under a field.
They are plain functions (no Textual) so they are tested directly and shared
by every editor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

from tui.model.steps import TIME_UNITS, TimeUnit, check_time_of_day
from tui.model.workflow import Duration

Parser = Callable[[Any], Any]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")

UNIT_SHORTHANDS: dict[str, TimeUnit] = {
    "s": "seconds", "sec": "seconds", "m": "minutes", "min": "minutes", "mins": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "d": "days", "w": "weeks", "M": "months",
    "mo": "months",
}


def same(value: Any) -> Any:
    """The value as the control holds it (selects, checkboxes, composite controls)."""
    return value


def text(*, max_length: int | None = None, required: str | None = None) -> Parser:
    """Free text; `required` is the message shown when it is blank."""

    def parse(value: str) -> str:
        if required and not value.strip():
            raise ValueError(required)
        if max_length is not None and len(value) > max_length:
            raise ValueError(f"at most {max_length} characters (now {len(value)})")
        return value

    return parse


def optional_text(*, max_length: int | None = None) -> Parser:
    """Text where blank means "not set" (None), e.g. a template id."""
    inner = text(max_length=max_length)
    return lambda value: inner(value) if value.strip() else None


def number(raw: str, *, integer: bool = False, minimum: float | None = None,
           maximum: float | None = None) -> int | float:
    """A number typed as text, within bounds; whole numbers come back as int."""
    stripped = raw.strip().replace("_", "")
    if not stripped:
        raise ValueError("a number is required")
    if not _NUMBER.match(stripped):
        raise ValueError(f"'{raw.strip()}' is not a number")
    value = float(stripped)
    if integer and not value.is_integer():
        raise ValueError(f"'{raw.strip()}' is not a whole number")
    if minimum is not None and value < minimum:
        raise ValueError(f"at least {plain_number(minimum)}")
    if maximum is not None and value > maximum:
        raise ValueError(f"at most {plain_number(maximum)}")
    return int(value) if value.is_integer() else value


def plain_number(value: float) -> str:
    """12.0 → "12", 2.5 → "2.5"."""
    return str(int(value)) if float(value).is_integer() else str(value)


def split_items(raw: str) -> list[str]:
    """Comma-separated items; a comma inside double quotes belongs to the item.
    Items keep their quotes so a caller can tell `"50"` (text) from `50`."""
    items: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in raw:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


def unquote(item: str) -> str:
    if len(item) >= 2 and item[0] == item[-1] == '"':
        try:
            return str(json.loads(item))
        except json.JSONDecodeError:
            return item[1:-1]
    return item


def comma_list(raw: str) -> list[str]:
    """`a, b, "c, d"` → ["a", "b", "c, d"]; blank → []."""
    return [unquote(item) for item in split_items(raw)]


def join_items(items: Iterable[str]) -> str:
    """The inverse of `comma_list`: items holding commas or quotes are quoted."""
    return ", ".join(json.dumps(item) if ("," in item or '"' in item) else item
                     for item in items)


def time_of_day(raw: str) -> str:
    value = raw.strip()
    if not value:
        raise ValueError("a time is required, as HH:MM")
    try:
        check_time_of_day(value)
    except ValueError as exc:
        raise ValueError(str(exc)) from None
    return value


def email_address(raw: str) -> str:
    """An address, or blank; merge tags (`{{…}}`, `[[…]]`) pass unchecked."""
    value = raw.strip()
    if value and not _EMAIL.match(value) and not re.search(r"\{\{|\[\[", value):
        raise ValueError(f"'{value}' is not an email address")
    return value


def http_url(raw: str) -> str:
    value = raw.strip()
    if value and not re.match(r"^https?://[^\s/]+", value):
        raise ValueError("a URL starts with http:// or https:// and names a host")
    return value


def duration_text(units: Collection[TimeUnit] = TIME_UNITS) -> Parser:
    """`30m`, `2 h`, `7d` → Duration; blank → None. Only `units` are accepted."""

    def parse(raw: str) -> Duration | None:
        if not raw.strip():
            return None
        match = _DURATION.match(raw)
        unit = None
        if match:
            word = match.group(2)
            unit = UNIT_SHORTHANDS.get(word) or UNIT_SHORTHANDS.get(word.lower())
            unit = unit or next((u for u in TIME_UNITS if u.startswith(word.lower())), None)
        allowed = ", ".join(f"{u[0] if u != 'months' else 'M'} = {u}" for u in units)
        if not match or unit is None or unit not in units:
            raise ValueError(f"an amount and a unit, like 30m ({allowed})")
        amount = float(match.group(1))
        if amount <= 0:
            raise ValueError("the amount must be more than 0")
        return Duration(amount=amount, unit=unit)

    return parse


def format_duration(value: Duration | None) -> str:
    if value is None:
        return ""
    short = "M" if value.unit == "months" else value.unit[0]
    return f"{plain_number(value.amount)}{short}"


def json_text(raw: str) -> Any:
    """JSON typed as text; blank → None."""
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} at column {exc.colno}") from None


def json_object(raw: str) -> dict[str, Any] | None:
    """A JSON object typed as text; blank → None."""
    value = json_text(raw)
    if value is not None and not isinstance(value, dict):
        raise ValueError('a JSON object, like {"key": "value"}')
    return value


def unique_id(taken: Collection[str], *, what: str = "step") -> Parser:
    """An id not used elsewhere in the workflow."""

    def parse(raw: str) -> str:
        value = raw.strip()
        if not value:
            raise ValueError("an id is required")
        if value in taken:
            raise ValueError(f"'{value}' is already the id of another {what}")
        return value

    return parse


def chain(*parsers: Parser) -> Parser:
    """Apply parsers in turn, each to the previous one's result."""

    def parse(value: Any) -> Any:
        for parser in parsers:
            value = parser(value)
        return value

    return parse

"""Kibamail's condition grammar ⇄ the neutral `Condition`.

The grammar (shared by if-else nodes, trigger-node conditions and segments):

- field condition `{"field", "operator", "value"}` ⇄ `Rule(source="contact")`;
  `ne`/`nin`/`startsWith`/`endsWith` map to `neq`/`not_in`/`starts_with`/
  `ends_with`, `{"operator": "exists", "value": true|false}` to `exists` /
  `not_exists`;
- topic condition `{"subscribedToTopic": [ids]}` ⇄ `Rule(field="topics",
  operator="in", value=[ids])`, `notSubscribedToTopic` ⇄ `not_in` (a rule on
  `topics` with another operator is an ordinary contact field); an object
  holding both keys reads as an `and` group of the two rules;
- `{"$and": [...]}`, `{"$or": [...]}`, `{"$not": {...}}` ⇄ groups, nested freely.

A node's top-level `conditions` may be a single condition rather than a group;
that reads as an `and` group of one item, and the caller remembers it as
`bare` so it compiles back the same way.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from tui.model.conditions import Condition, Rule
from tui.model.document import describe
from tui.model.errors import PayloadError
from tui.vendors.kibamail.memory import KEPT, recall
from tui.vendors.kibamail.vocabulary import (
    EXISTS,
    FIELD_OPERATORS,
    LOGICAL_KEYS,
    NEUTRAL_OPERATORS,
    TOPIC_KEYS,
    TOPICS_FIELD,
    VENDOR,
    VENDOR_OPERATORS,
)

_FIELD_KEYS = ("field", "operator", "value")
_TOPIC_OPERATORS = {key: operator for operator, key in TOPIC_KEYS.items()}


def read_conditions(value: Any, path: str) -> tuple[Condition, bool]:
    """The condition a node's `conditions` holds, and whether it was a bare single condition."""
    item = read_item(value, path)
    if isinstance(item, Rule):
        return Condition(op="and", items=[item]), True
    return item, False


def read_item(value: Any, path: str) -> Rule | Condition:
    if not isinstance(value, dict):
        raise PayloadError("a condition is an object", path)
    if "field" in value or "operator" in value:
        return _read_field(value, path)
    if any(key in value for key in _TOPIC_OPERATORS):
        return _read_topics(value, path)
    logical = [key for key in value if key in LOGICAL_KEYS]
    if len(logical) != 1 or len(value) != 1:
        raise PayloadError(
            "a condition is {field, operator, value}, {subscribedToTopic / notSubscribedToTopic},"
            " or exactly one of $and, $or, $not", path)
    key = logical[0]
    inner = value[key]
    if key == "$not":
        return Condition(op="not", items=[read_item(inner, f"{path}.$not")])
    if not isinstance(inner, list):
        raise PayloadError(f"{key} takes an array of conditions", f"{path}.{key}")
    items = [read_item(entry, f"{path}.{key}[{index}]") for index, entry in enumerate(inner)]
    return Condition(op=LOGICAL_KEYS[key], items=items)  # type: ignore[arg-type]


def _read_field(value: dict[str, Any], path: str) -> Rule:
    for key in _FIELD_KEYS:
        if key not in value:
            raise PayloadError("required field is missing", f"{path}.{key}")
    operator, raw = value["operator"], value["value"]
    if operator not in VENDOR_OPERATORS:
        raise PayloadError(f"unknown operator {operator!r} (Kibamail has "
                           f"{', '.join(VENDOR_OPERATORS)})", f"{path}.operator")
    if operator == EXISTS:
        if not isinstance(raw, bool):
            raise PayloadError("the exists operator takes true or false", f"{path}.value")
        neutral, raw = ("exists" if raw else "not_exists"), None
    else:
        neutral = FIELD_OPERATORS[operator]
    kept = {key: item for key, item in value.items() if key not in _FIELD_KEYS}
    return _rule(path, field=value["field"], operator=neutral, value=raw, kept=kept)


def _read_topics(value: dict[str, Any], path: str) -> Rule | Condition:
    rules: list[Rule] = []
    kept = {key: item for key, item in value.items() if key not in _TOPIC_OPERATORS}
    for key, operator in _TOPIC_OPERATORS.items():
        if key not in value:
            continue
        ids = value[key]
        if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
            raise PayloadError("takes an array of topic ids", f"{path}.{key}")
        rules.append(_rule(path, field=TOPICS_FIELD, operator=operator, value=ids, kept=kept))
        kept = {}
    if len(rules) == 1:
        return rules[0]
    rules[0].extras = {VENDOR: {**recall(rules[0]), "combined": True}}
    return Condition(op="and", items=list(rules))


def _rule(path: str, *, kept: dict[str, Any], **fields: Any) -> Rule:
    try:
        return Rule(source="contact", extras={VENDOR: {KEPT: kept}} if kept else {}, **fields)
    except ValidationError as exc:
        location, message = describe(exc)
        raise PayloadError(message, f"{path}.{location}" if location else path) from None


def write_conditions(condition: Condition, bare: bool) -> dict[str, Any]:
    """The `conditions` value of a node (the inverse of `read_conditions`)."""
    if bare and condition.op == "and" and len(condition.items) == 1 and isinstance(
        condition.items[0], Rule
    ):
        return write_item(condition.items[0])
    return write_item(condition)


def write_item(item: Rule | Condition) -> dict[str, Any]:
    if isinstance(item, Rule):
        return _write_rule(item)
    combined = _combined_topics(item)
    if combined is not None:
        return combined
    if item.op == "not":
        return {"$not": write_item(item.items[0])}
    return {f"${item.op}": [write_item(inner) for inner in item.items]}


def _write_rule(rule: Rule) -> dict[str, Any]:
    if rule.field == TOPICS_FIELD and rule.operator in TOPIC_KEYS:
        ids = rule.value if isinstance(rule.value, list) else []
        out: dict[str, Any] = {TOPIC_KEYS[rule.operator]: list(ids)}
    elif rule.operator in ("exists", "not_exists"):
        out = {"field": rule.field, "operator": EXISTS, "value": rule.operator == "exists"}
    else:
        operator = NEUTRAL_OPERATORS.get(rule.operator, rule.operator)
        out = {"field": rule.field, "operator": operator, "value": rule.value}
    kept = recall(rule).get(KEPT)
    if isinstance(kept, dict):
        for key, value in kept.items():
            out.setdefault(key, value)
    return out


def _combined_topics(group: Condition) -> dict[str, Any] | None:
    """One topic object for an `and` of a subscribed and a not-subscribed rule read from one."""
    if group.op != "and" or len(group.items) != 2:
        return None
    first, second = group.items
    if not (isinstance(first, Rule) and isinstance(second, Rule)
            and recall(first).get("combined") is True):
        return None
    if (first.field, first.operator, second.field, second.operator) != (
        TOPICS_FIELD, "in", TOPICS_FIELD, "not_in"
    ):
        return None
    return {**_write_rule(first), **_write_rule(second)}


def grammar_error(value: Any, path: str) -> tuple[str, str] | None:
    """Where and why Kibamail's condition schema refuses `value`; None when it takes it.

    The server tries a field, a topic and a logical condition in turn and takes
    the first that fits, so `value` is wrong only when all three fail; the
    reason reported is the one of the form its keys suggest.
    """
    if not isinstance(value, dict):
        return path, "a condition is an object"
    failures = [_field_error(value, path), _topic_error(value, path), _logical_error(value, path)]
    if any(failure is None for failure in failures):
        return None
    if "field" in value or "operator" in value:
        return failures[0]
    if any(key in value for key in _TOPIC_OPERATORS):
        return failures[1]
    if any(key in value for key in LOGICAL_KEYS):
        return failures[2]
    return path, ("not a condition: give field/operator/value, subscribedToTopic or "
                  "notSubscribedToTopic, or one of $and, $or, $not")


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _field_error(value: dict[str, Any], path: str) -> tuple[str, str] | None:
    field, operator = value.get("field"), value.get("operator")
    if not isinstance(field, str) or not field:
        return f"{path}.field", "a field name is required"
    if operator not in VENDOR_OPERATORS:
        return f"{path}.operator", f"the operator must be one of {', '.join(VENDOR_OPERATORS)}"
    if "value" not in value:
        return f"{path}.value", "a value is required"
    raw = value["value"]
    if raw is None and operator != EXISTS:
        return f"{path}.value", 'null is only allowed with "exists" (use exists: false)'
    fits = raw is None or isinstance(raw, bool) or _scalar(raw) or (
        isinstance(raw, list) and all(_scalar(item) for item in raw))
    return None if fits else (f"{path}.value", "the value must be a string, number, boolean, "
                                               "null or an array of strings and numbers")


def _topic_error(value: dict[str, Any], path: str) -> tuple[str, str] | None:
    present = [key for key in _TOPIC_OPERATORS if key in value]
    if not present:
        return path, "give subscribedToTopic or notSubscribedToTopic"
    for key in present:
        ids = value[key]
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            return f"{path}.{key}", "takes a non-empty array of topic ids"
    return None


def _logical_error(value: dict[str, Any], path: str) -> tuple[str, str] | None:
    present = [key for key in LOGICAL_KEYS if key in value]
    if not present:
        return path, "give one of $and, $or, $not"
    for key in present:
        inner = value[key]
        if key == "$not":
            found = grammar_error(inner, f"{path}.$not")
        elif not isinstance(inner, list) or not inner:
            found = f"{path}.{key}", "takes a non-empty array of conditions"
        else:
            found = next((error for index, item in enumerate(inner)
                          if (error := grammar_error(item, f"{path}.{key}[{index}]"))), None)
        if found is not None:
            return found
    return None

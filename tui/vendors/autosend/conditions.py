"""`filterCriteria` ⇄ `Condition`: the one filter shape AutoSend uses for entry and lanes.

AutoSend filters are flat: one `logicalOperator` over a list of conditions on
contact fields (`customFields.plan`). Nested groups and `not` have no AutoSend
form; `check` reports them, and compile writes the flattened rules.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from tui.model.conditions import Condition, Rule
from tui.model.errors import PayloadError
from tui.vendors.autosend.extras import own, stash
from tui.vendors.autosend.vocabulary import (
    LOGICAL_OPERATORS,
    OPERATORS,
    VENDOR_LOGICAL,
    VENDOR_OPERATORS,
)
from tui.vendors.payload import merge_leftovers


def to_filter(condition: Condition) -> dict[str, Any]:
    return {
        "logicalOperator": VENDOR_LOGICAL.get(condition.op, "AND"),
        "conditions": [_to_condition(rule) for rule in condition.rules()],
    }


def _to_condition(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {
        "field": rule.field,
        "operator": VENDOR_OPERATORS.get(rule.operator, rule.operator),
    }
    if rule.value is not None:
        out["value"] = rule.value
    if rule.value_type is not None:
        out["fieldType"] = rule.value_type
    return merge_leftovers(out, own(rule.extras))


def from_filter(data: dict[str, Any], path: str) -> tuple[Condition, dict[str, Any]]:
    """The condition a validated `filterCriteria` describes, and its fields left for extras."""
    rest = dict(data)
    op = LOGICAL_OPERATORS[rest.pop("logicalOperator", "AND")]
    key = "groups" if rest.get("conditions") is None and "groups" in rest else "conditions"
    items = rest.pop(key, None) or []
    rules = [_from_condition(item, f"{path}.{key}[{index}]") for index, item in enumerate(items)]
    return Condition(op=op, items=rules), rest  # type: ignore[arg-type]


def _from_condition(data: dict[str, Any], path: str) -> Rule:
    rest = dict(data)
    word = rest.pop("operator")
    operator = OPERATORS.get(word)
    if operator is None:
        known = ", ".join(OPERATORS)
        raise PayloadError(f"unknown operator '{word}' (AutoSend: {known})", f"{path}.operator")
    try:
        return Rule(
            source="contact",
            field=rest.pop("field"),
            operator=operator,
            value=rest.pop("value", None),
            value_type=rest.pop("fieldType", None),
            extras=stash(rest),
        )
    except ValidationError as exc:
        message = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise PayloadError(message, path) from None

"""Neutral conditions ⇄ Omnisend filter groups, in both directions.

Omnisend has four places for conditions, with three filter shapes:
trigger `filterGroups` (a list of event filter groups, ANDed), the audience and
exit conditions (one group each), and split groups whose filters are typed
`event`, `contact` or `message`. A group is a flat `Condition`; several trigger
groups are an `and` Condition of flat groups.

A message filter names a send block by its temporaryID; the neutral rule keeps
that id as its field and the engagement (`opened` / `clicked`), so the channel
is derived from the kind of the step it names. Only when the payload's operator
disagrees with that derivation is it kept in the rule's extras, so a faulty
payload still round-trips exactly (and `check` reports it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, JsonValue

from tui.model.conditions import Condition, Rule, ValueType
from tui.vendors.omnisend.leftovers import VENDOR, keep, kept, restore
from tui.vendors.omnisend.vocabulary import (
    CONTACT_OPERATORS,
    EVENT_OPERATORS,
    MESSAGE_OPERATORS,
    SEND_KINDS,
    WIRE_OPERATORS,
    message_operator,
)
from tui.vendors.omnisend.wire import (
    ContactFilterGroupRequest,
    ContactFilterRequest,
    EventFilterGroupRequest,
    EventFilterRequest,
    SplitFilterGroupRequest,
    SplitFilterRequest,
)

StepKinds = Mapping[str, str]
"""Step id → step kind of every step in the workflow (to derive message channels)."""


# --- payload → model ---------------------------------------------------------------------


def _json_type(value: JsonValue) -> ValueType | None:
    """The declared type an Omnisend value implies: its JSON type must match the property's."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string" if isinstance(value, str) else None


def _used(flt: BaseModel, *names: str) -> list[str]:
    """The filter's fields compile writes from the rule (`value` only when there is one)."""
    value = getattr(flt, "value", None)
    return [*names, "field", "operator", *(["value"] if value is not None else [])]


def event_rule(flt: EventFilterRequest | SplitFilterRequest) -> Rule:
    return Rule(source="event", field=flt.field, operator=EVENT_OPERATORS[flt.operator],
                value=flt.value, value_type=_json_type(flt.value),
                extras=keep(flt, _used(flt, "type")))


def contact_rule(flt: ContactFilterRequest | SplitFilterRequest) -> Rule:
    return Rule(source="contact", field=flt.field, operator=CONTACT_OPERATORS[flt.operator],
                value=flt.value, value_type="string", extras=keep(flt, _used(flt, "type")))


def message_rule(flt: SplitFilterRequest, kinds: StepKinds) -> Rule:
    engagement, _ = MESSAGE_OPERATORS[flt.operator]
    block_id = str(flt.value)
    extras = keep(flt, _used(flt, "type"))
    if _derived_operator(engagement, block_id, kinds) != flt.operator:
        extras = {VENDOR: {**kept(extras), "operator": flt.operator}}
    return Rule(source="message", field=block_id, operator=engagement, extras=extras)


def split_rule(flt: SplitFilterRequest, kinds: StepKinds) -> Rule:
    if flt.type == "message":
        return message_rule(flt, kinds)
    return contact_rule(flt) if flt.type == "contact" else event_rule(flt)


def event_condition(group: EventFilterGroupRequest) -> Condition:
    return Condition(op=group.logicalOperator, items=[event_rule(f) for f in group.filters])


def audience_condition(group: ContactFilterGroupRequest) -> Condition:
    return Condition(op=group.logicalOperator, items=[contact_rule(f) for f in group.filters])


def split_condition(group: SplitFilterGroupRequest, kinds: StepKinds) -> Condition:
    return Condition(op=group.logicalOperator, items=[split_rule(f, kinds) for f in group.filters])


def trigger_condition(groups: list[EventFilterGroupRequest] | None) -> Condition | None:
    """One group is a flat condition; several (ANDed by Omnisend) are an `and` of groups."""
    if not groups:
        return None
    if len(groups) == 1:
        return event_condition(groups[0])
    return Condition(op="and", items=[event_condition(group) for group in groups])


# --- model → payload ---------------------------------------------------------------------


def _derived_operator(engagement: str, step_id: str, kinds: StepKinds) -> str | None:
    kind = kinds.get(step_id)
    return message_operator(engagement, kind) if kind in SEND_KINDS else None


def wire_message_operator(rule: Rule, kinds: StepKinds) -> str:
    """The operator a message rule compiles to: a kept payload operator, else the derived one."""
    held = kept(rule.extras).get("operator")
    if isinstance(held, str):
        return held
    return _derived_operator(rule.operator, rule.field, kinds) or message_operator(
        rule.operator, "email")


def event_filter(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"field": rule.field,
                           "operator": WIRE_OPERATORS.get(rule.operator, rule.operator)}
    if rule.value is not None:
        out["value"] = rule.value
    return restore(out, rule.extras)


def split_filter(rule: Rule, kinds: StepKinds) -> dict[str, Any]:
    if rule.source != "message":
        return {"type": rule.source, **event_filter(rule)}
    return restore({"type": "message", "field": "blockID",
                    "operator": wire_message_operator(rule, kinds), "value": rule.field},
                   rule.extras)


def group(condition: Condition, to_filter: Callable[[Rule], dict[str, Any]]) -> dict[str, Any]:
    """One filter group. Nested groups are flattened here; `check` reports that Omnisend
    cannot nest them where it matters."""
    operator = condition.op if condition.op in ("and", "or") else "and"
    return {"logicalOperator": operator, "filters": [to_filter(r) for r in condition.rules()]}


def trigger_groups_of(condition: Condition) -> list[Condition]:
    """The groups a trigger condition compiles to: an `and` of flat groups, else itself."""
    if condition.op == "and" and condition.items and all(
        isinstance(item, Condition) and item.is_flat() for item in condition.items
    ):
        return [item for item in condition.items if isinstance(item, Condition)]
    return [condition]


def trigger_groups(condition: Condition) -> list[dict[str, Any]]:
    return [group(part, event_filter) for part in trigger_groups_of(condition)]

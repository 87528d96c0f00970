"""Rules for conditions: trigger filters, audience, split conditions, exit conditions.

- every filter group holds at least one filter;
- trigger filters nest one level (an `and` of groups) and look at the event;
  the other places take a single group;
- an event filter's value has the JSON type its operator needs (numbers for
  gt/gte/lt/lte, text for contains/startsWith/…, and the declared type);
- a contact filter's value is text (gender `m`/`f`, dateAdded `YYYY-MM-DD`);
- a message filter names a send step that comes before the split, with an
  engagement that channel has (`opened` is email and push only);
- the built-in events cannot be exit conditions and take no origin; a birthday
  trigger is shifted by one `birthdate eq "<hours>h"` filter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import ValidationError

from tui.model.conditions import Condition, Rule
from tui.model.problems import Problem, error, warning
from tui.model.steps import BranchStep
from tui.model.tree import walk
from tui.model.workflow import Workflow
from tui.vendors.omnisend.filters import StepKinds, trigger_groups_of, wire_message_operator
from tui.vendors.omnisend.leftovers import kept
from tui.vendors.omnisend.vocabulary import (
    AUDIENCE_FIELDS,
    BUILT_IN_EVENTS,
    CONTACT_OPERATORS,
    MESSAGE_OPERATORS,
    NO_ORIGIN_EVENTS,
    NUMERIC_OPERATORS,
    SEND_KINDS,
    TEXT_OPERATORS,
    WIRE_OPERATORS,
)
from tui.vendors.omnisend.wire import UrlMatchRequest

_BIRTHDAY_OFFSET = re.compile(r"^-?\d+h$")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
_JSON_TYPES = {"string": (str,), "number": (int, float), "boolean": (bool,)}


@dataclass(frozen=True, slots=True)
class Where:
    """Where a condition sits, for the problems it produces."""

    path: str
    step_id: str | None = None

    def error(self, message: str, code: str, suffix: str = "") -> Problem:
        return error(message, code, step_id=self.step_id, path=self.path + suffix)

    def warning(self, message: str, code: str, suffix: str = "") -> Problem:
        return warning(message, code, step_id=self.step_id, path=self.path + suffix)


def condition_problems(workflow: Workflow) -> Iterator[Problem]:
    yield from _trigger(workflow)
    if workflow.audience is not None:
        where = Where("audience")
        yield from _non_empty(workflow.audience, where)
        for rule in workflow.audience.rules():
            yield from _contact_rule(rule, where, audience=True)
    for index, rule in enumerate(workflow.exit):
        yield from _exit(rule.event, rule.origin, rule.filters, Where(f"exit[{index}]"))
    yield from _splits(workflow)


def _trigger(workflow: Workflow) -> Iterator[Problem]:
    trigger = workflow.trigger
    where = Where("trigger")
    if not trigger.event.strip():
        yield where.error("the trigger needs an event", "EVENT_REQUIRED", ".event")
    if trigger.origin and trigger.event in NO_ORIGIN_EVENTS:
        yield where.warning(f"omit the origin for '{trigger.event}'", "ORIGIN_NOT_ALLOWED",
                            ".origin")
    if trigger.inactivity is not None:
        inactivity = trigger.inactivity
        if inactivity.unit not in ("minutes", "hours", "days", "weeks"):
            yield where.error(f"Omnisend cannot express inactivity in {inactivity.unit} "
                              "(minutes, hours, days or weeks)", "UNSUPPORTED", ".inactivity")
        if not float(inactivity.amount).is_integer():
            yield where.error("the inactivity amount is a whole number", "INVALID_FORMAT",
                              ".inactivity.amount")
    if trigger.filters is None:
        return
    where = Where("trigger.filters")
    groups = trigger_groups_of(trigger.filters)
    if len(groups) == 1 and groups[0].op != "not" and not groups[0].is_flat():
        yield where.error("Omnisend cannot express these nested trigger groups: use one group, "
                          "or an 'and' of groups", "UNSUPPORTED")
    for group in groups:
        yield from _non_empty(group, where)
    for rule in trigger.filters.rules():
        if rule.source != "event":
            yield where.error(f"Omnisend cannot express a trigger filter on a {rule.source} "
                              f"field ('{rule.field}'); trigger filters look at the event "
                              "(use the audience for contact fields)", "UNSUPPORTED")
        else:
            yield from _event_rule(rule, where)
    if trigger.event == "birthday":
        rules = trigger.filters.rules()
        offset = rules[0] if len(groups) == 1 and len(rules) == 1 else None
        if offset is None or offset.field != "birthdate" or offset.operator != "eq" or not (
            isinstance(offset.value, str) and _BIRTHDAY_OFFSET.match(offset.value)
        ):
            yield where.error("a birthday trigger is shifted by exactly one filter "
                              "birthdate eq \"<hours>h\" (e.g. \"-24h\")",
                              "BIRTHDAY_OFFSET_INVALID")


def _exit(event: str, origin: str | None, filters: Condition | None,
          where: Where) -> Iterator[Problem]:
    if not event.strip():
        yield where.error("an exit condition needs an event", "EVENT_REQUIRED", ".event")
    elif event in BUILT_IN_EVENTS:
        yield where.error(f"the built-in event '{event}' cannot be an exit condition",
                          "EXIT_BUILTIN_EVENT", ".event")
    if origin and event in NO_ORIGIN_EVENTS:
        yield where.warning(f"omit the origin for '{event}'", "ORIGIN_NOT_ALLOWED", ".origin")
    if filters is None:
        return
    inner = Where(where.path + ".filters")
    yield from _single_group(filters, inner, "an exit condition")
    for rule in filters.rules():
        if rule.source != "event":
            yield inner.error(f"Omnisend cannot express an exit filter on a {rule.source} "
                              f"field ('{rule.field}'); exit filters look at the event",
                              "UNSUPPORTED")
        else:
            yield from _event_rule(rule, inner)


def _splits(workflow: Workflow) -> Iterator[Problem]:
    places = list(walk(workflow.steps))
    kinds: StepKinds = {place.step.id: place.step.kind for place in places}
    order: dict[str, int] = {}
    for index, place in enumerate(places):
        order.setdefault(place.step.id, index)
    for index, place in enumerate(places):
        step = place.step
        if not isinstance(step, BranchStep) or not step.arms:
            continue
        condition = step.arms[0].condition
        where = Where("arms[0].condition", step.id)
        yield from _single_group(condition, where, "a split")
        for rule in condition.rules():
            if rule.source == "event":
                yield from _event_rule(rule, where)
            elif rule.source == "contact":
                yield from _contact_rule(rule, where, audience=False)
            elif rule.source == "message":
                yield from _message_rule(rule, where, kinds, order, index)


def _non_empty(group: Condition, where: Where) -> Iterator[Problem]:
    if not group.rules():
        yield where.error("a filter group needs at least one filter", "FILTER_GROUP_EMPTY")


def _single_group(condition: Condition, where: Where, place: str) -> Iterator[Problem]:
    if condition.op != "not" and not condition.is_flat():  # the common check reports `not`
        yield where.error(f"Omnisend cannot express nested groups in {place}: it takes one "
                          "group of filters", "UNSUPPORTED")
    yield from _non_empty(condition, where)


def _event_rule(rule: Rule, where: Where) -> Iterator[Problem]:
    name = f"'{rule.field}' {WIRE_OPERATORS.get(rule.operator, rule.operator)}"
    value = rule.value
    if rule.operator in ("exists", "not_exists") or rule.operator not in WIRE_OPERATORS:
        return
    if value is None:
        yield where.error(f"the event filter {name} needs a value", "REQUIRED_FIELD")
    elif rule.operator in NUMERIC_OPERATORS and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        yield where.error(f"the event filter {name} compares numbers: send {value!r} as a JSON "
                          "number", "EVENT_FILTER_VALUE_TYPE")
    elif rule.operator in TEXT_OPERATORS and not isinstance(value, str):
        yield where.error(f"the event filter {name} compares text: its value must be a string",
                          "EVENT_FILTER_VALUE_TYPE")
    elif rule.value_type in _JSON_TYPES and not isinstance(value, list) and (
        not isinstance(value, _JSON_TYPES[rule.value_type])
        or (rule.value_type == "number" and isinstance(value, bool))
    ):
        yield where.error(f"the event filter {name} is declared {rule.value_type} but its value "
                          f"{value!r} is not; the JSON type must match the property's",
                          "EVENT_FILTER_VALUE_TYPE")


def _contact_rule(rule: Rule, where: Where, *, audience: bool) -> Iterator[Problem]:
    if rule.source != "contact" and audience:
        yield where.error(f"Omnisend cannot express an audience filter on a {rule.source} "
                          f"field ('{rule.field}')", "UNSUPPORTED")
        return
    known = AUDIENCE_FIELDS.get(rule.field)
    if not audience and known is None:
        yield where.warning(f"'{rule.field}' is not a documented contact field "
                            f"({', '.join(AUDIENCE_FIELDS)})", "CONTACT_FILTER_FIELD")
    wire = WIRE_OPERATORS.get(rule.operator, rule.operator)
    if not audience and known is not None and wire in CONTACT_OPERATORS and wire not in known:
        yield where.error(f"the contact field '{rule.field}' takes {', '.join(known)}, not "
                          f"{wire}", "CONTACT_FILTER_FIELD")
    value = rule.value
    if not isinstance(value, str) or not value:
        yield where.error(f"the contact filter on '{rule.field}' needs a non-empty text value",
                          "CONTACT_FILTER_VALUE")
    elif rule.field == "gender" and value not in ("m", "f"):
        yield where.error("gender is \"m\" or \"f\"", "CONTACT_FILTER_VALUE")
    elif rule.field == "dateAdded" and not _DATE.match(value):
        yield where.error(f"dateAdded is a date as YYYY-MM-DD, not {value!r}",
                          "CONTACT_FILTER_VALUE")


def _message_rule(rule: Rule, where: Where, kinds: StepKinds, order: dict[str, int],
                  split_index: int) -> Iterator[Problem]:
    target, kind = order.get(rule.field), kinds.get(rule.field)
    if rule.operator not in ("opened", "clicked"):
        return  # the common check reports the operator
    if target is None:
        yield where.error(f"the message filter names '{rule.field}', which is no step of this "
                          "workflow", "MESSAGE_FILTER_REFERENCE")
    elif kind not in SEND_KINDS:
        yield where.error(f"the message filter names '{rule.field}', a {kind} step; it must "
                          "name an email, SMS or push step", "MESSAGE_FILTER_REFERENCE")
    elif target > split_index:
        yield where.error(f"the message filter names '{rule.field}', which comes after the "
                          "split; it must name a send step above it", "MESSAGE_FILTER_REFERENCE")
    else:
        operator = wire_message_operator(rule, kinds)
        if MESSAGE_OPERATORS.get(operator) != (rule.operator, kind):
            yield where.error(f"'{operator}' does not fit '{rule.field}', a {kind} step "
                              f"(Omnisend has {', '.join(MESSAGE_OPERATORS)})",
                              "MESSAGE_FILTER_CHANNEL")
    yield from _url_match(rule, where)


def _url_match(rule: Rule, where: Where) -> Iterator[Problem]:
    url_match = kept(rule.extras).get("urlMatch")
    if url_match is None:
        return
    if rule.operator == "opened":
        yield where.error("only clicked filters take a URL match", "URL_MATCH_INVALID")
        return
    try:
        match = UrlMatchRequest.model_validate(url_match)
    except ValidationError:
        yield where.error("a URL match is {operator: any|is|contains|startsWith|endsWith, "
                          "value}", "URL_MATCH_INVALID")
        return
    if match.operator != "any" and not match.value:
        yield where.error(f"the URL match '{match.operator}' needs a value", "URL_MATCH_INVALID")

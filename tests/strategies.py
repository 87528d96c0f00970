"""Workflows within a vendor's capabilities, and hostile JSON, for property tests and benchmarks.

One builder serves every vendor. It reads what to offer from the adapter's
`Capabilities` (events and their params, step kinds, operators per source,
wait units and modes, branch and split shapes, contact actions, webhook
methods, audience fields) and, for flat vendors, the adapter's `SLOTS`. What
capabilities do not describe — values a vendor requires (an Omnisend template
id is 24 hex digits), sequence rules (an AutoSend email follows a wait), how a
vendor spells ids it makes up on import — is in `FACTS`, one small entry per
vendor, each line read from that adapter's `check` or `parse`.

The builder makes its choices through a `Chooser`: `HypothesisChooser` draws
them (property tests, shrinking included) and `SeededChooser` takes them from a
seeded `random.Random` (benchmark workloads of a given size), so the benchmarks
time exactly the kind of workflow the property tests prove valid.

Generated workflows are in the form `parse` gives back (its ids, its defaults),
so a round trip can be compared exactly; the one vendor that reads its body back
as a different but equivalent program (Kibamail's graph: chained if-else nodes,
a non-rejoining arm's continuation in the otherwise) is described by
`round_trip_view`.
"""

from __future__ import annotations

import copy
import importlib
import json
import os
import random
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import JsonValue

from tui.model.conditions import UNARY_OPERATORS, Condition, Rule
from tui.model.steps import (
    BranchArm,
    BranchStep,
    ContactStep,
    EmailStep,
    PushStep,
    ScreenStep,
    SmsStep,
    SplitArm,
    SplitStep,
    Step,
    WaitStep,
    WebhookStep,
)
from tui.model.workflow import Duration, ExitRule, Trigger, Workflow
from tui.vendors import get, vendor_ids
from tui.vendors.base import Capabilities, EventChoice

T = TypeVar("T")

VENDORS: tuple[str, ...] = tuple(vendor_ids())

# --- hypothesis profiles ------------------------------------------------------------------

settings.register_profile(
    "ci", max_examples=2000, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "dev", max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")
EXAMPLES = settings.get_profile(PROFILE)
"""The settings every property test here runs with: 2,000 reproducible examples per test
under HYPOTHESIS_PROFILE=ci, a quick randomised sample otherwise."""


def examples(share: float) -> settings:
    """`EXAMPLES` with `share` of its examples, for tests that split a vendor's budget."""
    return settings(EXAMPLES, max_examples=max(1, round(EXAMPLES.max_examples * share)))


# --- choices ------------------------------------------------------------------------------

class Chooser(Protocol):
    """Where the builder's decisions come from."""

    def pick(self, options: Sequence[T]) -> T: ...
    def number(self, low: int, high: int) -> int: ...
    def chance(self) -> bool: ...
    def word(self) -> str: ...
    def text(self, longest: int) -> str: ...
    def units(self, depth: int) -> int: ...

    depth: int
    """How deep branches and splits may nest."""


WORD = st.text(string.ascii_lowercase + string.digits + "_", min_size=1, max_size=12)
"""Identifiers: field names, template and topic ids (cheaper to draw than a regex)."""
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
               min_size=1, max_size=40).map(str.strip).filter(bool)


class HypothesisChooser:
    """Choices drawn by hypothesis, so failing workflows shrink to small ones."""

    depth = 2

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def pick(self, options: Sequence[T]) -> T:
        return self.draw(st.sampled_from(options))

    def number(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))

    def chance(self) -> bool:
        return self.draw(st.booleans())

    def word(self) -> str:
        return self.draw(WORD)

    def text(self, longest: int) -> str:
        return self.draw(TEXT)[:longest].strip() or "x"

    def units(self, depth: int) -> int:
        return self.draw(st.integers(0, 4 if depth == 0 else 2))


class SeededChooser:
    """Choices from a seeded generator: the same workflow every run, of about `size` steps
    (a long main sequence, with branches and splits one level deep of three steps a lane)."""

    depth = 1

    def __init__(self, seed: int, size: int) -> None:
        self.random = random.Random(seed)
        self.size = size

    def pick(self, options: Sequence[T]) -> T:
        return options[self.random.randrange(len(options))]

    def number(self, low: int, high: int) -> int:
        return self.random.randint(low, high)

    def chance(self) -> bool:
        return self.random.random() < 0.5

    def word(self) -> str:
        return "".join(self.random.choices(string.ascii_lowercase, k=8))

    def text(self, longest: int) -> str:
        return f"Workflow {self.word()}"[:longest]

    def units(self, depth: int) -> int:
        return self.size if depth == 0 else 1 if self.size < 50 else 3


# --- what capabilities do not say ---------------------------------------------------------

Fill = Callable[[Chooser], dict[str, Any]]
"""The field values one kind of step needs, given the step's chooser."""


def _template(chooser: Chooser) -> dict[str, Any]:
    return {"template_id": chooser.word()}


def _hex24(chooser: Chooser) -> str:
    return f"{chooser.number(0, 16**24 - 1):024x}"


def _url(chooser: Chooser) -> str:
    return f"https://{chooser.word()}.example.com/{chooser.word()}"


def _json_body(chooser: Chooser) -> str:
    return json.dumps({chooser.word(): chooser.pick([chooser.word(), chooser.number(0, 99)])})


@dataclass(frozen=True, slots=True)
class Facts:
    """One vendor's rules that `Capabilities` does not carry, each taken from its adapter."""

    fill: Mapping[str, Fill] = field(default_factory=dict)
    """Values per step kind where they differ from `DEFAULT_FILL`."""
    description: str = "optional"
    """`optional`, `required` (Tether), or `absent` (Omnisend sends none, so none reads back)."""
    min_steps: int = 0
    email_after_wait: bool = False
    """AutoSend: every email right after a wait, and without branches wait/email alternate —
    so waits and emails come in pairs."""
    trailing_wait: bool = True
    """Omnisend refuses a sequence ending with a delay (except a path followed by blocks)."""
    rejoin: str = "free"
    """`free`, `always` (Omnisend: the blocks after a split run for both paths), or `linked`
    (AutoSend: a lane rejoins only at a step right after its branch, and one must)."""
    max_lanes: int | None = None
    """Branch lanes in the whole workflow (AutoSend allows 10)."""
    reads_graph: bool = False
    """Kibamail: the body is a graph, read back as the equivalent program `round_trip_view`
    describes."""
    arm_id: Callable[[str, str, int], str] | None = None
    """The id parse gives an arm, from its step's id, the step kind and the arm's index;
    None where the body carries arm ids (then they are `arm_<n>` / `path_<n>`)."""
    check_exit: bool = False
    """The body carries a step's `check_exit` (AutoSend `checkExitCriteria`)."""
    trigger_sources: tuple[str, ...] | None = None
    """Rule sources of trigger filters, when narrower than the capabilities' operators."""
    trigger_shape: str | None = None
    """`groups`: an `and` of flat groups or one group (Omnisend); None: by capabilities."""
    branch_shape: str | None = None
    """`flat` where a branch takes one group though other conditions nest (Omnisend)."""
    split_labels: bool = True
    """The body names split paths (Kibamail `splits[].name`)."""
    exit_events: tuple[str, ...] = ()
    exit_filters: bool = False
    max_exits: int = 0
    event_filters: Mapping[str, Callable[[Chooser], Condition]] = field(default_factory=dict)
    """Events that need one particular trigger filter (Omnisend birthday: its offset)."""
    param_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Trigger params with a closed set of values."""
    field_values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Contact fields with a closed set of values (platform, gender, dateAdded)."""
    event_ids: bool = False
    """Trigger events are numeric ids (Qonversion initiators)."""
    inactivity_units: tuple[str, ...] = ()
    value_type: Callable[[Rule], str | None] | None = None
    """The `value_type` parse gives a rule (Omnisend: the value's JSON type)."""
    engagements: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Message rules: engagement → kinds of the earlier send step it may name."""
    webhook_headers: bool = True
    settings: Callable[[Chooser], dict[str, JsonValue]] | None = None
    """Settings in the form parse stores them (only what differs from the defaults)."""


DEFAULT_FILL: dict[str, Fill] = {
    "email": lambda c: {"template_id": c.word(), "subject": c.text(80)},
    "sms": lambda c: {"text": c.text(160)},
    "push": lambda c: {"title": c.text(60), "body": c.text(120), "url": _url(c)},
    "screen": lambda c: {"screen_id": c.word()},
    "webhook": lambda c: {"url": _url(c), "body": _json_body(c)},
}


def _omnisend_json_type(rule: Rule) -> str | None:
    if rule.source == "contact":
        return "string"
    value = rule.value
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string" if isinstance(value, str) else None


def _omnisend_email(chooser: Chooser) -> dict[str, Any]:
    """sendEmail's required fields (`omnisend.fields.ACTION_FIELDS`) in the formats
    `omnisend.checks.actions` wants: a 24-hex template id and an xx_XX language."""
    return {"template_id": _hex24(chooser), "subject": chooser.text(250),
            "preview_text": chooser.text(250), "sender_name": chooser.text(250),
            "language": chooser.pick(["en_US", "de_DE", "lt_LT"])}


def _omnisend_sms(chooser: Chooser) -> dict[str, Any]:
    """An SMS needs its compliance texts while their flags are on (the default)."""
    compliance: dict[str, JsonValue] = (
        {"isStopKeywordIncluded": False, "isUnsubscribeLinkIncluded": False}
        if chooser.chance() else
        {"isStopKeywordIncluded": True, "stopKeywordText": "Reply STOP to opt out",
         "isUnsubscribeLinkIncluded": True,
         "unsubscribeLinkText": "Unsubscribe: [[unsubscribe_link]]"})
    return {"text": chooser.text(160), "extras": {"omnisend": {"compliance": compliance}}}


def _omnisend_settings(chooser: Chooser) -> dict[str, JsonValue]:
    choices: list[dict[str, JsonValue]] = [
        {},
        {"sendingThresholds": {"email": "nonSubscribed", "sms": "subscribed"}},
        {"frequencyLimiter": {"mode": "interval",
                              "duration": {"amount": chooser.number(1, 52), "units": "w"}}},
        {"frequencyLimiter": {"mode": "once"}},
        {"overlapLimiter": {"mode": "recentlyIn", "automationIDs": [_hex24(chooser)],
                            "withinDays": chooser.number(1, 7)}},
    ]
    chosen = chooser.pick(choices)
    return {"omnisend": chosen} if chosen else {}


def _autosend_settings(chooser: Chooser) -> dict[str, JsonValue]:
    chosen: dict[str, JsonValue] = {}
    if chooser.chance():
        chosen["tags"] = [chooser.word()]
    if chooser.chance():
        chosen["tracking_open"] = chooser.chance()
    if chooser.chance():
        chosen["unsubscribe_group_id"] = chooser.word()
    return {"autosend": chosen} if chosen else {}


def _tether_settings(chooser: Chooser) -> dict[str, JsonValue]:
    chosen: dict[str, JsonValue] = {}
    if chooser.chance():
        chosen["sourceStatuses"] = [chooser.word()]
    if chooser.chance():
        chosen["maxFollowUpCount"] = chooser.number(1, 9)
    if chooser.chance():
        chosen["schedule"] = {"start": "08:30", "end": "17:45"}
    if chooser.chance():
        chosen["userSmsNotification"] = {"phoneNumbers": ["+14155551234"]}
    return {"tether": chosen} if chosen else {}


def _qonversion_settings(chooser: Chooser) -> dict[str, JsonValue]:
    return {"qonversion": {"status": "active"}} if chooser.chance() else {}


def _birthday_offset(chooser: Chooser) -> Condition:
    """Omnisend shifts a birthday trigger by one `birthdate eq "<hours>h"` filter."""
    return Condition(items=[Rule(source="event", field="birthdate", operator="eq",
                                 value=f"{chooser.number(-72, 72)}h", value_type="string")])


FACTS: dict[str, Facts] = {
    "autosend": Facts(
        fill={"email": lambda c: (_template(c) if c.chance()
                                  else {"subject": c.text(80), "html": f"<p>{c.word()}</p>"})},
        email_after_wait=True, rejoin="linked",
        max_lanes=10, check_exit=True, exit_events=("workflow_complete",), max_exits=1,
        settings=_autosend_settings,
    ),
    "kibamail": Facts(
        param_values={"emailEngagementType": ("open", "click", "bounce", "spam")},
        reads_graph=True,
        arm_id=lambda step, kind, index: f"{step}-true" if kind == "branch" else f"path_{index}",
    ),
    "omnisend": Facts(
        fill={"email": _omnisend_email, "sms": _omnisend_sms},
        description="absent", min_steps=1, trailing_wait=False,
        rejoin="always",
        arm_id=lambda step, kind, index: f"{step}:true" if kind == "branch" else
        f"{step}:{'ab'[index]}",
        trigger_sources=("event",), trigger_shape="groups", branch_shape="flat",
        split_labels=False,
        exit_events=("placed order", "paid for order", "order canceled", "viewed page"),
        exit_filters=True, max_exits=2, event_filters={"birthday": _birthday_offset},
        field_values={"gender": ("m", "f"), "dateAdded": ("2024-01-31", "2025-12-01")},
        inactivity_units=("minutes", "hours", "days", "weeks"),
        value_type=_omnisend_json_type,
        engagements={"opened": ("email", "push"), "clicked": ("email", "sms", "push")},
        settings=_omnisend_settings,
    ),
    "qonversion": Facts(
        fill={"push": _template}, min_steps=1,
        event_ids=True, field_values={"platform": ("iOS", "Android")},
        settings=_qonversion_settings,
    ),
    "tether": Facts(
        fill={"sms": lambda c: {"template_id": c.word(), "channel": c.pick(["sms", "webchat"])}},
        description="required", webhook_headers=False, settings=_tether_settings,
    ),
}


def slots(vendor: str) -> tuple[Any, ...] | None:
    """A flat vendor's slots (`tui.vendors.<id>.info.SLOTS`); None for sequence vendors."""
    info = importlib.import_module(f"tui.vendors.{vendor}.info")
    return getattr(info, "SLOTS", None)


# --- the builder --------------------------------------------------------------------------

NUMERIC = frozenset({"gt", "gte", "lt", "lte"})
TEXTUAL = frozenset({"contains", "not_contains", "starts_with", "ends_with"})


class Builder:
    """Builds one workflow within a vendor's capabilities from a chooser's decisions."""

    def __init__(self, vendor: str, chooser: Chooser) -> None:
        self.vendor = vendor
        self.caps: Capabilities = get(vendor).capabilities
        self.facts = FACTS[vendor]
        self.choose = chooser
        self.counters: dict[str, int] = {}
        self.lanes_left = self.facts.max_lanes
        self.sent: list[tuple[str, str]] = []
        """(id, kind) of every send step so far, in walk order, for message rules."""
        self.size = 0

    # ids --------------------------------------------------------------------------------

    def next_id(self, kind: str) -> str:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return f"{kind}_{self.counters[kind]}"

    # the workflow -----------------------------------------------------------------------

    def workflow(self) -> Workflow:
        facts, choose = self.facts, self.choose
        description = ""
        if facts.description == "required" or (facts.description == "optional"
                                               and choose.chance()):
            description = choose.text(self.limit("description", "caption"))
        trigger = self.trigger()
        flat = slots(self.vendor)
        steps = self.flat_steps(flat) if flat is not None else self.sequence(0)
        if len(steps) < facts.min_steps and flat is None:
            steps.extend(self.filler())
        return Workflow(
            vendor=self.vendor,
            name=choose.text(self.limit("name")),
            description=description,
            trigger=trigger,
            audience=self.audience(),
            steps=steps,
            exit=self.exits(),
            settings=facts.settings(choose) if facts.settings else {},
        )

    def limit(self, *names: str) -> int:
        """The first of the vendor's length limits named, else a length every vendor takes."""
        return next((self.caps.limits[name] for name in names if name in self.caps.limits), 100)

    def trigger(self) -> Trigger:
        caps, facts, choose = self.caps, self.facts, self.choose
        if facts.event_ids:
            events = [str(choose.number(0, 10_000)) for _ in range(choose.number(1, 3))]
            events = list(dict.fromkeys(events))
            return Trigger(event=events[0],
                           extra_events=events[1:] if caps.extra_events else [])
        choices: list[EventChoice | None] = list(caps.events)
        if caps.custom_events:
            choices.append(None)
        chosen = choose.pick(choices)
        if chosen is None:
            event, origins, params = f"custom {choose.word()}", caps.origins, ()
        else:
            event, origins, params = chosen.name, chosen.origins, chosen.params
        origin = choose.pick([None, *origins]) if origins else None
        filters = (facts.event_filters[event](choose) if event in facts.event_filters
                   else self.maybe(lambda: self.condition(self.trigger_sources(),
                                                          facts.trigger_shape)))
        inactivity = None
        if caps.inactivity and facts.inactivity_units and choose.chance():
            inactivity = Duration(amount=choose.number(1, 30),
                                  unit=choose.pick(facts.inactivity_units))  # type: ignore[arg-type]
        values = {name: choose.pick(facts.param_values[name]) if name in facts.param_values
                  else choose.word() for name in params}
        return Trigger(event=event, origin=origin, filters=filters, inactivity=inactivity,
                       params=values)  # type: ignore[arg-type]

    def trigger_sources(self) -> tuple[str, ...]:
        return self.facts.trigger_sources or tuple(self.caps.operators)

    def audience(self) -> Condition | None:
        table = self.caps.audience_operators
        if not table or not self.choose.chance():
            return None
        fields = [name for name in table if name != "*"]
        chosen = [name for name in fields if self.choose.chance()] or [fields[0]]
        rules = [self.field_rule(name, table[name]) for name in chosen]
        op = "and" if not self.caps.nested_conditions else self.choose.pick(["and", "or"])
        return Condition(op=op, items=rules)  # type: ignore[arg-type]

    def exits(self) -> list[ExitRule]:
        facts = self.facts
        if not self.caps.exit_rules or not facts.max_exits:
            return []
        rules = []
        for _ in range(self.choose.number(0, facts.max_exits)):
            event = self.choose.pick(facts.exit_events)
            filters = (self.maybe(lambda: self.condition(self.trigger_sources(), "flat"))
                       if facts.exit_filters else None)
            rules.append(ExitRule(event=event, filters=filters))
        return rules

    def maybe(self, make: Callable[[], T]) -> T | None:
        return make() if self.choose.chance() else None

    # conditions -------------------------------------------------------------------------

    def condition(self, sources: Sequence[str], shape: str | None) -> Condition | None:
        """A non-empty condition over `sources`; `shape` flat / groups / None (capabilities)."""
        sources = [source for source in sources if self.can_rule(source)]
        if not sources:
            return None
        if shape == "groups":
            count = self.choose.number(1, 3)
            groups = [self.flat_group(sources) for _ in range(count)]
            return groups[0] if count == 1 else Condition(op="and", items=groups)
        if shape == "flat" or not self.caps.nested_conditions:
            return self.flat_group(sources)
        return self.group(sources, depth=0)

    def flat_group(self, sources: Sequence[str]) -> Condition:
        rules = [self.rule(sources) for _ in range(self.choose.number(1, 3))]
        return Condition(op=self.choose.pick(["and", "or"]), items=rules)  # type: ignore[arg-type]

    def group(self, sources: Sequence[str], depth: int) -> Condition:
        if self.caps.negation and depth < 2 and self.choose.number(0, 3) == 0:
            return Condition(op="not", items=[self.item(sources, depth + 1)])
        items = [self.item(sources, depth + 1) for _ in range(self.choose.number(1, 3))]
        return Condition(op=self.choose.pick(["and", "or"]), items=items)  # type: ignore[arg-type]

    def item(self, sources: Sequence[str], depth: int) -> Rule | Condition:
        if depth < 3 and self.choose.number(0, 3) == 0:
            return self.group(sources, depth)
        return self.rule(sources)

    def can_rule(self, source: str) -> bool:
        if source == "message":
            return any(self.engaging(engagement) for engagement in self.facts.engagements)
        return bool(self.caps.operators.get(source))  # type: ignore[call-overload]

    def engaging(self, engagement: str) -> list[str]:
        kinds = self.facts.engagements.get(engagement, ())
        return [step_id for step_id, kind in self.sent if kind in kinds]

    def rule(self, sources: Sequence[str]) -> Rule:
        source = self.choose.pick(sources)
        operators = self.caps.operators[source]  # type: ignore[index]
        if source == "message":
            engagement = self.choose.pick([op for op in operators if self.engaging(op)])
            return Rule(source="message", field=self.choose.pick(self.engaging(engagement)),
                        operator=engagement)  # type: ignore[arg-type]
        audience = {name: ops for name, ops in (self.caps.audience_operators or {}).items()
                    if name != "*" and set(ops) <= set(operators)}
        if source == "contact" and audience:
            name = self.choose.pick(sorted(audience))
            return self.field_rule(name, audience[name])
        return self.typed(Rule(source=source, field=self.choose.word(),  # type: ignore[arg-type]
                               operator=self.choose.pick(operators),
                               value=None))

    def field_rule(self, name: str, operators: Sequence[str]) -> Rule:
        """A contact rule on a known field: its operators, and its values where they are few."""
        operator = self.choose.pick(operators)
        values = self.facts.field_values.get(name)
        value = self.choose.pick(values) if values else self.choose.word()
        return self.typed(Rule(source="contact", field=name, operator=operator,  # type: ignore[arg-type]
                               value=value), keep_value=True)

    def typed(self, rule: Rule, keep_value: bool = False) -> Rule:
        """The rule with a value its operator takes, and the value_type parse would give."""
        if not keep_value:
            rule = rule.model_copy(update={"value": self.value(rule.operator)})
        if self.facts.value_type is not None:
            rule = rule.model_copy(update={"value_type": self.facts.value_type(rule)})
        return Rule.model_validate(rule.model_dump())

    def value(self, operator: str) -> JsonValue:
        choose = self.choose
        if operator in UNARY_OPERATORS or operator == "clicked":
            return None
        if operator in ("in", "not_in"):
            return [choose.word() for _ in range(choose.number(1, 3))]
        if operator in NUMERIC:
            return choose.number(-1000, 1000)
        if operator in TEXTUAL:
            return choose.word()
        return choose.pick([choose.word(), choose.number(-1000, 1000), choose.chance()])

    # steps ------------------------------------------------------------------------------

    def simple_kinds(self) -> list[str]:
        return [kind for kind in self.caps.step_kinds if kind not in ("branch", "split")]

    def simple(self, kind: str) -> Step:
        step_id = self.next_id(kind)
        self.size += 1
        fill = self.facts.fill.get(kind) or DEFAULT_FILL.get(kind)
        fields = fill(self.choose) if fill else {}
        if self.facts.check_exit and self.choose.number(0, 3) == 0:
            fields["check_exit"] = self.choose.chance()
        if kind == "wait":
            return WaitStep(id=step_id, **{**self.wait_fields(), **fields})
        if kind == "contact":
            return ContactStep(id=step_id, **{**self.contact_fields(), **fields})
        if kind == "webhook":
            fields = {**self.webhook_fields(), **fields}
        if kind in ("email", "sms", "push"):
            self.sent.append((step_id, kind))
        model = {"email": EmailStep, "sms": SmsStep, "push": PushStep, "screen": ScreenStep,
                 "webhook": WebhookStep}[kind]
        return model(id=step_id, **fields)

    def wait_fields(self) -> dict[str, Any]:
        """A wait in the form parse gives back: no wait is zero minutes, a wait until a time
        keeps the model's default duration."""
        caps, choose = self.caps, self.choose
        mode = choose.pick(caps.wait_modes)
        fields: dict[str, Any] = {"mode": mode}
        if mode == "duration":
            fields.update(amount=choose.number(1, 90), unit=choose.pick(caps.wait_units))
        elif mode == "immediate":
            fields.update(amount=0, unit="minutes")
        else:
            fields["at_time"] = f"{choose.number(0, 23):02d}:{choose.pick(['00', '30', '45'])}"
        if caps.weekdays and choose.chance():
            days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
            fields["weekdays"] = [day for day in days if choose.chance()] or ["monday"]
        return fields

    def contact_fields(self) -> dict[str, Any]:
        choose = self.choose
        action = choose.pick(self.caps.contact_actions)
        if action in ("add_to_topics", "remove_from_topics"):
            return {"action": action, "topics": [choose.word() for _ in range(choose.number(1, 2))]}
        if action == "set_field":
            return {"action": action, "field": choose.word(), "value": choose.word()}
        if action == "unsubscribe":
            return {"action": action}
        return {"action": action, "value": choose.word()}

    def webhook_fields(self) -> dict[str, Any]:
        methods = self.caps.webhook_methods or ("POST",)
        fields: dict[str, Any] = {"method": self.choose.pick(methods)}
        if self.facts.webhook_headers and self.choose.chance():
            fields["headers"] = {"X-Flow": self.choose.word()}
        return fields

    def sequence(self, depth: int) -> list[Step]:
        """A sequence of steps, ended by an action where a vendor wants one."""
        steps: list[Step] = []
        target = self.choose.units(depth)
        while len(steps) < target and (depth > 0 or self.size < target):
            steps.extend(self.unit(depth))
        if not self.facts.trailing_wait:
            while steps and isinstance(steps[-1], WaitStep):
                steps.pop()
        self.settle_rejoins(steps)
        return steps

    def filler(self) -> list[Step]:
        """The smallest valid non-empty sequence: one step (not a wait where a sequence may
        not end waiting), or a wait/email pair."""
        if self.facts.email_after_wait:
            return [self.simple("wait"), self.simple("email")]
        kinds = self.simple_kinds()
        if not self.facts.trailing_wait:
            kinds = [kind for kind in kinds if kind != "wait"]
        return [self.simple(self.choose.pick(kinds))]

    def unit(self, depth: int) -> list[Step]:
        """One step, or an AutoSend wait/email pair, or a branch or split."""
        kinds = self.simple_kinds()
        compound = [kind for kind in ("branch", "split") if kind in self.caps.step_kinds]
        if self.facts.max_lanes is not None and (self.lanes_left or 0) < 1:
            compound = [kind for kind in compound if kind != "branch"]
        if compound and depth < self.choose.depth and self.choose.number(0, 3) == 0:
            kind = self.choose.pick(compound)
            return [self.branch(depth) if kind == "branch" else self.split(depth)]
        if self.facts.email_after_wait:
            return self.filler()
        return [self.simple(self.choose.pick(kinds))]

    def branch(self, depth: int) -> BranchStep:
        step_id = self.next_id("branch")
        self.size += 1
        sources = tuple(self.caps.operators)
        most = self.caps.branch_max_arms or 3
        if self.lanes_left is not None:
            most = min(most, self.lanes_left)
        count = self.choose.number(1, most)
        if self.lanes_left is not None:
            self.lanes_left -= count
        conditions = [self.condition(sources, self.facts.branch_shape) for _ in range(count)]
        arms = []
        for index, condition in enumerate(conditions):
            arm_id = (self.facts.arm_id(step_id, "branch", index) if self.facts.arm_id
                      else self.next_id("arm"))
            arms.append(BranchArm(id=arm_id, condition=condition or Condition(),
                                  reevaluate=self.caps.reevaluate and self.choose.chance(),
                                  steps=self.sequence(depth + 1)))
        otherwise = None
        if self.caps.otherwise and self.choose.chance():
            otherwise = self.sequence(depth + 1)
        if not any(lane for lane in [*(arm.steps for arm in arms), otherwise or []]):
            arms[0].steps = self.filler()
        return BranchStep(id=step_id, arms=arms, otherwise=otherwise)

    def split(self, depth: int) -> SplitStep:
        step_id = self.next_id("split")
        self.size += 1
        low, high = self.caps.split_arms or (2, 2)
        count = self.choose.number(low, high)
        shares = [100 // count] * count
        shares[0] += 100 - sum(shares)
        if count == 2:
            first = self.choose.number(0, 100)
            shares = [first, 100 - first]
        arms = [SplitArm(id=(self.facts.arm_id(step_id, "split", index) if self.facts.arm_id
                             else self.next_id("path")),
                         label=self.choose.word() if self.facts.split_labels else "",
                         percentage=share,
                         steps=self.sequence(depth + 1))
                for index, share in enumerate(shares)]
        if not any(arm.steps for arm in arms):
            arms[0].steps = self.filler()
        return SplitStep(id=step_id, arms=arms)

    def settle_rejoins(self, steps: list[Step]) -> None:
        """The rejoin flags the vendor can carry, by where each branch sits."""
        for position, step in enumerate(steps):
            if not isinstance(step, BranchStep):
                continue
            followed = position + 1 < len(steps)
            for index, arm in enumerate(step.arms):
                if self.facts.rejoin == "always":
                    arm.rejoin = True
                elif self.facts.rejoin == "linked":
                    arm.rejoin = followed and (index == 0 or self.choose.chance())
                else:
                    arm.rejoin = self.choose.chance()

    def flat_steps(self, found: tuple[Any, ...]) -> list[Step]:
        """Steps for a flat rule: each slot's kind grouped, a leading slot first."""
        groups: dict[str, list[Step]] = {}
        for slot in found:
            count = self.choose.units(0)
            if slot.most is not None:
                count = min(slot.most, count)
            groups[slot.kind] = [self.simple(slot.kind) for _ in range(count)]
        leading = [slot.kind for slot in found if slot.leading]
        others = [slot.kind for slot in found if not slot.leading]
        order = self.permutation(others)
        steps = [step for kind in (*leading, *order) for step in groups[kind]]
        if len(steps) < self.facts.min_steps:
            steps.append(self.simple(order[0]))
        return steps

    def permutation(self, items: list[str]) -> list[str]:
        pool, out = list(items), []
        while pool:
            out.append(pool.pop(self.choose.number(0, len(pool) - 1)))
        return out


@st.composite
def workflows(draw: st.DrawFn, vendor: str) -> Workflow:
    """A workflow within `vendor`'s capabilities, in the form its `parse` reads back."""
    return Builder(vendor, HypothesisChooser(draw)).workflow()


def workload(vendor: str, size: int, seed: int = 7) -> Workflow:
    """A deterministic workflow of about `size` steps within `vendor`'s capabilities."""
    return Builder(vendor, SeededChooser(seed, size)).workflow()


# --- documented normalisations ------------------------------------------------------------

def round_trip_view(workflow: Workflow, reread: Workflow) -> tuple[dict[str, Any], ...]:
    """`model_dump`s of what `parse(compile(workflow))` should give and of `reread`, to compare.

    That is the workflow itself, except where a vendor reading a graph back finds a
    different but equivalent program; then the node positions Kibamail remembers for the
    moved steps (layout, not program) are left out of both."""
    if not FACTS[workflow.vendor].reads_graph:
        return workflow.model_dump(), reread.model_dump()
    expected = workflow.model_copy(deep=True)
    expected.steps = _as_graph_reads(expected.steps, continues=False)
    if expected == workflow:
        return expected.model_dump(), reread.model_dump()
    return _without_positions(expected.model_dump()), _without_positions(reread.model_dump())


def _without_positions(value: Any) -> Any:
    """`value` without `position: {x, y}` entries, and without the vendor memories in
    `extras` they leave empty."""
    if isinstance(value, list):
        return [_without_positions(inner) for inner in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, inner in value.items():
        if key == "position" and isinstance(inner, dict) and set(inner) == {"x", "y"}:
            continue
        kept = _without_positions(inner)
        if key == "extras":
            kept = {vendor: memory for vendor, memory in kept.items() if memory}
        out[key] = kept
    return out


def _as_graph_reads(steps: list[Step], continues: bool) -> list[Step]:
    """Kibamail's reading of a graph (vendors/kibamail/flow.py and graph.py):

    - a branch of several arms is a chain of if-else nodes: arm 1, else a branch
      `<id>-2` of arm 2, else …;
    - the steps after a branch whose arm does not rejoin are reached only from the
      false handle, so they read back as the end of the otherwise;
    - an arm with nothing after it anywhere rejoins (there is nothing to stop short of);
    - an empty otherwise is no otherwise.

    `continues`: the sequence's end leads on to steps after an enclosing branch.
    """
    out: list[Step] = []
    for position, step in enumerate(steps):
        rest = steps[position + 1:]
        if isinstance(step, SplitStep):
            followed = bool(rest) or continues
            for arm in step.arms:
                arm.steps = _as_graph_reads(arm.steps, followed)
        elif isinstance(step, BranchStep):
            step = _chain(step)
            arm = step.arms[0]
            if not arm.rejoin and rest:
                step.otherwise = [*(step.otherwise or []), *rest]
                rest = []
            followed = bool(rest) or continues
            arm.rejoin = arm.rejoin or not followed
            arm.steps = _as_graph_reads(arm.steps, followed and arm.rejoin)
            step.otherwise = _as_graph_reads(step.otherwise or [], followed) or None
        out.append(step)
        if isinstance(step, BranchStep) and not rest and position + 1 < len(steps):
            break  # the rest went into the otherwise
    return out


def _chain(step: BranchStep) -> BranchStep:
    """Arm 1, else (a branch `<id>-2` of arm 2, else (…)): the if-else chain."""
    otherwise = step.otherwise
    for number in range(len(step.arms), 1, -1):
        link_id = f"{step.id}-{number}"
        arm = step.arms[number - 1].model_copy(update={"id": f"{link_id}-true"})
        otherwise = [BranchStep(id=link_id, arms=[arm], otherwise=otherwise)]
    return step.model_copy(update={"arms": step.arms[:1], "otherwise": otherwise})


# --- hostile JSON -------------------------------------------------------------------------

NASTY_TEXT = st.sampled_from(["", " ", "line\nbreak", "\r\n", "\x1b[2J\x1b[H", "\u2028",
                              "\x00", "tab\there", "é中文🙂", "$", "[0]", "a.b"])
"""Strings that break naive messages and paths: line breaks, terminal escapes, NUL."""
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
           | st.text(max_size=12) | NASTY_TEXT)
HUGE_STRINGS = st.integers(10_000, 200_000).map(lambda n: "x" * n)


def any_json(keys: Sequence[str] = ()) -> st.SearchStrategy[Any]:
    """Random JSON values whose object keys are often a vendor's own field names."""
    anything = st.text(max_size=10) | NASTY_TEXT
    names = st.sampled_from(sorted(keys)) | anything if keys else anything
    return st.recursive(
        SCALARS | HUGE_STRINGS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(names, inner, max_size=5),
        max_leaves=16)


def key_names(value: Any) -> set[str]:
    """Every object key in a JSON value."""
    if isinstance(value, dict):
        return set(value).union(*map(key_names, value.values()))
    if isinstance(value, list):
        return set().union(*map(key_names, value))
    return set()


def json_paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON value, the root included."""
    found = [here]
    if isinstance(value, dict):
        for key, inner in value.items():
            found.extend(json_paths(inner, (*here, key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found.extend(json_paths(inner, (*here, index)))
    return found


def nested(depth: int, leaf: Any) -> Any:
    """`leaf` inside `depth` alternating arrays and objects (past any recursion limit)."""
    value = leaf
    for level in range(depth):
        value = [value] if level % 2 else {"steps": value}
    return value


MUTATIONS = ("delete", "retype", "rename", "duplicate", "nest", "huge")
DEPTHS = (3, 60, 400)
"""How deep a mutation buries a value; 400 is as deep as `json.dumps` and `json.loads`
take comfortably within Python's default recursion limit (files deeper are refused by
`read_json`)."""


@st.composite
def mutated(draw: st.DrawFn, document: Any) -> Any:
    """`document` with one to three of its values deleted, retyped, renamed (an object key),
    duplicated into a sibling, buried deep, or replaced by a huge string."""
    body = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        paths = json_paths(body)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = body
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        how = draw(st.sampled_from(MUTATIONS))
        if how == "delete":
            del parent[last]
        elif how == "retype":
            parent[last] = draw(any_json(key_names(document)))
        elif how == "rename" and isinstance(parent, dict):
            parent[draw(NASTY_TEXT | st.text(max_size=8))] = parent.pop(last)
        elif how == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif how == "duplicate":
            other = draw(st.sampled_from(sorted(parent)))
            parent[other] = copy.deepcopy(parent[last])
        elif how == "nest":
            parent[last] = nested(draw(st.sampled_from(DEPTHS)), parent[last])
            break  # paths into the nest would be as deep as it is
        else:
            parent[last] = draw(HUGE_STRINGS)
    return body

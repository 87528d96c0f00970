"""The interface every vendor adapter implements, and the checks they share.

An adapter is a pure translator: `compile` turns a workflow into the exact
request body, `parse` turns a body back into a workflow, `check` lists what the
vendor would reject. `info` and `capabilities` describe the API and what the
builder may offer, so screens never hard-code a vendor.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError

from tui.model.conditions import Condition, Operator, Rule, Source, ValueType
from tui.model.document import describe
from tui.model.problems import Problem, error
from tui.model.steps import (
    BranchStep,
    ContactAction,
    ContactStep,
    SplitStep,
    TimeUnit,
    WaitStep,
    WebhookStep,
)
from tui.model.tree import Place, walk
from tui.model.workflow import Workflow


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str
    """Relative to the profile's base URL; `{id}` stands for the automation id."""


@dataclass(frozen=True, slots=True)
class AuthScheme:
    header: str
    template: str
    """How the key goes into the header, e.g. `Bearer {key}`."""
    key_prefixes: tuple[str, ...] = ()
    """Prefixes a valid key starts with; empty when the vendor's keys have none."""

    def header_value(self, key: str) -> str:
        return self.template.format(key=key)


@dataclass(frozen=True, slots=True)
class LifecycleCall:
    """An optional call after create that makes the automation live, e.g. Kibamail publish."""

    option: str
    label: str
    endpoint: Endpoint | None
    """None when the vendor takes it as a flag in the create body (AutoSend `active`)."""
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class VendorInfo:
    id: str
    title: str
    summary: str
    base_url: str
    auth: AuthScheme
    create: Endpoint
    get: Endpoint
    list: Endpoint
    extra_headers: Mapping[str, str] = field(default_factory=dict)
    lifecycle: tuple[LifecycleCall, ...] = ()
    docs_url: str = ""


@dataclass(frozen=True, slots=True)
class EventChoice:
    name: str
    label: str = ""
    origins: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    """Trigger params this event needs, e.g. `segment_id`."""


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the vendor can express; the builder offers only this, checks flag the rest."""

    events: tuple[EventChoice, ...]
    step_kinds: tuple[str, ...]
    custom_events: bool = True
    origins: tuple[str, ...] = ()
    extra_events: bool = False
    """The trigger may list further events that also start it (Qonversion initiators)."""
    inactivity: bool = False
    """The trigger can wait for the contact to go quiet first (Omnisend inactivity)."""
    operators: Mapping[Source, tuple[Operator, ...]] = field(default_factory=dict)
    """Operators allowed per rule source in trigger filters and branch conditions."""
    audience_operators: Mapping[str, tuple[Operator, ...]] | None = None
    """Audience fields and their operators; None when the vendor has no audience filter."""
    nested_conditions: bool = False
    negation: bool = False
    value_types: tuple[ValueType, ...] = ()
    """Value types a rule can declare (AutoSend `fieldType`); elsewhere only the value's own
    JSON type is sent, so a date or a number written as text loses its declared type."""
    wait_units: tuple[TimeUnit, ...] = ()
    wait_modes: tuple[str, ...] = ("duration",)
    weekdays: bool = False
    branch_max_arms: int | None = None
    otherwise: bool = False
    reevaluate: bool = False
    split_arms: tuple[int, int] | None = None
    """Minimum and maximum number of split arms; None when the vendor has no splits."""
    contact_actions: tuple[ContactAction, ...] = ()
    webhook_methods: tuple[str, ...] = ()
    exit_rules: bool = False
    exit_check: bool = False
    """A step can re-check the exit rules before it runs (AutoSend `checkExitCriteria`)."""
    max_steps: int | None = None
    limits: Mapping[str, int] = field(default_factory=dict)
    """Length limits in model terms, so editors can show counters: `name`, `description`,
    `step_id`, `<step kind>.<field>` (e.g. `email.subject`), plus vendor-wide counts."""
    notes: tuple[str, ...] = ()


class NoSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Adapter(ABC):
    """One vendor's translator. Subclasses set the class attributes and the three methods."""

    info: ClassVar[VendorInfo]
    capabilities: ClassVar[Capabilities]
    settings_model: ClassVar[type[BaseModel]] = NoSettings

    @property
    def id(self) -> str:
        return self.info.id

    @abstractmethod
    def compile(self, workflow: Workflow) -> dict[str, Any]:
        """The exact request body for the create call."""

    @abstractmethod
    def parse(self, payload: Any) -> Workflow:
        """The workflow a body describes; raises `PayloadError` naming the JSON path."""

    @abstractmethod
    def check(self, workflow: Workflow) -> list[Problem]:
        """Everything the vendor would reject, with its own codes where it has them."""

    def compile_and_check(self, workflow: Workflow) -> tuple[dict[str, Any], list[Problem]]:
        """`compile` and `check` in one call, equal to calling both.

        The payload preview, the submit path and the conversion need the body and the
        problems together; a vendor whose rules judge the compiled body (AutoSend,
        Kibamail) overrides this so the body is compiled once, not once for each.
        """
        return self.compile(workflow), self.check(workflow)

    @abstractmethod
    def looks_like(self, payload: Any) -> bool:
        """A cheap guess whether a JSON document is this vendor's create body."""

    def settings(self, workflow: Workflow) -> BaseModel:
        """This vendor's settings of the workflow; invalid values fall back to the defaults
        (`check` reports them)."""
        try:
            return self.settings_model.model_validate(workflow.vendor_settings(self.id))
        except ValidationError:
            return self.settings_model()

    def common_problems(self, workflow: Workflow) -> list[Problem]:
        """The checks every adapter shares: capabilities, duplicate ids, settings."""
        return CapabilityCheck(self).run(workflow)


def a_or_an(word: str) -> str:
    """`an email step`, `a wait step`: messages read as sentences."""
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


def cannot(title: str, what: str, *, step_id: str | None = None, path: str = "") -> Problem:
    """The one wording and code for "this vendor has no way to say that"."""
    return error(f"{title} cannot express {what}", "UNSUPPORTED", step_id=step_id, path=path)


def not_sent(title: str, places: Iterable[Place],
             labelled: Collection[str] = ()) -> list[Problem]:
    """Info for the step notes, and the arm labels of the step kinds in `labelled`, that a
    vendor's body has no field for: they stay in the workflow file, and saying so keeps a
    conversion from dropping them silently.

    `places` is the `walk` of the workflow's steps, which the caller walks for its own
    rules too (one walk of 1,000 steps costs about as much as `json.dumps` of the body)."""
    found: list[Problem] = []
    for place in places:
        step = place.step
        if step.note:
            found.append(Problem("info", f"{title} keeps no step notes; '{step.note}' stays in "
                                         "the workflow file only", "NOT_SENT", step.id, "note"))
        if isinstance(step, BranchStep | SplitStep) and step.kind in labelled:
            found += [Problem("info", f"{title} keeps no {step.kind} arm labels; '{arm.label}' "
                                      "stays in the workflow file only", "NOT_SENT", step.id,
                              f"arms[{index}].label")
                      for index, arm in enumerate(step.arms) if arm.label]
    return found


class CapabilityCheck:
    """Flags whatever a workflow uses that the vendor cannot express."""

    def __init__(self, adapter: Adapter) -> None:
        self.adapter = adapter
        self.caps = adapter.capabilities
        self.title = adapter.info.title
        self.problems: list[Problem] = []

    def _cannot(self, what: str, *, step_id: str | None = None, path: str = "") -> None:
        self.problems.append(cannot(self.title, what, step_id=step_id, path=path))

    def run(self, workflow: Workflow) -> list[Problem]:
        self._settings(workflow)
        self._trigger(workflow)
        if workflow.audience is not None:
            if self.caps.audience_operators is None:
                self._cannot("an audience filter", path="audience")
            else:
                self._audience(workflow.audience)
        if workflow.exit and not self.caps.exit_rules:
            self._cannot("exit rules", path="exit")
        for index, rule in enumerate(workflow.exit):
            self._conditions(rule.filters, f"exit[{index}].filters")
        steps = [place.step for place in walk(workflow.steps)]
        seen = Counter(step.id for step in steps)
        for step in steps:
            if seen[step.id] > 1:
                self.problems.append(error(f"step id '{step.id}' is used {seen[step.id]} times",
                                           "DUPLICATE_STEP_ID", step_id=step.id, path="id"))
                seen[step.id] = 1  # report each duplicate once
            if step.kind not in self.caps.step_kinds:
                self._cannot(f"{a_or_an(step.kind)} step", step_id=step.id)
                continue
            self._step(step)
        return self.problems

    def _trigger(self, workflow: Workflow) -> None:
        trigger, caps = workflow.trigger, self.caps
        if trigger.extra_events and not caps.extra_events:
            self._cannot("more than one trigger event", path="trigger.extra_events")
        if trigger.origin and not caps.origins:
            self._cannot(f"an event origin ('{trigger.origin}')", path="trigger.origin")
        if trigger.inactivity is not None and not caps.inactivity:
            self._cannot("an inactivity window on the trigger", path="trigger.inactivity")
        known = {name for event in caps.events for name in event.params}
        for name in trigger.params:
            if name not in known:
                self._cannot(f"the trigger parameter '{name}'", path=f"trigger.params.{name}")
        self._conditions(trigger.filters, "trigger.filters")

    def _settings(self, workflow: Workflow) -> None:
        try:
            self.adapter.settings_model.model_validate(workflow.vendor_settings(self.adapter.id))
        except ValidationError as exc:
            location, message = describe(exc)
            self.problems.append(error(message, "INVALID_SETTING", path=f"settings.{location}"))

    def _step(self, step: Any) -> None:
        caps = self.caps
        if isinstance(step, WaitStep):
            if step.mode not in caps.wait_modes:
                self._cannot(f"a wait of mode '{step.mode}'", step_id=step.id, path="mode")
            elif step.mode == "duration" and step.unit not in caps.wait_units:
                units = ", ".join(caps.wait_units)
                self._cannot(f"a wait in {step.unit} (it has {units})", step_id=step.id,
                             path="unit")
            if step.weekdays and not caps.weekdays:
                self._cannot("a wait limited to weekdays", step_id=step.id, path="weekdays")
        elif isinstance(step, ContactStep) and step.action not in caps.contact_actions:
            self._cannot(f"the contact change '{step.action}'", step_id=step.id, path="action")
        elif isinstance(step, WebhookStep) and caps.webhook_methods and (
            step.method not in caps.webhook_methods
        ):
            self._cannot(f"a {step.method} webhook", step_id=step.id, path="method")
        elif isinstance(step, BranchStep):
            self._branch(step)
        elif isinstance(step, SplitStep) and caps.split_arms is not None:
            low, high = caps.split_arms
            if not low <= len(step.arms) <= high:
                count = f"{low}" if low == high else f"{low}–{high}"
                self._cannot(f"a split with {len(step.arms)} paths (it takes {count})",
                             step_id=step.id, path="arms")

    def _branch(self, step: BranchStep) -> None:
        caps = self.caps
        if caps.branch_max_arms is not None and len(step.arms) > caps.branch_max_arms:
            self._cannot(f"a branch with {len(step.arms)} arms (at most {caps.branch_max_arms})",
                         step_id=step.id, path="arms")
        if step.otherwise is not None and not caps.otherwise:
            self._cannot("an otherwise arm", step_id=step.id, path="otherwise")
        for index, arm in enumerate(step.arms):
            if arm.reevaluate and not caps.reevaluate:
                self._cannot("re-evaluating an arm's condition at every step",
                             step_id=step.id, path=f"arms[{index}].reevaluate")
            self._conditions(arm.condition, f"arms[{index}].condition", step_id=step.id)

    def _conditions(self, condition: Condition | None, path: str,
                    step_id: str | None = None) -> None:
        if condition is None:
            return
        if not self.caps.nested_conditions and not condition.is_flat():
            self._cannot("nested condition groups", step_id=step_id, path=path)
        if condition.op == "not" and not self.caps.negation:
            self._cannot("a 'not' condition", step_id=step_id, path=path)
        for rule in condition.rules():
            self._declared(rule, path, step_id)
            allowed = self.caps.operators.get(rule.source)
            if allowed is None:
                self._cannot(f"conditions on {rule.source} fields ('{rule.field}')",
                             step_id=step_id, path=path)
            elif rule.operator not in allowed:
                self._cannot(f"the operator '{rule.operator}' on {rule.source} field "
                             f"'{rule.field}'", step_id=step_id, path=path)

    def _declared(self, rule: Rule, path: str, step_id: str | None = None) -> None:
        declared = declared_type(rule)
        if declared is not None and declared not in self.caps.value_types:
            self._cannot(f"a value declared {declared} ('{rule.field}' is sent as "
                         f"{json.dumps(rule.value)})", step_id=step_id, path=path)

    def _audience(self, audience: Condition) -> None:
        table = self.caps.audience_operators or {}
        if not audience.is_flat():
            self._cannot("nested audience groups", path="audience")
        for rule in audience.rules():
            self._declared(rule, "audience")
            if rule.field not in table and "*" not in table:
                known = ", ".join(table)
                self._cannot(f"an audience filter on '{rule.field}' (fields: {known})",
                             path="audience")
                continue
            if rule.operator not in table.get(rule.field, table.get("*", ())):
                self._cannot(f"the operator '{rule.operator}' on audience field '{rule.field}'",
                             path="audience")


def declared_type(rule: Rule) -> ValueType | None:
    """The value type a rule declares beyond what its value shows (a date or a number
    written as text); None when the value says it all, or there is no value."""
    value = rule.value
    if value is None or rule.value_type is None:
        return None
    shown = ("boolean" if isinstance(value, bool) else "number" if isinstance(value, int | float)
             else "string" if isinstance(value, str) else "list" if isinstance(value, list)
             else None)
    return None if rule.value_type == shown else rule.value_type


def rules_of(condition: Condition | None) -> list[Rule]:
    return [] if condition is None else condition.rules()

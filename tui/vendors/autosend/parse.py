"""AutoSend create body → workflow.

The body is checked against the documented shape first (`payload`), then its
references (`graph.broken_references`), then the step graph is rebuilt into the
model's nested sequences (`graph.layout`). Every fault is a `PayloadError`
naming the JSON path. Fields the model does not name go to extras
(`extras.py` explains the convention), and steps no link leads to are kept in
the workflow's extras, so `compile(parse(body))` gives the body back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError

from tui.model.conditions import Condition
from tui.model.errors import PayloadError
from tui.model.ids import IdAllocator
from tui.model.steps import BranchArm, BranchStep, EmailStep, Step, WaitStep
from tui.model.workflow import ExitRule, Trigger, Workflow
from tui.vendors.autosend.conditions import from_filter
from tui.vendors.autosend.extras import VENDOR, stash, take_text
from tui.vendors.autosend.graph import Lane, Node, broken_references, layout
from tui.vendors.autosend.payload import STEP_BODIES, CreateAutomationBody, join_path, validate
from tui.vendors.autosend.settings import AutoSendSettings
from tui.vendors.autosend.vocabulary import (
    APPLIES_TO_EVERY_STEP,
    EMAIL_FIELDS,
    ENTRY_FIELDS,
    PROPERTY_TRIGGER,
    UNIT_SPELLINGS,
    UNITS,
)
from tui.vendors.payload import json_type, refuse_deep

MODEL_FIELDS: dict[str, str] = {"id": "stepId", "amount": "delay.value"}
"""Where a model validation error on a step field points in the body."""

Built = TypeVar("Built")


def parse_body(payload: Any) -> Workflow:
    if not isinstance(payload, dict):
        raise PayloadError(f"an AutoSend create body is a JSON object, not {json_type(payload)}",
                           "$")
    refuse_deep(payload, "AutoSend")
    validate(CreateAutomationBody, payload)
    steps = read_steps(payload.get("steps"))
    broken = broken_references(steps)
    if broken:
        raise PayloadError(broken[0].message, broken[0].path)
    plan = layout(steps)
    reader = _Reader(IdAllocator(_ids(steps)))
    rest = dict(payload)
    rest.pop("steps", None)
    if plan.unreachable:
        rest["steps"] = [steps[index] for index in plan.unreachable]
    name = take_text(rest, "name")
    description = take_text(rest, "description")
    settings = {key: rest.pop(key) for key in AutoSendSettings.vendor_fields()
                if rest.get(key) is not None}
    entry = rest.pop("entryCriteria") if isinstance(rest.get("entryCriteria"), dict) else None
    leave = rest.pop("exitCriteria") if isinstance(rest.get("exitCriteria"), dict) else None
    stored = AutoSendSettings.model_validate(settings).stored()
    return Workflow(
        vendor=VENDOR,
        name=name,
        description=description,
        trigger=Trigger() if entry is None else _trigger(entry),
        steps=reader.sequence(plan.steps),
        exit=[] if leave is None else [_exit(leave)],
        settings={VENDOR: stored} if stored else {},
        extras=stash(rest),
    )


def read_steps(raw: Any) -> list[dict[str, Any]]:
    """The validated step objects of a body (already known to be a list or absent)."""
    return [read_step(index, step) for index, step in enumerate(raw or [])]


def read_step(index: int, step: Any) -> dict[str, Any]:
    """`steps[index]`, checked against the body model its `type` names."""
    path = f"steps[{index}]"
    if not isinstance(step, dict):
        raise PayloadError(f"a step is a JSON object, not {json_type(step)}", path)
    kind = step.get("type")
    if kind is None:
        raise PayloadError("a step needs a type (wait, email or branch)", f"{path}.type")
    if not isinstance(kind, str) or kind not in STEP_BODIES:
        raise PayloadError(f"unknown step type {json.dumps(kind)} (AutoSend has wait, email, "
                           "branch)", f"{path}.type")
    validate(STEP_BODIES[kind], step, path)
    return step


def _ids(steps: list[dict[str, Any]]) -> list[str]:
    """Ids already in the body, so ids made up for steps without one never collide."""
    taken = [step["stepId"] for step in steps if step.get("stepId")]
    for step in steps:
        if step["type"] == "branch":
            taken.extend(lane["branchId"] for lane in step.get("branches") or [])
    return taken


def _trigger(entry: dict[str, Any]) -> Trigger:
    rest = dict(entry)
    event = take_text(rest, "type")
    params = {param: rest.pop(field) for field, param in ENTRY_FIELDS.items()
              if isinstance(rest.get(field), str)}
    filters = _filters(rest, "entryCriteria.filterCriteria")
    return Trigger(event=event, filters=filters, params=params, extras=stash(rest))  # type: ignore[arg-type]


def _filters(rest: dict[str, Any], path: str) -> Condition | None:
    """Take `filterCriteria` out of `rest`; its unknown fields stay there, payload-shaped."""
    if not isinstance(rest.get("filterCriteria"), dict):
        return None  # absent, or null (which stays in `rest`)
    condition, leftover = from_filter(rest.pop("filterCriteria"), path)
    if leftover:
        rest["filterCriteria"] = leftover
    return condition


def _exit(leave: dict[str, Any]) -> ExitRule:
    rest = dict(leave)
    return ExitRule(event=rest.pop("type"), extras=stash(rest))


class _Reader:
    """Turns laid-out nodes into model steps, making up ids where the body has none."""

    def __init__(self, ids: IdAllocator) -> None:
        self.ids = ids

    def sequence(self, nodes: list[Node]) -> list[Step]:
        return [self.step(node) for node in nodes]

    def step(self, node: Node) -> Step:
        data, path = node.data, f"steps[{node.index}]"
        kind = data["type"]
        rest = {key: value for key, value in data.items()
                if key not in ("type", "stepId", "parentBranchStepId", "parentBranchId")}
        common = {"id": data.get("stepId") or self.ids.next(kind),
                  "check_exit": rest.pop("checkExitCriteria", None)}
        if kind == "wait":
            rest.pop("nextStepId", None)
            return _build(lambda: WaitStep(**common, **_delay(rest, path), extras=stash(rest)),
                          path)
        if kind == "email":
            rest.pop("nextStepId", None)
            return _build(lambda: EmailStep(**common, **_email(rest), extras=stash(rest)), path)
        rest.pop("branches", None)
        arms = [self.arm(lane, f"{path}.branches[{k}]") for k, lane in enumerate(node.lanes)]
        return _build(lambda: BranchStep(**common, arms=arms, extras=stash(rest)), path)

    def arm(self, lane: Lane, path: str) -> BranchArm:
        rest = {key: value for key, value in lane.data.items()
                if key not in ("branchId", "nextStepId", "mergeStepId")}
        if rest.get("triggerType") == PROPERTY_TRIGGER:
            del rest["triggerType"]  # the default; compile writes it back
        label = take_text(rest, "label")
        reevaluate = rest.pop("appliesTo", None) == APPLIES_TO_EVERY_STEP
        condition = _filters(rest, f"{path}.filterCriteria") or Condition()
        steps = self.sequence(lane.steps)
        return _build(lambda: BranchArm(
            id=lane.data["branchId"] or self.ids.next("arm"),
            label=label,
            condition=condition,
            steps=steps,
            reevaluate=reevaluate,
            rejoin=lane.data.get("mergeStepId") is not None,
            extras=stash(rest),
        ), path)


def _delay(rest: dict[str, Any], path: str) -> dict[str, Any]:
    """The wait fields of a validated `delay`; an unusual unit spelling stays in `rest`."""
    delay = dict(rest.pop("delay"))
    value, spelled = delay.pop("value"), delay.pop("unit")
    unit = UNITS.get(spelled)
    if unit is None:
        known = ", ".join(UNITS)
        raise PayloadError(f"unknown delay unit '{spelled}' (read: {known})", f"{path}.delay.unit")
    if spelled != UNIT_SPELLINGS[unit][0]:
        delay["unit"] = spelled
    if delay:
        rest["delay"] = delay
    return {"mode": "immediate" if value == 0 else "duration", "amount": value, "unit": unit}


def _email(rest: dict[str, Any]) -> dict[str, Any]:
    """The email fields of a validated `email` object; the others stay in `rest`."""
    if not isinstance(rest.get("email"), dict):
        return {}  # absent, or null (which stays in `rest`)
    content = dict(rest.pop("email"))
    fields: dict[str, Any] = {name: take_text(content, key) for key, name in EMAIL_FIELDS.items()}
    fields["template_id"] = fields["template_id"] or None
    if content:
        rest["email"] = content
    return fields


def _build(make: Callable[[], Built], path: str) -> Built:
    """Run a model constructor; a value the model refuses becomes a `PayloadError` at `path`."""
    try:
        return make()
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = error["loc"][0] if error["loc"] else ""
        where = join_path(path, MODEL_FIELDS[loc]) if loc in MODEL_FIELDS else path
        raise PayloadError(error["msg"].removeprefix("Value error, "), where) from None

"""Workflow → the body of `POST /api/automations`.

Compile is total: it turns any workflow into a body, so the app can preview a
half-built workflow. What Omnisend cannot express (a screen step, a third
branch arm) is left out or kept to what fits, and `check` says so; values that
are wrong (an empty subject) are written as they are, so the preview shows the
slot to fill.
"""

from __future__ import annotations

import copy
from typing import Any

from tui.model.conditions import Condition
from tui.model.steps import (
    BranchStep,
    ContactStep,
    SplitStep,
    Step,
    TimeUnit,
    WaitStep,
    WebhookStep,
)
from tui.model.tree import walk
from tui.model.workflow import ExitRule, Workflow
from tui.vendors.omnisend.fields import ACTION_FIELDS
from tui.vendors.omnisend.filters import (
    StepKinds,
    event_filter,
    group,
    split_filter,
    trigger_groups,
)
from tui.vendors.omnisend.leftovers import VENDOR, kept, restore
from tui.vendors.omnisend.vocabulary import (
    WIRE_DELAY_MODES,
    WIRE_SEND_ACTIONS,
    WIRE_TAG_ACTIONS,
    WIRE_UNITS,
)


def compile_workflow(workflow: Workflow) -> dict[str, Any]:
    kinds = {place.step.id: place.step.kind for place in walk(workflow.steps)}
    payload: dict[str, Any] = {
        "name": workflow.name,
        "trigger": _trigger(workflow),
        "blocks": _blocks(workflow.steps, kinds),
    }
    if workflow.exit:
        payload["exitConditions"] = [_exit(rule) for rule in workflow.exit]
    settings = workflow.settings.get(VENDOR)
    if settings is not None:
        payload["settings"] = copy.deepcopy(settings)
    return restore(payload, workflow.extras)


def _duration(amount: float, unit: TimeUnit) -> dict[str, Any]:
    return {"amount": amount, "units": WIRE_UNITS.get(unit, unit)}


def _trigger(workflow: Workflow) -> dict[str, Any]:
    trigger = workflow.trigger
    condition: dict[str, Any] = {"event": trigger.event}
    if trigger.origin:
        condition["origin"] = trigger.origin
    if trigger.filters is not None:
        condition["filterGroups"] = trigger_groups(trigger.filters)
    out: dict[str, Any] = {"condition": restore(condition, trigger.extras)}
    if workflow.audience is not None:
        out["audienceFilterGroup"] = group(workflow.audience, event_filter)
    if trigger.inactivity is not None:
        duration = _duration(trigger.inactivity.amount, trigger.inactivity.unit)
        out["inactivitySettings"] = {"duration": duration}
    return out


def _exit(rule: ExitRule) -> dict[str, Any]:
    out: dict[str, Any] = {"event": rule.event}
    if rule.origin:
        out["origin"] = rule.origin
    if rule.filters is not None:
        out["filterGroup"] = group(rule.filters, event_filter)
    return restore(out, rule.extras)


def _blocks(steps: list[Step], kinds: StepKinds) -> list[dict[str, Any]]:
    return [block for step in steps if (block := _block(step, kinds)) is not None]


def _block(step: Step, kinds: StepKinds) -> dict[str, Any] | None:
    """The block for a step, or None for a step Omnisend has no block for."""
    if isinstance(step, WaitStep):
        kind, config = "delay", _delay(step)
    elif isinstance(step, BranchStep):
        kind, config = "split", _split(step, kinds)
    elif isinstance(step, SplitStep):
        kind, config = "abTesting", _ab_test(step, kinds)
    else:
        action_type = action_type_of(step)
        if action_type is None:
            return None
        config = restore(_action_config(step, action_type), step.extras)
        return {"temporaryID": step.id, "type": "action",
                "action": {"type": action_type, action_type: config}}
    return {"temporaryID": step.id, "type": kind, kind: restore(config, step.extras)}


def action_type_of(step: Step) -> str | None:
    """The action type a send or contact step compiles to (None: no such action)."""
    if isinstance(step, ContactStep):
        return WIRE_TAG_ACTIONS.get(step.action)
    return WIRE_SEND_ACTIONS.get(step.kind)


def _delay(step: WaitStep) -> dict[str, Any]:
    out: dict[str, Any] = {"mode": WIRE_DELAY_MODES[step.mode]}
    if step.mode == "duration":
        out["duration"] = _duration(step.amount, step.unit)
    elif step.mode == "until_time" and step.at_time is not None:
        out["time"] = step.at_time
    if step.weekdays:
        out["allowedWeekdays"] = list(step.weekdays)
    return out


def _action_config(step: Step, action_type: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in ACTION_FIELDS[action_type]:
        value = getattr(step, field.attr)
        if field.required or value:
            out[field.key] = "" if value is None else value
    if isinstance(step, WebhookStep) and step.headers:
        out["headers"] = [{"key": key, "value": value} for key, value in step.headers.items()]
    if action_type == "sendSms" and "compliance" not in kept(step.extras):
        out["compliance"] = {}  # required; its flags default to true (check wants their texts)
    return out


def _split(step: BranchStep, kinds: StepKinds) -> dict[str, Any]:
    arm = step.arms[0] if step.arms else None
    condition = arm.condition if arm is not None else Condition()
    out: dict[str, Any] = {
        "filterGroup": group(condition, lambda rule: split_filter(rule, kinds)),
        "trueBlocks": _blocks(arm.steps if arm is not None else [], kinds),
    }
    if step.otherwise is not None:
        out["falseBlocks"] = _blocks(step.otherwise, kinds)
    return out


def _ab_test(step: SplitStep, kinds: StepKinds) -> dict[str, Any]:
    lanes = [arm.steps for arm in step.arms[:2]]
    lanes += [[] for _ in range(2 - len(lanes))]
    return {
        "aBlocksPercentage": step.arms[0].percentage if step.arms else 100,
        "aBlocks": _blocks(lanes[0], kinds),
        "bBlocks": _blocks(lanes[1], kinds),
    }

"""Workflow → AutoSend create body.

Steps are written in the order AutoSend's own example uses: the main line up to
a branch, then each lane's steps in lane order, then the steps after the branch
(the continuation). Links are derived from that nesting every time, so ids can
change and steps can move without a stale `nextStepId` surviving. Step kinds
AutoSend lacks are left out (check reports them) and the links skip over them.
"""

from __future__ import annotations

import copy
from typing import Any

from tui.model.steps import BranchArm, BranchStep, EmailStep, Step, WaitStep
from tui.model.workflow import ExitRule, Trigger, Workflow
from tui.vendors.autosend.conditions import to_filter
from tui.vendors.autosend.extras import own
from tui.vendors.autosend.graph import LaneKey
from tui.vendors.autosend.settings import AutoSendSettings
from tui.vendors.autosend.vocabulary import (
    APPLIES_AT_ENTRY,
    APPLIES_TO_EVERY_STEP,
    EMAIL_FIELDS,
    ENTRY_PARAMS,
    PROPERTY_TRIGGER,
    sendable,
    unit_spelling,
)
from tui.vendors.payload import merge_leftovers


def compile_body(workflow: Workflow, settings: AutoSendSettings) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if workflow.name:
        body["name"] = workflow.name
    if workflow.description:
        body["description"] = workflow.description
    body.update(settings.body_fields())
    entry = _entry(workflow.trigger)
    if entry:
        body["entryCriteria"] = entry
    if workflow.exit:
        body["exitCriteria"] = _exit(workflow.exit[0])
    kept = own(workflow.extras)
    unreachable = kept.get("steps")
    body["steps"] = _sequence(workflow.steps, None) + (
        copy.deepcopy(unreachable) if isinstance(unreachable, list) else [])
    return merge_leftovers(body, kept)


def _entry(trigger: Trigger) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if trigger.event:
        out["type"] = trigger.event
    out.update({field: trigger.params[param] for param, field in ENTRY_PARAMS.items()
                if param in trigger.params})
    if trigger.filters is not None:
        out["filterCriteria"] = to_filter(trigger.filters)
    return merge_leftovers(out, own(trigger.extras))


def _exit(rule: ExitRule) -> dict[str, Any]:
    return merge_leftovers({"type": rule.event}, own(rule.extras))


def _sequence(steps: list[Step], lane: LaneKey | None) -> list[dict[str, Any]]:
    """The body steps of one sequence: each step, and right after a branch its lanes' steps."""
    out: list[dict[str, Any]] = []
    chain = sendable(steps)
    for position, step in enumerate(chain):
        after = chain[position + 1].id if position + 1 < len(chain) else None
        out.append(_step(step, lane, after))
        if isinstance(step, BranchStep):
            for arm in step.arms:
                out.extend(_sequence(arm.steps, (step.id, arm.id)))
    return out


def _step(step: Step, lane: LaneKey | None, after: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"stepId": step.id, "type": step.kind}
    if isinstance(step, WaitStep):
        out["delay"] = _delay(step)
    elif isinstance(step, EmailStep):
        out["email"] = {key: getattr(step, name) for key, name in EMAIL_FIELDS.items()
                        if getattr(step, name)}
    elif isinstance(step, BranchStep):
        out["branches"] = [_lane(arm, after) for arm in step.arms]
    if step.check_exit is not None:
        out["checkExitCriteria"] = step.check_exit
    if lane is not None:
        out["parentBranchStepId"], out["parentBranchId"] = lane
    if after is not None and not isinstance(step, BranchStep):
        out["nextStepId"] = after
    return merge_leftovers(out, own(step.extras))


def _delay(step: WaitStep) -> dict[str, Any]:
    kept = own(step.extras).get("delay")
    spelled = kept.get("unit") if isinstance(kept, dict) else None
    value = 0 if step.mode == "immediate" else step.amount
    return {"value": value, "unit": unit_spelling(step.unit, spelled)}


def _lane(arm: BranchArm, after: str | None) -> dict[str, Any]:
    """One `branches[]` item; `after` is the first step of the branch's continuation."""
    kept = own(arm.extras)
    out: dict[str, Any] = {"branchId": arm.id}
    if arm.label:
        out["label"] = arm.label
    out["triggerType"] = kept.get("triggerType", PROPERTY_TRIGGER)
    out["appliesTo"] = APPLIES_TO_EVERY_STEP if arm.reevaluate else APPLIES_AT_ENTRY
    if arm.condition.items:
        out["filterCriteria"] = to_filter(arm.condition)
    first = sendable(arm.steps)
    if first:
        out["nextStepId"] = first[0].id
    if arm.rejoin and after is not None:
        out["mergeStepId"] = after
    return merge_leftovers(out, kept)

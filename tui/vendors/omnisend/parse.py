"""The body of `POST /api/automations` → a workflow.

The body is first validated against the request models (its shape), then
translated block by block. Any failure, in either stage, is a `PayloadError`
whose location is the JSON path of the offending value.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import ValidationError

from tui.model.errors import PayloadError
from tui.model.steps import (
    BranchArm,
    BranchStep,
    ContactStep,
    EmailStep,
    PushStep,
    SmsStep,
    SplitArm,
    SplitStep,
    Step,
    WaitStep,
    WebhookStep,
)
from tui.model.workflow import Duration, ExitRule, Trigger, Workflow
from tui.vendors.omnisend.fields import ACTION_FIELDS
from tui.vendors.omnisend.filters import (
    StepKinds,
    audience_condition,
    event_condition,
    split_condition,
    trigger_condition,
)
from tui.vendors.omnisend.leftovers import VENDOR, keep
from tui.vendors.omnisend.vocabulary import DELAY_MODES, DELAY_UNITS, TAG_ACTIONS, kind_of_action
from tui.vendors.omnisend.wire import (
    ActionRequest,
    CreateAutomationRequest,
    CreateBlockRequest,
    CreateDelayRequest,
    CreateTriggerRequest,
    ExitConditionRequest,
)

_SEND_STEPS: dict[str, type[Step]] = {
    "sendEmail": EmailStep,
    "sendSms": SmsStep,
    "sendPush": PushStep,
    "sendWebhook": WebhookStep,
}

_JSON_KINDS: dict[type, str] = {list: "an array", str: "a string", bool: "a boolean",
                                int: "a number", float: "a number", type(None): "null"}


def parse_payload(payload: Any) -> Workflow:
    if not isinstance(payload, dict):
        kind = _JSON_KINDS.get(type(payload), type(payload).__name__)
        raise PayloadError(f"an Omnisend automation is a JSON object, not {kind}")
    try:
        request = CreateAutomationRequest.model_validate(payload)
    except ValidationError as exc:
        raise _payload_error(exc) from None
    kinds = dict(_block_kinds(request.blocks))
    steps = _steps(request.blocks, "blocks", kinds)
    exits = [_exit(rule, f"exitConditions[{i}]")
             for i, rule in enumerate(request.exitConditions or [])]
    with _at("trigger"):
        trigger = _trigger(request.trigger)
        group = request.trigger.audienceFilterGroup
        audience = None if group is None else audience_condition(group)
    with _at(""):
        return Workflow(
            vendor=VENDOR,
            name=request.name,
            trigger=trigger,
            audience=audience,
            steps=steps,
            exit=exits,
            settings={} if request.settings is None else {
                VENDOR: request.settings.model_dump(mode="json", exclude_unset=True)},
            extras=keep(request, ["name", "trigger", "blocks", "settings",
                                  *(["exitConditions"] if exits else [])]),
        )


@contextmanager
def _at(path: str) -> Iterator[None]:
    """Report a model that refuses a translated value at the payload path it came from."""
    try:
        yield
    except ValidationError as exc:
        raise PayloadError(_message(exc), path) from None


def _message(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    message = errors[0]["msg"].removeprefix("Value error, ")
    return message + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")


def _payload_error(exc: ValidationError) -> PayloadError:
    path = ""
    for part in exc.errors(include_url=False)[0]["loc"]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return PayloadError(_message(exc), path)


def _block_kinds(blocks: list[CreateBlockRequest] | None) -> Iterator[tuple[str, str]]:
    """(temporaryID, step kind) of every block, nested ones included."""
    for block in blocks or []:
        if block.action is not None:
            yield block.temporaryID, kind_of_action(block.action.type)
        elif block.split is not None:
            yield block.temporaryID, "branch"
            yield from _block_kinds(block.split.trueBlocks)
            yield from _block_kinds(block.split.falseBlocks)
        elif block.abTesting is not None:
            yield block.temporaryID, "split"
            yield from _block_kinds(block.abTesting.aBlocks)
            yield from _block_kinds(block.abTesting.bBlocks)
        else:
            yield block.temporaryID, "wait"


def _trigger(request: CreateTriggerRequest) -> Trigger:
    condition = request.condition
    inactivity = request.inactivitySettings
    return Trigger(
        event=condition.event,
        origin=condition.origin or None,
        filters=trigger_condition(condition.filterGroups),
        inactivity=None if inactivity is None else Duration(
            amount=inactivity.duration.amount, unit=DELAY_UNITS[inactivity.duration.units]),
        extras=keep(condition, ["event", *(["origin"] if condition.origin else []),
                                *(["filterGroups"] if condition.filterGroups else [])]),
    )


def _exit(rule: ExitConditionRequest, path: str) -> ExitRule:
    with _at(path):
        return ExitRule(
            event=rule.event,
            origin=rule.origin or None,
            filters=None if rule.filterGroup is None else event_condition(rule.filterGroup),
            extras=keep(rule, ["event", "filterGroup", *(["origin"] if rule.origin else [])]),
        )


def _steps(blocks: list[CreateBlockRequest] | None, path: str, kinds: StepKinds) -> list[Step]:
    return [_step(block, f"{path}[{i}]", kinds) for i, block in enumerate(blocks or [])]


def _step(block: CreateBlockRequest, path: str, kinds: StepKinds) -> Step:
    if block.split is not None:
        split = block.split
        arm_steps = _steps(split.trueBlocks, f"{path}.split.trueBlocks", kinds)
        otherwise = (None if split.falseBlocks is None
                     else _steps(split.falseBlocks, f"{path}.split.falseBlocks", kinds))
        with _at(f"{path}.split.filterGroup"):
            arm = BranchArm(id=f"{block.temporaryID}:true",
                            condition=split_condition(split.filterGroup, kinds), steps=arm_steps)
        with _at(path):
            return BranchStep(id=block.temporaryID, arms=[arm], otherwise=otherwise)
    if block.abTesting is not None:
        test = block.abTesting
        a_steps = _steps(test.aBlocks, f"{path}.abTesting.aBlocks", kinds)
        b_steps = _steps(test.bBlocks, f"{path}.abTesting.bBlocks", kinds)
        with _at(path):
            return SplitStep(id=block.temporaryID, arms=[
                SplitArm(id=f"{block.temporaryID}:a", percentage=test.aBlocksPercentage,
                         steps=a_steps),
                SplitArm(id=f"{block.temporaryID}:b", percentage=100 - test.aBlocksPercentage,
                         steps=b_steps),
            ])
    with _at(path):
        if block.action is not None:
            return _action(block.temporaryID, block.action, f"{path}.action")
        assert block.delay is not None  # the request model guarantees one config per block
        return _wait(block.temporaryID, block.delay)


def _wait(step_id: str, delay: CreateDelayRequest) -> WaitStep:
    fields: dict[str, Any] = {"mode": DELAY_MODES[delay.mode]}
    used = ["mode"]
    if delay.duration is not None and delay.mode == "duration":
        fields.update(amount=delay.duration.amount, unit=DELAY_UNITS[delay.duration.units])
        used.append("duration")
    if delay.mode == "immediate":
        # No wait is a wait of zero, as vendors with durations only write it (AutoSend value 0).
        fields.update(amount=0, unit="minutes")
    if delay.time is not None and delay.mode == "specificTime":
        fields["at_time"] = delay.time
        used.append("time")
    if delay.allowedWeekdays:
        fields["weekdays"] = delay.allowedWeekdays
        used.append("allowedWeekdays")
    return WaitStep(id=step_id, extras=keep(delay, used), **fields)


def _action(step_id: str, action: ActionRequest, path: str) -> Step:
    config = action.config()
    fields: dict[str, Any] = {}
    used: list[str] = []
    for field in ACTION_FIELDS[action.type]:
        value = getattr(config, field.key)
        if value is not None and (field.required or value):
            fields[field.attr] = value
            used.append(field.key)
    headers = getattr(config, "headers", None)
    if headers:
        names = [header.key for header in headers]
        duplicate = next((name for name in names if names.count(name) > 1), None)
        if duplicate is not None:
            raise PayloadError(f"header '{duplicate}' is given twice",
                               f"{path}.{action.type}.headers")
        fields["headers"] = {header.key: header.value for header in headers}
        used.append("headers")
    extras = keep(config, used)
    if action.type in TAG_ACTIONS:
        return ContactStep(id=step_id, action=TAG_ACTIONS[action.type], extras=extras, **fields)
    return _SEND_STEPS[action.type](id=step_id, extras=extras, **fields)

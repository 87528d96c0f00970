"""Tether create body (either documented form, or a response document) → workflow."""

from __future__ import annotations

import json
from typing import Any

from pydantic import JsonValue, ValidationError

from tui.model.conditions import OPERATORS, Condition, Rule, Source
from tui.model.errors import PayloadError
from tui.model.ids import IdAllocator
from tui.model.steps import ContactStep, SmsStep, Step, WaitStep, WebhookStep
from tui.model.workflow import Trigger, Workflow
from tui.vendors.payload import payload_error, read_body, remember, split_read_only
from tui.vendors.tether.compile import compile_workflow
from tui.vendors.tether.info import DEFAULT_SOURCE, OLDER_OPERATORS, TITLE, TRIGGER_TYPE, VENDOR
from tui.vendors.tether.models import (
    READ_ONLY,
    WEBHOOK_KEYS,
    Actions,
    AutomationBody,
    TetherCondition,
    TetherSettings,
)

SOURCES: tuple[Source, ...] = Source.__args__  # type: ignore[attr-defined]
_FOREIGN_KEYS = frozenset({"steps", "blocks", "nodes", "edges", "trigger", "data", "initiators"})


def looks_like(payload: Any) -> bool:
    """A Tether rule: a top-level `event` string and none of the graph vendors' keys."""
    return (
        isinstance(payload, dict)
        and isinstance(payload.get("event"), str)
        and not _FOREIGN_KEYS & payload.keys()
    )


def parse_payload(payload: Any) -> Workflow:
    body = read_body(AutomationBody, payload, TITLE)
    request, read_only = split_read_only(payload, READ_ONLY)
    ids = IdAllocator()
    params: dict[str, JsonValue] = {}
    if body.triggerType is not None:
        params[TRIGGER_TYPE] = body.triggerType
    settings = body.model_dump(mode="json", include=set(TetherSettings.model_fields),
                               exclude_defaults=True)
    workflow = Workflow(
        vendor=VENDOR,
        name=body.name,
        description=body.description,
        trigger=Trigger(event=body.event, filters=filters_of(body.conditions), params=params),
        steps=[*timer_steps(body, ids), *action_steps(request.get("actions"), body.actions, ids)],
        settings={VENDOR: settings} if settings else {},
    )
    compiled = compile_workflow(workflow, TetherSettings.model_validate(settings))
    return remember(workflow, VENDOR, request, compiled, read_only)


def timer_steps(body: AutomationBody, ids: IdAllocator) -> list[Step]:
    """The wait a timer rule starts with; a timerLogic on an event rule is kept, not a step."""
    if body.triggerLogicType != "timer":
        return []
    timer = body.timerLogic
    if timer is None:
        raise PayloadError("triggerLogicType is 'timer' but there is no timerLogic", "timerLogic")
    if not timer.enabled:
        raise PayloadError("false contradicts triggerLogicType 'timer'", "timerLogic.enabled")
    return [WaitStep(id=ids.next("wait"), amount=timer.delay, unit=timer.unit)]


def action_steps(raw: Any, actions: Actions | None, ids: IdAllocator) -> list[Step]:
    """A step per action, in the payload's key order. A webhook is a step only when
    `sendToWebhook` is true; otherwise its keys are kept as they are."""
    if actions is None:
        return []
    steps: list[Step] = []
    webhook_done = False
    for key in raw:
        if key == "sendMessage":
            steps.extend(SmsStep(id=ids.next("sms"), template_id=message.template,
                                 channel=message.channel or "sms")
                         for message in actions.sendMessage or [])
        elif key == "changeToStatus" and actions.changeToStatus is not None:
            steps.append(ContactStep(id=ids.next("contact"), action="set_status",
                                     value=actions.changeToStatus))
        elif key in WEBHOOK_KEYS and actions.sendToWebhook and not webhook_done:
            webhook_done = True
            steps.append(WebhookStep(id=ids.next("webhook"), url=actions.webhookUrl or "",
                                     method=actions.webhookMethod or "POST",
                                     body=payload_text(actions.webhookPayload)))
    return steps


def payload_text(value: JsonValue) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def filters_of(conditions: list[TetherCondition] | None) -> Condition | None:
    """One group: `and`, or `or` when the older `logicalOperator` says so throughout."""
    if not conditions:
        return None
    joins = {item.logicalOperator.lower() for item in conditions if item.logicalOperator}
    if len(joins) > 1:
        raise PayloadError("mixes 'and' and 'or' in logicalOperator; one rule holds one kind",
                           "conditions")
    rules = [rule_of(item, f"conditions[{index}]") for index, item in enumerate(conditions)]
    return Condition(op="or" if joins == {"or"} else "and", items=rules)


def rule_of(item: TetherCondition, path: str) -> Rule:
    source = item.source or DEFAULT_SOURCE
    if source not in SOURCES:
        raise PayloadError(f"unknown source '{source}' (known: {', '.join(SOURCES)})",
                           f"{path}.source")
    key, name = ("op", item.op) if item.op is not None else ("operator", item.operator)
    operator = OLDER_OPERATORS.get(name or "", name)
    if operator not in OPERATORS:
        known = ", ".join([*OLDER_OPERATORS, *OPERATORS])
        raise PayloadError(f"unknown operator '{name}' (known: {known})", f"{path}.{key}")
    try:
        return Rule.model_validate({"source": source, "field": item.field, "operator": operator,
                                    "value": item.value})
    except ValidationError as exc:
        raise PayloadError(payload_error(exc, {}).message, f"{path}.value") from None

"""Workflow → Tether create body, in the newer reference's form."""

from __future__ import annotations

import json
from typing import Any

from pydantic import JsonValue

from tui.model.conditions import UNARY_OPERATORS, Condition
from tui.model.steps import ContactStep, SmsStep, WaitStep, WebhookStep
from tui.model.workflow import Workflow
from tui.vendors.flat import Layout, direct_rules, lay_out
from tui.vendors.payload import restore
from tui.vendors.tether.info import DEFAULT_SOURCE, SLOTS, TITLE, TRIGGER_TYPE, VENDOR
from tui.vendors.tether.models import TetherSettings


def compile_workflow(workflow: Workflow, settings: TetherSettings) -> dict[str, Any]:
    """The body, key order as in the seed; what cannot be expressed is left to `check`."""
    layout = lay_out(TITLE, workflow.steps, SLOTS)
    body: dict[str, Any] = {
        "name": workflow.name,
        "description": workflow.description,
        "event": workflow.trigger.event,
    }
    actions = compile_actions(layout)
    if actions:
        body["actions"] = actions
    if settings.sourceStatuses:
        body["sourceStatuses"] = list(settings.sourceStatuses)
    if settings.maxTransitions is not None:
        body["maxTransitions"] = settings.maxTransitions
    if TRIGGER_TYPE in workflow.trigger.params:
        body["triggerType"] = workflow.trigger.params[TRIGGER_TYPE]
    conditions = compile_conditions(workflow.trigger.filters)
    if conditions:
        body["conditions"] = conditions
    wait = layout.first("wait")
    body["triggerLogicType"] = "timer" if wait else "event"
    if isinstance(wait, WaitStep):
        body["timerLogic"] = {"enabled": True, "delay": wait.amount, "unit": wait.unit}
    if settings.schedule is not None:
        body["schedule"] = settings.schedule.model_dump()
    if settings.maxFollowUpCount is not None:
        body["maxFollowUpCount"] = settings.maxFollowUpCount
    body["enabled"] = settings.enabled
    if settings.userSmsNotification is not None:
        body["userSmsNotification"] = settings.userSmsNotification.model_dump()
    return restore(body, workflow, VENDOR)


def compile_conditions(filters: Condition | None) -> list[dict[str, JsonValue]]:
    """Newer-form conditions; `source` only when not the implied one, `or` as the older
    guide's `logicalOperator`."""
    out: list[dict[str, JsonValue]] = []
    for _, rule in direct_rules(filters):
        item: dict[str, JsonValue] = {}
        if rule.source != DEFAULT_SOURCE:
            item["source"] = rule.source
        item["field"] = rule.field
        item["op"] = rule.operator
        if rule.value is not None or rule.operator not in UNARY_OPERATORS:
            item["value"] = rule.value
        if filters is not None and filters.op == "or":
            item["logicalOperator"] = "or"
        out.append(item)
    return out


def compile_actions(layout: Layout) -> dict[str, Any]:
    """The `actions` object, its keys in the order of the workflow's steps."""
    actions: dict[str, Any] = {}
    for kind in layout.order:
        steps = layout.steps[kind]
        first = steps[0]
        if kind == "sms":
            actions["sendMessage"] = [
                {"template": step.template_id or "", "channel": step.channel}
                for step in steps if isinstance(step, SmsStep)
            ]
        elif isinstance(first, ContactStep):
            actions["changeToStatus"] = first.value
        elif isinstance(first, WebhookStep):
            actions.update(webhook_actions(first))
    return actions


def webhook_actions(step: WebhookStep) -> dict[str, Any]:
    actions: dict[str, Any] = {"sendToWebhook": True, "webhookUrl": step.url,
                               "webhookMethod": step.method}
    if step.body.strip():
        actions["webhookPayload"] = payload_value(step.body)
    return actions


def payload_value(text: str) -> JsonValue:
    """The webhook body as JSON; text that is not JSON is sent as a string (`check` says so)."""
    try:
        return json.loads(text)
    except ValueError:
        return text

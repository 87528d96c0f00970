"""Workflow → Qonversion create body."""

from __future__ import annotations

from typing import Any

from pydantic import JsonValue

from tui.model.conditions import Condition
from tui.model.steps import PushStep, ScreenStep
from tui.model.workflow import Workflow
from tui.vendors.flat import direct_rules, lay_out
from tui.vendors.payload import restore
from tui.vendors.qonversion.info import SLOTS, TITLE, VENDOR
from tui.vendors.qonversion.models import QonversionSettings

AUDIENCE_FIELDS = {"platform": "platform", "segment": "segments"}
"""Audience rule field → key of `data` it becomes."""


def compile_workflow(workflow: Workflow, settings: QonversionSettings) -> dict[str, Any]:
    """The body, key order as in the docs; what cannot be expressed is left to `check`."""
    data: dict[str, Any] = {}
    audience = audience_values(workflow.audience)
    if "platform" in audience:
        data["platform"] = audience["platform"]
    events = [event for event in (workflow.trigger.event, *workflow.trigger.extra_events) if event]
    if events:
        data["initiators"] = [{"uid": event, "type": "event"} for event in events]
    actions = compile_actions(workflow)
    if actions:
        data["actions"] = actions
    if "segments" in audience:
        data["segments"] = audience["segments"]
    body: dict[str, Any] = {"name": workflow.name}
    if workflow.description:
        body["caption"] = workflow.description
    body["status"] = settings.status
    body["data"] = data
    return restore(body, workflow, VENDOR)


def audience_values(audience: Condition | None) -> dict[str, JsonValue]:
    """`platform` and `segments` from the first contact `eq` rule on each field."""
    values: dict[str, JsonValue] = {}
    for _, rule in direct_rules(audience):
        key = AUDIENCE_FIELDS.get(rule.field)
        if key and key not in values and rule.source == "contact" and rule.operator == "eq":
            values[key] = rule.value
    return values


def compile_actions(workflow: Workflow) -> dict[str, str | None]:
    """`push` and `screen` uids, in the order the workflow has the steps."""
    layout = lay_out(TITLE, workflow.steps, SLOTS)
    actions: dict[str, str | None] = {}
    for kind in layout.order:
        step = layout.first(kind)
        if isinstance(step, PushStep):
            actions["push"] = step.template_id
        elif isinstance(step, ScreenStep):
            actions["screen"] = step.screen_id
    return actions

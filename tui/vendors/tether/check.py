"""Tether's rules, found before any request is sent.

Tether documents one error code, `invalid_request` ("Missing required field: …"),
so field rules carry it; what the flat rule cannot hold is `UNSUPPORTED`, and
values Tether's docs never show (other operators, methods) are `UNDOCUMENTED`
warnings: sent as given, since the docs list none of the full vocabularies.
"""

from __future__ import annotations

import json

from tui.model.problems import Problem, error, warning
from tui.model.steps import ContactStep, SmsStep, Step, WebhookStep
from tui.model.workflow import Workflow
from tui.vendors.base import cannot
from tui.vendors.flat import direct_rules, flat_problems, lay_out
from tui.vendors.tether.info import (
    DOCUMENTED_METHOD,
    DOCUMENTED_OPERATOR,
    SLOTS,
    TITLE,
)
from tui.vendors.tether.models import TetherSettings

INVALID = "invalid_request"
UNDOCUMENTED = "UNDOCUMENTED"


def vendor_problems(workflow: Workflow, settings: TetherSettings) -> list[Problem]:
    layout = lay_out(TITLE, workflow.steps, SLOTS)
    problems = [
        *flat_problems(TITLE, workflow, SLOTS, layout),
        *_required(workflow),
        *_conditions(workflow),
        *_notification(settings),
    ]
    for found in layout.steps.values():
        for step in found:
            problems.extend(_step(step))
    return problems


def _required(workflow: Workflow) -> list[Problem]:
    """`name`, `description` and `event` are required by the docs."""
    fields = (("name", workflow.name, "name"), ("description", workflow.description,
              "description"), ("event", workflow.trigger.event, "trigger.event"))
    return [error(f"{name} is required by Tether", INVALID, path=path)
            for name, value, path in fields if not value.strip()]


def _conditions(workflow: Workflow) -> list[Problem]:
    filters = workflow.trigger.filters
    problems = []
    if filters is not None and filters.op == "or" and len(filters.items) > 1:
        problems.append(warning("an 'or' group is written with the older guide's "
                                "logicalOperator; the newer reference shows only 'and'",
                                UNDOCUMENTED, path="trigger.filters.op"))
    for index, rule in direct_rules(filters):
        path = f"trigger.filters.items[{index}]"
        if not rule.field.strip():
            problems.append(error("a condition needs a field", INVALID, path=f"{path}.field"))
        if rule.operator != DOCUMENTED_OPERATOR:
            problems.append(warning(f"Tether documents only '{DOCUMENTED_OPERATOR}'; "
                                    f"'{rule.operator}' is sent as is", UNDOCUMENTED,
                                    path=f"{path}.operator"))
    return problems


def _notification(settings: TetherSettings) -> list[Problem]:
    notification = settings.userSmsNotification
    if notification is not None and notification.enabled and not notification.phoneNumbers:
        return [error("the SMS notification is on but has no phone number", INVALID,
                      path="settings.userSmsNotification.phoneNumbers")]
    return []


def _step(step: Step) -> list[Problem]:
    if isinstance(step, SmsStep):
        return _message(step)
    if isinstance(step, ContactStep) and not step.value.strip():
        return [error("a status change needs the pipeline stage to move to (changeToStatus)",
                      INVALID, step_id=step.id, path="value")]
    if isinstance(step, WebhookStep):
        return _webhook(step)
    return []


def _message(step: SmsStep) -> list[Problem]:
    problems = []
    if not step.template_id:
        problems.append(error("a message step needs a template (sendMessage[].template)",
                              INVALID, step_id=step.id, path="template_id"))
    if step.text:
        problems.append(cannot(TITLE, "a message's own text (it sends stored templates by name)",
                               step_id=step.id, path="text"))
    if not step.channel.strip():
        problems.append(error("a message step needs a channel (sms)", INVALID,
                              step_id=step.id, path="channel"))
    return problems


def _webhook(step: WebhookStep) -> list[Problem]:
    problems = []
    if not step.url.startswith(("https://", "http://")):
        problems.append(error("a webhook needs an http(s) URL (webhookUrl)", INVALID,
                              step_id=step.id, path="url"))
    if step.method != DOCUMENTED_METHOD:
        problems.append(warning(f"Tether documents only {DOCUMENTED_METHOD} webhooks; "
                                f"{step.method} is sent as is", UNDOCUMENTED,
                                step_id=step.id, path="method"))
    if step.headers:
        problems.append(cannot(TITLE, "webhook headers", step_id=step.id, path="headers"))
    if step.body.strip() and not _is_json_object(step.body):
        problems.append(error("the webhook body is sent as webhookPayload, a JSON object; "
                              "this text is not one", INVALID, step_id=step.id, path="body"))
    return problems


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False

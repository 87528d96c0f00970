"""One-line human summaries of workflow parts: "Wait 2 minutes", "Email · Welcome".

The outline, the step-kind picker, the switch-vendor report and the problems
list all name steps the same way, so the wording lives here once (no Textual).
"""

from __future__ import annotations

from tui.model.conditions import Condition
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
from tui.model.workflow import Duration, Workflow

SEP = " · "
MAX_DETAIL = 40

KIND_TITLES: dict[str, str] = {
    "wait": "Wait",
    "email": "Email",
    "sms": "SMS",
    "push": "Push",
    "screen": "Screen",
    "webhook": "Webhook",
    "contact": "Contact",
    "branch": "Branch",
    "split": "Split",
}

KIND_HELP: dict[str, str] = {
    "wait": "pause for a duration, or until a time of day",
    "email": "send an email from a template or inline HTML",
    "sms": "send a text message",
    "push": "send a push notification",
    "screen": "show an in-app screen",
    "webhook": "call a URL",
    "contact": "set a field, tag, unsubscribe or change topics",
    "branch": "route contacts down the first arm whose condition holds",
    "split": "send contacts down arms at random by percentage",
}


def clip(text: str, limit: int = MAX_DETAIL) -> str:
    """One line, at most `limit` characters (an ellipsis marks the cut)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def plural(amount: float, unit: str) -> str:
    """`1 minute`, `2 minutes`, `1.5 hours` (units are stored plural)."""
    singular = unit[:-1] if unit.endswith("s") else unit
    number = f"{amount:g}"
    return f"{number} {singular if amount == 1 else unit}"


def duration(value: Duration) -> str:
    return plural(value.amount, value.unit)


def _titled(kind: str, detail: str) -> str:
    title = KIND_TITLES.get(kind, kind.title())
    return f"{title}{SEP}{clip(detail)}" if detail else title


def step_label(step: Step) -> str:
    """The outline label of a step."""
    detail = ""
    if isinstance(step, WaitStep):
        return _wait_label(step)
    if isinstance(step, EmailStep):
        detail = step.subject or step.template_id or ""
    elif isinstance(step, SmsStep):
        detail = step.text or step.template_id or ""
    elif isinstance(step, PushStep):
        detail = step.title or step.body or step.template_id or ""
    elif isinstance(step, ScreenStep):
        detail = step.screen_id
    elif isinstance(step, WebhookStep):
        detail = f"{step.method} {step.url}" if step.url else ""
    elif isinstance(step, ContactStep):
        detail = _contact_detail(step)
    elif isinstance(step, BranchStep):
        detail = plural(len(step.arms), "arms") + (" + otherwise" if step.otherwise is not None
                                                   else "")
    elif isinstance(step, SplitStep):
        detail = "/".join(f"{arm.percentage:g}" for arm in step.arms) or "no paths"
    return _titled(step.kind, detail or step.note)


def _wait_label(step: WaitStep) -> str:
    if step.mode == "immediate":
        text = "Continue at once"
    elif step.mode == "until_time":
        text = f"Wait until {step.at_time or '--:--'}"
    else:
        text = f"Wait {plural(step.amount, step.unit)}"
    if step.weekdays:
        text += " on " + ", ".join(day[:3].title() for day in step.weekdays)
    return text


def _contact_detail(step: ContactStep) -> str:
    match step.action:
        case "set_field":
            return f"set {step.field} = {step.value}" if step.field else "set a field"
        case "add_tag" | "remove_tag":
            verb = "add tag" if step.action == "add_tag" else "remove tag"
            return f"{verb} {step.value}".strip()
        case "unsubscribe":
            return "unsubscribe" + (f" from {', '.join(step.channels)}" if step.channels else "")
        case "set_status":
            return f"status {step.value}".strip()
        case _:
            verb = "add to" if step.action == "add_to_topics" else "remove from"
            return f"{verb} {', '.join(step.topics) or 'topics'}"


def arm_label(arm: BranchArm | SplitArm | None, index: int) -> str:
    """The outline label of an arm; None is a branch's otherwise arm."""
    if arm is None:
        return "Otherwise"
    if isinstance(arm, SplitArm):
        return f"{arm.label or f'Path {index + 1}'}{SEP}{arm.percentage:g}%"
    if arm.label:
        return arm.label
    return f"If {condition_label(arm.condition)}" if arm.condition.items else f"Arm {index + 1}"


def condition_label(condition: Condition | None, empty: str = "always") -> str:
    """A short reading of a condition: its single rule, or how many rules it holds."""
    if condition is None or not condition.items:
        return empty
    rules = condition.rules()
    if len(rules) == 1 and condition.op != "not":
        rule = rules[0]
        field = rule.field.rsplit(".", 1)[-1]  # customFields.plan reads as plan
        value = "" if rule.value is None else f" {rule.value}"
        return clip(f"{field} {rule.operator}{value}", 32)
    return f"{len(rules)} rules ({condition.op})"


def trigger_label(workflow: Workflow) -> str:
    trigger = workflow.trigger
    detail = trigger.event or "no event"
    if trigger.extra_events:
        detail += f" +{len(trigger.extra_events)}"
    return f"Trigger{SEP}{clip(detail)}"


def audience_label(workflow: Workflow) -> str:
    return f"Audience{SEP}{condition_label(workflow.audience, 'everyone')}"


def exit_label(workflow: Workflow) -> str:
    if not workflow.exit:
        return f"Exit{SEP}when the steps end"
    first = workflow.exit[0].event
    more = f" +{len(workflow.exit) - 1}" if len(workflow.exit) > 1 else ""
    return f"Exit{SEP}{clip(first)}{more}"


def details_label(workflow: Workflow) -> str:
    return workflow.name or "Untitled workflow"

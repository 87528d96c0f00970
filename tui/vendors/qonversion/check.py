"""Qonversion's rules, found before any request is sent.

Field rules carry Qonversion's own validation code, `invalid_data`; what the
flat shape cannot hold is `UNSUPPORTED`, as in the shared capability checks.
"""

from __future__ import annotations

from collections import Counter

from tui.model.problems import Problem, error, warning
from tui.model.steps import PushStep, ScreenStep
from tui.model.workflow import Workflow
from tui.vendors.base import cannot
from tui.vendors.flat import Layout, direct_rules, flat_problems, lay_out
from tui.vendors.qonversion.info import SLOTS, TITLE
from tui.vendors.qonversion.models import CAPTION_MAX, NAME_MAX, PLATFORMS

INVALID = "invalid_data"


def vendor_problems(workflow: Workflow) -> list[Problem]:
    layout = lay_out(TITLE, workflow.steps, SLOTS)
    return [
        *flat_problems(TITLE, workflow, SLOTS, layout),
        *_details(workflow),
        *_events(workflow),
        *_actions(layout),
        *_audience(workflow),
    ]


def _details(workflow: Workflow) -> list[Problem]:
    problems = []
    if not 1 <= len(workflow.name) <= NAME_MAX:
        problems.append(error(f"name must be 1–{NAME_MAX} characters (it has "
                              f"{len(workflow.name)})", INVALID, path="name"))
    if len(workflow.description) > CAPTION_MAX:
        problems.append(error(f"the description is sent as caption, at most {CAPTION_MAX} "
                              f"characters (it has {len(workflow.description)})", INVALID,
                              path="description"))
    return problems


def _events(workflow: Workflow) -> list[Problem]:
    trigger = workflow.trigger
    if not trigger.event and not trigger.extra_events:
        return [error("Qonversion needs at least one trigger event (data.initiators)", INVALID,
                      path="trigger.event")]
    problems = []
    named = [("trigger.event", trigger.event)] + [
        (f"trigger.extra_events[{index}]", event)
        for index, event in enumerate(trigger.extra_events)
    ]
    counts = Counter(event for _, event in named)
    for path, event in named:
        if not event.strip():
            problems.append(error("a trigger event id is blank", INVALID, path=path))
        elif not event.isdigit():
            problems.append(warning(f"'{event}' is not a numeric event id; Qonversion's "
                                    "initiators are the ids of the dashboard's Events tab",
                                    "EVENT_ID", path=path))
        elif counts[event] > 1:
            problems.append(warning(f"event '{event}' is listed {counts[event]} times",
                                    "DUPLICATE_EVENT", path=path))
            counts[event] = 1
    return problems


def _actions(layout: Layout) -> list[Problem]:
    if not layout.order:
        return [error("Qonversion needs at least one action: a push or an in-app screen step",
                      INVALID, path="steps")]
    problems = []
    for step in (step for found in layout.steps.values() for step in found):
        if isinstance(step, PushStep):
            if not step.template_id:
                problems.append(error("a push step needs the uid of a push made in the "
                                      "Qonversion dashboard", INVALID, step_id=step.id,
                                      path="template_id"))
            if step.title or step.body or step.url:
                problems.append(cannot(TITLE, "a push's own title, text or link (it sends a "
                                              "push made in its dashboard, by uid)",
                                       step_id=step.id))
        elif isinstance(step, ScreenStep) and not step.screen_id:
            problems.append(error("a screen step needs the uid of an in-app screen", INVALID,
                                  step_id=step.id, path="screen_id"))
    return problems


def _audience(workflow: Workflow) -> list[Problem]:
    """Platform and segment: one of each, both required to hold (`base` checks fields)."""
    audience = workflow.audience
    if audience is None:
        return []
    problems = []
    rules = direct_rules(audience)
    if audience.op == "or" and len(audience.items) > 1:
        problems.append(cannot(TITLE, "an 'or' audience (platform and segment must both hold)",
                               path="audience.op"))
    seen: Counter[str] = Counter()
    for index, rule in rules:
        path = f"audience.items[{index}]"
        seen[rule.field] += 1
        if rule.source != "contact":
            problems.append(cannot(TITLE, f"an audience rule on {rule.source} fields", path=path))
        elif seen[rule.field] == 2:
            problems.append(cannot(TITLE, f"more than one '{rule.field}' audience rule",
                                   path=path))
        elif rule.field == "platform" and rule.value not in PLATFORMS:
            problems.append(error(f"platform must be {' or '.join(PLATFORMS)}, not "
                                  f"{rule.value!r}", INVALID, path=f"{path}.value"))
        elif rule.field == "segment" and not (isinstance(rule.value, str) and rule.value):
            problems.append(error("the segment rule needs a segment uid", INVALID,
                                  path=f"{path}.value"))
    return problems

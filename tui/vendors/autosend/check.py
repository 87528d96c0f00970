"""Everything AutoSend would refuse, found before a request is sent.

Problems carry AutoSend's own codes where it has one (`NAME_REQUIRED`,
`INVALID_STEP_SEQUENCE`, `EMAIL_TEMPLATE_REQUIRED`, `BRANCH_BRANCHES_REQUIRED`,
`EVENT_NAME_REQUIRED`, `CANNOT_ACTIVATE_AUTOMATION`, `VALIDATION_FAILED`), and
flowdeck's own where it has none (`UNSUPPORTED`, `DUPLICATE_STEP_ID`,
`DUPLICATE_BRANCH_ID`, `DANGLING_STEP_ID`, `UNREACHABLE_STEP`). The step graph
is judged on the body `compile` produces (handed in, so a caller that needs the
body too compiles once), so steps kept from an imported body are checked too.
"""

from __future__ import annotations

from typing import Any

from tui.model.errors import PayloadError
from tui.model.problems import Problem, error, warning
from tui.model.steps import BranchStep, EmailStep
from tui.model.tree import walk
from tui.model.workflow import ExitRule, Trigger, Workflow
from tui.vendors.autosend.graph import Broken, broken_references, layout
from tui.vendors.autosend.info import INFO
from tui.vendors.autosend.parse import read_step
from tui.vendors.autosend.payload import CreateAutomationBody, validate
from tui.vendors.autosend.step_rules import chains, step_problems
from tui.vendors.autosend.vocabulary import (
    DOCUMENTED_ENTRY_TYPES,
    DOCUMENTED_EXIT_TYPES,
    EVENT_RECEIVED,
    PROPERTY_MATCH,
    REQUIRED_PARAM,
)
from tui.vendors.base import cannot

LIMITS = {"name": 255, "description": 1000}
ACTIVATE = "CANNOT_ACTIVATE_AUTOMATION"


def check_compiled(workflow: Workflow, body: dict[str, Any],
                   common: list[Problem]) -> list[Problem]:
    """The problems of `workflow`, whose compiled body is `body` (not modified).

    `common` are the adapter's shared capability checks; AutoSend's rules follow them.

    Activation problems are listed whether or not the workflow asks for `active`:
    they carry phase "activate", so they never block a draft, and whoever activates
    (the `active` setting, the `activate` lifecycle option, a later PATCH) filters by
    phase — as `Submission.blocking` and the sandbox do.
    """
    return [
        *common,
        *_details(workflow),
        *_trigger(workflow.trigger),
        *_exits(workflow.exit),
        *step_problems(workflow.steps),
        *_graph(workflow, body, common),
        *activation_problems(workflow),
    ]


def _details(workflow: Workflow) -> list[Problem]:
    problems = []
    if not workflow.name.strip():
        problems.append(error("the automation needs a name", "NAME_REQUIRED", path="name"))
    for field, limit in LIMITS.items():
        length = len(getattr(workflow, field))
        if length > limit:
            problems.append(error(f"{field} is {length} characters; AutoSend takes at most "
                                  f"{limit}", "VALIDATION_FAILED", path=field))
    return problems


def _trigger(trigger: Trigger) -> list[Problem]:
    problems = []
    if trigger.event == EVENT_RECEIVED and not _text(trigger.params.get("event_name")):
        problems.append(error("an event entry needs the event's name (entryCriteria.eventName)",
                              "EVENT_NAME_REQUIRED", path="trigger.params.event_name"))
    if trigger.event and trigger.event not in DOCUMENTED_ENTRY_TYPES:
        documented = ", ".join(sorted(DOCUMENTED_ENTRY_TYPES))
        problems.append(warning(f"AutoSend does not document the entry type '{trigger.event}' "
                                f"(documented: {documented}); check it against the live API",
                                path="trigger.event"))
    return problems  # origin, inactivity, extra events, unknown params: the shared check


def _exits(rules: list[ExitRule]) -> list[Problem]:
    problems = []
    for index, rule in enumerate(rules):
        path = f"exit[{index}]"
        if index > 0:
            problems.append(cannot(INFO.title, "more than one exit rule (exitCriteria)", path=path))
        if rule.origin is not None or rule.filters is not None:
            problems.append(cannot(INFO.title, "an exit rule's origin or filters", path=path))
        if rule.event not in DOCUMENTED_EXIT_TYPES:
            problems.append(warning(f"AutoSend documents only workflow_complete as an exit "
                                    f"type, not '{rule.event}'", path=f"{path}.event"))
    return problems


def _graph(workflow: Workflow, body: dict[str, Any], common: list[Problem]) -> list[Problem]:
    """The compiled body's shape, references and reachability."""
    steps: list[dict[str, Any]] = body["steps"]
    problems = _shape(body)
    if problems:
        return problems  # references in a body of the wrong shape cannot be followed
    already = {p.step_id for p in common if p.code == "DUPLICATE_STEP_ID"}
    broken = broken_references(steps)
    problems.extend(_broken(item) for item in broken
                    if not (item.kind == "duplicate_step" and item.step_id in already))
    if broken:
        return problems
    try:
        plan = layout(steps)
    except PayloadError as exc:
        return [error(exc.message, "INVALID_STEP_SEQUENCE", path=exc.location)]
    ours = {place.step.id for place in walk(workflow.steps)}
    for index in plan.unreachable:
        step_id = steps[index].get("stepId")
        why = ("only lanes with rejoin go on to the steps after a branch" if step_id in ours
               else "it was kept from an imported body")
        problems.append(error(f"no step or lane leads to step '{step_id}' ({why})",
                              "UNREACHABLE_STEP", step_id=step_id))
    return problems


def _shape(body: dict[str, Any]) -> list[Problem]:
    """A body that strays from AutoSend's documented shape (through extras, or a setting)."""
    problems = []
    for index, step in enumerate(body["steps"]):
        try:
            read_step(index, step)
        except PayloadError as exc:
            step_id = step.get("stepId") if isinstance(step, dict) else None
            problems.append(error(exc.message, "VALIDATION_FAILED", step_id=step_id,
                                  path=exc.location))
    try:
        validate(CreateAutomationBody, body)
    except PayloadError as exc:
        problems.append(error(exc.message, "VALIDATION_FAILED", path=exc.location))
    return problems


BROKEN_CODES = {"dangling": "DANGLING_STEP_ID", "duplicate_step": "DUPLICATE_STEP_ID",
                "duplicate_lane": "DUPLICATE_BRANCH_ID"}


def _broken(item: Broken) -> Problem:
    return error(item.message, BROKEN_CODES[item.kind], step_id=item.step_id, path=item.field)


def activation_problems(workflow: Workflow) -> list[Problem]:
    """What activating needs beyond a valid draft.

    AutoSend answers a missing "required field" with CANNOT_ACTIVATE_AUTOMATION but
    does not list them. flowdeck requires what an automation cannot run without:
    an entry type, the filter of a property-match entry, the list or segment id of
    those entries (the event name is EVENT_NAME_REQUIRED already), at least one
    email, and a filter on every branch lane.
    """
    trigger = workflow.trigger
    problems = []
    if not trigger.event:
        problems.append(_cannot_activate("it needs an entry type (entryCriteria.type)",
                                         path="trigger.event"))
    elif trigger.event == PROPERTY_MATCH and not (trigger.filters and trigger.filters.rules()):
        problems.append(_cannot_activate("a property-match entry needs at least one filter",
                                         path="trigger.filters"))
    param = REQUIRED_PARAM.get(trigger.event)
    if param and trigger.event != EVENT_RECEIVED and not _text(trigger.params.get(param)):
        problems.append(_cannot_activate(f"a {trigger.event} entry needs {param}",
                                         path=f"trigger.params.{param}"))
    sent = [step for chain in chains(workflow.steps) for step in chain.steps]
    if not any(isinstance(step, EmailStep) for step in sent):
        problems.append(_cannot_activate("it needs at least one email step", path="steps"))
    for step in sent:
        if isinstance(step, BranchStep):
            problems.extend(
                _cannot_activate(f"lane '{arm.id}' needs a filter", step_id=step.id,
                                 path=f"arms[{index}].condition")
                for index, arm in enumerate(step.arms) if not arm.condition.rules())
    return problems


def _cannot_activate(why: str, *, step_id: str | None = None, path: str = "") -> Problem:
    return error(f"Cannot activate workflow: {why}", ACTIVATE, step_id=step_id, path=path,
                 phase="activate")


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


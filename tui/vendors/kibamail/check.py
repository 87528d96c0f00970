"""`check`: the shared capability checks, what Kibamail cannot take, and the vendor's rules.

The vendor's own rules run on the compiled body (`rules`), exactly what would
be sent, so a check can never disagree with the payload preview; the compiled
flow is handed in, so a caller that needs the body too compiles once. Node ids are
step ids, so their problems point at steps; the nodes a multi-arm branch is
chained into point back at the branch.
"""

from __future__ import annotations

import dataclasses

from tui.model.problems import Problem, error, warning
from tui.model.steps import BranchStep, ContactStep, EmailStep, SplitStep
from tui.model.tree import walk
from tui.model.workflow import Workflow
from tui.vendors.base import Adapter, cannot, not_sent
from tui.vendors.kibamail.compile import CompiledFlow, trigger_node_id
from tui.vendors.kibamail.info import INFO
from tui.vendors.kibamail.rules import payload_problems

_EMAIL_INLINE = {
    "preview_text": "an email's preview text",
    "html": "inline HTML in an email",
    "language": "an email's language",
}


def check_flow(adapter: Adapter, workflow: Workflow, flow: CompiledFlow) -> list[Problem]:
    """The problems of `workflow`, whose compiled flow is `flow` (not modified)."""
    problems = adapter.common_problems(workflow)
    problems += _inexpressible(workflow)
    problems += [_to_step(problem, flow.origin) for problem in payload_problems(flow.body)]
    return problems


def _cannot(what: str, *, step_id: str | None = None, path: str = "") -> Problem:
    return cannot(INFO.title, what, step_id=step_id, path=path)


def _inexpressible(workflow: Workflow) -> list[Problem]:
    """What compile would leave out that the shared capability checks do not cover."""
    places = list(walk(workflow.steps))
    problems = not_sent(INFO.title, places, ("branch",))
    trigger_id = trigger_node_id(workflow.trigger)
    for place in places:
        step = place.step
        if step.id == trigger_id:
            problems.append(error(f"step id '{step.id}' is also the trigger node's id",
                                  "DUPLICATE_STEP_ID", step_id=step.id, path="id"))
        if isinstance(step, EmailStep):
            problems += [_cannot(f"{what} (send-email takes a templateId)", step_id=step.id,
                                 path=attr)
                         for attr, what in _EMAIL_INLINE.items() if getattr(step, attr)]
        elif isinstance(step, ContactStep) and step.action == "unsubscribe" and step.channels:
            problems.append(_cannot("unsubscribing from some channels only", step_id=step.id,
                                    path="channels"))
        elif isinstance(step, SplitStep):
            ids = [arm.id for arm in step.arms]
            problems += [error(f"split path id '{ident}' is used twice; Kibamail tells the "
                               "paths apart by it", "DUPLICATE_PATH_ID", step_id=step.id,
                               path=f"arms[{index}].id")
                         for index, ident in enumerate(ids) if ident in ids[:index]]
        elif isinstance(step, BranchStep) and len(step.arms) > 1:
            problems.append(warning(
                f"this branch is sent as a chain of {len(step.arms)} if-else nodes (arm 1, else "
                "arm 2, …); it reads back from Kibamail as nested branches", "BRANCH_CHAINED",
                step_id=step.id, path="arms"))
    return problems


def _to_step(problem: Problem, origin: dict[str, str]) -> Problem:
    if problem.step_id in origin:
        return dataclasses.replace(problem, step_id=origin[problem.step_id])
    return problem

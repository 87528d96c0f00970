"""Walking the nested step sequences of a workflow.

Branch and split arms nest sequences inside steps; editors, checks and
adapters all need "every step, with where it sits", so that walk lives here once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tui.model.steps import BranchArm, BranchStep, SplitArm, SplitStep, Step
from tui.model.workflow import Workflow


@dataclass(frozen=True, slots=True)
class Lane:
    """One sequence a compound step holds: an arm, or a branch's otherwise arm (arm None)."""

    owner: BranchStep | SplitStep
    arm: BranchArm | SplitArm | None
    steps: list[Step]
    path: str


@dataclass(slots=True)
class Place:
    """A step and where it sits: its sequence, index, enclosing lane and depth.

    Not frozen: `walk` makes one per step on every check, and a frozen dataclass
    takes twice as long to build (benchmarks/compile_check.py). Treat it as read-only."""

    step: Step
    container: list[Step]
    index: int
    lane: Lane | None
    depth: int
    path: str


def lanes(step: Step, path: str = "") -> list[Lane]:
    """The sequences held by a branch or split step, in display order."""
    if isinstance(step, BranchStep):
        found = [Lane(step, arm, arm.steps, f"{path}.arms[{i}].steps")
                 for i, arm in enumerate(step.arms)]
        if step.otherwise is not None:
            found.append(Lane(step, None, step.otherwise, f"{path}.otherwise"))
        return found
    if isinstance(step, SplitStep):
        return [Lane(step, arm, arm.steps, f"{path}.arms[{i}].steps")
                for i, arm in enumerate(step.arms)]
    return []


def walk(steps: list[Step], *, lane: Lane | None = None, depth: int = 0,
         path: str = "steps") -> Iterator[Place]:
    """Every step in order, depth first: a compound step comes before its lanes' steps."""
    for index, step in enumerate(steps):
        here = f"{path}[{index}]"
        yield Place(step, steps, index, lane, depth, here)
        if not isinstance(step, BranchStep | SplitStep):
            continue  # the common case, without building an empty list of lanes
        for inner in lanes(step, here):
            yield from walk(inner.steps, lane=inner, depth=depth + 1, path=inner.path)


def find(workflow: Workflow, step_id: str) -> Place | None:
    return next((place for place in walk(workflow.steps) if place.step.id == step_id), None)


def replaced(steps: list[Step], step_id: str, new: Step) -> list[Step] | None:
    """A copy of `steps` with step `step_id` (at any depth) swapped for `new`, or None when
    it is not there. Only the lists and steps on the way down are copied; every other step
    is shared, which is what makes an edit of one step cheap in a big workflow."""
    for index, step in enumerate(steps):
        if step.id == step_id:
            changed: Step | None = new
        elif isinstance(step, BranchStep | SplitStep):
            changed = _replaced_inside(step, step_id, new)
        else:
            continue
        if changed is not None:
            return [*steps[:index], changed, *steps[index + 1:]]
    return None


def _replaced_inside(owner: BranchStep | SplitStep, step_id: str,
                     new: Step) -> BranchStep | SplitStep | None:
    for index, arm in enumerate(owner.arms):
        inner = replaced(arm.steps, step_id, new)
        if inner is not None:
            arms = list(owner.arms)
            arms[index] = arm.model_copy(update={"steps": inner})
            return owner.model_copy(update={"arms": arms})
    if isinstance(owner, BranchStep) and owner.otherwise is not None:
        inner = replaced(owner.otherwise, step_id, new)
        if inner is not None:
            return owner.model_copy(update={"otherwise": inner})
    return None


def step_ids(workflow: Workflow) -> list[str]:
    """Every step id in walk order (duplicates included, so checks can find them)."""
    return [place.step.id for place in walk(workflow.steps)]


def count_steps(steps: list[Step]) -> int:
    return sum(1 for _ in walk(steps))

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


def step_ids(workflow: Workflow) -> list[str]:
    """Every step id in walk order (duplicates included, so checks can find them)."""
    return [place.step.id for place in walk(workflow.steps)]


def count_steps(steps: list[Step]) -> int:
    return sum(1 for _ in walk(steps))

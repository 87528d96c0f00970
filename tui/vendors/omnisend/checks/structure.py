"""The shape rules of the block tree, and what the workflow holds that no block can carry.

- a delay cannot end a sequence, except as the last block of a split or A/B
  path when blocks follow that split (the delay then runs into them);
- a split needs its condition and a non-empty path, an A/B test a non-empty path
  and a whole percentage for path A (B gets the rest);
- a temporaryID is at most 36 characters (uniqueness is a common check).
"""

from __future__ import annotations

from collections.abc import Iterator

from tui.model.problems import Problem, error, warning
from tui.model.steps import BranchStep, SplitStep, Step, WaitStep
from tui.model.tree import lanes, walk
from tui.model.workflow import Workflow
from tui.vendors.base import not_sent
from tui.vendors.omnisend.fields import TEMPORARY_ID_LIMIT


def structure_problems(workflow: Workflow) -> Iterator[Problem]:
    if not workflow.name.strip():
        yield error("the automation needs a name", "NAME_REQUIRED", path="name")
    if not workflow.steps:
        yield error("at least one block is required", "BLOCKS_REQUIRED", path="steps")
    yield from _sequence(workflow.steps, continues=False)
    for place in walk(workflow.steps):
        if len(place.step.id) > TEMPORARY_ID_LIMIT:
            yield error(f"the id is {len(place.step.id)} characters; a temporaryID is at most "
                        f"{TEMPORARY_ID_LIMIT}", "TEMPORARY_ID_TOO_LONG",
                        step_id=place.step.id, path="id")


def unexpressed_problems(workflow: Workflow) -> Iterator[Problem]:
    """Parts of the workflow the create body has no field for (never dropped silently)."""
    if workflow.description.strip():
        yield warning("Omnisend cannot express a description; it is not sent",
                      "UNSUPPORTED", path="description")
    places = list(walk(workflow.steps))
    for place in places:
        if place.step.check_exit is False:
            yield warning("Omnisend cannot skip the exit check before a step; exit conditions "
                          "apply at every step", "UNSUPPORTED", step_id=place.step.id,
                          path="check_exit")
    yield from not_sent("Omnisend", places, ("branch", "split"))


def _sequence(steps: list[Step], *, continues: bool) -> Iterator[Problem]:
    """`continues`: this is a split path and blocks follow the split, so it may end waiting."""
    if steps and isinstance(steps[-1], WaitStep) and not continues:
        yield error("a delay cannot end a sequence: add an action after it (or, inside a split "
                    "or A/B path, a block after the split)", "DELAY_AT_END", step_id=steps[-1].id)
    for index, step in enumerate(steps):
        followed = index < len(steps) - 1
        if isinstance(step, BranchStep):
            yield from _split(step, followed)
        elif isinstance(step, SplitStep):
            yield from _ab_test(step)
        for lane in lanes(step):
            yield from _sequence(lane.steps, continues=followed)


def _split(step: BranchStep, followed: bool) -> Iterator[Problem]:
    if not step.arms:
        yield error("a split needs a condition (one arm)", "SPLIT_CONDITION_REQUIRED",
                    step_id=step.id, path="arms")
    if not any(lane.steps for lane in lanes(step)):
        yield error("a split needs blocks on at least one of its paths", "SPLIT_EMPTY",
                    step_id=step.id)
    for index, arm in enumerate(step.arms):
        if followed and not arm.rejoin:
            yield error("Omnisend cannot express an arm that does not rejoin: the blocks after "
                        "a split run for both paths", "UNSUPPORTED", step_id=step.id,
                        path=f"arms[{index}].rejoin")


def _ab_test(step: SplitStep) -> Iterator[Problem]:
    if not any(arm.steps for arm in step.arms):
        yield error("an A/B test needs blocks on at least one of its paths", "AB_TEST_EMPTY",
                    step_id=step.id)
    if not step.arms:
        return
    first = step.arms[0].percentage
    if not float(first).is_integer():
        yield error(f"path A gets a whole percentage 0–100, not {first}",
                    "AB_PERCENTAGE_INVALID", step_id=step.id, path="arms[0].percentage")
    if len(step.arms) == 2 and step.arms[0].percentage + step.arms[1].percentage != 100:
        yield error("the two paths' percentages must add up to 100 (B gets 100 minus A)",
                    "AB_PERCENTAGE_INVALID", step_id=step.id, path="arms[1].percentage")

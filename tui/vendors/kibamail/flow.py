"""The shape of a Kibamail graph in model terms: which steps become nodes, and their exits.

An if-else node has two exits (`true`, `false`), a percentage-split one per
path (the path's id), every other node one plain exit. A branch with several
arms has no single node, so it is compiled as a chain of if-else nodes: arm 1's
condition, else arm 2's, … (the same "first arm that holds" rule); the extra
nodes are named `<branch id>-2`, `-3`, … and map back to the branch.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.steps import BranchStep, SplitStep, Step
from tui.vendors.kibamail.nodes import node_type_of


@dataclass(frozen=True, slots=True)
class Lane:
    handle: str
    """The `sourceHandle` of the edge into the lane."""
    steps: list[Step]
    rejoins: bool = True
    """Whether the lane's end continues with the steps after its node."""


def lanes_of(step: Step) -> list[Lane]:
    """The exits of a (chained) branch or a split, in display order; [] for other steps."""
    if isinstance(step, BranchStep):
        arm = step.arms[0] if step.arms else None
        return [Lane("true", arm.steps if arm else [], arm.rejoin if arm else True),
                Lane("false", step.otherwise or [])]
    if isinstance(step, SplitStep):
        return [Lane(arm.id, arm.steps) for arm in step.arms]
    return []


def graph_steps(steps: list[Step]) -> tuple[list[Step], dict[str, str]]:
    """`steps` as the graph holds them, and the step id each made-up node id stands for.

    Steps without a Kibamail node (sms, push, screen, tags, …) are left out;
    `check` reports each of them, so nothing goes missing unannounced.
    """
    origin: dict[str, str] = {}
    return _graph_steps(steps, origin), origin


def _graph_steps(steps: list[Step], origin: dict[str, str]) -> list[Step]:
    out: list[Step] = []
    for step in steps:
        if node_type_of(step) is None:
            continue
        if isinstance(step, BranchStep):
            out.append(_chained(step, origin))
        elif isinstance(step, SplitStep):
            arms = [arm.model_copy(update={"steps": _graph_steps(arm.steps, origin)})
                    for arm in step.arms]
            out.append(step.model_copy(update={"arms": arms}))
        else:
            out.append(step)
    return out


def _chained(step: BranchStep, origin: dict[str, str]) -> BranchStep:
    otherwise = None if step.otherwise is None else _graph_steps(step.otherwise, origin)
    arms = [arm.model_copy(update={"steps": _graph_steps(arm.steps, origin)})
            for arm in step.arms]
    for number in range(len(arms), 1, -1):
        link_id = f"{step.id}-{number}"
        origin[link_id] = step.id
        otherwise = [BranchStep(id=link_id, arms=[arms[number - 1]], otherwise=otherwise)]
    return step.model_copy(update={"arms": arms[:1], "otherwise": otherwise})

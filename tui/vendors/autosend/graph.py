"""AutoSend's step graph: its references, and the nested program it describes.

A create body lists steps flat and links them by id: `nextStepId` from step to
step, a branch lane's `nextStepId` to its first step, `mergeStepId` from a lane
to the step where it rejoins, and `parentBranchStepId` / `parentBranchId` on
every step inside a lane. The model is a nested program (a sequence, with one
sequence per branch arm, and the steps after a branch as the continuation), so
reading a body means rebuilding that tree from the links.

`broken_references` serves both parse (which stops at the first) and check
(which reports all of them, on the body compiled from a workflow).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from tui.model.errors import PayloadError

MAX_NESTING = 50
"""Branches inside branches deeper than this are refused rather than risking the stack."""

LaneKey = tuple[str, str]
"""(branch step id, lane id); None stands for the main flow."""


BrokenKind = Literal["dangling", "duplicate_step", "duplicate_lane"]


@dataclass(frozen=True, slots=True)
class Broken:
    """A reference that points nowhere, or an id used twice, at `steps[index].field`."""

    index: int
    field: str
    message: str
    step_id: str | None
    kind: BrokenKind = "dangling"

    @property
    def path(self) -> str:
        return f"steps[{self.index}].{self.field}"


@dataclass(slots=True)
class Node:
    """A step of the body, with the lanes of a branch step in lane order."""

    index: int
    data: dict[str, Any]
    lanes: list[Lane] = field(default_factory=list)


@dataclass(slots=True)
class Lane:
    data: dict[str, Any]
    """The `branches[k]` object."""
    steps: list[Node]


@dataclass(slots=True)
class Layout:
    steps: list[Node]
    unreachable: list[int]
    """Indexes of steps no link leads to, in body order."""


def lane_ids(steps: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The lane ids of every branch step, keyed by the branch's `stepId`."""
    return {
        step["stepId"]: [lane.get("branchId") for lane in step.get("branches") or []]
        for step in steps
        if step.get("type") == "branch" and step.get("stepId") is not None
    }


def owner(step: dict[str, Any], lanes: dict[str, list[str]]) -> LaneKey | None:
    """The lane a step says it sits in; a missing `parentBranchStepId` is found from the lane
    id (AutoSend's responses leave it out)."""
    lane = step.get("parentBranchId")
    branch = step.get("parentBranchStepId")
    if lane is None and branch is None:
        return None
    if branch is None:
        branch = next((b for b, ids in lanes.items() if lane in ids), "")
    return (branch, lane or "")


def describe(lane: LaneKey | None) -> str:
    return "the main flow" if lane is None else f"lane '{lane[1]}' of branch '{lane[0]}'"


def broken_references(steps: list[dict[str, Any]]) -> list[Broken]:
    """Duplicate ids and links to steps or lanes that do not exist, in body order."""
    found: list[Broken] = []
    ids: dict[str, int] = {}
    for index, step in enumerate(steps):
        step_id = step.get("stepId")
        if step_id is None:
            if step.get("type") == "branch":
                found.append(Broken(index, "stepId", "a branch step needs a stepId: its lanes' "
                                    "steps refer to it", None))
        elif step_id in ids:
            found.append(Broken(index, "stepId", f"step id '{step_id}' is also used by "
                                f"steps[{ids[step_id]}]", step_id, "duplicate_step"))
        else:
            ids[step_id] = index
    lanes = lane_ids(steps)
    for index, step in enumerate(steps):
        found.extend(_step_references(index, step, ids, lanes))
    return found


def _step_references(index: int, step: dict[str, Any], ids: dict[str, int],
                     lanes: dict[str, list[str]]) -> list[Broken]:
    step_id = step.get("stepId")
    found: list[Broken] = []

    def broken(at: str, message: str, kind: BrokenKind = "dangling") -> None:
        found.append(Broken(index, at, message, step_id, kind))

    for at, target in links(step):
        if target is not None and target not in ids:
            broken(at, f"no step has stepId '{target}'")
    seen: set[str] = set()
    for k, lane in enumerate((step.get("branches") or []) if step.get("type") == "branch" else []):
        if lane.get("branchId") in seen:
            broken(f"branches[{k}].branchId",
                   f"lane id '{lane['branchId']}' is used twice in this branch", "duplicate_lane")
        seen.add(lane.get("branchId"))
    lane_id, branch_id = step.get("parentBranchId"), step.get("parentBranchStepId")
    if branch_id is not None:
        if branch_id not in lanes:
            broken("parentBranchStepId", f"'{branch_id}' is not the stepId of a branch step")
        elif lane_id is None:
            broken("parentBranchId", "a step with parentBranchStepId also needs parentBranchId")
        elif lane_id not in lanes[branch_id]:
            broken("parentBranchId", f"branch '{branch_id}' has no lane '{lane_id}'")
    elif lane_id is not None:
        owners = [branch for branch, lane_list in lanes.items() if lane_id in lane_list]
        if not owners:
            broken("parentBranchId", f"no branch has a lane '{lane_id}'")
        elif len(owners) > 1:
            broken("parentBranchId", f"lane id '{lane_id}' is used by branches "
                   f"{', '.join(owners)}; give parentBranchStepId")
    return found


def layout(steps: list[dict[str, Any]]) -> Layout:
    """The nested program of a body whose references are sound (see `broken_references`).

    Without links (no `nextStepId`, no branch) the body order is the flow, as in
    AutoSend's linear examples. Otherwise the flow starts at the first step outside
    any lane and follows the links; steps nothing leads to are returned apart.
    Cycles, a second way into a step, and steps whose lane fields disagree with
    where the links put them raise `PayloadError`.
    """
    linked = any(s.get("nextStepId") is not None or s.get("type") == "branch" for s in steps)
    if not linked:
        return Layout([Node(index, step) for index, step in enumerate(steps)], [])
    _refuse_cycles(steps)
    walker = _Walker(steps)
    main = walker.sequence(_first(steps), None, "steps", 0)
    return Layout(main, [i for i in range(len(steps)) if i not in walker.placed])


def _first(steps: list[dict[str, Any]]) -> int:
    """Where the flow starts: the first step in body order outside any lane."""
    lanes = lane_ids(steps)
    first = next((i for i, step in enumerate(steps) if owner(step, lanes) is None), None)
    if first is None:
        raise PayloadError("every step sits in a branch lane; the flow needs a first step "
                           "outside any branch", "steps")
    return first


def links(step: dict[str, Any]) -> list[tuple[str, Any]]:
    """Every (field, target id) by which a step leads on; targets may be None."""
    if step.get("type") != "branch":
        return [("nextStepId", step.get("nextStepId"))]
    return [(f"branches[{k}].{key}", lane.get(key))
            for k, lane in enumerate(step.get("branches") or [])
            for key in ("nextStepId", "mergeStepId")]


def _refuse_cycles(steps: list[dict[str, Any]]) -> None:
    """Raise at the link that closes a loop, anywhere in the body (reachable or not)."""
    ids = {s["stepId"]: i for i, s in enumerate(steps) if s.get("stepId") is not None}
    edges = [[(f"steps[{i}].{at}", ids[target]) for at, target in links(step)
              if target is not None] for i, step in enumerate(steps)]
    state = [0] * len(steps)  # 0 unseen, 1 on the current path, 2 done
    for root in range(len(steps)):
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(edges[root]))]
        while stack:
            node, pending = stack[-1]
            for path, target in pending:
                if state[target] == 1:
                    name = steps[target].get("stepId")
                    raise PayloadError(f"leads back to step '{name}': the steps form a cycle",
                                       path)
                if state[target] == 0:
                    state[target] = 1
                    stack.append((target, iter(edges[target])))
                    break
            else:
                state[node] = 2
                stack.pop()


class _Walker:
    def __init__(self, steps: list[dict[str, Any]]) -> None:
        self.steps = steps
        self.lanes = lane_ids(steps)
        self.ids = {s["stepId"]: i for i, s in enumerate(steps) if s.get("stepId") is not None}
        self.placed: set[int] = set()

    def sequence(self, start: int | None, lane: LaneKey | None, link: str,
                 depth: int) -> list[Node]:
        nodes: list[Node] = []
        current = start
        while current is not None:
            self._enter(current, lane, link)
            node = Node(current, self.steps[current])
            nodes.append(node)
            if node.data["type"] == "branch":
                target, link = self._lanes(node, depth)
            else:
                target, link = node.data.get("nextStepId"), f"steps[{current}].nextStepId"
            current = None if target is None else self.ids[target]
        return nodes

    def _enter(self, index: int, lane: LaneKey | None, link: str) -> None:
        step = self.steps[index]
        name = step.get("stepId")
        if index in self.placed:
            raise PayloadError(f"is a second way into step '{name}' (only mergeStepId may "
                               "lead to a step that something else leads to)", link)
        says = owner(step, self.lanes)
        if says != lane:
            where = f"steps[{index}].parentBranchId" if says else f"steps[{index}]"
            raise PayloadError(f"step '{name}' is reached in {describe(lane)} (through {link}) "
                               f"but says it sits in {describe(says)}", where)
        self.placed.add(index)

    def _lanes(self, node: Node, depth: int) -> tuple[str | None, str]:
        """Walk each lane of a branch; return where they rejoin and the link that says so."""
        here = f"steps[{node.index}]"
        if depth >= MAX_NESTING:
            raise PayloadError(f"branches are nested more than {MAX_NESTING} deep", here)
        merge: str | None = None
        merge_link = ""
        for k, data in enumerate(node.data.get("branches") or []):
            key = (node.data["stepId"], data["branchId"])
            first = data.get("nextStepId")
            start = None if first is None else self.ids[first]
            steps = self.sequence(start, key, f"{here}.branches[{k}].nextStepId", depth + 1)
            node.lanes.append(Lane(data, steps))
            target = data.get("mergeStepId")
            if target is None:
                continue
            if merge is not None and target != merge:
                raise PayloadError(f"lanes of one branch rejoin at one step: '{merge}' or "
                                   f"'{target}'", f"{here}.branches[{k}].mergeStepId")
            merge, merge_link = target, f"{here}.branches[{k}].mergeStepId"
        return merge, merge_link

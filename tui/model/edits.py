"""Structure edits on a workflow, and the undo history of workflow snapshots.

Every edit is a pure function: it takes a workflow and returns a new one,
leaving its argument untouched. That is what makes undo trivial (the history
is a list of snapshots) and lets the preview compile a consistent workflow
while the next edit is being made. The builder screen calls these; so can any
headless tool.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tui.model.errors import FlowdeckError
from tui.model.ids import IdAllocator
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
from tui.model.tree import find, walk
from tui.model.workflow import Workflow


class EditError(FlowdeckError):
    """An edit that does not apply where it was asked (moving the first step up, …)."""


@dataclass(frozen=True, slots=True)
class LaneRef:
    """Names one step sequence: the workflow's own steps, an arm, or a branch's otherwise.

    `owner` None is the top level. With an owner, `arm` indexes its arms and
    None stands for a branch's otherwise arm.
    """

    owner: str | None = None
    arm: int | None = None


TOP = LaneRef()

_STEP_CLASSES: dict[str, type[Any]] = {
    "wait": WaitStep,
    "email": EmailStep,
    "sms": SmsStep,
    "push": PushStep,
    "screen": ScreenStep,
    "webhook": WebhookStep,
    "contact": ContactStep,
    "branch": BranchStep,
    "split": SplitStep,
}


def taken_ids(workflow: Workflow) -> set[str]:
    """Every step and arm id in use, so new ones never collide with either."""
    ids: set[str] = set()
    for place in walk(workflow.steps):
        ids.add(place.step.id)
        if isinstance(place.step, BranchStep | SplitStep):
            ids.update(arm.id for arm in place.step.arms)
    return ids


def new_step(kind: str, taken: Iterable[str] = (), *, arms: int = 2, otherwise: bool = False,
             **fields: Any) -> Step:
    """A fresh step of `kind` with a readable id (`email_2`) not in `taken`.

    The caller shapes it so the vendor can express it as it stands: how many
    branch or split arms, whether a branch has an otherwise arm, and `fields`
    of the step itself (`unit="minutes"`, `action="add_tag"`, …).
    """
    cls = _STEP_CLASSES.get(kind)
    if cls is None:
        raise EditError(f"unknown step kind '{kind}'", "kind")
    ids = IdAllocator(taken)
    step_id = ids.next(kind)
    if kind == "branch":
        fields["arms"] = [BranchArm(id=ids.next("arm"), label=f"Arm {n + 1}")
                          for n in range(arms)]
        fields["otherwise"] = [] if otherwise else None
    elif kind == "split":
        fields["arms"] = [SplitArm(id=ids.next("path"), label=_split_label(n + 1),
                                   percentage=share)
                          for n, share in enumerate(_even_shares(arms))]
    return cls(id=step_id, **fields)


def _even_shares(count: int) -> list[int]:
    """Whole percentages summing to 100, the first arms taking the remainder."""
    base, extra = divmod(100, max(count, 1))
    return [base + (1 if n < extra else 0) for n in range(count)]


def lane_steps(workflow: Workflow, lane: LaneRef) -> list[Step]:
    """The live list a lane names inside `workflow` (mutate only a copy you own)."""
    if lane.owner is None:
        return workflow.steps
    owner = _owner(workflow, lane.owner)
    if lane.arm is None:
        if not isinstance(owner, BranchStep) or owner.otherwise is None:
            raise EditError(f"step '{lane.owner}' has no otherwise arm", "steps")
        return owner.otherwise
    if not 0 <= lane.arm < len(owner.arms):
        raise EditError(f"step '{lane.owner}' has no arm {lane.arm + 1}", "steps")
    return owner.arms[lane.arm].steps


def _owner(workflow: Workflow, step_id: str) -> BranchStep | SplitStep:
    place = find(workflow, step_id)
    if place is None:
        raise EditError(f"no step '{step_id}'", "steps")
    if not isinstance(place.step, BranchStep | SplitStep):
        raise EditError(f"step '{step_id}' is a {place.step.kind} step, it has no arms", "steps")
    return place.step


def _located(workflow: Workflow, step_id: str) -> tuple[Workflow, list[Step], int]:
    """A copy of the workflow, and the list and index of the step inside that copy."""
    updated = workflow.model_copy(deep=True)
    place = find(updated, step_id)
    if place is None:
        raise EditError(f"no step '{step_id}'", "steps")
    return updated, place.container, place.index


def insert(workflow: Workflow, lane: LaneRef, index: int, step: Step) -> Workflow:
    """`step` placed at `index` of `lane` (an index past the end appends)."""
    updated = workflow.model_copy(deep=True)
    steps = lane_steps(updated, lane)
    steps.insert(max(0, min(index, len(steps))), step.model_copy(deep=True))
    return updated


def add_after(workflow: Workflow, step_id: str, step: Step) -> Workflow:
    updated, steps, index = _located(workflow, step_id)
    steps.insert(index + 1, step.model_copy(deep=True))
    return updated


def insert_before(workflow: Workflow, step_id: str, step: Step) -> Workflow:
    updated, steps, index = _located(workflow, step_id)
    steps.insert(index, step.model_copy(deep=True))
    return updated


def delete(workflow: Workflow, step_id: str) -> Workflow:
    """The workflow without the step (and, for a branch or split, everything in its arms)."""
    updated, steps, index = _located(workflow, step_id)
    del steps[index]
    return updated


def move_step(workflow: Workflow, step_id: str, delta: int) -> Workflow:
    """The step moved `delta` places within its own sequence (-1 up, +1 down)."""
    updated, steps, index = _located(workflow, step_id)
    target = index + delta
    if not 0 <= target < len(steps):
        where = "first" if delta < 0 else "last"
        raise EditError(f"step '{step_id}' is already the {where} in its sequence", "steps")
    steps.insert(target, steps.pop(index))
    return updated


def duplicate(workflow: Workflow, step_id: str) -> tuple[Workflow, str]:
    """A copy of the step right after it, with fresh ids inside; returns the copy's id too."""
    updated, steps, index = _located(workflow, step_id)
    ids = IdAllocator(taken_ids(updated))
    copy = _with_fresh_ids(steps[index].model_copy(deep=True), ids)
    steps.insert(index + 1, copy)
    return updated, copy.id


def _with_fresh_ids(step: Step, ids: IdAllocator) -> Step:
    """Renames a (copied) step and everything nested in it, so no id is used twice."""
    step.id = ids.next(step.kind)
    if isinstance(step, BranchStep | SplitStep):
        for arm in step.arms:
            arm.id = ids.next("arm" if isinstance(arm, BranchArm) else "path")
            for inner in arm.steps:
                _with_fresh_ids(inner, ids)
    if isinstance(step, BranchStep) and step.otherwise is not None:
        for inner in step.otherwise:
            _with_fresh_ids(inner, ids)
    return step


def add_arm(workflow: Workflow, owner_id: str) -> Workflow:
    """One more arm at the end of a branch or split (a split arm starts at 0 %)."""
    updated = workflow.model_copy(deep=True)
    owner = _owner(updated, owner_id)
    ids = IdAllocator(taken_ids(updated))
    number = len(owner.arms) + 1
    if isinstance(owner, BranchStep):
        owner.arms.append(BranchArm(id=ids.next("arm"), label=f"Arm {number}"))
    else:
        free = max(0, 100 - sum(arm.percentage for arm in owner.arms))
        owner.arms.append(SplitArm(id=ids.next("path"), label=_split_label(number),
                                   percentage=free))
    return updated


def _split_label(number: int) -> str:
    return chr(ord("A") + number - 1) if number <= 26 else f"Path {number}"


def remove_arm(workflow: Workflow, owner_id: str, arm: int | None) -> Workflow:
    """Without one arm (`arm` None removes a branch's otherwise arm); one arm always stays."""
    updated = workflow.model_copy(deep=True)
    owner = _owner(updated, owner_id)
    if arm is None:
        if not isinstance(owner, BranchStep) or owner.otherwise is None:
            raise EditError(f"step '{owner_id}' has no otherwise arm", "steps")
        owner.otherwise = None
        return updated
    if not 0 <= arm < len(owner.arms):
        raise EditError(f"step '{owner_id}' has no arm {arm + 1}", "steps")
    if len(owner.arms) == 1:
        raise EditError(f"step '{owner_id}' needs at least one arm; delete the step instead",
                        "steps")
    del owner.arms[arm]
    return updated


def move_arm(workflow: Workflow, owner_id: str, arm: int, delta: int) -> Workflow:
    updated = workflow.model_copy(deep=True)
    owner = _owner(updated, owner_id)
    target = arm + delta
    if not 0 <= arm < len(owner.arms):
        raise EditError(f"step '{owner_id}' has no arm {arm + 1}", "steps")
    if not 0 <= target < len(owner.arms):
        where = "first" if delta < 0 else "last"
        raise EditError(f"that arm is already the {where} of step '{owner_id}'", "steps")
    arms: list[Any] = owner.arms
    arms.insert(target, arms.pop(arm))
    return updated


@dataclass(frozen=True, slots=True)
class _Entry:
    workflow: Workflow
    label: str
    key: object | None
    at: float


class History:
    """Undo and redo over whole-workflow snapshots.

    Consecutive edits with the same `merge_key` (typing in one editor) within
    `merge_window` seconds become one undo step, so undo removes a word or a
    field's change, not a single keystroke. `seal()` ends such a run (the
    builder calls it when the selection moves).
    """

    def __init__(self, workflow: Workflow, *, limit: int = 500, merge_window: float = 2.0,
                 saved: bool = True) -> None:
        """`saved` False starts dirty (a restored draft differs from any file)."""
        self._past: list[_Entry] = []
        self._present = _Entry(workflow, "open", None, 0.0)
        self._future: list[_Entry] = []
        self._saved: _Entry | None = self._present if saved else None
        self._sealed = True
        self.limit = limit
        self.merge_window = merge_window

    @property
    def present(self) -> Workflow:
        return self._present.workflow

    @property
    def can_undo(self) -> bool:
        return bool(self._past)

    @property
    def can_redo(self) -> bool:
        return bool(self._future)

    @property
    def dirty(self) -> bool:
        """True when the present state is not the one last marked saved."""
        return self._present is not self._saved

    def record(self, workflow: Workflow, label: str, *, merge_key: object | None = None,
               now: float | None = None) -> None:
        """Make `workflow` the present state; the previous one becomes undoable."""
        at = time.monotonic() if now is None else now
        entry = _Entry(workflow, label, merge_key, at)
        last = self._present
        merging = (merge_key is not None and not self._sealed and last.key == merge_key
                   and at - last.at <= self.merge_window)
        if not merging:
            self._past.append(last)
            del self._past[:-self.limit]
        self._present = entry
        self._future.clear()
        self._sealed = merge_key is None

    def seal(self) -> None:
        """The next edit starts a new undo step even if it has the same merge key."""
        self._sealed = True

    def undo(self) -> str | None:
        """Step back; returns the label of the edit undone, or None when there is none."""
        if not self._past:
            return None
        undone = self._present
        self._future.append(undone)
        self._present = self._past.pop()
        self._sealed = True
        return undone.label

    def redo(self) -> str | None:
        if not self._future:
            return None
        self._past.append(self._present)
        self._present = self._future.pop()
        self._sealed = True
        return self._present.label

    def mark_saved(self) -> None:
        self._saved = self._present

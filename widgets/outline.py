"""The builder's outline: Details, Trigger, Audience, Steps (arms nested), Exit, Settings.

Each row names one edit target. Rows carry a stable key ("step:email_1",
"lane:branch_1:0") so the outline can be rebuilt after a structure edit and
land on the same row, and so a problem can be pinned on the row it concerns.
When an edit changes only labels (typing a subject) the rows are relabelled
in place, which keeps the cursor and scroll position still.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.keymap import bindings
from tui.model.edits import TOP, LaneRef
from tui.model.problems import Problem
from tui.model.steps import Step
from tui.model.summary import (
    arm_label,
    audience_label,
    details_label,
    exit_label,
    step_label,
    trigger_label,
)
from tui.model.targets import Target
from tui.model.tree import lanes
from tui.model.workflow import Workflow
from widgets.steady_scroll import SteadyScrollbars

STEPS_KEY = "lane:top"


@dataclass(frozen=True, slots=True)
class Row:
    """One outline row: what it selects, and the step sequence it heads (if any)."""

    key: str
    label: str
    target: Target | None
    """What the editor shows; None for the Steps heading, which has nothing to edit."""
    depth: int
    lane: LaneRef | None = None
    """Set on the rows that head a sequence: Steps, each arm, a branch's otherwise."""
    step_id: str | None = None

    @property
    def is_step(self) -> bool:
        return self.step_id is not None and self.lane is None


def step_key(step_id: str) -> str:
    return f"step:{step_id}"


def lane_key(lane: LaneRef) -> str:
    if lane.owner is None:
        return STEPS_KEY
    return f"lane:{lane.owner}:{'otherwise' if lane.arm is None else lane.arm}"


StepRows = dict[tuple[int, int], tuple[Step, list[Row]]]
"""Rows of steps already drawn, by (id of the step object, depth), with the step itself so
the id cannot be reused by another object meanwhile."""


def outline_rows(workflow: Workflow, drawn: StepRows | None = None,
                 kept: StepRows | None = None) -> list[Row]:
    """The rows in display order.

    Snapshots share the steps an edit did not touch (`tui.model.targets.write`), so the
    rows of a step object seen last time (`drawn`) are reused: a keystroke in a 500-step
    workflow labels one step, not all of them. What was used goes into `kept`.
    """
    rows = [
        Row("details", details_label(workflow), Target("details"), 0),
        Row("trigger", trigger_label(workflow), Target("trigger"), 0),
        Row("audience", audience_label(workflow), Target("audience"), 0),
        Row(STEPS_KEY, f"Steps ({len(workflow.steps)})", None, 0, lane=TOP),
    ]
    rows.extend(_step_rows(workflow.steps, 1, drawn or {}, {} if kept is None else kept))
    rows.append(Row("exit", exit_label(workflow), Target("exit"), 0))
    rows.append(Row("settings", "Settings", Target("settings"), 0))
    return rows


def _step_rows(steps: Iterable[Step], depth: int, drawn: StepRows, kept: StepRows) -> list[Row]:
    rows: list[Row] = []
    for step in steps:
        known = drawn.get((id(step), depth))
        if known is None or known[0] is not step:
            known = (step, _rows_of(step, depth, drawn, kept))
        kept[(id(step), depth)] = known
        rows.extend(known[1])
    return rows


def _rows_of(step: Step, depth: int, drawn: StepRows, kept: StepRows) -> list[Row]:
    """A step's row, then each of its lanes' heading and steps."""
    target = Target.step(step.id)
    rows = [Row(step_key(step.id), step_label(step), target, depth, step_id=step.id)]
    for index, lane in enumerate(lanes(step)):
        ref = LaneRef(step.id, None if lane.arm is None else index)
        rows.append(Row(lane_key(ref), arm_label(lane.arm, index), target, depth + 1,
                        lane=ref, step_id=step.id))
        rows.extend(_step_rows(lane.steps, depth + 2, drawn, kept))
    return rows


_TARGET_PATHS = ("trigger", "audience", "exit", "settings")


def problem_key(problem: Problem) -> str:
    """The outline row a problem belongs to."""
    if problem.step_id:
        return step_key(problem.step_id)
    head = problem.path.split(".", 1)[0].split("[", 1)[0]
    return head if head in _TARGET_PATHS else "details"


class Outline(SteadyScrollbars, Tree[Row]):
    """The workflow as a tree of rows; structure-edit keys act on the row under the cursor."""

    HELP = """\
## Outline

Every part of the workflow, in order. Move with the arrow keys; **enter**
opens the row under the cursor in the editor and moves there. The row the
editor shows is in bold.

Rows marked **✗** have errors the vendor would reject, **!** warnings.
"""
    BINDINGS: ClassVar = bindings("outline")
    COMPONENT_CLASSES: ClassVar[set[str]] = {"outline--error", "outline--warning",
                                             "outline--open"}
    DEFAULT_CSS = """
    Outline {
        overflow-x: hidden;
        /* guides look the same under the cursor: see _refresh_node */
        & > .tree--guides-hover, & > .tree--guides-selected { color: $surface-lighten-2; }
        &:focus > .tree--guides-hover, &:focus > .tree--guides-selected {
            color: $surface-lighten-3;
        }
        &:light > .tree--guides-hover, &:light > .tree--guides-selected {
            color: $surface-darken-1;
        }
    }
    Outline > .outline--open { text-style: bold; }
    Outline > .outline--error { color: $text-error; text-style: bold; }
    Outline > .outline--warning { color: $text-warning; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("workflow", id=id)
        self.show_root = False
        self.guide_depth = 2
        self._shown_rows: list[Row] = []
        self._shown_marks: dict[str, str] = {}
        self._drawn: StepRows = {}
        self._by_key: dict[str, TreeNode[Row]] = {}
        self._open_key: str | None = None

    @property
    def current(self) -> Row | None:
        node = self.cursor_node
        return None if node is None else node.data

    def show(self, workflow: Workflow, problems: Iterable[Problem], select: str | None) -> None:
        """Display the workflow; rebuilds only when the rows changed, not just their labels."""
        kept: StepRows = {}
        rows = outline_rows(workflow, self._drawn, kept)
        self._drawn = kept
        marks = _marks(problems)
        if [row.key for row in rows] == [row.key for row in self._shown_rows]:
            previous, self._shown_rows = self._shown_rows, rows
            self._relabel(marks, previous)
        else:
            self._shown_rows = rows
            self._rebuild(rows, marks)
        self._shown_marks = marks
        if select is not None:
            self.select_key(select)

    def select_key(self, key: str) -> None:
        """Put the cursor on a row, opening collapsed rows above it."""
        node = self._by_key.get(key)
        if node is None or (self.current is not None and self.current.key == key
                            and self.cursor_node is node):
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        _ = self.last_line  # lays out the lines, so the node knows its line number
        self.move_cursor(node)

    def _refresh_node(self, node: TreeNode[Row]) -> None:
        """Redraw the node's own line only. Textual redraws every line below a node as the
        cursor enters or leaves it, to recolour its guides: a whole branch, kilobytes over
        SSH per cursor move. Our guides look the same under the cursor (DEFAULT_CSS)."""
        line = node.line
        if line >= 0:
            self._refresh_line(line)

    def row(self, key: str) -> Row | None:
        node = self._by_key.get(key)
        return None if node is None else node.data

    @property
    def open_key(self) -> str | None:
        """The row the editor shows, drawn in bold (the cursor may be on another row)."""
        return self._open_key

    @open_key.setter
    def open_key(self, key: str | None) -> None:
        before, self._open_key = self._open_key, key
        if key == before:
            return
        for changed in {before, key} - {None}:
            node = self._by_key.get(changed)  # type: ignore[arg-type]
            if node is not None and node.data is not None:
                node.set_label(self._label(node.data, self._shown_marks))

    @property
    def keys(self) -> list[str]:
        return [row.key for row in self._shown_rows]

    def mark(self, problems: Iterable[Problem]) -> None:
        """Re-label the rows with the latest problem markers."""
        marks = _marks(problems)
        self._relabel(marks, self._shown_rows)
        self._shown_marks = marks

    def _relabel(self, marks: dict[str, str], previous: list[Row]) -> None:
        """Touch only the rows whose text can have changed: a row that is not the one shown
        before (reused rows are the same object), or whose problem marker changed."""
        shown = self._shown_marks
        for row, before in zip(self._shown_rows, previous, strict=True):
            if row is before and marks.get(row.key) == shown.get(row.key):
                continue
            node = self._by_key[row.key]
            node.data = row
            label = self._label(row, marks)
            if label != node.label:
                node.set_label(label)

    def _rebuild(self, rows: list[Row], marks: dict[str, str]) -> None:
        self.clear()
        self._by_key = {}
        parents: list[TreeNode[Row]] = [self.root]
        for index, row in enumerate(rows):
            del parents[row.depth + 1:]
            has_children = index + 1 < len(rows) and rows[index + 1].depth > row.depth
            parent = parents[row.depth]
            label = self._label(row, marks)
            if has_children:
                node = parent.add(label, row, expand=True)
            else:
                node = parent.add_leaf(label, row)
            self._by_key[row.key] = node
            parents.append(node)

    def _label(self, row: Row, marks: dict[str, str]) -> Text:
        """The row's label, after its problem marker (first, so a long label can't hide it)."""
        mark = marks.get(row.key)
        label = Text(row.label)
        if row.key == self._open_key:
            label.stylize(self.get_component_rich_style("outline--open", partial=True))
        if mark is None:
            return label
        style = self.get_component_rich_style(f"outline--{mark}", partial=True)
        return Text.assemble(("✗ " if mark == "error" else "! ", style), label)


def _marks(problems: Iterable[Problem]) -> dict[str, str]:
    marks: dict[str, str] = {}
    for problem in problems:
        if problem.severity == "info":
            continue
        key = problem_key(problem)
        if marks.get(key) != "error":
            marks[key] = problem.severity
    return marks

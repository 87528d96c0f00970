"""Node positions for Kibamail's visual editor: top-down, arms side by side.

Kibamail stores a React-Flow `position` on every node and its editor draws the
flow where the positions say, so compiled flows must be laid out to read well
when opened there. The layout is a pure function of the (chained) step tree:

- y by depth: the trigger at y 0, each step one `ROW` below the previous one;
  the steps after a branch start below the longest of its lanes;
- x by lane: a sequence is as wide as its widest branch (an empty lane still
  takes one column), a branch's lanes sit side by side left to right in exit
  order (true before false, splits in order), centred under the branch node.

With `COLUMN` 300 and `ROW` 100 this reproduces the positions of Kibamail's
documented examples, so they import without remembered positions.
"""

from __future__ import annotations

from tui.model.steps import Step
from tui.vendors.kibamail.flow import lanes_of

COLUMN = 300
ROW = 100

Point = tuple[int, int]


def layout(trigger_id: str, steps: list[Step]) -> dict[str, Point]:
    """Every node id → its (x, y), for the trigger node and the (chained) `steps`."""
    points: dict[str, Point] = {trigger_id: (0, 0)}
    _place(steps, 0, 1, points)
    return points


def _width(steps: list[Step]) -> int:
    """Columns a sequence needs: one, or its widest branch's lanes side by side."""
    return max([1, *(sum(_width(lane.steps) for lane in lanes_of(step)) for step in steps)])


def _place(steps: list[Step], x: int, row: int, points: dict[str, Point]) -> int:
    """Place `steps` centred on `x` from `row` down; returns the first row after them."""
    for step in steps:
        points[step.id] = (x, row * ROW)
        row += 1
        lanes = lanes_of(step)
        if not lanes:
            continue
        widths = [_width(lane.steps) for lane in lanes]
        left = x - sum(widths) * COLUMN // 2
        ends = []
        for lane, width in zip(lanes, widths, strict=True):
            ends.append(_place(lane.steps, left + width * COLUMN // 2, row, points))
            left += width * COLUMN
        row = max(ends)
    return row

"""What the screens look like, at the sizes that matter (pytest-textual-snapshot).

Each snapshot starts from a fixed workflow with throwaway config and data
folders, no blinking cursor and no clock, and waits for the editor and the
preview before the picture is taken. Review changes in snapshot_report.html,
then accept them with `pytest tests/test_app_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from apphelp import app_on, select_row, settle
from textual.pilot import Pilot

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def steps(*actions: Callable[[Pilot], Awaitable[None]]) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        for action in actions:
            await action(pilot)
        await settle(pilot)

    return run_before


def row(key: str) -> Callable[[Pilot], Awaitable[None]]:
    return lambda pilot: select_row(pilot, key)


def keys(*names: str) -> Callable[[Pilot], Awaitable[None]]:
    return lambda pilot: pilot.press(*names)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, size: str) -> None:
    assert snap_compare(app_on(), terminal_size=SIZES[size], run_before=steps())


@pytest.mark.parametrize("size", SIZES)
def test_builder_with_a_branch_selected(snap_compare, size: str) -> None:
    assert snap_compare(app_on("welcome"), terminal_size=SIZES[size],
                        run_before=steps(row("step:branch_plan")))


def test_builder_narrow_with_the_preview_shown(snap_compare) -> None:
    assert snap_compare(app_on("welcome"), terminal_size=SIZES["80x24"],
                        run_before=steps(row("step:email_pro"), keys("f6")))


def test_builder_problems_marked_and_listed(snap_compare) -> None:
    assert snap_compare(app_on("cart"), terminal_size=SIZES["120x40"],
                        run_before=steps(keys("f7")))

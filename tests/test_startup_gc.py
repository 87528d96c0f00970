"""The garbage collector `flowdeck` pauses for start-up comes back on after the first frame.

`tui.cli.app_commands` disables the collector before importing Textual (a full
collection of the freshly imported objects used to land just before the first
frame); `FlowdeckApp.on_ready` must freeze what start-up built and turn it back on,
or a long session would never collect its cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from apphelp import FIXTURES, app_on, settle

from tui.app import FULL_COLLECTION_EVERY
from tui.store.documents import load_document


@contextmanager
def paused_as_the_cli_does() -> Iterator[None]:
    """The collector off, as `flowdeck` starts the app; afterwards as this session had it."""
    threshold = gc.get_threshold()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        gc.enable()


async def test_a_collector_paused_for_start_up_is_back_on_once_home_is_drawn() -> None:
    with paused_as_the_cli_does():
        app = app_on()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
            assert gc.get_threshold()[2] == FULL_COLLECTION_EVERY


@pytest.mark.parametrize("fixture", [None, "welcome"])
async def test_an_app_started_with_the_collector_on_freezes_nothing(fixture: str | None) -> None:
    """Tests (and anyone embedding the app) never paused it: nothing of theirs is frozen,
    on the home screen or once a builder has drawn its workflow."""
    app = app_on(fixture)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0


async def test_a_workflow_opened_in_the_builder_is_frozen_when_the_app_manages_the_collector(
) -> None:
    """Full collections walking a 500-step workflow took 70-100 ms in mid-keystroke."""
    with paused_as_the_cli_does():
        app = app_on()  # home first: the workflow is read after start-up's freeze
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            path = FIXTURES / "welcome.flow.json"
            app.open_document(load_document(path), path)
            await settle(pilot)
            tracked = {id(obj) for obj in gc.get_objects()}
            workflow = app.screen.workflow  # type: ignore[attr-defined]
            assert id(workflow) not in tracked and id(workflow.steps[0]) not in tracked

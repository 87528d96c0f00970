"""The history screen: newest first, a submission's request and response, open as draft."""

from __future__ import annotations

from typing import Any

from apphelp import app_on, settle
from screenhelp import SECRET, host, screen_text, settled, utc, wait_for, workflow_for
from textual.pilot import Pilot
from textual.widgets import Button, DataTable

from tui.client import prepare
from tui.model.document import workflow_to_data
from tui.model.workflow import Workflow
from tui.screens.builder import BuilderScreen
from tui.screens.history import HistoryDetail, HistoryScreen
from tui.store import history, paths
from tui.store.history import HistoryEntry
from tui.store.profiles import Profile

__all__ = ["utc"]  # the fixture, used by name

LIVE = Profile(name="autosend-live", vendor="autosend", base_url="https://api.autosend.com",
               key=SECRET)


def entry(time: str, workflow: Workflow, profile: Profile, **fields: Any) -> HistoryEntry:
    """A history line as a real send writes it: the request recorded with its key masked."""
    request = prepare(workflow, profile).create_request().record()
    return HistoryEntry(time=time, profile=profile.name, vendor=profile.vendor,
                        workflow_name=workflow.name, workflow=workflow_to_data(workflow),
                        request=request, **fields)


def seed() -> None:
    tether = workflow_for("tether")
    autosend = workflow_for("autosend")
    history.append(entry("2026-03-01T09:15:00.000+00:00", tether,
                         Profile(name="sandbox-tether", vendor="tether",
                                 base_url="sandbox://tether", key="sandbox-token"),
                         outcome="ok", status=201, elapsed=0.05, created_id="42",
                         message="create: created automation 42 (201, 0.05 s)",
                         response_body='{"success": true, "data": {"id": 42}}'))
    history.append(entry("2026-03-02T14:30:00.000+00:00", autosend, LIVE,
                         outcome="rejected", status=400, elapsed=0.21,
                         message="create: 400 Bad Request: the vendor refused the create",
                         response_body='{"success": false, "error": {"code": '
                                       '"INVALID_STEP_SEQUENCE", "message": "bad order"}}'))


async def open_history(pilot: Pilot[Any]) -> tuple[HistoryScreen, list[Any]]:
    screen = HistoryScreen()
    results: list[Any] = []
    pilot.app.push_screen(screen, results.append)
    await wait_for(pilot, lambda: pilot.app.screen is screen)
    await settled(pilot)
    return screen, results


async def test_newest_first_with_time_profile_vendor_name_status_and_id(utc: None) -> None:
    seed()
    app = host()
    async with app.run_test(size=(120, 30)) as pilot:
        screen, _ = await open_history(pilot)
        table = screen.query_one("#table", DataTable)
        rows = [table.get_row_at(index) for index in range(table.row_count)]
        assert rows == [
            ["2026-03-02 14:30:00", "autosend-live", "autosend", "Welcome", "400 refused", ""],
            ["2026-03-01 09:15:00", "sandbox-tether", "tether",
             workflow_for("tether").name, "201 created", "42"],
        ]


async def test_opening_one_shows_the_masked_request_and_the_response(utc: None) -> None:
    seed()
    app = host()
    async with app.run_test(size=(120, 50)) as pilot:
        await open_history(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryDetail))
        await settled(pilot)
        text = screen_text(app)
        assert "POST https://api.autosend.com/v1/automations" in text
        assert "Authorization: Bearer AS_****" in text
        assert "INVALID_STEP_SEQUENCE" in text and "400 refused" in text
        assert SECRET not in text
        assert SECRET not in paths.history_file().read_text()


async def test_open_as_draft_returns_the_workflow_that_was_sent(utc: None) -> None:
    seed()
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, results = await open_history(pilot)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryDetail))
        await pilot.press("o")
        await settled(pilot)
        assert app.screen is not screen
    (workflow,) = results
    assert workflow_to_data(workflow) == workflow_to_data(workflow_for("tether"))


async def test_an_entry_without_a_workflow_cannot_be_opened_as_draft(utc: None) -> None:
    bare = entry("2026-03-01T09:15:00.000+00:00", workflow_for("tether"), LIVE.model_copy(
        update={"vendor": "tether", "name": "old"}), outcome="ok")
    history.append(bare.model_copy(update={"workflow": None}))
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryDetail))
        detail = app.screen
        assert detail.query_one("#open", Button).disabled
        await pilot.press("o")
        await settled(pilot)
        assert app.screen is detail


async def test_corrupt_lines_are_reported_and_the_rest_still_listed(utc: None) -> None:
    seed()
    with paths.history_file().open("a") as handle:
        handle.write("{not json\n")
    app = host()
    async with app.run_test(size=(120, 30)) as pilot:
        screen, _ = await open_history(pilot)
        assert len(screen.entries) == 2
        assert ":3: skipped a line that is not JSON" in screen_text(app)


async def test_an_empty_history_says_so() -> None:
    app = host()
    async with app.run_test(size=(100, 20)) as pilot:
        await open_history(pilot)
        assert "Nothing sent yet" in screen_text(app)


def test_snapshot_of_the_history_screen(snap_compare: Any, utc: None) -> None:
    seed()

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_history(pilot)

    assert snap_compare(host(), terminal_size=(120, 24), run_before=run_before)


def test_snapshot_of_a_submission(snap_compare: Any, utc: None) -> None:
    seed()

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_history(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HistoryDetail))
        await settled(pilot)

    assert snap_compare(host(), terminal_size=(110, 40), run_before=run_before)


async def test_from_home_h_opens_the_history_and_open_as_draft_starts_an_unsaved_builder(
        utc: None) -> None:
    seed()
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await settled(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryDetail))
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, BuilderScreen))
        await settle(pilot)
        builder = app.screen
        assert isinstance(builder, BuilderScreen)
        assert builder.workflow.name == "Welcome" and builder.path is None
        assert builder.history.dirty and "from the history" in builder.sub_title

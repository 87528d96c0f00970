"""Drafts in the app: the restore offer, autosave from the builder, and a real terminal
killed (SIGHUP, SIGKILL) in the middle of editing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from screenhelp import host, screen_text, settled, utc, wait_for
from textual.pilot import Pilot

from tui.model.workflow import Workflow
from tui.screens.confirm import ConfirmScreen
from tui.screens.drafts import RestoreScreen
from tui.store.drafts import DRAFT_SUFFIX, DraftStore

__all__ = ["utc"]  # the fixture, used by name

WELCOME = Path(__file__).parent / "fixtures" / "app" / "welcome.flow.json"


async def offer(pilot: Pilot[Any]) -> tuple[RestoreScreen, list[Any]]:
    screen = RestoreScreen(DraftStore().list())
    chosen: list[Any] = []
    pilot.app.push_screen(screen, chosen.append)
    await wait_for(pilot, lambda: pilot.app.screen is screen)
    await settled(pilot)
    return screen, chosen


async def test_the_offer_lists_each_draft_with_its_file_and_restores_the_chosen_one(
        utc: None, tmp_path: Path) -> None:
    store = DraftStore()
    store.save("old", Workflow(vendor="tether", name="older idea"))
    store.save("new", Workflow(vendor="kibamail", name="newest"), tmp_path / "n.flow.json")
    app = host()
    async with app.run_test(size=(100, 30)) as pilot:
        _, chosen = await offer(pilot)
        text = screen_text(app)
        assert "2 unsaved drafts from an earlier run" in text
        assert text.index("n.flow.json") < text.index("older idea")  # newest first
        assert "Kibamail ·" in text and str(tmp_path.name) in text  # the path may wrap
        assert "Tether · never saved to a file" in text
        await pilot.press("down", "enter")
        await settled(pilot)
    (draft,) = chosen
    assert (draft.id, draft.workflow.name) == ("old", "older idea")


async def test_discarding_asks_then_deletes_only_that_draft() -> None:
    store = DraftStore()
    store.save("a", Workflow(vendor="tether", name="keep me"))
    store.save("b", Workflow(vendor="tether", name="drop me"))
    app = host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen, chosen = await offer(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await settled(pilot)
        assert len(store.list().drafts) == 2
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settled(pilot)
        assert [d.workflow.name for d in store.list().drafts] == ["keep me"]
        assert app.screen is screen and chosen == []
        await pilot.press("escape")  # later: the rest stay on disk
        await settled(pilot)
    assert chosen == [None]
    assert [d.workflow.name for d in store.list().drafts] == ["keep me"]


async def test_a_draft_moved_aside_is_reported_in_the_offer() -> None:
    store = DraftStore()
    store.save("fine", Workflow(vendor="tether", name="fine"))
    (store.folder / f"broken{DRAFT_SUFFIX}").write_text("{")
    app = host()
    async with app.run_test(size=(110, 30)) as pilot:
        await offer(pilot)
        text = screen_text(app)
        assert "invalid JSON" in text and "moved aside to" in text
    assert len(list(store.folder.glob("*.corrupt-*"))) == 1

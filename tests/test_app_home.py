"""The home screen: vendors, drafts, files; and a new workflow per vendor built by key."""

from __future__ import annotations

import json

import pytest
from apphelp import FIXTURES, app_on, settle

from tui import vendors
from tui.model.summary import KIND_TITLES
from tui.model.tree import walk
from tui.screens.builder import BuilderScreen
from tui.screens.home import HomeScreen
from tui.screens.pick import PickScreen
from tui.store.documents import load_workflow
from tui.store.drafts import DraftStore


async def test_home_lists_every_vendor_with_its_summary_and_step_kinds() -> None:
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        listing = app.screen.query_one("#vendors")
        prompts = [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]
        assert len(prompts) == len(vendors.VENDORS)
        for prompt, entry in zip(prompts, vendors.VENDORS.values(), strict=True):
            assert prompt.startswith(entry.title)
            assert entry.summary in prompt
            assert ", ".join(entry.step_kinds) in prompt
        more = app.screen.query_one("#more")
        assert not more.get_option("profiles").disabled and not more.get_option("history").disabled


async def test_recent_drafts_come_from_the_drafts_store_and_reopen_unsaved() -> None:
    store = DraftStore()
    saved_at = FIXTURES / "welcome.flow.json"
    store.save("20260101-120000-aaaaaa", load_workflow(saved_at), saved_at)
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        drafts = app.screen.query_one("#drafts")
        assert drafts.option_count == 1
        prompt = str(drafts.get_option_at_index(0).prompt)
        assert prompt.startswith("welcome.flow.json") and "AutoSend" in prompt
        await pilot.press("d", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        assert screen.path == saved_at and "restored draft" in screen.sub_title
        assert screen.history.dirty and screen.title.endswith("●")
        assert screen.workflow == load_workflow(saved_at)


async def test_no_drafts_says_so() -> None:
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        drafts = app.screen.query_one("#drafts")
        assert str(drafts.get_option_at_index(0).prompt) == "No drafts yet"


@pytest.mark.parametrize("vendor_id", vendors.vendor_ids())
async def test_a_new_workflow_for_each_vendor_takes_each_of_its_step_kinds_by_key(
        vendor_id: str) -> None:
    adapter = vendors.get(vendor_id)
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * vendors.vendor_ids().index(vendor_id), "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BuilderScreen) and screen.workflow.vendor == vendor_id
        kinds = adapter.capabilities.step_kinds
        for kind in kinds:
            await pilot.press("a")
            picker = app.screen
            assert isinstance(picker, PickScreen)
            offered = [key for key, _ in picker.choices]
            assert offered == list(kinds)  # only this vendor's kinds
            await pilot.press(*["down"] * offered.index(kind), "enter")
            await settle(pilot)
            assert screen.outline.current.label.startswith(KIND_TITLES[kind].split()[0]) or (
                kind == "wait")
        top_kinds = [place.step.kind for place in walk(screen.workflow.steps)
                     if place.depth == 0]
        assert top_kinds == list(kinds)
        assert json.loads(screen.preview.text) == adapter.compile(screen.workflow)
        assert not any(p.code == "UNSUPPORTED" for p in screen.problems)

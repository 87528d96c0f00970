"""The builder driven with key presses: structure edits, undo, vendors, files, problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from apphelp import FIXTURES, app_on, select_row, settle

from tui import vendors
from tui.model.tree import step_ids
from tui.screens.builder import BuilderScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.path_prompt import PathScreen
from tui.screens.pick import PickScreen
from tui.store.documents import load_workflow
from widgets.problems import ProblemList


def dump(screen: BuilderScreen) -> dict:
    return screen.workflow.model_dump(mode="json")


def shown_payload(screen: BuilderScreen) -> dict:
    return json.loads(screen.preview.text)


async def pick(pilot, kind: str) -> None:
    """Choose `kind` in the open step-kind picker with the arrow keys."""
    screen = pilot.app.screen
    assert isinstance(screen, PickScreen)
    kinds = [key for key, _ in screen.choices]
    await pilot.press(*["down"] * kinds.index(kind), "enter")
    await settle(pilot)


async def test_structure_edits_by_key_and_undo_redo_restore_exact_states() -> None:
    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        states = [dump(screen)]
        await select_row(pilot, "step:wait_intro")

        await pilot.press("a")
        await pick(pilot, "email")
        assert step_ids(screen.workflow)[:3] == ["wait_intro", "email_1", "email_intro"]
        assert screen.selected == "step:email_1"
        states.append(dump(screen))

        await pilot.press("i")
        await pick(pilot, "wait")
        assert step_ids(screen.workflow)[:3] == ["wait_intro", "wait_1", "email_1"]
        states.append(dump(screen))

        await pilot.press("J")  # the new wait moves below email_1
        assert step_ids(screen.workflow)[:3] == ["wait_intro", "email_1", "wait_1"]
        states.append(dump(screen))

        await pilot.press("K")
        assert step_ids(screen.workflow)[:3] == ["wait_intro", "wait_1", "email_1"]
        states.append(dump(screen))

        await select_row(pilot, "step:branch_plan")
        await pilot.press("d")
        ids = step_ids(screen.workflow)
        assert "branch_1" in ids and len(ids) == len(set(ids))
        assert screen.selected == "step:branch_1"
        states.append(dump(screen))

        await pilot.press("x")
        assert "branch_1" not in step_ids(screen.workflow)
        states.append(dump(screen))
        await settle(pilot)
        assert shown_payload(screen) == vendors.get("autosend").compile(screen.workflow)

        for expected in reversed(states[:-1]):
            await pilot.press("u")
            assert dump(screen) == expected
        assert not screen.history.can_undo
        for expected in states[1:]:
            await pilot.press("U")
            assert dump(screen) == expected
        await settle(pilot)
        assert shown_payload(screen) == vendors.get("autosend").compile(screen.workflow)


async def test_arms_are_added_moved_and_removed_from_the_outline() -> None:
    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await select_row(pilot, "step:branch_plan")
        await pilot.press("n")
        branch = screen.workflow.steps[2]
        assert [arm.label for arm in branch.arms] == ["Pro plan", "Catch-all", "Arm 3"]
        assert screen.selected == "lane:branch_plan:2"
        await pilot.press("K")
        assert [arm.label for arm in screen.workflow.steps[2].arms] == [
            "Pro plan", "Arm 3", "Catch-all"]
        assert screen.selected == "lane:branch_plan:1"
        await pilot.press("x")
        assert [arm.label for arm in screen.workflow.steps[2].arms] == ["Pro plan", "Catch-all"]
        await select_row(pilot, "lane:branch_plan:0")
        await pilot.press("a")  # add at the end of the arm
        await pick(pilot, "email")
        assert [s.id for s in screen.workflow.steps[2].arms[0].steps] == [
            "wait_pro", "email_pro", "email_1"]


async def test_an_edit_that_does_not_apply_says_why_and_changes_nothing() -> None:
    app = app_on("welcome")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        await select_row(pilot, "step:wait_intro")
        before = dump(screen)
        await pilot.press("K")
        assert dump(screen) == before
        assert not screen.history.can_undo
        assert any("already the first" in n.message for n in app._notifications)


async def test_the_preview_follows_edits_and_the_selected_node() -> None:
    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await select_row(pilot, "step:wait_merged")
        start, end = screen.preview.block
        marked = "\n".join(screen.preview.text.splitlines()[start:end + 1])
        assert '"stepId": "wait_merged"' in marked
        assert '"nextStepId": "wait_merged"' not in marked  # the step itself, not a link to it
        await pilot.press("x")
        await settle(pilot)
        assert "wait_merged" not in screen.preview.text
        assert shown_payload(screen) == vendors.get("autosend").compile(screen.workflow)


async def test_switching_vendor_reports_losses_first_and_can_be_undone() -> None:
    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.switch_vendor("qonversion")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        report = str(dialog.body)
        assert "Qonversion cannot express" in report
        assert "Wait 2 minutes: Qonversion cannot express a wait step" in report
        await pilot.press("escape")
        assert screen.workflow.vendor == "autosend"

        await pilot.press("f5")
        picker = app.screen
        assert isinstance(picker, PickScreen)
        assert [key for key, _ in picker.choices] == [
            v for v in vendors.vendor_ids() if v != "autosend"]
        await pilot.press(*["down"] * [k for k, _ in picker.choices].index("omnisend"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert screen.workflow.vendor == "omnisend"
        assert "Omnisend" in screen.sub_title
        assert shown_payload(screen) == vendors.get("omnisend").compile(screen.workflow)

        await pilot.press("u")
        await settle(pilot)
        assert screen.workflow.vendor == "autosend"
        assert shown_payload(screen) == vendors.get("autosend").compile(screen.workflow)


async def test_save_as_then_save_and_open_round_trip(tmp_path: Path) -> None:
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # Omnisend
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BuilderScreen) and screen.workflow.vendor == "omnisend"
        await pilot.press("a")
        await pick(pilot, "email")
        assert screen.title.endswith("●")

        await pilot.press("f2")  # no file yet: asks for a name
        assert isinstance(app.screen, PathScreen)
        target = tmp_path / "cart"
        app.screen.query_one("#path").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        saved = tmp_path / "cart.flow.json"
        assert app.screen is screen and screen.path == saved
        assert screen.title == "cart.flow.json"
        assert load_workflow(saved) == screen.workflow

        await pilot.press("a")
        await pick(pilot, "wait")
        assert screen.title == "cart.flow.json ●"
        await pilot.press("f2")  # has a file now: saves in place
        await pilot.pause()
        assert screen.title == "cart.flow.json"
        assert load_workflow(saved) == screen.workflow

        await pilot.press("f4")
        assert isinstance(app.screen, PathScreen)
        app.screen.query_one("#path").value = str(saved)
        await pilot.press("enter")
        await settle(pilot)
        reopened = app.screen
        assert isinstance(reopened, BuilderScreen) and reopened is not screen
        assert reopened.workflow == screen.workflow and not reopened.history.dirty


async def test_save_as_refuses_to_overwrite_another_file(tmp_path: Path) -> None:
    taken = tmp_path / "taken.flow.json"
    taken.write_text("{}")
    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        app.screen.query_one("#path").value = str(taken)
        await pilot.press("enter")
        assert isinstance(app.screen, PathScreen)
        assert "already exists" in str(app.screen.query_one("#error").render())
        assert taken.read_text() == "{}"


async def test_leaving_with_unsaved_changes_asks_first() -> None:
    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("a")
        await pick(pilot, "wait")
        await pilot.press("f8")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep editing
        assert app.screen is screen
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_choosing_a_problem_selects_its_node() -> None:
    app = app_on("cart")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        problems = screen.query_one(ProblemList)
        assert problems.problems, "the cart fixture has problems"
        wanted = next(n for n, p in enumerate(problems.problems) if p.step_id == "sms_b")
        problems.focus()
        await pilot.press("home", *["down"] * wanted, "enter")
        await settle(pilot)
        assert screen.selected == "step:sms_b"
        assert screen.outline.current.key == "step:sms_b"
        await pilot.press("f7")  # the next problem's node
        assert screen.selected == f"step:{problems.problems[wanted + 1].step_id}" or (
            problems.problems[wanted + 1].step_id is None)


async def test_outline_marks_rows_with_problems() -> None:
    app = app_on("cart")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        labels = {node.data.key: str(node.label) for node in
                  app.screen.outline._by_key.values()}
        assert labels["step:split_1"].startswith("✗ Split")
        assert labels["step:wait_1"] == "Wait 1 hour"


@pytest.mark.parametrize("size", [(80, 24), (119, 30)])
async def test_below_120_columns_the_preview_is_a_toggle(size: tuple[int, int]) -> None:
    app = app_on("welcome")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        side, editor = screen.query_one("#side"), screen.query_one("#editor")
        assert not side.display or side.region.width == 0
        assert editor.region.width > 0
        await pilot.press("f6")
        await pilot.pause()
        assert side.region.width > 0 and editor.region.width == 0
        assert app.focused is screen.preview
        await pilot.press("f6")
        await pilot.pause()
        assert side.region.width == 0 and app.focused is screen.outline


async def test_at_120_columns_all_three_panes_show_and_f6_is_not_offered() -> None:
    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        for pane in ("#outline", "#editor", "#side"):
            assert screen.query_one(pane).region.width > 0
        assert screen.check_action("toggle_preview", ()) is False


async def test_opening_a_vendor_payload_detects_the_vendor(tmp_path: Path) -> None:
    payload = FIXTURES.parent / "omnisend" / "6_3_cart_abandonment.json"
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        app.screen.query_one("#path").value = str(payload)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        assert screen.workflow.vendor == "omnisend" and screen.path is None
        assert "imported from 6_3_cart_abandonment.json" in screen.sub_title
        assert shown_payload(screen) == json.loads(payload.read_text())


async def test_a_file_that_cannot_be_opened_is_one_line_and_the_input_stays(
        tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"name": ')
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        dialog = app.screen
        dialog.query_one("#path").value = str(broken)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        error = str(dialog.query_one("#error").render())
        assert error.startswith(f"{broken}:1:") and "invalid JSON" in error
        assert "\n" not in error
        assert dialog.query_one("#path").value == str(broken)


def test_preview_highlights_a_line_as_its_whole_document_would() -> None:
    """The preview highlights only the lines it draws; each must look exactly as it does
    when the whole payload is highlighted at once."""
    from textual.highlight import highlight

    from widgets.preview import render_payload

    rendered = render_payload({"a": [1, "two\\nlines", {"b": None, "c": True}],
                               "d": "é 🙂", "e": {"f": -1.5e3, "g": "x: {y}"}})
    whole = highlight(rendered.text, language="json").split("\n")

    def shape(line: Any) -> list:
        return sorted((s.start, s.end, str(s.style)) for s in line.spans if s.end > s.start)

    assert len(whole) == len(rendered.lines)
    for alone, part in zip(rendered.lines, whole, strict=True):
        assert shape(highlight(alone, language="json")) == shape(part), alone
    assert render_payload({"d": "🙂🙂"}).width == 13  # cells, not characters


async def test_the_editor_stays_on_the_open_row_until_enter() -> None:
    """Moving the outline's cursor redraws two outline rows, not the editor pane (bytes over
    SSH); enter opens the row under the cursor and moves into its editor."""
    from widgets.editor_pane import EditorPane

    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        pane = screen.query_one(EditorPane)
        shown, block = pane.current, screen.preview.block
        await pilot.press("down", "down", "up")
        await settle(pilot)
        assert screen.row.key == "trigger" and screen.selected == "details"
        assert pane.current is shown and screen.preview.block == block
        assert screen.outline.open_key == "details"
        labels = {key: node.label for key, node in screen.outline._by_key.items()}
        assert bold(labels["details"]) and not bold(labels["trigger"])
        await pilot.press("enter")
        await settle(pilot)
        assert screen.selected == screen.outline.open_key == "trigger"
        assert pane.current is not shown and app.focused in pane.current.query("*")


def bold(label: Any) -> bool:
    return any(getattr(span.style, "bold", False) for span in label.spans)


async def test_the_editor_follows_the_cursor_when_configured() -> None:
    from tui.config import Config
    from widgets.editor_pane import EditorPane

    app = app_on("welcome", config=Config(cursor_blink=False, editor_follows_cursor=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        shown = screen.query_one(EditorPane).current
        await pilot.press("down")
        await settle(pilot)
        assert screen.selected == screen.row.key == "trigger"
        assert screen.query_one(EditorPane).current is not shown
        assert app.focused is screen.outline


async def test_a_cursor_move_redraws_two_outline_lines_and_nothing_else(monkeypatch) -> None:
    """Bytes over SSH: no editor rebuild, no preview, no scrollbars, no branch guides (the
    footer changes when the keys it offers do, as on a branch: `n` new arm)."""
    from textual._compositor import Compositor

    drawn: list[list[Any]] = []
    render = Compositor.render_partial_update

    def spy(self: Compositor) -> Any:
        drawn.append(list(self._dirty_regions))
        return render(self)

    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await select_row(pilot, "step:email_intro")
        outline = screen.outline.region
        panes = [screen.query_one("#editor").region, screen.preview.region]
        for target in ("step:branch_plan", "lane:branch_plan:0"):  # onto and off a branch
            monkeypatch.setattr(Compositor, "render_partial_update", spy)
            drawn.clear()
            await pilot.press("down")
            await settle(pilot)
            monkeypatch.undo()
            assert screen.row.key == target
            regions = [region for frame in drawn for region in frame]
            in_outline = [region for region in regions if region.overlaps(outline)]
            assert in_outline and sum(region.height for region in in_outline) <= 2
            assert all(outline.contains_region(region) for region in in_outline)
            assert not any(region.overlaps(pane) for region in regions for pane in panes)

"""Keyboard behaviour shared by every editor: Enter moves on, choices step and open,
Escape closes a list without changing anything, bindings can be remapped."""

from __future__ import annotations

from test_editors_support import SIZE, context, control, harness, offered, row
from textual.widgets import TextArea

from tui.model.steps import ContactStep, WaitStep
from tui.model.targets import Target
from tui.model.workflow import Workflow
from tui.vendors.base import Capabilities
from widgets.choice import ChoiceList
from widgets.external_editor import ExternalTextArea


async def test_enter_in_a_line_moves_to_the_next_field() -> None:
    app = harness(Target("details"), context("autosend"))
    async with app.run_test(size=SIZE) as pilot:
        control(app, "name").focus()
        await pilot.press(*"Hi", "enter")
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        assert app.focused is control(app, "description")


async def test_a_choice_steps_with_arrows_and_opens_with_enter() -> None:
    workflow = Workflow(vendor="omnisend", steps=[WaitStep(id="w", unit="hours")])
    app = harness(Target.step("w"), context("omnisend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        unit = control(app, "unit")
        assert offered(unit) == ["minutes", "hours", "days", "weeks", "months"]
        unit.focus()
        await pilot.press("right")
        await pilot.pause()
        assert app.last.unit == "days"
        await pilot.press("left", "left", "left")  # stops at the first
        await pilot.pause()
        assert app.last.unit == "minutes"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, ChoiceList)
        await pilot.press("w", "escape")  # a letter jumps; Escape closes, changing nothing
        await pilot.pause()
        assert app.focused is unit and app.last.unit == "minutes"
        await pilot.press("enter", "w", "enter")
        await pilot.pause()
        assert app.focused is unit and app.last.unit == "weeks"


async def test_check_exit_is_offered_only_where_the_vendor_has_it() -> None:
    caps = Capabilities(events=(), step_kinds=("wait",), exit_rules=True, exit_check=True)
    workflow = Workflow(vendor="x", steps=[WaitStep(id="w")])
    app = harness(Target.step("w"), context("x", workflow, capabilities=caps))
    async with app.run_test(size=SIZE) as pilot:
        check = control(app, "check_exit")
        assert offered(check) == [True, False] and check.value is None
        check.focus()
        await pilot.press("right")
        await pilot.pause()
        assert app.last.check_exit is True
    omnisend = harness(Target.step("c"), context("omnisend", Workflow(
        vendor="omnisend", steps=[ContactStep(id="c", action="add_tag")])))
    async with omnisend.run_test(size=SIZE) as pilot:
        assert not [r for r in omnisend.query("FieldRow") if r.path == ("check_exit",)]
        long_id = "x" * 37
        control(omnisend, "id").focus()
        await pilot.press(*long_id)
        await pilot.pause()
        assert row(omnisend, "id").error == "at most 36 characters (now 37)"  # temporaryID


def test_the_external_editor_key_can_be_remapped() -> None:
    binding = next(b for b in ExternalTextArea.BINDINGS if b.action == "open_external")
    assert binding.id == "editor.open_external" and binding.key == "f4"


def test_editors_stay_light() -> None:
    """The builder imports the editors at start: no HTTP client, no sandbox, no adapters."""
    import subprocess
    import sys

    probe = ("import sys, widgets.editors; "
             "print(sorted(m for m in ('httpx', 'tui.sandbox', 'tui.client') if m in sys.modules),"
             " sorted(m for m in sys.modules if m.startswith('tui.vendors.')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[] ['tui.vendors.base']"

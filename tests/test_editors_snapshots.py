"""Two representative editors as pictures, at a fixed size, cursors not blinking."""

from __future__ import annotations

from typing import Any

from test_editors_support import context, harness
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tui.model.conditions import Condition, Rule
from tui.model.steps import BranchArm, BranchStep, EmailStep, WaitStep
from tui.model.targets import Target
from tui.model.workflow import Trigger, Workflow


async def _still(pilot: Pilot[Any]) -> None:
    for widget in pilot.app.query(Input):
        widget.cursor_blink = False
    for area in pilot.app.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


def test_branch_editor_with_a_rule_being_fixed(snap_compare: Any) -> None:
    branch = BranchStep(id="step_branch", arms=[
        BranchArm(id="br_pro", label="Pro plan", reevaluate=True, condition=Condition(items=[
            Rule(field="customFields.plan", value="pro", value_type="string")])),
        BranchArm(id="br_other", label="Catch-all", condition=Condition(items=[
            Rule(field="orders", operator="gt", value=3)])),
    ])
    workflow = Workflow(vendor="autosend", steps=[WaitStep(id="w"), EmailStep(id="e"), branch])
    app = harness(Target.step("step_branch"), context("autosend", workflow))

    async def run_before(pilot: Pilot[Any]) -> None:
        value = list(app.query("RuleRow"))[1].value_input
        value.focus()
        await pilot.press("end", "x")  # "3x" is no number: the row says so
        await _still(pilot)

    assert snap_compare(app, terminal_size=(58, 22), run_before=run_before)


def test_trigger_editor_for_omnisend(snap_compare: Any) -> None:
    trigger = Trigger(event="started checkout", origin="shopify", filters=Condition(items=[
        Rule(source="event", field="cart.total", operator="gte", value=50)]))
    app = harness(Target("trigger"), context("omnisend", Workflow(vendor="omnisend",
                                                                   trigger=trigger)))
    assert snap_compare(app, terminal_size=(60, 14), run_before=_still)

"""Step editors: each offers only the vendor's choices and posts a new step of its
kind for every valid change; invalid input shows a message and posts nothing."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest
from test_editors_support import (
    SIZE,
    choose,
    context,
    control,
    focus_and_type,
    harness,
    offered,
    row,
)
from textual.drivers.headless_driver import HeadlessDriver
from textual.widgets import Button, Checkbox, Input, SelectionList

from tui.model.conditions import Condition, Rule
from tui.model.steps import (
    BranchArm,
    BranchStep,
    ContactStep,
    EmailStep,
    PushStep,
    ScreenStep,
    SmsStep,
    SplitArm,
    SplitStep,
    WaitStep,
    WebhookStep,
)
from tui.model.targets import Target
from tui.model.workflow import Workflow
from tui.vendors import get
from tui.vendors.base import Capabilities
from widgets.editors.branch import BranchEditor
from widgets.editors.item_list import ItemList
from widgets.external_editor import ExternalTextArea


def _workflow(vendor: str, *steps) -> Workflow:
    return Workflow(vendor=vendor, steps=list(steps))


async def _press(pilot, app, name: str, index: int = 0) -> None:
    """Press the `index`-th button called `name` (add, remove, up, down, …)."""
    buttons = [b for b in app.query(Button) if b.name == name]
    buttons[index].focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_wait_offers_the_vendors_units_and_modes() -> None:
    app = harness(Target.step("w"), context("autosend", _workflow("autosend", WaitStep(id="w"))))
    async with app.run_test(size=SIZE) as pilot:
        assert offered(control(app, "unit")) == ["minutes", "hours", "days"]
        assert offered(control(app, "mode")) == ["duration", "immediate"]
        assert "weekdays" not in {r.path[0] for r in app.query("FieldRow")}
        await focus_and_type(pilot, control(app, "amount"), "90")
        await choose(pilot, control(app, "unit"), "minutes")
        assert app.last == WaitStep(id="w", amount=90, unit="minutes")
        await choose(pilot, control(app, "mode"), "immediate")
        assert app.last.mode == "immediate"
        assert not row(app, "amount").display and not row(app, "unit").display


async def test_wait_amount_checked_as_typed() -> None:
    app = harness(Target.step("w"), context("autosend", _workflow("autosend", WaitStep(id="w"))))
    async with app.run_test(size=SIZE) as pilot:
        amount = control(app, "amount")
        await focus_and_type(pilot, amount, "-")
        assert app.changes == []
        assert row(app, "amount").error == "'-' is not a number"
        await pilot.press("x")  # a number input refuses letters outright
        assert amount.value == "-"
        await focus_and_type(pilot, amount, "-3")
        assert row(app, "amount").error == "at least 0"
        assert app.changes == []
        await focus_and_type(pilot, amount, "2.5")
        assert app.last.amount == 2.5 and row(app, "amount").error is None


async def test_wait_until_a_time_on_some_weekdays() -> None:
    app = harness(Target.step("w"), context("omnisend", _workflow("omnisend", WaitStep(id="w"))))
    async with app.run_test(size=SIZE) as pilot:
        assert offered(control(app, "mode")) == ["duration", "immediate", "until_time"]
        await choose(pilot, control(app, "mode"), "until_time")
        assert row(app, "at_time").display and not row(app, "amount").display
        await focus_and_type(pilot, control(app, "at_time"), "25:00")
        assert "HH:MM" in row(app, "at_time").error
        await focus_and_type(pilot, control(app, "at_time"), "09:30")
        days = control(app, "weekdays")
        assert isinstance(days, SelectionList)
        days.focus()
        await pilot.press("space", "down", "space")
        await pilot.pause()
        assert app.last == WaitStep(id="w", mode="until_time", at_time="09:30",
                                    weekdays=["monday", "tuesday"])


async def test_email_fields_and_their_checks() -> None:
    kibamail = get("kibamail").capabilities
    limited = replace(kibamail, limits={**kibamail.limits, "email.subject": 20})
    ctx = context("kibamail", _workflow("kibamail", EmailStep(id="e")), capabilities=limited)
    app = harness(Target.step("e"), ctx)
    async with app.run_test(size=SIZE) as pilot:
        await focus_and_type(pilot, control(app, "template_id"), "tpl_1")
        await focus_and_type(pilot, control(app, "subject"), "Welcome!")
        await focus_and_type(pilot, control(app, "sender_email"), "hello@example.com")
        assert app.last == EmailStep(id="e", template_id="tpl_1", subject="Welcome!",
                                     sender_email="hello@example.com")
        assert str(row(app, "subject").query_one(".field-counter").render()) == "8/20"
        posted = len(app.changes)
        await focus_and_type(pilot, control(app, "reply_to"), "nobody")
        assert len(app.changes) == posted
        assert row(app, "reply_to").error == "'nobody' is not an email address"
        await focus_and_type(pilot, control(app, "subject"), " A fine offer", clear=False)
        assert app.last.subject == "Welcome! A fine offe"  # 20 characters, the limit
        assert row(app, "subject").error == "at most 20 characters (now 21)"
        assert control(app, "subject").value == "Welcome! A fine offer"
        await focus_and_type(pilot, control(app, "template_id"), "")
        assert app.last.template_id is None


@pytest.fixture
def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR is a script that appends a line to the file it is given; the headless
    test driver is allowed to suspend like a terminal one."""
    script = tmp_path / "fake-editor"
    script.write_text('#!/bin/sh\nprintf "<p>from the editor</p>\\n" >> "$1"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: True))
    return script


async def test_email_html_round_trips_through_the_users_editor(fake_editor: Path) -> None:
    step = EmailStep(id="e", html="<h1>Hi</h1>")
    app = harness(Target.step("e"), context("autosend", _workflow("autosend", step)))
    async with app.run_test(size=SIZE) as pilot:
        area = control(app, "html")
        assert isinstance(area, ExternalTextArea) and area.language == "html"
        area.focus()
        await pilot.press("f4")
        await pilot.pause()
        assert area.text == "<h1>Hi</h1><p>from the editor</p>"
        assert app.last.html == "<h1>Hi</h1><p>from the editor</p>"
        await pilot.press("ctrl+z")  # the editor's change is one undoable edit
        await pilot.pause()
        assert app.last.html == "<h1>Hi</h1>"


async def test_a_failing_editor_changes_nothing_and_says_why(
        fake_editor: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failing = tmp_path / "failing-editor"
    failing.write_text("#!/bin/sh\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(failing))
    step = EmailStep(id="e", html="<h1>Hi</h1>")
    app = harness(Target.step("e"), context("autosend", _workflow("autosend", step)))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        control(app, "html").focus()
        await pilot.press("f4")
        await pilot.pause()
        assert app.changes == []
        assert [n.message for n in app._notifications] == [
            f"{failing} exited with status 3; the text is unchanged"]
        monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
        await pilot.press("f4")
        await pilot.pause()
        assert "not found; set $EDITOR" in list(app._notifications)[-1].message


async def test_sms_push_and_screen() -> None:
    workflow = _workflow("omnisend", SmsStep(id="s"), PushStep(id="p"))
    app = harness(Target.step("s"), context("omnisend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        control(app, "text").focus()
        await pilot.press(*"Hi [[contact.first_name]]")
        await pilot.pause()
        assert app.last == SmsStep(id="s", text="Hi [[contact.first_name]]")
    app = harness(Target.step("p"), context("omnisend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        await focus_and_type(pilot, control(app, "title"), "Sale")
        await focus_and_type(pilot, control(app, "url"), "https://shop.example")
        assert app.last == PushStep(id="p", title="Sale", url="https://shop.example")
    qon = Workflow(vendor="qonversion", steps=[ScreenStep(id="sc", screen_id="abc")])
    app = harness(Target.step("sc"), context("qonversion", qon))
    async with app.run_test(size=SIZE) as pilot:
        control(app, "screen_id").focus()
        await pilot.press("backspace")  # focus selected the whole id: one key clears it
        await pilot.pause()
        assert app.changes == [] and row(app, "screen_id").error == "the screen's id is required"
        await focus_and_type(pilot, control(app, "screen_id"), "qUY7JXgF")
        assert app.last == ScreenStep(id="sc", screen_id="qUY7JXgF")


async def test_webhook_methods_headers_and_body() -> None:
    omnisend = harness(Target.step("h"), context("omnisend", _workflow("omnisend",
                                                                      WebhookStep(id="h"))))
    async with omnisend.run_test(size=SIZE):
        assert offered(control(omnisend, "method")) == ["POST"]
    workflow = _workflow("tether", WebhookStep(id="h"))
    app = harness(Target.step("h"), context("tether", workflow))
    async with app.run_test(size=SIZE) as pilot:
        assert offered(control(app, "method")) == ["POST", "GET", "PUT", "PATCH", "DELETE"]
        await focus_and_type(pilot, control(app, "url"), "hooks.example.com")
        assert app.changes == [] and "http" in row(app, "url").error
        await focus_and_type(pilot, control(app, "url"), "https://hooks.example.com/x")
        await choose(pilot, control(app, "method"), "PUT")
        await _press(pilot, app, "add-pair")
        await pilot.press(*"X-Secret", "tab", *"s3")
        await pilot.pause()
        assert app.last.headers == {"X-Secret": "s3"}
        await _press(pilot, app, "add-pair")
        await pilot.press(*"Bad Name")
        await pilot.pause()
        assert row(app, "headers").error == "line 2: 'Bad Name' is not a valid header name"
        assert app.last.headers == {"X-Secret": "s3", "Bad": ""}  # the last valid headers
        control(app, "body").focus()
        await pilot.press(*'{"a": 1}')
        await pilot.pause()
        assert app.last == WebhookStep(id="h", url="https://hooks.example.com/x", method="PUT",
                                       headers={"X-Secret": "s3", "Bad": ""}, body='{"a": 1}')
        remove = [b for b in app.query(Button) if b.name == "remove-pair"]
        remove[0].focus()
        await pilot.press("enter")
        await pilot.pause()
        assert row(app, "headers").error == "line 1: 'Bad Name' is not a valid header name"
        await focus_and_type(pilot, app.query("PairRow Input").first(), "X-Other")
        assert row(app, "headers").error is None
        assert app.last.headers == {"X-Other": ""}


async def test_contact_offers_the_vendors_actions_and_the_fields_each_needs() -> None:
    app = harness(Target.step("c"), context("omnisend", _workflow(
        "omnisend", ContactStep(id="c", action="add_tag"))))
    async with app.run_test(size=SIZE) as pilot:
        assert offered(control(app, "action")) == ["add_tag", "remove_tag"]
        assert [r.path for r in app.query("FieldRow") if r.display][:2] == [("action",),
                                                                             ("value",)]
        assert row(app, "value").label == "Tag"
        await focus_and_type(pilot, control(app, "value"), "vip")
        await choose(pilot, control(app, "action"), "remove_tag")
        assert app.last == ContactStep(id="c", action="remove_tag", value="vip")
    kiba = harness(Target.step("c"), context("kibamail", _workflow("kibamail",
                                                                  ContactStep(id="c"))))
    async with kiba.run_test(size=SIZE) as pilot:
        assert row(kiba, "field").display and row(kiba, "value").display
        await choose(pilot, control(kiba, "action"), "add_to_topics")
        assert row(kiba, "topics").display and not row(kiba, "field").display
        await focus_and_type(pilot, control(kiba, "topics"), "news, offers")
        assert kiba.last == ContactStep(id="c", action="add_to_topics", topics=["news", "offers"])


def _branch(*labels: str) -> BranchStep:
    return BranchStep(id="b", arms=[BranchArm(id=f"arm_{label}", label=label,
                                              condition=Condition(items=[Rule(field=label)]))
                                    for label in labels])


async def test_branch_arms_add_remove_reorder_within_the_vendors_limit() -> None:
    app = harness(Target.step("b"), context("autosend", _workflow("autosend", _branch("pro"))))
    async with app.run_test(size=SIZE) as pilot:
        await _press(pilot, app, "add")
        arms = app.last.arms
        assert [arm.label for arm in arms] == ["pro", "Arm 2"]
        assert arms[1].condition == Condition() and arms[1].rejoin
        await focus_and_type(pilot, control(app, "arms", 1, "label"), "other")
        await _press(pilot, app, "up", 1)
        assert [arm.label for arm in app.last.arms] == ["other", "pro"]
        assert control(app, "arms", 0, "label").value == "other"
        row_reeval = control(app, "arms", 1, "reevaluate")
        assert isinstance(row_reeval, Checkbox)
        row_reeval.focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.last.arms[1].reevaluate
        await _press(pilot, app, "remove", 0)
        assert [arm.label for arm in app.last.arms] == ["pro"]
        assert next(b for b in app.query(Button) if b.name == "remove").disabled  # at least one

    omnisend = harness(Target.step("b"), context("omnisend", _workflow("omnisend",
                                                                      _branch("pro"))))
    async with omnisend.run_test(size=SIZE):
        assert next(b for b in omnisend.query(Button) if b.name == "add").disabled  # one arm max
        assert not [r for r in omnisend.query("FieldRow") if r.path[-1:] == ("reevaluate",)]


async def test_branch_otherwise_arm_switches_off_and_back_with_its_steps() -> None:
    step = _branch("pro")
    step.otherwise = [WaitStep(id="later")]
    app = harness(Target.step("b"), context("omnisend", _workflow("omnisend", step)))
    async with app.run_test(size=SIZE) as pilot:
        switch = control(app, "otherwise")
        switch.focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.last.otherwise is None
        await pilot.press("space")
        await pilot.pause()
        assert app.last.otherwise == [WaitStep(id="later")]
    autosend = harness(Target.step("b"), context("autosend", _workflow("autosend",
                                                                      _branch("pro"))))
    async with autosend.run_test(size=SIZE):
        assert not [r for r in autosend.query("FieldRow") if r.path == ("otherwise",)]


async def test_split_percentages_must_make_100() -> None:
    caps = Capabilities(events=(), step_kinds=("split",), split_arms=(2, 4))
    step = SplitStep(id="s", arms=[SplitArm(id="a", label="A", percentage=50),
                                   SplitArm(id="b", label="B", percentage=50)])
    app = harness(Target.step("s"), context("x", _workflow("x", step), capabilities=caps))
    async with app.run_test(size=SIZE) as pilot:
        await focus_and_type(pilot, control(app, "arms", 0, "percentage"), "70")
        assert [arm.percentage for arm in app.last.arms] == [70, 30]  # two paths: B follows
        assert control(app, "arms", 1, "percentage").value == "30"
        await _press(pilot, app, "add")
        assert [arm.percentage for arm in app.last.arms] == [70, 30, 0]
        posted = len(app.changes)
        await focus_and_type(pilot, control(app, "arms", 2, "percentage"), "10")
        assert len(app.changes) == posted
        status = app.query_one(ItemList).query_one(".item-status")
        assert str(status.render()) == "Total 110% — must be 100%"
        assert "must make 100" in str(app.query_one(".form-error").render())
        await focus_and_type(pilot, control(app, "arms", 0, "percentage"), "60")
        assert [arm.percentage for arm in app.last.arms] == [60, 30, 10]
        assert str(status.render()) == "Total 100%"
        await focus_and_type(pilot, control(app, "arms", 2, "percentage"), "101")
        assert row(app, "arms", 2, "percentage").error == "at most 100"


async def test_omnisend_ab_test_has_exactly_two_paths() -> None:
    step = SplitStep(id="s", arms=[SplitArm(id="a", percentage=50),
                                   SplitArm(id="b", percentage=50)])
    app = harness(Target.step("s"), context("omnisend", _workflow("omnisend", step)))
    async with app.run_test(size=SIZE):
        buttons = {b.name: b.disabled for b in app.query(Button) if b.name in ("add", "remove")}
        assert buttons == {"add": True, "remove": True}


async def test_step_id_edits_keep_the_builder_on_the_right_step() -> None:
    workflow = _workflow("autosend", WaitStep(id="w1"), EmailStep(id="e1"))
    app = harness(Target.step("w1"), context("autosend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        control(app, "id").focus()
        await pilot.press("backspace")
        await pilot.pause()
        assert app.changes == [] and row(app, "id").error == "an id is required"
        await pilot.press("e", "1")
        await pilot.pause()
        assert app.last.id == "e"  # "e1" is taken: the last valid id stands
        assert row(app, "id").error == "'e1' is already the id of another step"
        await focus_and_type(pilot, control(app, "id"), "step_wait_intro")
        await focus_and_type(pilot, control(app, "amount"), "2")
        assert app.last == WaitStep(id="step_wait_intro", amount=2)
        # each message names the step as the workflow holds it before that change
        targets = [change.target.step_id for change in app.changes]
        ids = [change.value.id for change in app.changes]
        assert targets == ["w1", *ids[:-1]]


async def test_a_step_the_vendor_cannot_express_is_still_editable() -> None:
    app = harness(Target.step("s"), context("autosend", _workflow("autosend", SmsStep(id="s"))))
    async with app.run_test(size=SIZE):
        assert "AutoSend cannot express a sms step" in str(app.query_one(".notice").render())
        assert isinstance(control(app, "channel"), Input)


def test_each_step_kind_gets_its_editor() -> None:
    from widgets.editors import editor_for
    from widgets.editors.dispatch import STEP_EDITORS

    ctx = context("omnisend")
    for kind, editor in STEP_EDITORS.items():
        step = {"wait": WaitStep, "email": EmailStep, "sms": SmsStep, "push": PushStep,
                "screen": ScreenStep, "webhook": WebhookStep, "contact": ContactStep,
                "branch": BranchStep, "split": SplitStep}[kind](id="x")
        assert type(editor_for(Target.step("x"), step, ctx)) is editor
    assert isinstance(editor_for(Target.step("b"), _branch("a"), ctx), BranchEditor)


async def test_vendor_fields_the_model_does_not_name_are_typed_as_json() -> None:
    workflow = _workflow("autosend", WaitStep(id="w"), EmailStep(id="e"))
    app = harness(Target.step("e"), context("autosend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        extras = control(app, "extras", "autosend")
        await focus_and_type(pilot, extras, "[1]")
        assert app.changes == []
        assert row(app, "extras", "autosend").error == 'a JSON object, like {"key": "value"}'
        await focus_and_type(pilot, extras, '{"email": {"projectId": "p1"}}')
        assert app.last.extras == {"autosend": {"email": {"projectId": "p1"}}}
        await focus_and_type(pilot, extras, "")
        assert app.last.extras == {}

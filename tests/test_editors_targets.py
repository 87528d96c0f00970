"""Editors of the workflow's parts: details, trigger, exit rules, vendor settings."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
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
from textual.widgets import Button, Checkbox, Input, SelectionList

from tui.model.conditions import Condition, Rule
from tui.model.targets import Details, Target
from tui.model.workflow import Duration, ExitRule, Trigger, Workflow
from tui.vendors.base import Capabilities, EventChoice
from widgets.choice import Choice
from widgets.editors.event_picker import CUSTOM, EventPicker
from widgets.editors.model_form import Fieldset
from widgets.number_input import NumberInput


async def test_details_show_the_vendors_limits() -> None:
    workflow = Workflow(vendor="autosend", name="Welcome")
    app = harness(Target("details"), context("autosend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        assert str(row(app, "name").query_one(".field-counter").render()) == "7/255"
        await focus_and_type(pilot, control(app, "name"), " series", clear=False)
        assert app.last == Details(name="Welcome series")
        control(app, "description").focus()
        await pilot.press(*"Sent after sign-up")
        await pilot.pause()
        assert app.last == Details(name="Welcome series", description="Sent after sign-up")
        assert str(row(app, "description").query_one(".field-label").render()) == (
            "Description  18/1000")
    long_name = Workflow(vendor="kibamail", name="x" * 100)
    kiba = harness(Target("details"), context("kibamail", long_name))
    async with kiba.run_test(size=SIZE) as pilot:
        await focus_and_type(pilot, control(kiba, "name"), "y", clear=False)
        assert kiba.changes == []
        assert row(kiba, "name").error == "at most 100 characters (now 101)"


async def test_trigger_offers_the_vendors_events_then_a_custom_one() -> None:
    app = harness(Target("trigger"), context("autosend"))
    caps = app.editor.context.capabilities
    async with app.run_test(size=SIZE) as pilot:
        picker = control(app, "event")
        assert isinstance(picker, EventPicker)
        assert offered(picker.select) == [choice.name for choice in caps.events] + [CUSTOM]
        await choose(pilot, picker.select, "event_received")
        assert app.last.event == "event_received"
        params = row(app, "params", "event_name")  # the parameter this event needs
        await focus_and_type(pilot, params.control, "signed_up")
        assert app.last == Trigger(event="event_received", params={"event_name": "signed_up"})
        await choose(pilot, picker.select, "contact_created")
        await pilot.pause()
        assert app.last == Trigger(event="contact_created")  # its parameter went with it
        assert not [r for r in app.query("FieldRow") if r.path[:1] == ("params",)]
        await choose(pilot, picker.select, CUSTOM)
        assert picker.custom.display and picker.custom.has_focus
        assert row(app, "event").error == "type the event's name"
        await pilot.press(*"trial_ended")
        await pilot.pause()
        assert app.last.event == "trial_ended"


async def test_trigger_without_custom_events_offers_only_the_list() -> None:
    app = harness(Target("trigger"), context("kibamail"))
    async with app.run_test(size=SIZE) as pilot:
        picker = control(app, "event")
        assert offered(picker.select) == [
            "CONTACT_SUBSCRIBED", "PROPERTY_UPDATED", "FORM_SUBMITTED", "API", "EVENT",
            "SEGMENT_ENTRY", "SEGMENT_EXIT", "EMAIL_ENGAGEMENT"]
        await choose(pilot, picker.select, "SEGMENT_ENTRY")
        assert row(app, "params", "segmentId").label == "Segment id"
        await focus_and_type(pilot, control(app, "params", "segmentId"), "seg_1")
        assert app.last == Trigger(event="SEGMENT_ENTRY", params={"segmentId": "seg_1"})
        await focus_and_type(pilot, control(app, "params", "segmentId"), "")
        assert app.last.params == {}  # blank leaves the parameter out


async def test_trigger_origin_follows_the_event_and_inactivity_is_typed() -> None:
    app = harness(Target("trigger"), context("omnisend"))
    async with app.run_test(size=SIZE) as pilot:
        picker = control(app, "event")
        await choose(pilot, picker.select, "placed order")
        origin = control(app, "origin")
        assert offered(origin) == ["api", "shopify", "woocommerce"]
        await choose(pilot, origin, "shopify")
        assert app.last.origin == "shopify"
        await choose(pilot, picker.select, "entered segment")
        assert offered(origin) == ["omnisend"] and app.last.origin is None
        await focus_and_type(pilot, control(app, "inactivity"), "30")
        assert row(app, "inactivity").error.startswith("an amount and a unit, like 30m")
        await pilot.press("m")
        await pilot.pause()
        assert app.last.inactivity == Duration(amount=30, unit="minutes")
        assert app.last.event == "entered segment"
    autosend = harness(Target("trigger"), context("autosend"))
    async with autosend.run_test(size=SIZE):
        assert not row(autosend, "origin").display  # AutoSend events have no origin
        assert not [r for r in autosend.query("FieldRow") if r.path == ("inactivity",)]


async def test_trigger_takes_further_events_where_the_vendor_does() -> None:
    app = harness(Target("trigger"), context("qonversion"))
    async with app.run_test(size=SIZE) as pilot:
        await focus_and_type(pilot, control(app, "event").custom, "2")
        await focus_and_type(pilot, control(app, "extra_events"), "5, 7")
        assert app.last == Trigger(event="2", extra_events=["5", "7"])
    caps = Capabilities(events=(EventChoice("a", "A"), EventChoice("b", "B")),
                        step_kinds=(), custom_events=False, extra_events=True)
    listed = harness(Target("trigger"), context("x", Workflow(vendor="x", trigger=Trigger(
        event="a")), capabilities=caps))
    async with listed.run_test(size=SIZE) as pilot:
        choices = control(listed, "extra_events")
        assert isinstance(choices, SelectionList)
        choices.focus()
        await pilot.press("down", "space")
        await pilot.pause()
        assert listed.last.extra_events == ["b"]


async def test_exit_rules_listed_added_and_removed() -> None:
    workflow = Workflow(vendor="omnisend", exit=[ExitRule(event="placed order", origin="api")])
    app = harness(Target("exit"), context("omnisend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        add = next(b for b in app.query(Button) if b.name == "add")
        add.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.last == [ExitRule(event="placed order", origin="api"),
                            ExitRule(event="birthday")]
        await choose(pilot, control(app, "rules", 1, "event").select, "order refunded")
        await choose(pilot, control(app, "rules", 1, "origin"), "shopify")
        assert app.last[1] == ExitRule(event="order refunded", origin="shopify")
        remove = next(b for b in app.query(Button) if b.name == "remove")
        remove.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.last == [ExitRule(event="order refunded", origin="shopify")]
        assert control(app, "rules", 0, "origin").value == "shopify"
    qonversion = harness(Target("exit"), context("qonversion"))
    async with qonversion.run_test(size=SIZE):
        assert "Qonversion has no exit rules." in str(qonversion.query_one(".notice").render())
        assert not qonversion.query(Button)


async def test_exit_rule_filters_use_the_condition_builder() -> None:
    workflow = Workflow(vendor="omnisend", exit=[ExitRule(
        event="placed order", filters=Condition(items=[Rule(source="event", field="total")]))])
    app = harness(Target("exit"), context("omnisend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        rule_row = app.query_one("RuleRow")
        await focus_and_type(pilot, rule_row.value_input, "50")
        assert app.last[0].filters == Condition(items=[
            Rule(source="event", field="total", value=50)])


HAND_MADE = Capabilities(events=(), step_kinds=())
"""A vendor that is only its settings model."""


class Limiter(BaseModel):
    mode: Literal["once", "interval"]
    hours: int | None = None


class Demo(BaseModel):
    """Every kind of field the settings form knows."""

    tracking: bool = False
    level: Literal["subscribed", "all"] = "subscribed"
    max_days: int = Field(default=30, ge=1, description="How long a contact may stay.")
    ratio: float | None = None
    tag: str = ""
    tags: list[str] = Field(default_factory=list)
    limiter: Limiter | None = None
    extra: dict[str, int] = Field(default_factory=dict)


async def test_settings_form_generated_from_the_model() -> None:
    ctx = context("x", Workflow(vendor="x", settings={"x": {"tag": "a"}}),
                  capabilities=HAND_MADE, settings_model=Demo)
    app = harness(Target("settings"), ctx)
    async with app.run_test(size=(80, 60)) as pilot:
        assert isinstance(control(app, "tracking"), Checkbox)
        assert offered(control(app, "level")) == ["subscribed", "all"]
        assert isinstance(control(app, "max_days"), NumberInput)
        assert control(app, "max_days").value == "30"  # defaults are shown
        assert row(app, "max_days").hint == "How long a contact may stay."
        assert isinstance(control(app, "tags"), Input)
        control(app, "tracking").focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.last == {"tag": "a", "tracking": True}  # defaults are not stored
        await choose(pilot, control(app, "level"), "all")
        await focus_and_type(pilot, control(app, "tags"), "vip, new")
        await focus_and_type(pilot, control(app, "extra"), '{"a": 1}')
        assert app.last == {"tag": "a", "tracking": True, "level": "all",
                            "tags": ["vip", "new"], "extra": {"a": 1}}
        posted = len(app.changes)
        await focus_and_type(pilot, control(app, "max_days"), "0")
        assert row(app, "max_days").error == "Input should be greater than or equal to 1"
        assert len(app.changes) == posted
        await focus_and_type(pilot, control(app, "extra"), '{"a": "x"}')
        assert "valid integer" in row(app, "extra").error
        await focus_and_type(pilot, control(app, "max_days"), "7")
        await focus_and_type(pilot, control(app, "extra"), "")
        assert app.last["max_days"] == 7 and "extra" not in app.last


async def test_settings_nested_model_switched_on_shows_its_fields() -> None:
    ctx = context("x", capabilities=HAND_MADE, settings_model=Demo)
    app = harness(Target("settings"), ctx)
    async with app.run_test(size=(80, 60)) as pilot:
        fieldset = app.query_one(Fieldset)
        assert fieldset.border_title == "Limiter"
        switch = control(app, "limiter")
        switch.focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.changes == []  # `mode` has no default: the form waits for it
        assert row(app, "limiter", "mode").error == "Field required"
        await choose(pilot, control(app, "limiter", "mode"), "interval")
        await focus_and_type(pilot, control(app, "limiter", "hours"), "12")
        assert app.last == {"limiter": {"mode": "interval", "hours": 12}}
        switch.focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.last == {}


async def test_real_vendor_settings_forms() -> None:
    workflow = Workflow(vendor="autosend", settings={"autosend": {"trackingOpen": True}})
    app = harness(Target("settings"), context("autosend", workflow))
    async with app.run_test(size=(80, 40)) as pilot:
        tracking = control(app, "tracking_open")  # stored by Python name, as AutoSend does
        assert isinstance(tracking, Choice) and tracking.value is True
        await focus_and_type(pilot, control(app, "tags"), "onboarding")
        assert app.last == {"tracking_open": True, "tags": ["onboarding"]}
    omnisend = harness(Target("settings"), context("omnisend"))
    async with omnisend.run_test(size=(80, 60)) as pilot:
        switch = control(omnisend, "frequencyLimiter")
        switch.focus()
        await pilot.press("space")
        await pilot.pause()
        await choose(pilot, control(omnisend, "frequencyLimiter", "mode"), "once")
        assert omnisend.last == {"frequencyLimiter": {"mode": "once"}}
    qon = harness(Target("settings"), context("qonversion"))
    async with qon.run_test(size=SIZE) as pilot:
        await choose(pilot, control(qon, "status"), "active")
        assert qon.last == {"status": "active"}


async def test_stored_settings_the_model_rejects_show_their_errors() -> None:
    workflow = Workflow(vendor="tether", settings={"tether": {"maxFollowUpCount": 0}})
    app = harness(Target("settings"), context("tether", workflow))
    async with app.run_test(size=(80, 60)) as pilot:
        assert row(app, "maxFollowUpCount").error == "Input should be greater than or equal to 1"
        await focus_and_type(pilot, control(app, "maxFollowUpCount"), "3")
        assert app.last == {"maxFollowUpCount": 3}


async def test_vendor_without_settings_says_so() -> None:
    app = harness(Target("settings"), context("kibamail"))
    async with app.run_test(size=SIZE):
        assert "Kibamail has no settings" in str(app.query_one(".notice").render())

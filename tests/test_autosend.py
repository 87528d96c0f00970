"""AutoSend adapter: the seed imports to the expected tree and compiles back exactly, every
rule breaks and passes, malformed bodies name their JSON path, and the CLI round-trips."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.model import (
    BranchArm,
    BranchStep,
    Condition,
    EmailStep,
    ExitRule,
    PayloadError,
    Problem,
    Rule,
    SmsStep,
    Step,
    Trigger,
    WaitStep,
    Workflow,
)
from tui.model.document import workflow_from_data, workflow_to_data
from tui.model.problems import has_blocking
from tui.vendors import get
from tui.vendors.autosend.graph import broken_references, layout
from tui.vendors.autosend.parse import read_steps
from tui.vendors.autosend.settings import AutoSendSettings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "autosend"
ADAPTER = get("autosend")


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def seed() -> dict[str, Any]:
    return fixture("seed")


def plan_is(value: str) -> Condition:
    return Condition(items=[Rule(field="customFields.plan", value=value, value_type="string")])


def wait(step_id: str, amount: float = 1, unit: str = "hours") -> WaitStep:
    return WaitStep(id=step_id, amount=amount, unit=unit)  # type: ignore[arg-type]


def email(step_id: str, **fields: Any) -> EmailStep:
    content = {"subject": "Hi", "html": "<p>Hi</p>", **fields}
    return EmailStep(id=step_id, **content)


def arm(arm_id: str, *steps: Step, rejoin: bool = True, value: str = "pro") -> BranchArm:
    return BranchArm(id=arm_id, label=arm_id, condition=plan_is(value), steps=list(steps),
                     rejoin=rejoin)


def flow(*steps: Step, active: bool | None = None, **fields: Any) -> Workflow:
    base: dict[str, Any] = {"vendor": "autosend", "name": "Welcome",
                            "trigger": Trigger(event="contact_created")}
    if active is not None:
        base["settings"] = {"autosend": {"active": active}}
    return Workflow(**{**base, **fields}, steps=list(steps))


def found(problems: list[Problem], code: str) -> list[tuple[str | None, str]]:
    return [(p.step_id, p.path) for p in problems if p.code == code]


def ids(steps: list[Step]) -> list[str]:
    return [step.id for step in steps]


# --- the seed -----------------------------------------------------------------------------

def test_seed_imports_to_the_expected_tree() -> None:
    workflow = ADAPTER.parse(seed())
    assert workflow.name == "Branch with guard - pro vs other"
    assert workflow.trigger.event == "contact_property_matches_with"
    assert workflow.trigger.filters == Condition(items=[
        Rule(field="customFields.plan", operator="is_not_empty", value_type="string")])
    assert [step.kind for step in workflow.steps] == ["wait", "email", "branch", "wait", "email"]
    assert ids(workflow.steps) == ["step_wait_intro", "step_email_intro", "step_branch",
                                   "step_wait_merged", "step_email_merged"]
    branch = workflow.steps[2]
    assert isinstance(branch, BranchStep) and branch.otherwise is None
    pro, other = branch.arms
    assert (pro.id, pro.label, pro.reevaluate, pro.rejoin) == ("br_pro", "Pro plan", True, True)
    assert pro.condition == plan_is("pro")
    assert ids(pro.steps) == ["step_wait_pro", "step_email_pro", "step_wait_pro_followup",
                              "step_email_pro_followup"]
    assert (other.id, other.label, other.reevaluate, other.rejoin) == (
        "br_other", "Catch-all", False, False)
    assert ids(other.steps) == ["step_wait_other", "step_email_other"]
    assert workflow.exit == [ExitRule(event="workflow_complete")]
    assert workflow.settings == {"autosend": {
        "tags": ["onboarding", "branch-guard"], "unsubscribe_group_id": "60d5ec49f1b2c72d9c8b4444",
        "tracking_open": True, "tracking_click": True, "active": True}}


def test_seed_steps_map_onto_model_fields() -> None:
    workflow = ADAPTER.parse(seed())
    intro, welcome = workflow.steps[0], workflow.steps[1]
    assert isinstance(intro, WaitStep) and isinstance(welcome, EmailStep)
    assert (intro.mode, intro.amount, intro.unit, intro.check_exit) == (
        "duration", 2, "minutes", True)
    assert intro.extras == {"autosend": {"delay": {"unit": "mins"}}}, "the spelling is kept"
    assert (welcome.subject, welcome.sender_email, welcome.template_id) == (
        "Welcome to Example!", "hello@example.com", None)
    assert welcome.extras == {"autosend": {"email": {
        "projectId": "60d5ec49f1b2c72d9c8b1111", "templateName": "Welcome - intro email"}}}
    followup = workflow.steps[2].arms[0].steps[2]  # type: ignore[union-attr]
    assert followup.check_exit is None, "absent checkExitCriteria stays absent"
    assert followup.extras == {}, "'minutes' is the default spelling"


def test_seed_compiles_back_exactly() -> None:
    assert ADAPTER.compile(ADAPTER.parse(seed())) == seed()


def test_seed_survives_the_workflow_file() -> None:
    document = json.loads(json.dumps(workflow_to_data(ADAPTER.parse(seed()))))
    assert ADAPTER.compile(workflow_from_data(document)) == seed()


def test_seed_has_no_problems() -> None:
    assert ADAPTER.check(ADAPTER.parse(seed())) == []


def test_linear_body_without_links_reads_in_body_order() -> None:
    body = fixture("welcome-linear")
    workflow = ADAPTER.parse(body)
    first, second = workflow.steps
    assert isinstance(first, WaitStep) and first.mode == "immediate"
    assert isinstance(second, EmailStep) and second.template_id == "60d5ec49f1b2c72d9c8b1234"
    expected = copy.deepcopy(body)
    expected["steps"][0]["nextStepId"] = "step_bb22"
    assert ADAPTER.compile(workflow) == expected, "compile links steps, nothing else changes"
    assert ADAPTER.check(workflow) == []


def test_steps_without_ids_get_readable_ones() -> None:
    body = {"name": "x", "steps": [{"type": "wait", "delay": {"value": 1, "unit": "days"}},
                                   {"type": "email", "email": {"templateId": "t"}}]}
    assert ids(ADAPTER.parse(body).steps) == ["wait_1", "email_1"]


def test_lane_steps_may_leave_out_the_branch_step_id() -> None:
    body = seed()
    for step in body["steps"]:
        step.pop("parentBranchStepId", None)
    assert ADAPTER.compile(ADAPTER.parse(body)) == seed()


def test_unknown_fields_everywhere_round_trip() -> None:
    body = seed()
    body["settings"] = {"timezone": "UTC"}
    body["entryCriteria"]["listScope"] = "l1"
    body["entryCriteria"]["filterCriteria"]["note"] = "kept"
    body["exitCriteria"]["reason"] = "done"
    body["steps"][0]["delay"]["jitter"] = 5
    body["steps"][1]["color"] = "red"
    body["steps"][1]["email"]["replyTo"] = "team@example.com"
    body["steps"][1]["email"]["previewText"] = ""
    body["steps"][2]["branches"][0]["color"] = "blue"
    body["steps"][2]["branches"][1]["triggerType"] = "event_property_matches_with"
    body["steps"][2]["branches"][0]["filterCriteria"]["conditions"][0]["id"] = "filter_1"
    workflow = ADAPTER.parse(body)
    assert ADAPTER.compile(workflow) == body
    assert workflow.extras == {"autosend": {"settings": {"timezone": "UTC"}}}


def test_older_groups_form_is_read_and_written_as_conditions() -> None:
    body = seed()
    criteria = body["entryCriteria"]["filterCriteria"]
    criteria["groups"] = [{**criteria.pop("conditions")[0], "id": "filter_1"}]
    compiled = ADAPTER.compile(ADAPTER.parse(body))
    assert compiled["entryCriteria"]["filterCriteria"] == {"logicalOperator": "AND", "conditions": [
        {"field": "customFields.plan", "operator": "is_not_empty", "fieldType": "string",
         "id": "filter_1"}]}


def test_settings_take_python_or_vendor_names_and_round_trip() -> None:
    stored = ADAPTER.parse(seed()).settings["autosend"]
    assert AutoSendSettings.model_validate(stored).stored() == stored
    camel = {"trackingOpen": False, "unsubscribeGroupId": "g1"}
    body = ADAPTER.compile(flow(email("e1"), settings={"autosend": camel}))
    assert (body["trackingOpen"], body["unsubscribeGroupId"]) == (False, "g1")
    assert "active" not in body and "tags" not in body, "unset settings stay out of the body"


def test_a_bad_setting_is_reported_and_the_defaults_compile() -> None:
    workflow = flow(wait("w1"), email("e1"), settings={"autosend": {"trackingOpen": "yes"}})
    assert found(ADAPTER.check(workflow), "INVALID_SETTING") == [(None, "settings.trackingOpen")]
    assert "trackingOpen" not in ADAPTER.compile(workflow)


# --- compile --------------------------------------------------------------------------------

def nested() -> Workflow:
    """Two levels of branches, rejoining at both levels, every wait form."""
    inner = BranchStep(id="inner", arms=[
        arm("in_a", wait("w_in_a"), email("e_in_a"), value="a"),
        arm("in_b", rejoin=False, value="b"),
    ])
    outer = BranchStep(id="outer", arms=[
        arm("out_a", wait("w_a", 3, "days"), email("e_a"), inner, wait("w_a2"), email("e_a2")),
        arm("out_b", wait("w_b", 30, "minutes"), email("e_b"), rejoin=False, value="b"),
    ])
    immediate = WaitStep(id="w0", mode="immediate", amount=0, unit="minutes", check_exit=False)
    return flow(immediate, email("e0"), outer, wait("w_end"), email("e_end"))


def test_compile_orders_lanes_after_their_branch_and_links_them() -> None:
    steps = ADAPTER.compile(nested())["steps"]
    assert [s["stepId"] for s in steps] == [
        "w0", "e0", "outer", "w_a", "e_a", "inner", "w_in_a", "e_in_a", "w_a2", "e_a2",
        "w_b", "e_b", "w_end", "e_end"]
    by_id = {s["stepId"]: s for s in steps}
    assert by_id["w0"]["delay"] == {"value": 0, "unit": "minutes"}
    assert by_id["w0"]["checkExitCriteria"] is False
    assert by_id["w_a"]["delay"] == {"value": 3, "unit": "days"}
    assert "nextStepId" not in by_id["outer"] and "nextStepId" not in by_id["e_a2"]
    assert by_id["e_a"]["nextStepId"] == "inner"
    lane_a, lane_b = by_id["outer"]["branches"]
    assert (lane_a["nextStepId"], lane_a["mergeStepId"]) == ("w_a", "w_end")
    assert "mergeStepId" not in lane_b
    assert lane_a["appliesTo"] == "branch_entry"
    inner_a, inner_b = by_id["inner"]["branches"]
    assert inner_a["mergeStepId"] == "w_a2" and "nextStepId" not in inner_b
    assert (by_id["w_in_a"]["parentBranchStepId"], by_id["w_in_a"]["parentBranchId"]) == (
        "inner", "in_a")
    assert (by_id["w_a2"]["parentBranchStepId"], by_id["w_a2"]["parentBranchId"]) == (
        "outer", "out_a"), "an inner continuation sits in the outer lane"
    assert "parentBranchId" not in by_id["w_end"]


def test_nested_workflow_round_trips_through_the_body() -> None:
    workflow = nested()
    assert ADAPTER.parse(ADAPTER.compile(workflow)) == workflow
    assert ADAPTER.check(workflow) == []


def test_unsupported_steps_are_reported_and_linked_around() -> None:
    workflow = flow(wait("w1"), SmsStep(id="s1", text="hi"), email("e1"))
    body = ADAPTER.compile(workflow)
    assert [s["stepId"] for s in body["steps"]] == ["w1", "e1"]
    assert body["steps"][0]["nextStepId"] == "e1"
    assert found(ADAPTER.check(workflow), "UNSUPPORTED") == [("s1", "")]


def test_unit_spelling_is_kept_only_while_the_unit_is_unchanged() -> None:
    workflow = ADAPTER.parse(seed())
    intro = workflow.steps[0]
    assert ADAPTER.compile(workflow)["steps"][0]["delay"]["unit"] == "mins"
    intro.unit = "hours"
    assert ADAPTER.compile(workflow)["steps"][0]["delay"] == {"value": 2, "unit": "hours"}


def test_edited_model_fields_win_over_kept_extras() -> None:
    workflow = ADAPTER.parse(seed())
    welcome = workflow.steps[1]
    assert isinstance(welcome, EmailStep)
    welcome.subject = "New subject"
    welcome.extras = {"autosend": {"email": {"subject": "stale", "projectId": "p2"}}}
    content = ADAPTER.compile(workflow)["steps"][1]["email"]
    assert (content["subject"], content["projectId"]) == ("New subject", "p2")


def test_trigger_params_compile_to_entry_fields() -> None:
    trigger = Trigger(event="event_received", params={"event_name": "signup_completed"})
    body = ADAPTER.compile(flow(wait("w1"), email("e1"), trigger=trigger))
    assert body["entryCriteria"] == {"type": "event_received", "eventName": "signup_completed"}
    assert ADAPTER.parse(body).trigger == trigger


# --- rules: each breaks with the right code and step, and passes ----------------------------

def test_name_is_required() -> None:
    assert found(ADAPTER.check(flow(wait("w1"), email("e1"), name=" ")), "NAME_REQUIRED") == [
        (None, "name")]
    assert found(ADAPTER.check(flow(wait("w1"), email("e1"))), "NAME_REQUIRED") == []


@pytest.mark.parametrize(("field", "limit"), [("name", 255), ("description", 1000)])
def test_name_and_description_lengths(field: str, limit: int) -> None:
    too_long = flow(wait("w1"), email("e1"), **{field: "x" * (limit + 1)})
    assert found(ADAPTER.check(too_long), "VALIDATION_FAILED") == [(None, field)]
    at_limit = flow(wait("w1"), email("e1"), **{field: "x" * limit})
    assert ADAPTER.check(at_limit) == []


@pytest.mark.parametrize(
    ("steps", "step_id"),
    [
        ([email("e1"), wait("w1")], "e1"),
        ([wait("w1"), wait("w2"), email("e1")], "w2"),
        ([wait("w1"), email("e1"), email("e2")], "e2"),
        ([wait("w1"), email("e1"), wait("w2")], "w2"),
        ([wait("w1")], "w1"),
    ],
    ids=["starts-with-email", "two-waits", "two-emails", "ends-with-wait", "only-a-wait"],
)
def test_linear_steps_alternate_wait_email(steps: list[Step], step_id: str) -> None:
    problems = ADAPTER.check(flow(*steps))
    assert found(problems, "INVALID_STEP_SEQUENCE") == [(step_id, "")]
    assert "strictly alternate" in next(p.message for p in problems)


@pytest.mark.parametrize("steps", [[wait("w1"), email("e1")],
                                   [wait("w1"), email("e1"), wait("w2"), email("e2")]])
def test_linear_steps_that_alternate_pass(steps: list[Step]) -> None:
    assert ADAPTER.check(flow(*steps)) == []


def test_a_draft_without_steps_is_a_valid_sequence() -> None:
    assert found(ADAPTER.check(flow()), "INVALID_STEP_SEQUENCE") == []


@pytest.mark.parametrize(
    ("workflow", "step_id"),
    [
        (flow(wait("w1"), email("e1"), BranchStep(id="b", arms=[arm("a", email("e_a"))])), "e_a"),
        (flow(wait("w1"), BranchStep(id="b", arms=[arm("a", wait("w_a"), email("e_a"))]),
              email("e_after")), "e_after"),
        (flow(wait("w1"), BranchStep(id="b", arms=[arm("a", wait("w_a"), email("e_a"),
                                                       email("e_a2"))])), "e_a2"),
        (flow(email("e0"), BranchStep(id="b", arms=[arm("a", wait("w_a"), email("e_a"))])),
         "e0"),
    ],
    ids=["lane-starts-with-email", "continuation-starts-with-email", "two-emails-in-lane",
         "flow-starts-with-email"],
)
def test_with_branches_every_email_follows_a_wait(workflow: Workflow, step_id: str) -> None:
    assert found(ADAPTER.check(workflow), "INVALID_STEP_SEQUENCE") == [(step_id, "")]


def test_with_branches_waits_may_repeat_and_flows_may_end_on_a_branch() -> None:
    workflow = flow(wait("w1"), wait("w2"), email("e1"),
                    BranchStep(id="b", arms=[arm("a", wait("w_a"), email("e_a"), wait("w_a2"))]))
    assert ADAPTER.check(workflow) == []


@pytest.mark.parametrize(
    ("content", "path"),
    [({"subject": "", "html": ""}, "template_id"), ({"html": ""}, "html"),
     ({"subject": " "}, "subject")],
)
def test_email_needs_a_template_or_inline_content(content: dict[str, str], path: str) -> None:
    workflow = flow(wait("w1"), email("e1", **content))
    assert found(ADAPTER.check(workflow), "EMAIL_TEMPLATE_REQUIRED") == [("e1", path)]


@pytest.mark.parametrize("content", [{"template_id": "t1", "subject": "", "html": ""},
                                     {"subject": "Hi", "html": "<p>x</p>"}])
def test_email_with_a_template_or_inline_content_passes(content: dict[str, str]) -> None:
    assert ADAPTER.check(flow(wait("w1"), email("e1", **content))) == []


def test_branch_needs_lanes() -> None:
    empty = flow(wait("w1"), email("e1"), BranchStep(id="b1"))
    assert found(ADAPTER.check(empty), "BRANCH_BRANCHES_REQUIRED") == [("b1", "arms")]
    one = flow(wait("w1"), email("e1"), BranchStep(id="b1", arms=[arm("a")]))
    assert ADAPTER.check(one) == []


def test_event_entry_needs_an_event_name() -> None:
    nameless = flow(wait("w1"), email("e1"), trigger=Trigger(event="event_received"))
    assert found(ADAPTER.check(nameless), "EVENT_NAME_REQUIRED") == [
        (None, "trigger.params.event_name")]
    named = flow(wait("w1"), email("e1"), trigger=Trigger(
        event="event_received", params={"event_name": "signup_completed"}))
    assert found(ADAPTER.check(named), "EVENT_NAME_REQUIRED") == []


def test_entry_types_autosend_does_not_document_are_warnings() -> None:
    problems = ADAPTER.check(flow(wait("w1"), email("e1"), trigger=Trigger(
        event="event_received", params={"event_name": "signup"})))
    assert [(p.severity, p.path) for p in problems] == [("warning", "trigger.event")]


@pytest.mark.parametrize(
    ("workflow", "expected"),
    [
        (flow(wait("w1"), email("e1"), active=True, trigger=Trigger()),
         [(None, "trigger.event")]),
        (flow(wait("w1"), email("e1"), active=True,
              trigger=Trigger(event="contact_property_matches_with")),
         [(None, "trigger.filters")]),
        (flow(wait("w1"), email("e1"), active=True,
              trigger=Trigger(event="contact_added_to_list")),
         [(None, "trigger.params.list_id")]),
        (flow(active=True), [(None, "steps")]),
        (flow(wait("w1"), email("e1"), BranchStep(id="b1", arms=[
            arm("a", wait("w_a"), email("e_a")), BranchArm(id="c", steps=[wait("w_c")])]),
            active=True), [("b1", "arms[1].condition")]),
    ],
    ids=["no-entry", "property-entry-without-filter", "list-entry-without-list", "no-email",
         "lane-without-filter"],
)
def test_activation_needs_required_fields(workflow: Workflow,
                                          expected: list[tuple[str | None, str]]) -> None:
    problems = ADAPTER.check(workflow)
    assert found(problems, "CANNOT_ACTIVATE_AUTOMATION") == expected
    assert all(p.phase == "activate" for p in problems if p.code == "CANNOT_ACTIVATE_AUTOMATION")


def test_activation_problems_never_block_the_draft() -> None:
    draft = ADAPTER.check(flow(trigger=Trigger()))
    assert found(draft, "CANNOT_ACTIVATE_AUTOMATION") == [(None, "trigger.event"), (None, "steps")]
    assert not has_blocking(draft, "create") and has_blocking(draft, "activate")
    complete = ADAPTER.check(flow(wait("w1"), email("e1"), active=True))
    assert found(complete, "CANNOT_ACTIVATE_AUTOMATION") == []


def lanes(count: int, prefix: str) -> BranchStep:
    return BranchStep(id=prefix, arms=[arm(f"{prefix}{n}", wait(f"{prefix}w{n}"),
                                           email(f"{prefix}e{n}"), rejoin=False)
                                       for n in range(count)])


def test_at_most_ten_lanes_per_automation() -> None:
    over = flow(wait("w1"), email("e1"), lanes(6, "a"), wait("w2"), email("e2"), lanes(5, "b"))
    assert found(ADAPTER.check(over), "VALIDATION_FAILED") == [("b", "arms[4]")]
    at_limit = flow(wait("w1"), email("e1"), lanes(5, "a"), wait("w2"), email("e2"),
                    lanes(5, "b"))
    assert found(ADAPTER.check(at_limit), "VALIDATION_FAILED") == []


def test_one_branch_over_ten_lanes_is_reported_once() -> None:
    problems = ADAPTER.check(flow(wait("w1"), email("e1"), lanes(11, "a")))
    assert found(problems, "UNSUPPORTED") == [("a", "arms")]
    assert found(problems, "VALIDATION_FAILED") == []


def test_steps_after_a_branch_no_lane_rejoins_are_unreachable() -> None:
    workflow = flow(wait("w1"), email("e1"), BranchStep(id="b1", arms=[
        arm("a", wait("w_a"), email("e_a"), rejoin=False)]), wait("w2"), email("e2"))
    problems = ADAPTER.check(workflow)
    assert found(problems, "UNREACHABLE_STEP") == [("w2", ""), ("e2", "")]
    assert "rejoin" in problems[0].message
    workflow.steps[2].arms[0].rejoin = True  # type: ignore[union-attr]
    assert ADAPTER.check(workflow) == []


def test_lane_rejoining_past_its_own_branch_is_unsupported() -> None:
    inner = BranchStep(id="inner", arms=[arm("in_a", wait("w_in"), email("e_in"))])
    workflow = flow(wait("w1"), email("e1"),
                    BranchStep(id="outer", arms=[arm("out_a", wait("w_a"), email("e_a"), inner)]),
                    wait("w2"), email("e2"))
    assert found(ADAPTER.check(workflow), "UNSUPPORTED") == [("inner", "arms[0].rejoin")]
    inner.arms[0].rejoin = False
    assert ADAPTER.check(workflow) == []


def test_unreachable_body_steps_are_kept_reported_and_compiled() -> None:
    body = seed()
    stray = {"stepId": "step_stray", "type": "wait", "delay": {"value": 1, "unit": "days"},
             "nextStepId": "step_email_merged"}
    body["steps"].insert(3, stray)
    workflow = ADAPTER.parse(body)
    assert workflow.extras == {"autosend": {"steps": [stray]}}
    assert ADAPTER.compile(workflow)["steps"] == seed()["steps"] + [stray]
    assert found(ADAPTER.check(workflow), "UNREACHABLE_STEP") == [("step_stray", "")]


def test_references_from_kept_steps_that_dangle_are_reported() -> None:
    body = seed()
    body["steps"].append({"stepId": "step_stray", "type": "wait",
                          "delay": {"value": 1, "unit": "days"},
                          "nextStepId": "step_email_merged"})
    workflow = ADAPTER.parse(body)
    workflow.steps[4].id = "step_email_renamed"
    assert found(ADAPTER.check(workflow), "DANGLING_STEP_ID") == [("step_stray", "nextStepId")]


def test_duplicate_step_ids_are_reported_once() -> None:
    problems = ADAPTER.check(flow(wait("w1"), email("w1")))
    assert found(problems, "DUPLICATE_STEP_ID") == [("w1", "id")]
    kept = ADAPTER.parse(seed())
    kept.extras = {"autosend": {"steps": [{"stepId": "step_wait_intro", "type": "wait",
                                           "delay": {"value": 1, "unit": "days"}}]}}
    assert found(ADAPTER.check(kept), "DUPLICATE_STEP_ID") == [("step_wait_intro", "stepId")]


def test_duplicate_lane_ids_in_one_branch_are_reported() -> None:
    workflow = flow(wait("w1"), email("e1"), BranchStep(id="b1", arms=[
        arm("a", wait("w_a"), email("e_a")), arm("a", wait("w_b"), email("e_b"))]))
    assert found(ADAPTER.check(workflow), "DUPLICATE_BRANCH_ID") == [
        ("b1", "branches[1].branchId")]


def test_extras_that_break_the_body_shape_are_reported() -> None:
    workflow = flow(wait("w1"), email("e1"))
    workflow.steps[1].extras = {"autosend": {"email": {"projectId": 5}}}
    assert found(ADAPTER.check(workflow), "VALIDATION_FAILED") == [
        ("e1", "steps[1].email.projectId")]


@pytest.mark.parametrize(
    ("workflow", "expected"),
    [
        (flow(wait("w1"), email("e1", reply_to="a@example.com")), [("e1", "reply_to")]),
        (flow(wait("w1"), email("e1", language="fr")), [("e1", "language")]),
        (flow(wait("w1"), email("e1"), trigger=Trigger(event="contact_created", origin="api")),
         [(None, "trigger.origin")]),
        (flow(wait("w1"), email("e1"), trigger=Trigger(event="contact_created",
                                                       params={"form_id": "f"})),
         [(None, "trigger.params.form_id")]),
        (flow(wait("w1"), email("e1"), exit=[ExitRule(event="workflow_complete"),
                                             ExitRule(event="workflow_complete")]),
         [(None, "exit[1]")]),
        (flow(WaitStep(id="w1", mode="until_time", at_time="09:00"), email("e1")),
         [("w1", "mode")]),
        (flow(wait("w1", unit="weeks"), email("e1")), [("w1", "unit")]),
        (flow(wait("w1"), email("e1"), BranchStep(id="b1", arms=[arm("a")], otherwise=[])),
         [("b1", "otherwise")]),
    ],
    ids=["reply-to", "language", "origin", "unknown-param", "two-exits", "until-time",
         "weeks", "otherwise"],
)
def test_what_autosend_cannot_express_is_reported(workflow: Workflow,
                                                  expected: list[tuple[str | None, str]]) -> None:
    assert found(ADAPTER.check(workflow), "UNSUPPORTED") == expected


def test_a_step_note_is_a_warning() -> None:
    workflow = flow(wait("w1"), email("e1"))
    workflow.steps[0].note = "give them a day"
    assert [(p.severity, p.step_id, p.path) for p in ADAPTER.check(workflow)] == [
        ("warning", "w1", "note")]


# --- malformed bodies -------------------------------------------------------------------------

def seed_with(change: Any) -> dict[str, Any]:
    body = seed()
    change(body)
    return body


def _set(path: list[Any], value: Any) -> Any:
    def change(body: dict[str, Any]) -> None:
        here = body
        for part in path[:-1]:
            here = here[part]
        here[path[-1]] = value
    return change


def _drop(path: list[Any]) -> Any:
    def change(body: dict[str, Any]) -> None:
        here = body
        for part in path[:-1]:
            here = here[part]
        del here[path[-1]]
    return change


def _nest(depth: int) -> dict[str, Any]:
    steps: list[dict[str, Any]] = [{"stepId": "b0", "type": "branch",
                                    "branches": [{"branchId": "l", "nextStepId": "b1"}]}]
    for level in range(1, depth + 1):
        steps.append({"stepId": f"b{level}", "type": "branch",
                      "parentBranchStepId": f"b{level - 1}", "parentBranchId": "l",
                      "branches": [{"branchId": "l", "nextStepId": f"b{level + 1}"}]})
    steps[-1]["branches"] = [{"branchId": "l"}]
    return {"name": "deep", "steps": steps}


MALFORMED = [
    ([], "$", "JSON object"),
    ("body", "$", "JSON object"),
    ({"steps": {}}, "steps", "array"),
    ({"steps": [5]}, "steps[0]", "JSON object"),
    ({"steps": [{"stepId": "a"}]}, "steps[0].type", "needs a type"),
    ({"steps": [{"type": "sms"}]}, "steps[0].type", "unknown step type"),
    ({"steps": [{"type": ["wait"]}]}, "steps[0].type", "unknown step type"),
    ({"name": 5}, "name", "string"),
    ({"tags": "onboarding"}, "tags", "array"),
    ({"entryCriteria": []}, "entryCriteria", "object"),
    (seed_with(_drop(["steps", 0, "delay"])), "steps[0].delay", "missing"),
    (seed_with(_set(["steps", 0, "delay", "value"], "2")), "steps[0].delay.value", "number"),
    (seed_with(_set(["steps", 0, "delay", "value"], float("inf"))), "steps[0].delay.value", ""),
    (seed_with(_set(["steps", 0, "delay", "unit"], "fortnights")), "steps[0].delay.unit",
     "unknown delay unit"),
    (seed_with(_set(["steps", 0, "checkExitCriteria"], "yes")), "steps[0].checkExitCriteria",
     "true or false"),
    (seed_with(_set(["steps", 1, "email", "subject"], 7)), "steps[1].email.subject", "string"),
    (seed_with(_set(["steps", 0, "nextStepId"], "nowhere")), "steps[0].nextStepId",
     "no step has stepId 'nowhere'"),
    (seed_with(_set(["steps", 1, "nextStepId"], "step_wait_intro")), "steps[1].nextStepId",
     "cycle"),
    (seed_with(_set(["steps", 1, "stepId"], "step_wait_intro")), "steps[1].stepId",
     "also used by steps[0]"),
    (seed_with(_set(["steps", 2, "branches", 0, "nextStepId"], "nowhere")),
     "steps[2].branches[0].nextStepId", "nowhere"),
    (seed_with(_set(["steps", 2, "branches", 1, "mergeStepId"], "step_email_merged")),
     "steps[2].branches[1].mergeStepId", "rejoin at one step"),
    (seed_with(_set(["steps", 2, "branches", 1, "nextStepId"], "step_wait_pro")),
     "steps[2].branches[1].nextStepId", "second way into step 'step_wait_pro'"),
    (seed_with(_set(["steps", 2, "branches", 0, "appliesTo"], "sometimes")),
     "steps[2].branches[0].appliesTo", "all_branch_steps"),
    (seed_with(_drop(["steps", 2, "branches", 0, "branchId"])),
     "steps[2].branches[0].branchId", "missing"),
    (seed_with(_drop(["steps", 2, "stepId"])), "steps[2].stepId", "branch step needs a stepId"),
    (seed_with(_set(["steps", 3, "parentBranchId"], "br_gold")), "steps[3].parentBranchId",
     "no lane 'br_gold'"),
    (seed_with(_set(["steps", 3, "parentBranchId"], "br_other")), "steps[3].parentBranchId",
     "reached in lane 'br_pro'"),
    (seed_with(_drop(["steps", 7, "parentBranchId"])), "steps[7].parentBranchId",
     "also needs parentBranchId"),
    (seed_with(lambda b: [b["steps"][7].pop(k) for k in ("parentBranchId",
                                                           "parentBranchStepId")]),
     "steps[7]", "reached in lane 'br_other' of branch 'step_branch' (through "
     "steps[2].branches[1].nextStepId) but says it sits in the main flow"),
    (seed_with(_set(["steps", 9, "parentBranchId"], "br_pro")), "steps[9].parentBranchId",
     "reached in the main flow"),
    (seed_with(_set(["steps", 3, "parentBranchStepId"], "step_wait_intro")),
     "steps[3].parentBranchStepId", "not the stepId of a branch step"),
    (seed_with(_set(["steps", 0, "stepId"], "x" * 80)), "steps[0].stepId", "step id"),
    (seed_with(_set(["entryCriteria", "filterCriteria", "conditions", 0, "operator"], "like")),
     "entryCriteria.filterCriteria.conditions[0].operator", "unknown operator 'like'"),
    (seed_with(_set(["entryCriteria", "filterCriteria", "conditions", 0, "value"], "x")),
     "entryCriteria.filterCriteria.conditions[0]", "takes no value"),
    (seed_with(_set(["entryCriteria", "filterCriteria", "logicalOperator"], "XOR")),
     "entryCriteria.filterCriteria.logicalOperator", "AND"),
    (seed_with(_set(["entryCriteria", "filterCriteria", "conditions", 0, "fieldType"], "list")),
     "entryCriteria.filterCriteria.conditions[0].fieldType", "string"),
    ({"steps": [{"stepId": "w", "type": "wait", "delay": {"value": 1, "unit": "days"},
                 "parentBranchId": "l"}]}, "steps[0].parentBranchId", "no branch has a lane"),
    (_nest(60), "steps[50]", "nested more than 50 deep"),
]


@pytest.mark.parametrize(("payload", "location", "needle"), MALFORMED,
                         ids=[f"{n}-{case[1]}" for n, case in enumerate(MALFORMED)])
def test_malformed_bodies_are_payload_errors_at_their_path(payload: Any, location: str,
                                                           needle: str) -> None:
    with pytest.raises(PayloadError) as caught:
        ADAPTER.parse(payload)
    assert caught.value.location == location
    assert needle in caught.value.message
    assert "\n" not in str(caught.value)


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value).union(*map(_keys, value.values()))
    return set().union(*map(_keys, value)) if isinstance(value, list) else set()


NAMES = st.sampled_from(sorted(_keys(seed()))) | st.text(max_size=8)
"""Keys for generated JSON: AutoSend's own field names (in the wrong places) or any text."""

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["wait", "email", "branch", "step_branch", "br_pro", "mins"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NAMES, inner, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found_paths = [here]
    if isinstance(value, dict):
        for key, inner in value.items():
            found_paths.extend(_paths(inner, (*here, key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found_paths.extend(_paths(inner, (*here, index)))
    return found_paths


SEED_PATHS = _paths(seed())[1:]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SEED_PATHS), JSON, st.booleans())
def test_a_damaged_seed_is_read_or_refused_with_a_payload_error(
    path: tuple[Any, ...], value: Any, delete: bool
) -> None:
    body = seed()
    here = body
    for part in path[:-1]:
        here = here[part]
    if delete:
        del here[path[-1]]
    else:
        here[path[-1]] = value
    read_or_refuse(body)


LINK_PATHS = [path for path in SEED_PATHS if isinstance(path[-1], str) and path[-1].endswith("Id")]
SEED_IDS = sorted({step["stepId"] for step in seed()["steps"]} | {"br_pro", "br_other"})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LINK_PATHS), st.sampled_from([*SEED_IDS, None])),
                min_size=1, max_size=4))
def test_a_rewired_seed_is_read_or_refused_with_a_payload_error(
    changes: list[tuple[tuple[Any, ...], str | None]]
) -> None:
    body = seed()
    for path, value in changes:
        here = body
        for part in path[:-1]:
            here = here[part]
        if value is None:
            here.pop(path[-1], None)
        else:
            here[path[-1]] = value
    read_or_refuse(body)


SOME_ID = st.sampled_from(["a", "b", "c"])
STEP_KIND = st.sampled_from(["wait", "email", "branch"])
GRAPH_STEP = st.fixed_dictionaries({"type": STEP_KIND}, optional={
    "stepId": SOME_ID, "nextStepId": SOME_ID, "parentBranchStepId": SOME_ID,
    "parentBranchId": st.sampled_from(["l", "m"]),
    "delay": st.just({"value": 1, "unit": "days"}), "email": st.just({"templateId": "t"}),
    "branches": st.lists(st.fixed_dictionaries(
        {"branchId": st.sampled_from(["l", "m"])},
        optional={"nextStepId": SOME_ID, "mergeStepId": SOME_ID}), max_size=3),
})


@settings(max_examples=400, deadline=None)
@given(st.lists(GRAPH_STEP, max_size=5))
def test_random_step_graphs_are_read_or_refused_with_a_payload_error(
    steps: list[dict[str, Any]]
) -> None:
    read_or_refuse({"name": "graph", "steps": steps})


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_any_json_is_read_or_refused_with_a_payload_error(value: Any) -> None:
    read_or_refuse(value)


def read_or_refuse(body: Any) -> None:
    """Parse raises nothing but a one-line PayloadError; what it reads checks and compiles
    to a body that reads back to itself."""
    try:
        workflow = ADAPTER.parse(body)
    except PayloadError as exc:
        assert "\n" not in str(exc) and exc.location
        return
    assert all(isinstance(problem, Problem) for problem in ADAPTER.check(workflow))
    compiled = ADAPTER.compile(workflow)
    assert ADAPTER.compile(ADAPTER.parse(compiled)) == compiled


# --- generated workflows ----------------------------------------------------------------------

@st.composite
def sequences(draw: st.DrawFn, depth: int = 0) -> list[Step]:
    kinds = ["wait", "email", "branch"] if depth < 2 else ["wait", "email"]
    steps: list[Step] = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(kinds))
        check_exit = draw(st.sampled_from([None, True, False]))
        if kind == "wait":
            steps.append(WaitStep(amount=draw(st.integers(1, 90)), check_exit=check_exit,
                                  unit=draw(st.sampled_from(["minutes", "hours", "days"]))))
        elif kind == "email":
            steps.append(EmailStep(template_id=draw(st.sampled_from([None, "tpl"])),
                                   subject=draw(st.sampled_from(["", "Hi"])),
                                   check_exit=check_exit))
        else:
            arms = [BranchArm(label=draw(st.sampled_from(["", "lane"])),
                              condition=draw(st.sampled_from([Condition(), plan_is("x")])),
                              reevaluate=draw(st.booleans()), rejoin=draw(st.booleans()),
                              steps=draw(sequences(depth + 1)))
                    for _ in range(draw(st.integers(1, 3)))]
            steps.append(BranchStep(arms=arms))
    return steps


def _number(steps: list[Step], counter: list[int]) -> None:
    """Deterministic ids, and the rejoin flags a body can express (a lane rejoins only
    when its branch has steps after it; a branch with steps after it needs one such lane)."""
    for position, step in enumerate(steps):
        counter[0] += 1
        step.id = f"s{counter[0]}"
        if isinstance(step, BranchStep):
            continues = position + 1 < len(steps)
            for index, lane in enumerate(step.arms):
                counter[0] += 1
                lane.id = f"a{counter[0]}"
                lane.rejoin = continues and (lane.rejoin or index == 0)
                _number(lane.steps, counter)


@settings(max_examples=150, deadline=None)
@given(sequences())
def test_generated_workflows_round_trip_through_the_body(steps: list[Step]) -> None:
    _number(steps, [0])
    workflow = flow(*steps)
    body = ADAPTER.compile(workflow)
    assert broken_references(read_steps(body["steps"])) == []
    assert layout(body["steps"]).unreachable == []
    assert ADAPTER.parse(body) == workflow
    graph_codes = ("UNREACHABLE_STEP", "DANGLING_STEP_ID", "DUPLICATE_STEP_ID",
                   "DUPLICATE_BRANCH_ID")
    assert not [p for p in ADAPTER.check(workflow) if p.code in graph_codes
                or (p.code == "VALIDATION_FAILED" and "branch lanes" not in p.message)]


# --- info, capabilities, detection ------------------------------------------------------------

def test_info_describes_the_api() -> None:
    info = ADAPTER.info
    assert info.base_url == "https://api.autosend.com"
    assert (info.create.method, info.create.path) == ("POST", "/v1/automations")
    assert (info.get.path, info.list.path) == ("/v1/automations/{id}", "/v1/automations")
    assert info.auth.header_value("AS_key") == "Bearer AS_key"
    assert info.auth.key_prefixes == ("AS_", "as_")
    (activate,) = info.lifecycle  # one option: a second (PATCH) would activate twice
    assert (activate.option, activate.endpoint, dict(activate.body)) == (
        "activate", None, {"active": True})


def test_capabilities_follow_the_reference() -> None:
    caps = ADAPTER.capabilities
    events = [event.name for event in caps.events]
    assert events[:2] == ["contact_created", "contact_property_matches_with"]
    assert "event_received" in events and caps.custom_events
    assert caps.step_kinds == ("wait", "email", "branch")
    assert caps.wait_units == ("minutes", "hours", "days")
    assert {"eq", "is_empty", "is_not_empty", "contains"} <= set(caps.operators["contact"])
    assert "event" not in caps.operators and caps.audience_operators is None
    assert (caps.branch_max_arms, caps.reevaluate, caps.otherwise) == (10, True, False)
    assert caps.split_arms is None and not caps.nested_conditions and not caps.negation


@pytest.mark.parametrize(("payload", "expected"), [
    (fixture("seed"), True), (fixture("welcome-linear"), True),
    ({"steps": [{"stepId": "a", "type": "wait"}]}, True),
    ({"blocks": []}, False), ({"nodes": [], "edges": []}, False), ([], False)])
def test_looks_like(payload: Any, expected: bool) -> None:
    assert ADAPTER.looks_like(payload) is expected


# --- the command line -------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_compile_check_round_trip(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    flow_file = tmp_path / "guard.flow.json"
    code, out, err = run(capsys, "import", str(FIXTURES / "seed.json"), "--vendor", "autosend",
                         "-o", str(flow_file))
    assert (code, out, err) == (0, "", "")
    assert workflow_from_data(json.loads(flow_file.read_text())) == ADAPTER.parse(seed())
    code, out, err = run(capsys, "compile", str(flow_file))
    assert code == 0 and err == ""
    assert json.loads(out) == seed()
    code, out, err = run(capsys, "check", str(flow_file))
    assert (code, out) == (0, "") and "no problems for AutoSend" in err


def test_cli_import_detects_autosend(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import", str(FIXTURES / "seed.json"))
    assert code == 0 and json.loads(out)["vendor"] == "autosend"


def test_cli_check_reports_problems_one_per_line(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    broken = flow(email("e1"), wait("w1"), name="")
    path = tmp_path / "broken.flow.json"
    path.write_text(json.dumps(workflow_to_data(broken)))
    code, out, err = run(capsys, "check", str(path))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{path}: name: NAME_REQUIRED: the automation needs a name",
        f"{path}: step e1: INVALID_STEP_SEQUENCE: Steps must strictly alternate wait → email "
        "starting with wait and ending with email: step 1 is an email where a wait belongs",
    ]
    code, out, err = run(capsys, "check", str(path), "--json")
    assert code == 1 and [p["code"] for p in json.loads(out)] == [
        "NAME_REQUIRED", "INVALID_STEP_SEQUENCE"]


def test_cli_activation_problems_do_not_fail_the_draft(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "draft.flow.json"
    path.write_text(json.dumps(workflow_to_data(flow(wait("w1"), email("e1"), active=True,
                                                     trigger=Trigger()))))
    code, out, err = run(capsys, "compile", str(path))
    assert code == 0 and json.loads(out)["active"] is True
    assert err == (f"{path}: trigger.event: CANNOT_ACTIVATE_AUTOMATION: Cannot activate "
                   "workflow: it needs an entry type (entryCriteria.type) (blocks activation, "
                   "not the draft)\n")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (json.dumps({"name": "x", "steps": [{"stepId": "a", "type": "wait",
                                             "delay": {"value": 1, "unit": "days"},
                                             "nextStepId": "b"}]}),
         ":steps[0].nextStepId: no step has stepId 'b'"),
        ('{"name": "x", "steps": [', ":1:"),
        (json.dumps([1, 2]), ":$: an AutoSend create body is a JSON object, not an array"),
    ],
    ids=["dangling", "invalid-json", "not-an-object"],
)
def test_cli_bad_payloads_are_one_line_and_exit_2(tmp_path: Path, content: str, needle: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "body.json"
    path.write_text(content)
    for command in ("import", "check"):
        code, out, err = run(capsys, command, str(path), "--vendor", "autosend")
        assert (code, out) == (2, "")
        assert err.startswith(f"flowdeck: {path}") and needle in err
        assert err.count("\n") == 1


def test_cli_in_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "body.json"
    path.write_text(json.dumps({"steps": [{"type": "sms"}]}))
    result = subprocess.run([sys.executable, "-m", "tui.cli", "import", str(path), "--vendor",
                             "autosend"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"flowdeck: {path}:steps[0].type: unknown step type \"sms\" "
                             "(AutoSend has wait, email, branch)\n")
    missing = subprocess.run([sys.executable, "-m", "tui.cli", "compile",
                              str(tmp_path / "none.flow.json")],
                             capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert missing.stderr.count("\n") == 1

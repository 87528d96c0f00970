"""Qonversion adapter: documented examples round-trip, every rule breaks and passes,
malformed payloads name their JSON path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model import (
    BranchArm,
    BranchStep,
    Condition,
    Duration,
    EmailStep,
    PayloadError,
    PushStep,
    Rule,
    ScreenStep,
    Trigger,
    WaitStep,
    Workflow,
)
from tui.vendors import get
from tui.vendors.qonversion.models import AutomationBody

FIXTURES = Path(__file__).parent / "fixtures" / "qonversion"
ADAPTER = get("qonversion")


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def valid() -> Workflow:
    """A workflow using everything Qonversion can express."""
    return Workflow(
        vendor="qonversion",
        name="Trial started",
        description="Nudge new trial users",
        trigger=Trigger(event="2", extra_events=["7"]),
        audience=Condition(items=[Rule(field="platform", value="Android"),
                                  Rule(field="segment", value="A0SzRbM2vmmwixbpQxtI")]),
        steps=[ScreenStep(id="screen_1", screen_id="qUY7JXgF"),
               PushStep(id="push_1", template_id="nCRUE7SW")],
        settings={"qonversion": {"status": "active"}},
    )


# --- documented examples -------------------------------------------------------------

@pytest.mark.parametrize("name", ["seed_create", "update", "recommended"])
def test_documented_create_bodies_round_trip(name: str) -> None:
    payload = fixture(name)
    assert ADAPTER.compile(ADAPTER.parse(payload)) == payload


@pytest.mark.parametrize(
    ("response", "request_form"),
    [("seed_response", "seed_create"), ("update_response", None), ("list_item", None)],
)
def test_automation_objects_import_and_compile_without_server_fields(
    response: str, request_form: str | None
) -> None:
    document = fixture(response)
    workflow = ADAPTER.parse(document)
    expected = copy.deepcopy(document)
    for key in ("object", "id", "url"):
        expected.pop(key)
    expected["data"].pop("type", None)
    assert ADAPTER.compile(workflow) == (fixture(request_form) if request_form else expected)
    read_only = workflow.extras["qonversion"]["read_only"]
    assert read_only["id"] == "auto-abc123" and read_only["url"] == "/v4/automations/auto-abc123"


def test_seed_empty_data_imports_as_an_empty_rule_that_check_reports() -> None:
    workflow = ADAPTER.parse(fixture("seed_create"))
    assert workflow.trigger.event == "" and workflow.steps == [] and workflow.audience is None
    assert workflow.settings == {"qonversion": {"status": "active"}}
    assert [(p.code, p.path) for p in ADAPTER.check(workflow)] == [
        ("invalid_data", "trigger.event"), ("invalid_data", "steps")]


def test_update_example_reads_as_the_neutral_model() -> None:
    workflow = ADAPTER.parse(fixture("update"))
    assert workflow.name == "Updated Welcome Flow"
    assert workflow.description == "Updated description"
    assert workflow.trigger == Trigger(event="2")
    assert workflow.audience == Condition(items=[
        Rule(field="platform", value="iOS"), Rule(field="segment", value="A0SzRbM2vmmwixbpQxtI")])
    assert workflow.steps == [PushStep(id="push_1", template_id="nCRUE7SW"),
                              ScreenStep(id="screen_1", screen_id="qUY7JXgF")]
    assert workflow.settings == {} and workflow.extras == {}
    assert ADAPTER.check(workflow) == []


def test_valid_workflow_compiles_in_step_order_and_reparses_to_itself() -> None:
    workflow = valid()
    payload = ADAPTER.compile(workflow)
    assert payload == {
        "name": "Trial started", "caption": "Nudge new trial users", "status": "active",
        "data": {"platform": "Android",
                 "initiators": [{"uid": "2", "type": "event"}, {"uid": "7", "type": "event"}],
                 "actions": {"screen": "qUY7JXgF", "push": "nCRUE7SW"},
                 "segments": "A0SzRbM2vmmwixbpQxtI"},
    }
    assert list(payload["data"]["actions"]) == ["screen", "push"]
    assert ADAPTER.check(workflow) == []
    AutomationBody.model_validate(payload)
    assert ADAPTER.parse(payload) == workflow


def test_kept_nulls_give_way_to_edits() -> None:
    workflow = ADAPTER.parse(fixture("recommended"))
    assert workflow.extras["qonversion"]["kept"] == {"data": {"platform": None, "segments": None}}
    workflow.audience = Condition(items=[Rule(field="platform", value="Android")])
    data = ADAPTER.compile(workflow)["data"]
    assert data["platform"] == "Android" and data["segments"] is None


def test_reserved_actions_event_is_kept_verbatim() -> None:
    payload = fixture("update")
    payload["data"]["actions"]["event"] = {"anything": [1, 2]}
    workflow = ADAPTER.parse(payload)
    assert [step.kind for step in workflow.steps] == ["push", "screen"]
    assert ADAPTER.compile(workflow) == payload


def test_without_caption_none_is_sent() -> None:
    workflow = valid()
    workflow.description = ""
    assert "caption" not in ADAPTER.compile(workflow)


@st.composite
def expressible(draw: st.DrawFn) -> Workflow:
    """Any workflow within Qonversion's capabilities, with the ids parse would give."""
    uid = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
                  min_size=1, max_size=20)
    events = draw(st.lists(st.integers(0, 10_000).map(str), min_size=1, max_size=4,
                           unique=True))
    rules = []
    platform = draw(st.sampled_from([None, "iOS", "Android"]))
    if platform:
        rules.append(Rule(field="platform", value=platform))
    segment = draw(st.none() | uid)
    if segment:
        rules.append(Rule(field="segment", value=segment))
    kinds = draw(st.permutations(["push", "screen"]).map(
        lambda order: order[: draw(st.integers(1, 2))]))
    steps = [PushStep(id="push_1", template_id=draw(uid)) if kind == "push"
             else ScreenStep(id="screen_1", screen_id=draw(uid)) for kind in kinds]
    status = draw(st.sampled_from(["active", "inactive"]))
    return Workflow(
        vendor="qonversion",
        name=draw(st.text(min_size=1, max_size=255)),
        description=draw(st.text(max_size=1024)),
        trigger=Trigger(event=events[0], extra_events=events[1:]),
        audience=Condition(items=rules) if rules else None,
        steps=steps,
        settings={"qonversion": {"status": "active"}} if status == "active" else {},
    )


@settings(max_examples=75, deadline=None)
@given(expressible())
def test_expressible_workflows_check_clean_validate_and_reparse(workflow: Workflow) -> None:
    payload = ADAPTER.compile(workflow)
    assert ADAPTER.check(workflow) == []
    AutomationBody.model_validate(payload)
    assert ADAPTER.looks_like(payload)
    assert ADAPTER.parse(payload) == workflow


# --- rules: each breaks a valid workflow in one way -----------------------------------

def _set(**changes: Any):
    def apply(workflow: Workflow) -> None:
        for name, value in changes.items():
            setattr(workflow, name, value)
    return apply


def _trigger(**changes: Any):
    def apply(workflow: Workflow) -> None:
        for name, value in changes.items():
            setattr(workflow.trigger, name, value)
    return apply


def _steps(*steps: Any):
    return _set(steps=list(steps))


def _audience(*rules: Rule, op: str = "and"):
    return _set(audience=Condition(op=op, items=list(rules)))  # type: ignore[arg-type]


PUSH = PushStep(id="push_1", template_id="nCRUE7SW")
SCREEN = ScreenStep(id="screen_1", screen_id="qUY7JXgF")
IOS = Rule(field="platform", value="iOS")


@pytest.mark.parametrize(
    ("breaks", "code", "where"),
    [
        (_set(name=""), "invalid_data", "name"),
        (_set(name="x" * 256), "invalid_data", "name"),
        (_set(description="x" * 1025), "invalid_data", "description"),
        (_trigger(event="", extra_events=[]), "invalid_data", "trigger.event"),
        (_trigger(extra_events=[" "]), "invalid_data", "trigger.extra_events[0]"),
        (_trigger(event="trial_started"), "EVENT_ID", "trigger.event"),
        (_trigger(extra_events=["2"]), "DUPLICATE_EVENT", "trigger.event"),
        (_trigger(origin="shopify"), "UNSUPPORTED", "trigger.origin"),
        (_trigger(inactivity=Duration(amount=1, unit="hours")), "UNSUPPORTED",
         "trigger.inactivity"),
        (_trigger(params={"segment_id": "s"}), "UNSUPPORTED", "trigger.params.segment_id"),
        (_trigger(filters=Condition(items=[Rule(source="event", field="price", value=1)])),
         "UNSUPPORTED", "trigger.filters"),
        (_steps(), "invalid_data", "steps"),
        (_steps(PUSH, PushStep(id="push_2", template_id="other")), "UNSUPPORTED", "step push_2"),
        (_steps(SCREEN, ScreenStep(id="screen_2", screen_id="x")), "UNSUPPORTED",
         "step screen_2"),
        (_steps(PushStep(id="push_1")), "invalid_data", "step push_1: template_id"),
        (_steps(PushStep(id="push_1", template_id="p", title="Hi")), "UNSUPPORTED",
         "step push_1"),
        (_steps(ScreenStep(id="screen_1")), "invalid_data", "step screen_1: screen_id"),
        (_steps(PUSH, WaitStep(id="wait_1")), "UNSUPPORTED", "step wait_1"),
        (_steps(PUSH, EmailStep(id="email_1")), "UNSUPPORTED", "step email_1"),
        (_steps(PUSH, BranchStep(id="branch_1", arms=[BranchArm(condition=Condition(
            items=[IOS]))])), "UNSUPPORTED", "step branch_1"),
        (_steps(PushStep(id="push_1", template_id="p", note="Hello")), "NOT_SENT",
         "step push_1: note"),
        (_audience(IOS, Rule(field="segment", value="s"), op="or"), "UNSUPPORTED", "audience.op"),
        (_audience(IOS, Rule(field="platform", value="Android")), "UNSUPPORTED",
         "audience.items[1]"),
        (_audience(Rule(field="platform", value="Web")), "invalid_data",
         "audience.items[0].value"),
        (_audience(Rule(field="segment", value="")), "invalid_data", "audience.items[0].value"),
        (_audience(Rule(source="event", field="platform", value="iOS")), "UNSUPPORTED",
         "audience.items[0]"),
        (_audience(Rule(field="country", value="US")), "UNSUPPORTED", "audience"),
        (_audience(Rule(field="platform", operator="neq", value="iOS")), "UNSUPPORTED",
         "audience"),
        (_set(audience=Condition(items=[Condition(items=[IOS])])), "UNSUPPORTED", "audience"),
        (_set(settings={"qonversion": {"status": "paused"}}), "INVALID_SETTING",
         "settings.status"),
    ],
)
def test_each_rule_reports_what_breaks_it(breaks: Any, code: str, where: str) -> None:
    workflow = valid()
    assert ADAPTER.check(workflow) == []
    breaks(workflow)
    found = [(p.code, p.location) for p in ADAPTER.check(workflow)]
    assert (code, where) in found, found


def test_unsupported_steps_name_qonversion_and_the_step() -> None:
    workflow = valid()
    workflow.steps.append(WaitStep(id="wait_9"))
    problem = next(p for p in ADAPTER.check(workflow) if p.step_id == "wait_9")
    assert problem.severity == "error" and "Qonversion cannot express a wait step" in problem.line()


def test_steps_inside_a_branch_are_named_too() -> None:
    workflow = valid()
    workflow.steps = [BranchStep(id="branch_1", arms=[BranchArm(
        condition=Condition(items=[IOS]), steps=[PushStep(id="push_9", template_id="p")])])]
    lines = [p.line() for p in ADAPTER.check(workflow)]
    assert "step branch_1: UNSUPPORTED: Qonversion cannot express a branch step" in lines
    assert ("step push_9: UNSUPPORTED: Qonversion cannot express a push step inside the branch "
            "'branch_1' (a rule has no branches)") in lines


def test_compile_leaves_out_what_it_cannot_express_faithfully() -> None:
    """A negated or 'neq' audience never becomes a positive platform in the preview."""
    workflow = valid()
    workflow.audience = Condition(op="not", items=[IOS])
    assert "platform" not in ADAPTER.compile(workflow)["data"]
    workflow.audience = Condition(items=[Rule(field="platform", operator="neq", value="iOS")])
    assert "platform" not in ADAPTER.compile(workflow)["data"]


# --- malformed payloads ---------------------------------------------------------------

def _with(path: str, value: Any) -> dict[str, Any]:
    payload = fixture("update")
    *parents, last = path.split(".")
    target = payload
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    target[last] = value  # type: ignore[index]
    return payload


def _without(key: str) -> dict[str, Any]:
    payload = fixture("update")
    payload.pop(key)
    return payload


@pytest.mark.parametrize(
    ("payload", "location", "needle"),
    [
        ([], "$", "JSON object, not an array"),
        ("automation", "$", "not a string"),
        (_without("name"), "name", "required"),
        (_without("status"), "status", "required"),
        (_without("data"), "data", "required"),
        (_with("name", 5), "name", "should be a string, not a number"),
        (_with("name", ""), "name", "at least 1"),
        (_with("caption", "x" * 1025), "caption", "at most 1024"),
        (_with("status", "paused"), "status", "'active' or 'inactive', not \"paused\""),
        (_with("data", []), "data", "should be an object, not an array"),
        (_with("data.platform", "ios"), "data.platform", "'iOS' or 'Android'"),
        (_with("data.initiators", {"uid": "2"}), "data.initiators", "an array, not an object"),
        (_with("data.initiators", [{"uid": 2, "type": "event"}]), "data.initiators[0].uid",
         "not a number"),
        (_with("data.initiators", [{"uid": "2", "type": "schedule"}]),
         "data.initiators[0].type", "'event'"),
        (_with("data.initiators", [{"uid": "2"}]), "data.initiators[0].type", "required"),
        (_with("data.actions", {"push": ["a"]}), "data.actions.push", "not an array"),
        (_with("data.actions", {"email": "x"}), "data.actions.email", "unknown field"),
        (_with("data.segments", ["a", "b"]), "data.segments", "not an array"),
        (_with("data.filters", {}), "data.filters", "unknown field"),
        (_with("tags", ["x"]), "tags", "unknown field"),
    ],
)
def test_malformed_payloads_name_the_json_path(payload: Any, location: str, needle: str) -> None:
    with pytest.raises(PayloadError) as caught:
        ADAPTER.parse(payload)
    assert caught.value.location == location
    assert needle in caught.value.message
    assert "\n" not in str(caught.value)


# --- detection and description --------------------------------------------------------

@pytest.mark.parametrize("name", ["seed_create", "seed_response", "update", "list_item"])
def test_looks_like_its_own_payloads(name: str) -> None:
    assert ADAPTER.looks_like(fixture(name))


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "AutoSend", "description": "d", "steps": [{"type": "wait"}]},
        {"success": True, "data": {"id": "x", "name": "n", "status": "active"}},
        {"name": "Omnisend", "trigger": {"condition": {"event": "x"}}, "blocks": []},
        {"name": "Kibamail", "trigger": {"type": "API", "config": {}}, "nodes": [], "edges": []},
        {"name": "Tether", "description": "d", "event": "message.received"},
        {"name": "x", "status": "active", "data": {"steps": []}},
        [],
    ],
)
def test_does_not_look_like_other_vendors(payload: Any) -> None:
    assert not ADAPTER.looks_like(payload)


def test_info_describes_the_api_and_the_sandbox_keys() -> None:
    info = ADAPTER.info
    assert f"{info.create.method} {info.base_url}{info.create.path}" == (
        "POST https://api.qonversion.io/v4/automations")
    assert info.auth.key_prefixes == ("sk_", "test_sk_")
    assert info.auth.header_value("sk_1") == "Bearer sk_1"
    (status,) = info.lifecycle
    assert status.option == "status" and dict(status.body) == {"status": "active"}
    assert status.endpoint is not None and status.endpoint.method == "PATCH"
    assert status.endpoint.path == "/v4/automations/{id}/status"
    notes = " ".join(ADAPTER.capabilities.notes)
    assert "test_sk_" in notes and "sandbox" in notes and '"data": {}' in notes

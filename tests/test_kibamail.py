"""Kibamail adapter: documented examples round-trip, the graph ⇄ steps mapping, layout,
the condition grammar, every create / publish rule, malformed payloads, and compiled
bodies against the create-automation schema of Kibamail's OpenAPI file."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from conftest import vendor_specs_dir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tui.cli import main
from tui.model.conditions import Condition, Rule
from tui.model.errors import PayloadError
from tui.model.problems import Problem, has_blocking
from tui.model.steps import (
    BranchArm,
    BranchStep,
    ContactStep,
    EmailStep,
    SmsStep,
    SplitArm,
    SplitStep,
    Step,
    WaitStep,
    WebhookStep,
)
from tui.model.workflow import Duration, Trigger, Workflow
from tui.vendors import detect, get
from tui.vendors.kibamail import ADAPTER
from tui.vendors.kibamail.conditions import read_item, write_item
from tui.vendors.kibamail.rules import payload_problems
from tui.vendors.kibamail.vocabulary import RESPONSE_FIELDS, TRIGGER_PARAM, TRIGGER_TYPES

FIXTURES = Path(__file__).parent / "fixtures" / "kibamail"
ROUND_TRIP = ("api_test_welcome", "order_follow_up", "percentage_split", "time_delay",
              "if_else", "editor_export")
"""§6.1 (Kibamail's API test), §6.2, the split / delay / if-else node data of §6.1 in a
minimal flow each, and a body as the visual editor leaves it (kept verbatim)."""

CREATE = "VALIDATION_FAILED"
PUBLISH = "AUTOMATION_VALIDATION_FAILED"


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def flow(*steps: Step, event: str = "CONTACT_SUBSCRIBED", **params: Any) -> Workflow:
    return Workflow(vendor="kibamail", name="Flow", trigger=Trigger(event=event, params=params),
                    steps=list(steps))


def rule(field: str, operator: str = "eq", value: Any = None) -> Rule:
    return Rule(field=field, operator=operator, value=value)  # type: ignore[arg-type]


def branch(step_id: str, condition: Condition, yes: list[Step], no: list[Step] | None = None,
           **arm: Any) -> BranchStep:
    return BranchStep(id=step_id, arms=[BranchArm(id=f"{step_id}-true", condition=condition,
                                                  steps=yes, **arm)], otherwise=no)


def split(step_id: str, *lanes: list[Step], shares: tuple[float, ...] = (50, 50)) -> SplitStep:
    return SplitStep(id=step_id, arms=[
        SplitArm(id=f"{step_id}-{n}", label=chr(65 + n), percentage=share, steps=lane)
        for n, (lane, share) in enumerate(zip(lanes, shares, strict=True))])


def email(step_id: str) -> EmailStep:
    return EmailStep(id=step_id, template_id=f"tpl_{step_id}")


def edges_of(body: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [(e["source"], e["target"], e.get("sourceHandle")) for e in body["edges"]]


def positions(body: dict[str, Any]) -> dict[str, tuple[float, float]]:
    return {n["id"]: (n["position"]["x"], n["position"]["y"]) for n in body["nodes"]}


def problems_of(workflow: Workflow) -> list[Problem]:
    return ADAPTER.check(workflow)


def found(problems: list[Problem], code: str, step_id: str | None, path: str) -> Problem:
    """The one problem with this code, step and path (fails listing all problems otherwise)."""
    matches = [p for p in problems if (p.code, p.step_id, p.path) == (code, step_id, path)]
    assert len(matches) == 1, "\n".join(p.line() for p in problems)
    return matches[0]


def vendor_errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.code in (CREATE, PUBLISH)]


# --- the create-automation schema from Kibamail's OpenAPI file -----------------------------

@lru_cache(maxsize=1)
def _create_schema_validator(spec: Path) -> Draft202012Validator:
    """The inline requestBody schema of `POST /v1/automations` (OpenAPI 3.1: JSON Schema
    2020-12). It has no named component, so the shared `tests/openapi.py` (OAS 3.0
    components) does not apply."""
    document = json.loads(spec.read_text(encoding="utf-8"))
    body = document["paths"]["/v1/automations"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_violations(payload: dict[str, Any]) -> list[str]:
    folder = vendor_specs_dir()
    if folder is None or not (folder / "kibamail-openapi.v1.json").is_file():
        print("skipping: no vendor-specs folder with kibamail-openapi.v1.json "
              "(set FLOWDECK_VENDOR_SPECS)")
        pytest.skip("Kibamail OpenAPI file not available")
    validator = _create_schema_validator(folder / "kibamail-openapi.v1.json")
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(payload)]


# --- info and capabilities -----------------------------------------------------------------

def test_registry_info_and_auth() -> None:
    assert get("kibamail") is ADAPTER
    info = ADAPTER.info
    assert info.base_url == "https://api.kibamail.com"
    assert (info.create.method, info.create.path) == ("POST", "/v1/automations")
    assert info.get.path == "/v1/automations/{id}" and info.list.path == "/v1/automations"
    assert info.auth.header == "Authorization" and info.auth.key_prefixes == ("kb_",)
    assert info.auth.header_value("kb_live_x") == "Bearer kb_live_x"
    [publish] = info.lifecycle
    assert publish.option == "publish"
    assert publish.endpoint is not None
    assert (publish.endpoint.method, publish.endpoint.path) == (
        "POST", "/v1/automations/{id}/publish")


def test_capabilities_offer_exactly_what_kibamail_has() -> None:
    caps = ADAPTER.capabilities
    assert [e.name for e in caps.events] == list(TRIGGER_TYPES)
    assert {e.name: e.params for e in caps.events} == {
        "CONTACT_SUBSCRIBED": (), "API": (), "PROPERTY_UPDATED": ("propertyName",),
        "FORM_SUBMITTED": ("formId",), "EVENT": ("eventName",), "SEGMENT_ENTRY": ("segmentId",),
        "SEGMENT_EXIT": ("segmentId",), "EMAIL_ENGAGEMENT": ("emailEngagementType",)}
    assert caps.custom_events is False
    assert caps.step_kinds == ("wait", "email", "webhook", "contact", "branch", "split")
    assert caps.contact_actions == ("set_field", "unsubscribe", "add_to_topics",
                                    "remove_from_topics")
    assert caps.wait_units == ("seconds", "minutes", "hours", "days")
    assert caps.webhook_methods == ("GET", "POST", "PUT", "PATCH", "DELETE")
    assert caps.split_arms == (2, 2) and caps.otherwise and caps.nested_conditions
    assert caps.negation and caps.audience_operators is None and not caps.exit_rules
    assert "not_contains" not in caps.operators["contact"]
    assert any("DRAFT" in note for note in caps.notes)


def test_detects_its_own_bodies() -> None:
    assert ADAPTER.looks_like(fixture("order_follow_up"))
    assert ADAPTER.looks_like({"name": "x", "trigger": {"type": "SEGMENT_EXIT"}})
    assert not ADAPTER.looks_like({"name": "x", "steps": []})
    assert not ADAPTER.looks_like([])
    assert detect(fixture("api_test_welcome")) == "kibamail"


# --- documented examples round-trip --------------------------------------------------------

@pytest.mark.parametrize("name", ROUND_TRIP)
def test_documented_examples_round_trip(name: str) -> None:
    payload = fixture(name)
    body = {key: value for key, value in payload.items() if key not in RESPONSE_FIELDS}
    workflow = ADAPTER.parse(payload)
    assert ADAPTER.compile(workflow) == body
    assert ADAPTER.parse(ADAPTER.compile(workflow)) == workflow


def test_documented_flow_reads_as_structured_steps() -> None:
    """§6.2: the layout reproduces its positions and the edge ids are the default ones, so the
    workflow remembers nothing but the trigger node id."""
    workflow = ADAPTER.parse(fixture("order_follow_up"))
    assert workflow.trigger.event == "EVENT"
    assert workflow.trigger.params == {"eventName": "order_completed"}
    assert workflow.trigger.extras == {"kibamail": {"id": "t"}}
    wait, check = workflow.steps
    assert isinstance(wait, WaitStep) and (wait.amount, wait.unit) == (1, "days")
    assert isinstance(check, BranchStep)
    [arm] = check.arms
    assert arm.condition == Condition(op="and", items=[rule("plan", "eq", "pro")])
    assert [s.id for s in arm.steps] == ["e1"] and arm.rejoin
    assert [s.id for s in check.otherwise or []] == ["e2"]
    for step in (wait, check, *arm.steps, *(check.otherwise or [])):
        assert step.extras == {}


def test_documented_node_data_read_into_steps() -> None:
    split_step = ADAPTER.parse(fixture("percentage_split")).steps[0]
    assert isinstance(split_step, SplitStep)
    assert [(a.id, a.label, a.percentage) for a in split_step.arms] == [
        ("branch-a", "A", 50), ("branch-b", "B", 50)]
    delay = ADAPTER.parse(fixture("time_delay")).steps[0]
    assert isinstance(delay, WaitStep) and (delay.amount, delay.unit) == (24, "hours")
    check = ADAPTER.parse(fixture("if_else")).steps[0]
    assert isinstance(check, BranchStep)
    assert check.arms[0].condition.items == [rule("totalPurchases", "gt", 5)]
    assert check.extras["kibamail"]["bare"] is True  # a single condition, not a group


def test_editor_export_keeps_what_the_model_does_not_hold() -> None:
    workflow = ADAPTER.parse(fixture("editor_export"))
    memory = workflow.extras["kibamail"]
    assert [n["id"] for n in memory["detached"]["nodes"]] == ["draft-email", "draft-wait"]
    assert memory["kept"] == {"description": None}
    assert "object" not in json.dumps(memory)  # response-only fields are dropped
    hook = workflow.steps[1].arms[0].steps[0]  # type: ignore[union-attr]
    assert isinstance(hook, WebhookStep) and hook.method == "POST"
    assert hook.extras["kibamail"]["absent"] == {"method": "POST"}
    problems = problems_of(workflow)
    assert [p.line() for p in problems] == [
        "step draft-email: edges: AUTOMATION_VALIDATION_FAILED: this node is not connected: "
        "no edge leads to it"]
    assert not has_blocking(problems, "create") and has_blocking(problems, "activate")


def test_dotted_trigger_names_read_as_the_accepted_type() -> None:
    """The OpenAPI file's own request example uses a dotted type the server refuses."""
    workflow = ADAPTER.parse(fixture("openapi_request_example"))
    assert workflow.trigger.event == "CONTACT_SUBSCRIBED"
    body = ADAPTER.compile(workflow)
    assert body["trigger"] == {"type": "CONTACT_SUBSCRIBED", "config": {}}
    assert [n["type"] for n in body["nodes"]] == ["contact-subscribed"]
    opened = ADAPTER.parse({"name": "x", "trigger": {"type": "email.opened"}})
    assert (opened.trigger.event, opened.trigger.params) == (
        "EMAIL_ENGAGEMENT", {"emailEngagementType": "open"})


def test_minimal_bodies_compile_back_unchanged() -> None:
    for payload in ({"name": "Only a name"},
                    {"name": "x", "trigger": {"type": "API"}, "nodes": [
                        {"id": "api", "type": "webhook-trigger", "position": {"x": 5, "y": 5}}]},
                    {"name": "x", "description": "", "trigger": {
                        "type": "EVENT", "config": {"eventName": "a", "extra": 1}},
                     "nodes": [{"id": "t", "type": "event", "position": {"x": 0, "y": 0},
                                "data": {"eventName": "b"}}], "edges": []}):
        assert ADAPTER.compile(ADAPTER.parse(payload)) == payload


# --- compiling built workflows: nodes, edges, layout -------------------------------------

def built() -> Workflow:
    return flow(
        WaitStep(id="wait", amount=2, unit="days"),
        branch("vip", Condition(items=[rule("plan", "eq", "pro")]), [email("vip-mail")]),
        WebhookStep(id="hook", url="https://example.com/h", method="PUT"),
        split("ab", [ContactStep(id="mark", field="cohort", value="A")], []),
        email("last"),
        event="EVENT", eventName="signed_up",
    )


def test_compile_links_lanes_and_rejoins_at_the_continuation() -> None:
    body = ADAPTER.compile(built())
    assert body["trigger"] == {"type": "EVENT", "config": {"eventName": "signed_up"}}
    assert [(n["id"], n["type"]) for n in body["nodes"]] == [
        ("trigger", "event"), ("wait", "time-delay"), ("vip", "if-else"),
        ("vip-mail", "send-email"), ("hook", "send-webhook"), ("ab", "percentage-split"),
        ("mark", "update-contact"), ("last", "send-email")]
    assert body["nodes"][0]["data"] == {"eventName": "signed_up"}
    assert edges_of(body) == [
        ("trigger", "wait", None), ("wait", "vip", None),
        ("vip", "vip-mail", "true"), ("vip", "hook", "false"),  # empty otherwise → continuation
        ("vip-mail", "hook", None),
        ("hook", "ab", None),
        ("ab", "mark", "ab-0"), ("ab", "last", "ab-1"),  # empty split path → continuation
        ("mark", "last", None)]
    assert body["edges"][0]["id"] == "trigger-wait"
    nodes = {n["id"]: n["data"] for n in body["nodes"]}
    assert nodes["ab"] == {"splits": [{"id": "ab-0", "name": "A", "percentage": 50},
                                      {"id": "ab-1", "name": "B", "percentage": 50}]}
    assert nodes["hook"] == {"url": "https://example.com/h", "method": "PUT"}
    assert nodes["mark"] == {"fieldId": "cohort", "fieldValue": "A"}
    assert nodes["vip"] == {"conditions": {"$and": [
        {"field": "plan", "operator": "eq", "value": "pro"}]}}


def test_layout_reads_top_down_with_lanes_side_by_side() -> None:
    body = ADAPTER.compile(built())
    assert positions(body) == {
        "trigger": (0, 0), "wait": (0, 100), "vip": (0, 200),
        "vip-mail": (-150, 300),  # the otherwise lane is empty but keeps its column
        "hook": (0, 400), "ab": (0, 500), "mark": (-150, 600), "last": (0, 700)}
    assert ADAPTER.compile(built()) == body  # deterministic


def test_layout_gives_nested_branches_room() -> None:
    inner = branch("inner", Condition(items=[rule("a", "eq", 1)]), [email("i1")], [email("i2")])
    body = ADAPTER.compile(flow(branch("outer", Condition(items=[rule("b", "eq", 2)]),
                                       [inner], [email("o2")]), email("end")))
    assert positions(body) == {
        "trigger": (0, 0), "outer": (0, 100), "inner": (-150, 200), "i1": (-300, 300),
        "i2": (0, 300), "o2": (300, 200), "end": (0, 400)}
    assert ("i1", "end", None) in edges_of(body) and ("o2", "end", None) in edges_of(body)
    assert ADAPTER.parse(body).steps == flow(*ADAPTER.parse(body).steps).steps


def test_lanes_that_end_the_flow_have_no_edge() -> None:
    ends = flow(branch("b", Condition(items=[rule("a", "eq", 1)]), []))
    assert edges_of(ADAPTER.compile(ends)) == [("trigger", "b", None)]
    assert ADAPTER.parse(ADAPTER.compile(ends)) == ends


def test_an_arm_that_does_not_rejoin_reads_back_as_the_same_flow() -> None:
    """At the top level the steps after the branch only follow the otherwise lane, so they
    read back as part of it; inside a lane that continues they read back as `rejoin=False`."""
    yes = Condition(items=[rule("a", "eq", 1)])
    stops = flow(branch("b", yes, [email("x")], [email("y")], rejoin=False), email("after"))
    body = ADAPTER.compile(stops)
    assert ("x", "after", None) not in edges_of(body)
    assert ("y", "after", None) in edges_of(body)
    read = ADAPTER.parse(body)
    assert ADAPTER.compile(read) == body
    assert isinstance(read.steps[0], BranchStep) and read.steps[0].otherwise is not None
    assert [step.id for step in read.steps[0].otherwise] == ["y", "after"]
    nested = flow(split("s", [branch("b", yes, [email("x")], [email("y")], rejoin=False)],
                        [email("z")]), email("after"))
    assert ADAPTER.parse(ADAPTER.compile(nested)) == nested


def test_a_multi_arm_branch_is_chained_and_maps_back_to_the_branch() -> None:
    step = BranchStep(id="tier", arms=[
        BranchArm(id="gold", condition=Condition(items=[rule("tier", "eq", "gold")]),
                  steps=[email("g")]),
        BranchArm(id="silver", condition=Condition(), steps=[email("s")]),
    ], otherwise=[email("rest")])
    workflow = flow(step, email("after"))
    body = ADAPTER.compile(workflow)
    assert ("tier", "tier-2", "false") in edges_of(body)
    assert ("tier-2", "s", "true") in edges_of(body) and ("tier-2", "rest", "false") in edges_of(
        body)
    problems = problems_of(workflow)
    found(problems, "BRANCH_CHAINED", "tier", "arms")
    missing = found(problems, PUBLISH, "tier", "conditions")  # node tier-2 is the branch
    assert missing.phase == "activate"
    nested = ADAPTER.parse(body).steps[0]
    assert isinstance(nested, BranchStep) and nested.otherwise is not None
    assert [s.id for s in nested.otherwise] == ["tier-2"]


def test_steps_without_a_node_are_reported_and_bridged() -> None:
    workflow = flow(email("a"), SmsStep(id="text", text="hi"), email("b"))
    body = ADAPTER.compile(workflow)
    assert [n["id"] for n in body["nodes"]] == ["trigger", "a", "b"]
    assert ("a", "b", None) in edges_of(body)
    found(problems_of(workflow), "UNSUPPORTED", "text", "")


def test_trigger_filters_become_trigger_node_conditions() -> None:
    workflow = flow(email("a"))
    workflow.trigger.filters = Condition(op="not", items=[rule("country", "in", ["US"])])
    node = ADAPTER.compile(workflow)["nodes"][0]
    assert node["data"] == {"conditions": {"$not": {"field": "country", "operator": "in",
                                                    "value": ["US"]}}}
    assert ADAPTER.parse(ADAPTER.compile(workflow)) == workflow


# --- the condition grammar ----------------------------------------------------------------

@pytest.mark.parametrize(("vendor", "model"), [
    ({"field": "plan", "operator": "eq", "value": "pro"}, rule("plan", "eq", "pro")),
    ({"field": "plan", "operator": "ne", "value": "free"}, rule("plan", "neq", "free")),
    ({"field": "age", "operator": "gte", "value": 18}, rule("age", "gte", 18)),
    ({"field": "age", "operator": "lt", "value": 65.5}, rule("age", "lt", 65.5)),
    ({"field": "country", "operator": "nin", "value": ["US", "CA"]},
     rule("country", "not_in", ["US", "CA"])),
    ({"field": "email", "operator": "endsWith", "value": "@x.io"},
     rule("email", "ends_with", "@x.io")),
    ({"field": "name", "operator": "startsWith", "value": "A"}, rule("name", "starts_with", "A")),
    ({"field": "bio", "operator": "contains", "value": "golf"}, rule("bio", "contains", "golf")),
    ({"field": "phone", "operator": "exists", "value": True}, rule("phone", "exists")),
    ({"field": "phone", "operator": "exists", "value": False}, rule("phone", "not_exists")),
    ({"subscribedToTopic": ["t1", "t2"]}, rule("topics", "in", ["t1", "t2"])),
    ({"notSubscribedToTopic": ["t3"]}, rule("topics", "not_in", ["t3"])),
    ({"$not": {"field": "vip", "operator": "eq", "value": True}},
     Condition(op="not", items=[rule("vip", "eq", True)])),
    ({"$or": [{"field": "a", "operator": "eq", "value": 1},
              {"$and": [{"field": "b", "operator": "in", "value": [1, "x"]},
                        {"subscribedToTopic": ["t"]}]}]},
     Condition(op="or", items=[rule("a", "eq", 1), Condition(items=[
         rule("b", "in", [1, "x"]), rule("topics", "in", ["t"])])])),
])
def test_condition_grammar_maps_both_ways(vendor: dict[str, Any], model: Rule | Condition) -> None:
    assert read_item(vendor, "c") == model
    assert write_item(model) == vendor


def test_a_rule_on_topics_with_another_operator_is_a_plain_field() -> None:
    assert write_item(rule("topics", "contains", "news")) == {
        "field": "topics", "operator": "contains", "value": "news"}


def test_operators_kibamail_lacks_are_unsupported() -> None:
    workflow = flow(branch("b", Condition(items=[rule("bio", "not_contains", "x")]),
                           [email("e")]))
    problem = found(problems_of(workflow), "UNSUPPORTED", "b", "arms[0].condition")
    assert "not_contains" in problem.message


# --- create-time rules (VALIDATION_FAILED, block the draft) -------------------------------

@pytest.mark.parametrize(("name", "ok"), [("", False), ("x" * 101, False), ("x", True),
                                          ("x" * 100, True)])
def test_name_is_1_to_100_characters(name: str, ok: bool) -> None:
    workflow = flow(email("e"))
    workflow.name = name
    problems = problems_of(workflow)
    if ok:
        assert vendor_errors(problems) == []
    else:
        problem = found(problems, CREATE, None, "name")
        assert problem.phase == "create" and problem.blocks_create


@pytest.mark.parametrize(("length", "ok"), [(500, True), (501, False)])
def test_description_is_at_most_500_characters(length: int, ok: bool) -> None:
    workflow = flow(email("e"))
    workflow.description = "d" * length
    problems = problems_of(workflow)
    assert (vendor_errors(problems) == []) is ok
    if not ok:
        assert found(problems, CREATE, None, "description").phase == "create"


def test_trigger_type_must_be_kibamails() -> None:
    problem = found(problems_of(flow(email("e"), event="contact_created")), CREATE, None,
                    "trigger.type")
    assert "CONTACT_SUBSCRIBED" in problem.message and problem.blocks_create
    assert vendor_errors(problems_of(flow(email("e"), event="API"))) == []


def test_engagement_type_is_checked_at_create_and_publish() -> None:
    problems = problems_of(flow(email("e"), event="EMAIL_ENGAGEMENT", emailEngagementType="view"))
    assert found(problems, CREATE, None, "trigger.config.emailEngagementType").phase == "create"
    assert found(problems, PUBLISH, None, "trigger.emailEngagementType").phase == "activate"
    assert vendor_errors(problems_of(flow(email("e"), event="EMAIL_ENGAGEMENT",
                                          emailEngagementType="click"))) == []


def test_edges_must_reference_existing_nodes() -> None:
    body = fixture("api_test_welcome")
    assert vendor_errors(payload_problems(body)) == []
    body["edges"].append({"id": "e-x", "source": "email-1", "target": "gone"})
    [problem] = payload_problems(body)
    assert (problem.code, problem.path, problem.phase) == (CREATE, "edges[1].target", "create")
    workflow = ADAPTER.parse(fixture("editor_export"))  # a kept draft edge can go stale too
    workflow.extras["kibamail"]["detached"]["edges"][0]["target"] = "gone"
    found(problems_of(workflow), CREATE, None, "edges[7].target")


# --- publish-time rules (AUTOMATION_VALIDATION_FAILED, only block publishing) ------------

def test_the_flow_has_exactly_one_trigger_node() -> None:
    body = fixture("api_test_welcome")
    body["nodes"].append({"id": "second", "type": "segment-entry", "position": {"x": 9, "y": 9},
                          "data": {"segmentId": "s"}})
    problems = problems_of(ADAPTER.parse(body))  # the second one is kept as a detached node
    assert "2 trigger nodes" in found(problems, PUBLISH, None, "nodes").message
    no_trigger = {"name": "x", "nodes": [{"id": "a", "type": "unsubscribe-contact",
                                          "position": {"x": 0, "y": 0}}]}
    assert "no trigger node" in found(payload_problems(no_trigger), PUBLISH, None,
                                      "nodes").message
    assert vendor_errors(problems_of(ADAPTER.parse(fixture("api_test_welcome")))) == []


def test_every_node_is_connected() -> None:
    problem = found(problems_of(ADAPTER.parse(fixture("editor_export"))), PUBLISH,
                    "draft-email", "edges")
    assert problem.phase == "activate" and not problem.blocks_create
    assert vendor_errors(problems_of(ADAPTER.parse(fixture("order_follow_up")))) == []


@pytest.mark.parametrize("event", sorted(TRIGGER_PARAM))
def test_trigger_types_need_their_parameter(event: str) -> None:
    param = TRIGGER_PARAM[event]
    problem = found(problems_of(flow(email("e"), event=event)), PUBLISH, None, f"trigger.{param}")
    assert problem.phase == "activate"
    value = "open" if param == "emailEngagementType" else "some_id"
    assert vendor_errors(problems_of(flow(email("e"), event=event, **{param: value}))) == []


def test_trigger_conditions_must_follow_the_grammar() -> None:
    workflow = flow(email("e"))
    workflow.trigger.filters = Condition(items=[Condition(op="or", items=[])])
    problem = found(problems_of(workflow), PUBLISH, None, "trigger.conditions.$and[0].$or")
    assert "non-empty" in problem.message
    workflow.trigger.filters = Condition(items=[rule("plan", "eq", "pro")])
    assert vendor_errors(problems_of(workflow)) == []


def test_an_email_needs_a_template() -> None:
    problem = found(problems_of(flow(EmailStep(id="e", subject="Hi"))), PUBLISH, "e",
                    "templateId")
    assert "AUTOMATION" in problem.message and problem.phase == "activate"
    assert vendor_errors(problems_of(flow(email("e")))) == []


@pytest.mark.parametrize(("url", "message"), [("", "required"),
                                              ("example.com/hook", "not an absolute URL"),
                                              ("http://[::1", "not an absolute URL")])
def test_a_webhook_needs_a_valid_url(url: str, message: str) -> None:
    problem = found(problems_of(flow(WebhookStep(id="w", url=url))), PUBLISH, "w", "url")
    assert message in problem.message
    assert vendor_errors(problems_of(flow(WebhookStep(id="w", url="https://x.io/h")))) == []


def test_a_webhook_method_is_one_of_five() -> None:
    body = ADAPTER.compile(flow(WebhookStep(id="w", url="https://x.io/h")))
    assert vendor_errors(payload_problems(body)) == []
    body["nodes"][1]["data"]["method"] = "TRACE"
    [problem] = payload_problems(body)
    assert (problem.code, problem.step_id, problem.path) == (PUBLISH, "w", "method")


def test_a_contact_update_needs_field_and_value() -> None:
    problems = problems_of(flow(ContactStep(id="c", action="set_field")))
    found(problems, PUBLISH, "c", "fieldId")
    found(problems, PUBLISH, "c", "fieldValue")
    assert vendor_errors(problems_of(flow(ContactStep(id="c", field="city", value="Oslo")))) == []


@pytest.mark.parametrize("action", ["add_to_topics", "remove_from_topics"])
def test_topic_changes_need_topics(action: str) -> None:
    found(problems_of(flow(ContactStep(id="t", action=action))), PUBLISH, "t",  # type: ignore
          "topicIds")
    assert vendor_errors(problems_of(flow(ContactStep(id="t", action=action,  # type: ignore
                                                      topics=["news"])))) == []


def test_an_if_else_needs_valid_conditions() -> None:
    found(problems_of(flow(branch("b", Condition(), [email("e")]))), PUBLISH, "b", "conditions")
    bad = flow(branch("b", Condition(items=[rule("plan", "eq", None)]), [email("e")]))
    assert "null" in found(problems_of(bad), PUBLISH, "b", "conditions.$and[0].value").message
    good = flow(branch("b", Condition(items=[rule("plan", "exists")]), [email("e")]))
    assert vendor_errors(problems_of(good)) == []


def test_a_split_has_two_named_paths_summing_to_100() -> None:
    three = flow(SplitStep(id="s", arms=[SplitArm(id=f"p{n}", label=f"P{n}", percentage=p)
                                         for n, p in enumerate((30, 30, 40))]))
    problems = problems_of(three)
    assert "exactly 2" in found(problems, PUBLISH, "s", "splits").message
    found(problems, "UNSUPPORTED", "s", "arms")
    uneven = problems_of(flow(split("s", [], [], shares=(50, 40))))
    assert "total 100" in found(uneven, PUBLISH, "s", "splits").message
    unnamed = flow(SplitStep(id="s", arms=[SplitArm(id="a"), SplitArm(id="b", label="B")]))
    found(problems_of(unnamed), PUBLISH, "s", "splits[0].name")
    assert vendor_errors(problems_of(flow(split("s", [email("a")], [email("b")])))) == []


def test_split_paths_need_distinct_ids() -> None:
    twins = flow(SplitStep(id="s", arms=[SplitArm(id="p", label="A"), SplitArm(id="p",
                                                                                label="B")]))
    found(problems_of(twins), "DUPLICATE_PATH_ID", "s", "arms[1].id")
    assert not [p for p in problems_of(flow(split("s", [], []))) if p.code == "DUPLICATE_PATH_ID"]


def test_a_split_without_paths_compiles_to_a_readable_draft() -> None:
    workflow = flow(SplitStep(id="s"), email("after"))
    body = ADAPTER.compile(workflow)
    assert edges_of(body) == [("trigger", "s", None)]
    found(problems_of(workflow), PUBLISH, "after", "edges")
    assert ADAPTER.compile(ADAPTER.parse(body)) == body


def test_a_delay_has_a_positive_duration_in_a_known_unit() -> None:
    zero = problems_of(flow(WaitStep(id="w", amount=0, unit="minutes")))
    assert "greater than 0" in found(zero, PUBLISH, "w", "duration").message
    weeks = problems_of(flow(WaitStep(id="w", amount=1, unit="weeks")))
    assert found(weeks, PUBLISH, "w", "unit").phase == "activate"
    found(weeks, "UNSUPPORTED", "w", "unit")
    assert vendor_errors(problems_of(flow(WaitStep(id="w", amount=30, unit="seconds")))) == []


def test_a_trigger_node_of_another_type_is_kept_and_warned_about() -> None:
    body = fixture("api_test_welcome")
    body["trigger"] = {"type": "API", "config": {}}
    workflow = ADAPTER.parse(body)
    assert ADAPTER.compile(workflow) == body
    problem = found(problems_of(workflow), "TRIGGER_NODE_MISMATCH", None, "trigger.type")
    assert problem.severity == "warning"


# --- what Kibamail cannot take ------------------------------------------------------------

def test_what_compile_cannot_send_is_reported() -> None:
    workflow = flow(EmailStep(id="e", template_id="t", html="<p>hi</p>", language="de"),
                    ContactStep(id="u", action="unsubscribe", channels=["sms"]),
                    ContactStep(id="tag", action="add_tag", value="vip"), event="EVENT",
                    eventName="x", listId="l1")
    workflow.trigger.origin = "shopify"
    workflow.trigger.inactivity = Duration(amount=2, unit="days")
    workflow.trigger.extra_events = ["y"]
    unsupported = [(p.step_id, p.path) for p in problems_of(workflow) if p.code == "UNSUPPORTED"]
    assert len(unsupported) == len(set(unsupported))  # each reported once
    assert set(unsupported) == {
        ("e", "html"), ("e", "language"), ("u", "channels"), ("tag", "action"),
        (None, "trigger.origin"), (None, "trigger.inactivity"), (None, "trigger.extra_events"),
        (None, "trigger.params.listId")}


def test_a_step_may_not_take_the_trigger_nodes_id() -> None:
    found(problems_of(flow(email("trigger"))), "DUPLICATE_STEP_ID", "trigger", "id")


# --- malformed payloads ------------------------------------------------------------------

def _body(*nodes: dict[str, Any], edges: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    trigger = {"id": "t", "type": "contact-subscribed", "position": {"x": 0, "y": 0}}
    return {"name": "x", "trigger": {"type": "CONTACT_SUBSCRIBED"},
            "nodes": [trigger, *nodes], "edges": edges or []}


def _node(node_id: str, node_type: str = "unsubscribe-contact", **data: Any) -> dict[str, Any]:
    return {"id": node_id, "type": node_type, "position": {"x": 0, "y": 0}, "data": data}


def _edge(source: str, target: str, handle: str | None = None) -> dict[str, Any]:
    edge = {"id": f"{source}>{target}", "source": source, "target": target}
    return edge if handle is None else {**edge, "sourceHandle": handle}


_IF = _node("c", "if-else", conditions={"field": "a", "operator": "eq", "value": 1})
_SPLIT = _node("s", "percentage-split", splits=[{"id": "x", "name": "X", "percentage": 50},
                                               {"id": "y", "name": "Y", "percentage": 50}])


@pytest.mark.parametrize(("payload", "location"), [
    ([], "$"),
    ({"name": 5}, "name"),
    ({"name": "x", "nodes": {}}, "nodes"),
    ({"name": "x", "trigger": {"config": {}}}, "trigger.type"),
    ({"name": "x", "trigger": {"type": "EVENT", "config": {"eventName": None}}},
     "trigger.config.eventName"),
    (_body({"type": "send-email", "position": {"x": 0, "y": 0}}), "nodes[1].id"),
    (_body(_node("a", "send-sms")), "nodes[1].type"),
    (_body({**_node("a"), "position": {"x": "0", "y": 0}}), "nodes[1].position.x"),
    (_body(_node("a"), _node("a")), "nodes[2].id"),
    (_body(_node("a"), edges=[_edge("t", "nowhere")]), "edges[0].target"),
    (_body(_node("a"), edges=[{"id": "e", "target": "a"}]), "edges[0].source"),
    (_body(_node("a"), _node("b"), edges=[_edge("t", "a"), _edge("t", "b")]), "edges[1]"),
    (_body(_IF, _node("a"), edges=[_edge("t", "c"), _edge("c", "a", "yes")]),
     "edges[1].sourceHandle"),
    (_body(_SPLIT, _node("a"), edges=[_edge("t", "s"), _edge("s", "a", "z")]),
     "edges[1].sourceHandle"),
    (_body(_node("s", "percentage-split", splits=[{"name": "X"}]), edges=[_edge("t", "s")]),
     "nodes[1].data.splits[0]"),
    (_body(_node("a"), _node("b"), edges=[_edge("t", "a"), _edge("a", "b"), _edge("b", "a")]),
     "nodes[1]"),
    (_body(_node("a"), _node("t2", "event"), edges=[_edge("t", "a"), _edge("a", "t2")]),
     "nodes[2].type"),
    (_body(_node("d", "time-delay", duration="24", unit="hours"), edges=[_edge("t", "d")]),
     "nodes[1].data.duration"),
    (_body(_node("d", "time-delay", duration=24, unit="fortnights"), edges=[_edge("t", "d")]),
     "nodes[1].data.unit"),
    (_body(_node("w", "send-webhook", url="https://x.io", method="TRACE"),
           edges=[_edge("t", "w")]), "nodes[1].data.method"),
    (_body(_node("w", "add-to-topic", topicIds="news"), edges=[_edge("t", "w")]),
     "nodes[1].data.topicIds"),
    (_body(_node("c", "if-else", conditions={"field": "a", "operator": "like", "value": 1}),
           edges=[_edge("t", "c")]), "nodes[1].data.conditions.operator"),
    (_body(_node("c", "if-else", conditions={"field": "a", "operator": "exists", "value": None}),
           edges=[_edge("t", "c")]), "nodes[1].data.conditions.value"),
    (_body(_node("c", "if-else", conditions={"$and": [], "$or": []}), edges=[_edge("t", "c")]),
     "nodes[1].data.conditions"),
    (_body(_node("c", "if-else", conditions={"$or": [{"field": "a", "operator": "in",
                                                      "value": "x"}]}),
           edges=[_edge("t", "c")]), "nodes[1].data.conditions.$or[0]"),
    ({"name": "x", "nodes": [_node("a")]}, "nodes"),
])
def test_malformed_payloads_raise_payload_error_with_path(payload: Any, location: str) -> None:
    with pytest.raises(PayloadError) as caught:
        ADAPTER.parse(payload)
    assert caught.value.location == location, str(caught.value)
    assert "\n" not in str(caught.value)


def test_paths_that_join_without_their_branch_are_refused() -> None:
    """Inside the true lane of `c`, the false lane of `c2` stops while its true lane goes on
    to `c`'s continuation: the model has no way to end an otherwise lane early."""
    inner = _node("c2", "if-else", conditions={"field": "b", "operator": "eq", "value": 2})
    payload = _body(_IF, inner, _node("a"), _node("z"), edges=[
        _edge("t", "c"), _edge("c", "c2", "true"), _edge("c", "z", "false"),
        _edge("c2", "a", "true"), _edge("a", "z")])
    with pytest.raises(PayloadError) as caught:
        ADAPTER.parse(payload)
    assert caught.value.location == "nodes[2]" and "false" in caught.value.message


# --- compiled bodies against Kibamail's OpenAPI schema ------------------------------------

def every_kind_of_node() -> Workflow:
    return flow(
        WaitStep(id="w", amount=1.5, unit="minutes"),
        EmailStep(id="e", template_id="tpl", subject="Hi", sender_name="Ann",
                  sender_email="ann@x.io", reply_to="r@x.io"),
        WebhookStep(id="h", url="https://x.io", method="PATCH", headers={"A": "b"}, body="{}"),
        ContactStep(id="set", field="city", value="Oslo"),
        ContactStep(id="add", action="add_to_topics", topics=["a"]),
        ContactStep(id="rm", action="remove_from_topics", topics=["b"]),
        ContactStep(id="unsub", action="unsubscribe"),
        branch("if", Condition(op="or", items=[rule("topics", "in", ["t"]), rule("x", "exists")]),
               [email("yes")], [email("no")]),
        split("ab", [email("a")], [email("b")]),
        event="FORM_SUBMITTED", formId="form_1",
    )


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_documented_bodies_match_the_openapi_schema(name: str) -> None:
    assert schema_violations(ADAPTER.compile(ADAPTER.parse(fixture(name)))) == []


def test_compiled_bodies_match_the_openapi_schema() -> None:
    assert schema_violations(ADAPTER.compile(every_kind_of_node())) == []
    assert vendor_errors(problems_of(every_kind_of_node())) == []
    for event in TRIGGER_TYPES:
        params = {TRIGGER_PARAM[event]: "open"} if event in TRIGGER_PARAM else {}
        assert schema_violations(ADAPTER.compile(flow(email("e"), event=event, **params))) == []


def test_the_schema_check_catches_a_wrong_body() -> None:
    body = ADAPTER.compile(flow(email("e")))
    body["nodes"][1]["type"] = "send-sms"
    del body["nodes"][0]["position"]
    assert len(schema_violations(body)) == 2


# --- property: workflows within the capabilities --------------------------------------------

_names = st.text("abcdefghij", min_size=1, max_size=6)
_rules = st.one_of(
    st.builds(rule, _names, st.sampled_from(["eq", "neq", "gt", "lte", "contains"]),
              st.one_of(_names, st.integers(-5, 500), st.booleans())),
    st.builds(rule, _names, st.sampled_from(["in", "not_in"]), st.lists(_names, min_size=1,
                                                                         max_size=3)),
    st.builds(rule, _names, st.sampled_from(["exists", "not_exists"])),
    st.builds(rule, st.just("topics"), st.sampled_from(["in", "not_in"]),
              st.lists(_names, min_size=1, max_size=2)),
)
_conditions = st.recursive(
    st.builds(lambda items: Condition(op="and", items=items), st.lists(_rules, min_size=1,
                                                                        max_size=2)),
    lambda inner: st.one_of(
        st.builds(lambda op, items: Condition(op=op, items=items), st.sampled_from(["and", "or"]),
                  st.lists(st.one_of(_rules, inner), min_size=1, max_size=2)),
        st.builds(lambda item: Condition(op="not", items=[item]), st.one_of(_rules, inner))),
    max_leaves=4)


@st.composite
def _workflows(draw: st.DrawFn) -> Workflow:
    counter = iter(range(1000))

    def fresh(kind: str) -> str:
        return f"{kind}{next(counter)}"

    def simple() -> st.SearchStrategy[Step]:
        return st.one_of(
            st.builds(lambda a, u: WaitStep(id=fresh("w"), amount=a, unit=u),
                      st.integers(1, 90), st.sampled_from(["seconds", "minutes", "hours", "days"])),
            st.builds(lambda t: EmailStep(id=fresh("e"), template_id=t), _names),
            st.builds(lambda m: WebhookStep(id=fresh("h"), url="https://x.io/h", method=m),
                      st.sampled_from(["GET", "POST", "DELETE"])),
            st.builds(lambda f, v: ContactStep(id=fresh("c"), field=f, value=v), _names, _names),
            st.builds(lambda a, ts: ContactStep(id=fresh("t"), action=a, topics=ts),
                      st.sampled_from(["add_to_topics", "remove_from_topics"]),
                      st.lists(_names, min_size=1, max_size=2)),
        )

    def sequence(depth: int) -> list[Step]:
        steps: list[Step] = []
        for _ in range(draw(st.integers(0 if depth else 1, 3))):
            choice = draw(st.integers(0, 5 if depth < 2 else 3))
            if choice == 4:
                step_id = fresh("b")
                otherwise = sequence(depth + 1) or None
                steps.append(branch(step_id, draw(_conditions), sequence(depth + 1), otherwise))
            elif choice == 5:
                share = draw(st.integers(0, 100))
                steps.append(split(fresh("s"), sequence(depth + 1), sequence(depth + 1),
                                   shares=(share, 100 - share)))
            else:
                steps.append(draw(simple()))
        return steps

    event = draw(st.sampled_from(TRIGGER_TYPES))
    params = {TRIGGER_PARAM[event]: "click"} if event in TRIGGER_PARAM else {}
    workflow = flow(*sequence(0), event=event, **params)
    workflow.name = draw(_names)
    workflow.trigger.filters = draw(st.none() | _conditions)
    return workflow


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(_workflows())
def test_workflows_within_the_capabilities_compile_check_and_read_back(workflow: Workflow) -> None:
    body = ADAPTER.compile(workflow)
    assert [p.line() for p in ADAPTER.check(workflow)] == []
    assert ADAPTER.parse(body) == workflow
    assert schema_violations(body) == []


# --- through the command line -------------------------------------------------------------

def test_cli_check_reports_publish_problems_without_failing_the_draft(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(FIXTURES / "editor_export.json"), "--vendor", "kibamail"]) == 0
    err = capsys.readouterr().err
    assert "step draft-email: edges: AUTOMATION_VALIDATION_FAILED" in err
    assert "blocks activation" in err
    assert main(["compile", str(FIXTURES / "order_follow_up.json")]) == 0
    assert json.loads(capsys.readouterr().out) == fixture("order_follow_up")

"""Tether adapter: both documented forms import, the newer one is written, every rule
breaks and passes, malformed payloads name their JSON path."""

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
    ContactStep,
    EmailStep,
    PayloadError,
    Rule,
    SmsStep,
    Trigger,
    WaitStep,
    WebhookStep,
    Workflow,
)
from tui.vendors import get
from tui.vendors.tether.models import AutomationBody

FIXTURES = Path(__file__).parent / "fixtures" / "tether"
ADAPTER = get("tether")


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def valid() -> Workflow:
    """A workflow using everything Tether can express."""
    return Workflow(
        vendor="tether",
        name="Follow-up",
        description="Text leads who went quiet",
        trigger=Trigger(event="message.received", params={"trigger_type": "status_change"},
                        filters=Condition(items=[Rule(source="conversation",
                                                      field="lastInboundDirection",
                                                      value="inbound")])),
        steps=[WaitStep(id="wait_1", amount=24, unit="hours"),
               SmsStep(id="sms_1", template_id="follow-up-24h"),
               SmsStep(id="sms_2", template_id="second", channel="webchat"),
               ContactStep(id="contact_1", action="set_status", value="working"),
               WebhookStep(id="webhook_1", url="https://hooks.example.com/leads",
                           body='{"source": "sms"}')],
        settings={"tether": {"sourceStatuses": ["New lead"], "maxFollowUpCount": 2,
                             "schedule": {"start": "09:00", "end": "18:00"},
                             "userSmsNotification": {"phoneNumbers": ["+14155551234"]}}},
    )


# --- documented examples -------------------------------------------------------------

def test_seed_request_round_trips() -> None:
    payload = fixture("seed_request")
    assert ADAPTER.compile(ADAPTER.parse(payload)) == payload


def test_seed_response_document_compiles_to_the_request_and_keeps_server_fields() -> None:
    workflow = ADAPTER.parse(fixture("seed_response"))
    assert ADAPTER.compile(workflow) == fixture("seed_request")
    read_only = workflow.extras["tether"]["read_only"]
    assert read_only["_id"] == "64d2f9c5e8a1d4e001a0b1c2"
    assert set(read_only) == {"_id", "organizationId", "userId", "createdAt", "updatedAt"}


def test_seed_reads_as_a_timer_rule_with_settings() -> None:
    workflow = ADAPTER.parse(fixture("seed_request"))
    assert workflow.trigger == Trigger(
        event="message.received", params={"trigger_type": "status_change"},
        filters=Condition(items=[Rule(source="conversation", field="lastInboundDirection",
                                      value="inbound")]))
    assert workflow.steps == [WaitStep(id="wait_1", amount=24, unit="hours"),
                              SmsStep(id="sms_1", template_id="follow-up-24h")]
    assert workflow.settings["tether"] == {
        "sourceStatuses": ["New lead"], "maxTransitions": 3, "maxFollowUpCount": 3,
        "schedule": {"start": "09:00", "end": "18:00"},
        "userSmsNotification": {"phoneNumbers": ["+14155551234"],
                                "message": "New lead pending follow-up."}}
    assert ADAPTER.check(workflow) == []


def test_older_guide_example_is_written_in_the_newer_form_with_the_same_meaning() -> None:
    older = fixture("older_guide")
    workflow = ADAPTER.parse(older)
    newer = ADAPTER.compile(workflow)
    assert newer["conditions"] == [{"field": "channelType", "op": "eq", "value": "sms"}]
    assert newer["triggerLogicType"] == "event"
    assert newer["triggerType"] == "inbound"  # no mapping between the two vocabularies
    rest = {key: value for key, value in older.items() if key != "conditions"}
    assert {key: newer[key] for key in rest} == rest
    assert set(newer) - set(older) == {"triggerLogicType"}
    assert workflow.trigger.filters == Condition(items=[
        Rule(source="conversation", field="channelType", value="sms")])
    assert workflow.steps == [ContactStep(id="contact_1", action="set_status", value="working"),
                              WebhookStep(id="webhook_1", url="https://hooks.example.com/leads",
                                          body='{"source": "sms"}')]
    reparsed = ADAPTER.parse(newer)
    assert reparsed == workflow and ADAPTER.compile(reparsed) == newer
    assert ADAPTER.check(workflow) == []


def test_valid_workflow_compiles_validates_and_reparses_to_itself() -> None:
    workflow = valid()
    payload = ADAPTER.compile(workflow)
    assert payload["actions"] == {
        "sendMessage": [{"template": "follow-up-24h", "channel": "sms"},
                        {"template": "second", "channel": "webchat"}],
        "changeToStatus": "working",
        "sendToWebhook": True, "webhookUrl": "https://hooks.example.com/leads",
        "webhookMethod": "POST", "webhookPayload": {"source": "sms"}}
    assert payload["timerLogic"] == {"enabled": True, "delay": 24, "unit": "hours"}
    assert payload["userSmsNotification"] == {"enabled": True, "phoneNumbers": ["+14155551234"],
                                              "message": ""}
    assert ADAPTER.check(workflow) == []
    AutomationBody.model_validate(payload)
    assert ADAPTER.parse(payload) == workflow


def test_actions_keep_the_order_of_the_steps() -> None:
    workflow = valid()
    workflow.steps = [workflow.steps[4], workflow.steps[3], workflow.steps[1]]
    payload = ADAPTER.compile(workflow)
    assert list(payload["actions"])[:2] == ["sendToWebhook", "webhookUrl"]
    assert list(payload["actions"])[-2:] == ["changeToStatus", "sendMessage"]
    assert payload["triggerLogicType"] == "event" and "timerLogic" not in payload
    assert [step.kind for step in ADAPTER.parse(payload).steps] == ["webhook", "contact", "sms"]


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        ([{"source": "contact", "field": "status", "operator": "equals", "value": "won",
           "logicalOperator": "OR"},
          {"field": "tag", "op": "contains", "value": "vip", "logicalOperator": "or"}],
         Condition(op="or", items=[Rule(source="contact", field="status", value="won"),
                                   Rule(source="conversation", field="tag",
                                        operator="contains", value="vip")])),
        ([{"field": "email", "op": "exists"}],
         Condition(items=[Rule(source="conversation", field="email", operator="exists")])),
        ([{"field": "a", "operator": "eq", "value": 1, "logicalOperator": "and"}],
         Condition(items=[Rule(source="conversation", field="a", value=1)])),
    ],
)
def test_condition_forms_read_into_one_group(conditions: list[Any], expected: Condition) -> None:
    payload = {**fixture("older_guide"), "conditions": conditions}
    workflow = ADAPTER.parse(payload)
    assert workflow.trigger.filters == expected
    assert ADAPTER.parse(ADAPTER.compile(workflow)) == workflow


def test_other_sources_and_or_groups_are_written_so_they_read_back() -> None:
    workflow = valid()
    workflow.trigger.filters = Condition(op="or", items=[
        Rule(source="contact", field="status", value="won"),
        Rule(source="conversation", field="channelType", operator="exists")])
    assert ADAPTER.compile(workflow)["conditions"] == [
        {"source": "contact", "field": "status", "op": "eq", "value": "won",
         "logicalOperator": "or"},
        {"field": "channelType", "op": "exists", "logicalOperator": "or"}]
    assert ADAPTER.parse(ADAPTER.compile(workflow)).trigger == workflow.trigger


@pytest.mark.parametrize(
    "extra",
    [
        {"actions": {"sendToWebhook": False, "webhookUrl": "https://h.example.com"}},
        {"triggerLogicType": "event", "timerLogic": {"enabled": False, "delay": 2,
                                                     "unit": "hours"}},
        {"autopilot": {"mode": "ai"}, "actions": {"changeToStatus": "won", "assign": "me"}},
        {"conditions": [], "sourceStatuses": [], "maxTransitions": None, "actions": {}},
    ],
)
def test_what_the_model_does_not_hold_is_sent_back_unchanged(extra: dict[str, Any]) -> None:
    newer_form = ADAPTER.compile(ADAPTER.parse(fixture("older_guide")))
    payload = {**newer_form, **extra}
    assert ADAPTER.compile(ADAPTER.parse(payload)) == payload


def test_a_switched_off_webhook_is_not_a_step() -> None:
    payload = copy.deepcopy(fixture("older_guide"))
    payload["actions"]["sendToWebhook"] = False
    assert [step.kind for step in ADAPTER.parse(payload).steps] == ["contact"]


WORDS = st.text("abcdefghijklmnopqrstuvwxyz ._-", min_size=1, max_size=20).filter(str.strip)
SCALARS = st.none() | st.booleans() | st.integers(-1000, 1000) | WORDS


@st.composite
def rules(draw: st.DrawFn) -> Rule:
    operator = draw(st.sampled_from(["eq", "neq", "gt", "contains", "exists", "in"]))
    value = (None if operator == "exists"
             else draw(st.lists(SCALARS, max_size=3)) if operator == "in" else draw(SCALARS))
    return Rule(source=draw(st.sampled_from(["conversation", "contact"])), field=draw(WORDS),
                operator=operator, value=value)


@st.composite
def tether_settings(draw: st.DrawFn) -> dict[str, Any]:
    """Settings as parse stores them: only what differs from the defaults."""
    phones = st.lists(st.from_regex(r"\+[1-9][0-9]{6,14}", fullmatch=True), min_size=1,
                      max_size=2)
    optional = {
        "enabled": st.just(False),
        "sourceStatuses": st.lists(WORDS, min_size=1, max_size=3),
        "maxTransitions": st.integers(0, 50),
        "maxFollowUpCount": st.integers(1, 50),
        "schedule": st.fixed_dictionaries({"start": st.just("08:30"), "end": st.just("17:45")}),
        "userSmsNotification": st.fixed_dictionaries(
            {"phoneNumbers": phones}, optional={"message": WORDS}),
    }
    return draw(st.fixed_dictionaries({}, optional=optional))


@st.composite
def expressible(draw: st.DrawFn) -> Workflow:
    """Any workflow within Tether's capabilities, steps grouped by kind, with parse's ids."""
    groups: dict[str, list[Any]] = {
        "sms": [SmsStep(id=f"sms_{n}", template_id=draw(WORDS),
                        channel=draw(st.sampled_from(["sms", "webchat"])))
                for n in range(1, draw(st.integers(0, 3)) + 1)],
        "contact": [ContactStep(id="contact_1", action="set_status", value=draw(WORDS))]
        if draw(st.booleans()) else [],
        "webhook": [WebhookStep(id="webhook_1", url=f"https://{draw(WORDS).strip()}.example",
                                body=json.dumps(draw(st.dictionaries(WORDS, SCALARS)),
                                                ensure_ascii=False) if draw(st.booleans())
                                else "")] if draw(st.booleans()) else [],
    }
    order = draw(st.permutations(list(groups)))
    steps = [step for kind in order for step in groups[kind]]
    if draw(st.booleans()):
        steps.insert(0, WaitStep(id="wait_1", amount=draw(st.integers(1, 72)), unit="hours"))
    found = draw(st.lists(rules(), max_size=3))
    params = {"trigger_type": draw(st.sampled_from(["status_change", "inbound", "all"]))} \
        if draw(st.booleans()) else {}
    chosen = draw(tether_settings())
    return Workflow(
        vendor="tether", name=draw(WORDS), description=draw(WORDS),
        trigger=Trigger(event=draw(WORDS), params=params,
                        filters=Condition(op=draw(st.sampled_from(["and", "or"])), items=found)
                        if found else None),
        steps=steps,
        settings={"tether": chosen} if chosen else {},
    )


@settings(max_examples=75, deadline=None)
@given(expressible())
def test_expressible_workflows_check_without_errors_validate_and_reparse(
    workflow: Workflow,
) -> None:
    payload = ADAPTER.compile(workflow)
    assert [p.line() for p in ADAPTER.check(workflow) if p.severity == "error"] == []
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


def _step(index: int, step: Any):
    def apply(workflow: Workflow) -> None:
        workflow.steps[index] = step
    return apply


def _append(step: Any):
    def apply(workflow: Workflow) -> None:
        workflow.steps.append(step)
    return apply


def _setting(**changes: Any):
    def apply(workflow: Workflow) -> None:
        workflow.settings = {"tether": {**workflow.settings["tether"], **changes}}
    return apply


def _filters(*rules: Rule, op: str = "and"):
    return _trigger(filters=Condition(op=op, items=list(rules)))  # type: ignore[arg-type]


HOOK = "https://hooks.example.com/leads"


@pytest.mark.parametrize(
    ("breaks", "code", "where"),
    [
        (_set(name=" "), "invalid_request", "name"),
        (_set(description=""), "invalid_request", "description"),
        (_trigger(event=""), "invalid_request", "trigger.event"),
        (_trigger(extra_events=["other"]), "UNSUPPORTED", "trigger.extra_events"),
        (_trigger(origin="api"), "UNSUPPORTED", "trigger.origin"),
        (_trigger(params={"segment_id": "s"}), "UNSUPPORTED", "trigger.params.segment_id"),
        (_filters(Rule(source="conversation", field="", value="x")), "invalid_request",
         "trigger.filters.items[0].field"),
        (_filters(Rule(source="conversation", field="a", operator="gt", value=1)),
         "UNDOCUMENTED", "trigger.filters.items[0].operator"),
        (_filters(Rule(source="conversation", field="a", value=1),
                  Rule(source="conversation", field="b", value=2), op="or"),
         "UNDOCUMENTED", "trigger.filters.op"),
        (_filters(Rule(source="message", field="email_1", operator="opened")), "UNSUPPORTED",
         "trigger.filters"),
        (_trigger(filters=Condition(items=[Condition(op="or", items=[
            Rule(source="conversation", field="a", value=1)])])), "UNSUPPORTED",
         "trigger.filters"),
        (_trigger(filters=Condition(op="not", items=[
            Rule(source="conversation", field="a", value=1)])), "UNSUPPORTED",
         "trigger.filters"),
        (_step(0, WaitStep(id="wait_1", amount=2, unit="days")), "UNSUPPORTED",
         "step wait_1: unit"),
        (_step(0, WaitStep(id="wait_1", mode="until_time", at_time="09:00")), "UNSUPPORTED",
         "step wait_1: mode"),
        (_append(WaitStep(id="wait_2")), "UNSUPPORTED", "step wait_2"),
        (_step(1, SmsStep(id="sms_1")), "invalid_request", "step sms_1: template_id"),
        (_step(1, SmsStep(id="sms_1", template_id="t", text="Hi")), "UNSUPPORTED",
         "step sms_1: text"),
        (_step(1, SmsStep(id="sms_1", template_id="t", channel="")), "invalid_request",
         "step sms_1: channel"),
        (_step(3, ContactStep(id="contact_1", action="set_status")), "invalid_request",
         "step contact_1: value"),
        (_step(3, ContactStep(id="contact_1", action="add_tag", value="vip")), "UNSUPPORTED",
         "step contact_1: action"),
        (_append(ContactStep(id="contact_2", action="set_status", value="won")), "UNSUPPORTED",
         "step contact_2"),
        (_step(4, WebhookStep(id="webhook_1", url="hooks.example.com")), "invalid_request",
         "step webhook_1: url"),
        (_step(4, WebhookStep(id="webhook_1", url=HOOK, method="PUT")), "UNDOCUMENTED",
         "step webhook_1: method"),
        (_step(4, WebhookStep(id="webhook_1", url=HOOK, headers={"X": "1"})), "UNSUPPORTED",
         "step webhook_1: headers"),
        (_step(4, WebhookStep(id="webhook_1", url=HOOK, body="source=sms")), "invalid_request",
         "step webhook_1: body"),
        (_step(4, WebhookStep(id="webhook_1", url=HOOK, body="[1]")), "invalid_request",
         "step webhook_1: body"),
        (_append(WebhookStep(id="webhook_2", url=HOOK)), "UNSUPPORTED", "step webhook_2"),
        (_append(EmailStep(id="email_1")), "UNSUPPORTED", "step email_1"),
        (_append(BranchStep(id="branch_1", arms=[BranchArm()])), "UNSUPPORTED", "step branch_1"),
        (_step(1, SmsStep(id="sms_1", template_id="t", note="first text")), "NOT_SENT",
         "step sms_1: note"),
        (_setting(maxFollowUpCount=0), "INVALID_SETTING", "settings.maxFollowUpCount"),
        (_setting(maxTransitions=-1), "INVALID_SETTING", "settings.maxTransitions"),
        (_setting(schedule={"start": "9:00", "end": "18:00"}), "INVALID_SETTING",
         "settings.schedule.start"),
        (_setting(userSmsNotification={"phoneNumbers": ["4155551234"]}), "INVALID_SETTING",
         "settings.userSmsNotification.phoneNumbers"),
        (_setting(userSmsNotification={"enabled": True}), "invalid_request",
         "settings.userSmsNotification.phoneNumbers"),
        (_setting(sourceStatuses="New lead"), "INVALID_SETTING", "settings.sourceStatuses"),
        (_set(exit=[{"event": "message.sent"}]), "UNSUPPORTED", "exit"),
    ],
)
def test_each_rule_reports_what_breaks_it(breaks: Any, code: str, where: str) -> None:
    workflow = valid()
    assert ADAPTER.check(workflow) == []
    breaks(workflow)
    found = [(p.code, p.location) for p in ADAPTER.check(workflow)]
    assert (code, where) in found, found


def test_a_wait_after_an_action_is_refused_with_the_reason() -> None:
    workflow = valid()
    workflow.steps = [workflow.steps[1], workflow.steps[0]]
    (problem,) = ADAPTER.check(workflow)
    assert problem.step_id == "wait_1" and problem.code == "UNSUPPORTED"
    assert "Tether cannot express a wait step after other steps" in problem.message
    assert "timer delays the whole rule" in problem.message
    assert ADAPTER.compile(workflow)["triggerLogicType"] == "event"


# --- malformed payloads ---------------------------------------------------------------

def _with(path: str, value: Any, base: str = "seed_request") -> dict[str, Any]:
    payload = fixture(base)
    *parents, last = path.split(".")
    target: Any = payload
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    target[last] = value
    return payload


def _without(key: str) -> dict[str, Any]:
    payload = fixture("seed_request")
    payload.pop(key)
    return payload


@pytest.mark.parametrize(
    ("payload", "location", "needle"),
    [
        (["x"], "$", "JSON object, not an array"),
        (_without("name"), "name", "required"),
        (_without("description"), "description", "required"),
        (_without("event"), "event", "required"),
        (_with("event", None), "event", "a string, not null"),
        (_with("actions", []), "actions", "an object, not an array"),
        (_with("actions.sendMessage", {"template": "t"}), "actions.sendMessage",
         "an array, not an object"),
        (_with("actions.sendMessage", [{"channel": "sms"}]), "actions.sendMessage[0].template",
         "required"),
        (_with("actions.webhookMethod", "post", "older_guide"), "actions.webhookMethod",
         "'POST'"),
        (_with("actions.sendToWebhook", "yes", "older_guide"), "actions.sendToWebhook",
         "true or false, not a string"),
        (_with("conditions", {"field": "a"}), "conditions", "an array"),
        (_with("conditions", [{"field": "a", "value": 1}]), "conditions[0]", "'op'"),
        (_with("conditions", [{"field": "a", "op": "eq", "operator": "equals"}]),
         "conditions[0]", "'op' (newer form) or 'operator'"),
        (_with("conditions", [{"field": "a", "op": "roughly", "value": 1}]), "conditions[0].op",
         "unknown operator 'roughly'"),
        (_with("conditions", [{"field": "a", "operator": "like"}]), "conditions[0].operator",
         "unknown operator"),
        (_with("conditions", [{"source": "lead", "field": "a", "op": "eq"}]),
         "conditions[0].source", "unknown source 'lead'"),
        (_with("conditions", [{"field": "a", "op": "in", "value": "x"}]), "conditions[0].value",
         "needs a list"),
        (_with("conditions", [{"field": "a", "op": "eq", "logicalOperator": "and"},
                              {"field": "b", "op": "eq", "logicalOperator": "or"}]),
         "conditions", "mixes 'and' and 'or'"),
        (_with("conditions", [{"field": "a", "op": "eq", "weight": 2}]), "conditions[0].weight",
         "unknown field"),
        (_with("triggerLogicType", "cron"), "triggerLogicType", "'event' or 'timer'"),
        (_without("timerLogic"), "timerLogic", "no timerLogic"),
        (_with("timerLogic.enabled", False), "timerLogic.enabled", "contradicts"),
        (_with("timerLogic.delay", "24"), "timerLogic.delay", "a number, not a string"),
        (_with("timerLogic.delay", -1), "timerLogic.delay", "greater than or equal to 0"),
        (_with("timerLogic.unit", "fortnights"), "timerLogic.unit", "'hours'"),
        (_with("maxFollowUpCount", 0), "maxFollowUpCount", "greater than or equal to 1"),
        (_with("maxTransitions", 2.5), "maxTransitions", "whole number"),
        (_with("schedule.start", "9am"), "schedule.start", "HH:MM"),
        (_with("userSmsNotification.phoneNumbers", ["555-1234"]),
         "userSmsNotification.phoneNumbers", "E.164"),
        (_with("sourceStatuses", [1]), "sourceStatuses[0]", "a string, not a number"),
        (_with("enabled", 1), "enabled", "true or false, not a number"),
    ],
)
def test_malformed_payloads_name_the_json_path(payload: Any, location: str, needle: str) -> None:
    with pytest.raises(PayloadError) as caught:
        ADAPTER.parse(payload)
    assert caught.value.location == location
    assert needle in caught.value.message
    assert "\n" not in str(caught.value)


# --- detection and description --------------------------------------------------------

@pytest.mark.parametrize("name", ["seed_request", "seed_response", "older_guide"])
def test_looks_like_its_own_payloads(name: str) -> None:
    assert ADAPTER.looks_like(fixture(name))


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "AutoSend", "description": "d", "steps": []},
        {"name": "Omnisend", "trigger": {"condition": {"event": "x"}}, "blocks": []},
        {"name": "Kibamail", "trigger": {"type": "EVENT", "config": {"eventName": "x"}},
         "nodes": [], "edges": []},
        {"name": "Qonversion", "status": "active", "data": {}},
        {"name": "x", "event": 3},
        "message.received",
    ],
)
def test_does_not_look_like_other_vendors(payload: Any) -> None:
    assert not ADAPTER.looks_like(payload)


def test_info_describes_the_api() -> None:
    info = ADAPTER.info
    assert f"{info.create.method} {info.base_url}{info.create.path}" == (
        "POST https://app.tetherai.ca/api/automations")
    assert info.auth.key_prefixes == () and info.auth.header_value("jwt") == "Bearer jwt"
    (preference,) = info.lifecycle
    assert preference.option == "preference" and dict(preference.body) == {"enabled": True}
    assert preference.endpoint is not None and preference.endpoint.method == "PATCH"
    assert preference.endpoint.path == "/api/automations/{id}/preference"
    notes = " ".join(ADAPTER.capabilities.notes)
    assert "placeholder" in notes and "'equals'" in notes and "op: 'eq'" in notes
    assert "status_change" in notes and "inbound" in notes

"""The Omnisend adapter (API 2026-03-15): documented examples, every rule, the vendor's schema."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import vendor_specs_dir
from tests.omnisend_workflows import (
    AUTOMATION,
    COMPLIANCE,
    edit,
    event,
    every_block,
    message,
    settings,
    sms,
    split_arm,
    step,
    tag,
    variants,
)
from tests.openapi import schema_errors, validate_against
from tui import vendors
from tui.model import (
    BranchArm,
    BranchStep,
    Condition,
    ExitRule,
    PayloadError,
    Rule,
    ScreenStep,
    SplitArm,
    SplitStep,
    WaitStep,
    Workflow,
)
from tui.model.document import workflow_from_data, workflow_to_data
from tui.vendors.omnisend.vocabulary import AUDIENCE_FIELDS, CONTACT_OPERATORS

ADAPTER = vendors.get("omnisend")
FIXTURES = Path(__file__).parent / "fixtures" / "omnisend"
EXAMPLES = sorted(FIXTURES.glob("*.json"))
SPEC_NAME = "omnisend-automations-2026-03-15.openapi.json"


def as_json(data: Any) -> str:
    """Compare as JSON text, so 1 and 1.0 or true and 1 count as different."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def problems(workflow: Workflow) -> list[tuple[str | None, str | None]]:
    return [(problem.code, problem.step_id) for problem in ADAPTER.check(workflow)]


# --- documented examples ------------------------------------------------------------------


def test_every_documented_example_is_a_fixture() -> None:
    """§6.1–6.3 are whole bodies. The trigger (§6.4, plus the seed's 48 h variant) and
    audience (§6.5) examples are fragments: their fixtures set them in a body whose only
    block adds a tag."""
    assert len(EXAMPLES) == 14


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_documented_example_round_trips_exactly(path: Path) -> None:
    payload = json.loads(path.read_text())
    workflow = ADAPTER.parse(payload)
    assert as_json(ADAPTER.compile(workflow)) == as_json(payload)
    assert ADAPTER.check(workflow) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_documented_example_survives_the_workflow_file(path: Path) -> None:
    payload = json.loads(path.read_text())
    data = json.loads(json.dumps(workflow_to_data(ADAPTER.parse(payload))))
    assert as_json(ADAPTER.compile(workflow_from_data(data))) == as_json(payload)


def test_cart_example_maps_onto_the_model() -> None:
    workflow = ADAPTER.parse(json.loads((FIXTURES / "6_3_cart_abandonment.json").read_text()))
    assert [s.kind for s in workflow.steps] == ["wait", "email", "wait", "branch"]
    split = step(workflow, "opened-split")
    assert isinstance(split, BranchStep) and len(split.arms) == 1
    assert split.arms[0].condition.rules() == [
        Rule(source="message", field="email-1", operator="opened")]
    assert [s.id for s in split.arms[0].steps] == ["tag-engaged"]
    ab = step(workflow, "ab")
    assert isinstance(ab, SplitStep)
    assert [(arm.percentage, [s.id for s in arm.steps]) for arm in ab.arms] == [
        (50, ["sms-a"]), (50, ["push-b"])]
    assert step(workflow, "sms-a").extras["omnisend"]["compliance"]["isStopKeywordIncluded"]
    assert workflow.trigger.inactivity is not None and workflow.trigger.inactivity.amount == 30
    assert workflow.exit == [ExitRule(event="placed order", origin="api")]
    assert workflow.settings["omnisend"]["overlapLimiter"] is None


def test_several_trigger_groups_are_an_and_of_groups_and_back() -> None:
    payload = json.loads((FIXTURES / "6_4_entered_segment.json").read_text())
    groups = payload["trigger"]["condition"]["filterGroups"]
    groups.append({"logicalOperator": "or", "filters": [
        {"field": "total_price", "operator": "gt", "value": 5},
        {"field": "tags", "operator": "in", "value": ["a", "b"]}]})
    filters = ADAPTER.parse(payload).trigger.filters
    assert filters is not None and filters.op == "and"
    assert [item.op for item in filters.items if isinstance(item, Condition)] == ["and", "or"]
    assert as_json(ADAPTER.compile(ADAPTER.parse(payload))) == as_json(payload)


def test_fields_the_model_does_not_name_round_trip_through_extras() -> None:
    payload = json.loads((FIXTURES / "6_1_webhook.json").read_text())
    payload["exitConditions"] = []
    payload["trigger"]["condition"]["filterGroups"] = []
    payload["blocks"][0]["delay"]["allowedWeekdays"] = []
    payload["blocks"].insert(1, {"temporaryID": "push", "type": "action", "action": {
        "type": "sendPush", "sendPush": {"title": "t", "body": "b", "clickUrl": "https://x.io",
                                         "iconID": AUTOMATION, "isSkipAllowed": False}}})
    workflow = ADAPTER.parse(payload)
    assert step(workflow, "push").extras == {
        "omnisend": {"iconID": AUTOMATION, "isSkipAllowed": False}}
    assert as_json(ADAPTER.compile(workflow)) == as_json(payload)


def test_a_message_operator_that_does_not_fit_its_step_is_kept() -> None:
    payload = json.loads((FIXTURES / "6_3_cart_abandonment.json").read_text())
    flt = payload["blocks"][3]["split"]["filterGroup"]["filters"][0]
    flt["operator"] = "clickedSms"
    workflow = ADAPTER.parse(payload)
    assert split_arm(workflow, "opened-split").condition.rules()[0].extras == {
        "omnisend": {"operator": "clickedSms"}}
    assert as_json(ADAPTER.compile(workflow)) == as_json(payload)
    assert ("MESSAGE_FILTER_CHANNEL", "opened-split") in problems(workflow)


def test_compiled_workflows_parse_back_to_the_same_payload() -> None:
    for workflow in variants().values():
        payload = json.loads(json.dumps(ADAPTER.compile(workflow)))
        assert as_json(ADAPTER.compile(ADAPTER.parse(payload))) == as_json(payload)


# --- info and capabilities -----------------------------------------------------------------


def test_info_describes_the_2026_03_15_api() -> None:
    info = ADAPTER.info
    assert info.base_url == "https://api.omnisend.com"
    assert (info.create.method, info.create.path) == ("POST", "/api/automations")
    assert info.get.path == "/api/automations/{id}" and info.list.path == "/api/automations"
    assert info.auth.header == "Authorization"
    assert info.auth.header_value("k") == "Omnisend-API-Key k"
    assert dict(info.extra_headers) == {"Omnisend-Version": "2026-03-15"}
    [enable] = info.lifecycle
    assert enable.option == "enable" and dict(enable.body) == {}
    assert enable.endpoint is not None
    assert (enable.endpoint.method, enable.endpoint.path) == (
        "POST", "/api/automations/{id}/enable")


def test_capabilities_follow_the_reference() -> None:
    caps = ADAPTER.capabilities
    names = {choice.name: choice for choice in caps.events}
    assert {"birthday", "product back in stock", "entered segment", "subscribed to marketing",
            "placed order", "added product to cart"} <= set(names)
    assert names["entered segment"].origins == ("omnisend",)
    assert names["birthday"].origins == ()
    assert caps.custom_events
    assert len(caps.operators["event"]) == 14
    assert set(caps.operators["message"]) == {"opened", "clicked"}
    table = {field: tuple(CONTACT_OPERATORS[op] for op in ops)
             for field, ops in AUDIENCE_FIELDS.items()}
    assert caps.audience_operators == table
    assert caps.audience_operators["gender"] == ("eq",)
    assert caps.audience_operators["dateAdded"] == ("eq", "neq", "gt", "lt")
    assert caps.wait_units == ("minutes", "hours", "days", "weeks", "months")
    assert caps.wait_modes == ("duration", "immediate", "until_time")
    assert (caps.branch_max_arms, caps.otherwise, caps.split_arms) == (1, True, (2, 2))
    assert caps.webhook_methods == ("POST",) and caps.exit_rules and caps.weekdays
    assert caps.inactivity and not caps.extra_events
    assert caps.contact_actions == ("add_tag", "remove_tag")


def test_registry_and_detection() -> None:
    payload = json.loads((FIXTURES / "6_1_webhook.json").read_text())
    assert ADAPTER.looks_like(payload)
    assert not ADAPTER.looks_like({"steps": [], "entryCriteria": {}})
    assert not ADAPTER.looks_like([payload])


# --- parse failures ------------------------------------------------------------------------


def _break(edit_payload: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    payload = json.loads((FIXTURES / "6_3_cart_abandonment.json").read_text())
    edit_payload(payload)
    return payload


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """An edit that sets the value at a dotted path (integers index lists)."""
    def apply(payload: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = payload
        for part in parents:
            node = node[part]
        node[last] = value
    return apply


_SPLIT = "blocks.3.split"
_SMS = f"{_SPLIT}.falseBlocks.0.abTesting.aBlocks.0.action"

PARSE_FAILURES = {
    "no name": (lambda p: p.pop("name"), "name", "Field required"),
    "config not nested": (
        _set("blocks.1.action", {"type": "sendEmail", "subject": "Hi"}),
        "blocks[1].action", "must be nested under 'sendEmail'"),
    "config under another key": (
        _set("blocks.1.action.type", "sendSms"), "blocks[1].action", "exactly its 'sendSms'"),
    "unknown field": (_set("blocks.1.action.sendEmail.subjet", "x"),
                      "blocks[1].action.sendEmail.subjet", "Extra inputs"),
    "amount as text": (_set("blocks.0.delay.duration.amount", "1"),
                       "blocks[0].delay.duration.amount", "valid integer"),
    "delay without duration": (lambda p: p["blocks"][0]["delay"].pop("duration"),
                               "blocks[0].delay", "needs a 'duration'"),
    "time of day": (_set("blocks.0.delay", {"mode": "specificTime", "time": "25:00"}),
                    "blocks[0]", "HH:MM"),
    "A/B percentage above 100": (
        _set(f"{_SPLIT}.falseBlocks.0.abTesting.aBlocksPercentage", 101),
        "blocks[3].split.falseBlocks[0].abTesting.aBlocksPercentage", "less than or equal"),
    "A/B percentage below 0": (
        _set(f"{_SPLIT}.falseBlocks.0.abTesting.aBlocksPercentage", -1),
        "blocks[3].split.falseBlocks[0].abTesting.aBlocksPercentage", "greater than or equal"),
    "message filter field": (_set(f"{_SPLIT}.filterGroup.filters.0.field", "id"),
                             "blocks[3].split.filterGroup.filters[0]", "always 'blockID'"),
    "message operator": (_set(f"{_SPLIT}.filterGroup.filters.0.operator", "openedSms"),
                         "blocks[3].split.filterGroup.filters[0]", "message filter operators"),
    "audience field": (_set("trigger.audienceFilterGroup.filters.0.field", "email"),
                       "trigger.audienceFilterGroup.filters[0].field", "Input should be"),
    "SMS without compliance": (lambda p: _dig(p, _SMS)["sendSms"].pop("compliance"),
                               f"{_SMS.replace('.0.', '[0].')}.sendSms.compliance".replace(
                                   "blocks.3", "blocks[3]"), "Field required"),
    "thresholds null": (_set("settings.sendingThresholds", None), "settings.sendingThresholds",
                        "cannot be null"),
    "one threshold": (_set("settings.sendingThresholds", {"email": "all"}),
                      "settings.sendingThresholds.sms", "Field required"),
    "empty temporaryID": (_set("blocks.0.temporaryID", ""), "blocks[0].temporaryID",
                          "at least 1 character"),
    "operator takes no value": (
        _set("trigger.condition.filterGroups", [{"logicalOperator": "and", "filters": [
            {"field": "x", "operator": "exists", "value": "yes"}]}]), "trigger", "takes no value"),
}


def _dig(payload: Any, path: str) -> Any:
    for part in path.split("."):
        payload = payload[int(part) if part.isdigit() else part]
    return payload


@pytest.mark.parametrize("case", PARSE_FAILURES, ids=str)
def test_a_malformed_payload_is_a_payload_error_at_its_path(case: str) -> None:
    edit_payload, location, fragment = PARSE_FAILURES[case]
    with pytest.raises(PayloadError) as caught:
        ADAPTER.parse(_break(edit_payload))
    assert caught.value.location == location
    assert fragment in caught.value.message


def test_duplicate_webhook_headers_and_non_objects_are_payload_errors() -> None:
    payload = json.loads((FIXTURES / "6_1_webhook.json").read_text())
    headers = payload["blocks"][1]["action"]["sendWebhook"]["headers"]
    headers.append(dict(headers[0]))
    with pytest.raises(PayloadError, match="given twice") as caught:
        ADAPTER.parse(payload)
    assert caught.value.location == "blocks[1].action.sendWebhook.headers"
    with pytest.raises(PayloadError, match="JSON object, not an array"):
        ADAPTER.parse(["not", "a", "body"])


# --- check: every rule breaks, and the full workflow passes them all --------------------------


def test_the_full_workflow_passes_every_rule() -> None:
    assert ADAPTER.check(every_block()) == []


def _trigger(**changes: Any) -> Callable[[Workflow], None]:
    def apply(workflow: Workflow) -> None:
        for name, value in changes.items():
            setattr(workflow.trigger, name, value)
    return apply


def _steps(workflow: Workflow, arm_of: str | None = None) -> list[Any]:
    return workflow.steps if arm_of is None else split_arm(workflow, arm_of).steps


def _append(item: Any, arm_of: str | None = None) -> Callable[[Workflow], None]:
    return lambda workflow: _steps(workflow, arm_of).append(item)


def _arm_condition(step_id: str, *items: Any, op: str = "and") -> Callable[[Workflow], None]:
    def apply(workflow: Workflow) -> None:
        split_arm(workflow, step_id).condition = Condition(op=op, items=list(items))
    return apply


def _settings(**overrides: Any) -> Callable[[Workflow], None]:
    return lambda workflow: setattr(workflow, "settings", settings(**overrides))


def _exit(rule: ExitRule) -> Callable[[Workflow], None]:
    return lambda workflow: setattr(workflow, "exit", [rule])


def _insert_sms_before_split(workflow: Workflow) -> None:
    workflow.steps.insert(2, sms("sms-0"))
    split_arm(workflow, "engaged").condition = Condition(items=[message("sms-0")])


Case = tuple[Callable[[Workflow], None], list[tuple[str, str | None]]]

RULES: dict[str, Case] = {
    # workflow and structure
    "name": (lambda w: setattr(w, "name", " "), [("NAME_REQUIRED", None)]),
    "no blocks": (lambda w: setattr(w, "steps", []), [("BLOCKS_REQUIRED", None)]),
    "no event": (_trigger(event="", origin=None), [("EVENT_REQUIRED", None)]),
    "delay ends the workflow": (_append(WaitStep(id="trailing")),
                                [("DELAY_AT_END", "trailing")]),
    "delay ends a path with nothing after its split": (
        lambda w: step(w, "big-spender").otherwise.pop(),  # type: ignore[union-attr]
        [("DELAY_AT_END", "wait-3")]),
    "split without paths": (
        lambda w: w.steps.insert(0, BranchStep(id="empty", arms=[BranchArm(
            condition=Condition(items=[event("x", "exists")]))])), [("SPLIT_EMPTY", "empty")]),
    "split without condition": (
        lambda w: w.steps.insert(0, BranchStep(id="bare", otherwise=[tag("t0", "x")])),
        [("SPLIT_CONDITION_REQUIRED", "bare")]),
    "A/B without paths": (
        lambda w: w.steps.insert(0, SplitStep(id="void", arms=[SplitArm(), SplitArm()])),
        [("AB_TEST_EMPTY", "void")]),
    "A/B fraction": (lambda w: setattr(step(w, "ab"), "arms", [
        SplitArm(percentage=50.5, steps=[tag("t1", "x")]), SplitArm(percentage=49.5)]),
        [("AB_PERCENTAGE_INVALID", "ab")]),
    "A/B sum": (lambda w: setattr(step(w, "ab").arms[1], "percentage", 20),  # type: ignore[union-attr]
                [("AB_PERCENTAGE_INVALID", "ab")]),
    "temporaryID length": (lambda w: edit(w, "tag-engaged", id="t" * 37),
                           [("TEMPORARY_ID_TOO_LONG", "t" * 37)]),
    "temporaryID unique": (lambda w: edit(w, "tag-regular", id="tag-engaged"),
                           [("DUPLICATE_STEP_ID", "tag-engaged")]),
    # filter groups and values
    "empty split group": (_arm_condition("engaged"), [("FILTER_GROUP_EMPTY", "engaged")]),
    "empty trigger group": (_trigger(filters=Condition(items=[
        Condition(items=[event("a", "exists")]), Condition()])), [("FILTER_GROUP_EMPTY", None)]),
    "empty audience": (lambda w: setattr(w, "audience", Condition()),
                       [("FILTER_GROUP_EMPTY", None)]),
    "empty exit group": (_exit(ExitRule(event="placed order", origin="api",
                                        filters=Condition())), [("FILTER_GROUP_EMPTY", None)]),
    "numeric operator on text": (_trigger(filters=Condition(items=[
        event("total_price", "gte", "50")])), [("EVENT_FILTER_VALUE_TYPE", None)]),
    "text operator on a number": (_arm_condition("big-spender", event("sku", "contains", 5)),
                                  [("EVENT_FILTER_VALUE_TYPE", "big-spender")]),
    "declared type": (_exit(ExitRule(event="placed order", origin="api", filters=Condition(
        items=[Rule(source="event", field="total", value="50", value_type="number")]))),
        [("EVENT_FILTER_VALUE_TYPE", None)]),
    "event value missing": (_trigger(filters=Condition(items=[event("currency", "eq")])),
                            [("REQUIRED_FIELD", None)]),
    "gender": (lambda w: setattr(w, "audience", Condition(items=[
        Rule(field="gender", value="x")])), [("CONTACT_FILTER_VALUE", None)]),
    "dateAdded": (lambda w: setattr(w, "audience", Condition(items=[
        Rule(field="dateAdded", operator="gt", value="2025/01/01")])),
        [("CONTACT_FILTER_VALUE", None)]),
    "contact value type": (_arm_condition("big-spender", Rule(field="tag", value=5)),
                           [("CONTACT_FILTER_VALUE", "big-spender")]),
    "contact operator for the field": (
        _arm_condition("big-spender", Rule(field="gender", operator="neq", value="f")),
        [("CONTACT_FILTER_FIELD", "big-spender")]),
    "undocumented contact field": (
        _arm_condition("big-spender", Rule(field="loyaltyTier", value="gold")),
        [("CONTACT_FILTER_FIELD", "big-spender")]),
    "message filter names no step": (_arm_condition("engaged", message("nope")),
                                     [("MESSAGE_FILTER_REFERENCE", "engaged")]),
    "message filter names a tag step": (_arm_condition("big-spender", message("tag-engaged")),
                                        [("MESSAGE_FILTER_REFERENCE", "big-spender")]),
    "message filter names a later step": (_arm_condition("engaged", message("sms-1", "clicked")),
                                          [("MESSAGE_FILTER_REFERENCE", "engaged")]),
    "SMS has no opens": (_insert_sms_before_split, [("MESSAGE_FILTER_CHANNEL", "engaged")]),
    "kept operator of another channel": (
        _arm_condition("engaged", message("email-1", "clicked", operator="clickedPush")),
        [("MESSAGE_FILTER_CHANNEL", "engaged")]),
    "URL match on opens": (
        _arm_condition("engaged", message("email-1", urlMatch={"operator": "any"})),
        [("URL_MATCH_INVALID", "engaged")]),
    "URL match without value": (
        _arm_condition("engaged", message("email-1", "clicked", urlMatch={"operator": "is"})),
        [("URL_MATCH_INVALID", "engaged")]),
    "built-in exit event": (_exit(ExitRule(event="birthday")), [("EXIT_BUILTIN_EVENT", None)]),
    "origin of a built-in event": (_trigger(event="subscribed to marketing", origin="api",
                                            filters=None), [("ORIGIN_NOT_ALLOWED", None)]),
    "birthday offset": (_trigger(event="birthday", origin=None, filters=Condition(
        items=[event("birthdate", "eq", "24 hours")])), [("BIRTHDAY_OFFSET_INVALID", None)]),
    # actions
    "template id": (lambda w: edit(w, "email-1", template_id="tmpl-1"),
                    [("INVALID_FORMAT", "email-1")]),
    "no template": (lambda w: edit(w, "email-1", template_id=None),
                    [("REQUIRED_FIELD", "email-1")]),
    "subject": (lambda w: edit(w, "email-1", subject=""), [("REQUIRED_FIELD", "email-1")]),
    "subject length": (lambda w: edit(w, "email-1", subject="s" * 251),
                       [("TOO_LONG", "email-1")]),
    "preheader": (lambda w: edit(w, "email-1", preview_text=""), [("REQUIRED_FIELD", "email-1")]),
    "sender name length": (lambda w: edit(w, "email-1", sender_name="n" * 251),
                           [("TOO_LONG", "email-1")]),
    "language": (lambda w: edit(w, "email-1", language="english"),
                 [("INVALID_FORMAT", "email-1")]),
    "inline HTML": (lambda w: edit(w, "email-1", html="<p>hi</p>"),
                    [("UNSUPPORTED", "email-1")]),
    "SMS text": (lambda w: edit(w, "sms-1", text=""), [("REQUIRED_FIELD", "sms-1")]),
    "SMS length": (lambda w: edit(w, "sms-1", text="x" * 1601), [("TOO_LONG", "sms-1")]),
    "SMS stop text": (lambda w: edit(w, "sms-1", extras={"omnisend": {"compliance": {
        **COMPLIANCE, "stopKeywordText": ""}}}), [("REQUIRED_FIELD", "sms-1")]),
    "SMS default compliance": (lambda w: edit(w, "sms-1", extras={}),
                               [("REQUIRED_FIELD", "sms-1"), ("REQUIRED_FIELD", "sms-1")]),
    "SMS unsubscribe link": (lambda w: edit(w, "sms-1", extras={"omnisend": {"compliance": {
        **COMPLIANCE, "unsubscribeLinkText": "Unsubscribe here"}}}),
        [("INVALID_FORMAT", "sms-1")]),
    "SMS compliance text length": (lambda w: edit(w, "sms-1", extras={"omnisend": {
        "compliance": {**COMPLIANCE, "stopKeywordText": "s" * 251}}}), [("TOO_LONG", "sms-1")]),
    "push title": (lambda w: edit(w, "push-1", title=""), [("REQUIRED_FIELD", "push-1")]),
    "push body length": (lambda w: edit(w, "push-1", body="b" * 251), [("TOO_LONG", "push-1")]),
    "push click URL length": (lambda w: edit(w, "push-1", url="https://x.io/" + "p" * 1990),
                              [("TOO_LONG", "push-1")]),
    "webhook https": (lambda w: edit(w, "hook-1", url="http://hooks.example.com/x"),
                      [("INVALID_FORMAT", "hook-1")]),
    "webhook URL": (lambda w: edit(w, "hook-1", url=""), [("REQUIRED_FIELD", "hook-1")]),
    "webhook URL length": (lambda w: edit(w, "hook-1", url="https://x.io/" + "p" * 1990),
                           [("TOO_LONG", "hook-1")]),
    "webhook host": (lambda w: edit(w, "hook-1", url="https://10.0.0.1:8443/x"),
                     [("WEBHOOK_URL_HOST", "hook-1")]),
    "webhook body": (lambda w: edit(w, "hook-1", body=""), [("REQUIRED_FIELD", "hook-1")]),
    "webhook body length": (lambda w: edit(w, "hook-1", body='"' + "b" * 65535 + '"'),
                            [("TOO_LONG", "hook-1")]),
    "webhook body JSON": (lambda w: edit(w, "hook-1", body="email=[[contact.email]]"),
                          [("WEBHOOK_BODY_NOT_JSON", "hook-1")]),
    "webhook header length": (lambda w: edit(w, "hook-1", headers={"X": "v" * 10001}),
                              [("TOO_LONG", "hook-1")]),
    "webhook method": (lambda w: edit(w, "hook-1", method="GET"), [("UNSUPPORTED", "hook-1")]),
    "tag": (lambda w: edit(w, "tag-engaged", value=""), [("REQUIRED_FIELD", "tag-engaged")]),
    "tag length": (lambda w: edit(w, "untag-cart", value="t" * 251),
                   [("TOO_LONG", "untag-cart")]),
    "delay amount": (lambda w: edit(w, "wait-1", amount=1.5),
                     [("DELAY_AMOUNT_INVALID", "wait-1")]),
    "delay of zero": (lambda w: edit(w, "wait-4", amount=0), [("DELAY_AMOUNT_INVALID", "wait-4")]),
    "delay time": (lambda w: edit(w, "wait-2", at_time=None), [("REQUIRED_FIELD", "wait-2")]),
    # settings
    "thresholds incomplete": (lambda w: setattr(w, "settings", {"omnisend": {
        "sendingThresholds": {"email": "all"}}}), [("INVALID_SETTING", None)]),
    "thresholds null": (_settings(sendingThresholds=None), [("INVALID_SETTING", None)]),
    "once with a duration": (_settings(frequencyLimiter={
        "mode": "once", "duration": {"amount": 1, "units": "d"}}),
        [("FREQUENCY_LIMITER", None)]),
    "interval without a duration": (_settings(frequencyLimiter={"mode": "interval"}),
                                    [("FREQUENCY_LIMITER", None)]),
    "interval cap": (_settings(frequencyLimiter={
        "mode": "interval", "duration": {"amount": 53, "units": "w"}}),
        [("FREQUENCY_LIMITER", None)]),
    "overlap without ids": (_settings(overlapLimiter={"mode": "currentlyIn",
                                                      "automationIDs": []}),
                            [("OVERLAP_LIMITER", None)]),
    "overlap id": (_settings(overlapLimiter={"mode": "currentlyIn", "automationIDs": ["a1"]}),
                   [("OVERLAP_LIMITER", None)]),
    "currentlyIn with days": (_settings(overlapLimiter={
        "mode": "currentlyIn", "automationIDs": [AUTOMATION], "withinDays": 2}),
        [("OVERLAP_LIMITER", None)]),
    "recentlyIn without days": (_settings(overlapLimiter={
        "mode": "recentlyIn", "automationIDs": [AUTOMATION]}), [("OVERLAP_LIMITER", None)]),
    "recentlyIn beyond 7 days": (_settings(overlapLimiter={
        "mode": "recentlyIn", "automationIDs": [AUTOMATION], "withinDays": 8}),
        [("OVERLAP_LIMITER", None)]),
    # what Omnisend cannot express
    "screen step": (_append(ScreenStep(id="screen-1", screen_id="s"), "engaged"),
                    [("UNSUPPORTED", "screen-1")]),
    "second arm": (lambda w: step(w, "big-spender").arms.append(  # type: ignore[union-attr]
        BranchArm(condition=Condition(items=[event("x", "exists")]))),
        [("UNSUPPORTED", "big-spender")]),
    "third A/B path": (lambda w: step(w, "ab").arms.append(SplitArm(percentage=0)),  # type: ignore[union-attr]
                       [("UNSUPPORTED", "ab")]),
    "re-evaluated arm": (lambda w: setattr(split_arm(w, "engaged"), "reevaluate", True),
                         [("UNSUPPORTED", "engaged")]),
    "arm that does not rejoin": (lambda w: setattr(split_arm(w, "engaged"), "rejoin", False),
                                 [("UNSUPPORTED", "engaged")]),
    "negated condition": (_arm_condition("big-spender", event("x", "exists"), op="not"),
                          [("UNSUPPORTED", "big-spender")]),
    "nested split group": (_arm_condition("big-spender", Condition(items=[
        event("x", "exists")])), [("UNSUPPORTED", "big-spender")]),
    "contact trigger filter": (_trigger(filters=Condition(items=[Rule(field="tag", value="v")])),
                               [("UNSUPPORTED", None)]),
    "audience field": (lambda w: setattr(w, "audience", Condition(items=[
        Rule(field="email", operator="contains", value="@shop")])), [("UNSUPPORTED", None)]),
    "wait in seconds": (lambda w: edit(w, "wait-1", unit="seconds"),
                        [("UNSUPPORTED", "wait-1")]),
    "inactivity in months": (_trigger(inactivity={"amount": 1, "unit": "months"}),
                             [("UNSUPPORTED", None)]),
    "contact field change": (lambda w: edit(w, "untag-cart", action="set_field", field="plan"),
                             [("UNSUPPORTED", "untag-cart")]),
    "description": (lambda w: setattr(w, "description", "Sent to buyers"),
                    [("UNSUPPORTED", None)]),
    "trigger params": (_trigger(params={"segment_id": AUTOMATION}), [("UNSUPPORTED", None)]),
    "skip the exit check": (lambda w: edit(w, "email-1", check_exit=False),
                            [("UNSUPPORTED", "email-1")]),
}


@pytest.mark.parametrize("case", RULES, ids=str)
def test_each_rule_breaks_with_its_code_and_step(case: str) -> None:
    mutate, expected = RULES[case]
    workflow = every_block()
    mutate(workflow)
    assert problems(workflow) == expected


def test_problem_paths_name_the_field() -> None:
    workflow = every_block()
    edit(workflow, "email-1", subject="")
    edit(workflow, "sms-1", extras={})
    lines = [problem.line() for problem in ADAPTER.check(workflow)]
    assert "step email-1: subject: REQUIRED_FIELD: sendEmail.subject is required" in lines
    assert any(line.startswith("step sms-1: extras.omnisend.compliance.stopKeywordText:")
               for line in lines)


PASSES: dict[str, Callable[[Workflow], None]] = {
    "limits are inclusive": lambda w: (edit(w, "email-1", subject="s" * 250),
                                       edit(w, "sms-1", text="x" * 1600),
                                       edit(w, "tag-engaged", id="t" * 36)),
    "a delay ends a path when blocks follow the split": lambda w: None,
    "a split with only an otherwise path": lambda w: setattr(split_arm(w, "big-spender"),
                                                             "steps", []),
    "A/B picks a winner": lambda w: setattr(step(w, "ab"), "arms", [
        SplitArm(percentage=0, steps=[tag("t", "x")]), SplitArm(percentage=100)]),
    "compliance texts off": lambda w: edit(w, "sms-1", extras={"omnisend": {"compliance": {
        "isStopKeywordIncluded": False, "isUnsubscribeLinkIncluded": False}}}),
    "clicked SMS with a URL match": lambda w: (_insert_sms_before_split(w), _arm_condition(
        "engaged", message("sms-0", "clicked",
                           urlMatch={"operator": "startsWith", "value": "https://"}))(w)),
    "birthday offsets": _trigger(event="birthday", origin=None, filters=Condition(
        items=[event("birthdate", "eq", "-24h")])),
    "once without a duration": _settings(frequencyLimiter={"mode": "once"}),
    "currentlyIn without days": _settings(overlapLimiter={"mode": "currentlyIn",
                                                          "automationIDs": [AUTOMATION]}),
    "no settings at all": lambda w: setattr(w, "settings", {}),
    "exists takes no value": _trigger(filters=Condition(items=[event("coupon", "not_exists")])),
}


@pytest.mark.parametrize("case", PASSES, ids=str)
def test_rule_boundaries_pass(case: str) -> None:
    workflow = every_block()
    PASSES[case](workflow)
    assert ADAPTER.check(workflow) == []


# --- the vendor's published schema ---------------------------------------------------------


def _spec() -> Path:
    folder = vendor_specs_dir()
    if folder is None or not (folder / SPEC_NAME).is_file():
        reason = f"Omnisend OpenAPI file not found (set FLOWDECK_VENDOR_SPECS to the folder " \
                 f"holding {SPEC_NAME})"
        print(reason)
        pytest.skip(reason)
    return folder / SPEC_NAME


@pytest.mark.parametrize("name", list(variants()), ids=str)
def test_compiled_payloads_validate_against_the_vendor_schema(name: str) -> None:
    validate_against(_spec(), "CreateAutomationRequest", ADAPTER.compile(variants()[name]))


def test_compiled_payloads_cover_every_block_and_action_type() -> None:
    found: set[str] = set()

    def collect(blocks: list[dict[str, Any]]) -> None:
        for block in blocks:
            found.add(block["action"]["type"] if block["type"] == "action" else block["type"])
            config = block.get(block["type"], {})
            for lane in ("trueBlocks", "falseBlocks", "aBlocks", "bBlocks"):
                collect(config.get(lane, []))

    for workflow in variants().values():
        collect(ADAPTER.compile(workflow)["blocks"])
    assert found == {"delay", "split", "abTesting", "sendEmail", "sendSms", "sendPush",
                     "sendWebhook", "addTag", "removeTag"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_documented_examples_validate_against_the_vendor_schema(path: Path) -> None:
    payload = json.loads(path.read_text())
    settings_ = payload.get("settings", {})
    if settings_.get("overlapLimiter", "") is None:
        # The spec documents null as "same as omitted" but marks the field with the non-standard
        # `x-nullable` instead of OpenAPI 3.0's `nullable`, so a strict validator refuses it.
        settings_.pop("overlapLimiter")
    validate_against(_spec(), "CreateAutomationRequest", payload)


def test_the_schema_helper_names_the_faulty_path() -> None:
    payload = ADAPTER.compile(every_block())
    broken = copy.deepcopy(payload)
    del broken["blocks"][1]["action"]["sendEmail"]["subject"]
    broken["blocks"][0]["temporaryID"] = "x" * 40
    with pytest.raises(AssertionError) as caught:
        validate_against(_spec(), "CreateAutomationRequest", broken)
    assert "blocks[1].action.sendEmail: 'subject' is a required property" in str(caught.value)
    assert "blocks[0].temporaryID" in str(caught.value)
    assert schema_errors(_spec(), "CreateAutomationRequest", payload) == []
    with pytest.raises(AssertionError, match="no component schema 'Nope'"):
        validate_against(_spec(), "Nope", payload)


"""AutoSend ⇄ Omnisend: their common subset converts losslessly; the rest comes back as problems.

The common subset is what both create bodies carry: an entry event, an exit
event, waits of minutes, hours or days (or none), emails from a template with
subject, preview text and sender, and one-lane branches on contact fields that
rejoin. Omnisend has no field for a lane's id, so a lane comes back named after
its split (`<split id>:true`); the subset's lanes carry that name already.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tui import vendors
from tui.model import (
    BranchArm,
    BranchStep,
    Condition,
    EmailStep,
    ExitRule,
    Rule,
    Trigger,
    WaitStep,
    Workflow,
)
from tui.model.problems import Problem
from tui.model.tree import walk
from tui.vendors.convert import convert_payload

AUTOSEND = vendors.get("autosend")
OMNISEND = vendors.get("omnisend")
TEMPLATE = "0123456789abcdef01234567"
OMNISEND_CART = Path(__file__).parent / "fixtures" / "omnisend" / "6_3_cart_abandonment.json"


def mail(step_id: str, subject: str) -> EmailStep:
    return EmailStep(id=step_id, template_id=TEMPLATE, subject=subject,
                     preview_text=f"{subject}, in short", sender_name="Example Team",
                     sender_email="hello@example.com")


def plan_is(value: str) -> Condition:
    return Condition(items=[Rule(field="customFields.plan", value=value, value_type="string")])


def common(name: str, steps: list[Any]) -> Workflow:
    return Workflow(vendor="autosend", name=name, trigger=Trigger(event="contact_created"),
                    exit=[ExitRule(event="workflow_complete")], steps=steps)


COMMON_SUBSET = {
    "linear": common("Welcome series", [
        WaitStep(id="wait-intro", amount=2, unit="minutes"), mail("email-intro", "Welcome"),
        WaitStep(id="wait-tips", amount=1, unit="days"), mail("email-tips", "Three tips"),
    ]),
    "send at once": common("Receipt", [
        WaitStep(id="wait-none", mode="immediate", amount=0, unit="minutes"),
        mail("email-receipt", "Your receipt"),
    ]),
    "branch that rejoins": common("Plans", [
        WaitStep(id="wait-1", amount=3, unit="hours"), mail("email-1", "Hello"),
        BranchStep(id="plan", arms=[BranchArm(id="plan:true", condition=plan_is("pro"), steps=[
            WaitStep(id="wait-pro", amount=1, unit="days"), mail("email-pro", "Pro perks"),
        ])]),
        WaitStep(id="wait-all", amount=2, unit="days"), mail("email-all", "For everyone"),
    ]),
    "branch at the end": common("Upsell", [
        WaitStep(id="wait-1", amount=30, unit="minutes"), mail("email-1", "Hi"),
        BranchStep(id="free", arms=[BranchArm(
            id="free:true", steps=[WaitStep(id="wait-up", amount=5, unit="days"),
                                   mail("email-up", "Go pro")],
            condition=Condition(op="or", items=[
                Rule(field="customFields.plan", operator="neq", value="pro",
                     value_type="string"),
                Rule(field="customFields.country", operator="contains", value="US",
                     value_type="string")]))]),
    ]),
}


def codes(problems: list[Problem]) -> set[tuple[str | None, str | None]]:
    return {(problem.code, problem.step_id) for problem in problems}


@pytest.mark.parametrize("name", COMMON_SUBSET, ids=str)
def test_autosend_to_omnisend_and_back_is_lossless(name: str) -> None:
    body = AUTOSEND.compile(COMMON_SUBSET[name])
    assert AUTOSEND.check(AUTOSEND.parse(body)) == []
    there = convert_payload(body, "autosend", "omnisend")
    back = convert_payload(json.loads(json.dumps(there.payload)), "omnisend", "autosend")
    assert back.payload == body
    assert back.problems == []
    # Nothing was lost on the way: Omnisend only asks for what AutoSend never has (a language)
    # and notes that the plan field is not one of its documented contact fields.
    emails = [place.step.id for place in walk(there.workflow.steps)
              if place.step.kind == "email"]
    errors = [(p.step_id, p.code, p.path) for p in there.problems if p.severity == "error"]
    assert errors == [(step_id, "REQUIRED_FIELD", "language") for step_id in emails]
    assert {p.code for p in there.problems if p.severity == "warning"} <= {"CONTACT_FILTER_FIELD"}


def test_a_lane_id_comes_back_named_after_its_split() -> None:
    workflow = COMMON_SUBSET["branch that rejoins"].model_copy(deep=True)
    branch = workflow.steps[2]
    assert isinstance(branch, BranchStep)
    branch.arms[0].id = "br_pro"
    there = convert_payload(AUTOSEND.compile(workflow), "autosend", "omnisend")
    back = convert_payload(there.payload, "omnisend", "autosend")
    lanes = next(step for step in back.payload["steps"] if step["type"] == "branch")["branches"]
    assert [lane["branchId"] for lane in lanes] == ["plan:true"]


def test_omnisend_constructs_autosend_cannot_express_are_problems_on_their_steps() -> None:
    conversion = convert_payload(json.loads(OMNISEND_CART.read_text()), "omnisend", "autosend")
    found = codes(conversion.problems)
    for step_id in ("sms-a", "push-b", "tag-engaged", "ab"):
        assert ("UNSUPPORTED", step_id) in found, step_id
    messages = " ".join(problem.message for problem in conversion.problems)
    assert "audience" in messages
    assert all(step["stepId"] not in ("sms-a", "push-b", "ab")
               for step in conversion.payload["steps"])


def test_autosend_constructs_omnisend_cannot_express_are_problems_on_their_steps() -> None:
    three_lanes = BranchStep(id="tiers", arms=[
        BranchArm(id=f"lane-{tier}", label=tier, condition=plan_is(tier),
                  steps=[WaitStep(id=f"wait-{tier}", amount=1, unit="days"),
                         mail(f"email-{tier}", tier)])
        for tier in ("free", "pro", "team")
    ])
    workflow = common("Tiers", [WaitStep(id="wait-1", amount=1, unit="hours"),
                                mail("email-1", "Hi"), three_lanes])
    workflow.trigger.filters = plan_is("pro")
    workflow.description = "By plan"
    email = workflow.steps[1]
    assert isinstance(email, EmailStep)
    email.html = "<p>Hi</p>"
    three_lanes.arms[0].reevaluate = True
    conversion = convert_payload(AUTOSEND.compile(workflow), "autosend", "omnisend")
    unsupported = [p for p in conversion.problems if p.code == "UNSUPPORTED"]
    assert ("UNSUPPORTED", "tiers") in codes(unsupported)
    assert any("3 arms" in p.message for p in unsupported if p.step_id == "tiers")
    assert any("re-evaluating" in p.message for p in unsupported if p.step_id == "tiers")
    assert ("UNSUPPORTED", "email-1") in codes(unsupported)
    assert {p.path for p in unsupported if p.step_id is None} == {"trigger.filters",
                                                                   "description"}

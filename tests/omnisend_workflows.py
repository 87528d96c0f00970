"""Omnisend workflows for the tests: one that uses every block and action, and variants.

`every_block()` passes every Omnisend rule, so a test breaks one rule by
editing one thing and expects exactly that rule's problem.
"""

from __future__ import annotations

from typing import Any

from tui.model import (
    BranchArm,
    BranchStep,
    Condition,
    ContactStep,
    Duration,
    EmailStep,
    ExitRule,
    PushStep,
    Rule,
    SmsStep,
    SplitArm,
    SplitStep,
    Step,
    Trigger,
    WaitStep,
    WebhookStep,
    Workflow,
)
from tui.model.tree import find

TEMPLATE = "0123456789abcdef01234567"
AUTOMATION = "65f0c0ffee0000000000beef"
COMPLIANCE = {"isStopKeywordIncluded": True, "stopKeywordText": "Reply STOP to opt out",
              "isUnsubscribeLinkIncluded": True,
              "unsubscribeLinkText": "Unsubscribe [[unsubscribe_link]]"}


def email(step_id: str, **fields: Any) -> EmailStep:
    base = {"template_id": TEMPLATE, "subject": "Thanks for your order",
            "preview_text": "Here is what happens next", "sender_name": "My Store",
            "language": "en_US"}
    return EmailStep(id=step_id, **{**base, **fields})


def sms(step_id: str, text: str = "Hi [[contact.first_name]]!") -> SmsStep:
    return SmsStep(id=step_id, text=text, extras={"omnisend": {"compliance": dict(COMPLIANCE)}})


def tag(step_id: str, value: str, action: str = "add_tag") -> ContactStep:
    return ContactStep(id=step_id, action=action, value=value)  # type: ignore[arg-type]


def event(field: str, operator: str = "eq", value: Any = None) -> Rule:
    return Rule(source="event", field=field, operator=operator, value=value)  # type: ignore[arg-type]


def contact(field: str, value: Any, operator: str = "eq") -> Rule:
    return Rule(source="contact", field=field, operator=operator, value=value)  # type: ignore[arg-type]


def message(step_id: str, engagement: str = "opened", **extras: Any) -> Rule:
    """An engagement rule; `extras` are kept Omnisend fields (`urlMatch`, `operator`)."""
    return Rule(source="message", field=step_id, operator=engagement,  # type: ignore[arg-type]
                extras={"omnisend": extras} if extras else {})


def settings(**overrides: Any) -> dict[str, Any]:
    base = {
        "sendingThresholds": {"email": "nonSubscribed", "sms": "subscribed"},
        "frequencyLimiter": {"mode": "interval", "duration": {"amount": 7, "units": "d"}},
        "overlapLimiter": {"mode": "recentlyIn", "automationIDs": [AUTOMATION], "withinDays": 3},
    }
    return {"omnisend": {**base, **overrides}}


def every_block() -> Workflow:
    """Delays of every mode, all six actions, a split holding a nested split and an A/B test,
    a continuation after the split, exit conditions and all settings."""
    return Workflow(
        vendor="omnisend",
        name="Order follow-up",
        trigger=Trigger(
            event="placed order", origin="shopify",
            filters=Condition(op="and", items=[
                Condition(op="or", items=[event("total_price", "gte", 50),
                                          event("currency", "eq", "EUR")]),
                Condition(items=[event("discount_code", "exists")]),
            ]),
            inactivity=Duration(amount=30, unit="minutes"),
        ),
        audience=Condition(items=[contact("country", "US"),
                                  contact("tag", "churned", "neq")]),
        steps=[
            WaitStep(id="wait-1", amount=1, unit="hours", weekdays=["monday", "friday"]),
            email("email-1", sender_email="hi@shop.example", reply_to="help@shop.example",
                  extras={"omnisend": {"isSkipAllowed": False}}),
            WaitStep(id="wait-2", mode="until_time", at_time="09:30"),
            BranchStep(
                id="engaged",
                arms=[BranchArm(
                    condition=Condition(op="or", items=[
                        message("email-1"),
                        message("email-1", "clicked",
                                urlMatch={"operator": "contains", "value": "/sale"}),
                    ]),
                    steps=[
                        tag("tag-engaged", "engaged"),
                        BranchStep(
                            id="big-spender",
                            arms=[BranchArm(
                                condition=Condition(items=[contact("tag", "vip"),
                                                           event("total_price", "gt", 200)]),
                                steps=[PushStep(id="push-1", title="A gift for you",
                                                body="Open to claim it",
                                                url="https://shop.example/gift")],
                            )],
                            otherwise=[WaitStep(id="wait-3", mode="immediate"),
                                       tag("tag-regular", "regular")],
                        ),
                    ],
                )],
                otherwise=[
                    SplitStep(id="ab", arms=[
                        SplitArm(percentage=70, steps=[sms("sms-1")]),
                        SplitArm(percentage=30, steps=[WebhookStep(
                            id="hook-1", url="https://hooks.example.com/omnisend",
                            headers={"X-Webhook-Secret": "s3cret"},
                            body='{"email": "[[contact.email]]", "total": [[event.total]]}',
                        )]),
                    ]),
                    WaitStep(id="wait-4", amount=2, unit="months"),
                ],
            ),
            tag("untag-cart", "cart", "remove_tag"),
        ],
        exit=[ExitRule(event="placed order", origin="shopify",
                       filters=Condition(items=[event("total_price", "gt", 0)]))],
        settings=settings(),
    )


def step(workflow: Workflow, step_id: str) -> Step:
    place = find(workflow, step_id)
    assert place is not None, step_id
    return place.step


def edit(workflow: Workflow, step_id: str, **changes: Any) -> None:
    target = step(workflow, step_id)
    for name, value in changes.items():
        setattr(target, name, value)


def split_arm(workflow: Workflow, step_id: str) -> BranchArm:
    target = step(workflow, step_id)
    assert isinstance(target, BranchStep)
    return target.arms[0]


def variants() -> dict[str, Workflow]:
    """Further shapes for the spec validation, each small and different."""
    minimal = Workflow(vendor="omnisend", name="Tag on signup",
                       trigger=Trigger(event="subscribed to marketing"),
                       steps=[tag("tag-1", "new")])
    birthday = Workflow(
        vendor="omnisend", name="Birthday", settings=settings(
            frequencyLimiter={"mode": "once"},
            overlapLimiter={"mode": "currentlyIn", "automationIDs": [AUTOMATION]}),
        trigger=Trigger(event="birthday", filters=Condition(
            items=[event("birthdate", "eq", "-24h")])),
        steps=[WaitStep(id="at-nine", mode="until_time", at_time="09:00",
                        weekdays=["saturday", "sunday"]),
               email("birthday-email")],
    )
    segment = Workflow(
        vendor="omnisend", name="Entered VIP segment",
        trigger=Trigger(event="entered segment", origin="omnisend", filters=Condition(
            items=[event("segment_id", "eq", AUTOMATION)])),
        audience=Condition(op="or", items=[contact("gender", "f"),
                                           contact("dateAdded", "2025-01-01", "gt")]),
        steps=[
            SplitStep(id="winner", arms=[SplitArm(percentage=100, steps=[sms("sms-only")]),
                                         SplitArm(percentage=0)]),
            BranchStep(id="only-false", arms=[BranchArm(
                condition=Condition(items=[message("sms-only", "clicked")]))],
                otherwise=[PushStep(id="push-late", title="We miss you", body="Come back",
                                    url="https://shop.example")]),
        ],
        exit=[ExitRule(event="subscribed to marketing")],
        settings={"omnisend": {}},
    )
    nested_ab = Workflow(
        vendor="omnisend", name="Three-way test",
        trigger=Trigger(event="started checkout", origin="api",
                        inactivity=Duration(amount=1, unit="hours")),
        steps=[SplitStep(id="outer", arms=[
            SplitArm(percentage=34, steps=[email("mail-a")]),
            SplitArm(percentage=66, steps=[SplitStep(id="inner", arms=[
                SplitArm(percentage=50, steps=[email("mail-b")]),
                SplitArm(percentage=50, steps=[email("mail-c"), WaitStep(id="w", amount=3,
                                                                         unit="weeks"),
                                               tag("t", "late")]),
            ])]),
        ])],
    )
    return {"every block": every_block(), "minimal": minimal, "birthday": birthday,
            "segment": segment, "nested A/B": nested_ab}

"""Qonversion's API description and what its flat rule can express."""

from __future__ import annotations

from tui.vendors.base import AuthScheme, Capabilities, Endpoint, LifecycleCall, VendorInfo
from tui.vendors.flat import Slot
from tui.vendors.qonversion.models import CAPTION_MAX, NAME_MAX

VENDOR = "qonversion"
TITLE = "Qonversion"

SLOTS = (
    Slot("push", why="an automation sends one push, by uid"),
    Slot("screen", why="an automation shows one in-app screen, by uid"),
)

INFO = VendorInfo(
    id=VENDOR,
    title=TITLE,
    summary="In-app rules: purchase events trigger a push and/or an in-app screen.",
    base_url="https://api.qonversion.io",
    auth=AuthScheme("Authorization", "Bearer {key}", ("sk_", "test_sk_")),
    create=Endpoint("POST", "/v4/automations"),
    get=Endpoint("GET", "/v4/automations/{id}"),
    list=Endpoint("GET", "/v4/automations"),
    lifecycle=(
        LifecycleCall("status", "Switch on (status: active)",
                      Endpoint("PATCH", "/v4/automations/{id}/status"), {"status": "active"}),
    ),
    docs_url="https://documentation.qonversion.io/api-reference/automations/create-an-automation",
)

CAPABILITIES = Capabilities(
    events=(),
    step_kinds=("push", "screen"),
    custom_events=True,
    extra_events=True,
    operators={},
    audience_operators={"platform": ("eq",), "segment": ("eq",)},
    limits={"name": NAME_MAX, "description": CAPTION_MAX, "push": 1, "screen": 1},
    notes=(
        "Keys starting test_sk_ address Qonversion's sandbox environment (its data is kept "
        "apart from production); sk_ keys address production.",
        "Trigger events are the numeric event ids of the dashboard's Events tab, sent as "
        "strings ('2'); no API maps them to event names. Several events may start one "
        "automation (trigger.event plus extra_events).",
        "Audience: contact field 'platform' eq iOS or Android and/or 'segment' eq a segment "
        "uid (GET /v4/segments), both must hold; nothing else can be expressed.",
        "Steps: at most one push (a push made in the dashboard, by uid) and one in-app screen "
        "(GET /v4/screens), fired together; no waits, emails, branches or other steps.",
        "Status is a setting (active or inactive, default inactive); the 'status' call "
        "PATCHes /v4/automations/{id}/status to switch it on later.",
        "The create page's example sends \"data\": {} (it calls data an arbitrary object) "
        "while the current guide requires at least one initiator and one action: such a "
        "payload imports as a workflow with no trigger event and no steps, compiles back "
        "to {}, and check reports both as invalid_data.",
        "Response fields (object, id, url, data.type) are kept in the workflow but never "
        "sent; explicit nulls and the reserved actions.event are sent back as they were.",
    ),
)

"""Tether's API description and what its flat rule can express."""

from __future__ import annotations

from tui.model.conditions import Operator
from tui.vendors.base import (
    AuthScheme,
    Capabilities,
    Endpoint,
    EventChoice,
    LifecycleCall,
    VendorInfo,
)
from tui.vendors.flat import Slot

VENDOR = "tether"
TITLE = "Tether"

SLOTS = (
    Slot("wait", leading=True, why="its timer delays the whole rule, before every action"),
    Slot("sms", most=None),
    Slot("contact", why="a rule moves a record to one pipeline stage"),
    Slot("webhook", why="a rule calls one webhook"),
)

TRIGGER_TYPE = "trigger_type"
"""Trigger param holding `triggerType`."""
TRIGGER_TYPES = ("status_change", "inbound", "outbound", "all")

DEFAULT_SOURCE = "conversation"
"""The source the newer condition form implies (it has no `source` key)."""

DOCUMENTED_OPERATOR: Operator = "eq"
OPERATORS: tuple[Operator, ...] = (
    "eq", "neq", "gt", "gte", "lt", "lte", "contains", "not_contains", "in", "not_in",
    "exists", "not_exists",
)
OLDER_OPERATORS: dict[str, Operator] = {"equals": "eq"}
"""The older guide's operator names that differ from the newer ones."""

DOCUMENTED_METHOD = "POST"

INFO = VendorInfo(
    id=VENDOR,
    title=TITLE,
    summary="Conversation rules: an event or timer sends messages, moves status, "
            "calls a webhook.",
    base_url="https://app.tetherai.ca",
    auth=AuthScheme("Authorization", "Bearer {key}"),
    create=Endpoint("POST", "/api/automations"),
    get=Endpoint("GET", "/api/automations/{id}"),
    list=Endpoint("GET", "/api/automations"),
    lifecycle=(
        LifecycleCall("preference", "Switch on for me (per-user preference)",
                      Endpoint("PATCH", "/api/automations/{id}/preference"), {"enabled": True}),
    ),
    docs_url="https://docs.tetherai.ca/api-reference/automations/create-a-new-automation",
)

CAPABILITIES = Capabilities(
    events=(EventChoice("message.received", "A message is received", params=(TRIGGER_TYPE,)),),
    step_kinds=("wait", "sms", "contact", "webhook"),
    custom_events=True,
    operators={"conversation": OPERATORS, "contact": OPERATORS},
    audience_operators=None,
    wait_units=("hours",),
    wait_modes=("duration",),
    contact_actions=("set_status",),
    webhook_methods=("POST", "GET", "PUT", "PATCH", "DELETE"),
    notes=(
        "The base URL is per Tether instance; https://app.tetherai.ca is a placeholder (the "
        "likely hosted host) — set yours in the profile. Auth is Bearer with a login JWT; "
        "keys have no prefix.",
        "One rule: an event (or a timer: a single wait in hours, first) then all actions "
        "together — messages from stored templates (sendMessage), one pipeline status change "
        "(changeToStatus), one webhook (sendToWebhook/webhookUrl/webhookMethod/"
        "webhookPayload, the step's body being the JSON payload as text). Actions keep the "
        "steps' order as key order; all messages share one sendMessage list.",
        "Guards and per-user fields are settings: sourceStatuses, maxTransitions, "
        "maxFollowUpCount (≥ 1), schedule {start, end} as HH:MM, enabled, "
        "userSmsNotification {enabled, phoneNumbers (E.164), message}.",
        "enabled sets only the calling user's preference (default true); other users "
        "switch the rule on with the 'preference' call, PATCH /api/automations/{id}/preference.",
        "Tether's documents disagree; both forms are read and the newer one is written: "
        "conditions {source, field, operator: 'equals', value, logicalOperator} (older guide) "
        "become {field, op: 'eq', value} — the newer form implies source 'conversation', so "
        "only another source is written as 'source', and an 'or' group keeps the older "
        "logicalOperator, the only documented way to say or.",
        "triggerType is free text: the older guide's inbound | outbound | all and the newer "
        "reference's status_change are both read and written as given (no mapping exists "
        "between them). triggerLogicType is always written: 'timer' with a wait, else 'event'.",
        "Only 'eq', webhook method POST and timer unit hours appear in Tether's docs; other "
        "operators and methods are sent by name with a warning.",
        "Server fields of a response document (_id, organizationId, userId, createdAt, "
        "updatedAt) are kept in the workflow but never sent. Tether's schema is open: unknown "
        "fields and action kinds, a switched-off webhook and an unused timerLogic are kept "
        "and sent back as they were.",
    ),
)

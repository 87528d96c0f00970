"""Omnisend's names for things the neutral model names its own way, in both directions.

Compile, parse, check and capabilities all translate the same words (operator
names, duration units, delay modes, action types); keeping every table here
means the two directions can never disagree.
"""

from __future__ import annotations

from typing import Final

from tui.model.conditions import Operator
from tui.model.steps import TimeUnit

API_VERSION: Final = "2026-03-15"

EVENT_OPERATORS: Final[dict[str, Operator]] = {
    "eq": "eq",
    "neq": "neq",
    "gt": "gt",
    "gte": "gte",
    "lt": "lt",
    "lte": "lte",
    "contains": "contains",
    "notContains": "not_contains",
    "startsWith": "starts_with",
    "endsWith": "ends_with",
    "exists": "exists",
    "notExists": "not_exists",
    "in": "in",
    "notIn": "not_in",
}
"""Event-property filters (trigger filter groups, exit conditions, split `event` filters)."""

CONTACT_OPERATORS: Final[dict[str, Operator]] = {
    wire: EVENT_OPERATORS[wire] for wire in ("eq", "neq", "gt", "lt", "contains", "notContains")
}
"""Contact filters (audience, split `contact` filters): the create enum of ContactFilterRequest."""

WIRE_OPERATORS: Final[dict[Operator, str]] = {neutral: wire for wire, neutral in
                                              EVENT_OPERATORS.items()}

AUDIENCE_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "segmentID": ("eq", "neq"),
    "tag": ("eq", "neq"),
    "dateAdded": ("eq", "neq", "gt", "lt"),
    "firstName": ("eq", "neq", "contains", "notContains"),
    "lastName": ("eq", "neq", "contains", "notContains"),
    "gender": ("eq",),
    "country": ("eq", "neq", "contains", "notContains"),
    "state": ("eq", "neq", "contains", "notContains"),
    "city": ("eq", "neq", "contains", "notContains"),
    "postalCode": ("eq", "neq", "contains", "notContains"),
}
"""The documented field × operator table of contact filters (exhaustive for create)."""

NUMERIC_OPERATORS: Final = frozenset({"gt", "gte", "lt", "lte"})
TEXT_OPERATORS: Final = frozenset({"contains", "not_contains", "starts_with", "ends_with"})

MESSAGE_OPERATORS: Final[dict[str, tuple[Operator, str]]] = {
    "openedEmail": ("opened", "email"),
    "clickedEmail": ("clicked", "email"),
    "clickedSms": ("clicked", "sms"),
    "openedPush": ("opened", "push"),
    "clickedPush": ("clicked", "push"),
}
"""Engagement split filters: wire operator → (neutral operator, kind of the step it names)."""

SEND_KINDS: Final = ("email", "sms", "push")


def message_operator(operator: str, kind: str) -> str:
    """The wire operator for engagement `operator` with a step of `kind`, e.g. `clickedSms`."""
    return f"{operator}{kind.capitalize()}"


DELAY_UNITS: Final[dict[str, TimeUnit]] = {
    "m": "minutes",
    "h": "hours",
    "d": "days",
    "w": "weeks",
    "M": "months",
}
WIRE_UNITS: Final[dict[TimeUnit, str]] = {unit: code for code, unit in DELAY_UNITS.items()}
INACTIVITY_UNITS: Final[tuple[TimeUnit, ...]] = ("minutes", "hours", "days", "weeks")

DELAY_MODES: Final[dict[str, str]] = {
    "duration": "duration",
    "immediate": "immediate",
    "specificTime": "until_time",
}
WIRE_DELAY_MODES: Final[dict[str, str]] = {mode: wire for wire, mode in DELAY_MODES.items()}

SEND_ACTIONS: Final[dict[str, str]] = {
    "sendEmail": "email",
    "sendSms": "sms",
    "sendPush": "push",
    "sendWebhook": "webhook",
}
"""Action types that map onto a step kind of their own."""

TAG_ACTIONS: Final[dict[str, str]] = {"addTag": "add_tag", "removeTag": "remove_tag"}
WIRE_TAG_ACTIONS: Final[dict[str, str]] = {action: wire for wire, action in TAG_ACTIONS.items()}
WIRE_SEND_ACTIONS: Final[dict[str, str]] = {kind: wire for wire, kind in SEND_ACTIONS.items()}


def kind_of_action(action_type: str) -> str:
    return SEND_ACTIONS.get(action_type, "contact")


BUILT_IN_EVENTS: Final = ("birthday", "product back in stock")
"""Events Omnisend raises itself: no `origin`, and not allowed as exit conditions."""

NO_ORIGIN_EVENTS: Final = (*BUILT_IN_EVENTS, "subscribed to marketing")
"""Events whose `origin` must be omitted."""

ECOMMERCE_EVENTS: Final = (
    "added product to cart",
    "started checkout",
    "placed order",
    "paid for order",
    "ordered product",
    "order refunded",
    "order fulfilled",
    "order canceled",
    "viewed product",
)
"""The recommended e-commerce events of the Events API."""

ENGAGEMENT_EVENTS: Final = (
    "viewed page",
    "opened message",
    "clicked message",
    "marked message as spam",
)

ORIGINS: Final = ("api", "omnisend", "shopify", "woocommerce", "bigcommerce")
"""Origins seen in the docs; third-party apps send their own name, so the field stays free."""

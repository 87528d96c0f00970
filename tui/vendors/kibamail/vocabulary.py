"""Kibamail's words: trigger types, node types, operators, units, and their aliases.

Everything the adapter's other modules spell in the vendor's terms is named
here once. Source: Kibamail's create-automation zod schema, publish validator
and OpenAPI file (see ../shared/vendors/kibamail.md §3).
"""

from __future__ import annotations

from typing import Final

VENDOR: Final = "kibamail"

TRIGGER_NODE_TYPES: Final[dict[str, str]] = {
    "CONTACT_SUBSCRIBED": "contact-subscribed",
    "PROPERTY_UPDATED": "contact-property-updated",
    "FORM_SUBMITTED": "form-filled",
    "API": "webhook-trigger",
    "EVENT": "event",
    "SEGMENT_ENTRY": "segment-entry",
    "SEGMENT_EXIT": "segment-exit",
    "EMAIL_ENGAGEMENT": "email-engagement",
}
"""`trigger.type` → the type of the trigger node that starts the graph."""

TRIGGER_TYPES: Final = tuple(TRIGGER_NODE_TYPES)
DEFAULT_TRIGGER: Final = "CONTACT_SUBSCRIBED"
"""What the server assumes when a body has no `trigger`."""

TRIGGER_PARAM: Final[dict[str, str]] = {
    "PROPERTY_UPDATED": "propertyName",
    "FORM_SUBMITTED": "formId",
    "EVENT": "eventName",
    "SEGMENT_ENTRY": "segmentId",
    "SEGMENT_EXIT": "segmentId",
    "EMAIL_ENGAGEMENT": "emailEngagementType",
}
"""The trigger node `data` field each trigger type needs at publish."""

CONFIG_KEYS: Final = ("segmentId", "eventName", "propertyName", "formId", "emailEngagementType")
"""The fields of `trigger.config`; the workflow keeps them as trigger params of the same name."""

ENGAGEMENT_TYPES: Final = ("open", "click", "bounce", "spam")

TRIGGER_ALIASES: Final[dict[str, tuple[str, dict[str, str]]]] = {
    "contact.subscribed": ("CONTACT_SUBSCRIBED", {}),
    "contact.property_updated": ("PROPERTY_UPDATED", {}),
    "contact.property.changed": ("PROPERTY_UPDATED", {}),
    "form.submitted": ("FORM_SUBMITTED", {}),
    "api": ("API", {}),
    "api_trigger": ("API", {}),
    "event.fired": ("EVENT", {}),
    "event.occurred": ("EVENT", {}),
    "custom_event": ("EVENT", {}),
    "segment.entered": ("SEGMENT_ENTRY", {}),
    "segment.exited": ("SEGMENT_EXIT", {}),
    "email.engagement": ("EMAIL_ENGAGEMENT", {}),
    "email.engaged": ("EMAIL_ENGAGEMENT", {}),
    "email.opened": ("EMAIL_ENGAGEMENT", {"emailEngagementType": "open"}),
    "email.clicked": ("EMAIL_ENGAGEMENT", {"emailEngagementType": "click"}),
    "email.bounced": ("EMAIL_ENGAGEMENT", {"emailEngagementType": "bounce"}),
    "email.complained": ("EMAIL_ENGAGEMENT", {"emailEngagementType": "spam"}),
}
"""Dotted names from Kibamail's prose docs, SDK docs and event bus, with the UPPER_CASE type
(and implied config) the API actually accepts. Only the UPPER_CASE enum passes the server's
schema, so imports are read as their equivalent; names without one stay as written."""

ACTION_NODE_TYPES: Final = (
    "send-email",
    "send-webhook",
    "update-contact",
    "unsubscribe-contact",
    "add-to-topic",
    "remove-from-topic",
)
IF_ELSE: Final = "if-else"
SPLIT: Final = "percentage-split"
DELAY: Final = "time-delay"
RULE_NODE_TYPES: Final = (IF_ELSE, SPLIT, DELAY)
NODE_TYPES: Final = (*TRIGGER_NODE_TYPES.values(), *ACTION_NODE_TYPES, *RULE_NODE_TYPES)

IF_ELSE_HANDLES: Final = ("true", "false")
"""The `sourceHandle` of an if-else node's edges: the condition holds, or not."""
SPLIT_PATHS: Final = 2

WAIT_UNITS: Final = ("seconds", "minutes", "hours", "days")
WEBHOOK_METHODS: Final = ("GET", "POST", "PUT", "PATCH", "DELETE")

FIELD_OPERATORS: Final[dict[str, str]] = {
    "eq": "eq",
    "ne": "neq",
    "gt": "gt",
    "gte": "gte",
    "lt": "lt",
    "lte": "lte",
    "in": "in",
    "nin": "not_in",
    "contains": "contains",
    "startsWith": "starts_with",
    "endsWith": "ends_with",
}
"""Kibamail field operator → neutral operator. `exists` is mapped by its boolean value."""
NEUTRAL_OPERATORS: Final = {neutral: vendor for vendor, neutral in FIELD_OPERATORS.items()}
EXISTS: Final = "exists"
VENDOR_OPERATORS: Final = (*FIELD_OPERATORS, EXISTS)

TOPICS_FIELD: Final = "topics"
"""The rule field that stands for the contact's topic subscriptions (`in` / `not_in`)."""
TOPIC_KEYS: Final[dict[str, str]] = {"in": "subscribedToTopic", "not_in": "notSubscribedToTopic"}
LOGICAL_KEYS: Final[dict[str, str]] = {"$and": "and", "$or": "or", "$not": "not"}

NAME_LIMIT: Final = 100
DESCRIPTION_LIMIT: Final = 500

RESPONSE_FIELDS: Final = (
    "object", "id", "status", "version", "parentId", "stats", "publishedAt", "createdAt",
    "updatedAt",
)
"""Fields of a fetched automation that are not part of a create body; dropped on import so a
`GET` response can be imported like a create body."""

TRIGGER_NODE_ID: Final = "trigger"
"""The trigger node's id when the workflow has not imported one."""

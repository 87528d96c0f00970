"""AutoSend's words and the model's words, in one place for compile, parse and check.

Every table here maps both ways, so a payload read with one table compiles back
to the same strings. Where AutoSend's documentation names only some values
(entry types, operators, delay units), the rest follow its naming style and
are marked as inferred in `info.CAPABILITIES.notes`.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.model.conditions import Operator
from tui.model.steps import Step, TimeUnit

STEP_KINDS: tuple[str, ...] = ("wait", "email", "branch")
"""The step types AutoSend takes; other kinds are reported by `check` and left out of the body."""


def sendable(steps: Iterable[Step]) -> list[Step]:
    """The steps of a sequence that go into the body (the rest are flagged by `check`)."""
    return [step for step in steps if step.kind in STEP_KINDS]


# --- entry criteria -------------------------------------------------------------------------

CONTACT_CREATED = "contact_created"
PROPERTY_MATCH = "contact_property_matches_with"
EVENT_RECEIVED = "event_received"
ADDED_TO_LIST = "contact_added_to_list"
ADDED_TO_SEGMENT = "contact_added_to_segment"

DOCUMENTED_ENTRY_TYPES: frozenset[str] = frozenset({CONTACT_CREATED, PROPERTY_MATCH})
"""Entry types whose strings appear in AutoSend's documentation."""

ENTRY_PARAMS: dict[str, str] = {
    "event_name": "eventName",
    "list_id": "listId",
    "segment_id": "segmentId",
}
"""Trigger params (model name → `entryCriteria` field). The field names are inferred:
`eventName` from the `EVENT_NAME_REQUIRED` code and the send-event API, the ids from the
dashboard's list / segment triggers."""

ENTRY_FIELDS: dict[str, str] = {field: param for param, field in ENTRY_PARAMS.items()}

REQUIRED_PARAM: dict[str, str] = {
    EVENT_RECEIVED: "event_name",
    ADDED_TO_LIST: "list_id",
    ADDED_TO_SEGMENT: "segment_id",
}
"""The param an entry type cannot do without."""

DOCUMENTED_EXIT_TYPES: frozenset[str] = frozenset({"workflow_complete"})

# --- conditions ------------------------------------------------------------------------------

OPERATORS: dict[str, Operator] = {
    "equals": "eq",
    "not_equals": "neq",
    "contains": "contains",
    "not_contains": "not_contains",
    "starts_with": "starts_with",
    "ends_with": "ends_with",
    "greater_than": "gt",
    "less_than": "lt",
    "is_empty": "is_empty",
    "is_not_empty": "is_not_empty",
}
"""`filterCriteria.conditions[].operator` → neutral operator. `equals` and `is_not_empty`
are documented, `contains` is named by the dashboard guide; the rest follow their style."""

VENDOR_OPERATORS: dict[Operator, str] = {neutral: word for word, neutral in OPERATORS.items()}

LOGICAL_OPERATORS: dict[str, str] = {"AND": "and", "OR": "or"}
VENDOR_LOGICAL: dict[str, str] = {op: word for word, op in LOGICAL_OPERATORS.items()}

PROPERTY_TRIGGER = PROPERTY_MATCH
"""A branch lane's `triggerType` for contact-property filters (the only one documented)."""

APPLIES_TO_EVERY_STEP = "all_branch_steps"
APPLIES_AT_ENTRY = "branch_entry"

# --- steps -----------------------------------------------------------------------------------

EMAIL_FIELDS: dict[str, str] = {
    "templateId": "template_id",
    "senderEmail": "sender_email",
    "senderName": "sender_name",
    "subject": "subject",
    "previewText": "preview_text",
    "htmlTemplate": "html",
}
"""`email` object fields the model names (`projectId`, `templateName` and others go to extras)."""

# --- waits -----------------------------------------------------------------------------------

UNIT_SPELLINGS: dict[TimeUnit, tuple[str, ...]] = {
    "seconds": ("seconds", "secs", "sec", "second"),
    "minutes": ("minutes", "mins", "min", "minute"),
    "hours": ("hours", "hrs", "hr", "hour"),
    "days": ("days", "day"),
    "weeks": ("weeks", "week"),
    "months": ("months", "month"),
}
"""Every spelling read from `delay.unit`; the first is the one written. The docs use both
`mins` and `minutes`, so the spelling a payload used is kept with the step."""

UNITS: dict[str, TimeUnit] = {
    spelling: unit for unit, spellings in UNIT_SPELLINGS.items() for spelling in spellings
}

WAIT_UNITS: tuple[TimeUnit, ...] = ("minutes", "hours", "days")
"""The units AutoSend's guides name for waits."""


def unit_spelling(unit: TimeUnit, kept: object) -> str:
    """The `delay.unit` to write: the spelling a payload used if it still names `unit`."""
    if isinstance(kept, str) and UNITS.get(kept) == unit:
        return kept
    return UNIT_SPELLINGS[unit][0]

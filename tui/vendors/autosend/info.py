"""What AutoSend's API is and what it can express, for the builder, the client and the CLI."""

from __future__ import annotations

from tui.vendors.autosend.vocabulary import (
    ADDED_TO_LIST,
    ADDED_TO_SEGMENT,
    CONTACT_CREATED,
    EVENT_RECEIVED,
    OPERATORS,
    PROPERTY_MATCH,
    STEP_KINDS,
    WAIT_UNITS,
)
from tui.vendors.base import (
    AuthScheme,
    Capabilities,
    Endpoint,
    EventChoice,
    LifecycleCall,
    VendorInfo,
)

AUTOMATION = "/v1/automations/{id}"

INFO = VendorInfo(
    id="autosend",
    title="AutoSend",
    summary="Email sequences: waits and emails linked by step id, with branches that rejoin.",
    base_url="https://api.autosend.com",
    auth=AuthScheme("Authorization", "Bearer {key}", ("AS_", "as_")),
    create=Endpoint("POST", "/v1/automations"),
    get=Endpoint("GET", AUTOMATION),
    list=Endpoint("GET", "/v1/automations"),
    lifecycle=(
        LifecycleCall(
            "activate",
            "Activate in the create call (active: true); otherwise a draft is created",
            None,
            {"active": True},
        ),
    ),
    docs_url="https://docs.autosend.com/api-reference/automations/create-automation",
)

CAPABILITIES = Capabilities(
    events=(
        EventChoice(CONTACT_CREATED, "Contact created"),
        EventChoice(PROPERTY_MATCH, "Contact property matches the filters"),
        EventChoice(EVENT_RECEIVED, "Custom event received (type string inferred)",
                    params=("event_name",)),
        EventChoice(ADDED_TO_LIST, "Contact added to a list (type string inferred)",
                    params=("list_id",)),
        EventChoice(ADDED_TO_SEGMENT, "Contact enters a segment (type string inferred)",
                    params=("segment_id",)),
    ),
    step_kinds=STEP_KINDS,
    custom_events=True,
    operators={"contact": tuple(dict.fromkeys(OPERATORS.values()))},
    audience_operators=None,
    nested_conditions=False,
    negation=False,
    value_types=("string", "number", "date", "boolean"),
    wait_units=WAIT_UNITS,
    wait_modes=("duration", "immediate"),
    weekdays=False,
    branch_max_arms=10,
    otherwise=False,
    reevaluate=True,
    split_arms=None,
    exit_rules=True,
    exit_check=True,
    limits={"name": 255, "description": 1000, "branch_lanes": 10},
    notes=(
        "Without branches the steps must alternate wait → email, starting with a wait and "
        "ending with an email; with branches every email must follow a wait.",
        "At most 10 branch lanes in the whole automation.",
        "Entry filters are the trigger's filters (contact fields, e.g. customFields.plan); "
        "there is no separate audience.",
        "Documented entry types: contact_created, contact_property_matches_with. The event, "
        "list and segment entries exist in AutoSend's dashboard; their type strings and the "
        "eventName / listId / segmentId fields are inferred. Any other type can be typed in.",
        "Documented operators: equals, is_not_empty (contains in the dashboard); the others "
        "follow the same naming and are inferred.",
        "A lane's filter is checked on entry, or at every step when re-evaluate is on "
        "(appliesTo all_branch_steps). Lanes rejoin through mergeStepId at the first step "
        "after their branch.",
        "Activating (active: true, now or later) also needs an entry type, a filter for a "
        "property-match entry, the list / segment id for those entries, at least one email and "
        "a filter on every lane; these problems never block a draft.",
        "exitCriteria: only workflow_complete is documented; one exit rule at most.",
    ),
)

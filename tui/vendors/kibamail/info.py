"""What Kibamail's API is and what it can express: `VendorInfo` and `Capabilities`."""

from __future__ import annotations

from tui.vendors.base import (
    AuthScheme,
    Capabilities,
    Endpoint,
    EventChoice,
    LifecycleCall,
    VendorInfo,
)
from tui.vendors.kibamail.vocabulary import (
    DESCRIPTION_LIMIT,
    NAME_LIMIT,
    SPLIT_PATHS,
    TRIGGER_PARAM,
    WAIT_UNITS,
    WEBHOOK_METHODS,
)

AUTOMATIONS = "/v1/automations"

INFO = VendorInfo(
    id="kibamail",
    title="Kibamail",
    summary="Visual flows of emails, webhooks, contact updates, if/else and splits; "
            "created as a draft, published later.",
    base_url="https://api.kibamail.com",
    auth=AuthScheme("Authorization", "Bearer {key}", ("kb_",)),
    create=Endpoint("POST", AUTOMATIONS),
    get=Endpoint("GET", f"{AUTOMATIONS}/{{id}}"),
    list=Endpoint("GET", AUTOMATIONS),
    lifecycle=(LifecycleCall("publish", "Publish",
                             Endpoint("POST", f"{AUTOMATIONS}/{{id}}/publish")),),
    docs_url="https://kibamail.com/docs/api/automations",
)

_EVENT_LABELS = {
    "CONTACT_SUBSCRIBED": "Contact subscribed",
    "PROPERTY_UPDATED": "Contact property updated",
    "FORM_SUBMITTED": "Form submitted",
    "API": "API call (POST /v1/automations/{id}/trigger)",
    "EVENT": "Custom event",
    "SEGMENT_ENTRY": "Contact entered a segment",
    "SEGMENT_EXIT": "Contact left a segment",
    "EMAIL_ENGAGEMENT": "Email engagement (open, click, bounce, spam)",
}

_CONTACT_OPERATORS = (
    "eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in", "contains", "starts_with",
    "ends_with", "exists", "not_exists",
)

CAPABILITIES = Capabilities(
    events=tuple(
        EventChoice(name, label, params=(TRIGGER_PARAM[name],) if name in TRIGGER_PARAM else ())
        for name, label in _EVENT_LABELS.items()
    ),
    step_kinds=("wait", "email", "webhook", "contact", "branch", "split"),
    custom_events=False,
    operators={"contact": _CONTACT_OPERATORS},
    nested_conditions=True,
    negation=True,
    wait_units=WAIT_UNITS,
    branch_max_arms=None,
    otherwise=True,
    split_arms=(SPLIT_PATHS, SPLIT_PATHS),
    contact_actions=("set_field", "unsubscribe", "add_to_topics", "remove_from_topics"),
    webhook_methods=WEBHOOK_METHODS,
    limits={"name": NAME_LIMIT, "description": DESCRIPTION_LIMIT, "split_paths": SPLIT_PATHS},
    notes=(
        "Created as a DRAFT; the publish call (POST /v1/automations/{id}/publish) runs the "
        "strict checks, so problems marked 'blocks activation' do not stop the draft.",
        "The trigger type is a fixed list; an EVENT trigger takes any event name "
        "(param eventName). Dotted names from Kibamail's prose docs (contact.subscribed, …) "
        "are read as the UPPER_CASE type the API accepts.",
        "An if-else has one condition and an otherwise path; a branch with more arms is sent "
        "as a chain of if-else nodes (arm 1, else arm 2, …) and reads back as nested branches.",
        "A percentage split has exactly two named paths whose percentages sum to 100.",
        "Emails reference an AUTOMATION-type Kibamail email by templateId; inline HTML, "
        "preview text and language cannot be sent.",
        "Topic conditions are rules on the field 'topics': in = subscribedToTopic, "
        "not_in = notSubscribedToTopic.",
        "Step notes and branch-arm labels are not sent: Kibamail nodes have no name field.",
        "Listing automations shows only PUBLISHED ones unless status=DRAFT is passed.",
    ),
)

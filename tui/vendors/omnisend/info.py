"""What Omnisend's automations API is (endpoints, auth, version) and what it can express."""

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
from tui.vendors.omnisend.fields import ACTION_FIELDS, TEMPORARY_ID_LIMIT
from tui.vendors.omnisend.vocabulary import (
    API_VERSION,
    AUDIENCE_FIELDS,
    CONTACT_OPERATORS,
    DELAY_UNITS,
    ECOMMERCE_EVENTS,
    ENGAGEMENT_EVENTS,
    EVENT_OPERATORS,
    ORIGINS,
    SEND_ACTIONS,
)

INFO = VendorInfo(
    id="omnisend",
    title="Omnisend",
    summary="E-commerce flows: delays, email, SMS, push, webhooks, tags, splits and A/B tests.",
    base_url="https://api.omnisend.com",
    auth=AuthScheme(header="Authorization", template="Omnisend-API-Key {key}"),
    create=Endpoint("POST", "/api/automations"),
    get=Endpoint("GET", "/api/automations/{id}"),
    list=Endpoint("GET", "/api/automations"),
    extra_headers={"Omnisend-Version": API_VERSION},
    lifecycle=(
        LifecycleCall(
            option="enable",
            label="Enable after create (automations are created disabled; the body may "
                  "add enrollExisting)",
            endpoint=Endpoint("POST", "/api/automations/{id}/enable"),
            body={},
        ),
    ),
    docs_url="https://api-docs.omnisend.com/reference/post_automations",
)

_STORE_ORIGINS = ("api", "shopify", "woocommerce")

_EVENTS = (
    EventChoice("birthday", "Birthday (built-in; shift it with a birthdate filter, e.g. -24h)"),
    EventChoice("product back in stock",
                "Product back in stock (built-in; Shopify, BigCommerce, WooCommerce only)"),
    EventChoice("subscribed to marketing", "Subscribed to marketing"),
    EventChoice("entered segment", "Entered segment (filter on segment_id)", ("omnisend",)),
    *(EventChoice(name, name.capitalize(), _STORE_ORIGINS) for name in ECOMMERCE_EVENTS),
    *(EventChoice(name, name.capitalize(), ("omnisend",)) for name in ENGAGEMENT_EVENTS),
)


def _neutral(wire_operators: tuple[str, ...]) -> tuple[Operator, ...]:
    return tuple(CONTACT_OPERATORS[op] for op in wire_operators)


CAPABILITIES = Capabilities(
    events=_EVENTS,
    step_kinds=("wait", "email", "sms", "push", "webhook", "contact", "branch", "split"),
    custom_events=True,
    origins=ORIGINS,
    inactivity=True,
    operators={
        "event": tuple(EVENT_OPERATORS.values()),
        "contact": tuple(CONTACT_OPERATORS.values()),
        "message": ("opened", "clicked"),
    },
    audience_operators={field: _neutral(ops) for field, ops in AUDIENCE_FIELDS.items()},
    nested_conditions=True,
    negation=False,
    value_types=("string", "number", "boolean"),
    wait_units=tuple(DELAY_UNITS.values()),
    wait_modes=("duration", "immediate", "until_time"),
    weekdays=True,
    branch_max_arms=1,
    otherwise=True,
    reevaluate=False,
    split_arms=(2, 2),
    contact_actions=("add_tag", "remove_tag"),
    webhook_methods=("POST",),
    exit_rules=True,
    limits={
        "step_id": TEMPORARY_ID_LIMIT,
        **{f"{SEND_ACTIONS.get(action, 'contact')}.{field.attr}": field.max_length
           for action, fields in ACTION_FIELDS.items()
           for field in fields if field.max_length is not None},
    },
    notes=(
        f"API version {API_VERSION}: every request carries the Omnisend-Version header.",
        "Automations are created disabled; enable them with a second call.",
        "A split has one condition (true arm) and an otherwise arm (false); an A/B test has "
        "exactly two paths. Nest them for more.",
        "Trigger filters nest one level: an 'and' of groups. Split, audience and exit "
        "conditions are single groups.",
        "Blocks after a split or A/B test re-converge: both paths continue with them. The "
        "2026-03-15 reference hints that a split may own its continuation instead; keeping "
        "follow-up steps inside the arms is the safe choice.",
        "An email is built from a stored template (templateID), not inline HTML.",
        "Webhooks are POST only and need a paid Omnisend plan.",
        "Exit conditions are checked at every step; built-in events cannot be exit conditions.",
    ),
)

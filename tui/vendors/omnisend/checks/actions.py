"""Rules for delays and actions: required fields, length limits and formats.

Email: templateID (24 hex digits), subject, preheader, senderName ≤ 250,
language `xx_XX`; no inline HTML. SMS: message ≤ 1600, compliance texts while
their flags are on (the default), the unsubscribe text holding
`[[unsubscribe_link]]`. Push: title, body ≤ 250, clickUrl ≤ 2000. Webhook:
an https callbackUrl ≤ 2000, a body ≤ 65536 that should be JSON, header sizes.
Tags ≤ 250. Delays: whole amounts ≥ 1, a time for `until_time`.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from tui.model.problems import Problem, error, warning
from tui.model.steps import EmailStep, PushStep, SmsStep, Step, WaitStep, WebhookStep
from tui.model.tree import walk
from tui.model.workflow import Workflow
from tui.vendors.omnisend.compile import action_type_of
from tui.vendors.omnisend.fields import (
    ACTION_FIELDS,
    COMPLIANCE_TEXT_LIMIT,
    WEBHOOK_HEADER_KEY_LIMIT,
    WEBHOOK_HEADER_VALUE_LIMIT,
)
from tui.vendors.omnisend.leftovers import kept

_TEMPLATE_ID = re.compile(r"^[0-9a-fA-F]{24}$")
_LANGUAGE = re.compile(r"^[a-z]{2}_[A-Z]{2}$")
_TAG = re.compile(r"\[\[[^\]]*\]\]")
_COMPLIANCE = (("isStopKeywordIncluded", "stopKeywordText"),
               ("isUnsubscribeLinkIncluded", "unsubscribeLinkText"))


def action_problems(workflow: Workflow) -> Iterator[Problem]:
    for place in walk(workflow.steps):
        step = place.step
        if isinstance(step, WaitStep):
            yield from _delay(step)
        action_type = action_type_of(step)
        if action_type is None:
            continue
        yield from _fields(step, action_type)
        if isinstance(step, EmailStep):
            yield from _email(step)
        elif isinstance(step, SmsStep):
            yield from _sms(step)
        elif isinstance(step, PushStep) and step.template_id:
            yield _cannot("a stored push template (give title, body and clickUrl)", step,
                          "template_id")
        elif isinstance(step, WebhookStep):
            yield from _webhook(step)


def _cannot(what: str, step: Step, path: str) -> Problem:
    return error(f"Omnisend cannot express {what}", "UNSUPPORTED", step_id=step.id, path=path)


def _too_long(label: str, value: str, limit: int, step: Step, path: str) -> Iterator[Problem]:
    if len(value) > limit:
        yield error(f"{label} is {len(value)} characters; the limit is {limit}", "TOO_LONG",
                    step_id=step.id, path=path)


def _fields(step: Step, action_type: str) -> Iterator[Problem]:
    for field in ACTION_FIELDS[action_type]:
        value = getattr(step, field.attr) or ""
        if field.required and not value.strip():
            yield error(f"{action_type}.{field.key} is required", "REQUIRED_FIELD",
                        step_id=step.id, path=field.attr)
        if field.max_length is not None:
            yield from _too_long(f"{action_type}.{field.key}", value, field.max_length, step,
                                 field.attr)


def _delay(step: WaitStep) -> Iterator[Problem]:
    if step.mode == "duration" and (step.amount < 1 or not float(step.amount).is_integer()):
        yield error(f"a delay lasts a whole number ≥ 1 of {step.unit}, not {step.amount}",
                    "DELAY_AMOUNT_INVALID", step_id=step.id, path="amount")
    if step.mode == "until_time" and step.at_time is None:
        yield error("a delay until a time of day needs the time (HH:MM)", "REQUIRED_FIELD",
                    step_id=step.id, path="at_time")


def _email(step: EmailStep) -> Iterator[Problem]:
    if step.template_id and not _TEMPLATE_ID.match(step.template_id):
        yield error(f"templateID is 24 hex digits, not {step.template_id!r}", "INVALID_FORMAT",
                    step_id=step.id, path="template_id")
    if step.language and not _LANGUAGE.match(step.language):
        yield error(f"language is a locale like en_US, not {step.language!r}", "INVALID_FORMAT",
                    step_id=step.id, path="language")
    if step.html.strip():
        yield _cannot("inline HTML: an email is built from a stored template (template_id)",
                      step, "html")


def _sms(step: SmsStep) -> Iterator[Problem]:
    if step.template_id:
        yield _cannot("a stored SMS template (give the message text)", step, "template_id")
    if step.channel != "sms":
        yield _cannot(f"a message on the '{step.channel}' channel", step, "channel")
    compliance: Any = kept(step.extras).get("compliance", {})
    base = "extras.omnisend.compliance"
    if not isinstance(compliance, dict):
        yield error("compliance is an object of flags and texts", "INVALID_FORMAT",
                    step_id=step.id, path=base)
        return
    for flag, key in _COMPLIANCE:
        text = compliance.get(key)
        if compliance.get(flag, True) is not False and not (isinstance(text, str) and text):
            yield error(f"compliance.{key} is required while compliance.{flag} is true (the "
                        "default)", "REQUIRED_FIELD", step_id=step.id, path=f"{base}.{key}")
        if isinstance(text, str):
            yield from _too_long(f"compliance.{key}", text, COMPLIANCE_TEXT_LIMIT, step,
                                 f"{base}.{key}")
    unsubscribe = compliance.get("unsubscribeLinkText")
    if isinstance(unsubscribe, str) and unsubscribe and "[[unsubscribe_link]]" not in unsubscribe:
        yield error("compliance.unsubscribeLinkText must contain [[unsubscribe_link]]",
                    "INVALID_FORMAT", step_id=step.id, path=f"{base}.unsubscribeLinkText")


def _webhook(step: WebhookStep) -> Iterator[Problem]:
    yield from _callback_url(step)
    if step.body.strip():
        try:
            json.loads(_TAG.sub("0", step.body))
        except ValueError:
            yield warning("the webhook body is sent as JSON text but does not parse as JSON",
                          "WEBHOOK_BODY_NOT_JSON", step_id=step.id, path="body")
    for key, value in step.headers.items():
        yield from _too_long(f"header name '{key[:20]}'", key, WEBHOOK_HEADER_KEY_LIMIT, step,
                             "headers")
        yield from _too_long(f"header '{key}'", value, WEBHOOK_HEADER_VALUE_LIMIT, step,
                             f"headers.{key}")


def _https_host(url: str) -> tuple[str, int | None] | None:
    """The host and port of an https URL, or None when it is not one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme != "https" or not parts.hostname:
        return None
    return parts.hostname, port


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _callback_url(step: WebhookStep) -> Iterator[Problem]:
    if not step.url:
        return  # reported as required
    found = _https_host(step.url)
    if found is None:
        yield error("callbackUrl must be an https:// URL", "INVALID_FORMAT", step_id=step.id,
                    path="url")
        return
    host, port = found
    if _is_ip(host) or "." not in host or port not in (None, 443):
        yield warning("Omnisend is reported to refuse webhook URLs with an IP address, a host "
                      "that is not a full domain name, or a port other than 443",
                      "WEBHOOK_URL_HOST", step_id=step.id, path="url")

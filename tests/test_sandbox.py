"""The built-in sandbox: every vendor's endpoints, envelopes, key checks and faults.

Most tests call the app in-process through `httpx.ASGITransport`; the last ones
go over a real loopback socket to the server `ensure_running()` starts. Every
call is bounded in time; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tui import vendors
from tui.model.errors import PayloadError
from tui.sandbox import SANDBOX_KEYS
from tui.sandbox.app import Sandbox, create_app
from tui.sandbox.asgi import ConnectionDropped
from tui.sandbox.server import SandboxError, ensure_running, serve

LIMIT = 5.0
"""Seconds any one request may take in these tests."""
HEX24 = re.compile(r"^[0-9a-f]{24}$")
PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True)
class Vendor:
    id: str
    collection: str
    """The automations path under the vendor's mount, e.g. `/v1/automations`."""
    created: int
    id_pattern: str
    valid: dict[str, Any]
    auth: str
    extra: dict[str, str]

    def headers(self, key: str | None = None) -> dict[str, str]:
        return {"Authorization": self.auth.format(key=key or SANDBOX_KEYS[self.id]), **self.extra}

    def url(self, suffix: str = "") -> str:
        return f"/{self.id}{self.collection}{suffix}"


VENDORS = {v.id: v for v in (
    Vendor("autosend", "/v1/automations", 201, HEX24.pattern, {
        "name": "Welcome", "entryCriteria": {"type": "contact_created"},
        "exitCriteria": {"type": "workflow_complete"},
        "steps": [
            {"stepId": "step_wait", "type": "wait", "delay": {"value": 1, "unit": "minutes"},
             "nextStepId": "step_email"},
            {"stepId": "step_email", "type": "email",
             "email": {"templateId": "60d5ec49f1b2c72d9c8b1234"}},
        ],
    }, "Bearer {key}", {}),
    Vendor("kibamail", "/v1/automations", 201, r"^c[0-9a-z]{24}$", {
        "name": "Welcome Email Sequence",
        "trigger": {"type": "CONTACT_SUBSCRIBED", "config": {}},
        "nodes": [
            {"id": "trigger-1", "type": "contact-subscribed", "position": {"x": 0, "y": 0},
             "data": {}},
            {"id": "email-1", "type": "send-email", "position": {"x": 0, "y": 100},
             "data": {"subject": "Welcome!", "templateId": "tpl_123"}},
        ],
        "edges": [{"id": "e1-2", "source": "trigger-1", "target": "email-1"}],
    }, "Bearer {key}", {}),
    Vendor("omnisend", "/api/automations", 201, HEX24.pattern, {
        "name": "New Subscriber Webhook",
        "trigger": {"condition": {"event": "subscribed to marketing"}},
        "blocks": [
            {"temporaryID": "wait-5m", "type": "delay",
             "delay": {"mode": "duration", "duration": {"amount": 5, "units": "m"}}},
            {"temporaryID": "webhook-notify", "type": "action",
             "action": {"type": "sendWebhook", "sendWebhook": {
                 "callbackUrl": "https://example.com/webhooks/omnisend",
                 "body": "{\"email\": \"[[contact.email]]\"}"}}},
        ],
    }, "Omnisend-API-Key {key}", {"Omnisend-Version": "2026-03-15"}),
    Vendor("qonversion", "/v4/automations", 201, r"^auto-[a-zA-Z0-9._-]+$", {
        "name": "Trial started push", "caption": "Nudge new trial users", "status": "inactive",
        "data": {"platform": None, "initiators": [{"uid": "2", "type": "event"}],
                 "actions": {"push": "nCRUE7SW"}, "segments": None},
    }, "Bearer {key}", {}),
    Vendor("tether", "/api/automations", 200, HEX24.pattern, {
        "name": "Move hot leads", "description": "Move inbound hot leads to working",
        "event": "message.received", "triggerType": "inbound",
        "actions": {"changeToStatus": "working"},
    }, "Bearer {key}", {}),
)}
ALL = list(VENDORS)


def record_of(vendor: str, body: dict[str, Any]) -> dict[str, Any]:
    """The automation inside a vendor's success answer."""
    return body["data"] if vendor in ("autosend", "tether") else body


def ident_of(vendor: str, body: dict[str, Any]) -> str:
    return record_of(vendor, body)["_id" if vendor == "tether" else "id"]


def error_code(vendor: str, body: dict[str, Any]) -> str:
    """The code in a vendor's error envelope (Omnisend: its problem `title`)."""
    return body["title"] if vendor == "omnisend" else body["error"]["code"]


@pytest.fixture
def app() -> Sandbox:
    return create_app()


@pytest.fixture
async def client(app: Sandbox) -> AsyncIterator[Callable[..., Any]]:
    """`call(method, path, **kwargs)`: one in-process request, bounded in time."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as http:
        async def call(method: str, path: str, **kwargs: Any) -> httpx.Response:
            return await asyncio.wait_for(http.request(method, path, **kwargs), LIMIT)
        yield call


async def create(call: Callable[..., Any], vendor: Vendor, body: dict[str, Any] | None = None,
                 **headers: str) -> httpx.Response:
    return await call("POST", vendor.url(), json=body or vendor.valid,
                      headers={**vendor.headers(), **headers})


# Create, get, list.

@pytest.mark.parametrize("vendor_id", ALL)
async def test_create_get_list(client: Callable[..., Any], vendor_id: str) -> None:
    vendor = VENDORS[vendor_id]
    created = await create(client, vendor)
    assert created.status_code == vendor.created, created.text
    ident = ident_of(vendor_id, created.json())
    assert re.match(vendor.id_pattern, ident)
    record = record_of(vendor_id, created.json())
    assert record["name"] == vendor.valid["name"]

    got = await client("GET", vendor.url(f"/{ident}"), headers=vendor.headers())
    assert got.status_code == 200
    assert record_of(vendor_id, got.json()) == record

    query = {"status": "DRAFT"} if vendor_id == "kibamail" else {}
    listed = await client("GET", vendor.url(), params=query, headers=vendor.headers())
    assert listed.status_code == 200
    body = listed.json()
    items = {"autosend": lambda: body["data"]["workflowAutomations"],
             "omnisend": lambda: body["automations"]}.get(vendor_id, lambda: body["data"])()
    assert [item["_id" if vendor_id == "tether" else "id"] for item in items] == [ident]


async def test_created_state_is_each_vendors_own(client: Callable[..., Any]) -> None:
    answers = {v: (await create(client, VENDORS[v])).json() for v in ALL}
    assert answers["autosend"]["success"] is True
    assert answers["autosend"]["data"]["status"] == "draft"
    assert answers["kibamail"]["status"] == "DRAFT"
    assert answers["kibamail"]["object"] == "automation" and answers["kibamail"]["version"] == 1
    assert answers["omnisend"]["isEnabled"] is False
    assert answers["qonversion"]["status"] == "inactive"
    assert answers["qonversion"]["data"]["type"] == "event"
    assert answers["qonversion"]["url"] == f"/v4/automations/{answers['qonversion']['id']}"
    assert answers["tether"]["success"] is True and answers["tether"]["data"]["enabled"] is True


async def test_omnisend_replaces_temporary_ids_and_follows_message_filters(
        client: Callable[..., Any]) -> None:
    vendor = VENDORS["omnisend"]
    email = {"type": "action", "action": {"type": "sendEmail", "sendEmail": {
        "subject": "Hi", "preheader": "Hello", "senderName": "Shop", "language": "en_US",
        "templateID": "000000000000000000000001"}}}
    body = {
        "name": "Opened or not",
        "trigger": {"condition": {"event": "subscribed to marketing"}},
        "blocks": [
            {"temporaryID": "first-email", **email},
            {"temporaryID": "wait-1d", "type": "delay",
             "delay": {"mode": "duration", "duration": {"amount": 1, "units": "d"}}},
            {"temporaryID": "opened", "type": "split", "split": {
                "filterGroup": {"logicalOperator": "and", "filters": [
                    {"type": "message", "field": "blockID", "operator": "openedEmail",
                     "value": "first-email"}]},
                "trueBlocks": [{"temporaryID": "thanks", **email}],
                "falseBlocks": [{"temporaryID": "reminder", **email}]}},
        ],
    }
    answer = await create(client, vendor, body)
    assert answer.status_code == 201, answer.text
    blocks = answer.json()["blocks"]
    assert "temporaryID" not in answer.text
    assert all(HEX24.match(block["id"]) for block in blocks)
    split = blocks[2]["split"]
    assert split["filterGroup"]["filters"][0]["value"] == blocks[0]["id"]
    assert HEX24.match(split["trueBlocks"][0]["id"]) and HEX24.match(split["falseBlocks"][0]["id"])


# Lifecycle calls.

async def test_autosend_activates_by_patch_and_on_create(client: Callable[..., Any]) -> None:
    vendor = VENDORS["autosend"]
    ident = ident_of("autosend", (await create(client, vendor)).json())
    patched = await client("PATCH", vendor.url(f"/{ident}"), json={"active": True},
                           headers=vendor.headers())
    assert patched.status_code == 200
    assert patched.json()["data"]["status"] == "active" and patched.json()["data"]["activeAt"]
    live = await create(client, vendor, {**vendor.valid, "active": True})
    assert live.status_code == 201 and live.json()["data"]["status"] == "active"
    listed = await client("GET", vendor.url(), params={"status": "active"},
                          headers=vendor.headers())
    assert listed.json()["data"]["pagination"]["total"] == 2
    edit = await client("PATCH", vendor.url(f"/{ident}"), json={"name": "renamed"},
                        headers=vendor.headers())
    assert edit.status_code == 400 and edit.json()["success"] is False


async def test_kibamail_publish(client: Callable[..., Any]) -> None:
    vendor = VENDORS["kibamail"]
    ident = ident_of("kibamail", (await create(client, vendor)).json())
    assert (await client("GET", vendor.url(), headers=vendor.headers())).json()["data"] == []
    published = await client("POST", vendor.url(f"/{ident}/publish"), headers=vendor.headers())
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "PUBLISHED" and published.json()["publishedAt"]
    listed = await client("GET", vendor.url(), headers=vendor.headers())
    assert [item["id"] for item in listed.json()["data"]] == [ident]
    again = await client("POST", vendor.url(f"/{ident}/publish"), headers=vendor.headers())
    assert again.status_code == 400 and again.json()["error"]["code"] == "INVALID_PARAMETER"


async def test_kibamail_adds_the_trigger_node_an_empty_flow_lacks(
        client: Callable[..., Any]) -> None:
    created = await create(client, VENDORS["kibamail"], {"name": "Empty"})
    assert created.status_code == 201, created.text
    assert [node["type"] for node in created.json()["nodes"]] == ["contact-subscribed"]
    assert created.json()["trigger"] == {"type": "CONTACT_SUBSCRIBED", "config": {}}


async def test_kibamail_publish_runs_the_publish_checks(client: Callable[..., Any]) -> None:
    vendor = VENDORS["kibamail"]
    nodes = [vendor.valid["nodes"][0], {**vendor.valid["nodes"][1], "data": {"subject": "Hi"}}]
    created = await create(client, vendor, {**vendor.valid, "nodes": nodes})
    assert created.status_code == 201, created.text
    ident = ident_of("kibamail", created.json())
    refused = await client("POST", vendor.url(f"/{ident}/publish"), headers=vendor.headers())
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "AUTOMATION_VALIDATION_FAILED"
    assert error["type"] == "INVALID_REQUEST_ERROR"
    assert [(e["nodeId"], e["nodeType"]) for e in error["details"]["errors"]] == [
        ("email-1", "send-email")]
    still = await client("GET", vendor.url(f"/{ident}"), headers=vendor.headers())
    assert still.json()["status"] == "DRAFT"


async def test_omnisend_enable_and_disable(client: Callable[..., Any]) -> None:
    vendor = VENDORS["omnisend"]
    ident = ident_of("omnisend", (await create(client, vendor)).json())
    enabled = await client("POST", vendor.url(f"/{ident}/enable"), headers=vendor.headers())
    assert enabled.status_code == 200 and enabled.json()["isEnabled"] is True
    assert enabled.json()["enabledAt"]
    missing = await client("POST", vendor.url(f"/{ident}/disable"), json={},
                           headers=vendor.headers())
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "contactsInWorkflow"
    disabled = await client("POST", vendor.url(f"/{ident}/disable"),
                            json={"contactsInWorkflow": "keep"}, headers=vendor.headers())
    assert disabled.status_code == 200 and disabled.json()["isEnabled"] is False
    listed = await client("GET", vendor.url(), params={"isEnabled": "true"},
                          headers=vendor.headers())
    assert listed.json()["automations"] == []


async def test_omnisend_enroll_existing_needs_a_leading_delay(client: Callable[..., Any]) -> None:
    vendor = VENDORS["omnisend"]
    body = {**vendor.valid, "blocks": vendor.valid["blocks"][1:]}
    ident = ident_of("omnisend", (await create(client, vendor, body)).json())
    refused = await client("POST", vendor.url(f"/{ident}/enable"),
                           json={"enrollExisting": True}, headers=vendor.headers())
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["code"] == "enroll-existing-not-applicable"


async def test_qonversion_status(client: Callable[..., Any]) -> None:
    vendor = VENDORS["qonversion"]
    ident = ident_of("qonversion", (await create(client, vendor)).json())
    patched = await client("PATCH", vendor.url(f"/{ident}/status"), json={"status": "active"},
                           headers=vendor.headers())
    assert patched.status_code == 204 and patched.content == b""
    got = await client("GET", vendor.url(f"/{ident}"), headers=vendor.headers())
    assert got.json()["status"] == "active"
    wrong = await client("PATCH", vendor.url(f"/{ident}/status"), json={"status": "on"},
                         headers=vendor.headers())
    assert wrong.status_code == 400
    assert wrong.json()["error"]["code"] == "invalid_data"
    assert wrong.json()["error"]["details"][0]["field"] == "status"


async def test_qonversion_list_pages_by_cursor(client: Callable[..., Any]) -> None:
    vendor = VENDORS["qonversion"]
    made = {ident_of("qonversion", (await create(client, vendor)).json()) for _ in range(3)}
    first = (await client("GET", vendor.url(), params={"limit": 2},
                          headers=vendor.headers())).json()
    assert first["has_more"] is True and len(first["data"]) == 2
    rest = (await client("GET", vendor.url(),
                         params={"limit": 2, "starting_after": first["next_cursor"]},
                         headers=vendor.headers())).json()
    assert rest["has_more"] is False and "next_cursor" not in rest
    seen = [item["id"] for item in first["data"] + rest["data"]]
    assert seen == sorted(made, reverse=True)


async def test_tether_preference(client: Callable[..., Any]) -> None:
    vendor = VENDORS["tether"]
    ident = ident_of("tether", (await create(client, vendor)).json())
    switched = await client("PATCH", vendor.url(f"/{ident}/preference"), json={"enabled": False},
                            headers=vendor.headers())
    assert switched.status_code == 200
    assert switched.json() == {"success": True, "message": "Automation disabled successfully",
                               "data": {"automationId": ident, "enabled": False}}
    got = await client("GET", vendor.url(f"/{ident}"), headers=vendor.headers())
    assert got.json()["data"]["enabled"] is False
    wrong = await client("PATCH", vendor.url(f"/{ident}/preference"), json={"enabled": "no"},
                         headers=vendor.headers())
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "invalid_request"


# The vendor's checks on create.

INVALID: dict[str, tuple[dict[str, Any], int, str]] = {
    "autosend": ({**VENDORS["autosend"].valid, "steps": VENDORS["autosend"].valid["steps"][1:]},
                 400, "INVALID_STEP_SEQUENCE"),
    "kibamail": ({**VENDORS["kibamail"].valid,
                  "edges": [{"id": "e1", "source": "trigger-1", "target": "nowhere"}]},
                 422, "VALIDATION_FAILED"),
    "omnisend": ({**VENDORS["omnisend"].valid, "blocks": VENDORS["omnisend"].valid["blocks"][:1]},
                 400, "Bad Request"),
    "qonversion": ({**VENDORS["qonversion"].valid,
                    "data": {**VENDORS["qonversion"].valid["data"], "initiators": []}},
                   400, "invalid_data"),
    "tether": ({key: value for key, value in VENDORS["tether"].valid.items() if key != "event"},
               400, "invalid_request"),
}
"""A body each vendor documents as refused, the status and the code it answers."""


@pytest.mark.parametrize("vendor_id", ALL)
async def test_check_failure_gets_the_vendors_envelope(client: Callable[..., Any], app: Sandbox,
                                                       vendor_id: str) -> None:
    body, status, code = INVALID[vendor_id]
    refused = await create(client, VENDORS[vendor_id], body)
    assert refused.status_code == status, refused.text
    assert error_code(vendor_id, refused.json()) == code
    assert app.emulators[vendor_id].records == {}


async def test_omnisend_validation_problem_names_the_temporary_id(
        client: Callable[..., Any]) -> None:
    body, _, _ = INVALID["omnisend"]
    refused = await create(client, VENDORS["omnisend"], body)
    assert refused.headers["content-type"] == PROBLEM_JSON
    problem = refused.json()
    assert problem["status"] == 400 and problem["type"].startswith("https://")
    assert any("wait-5m" in error["field"] for error in problem["errors"])
    assert all({"field", "code", "message"} <= set(error) for error in problem["errors"])


async def test_autosend_cannot_activate_creates_nothing(client: Callable[..., Any],
                                                        app: Sandbox,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`active: true` runs the activation checks; their failure refuses the whole create."""
    from tui.model.problems import error

    emulator = app.emulators["autosend"]
    monkeypatch.setattr(type(emulator), "review", lambda self, body: [
        error("no sender", "EMAIL_TEMPLATE_REQUIRED", step_id="step_email", phase="activate")])
    vendor = VENDORS["autosend"]
    refused = await create(client, vendor, {**vendor.valid, "active": True})
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "CANNOT_ACTIVATE_AUTOMATION"
    assert refused.json()["error"]["details"][0]["field"] == "steps[step_email]"
    assert emulator.records == {}
    draft = await create(client, vendor)
    assert draft.status_code == 201


@pytest.mark.parametrize("vendor_id", ALL)
@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe"])
async def test_unreadable_body_gets_the_vendors_4xx(client: Callable[..., Any], vendor_id: str,
                                                    content: bytes) -> None:
    vendor = VENDORS[vendor_id]
    answer = await client("POST", vendor.url(), content=content,
                          headers={**vendor.headers(), "Content-Type": "application/json"})
    assert answer.status_code in (400, 422)
    assert error_code(vendor_id, answer.json())
    assert "Traceback" not in answer.text


@pytest.mark.parametrize("vendor_id", ALL)
async def test_body_the_adapter_cannot_parse_gets_the_vendors_4xx(
        client: Callable[..., Any], vendor_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Any, payload: Any) -> None:
        raise PayloadError("expected a list", "steps")

    monkeypatch.setattr(type(vendors.get(vendor_id)), "parse", refuse)
    answer = await create(client, VENDORS[vendor_id])
    assert answer.status_code in (400, 422)
    assert "expected a list" in answer.text and '"steps' in answer.text


async def test_a_sandbox_bug_is_the_vendors_500_without_traceback(
        client: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(self: Any, payload: Any) -> None:
        raise KeyError("steps")

    monkeypatch.setattr(type(vendors.get("tether")), "parse", crash)
    answer = await create(client, VENDORS["tether"])
    assert answer.status_code == 500
    assert answer.json()["error"]["code"] == "internal_error"
    assert "KeyError" in answer.text and "Traceback" not in answer.text


# Keys and headers.

AUTH_FAILURES = [
    ("autosend", {}, "UNAUTHORIZED"),
    ("autosend", {"Authorization": "Bearer sk_live_secret"}, "UNAUTHORIZED"),
    ("autosend", {"Authorization": "Token AS_secret"}, "UNAUTHORIZED"),
    ("kibamail", {}, "MISSING_AUTHORIZATION_HEADER"),
    ("kibamail", {"Authorization": "Basic kb_secret"}, "INVALID_AUTHORIZATION_HEADER"),
    ("kibamail", {"Authorization": "Bearer "}, "MISSING_API_KEY"),
    ("kibamail", {"Authorization": "Bearer AS_secret"}, "INVALID_API_KEY"),
    ("omnisend", {"Omnisend-Version": "2026-03-15"}, "Unauthorized"),
    ("omnisend", {"Authorization": "Bearer omni-secret", "Omnisend-Version": "2026-03-15"},
     "Unauthorized"),
    ("qonversion", {}, "control_unauthorized"),
    ("qonversion", {"Authorization": "Bearer pk_secret"}, "control_unauthorized"),
    ("tether", {}, "unauthorized"),
    ("tether", {"Authorization": "sandbox-token"}, "unauthorized"),
]


@pytest.mark.parametrize(("vendor_id", "headers", "code"), AUTH_FAILURES)
async def test_auth_failure_gets_the_vendors_401(client: Callable[..., Any], vendor_id: str,
                                                 headers: dict[str, str], code: str) -> None:
    answer = await client("POST", VENDORS[vendor_id].url(), json=VENDORS[vendor_id].valid,
                          headers=headers)
    assert answer.status_code == 401
    assert error_code(vendor_id, answer.json()) == code
    secret = headers.get("Authorization", "").split()[1:]
    assert not secret or secret[0] not in answer.text  # a key is never echoed


@pytest.mark.parametrize("vendor_id", ALL)
async def test_any_key_of_the_right_shape_is_accepted(client: Callable[..., Any],
                                                      vendor_id: str) -> None:
    vendor = VENDORS[vendor_id]
    prefixes = {"autosend": "AS_", "kibamail": "kb_live_", "qonversion": "sk_"}
    for key in (None, f"{prefixes.get(vendor_id, '')}another-key"):
        answer = await client("GET", vendor.url(), headers=vendor.headers(key))
        assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(("version", "status"), [
    (None, 400), ("2025-01-01", 410), ("banana", 400), ("2026-preview", 200)])
async def test_omnisend_version_header(client: Callable[..., Any], version: str | None,
                                       status: int) -> None:
    vendor = VENDORS["omnisend"]
    headers = {"Authorization": "Omnisend-API-Key sandbox"}
    if version is not None:
        headers["Omnisend-Version"] = version
    answer = await client("GET", vendor.url(), headers=headers)
    assert answer.status_code == status
    if status != 200:
        assert answer.headers["content-type"] == PROBLEM_JSON
        assert answer.json()["status"] == status


@pytest.mark.parametrize(("vendor_id", "method", "path", "status", "code"), [
    ("autosend", "GET", "/v1/nothing", 404, "NOT_FOUND"),
    ("autosend", "DELETE", "/v1/automations", 405, "METHOD_NOT_ALLOWED"),
    ("kibamail", "GET", "/v1/automations/missing", 404, "AUTOMATION_NOT_FOUND"),
    ("omnisend", "POST", "/api/automations/missing/enable", 404, "Not Found"),
    ("qonversion", "GET", "/v4/nothing", 404, "invalid_request"),
    ("qonversion", "GET", "/v4/automations/missing", 404, "not_found"),
    ("tether", "PATCH", "/api/automations/missing/preference", 404, "not_found"),
])
async def test_unknown_paths_and_ids(client: Callable[..., Any], vendor_id: str, method: str,
                                     path: str, status: int, code: str) -> None:
    answer = await client(method, f"/{vendor_id}{path}", json={"enabled": True},
                          headers=VENDORS[vendor_id].headers())
    assert answer.status_code == status
    assert error_code(vendor_id, answer.json()) == code


async def test_index_and_request_log(client: Callable[..., Any]) -> None:
    index = (await client("GET", "/")).json()
    assert {v: index["vendors"][v]["key"] for v in ALL} == SANDBOX_KEYS
    await create(client, VENDORS["tether"])
    log = (await client("GET", "/_sandbox/requests")).json()["requests"]
    assert log == [{"vendor": "tether", "operation": "create", "method": "POST",
                    "path": "/api/automations", "status": 200, "dropped": False}]
    assert (await client("GET", "/nowhere")).status_code == 404


# Faults.

@pytest.mark.parametrize("vendor_id", ALL)
async def test_injected_status_gets_the_vendors_envelope(client: Callable[..., Any], app: Sandbox,
                                                         vendor_id: str) -> None:
    answer = await create(client, VENDORS[vendor_id], **{"X-Sandbox-Status": "503"})
    assert answer.status_code == 503
    assert error_code(vendor_id, answer.json())
    assert app.emulators[vendor_id].records == {}  # the request was not handled


RETRY_HINTS: dict[str, Callable[[httpx.Response], Any]] = {
    "autosend": lambda r: r.json()["retryAfter"],
    "kibamail": lambda r: int(r.headers["retry-after"]),
    "omnisend": lambda r: r.json()["retryAfter"],
    "qonversion": lambda r: int(r.headers["retry-after"]),
    "tether": lambda r: int(r.headers["retry-after"]),
}


@pytest.mark.parametrize("vendor_id", ALL)
async def test_rate_limit_carries_the_vendors_retry_hint(client: Callable[..., Any],
                                                         vendor_id: str) -> None:
    answer = await create(client, VENDORS[vendor_id],
                          **{"X-Sandbox-Status": "429", "X-Sandbox-Retry-After": "17"})
    assert answer.status_code == 429
    assert RETRY_HINTS[vendor_id](answer) == 17
    alone = await create(client, VENDORS[vendor_id], **{"X-Sandbox-Retry-After": "3"})
    assert alone.status_code == 429 and RETRY_HINTS[vendor_id](alone) == 3


async def test_drop_handles_the_request_then_answers_nothing(client: Callable[..., Any],
                                                             app: Sandbox) -> None:
    with pytest.raises(ConnectionDropped):
        await create(client, VENDORS["autosend"], **{"X-Sandbox-Drop": "1"})
    assert len(app.emulators["autosend"].records) == 1
    assert app.requests[-1]["dropped"] is True and app.requests[-1]["status"] is None


async def test_latency_does_not_block_other_requests(client: Callable[..., Any]) -> None:
    vendor = VENDORS["qonversion"]
    finished: list[str] = []

    async def timed(name: str, **headers: str) -> None:
        answer = await client("GET", vendor.url(), headers={**vendor.headers(), **headers})
        assert answer.status_code == 200
        finished.append(name)

    started = time.monotonic()
    await asyncio.gather(timed("slow", **{"X-Sandbox-Latency": "0.4"}), timed("fast"))
    assert finished == ["fast", "slow"]
    assert time.monotonic() - started >= 0.4


@pytest.mark.parametrize(("how", "media_type"), [("malformed", "application/json"),
                                                 ("html", "text/html")])
async def test_broken_body(client: Callable[..., Any], how: str, media_type: str) -> None:
    vendor = VENDORS["kibamail"]
    answer = await client("GET", vendor.url(), headers={**vendor.headers(), "X-Sandbox-Body": how})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == media_type
    with pytest.raises(ValueError):
        answer.json()


@pytest.mark.parametrize("header", [
    {"X-Sandbox-Latency": "soon"}, {"X-Sandbox-Latency": "-1"}, {"X-Sandbox-Status": "200"},
    {"X-Sandbox-Status": "429", "X-Sandbox-Retry-After": "-5"},
    {"X-Sandbox-Status": "500", "X-Sandbox-Retry-After": "5"}, {"X-Sandbox-Drop": "yes"},
    {"X-Sandbox-Body": "xml"},
])
async def test_bad_fault_header_is_a_400_naming_it(client: Callable[..., Any],
                                                   header: dict[str, str]) -> None:
    answer = await create(client, VENDORS["tether"], **header)
    assert answer.status_code == 400
    assert "X-Sandbox-" in answer.json()["error"]["message"]


# Over a real loopback socket.

def log_of(root: str, http: httpx.Client) -> list[dict[str, Any]]:
    return http.get(f"{root}/_sandbox/requests").json()["requests"]


@pytest.fixture(scope="module")
def root() -> str:
    return ensure_running()


@pytest.fixture
def http() -> httpx.Client:
    with httpx.Client(timeout=LIMIT, trust_env=False) as client:
        yield client


def test_ensure_running_starts_once(root: str) -> None:
    urls: list[str] = []
    threads = [threading.Thread(target=lambda: urls.append(ensure_running())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(LIMIT)
    assert urls == [root] * 8
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", root)


@pytest.mark.parametrize("vendor_id", ALL)
def test_create_over_loopback(root: str, http: httpx.Client, vendor_id: str) -> None:
    vendor = VENDORS[vendor_id]
    answer = http.post(f"{root}{vendor.url()}", json=vendor.valid, headers=vendor.headers())
    assert answer.status_code == vendor.created, answer.text
    ident = ident_of(vendor_id, answer.json())
    got = http.get(f"{root}{vendor.url(f'/{ident}')}", headers=vendor.headers())
    assert got.status_code == 200


def test_read_timeout_over_loopback_still_creates_once(root: str, http: httpx.Client) -> None:
    vendor = VENDORS["autosend"]
    marker = {**vendor.valid, "name": "slow create"}
    before = len(log_of(root, http))
    with pytest.raises(httpx.ReadTimeout):
        http.post(f"{root}{vendor.url()}", json=marker, timeout=httpx.Timeout(LIMIT, read=0.2),
                  headers={**vendor.headers(), "X-Sandbox-Latency": "0.6"})
    time.sleep(0.8)  # the server finishes the request the client gave up on
    creates = [e for e in log_of(root, http)[before:] if e["operation"] == "create"]
    assert [e["status"] for e in creates] == [201]
    listed = http.get(f"{root}{vendor.url()}", headers=vendor.headers(), params={"limit": 100})
    assert [a["name"] for a in listed.json()["data"]["workflowAutomations"]].count(
        "slow create") == 1


def test_dropped_connection_is_a_transport_error(root: str, http: httpx.Client) -> None:
    vendor = VENDORS["omnisend"]
    before = len(log_of(root, http))
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(f"{root}{vendor.url()}", json=vendor.valid,
                  headers={**vendor.headers(), "X-Sandbox-Drop": "1"})
    entries = log_of(root, http)[before:]
    assert [(e["operation"], e["dropped"], e["status"]) for e in entries] == [
        ("create", True, None)]
    assert http.get(f"{root}{vendor.url()}", headers=vendor.headers()).status_code == 200


def test_slow_request_does_not_block_others_over_loopback(root: str) -> None:
    vendor = VENDORS["tether"]
    finished: list[str] = []

    def fetch(name: str, latency: str) -> None:
        with httpx.Client(timeout=LIMIT, trust_env=False) as client:
            answer = client.get(f"{root}{vendor.url()}",
                                headers={**vendor.headers(), "X-Sandbox-Latency": latency})
        assert answer.status_code == 200
        finished.append(name)

    slow = threading.Thread(target=fetch, args=("slow", "0.5"))
    slow.start()
    time.sleep(0.05)
    fetch("fast", "0")
    slow.join(LIMIT)
    assert finished == ["fast", "slow"]


def test_serve_reports_a_taken_port() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(SandboxError, match=r"cannot listen on 127\.0\.0\.1"):
            serve("127.0.0.1", taken.getsockname()[1])

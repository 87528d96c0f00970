"""The client without sockets: requests per vendor, redaction, curl, retries, envelopes.

HTTP goes through `httpx.MockTransport`; the same paths over real loopback
sockets against the sandbox are in test_cli_send.py.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import shlex
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from tui import __version__, vendors
from tui.client import BlockedError, RetryPolicy, SendResult, Submission, prepare
from tui.client.envelopes import created_id, problems_from, retry_after
from tui.client.exchange import Failure, Pause, Send, call
from tui.client.redact import mask_key
from tui.client.transport import send, send_async
from tui.model.errors import InputError
from tui.model.problems import error
from tui.store.profiles import Profile, ProfileError

FIXTURES = Path(__file__).parent / "fixtures" / "send"
ALL = ["autosend", "kibamail", "omnisend", "qonversion", "tether"]
KEYS = {
    "autosend": "AS_live_9f8e7d6c5b4a3210",
    "kibamail": "kb_live_9f8e7d6c5b4a3210",
    "omnisend": "omni_9f8e7d6c5b4a3210ffee",
    "qonversion": "test_sk_9f8e7d6c5b4a3210",
    "tether": "eyJhbGciOiJIUzI1NiJ9.e30.9f8e7d6c5b4a",
}
"""Keys shaped like each vendor's; the tests prove none of them is ever printed."""
DOCUMENTED = {
    "autosend": ("https://api.autosend.com/v1/automations", "Bearer {}", "Bearer AS_****", {}),
    "kibamail": ("https://api.kibamail.com/v1/automations", "Bearer {}", "Bearer kb_****", {}),
    "omnisend": ("https://api.omnisend.com/api/automations", "Omnisend-API-Key {}",
                 "Omnisend-API-Key ****", {"Omnisend-Version": "2026-03-15"}),
    "qonversion": ("https://api.qonversion.io/v4/automations", "Bearer {}",
                   "Bearer test_sk_****", {}),
    "tether": ("https://app.tetherai.ca/api/automations", "Bearer {}", "Bearer ****", {}),
}
"""What each vendor's documentation says a create request looks like: URL, Authorization
with the key, Authorization masked, further headers."""
FAST = RetryPolicy(retries=2, backoff=0)


def payload(vendor: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{vendor}.json").read_text())


def profile(vendor: str, **fields: Any) -> Profile:
    return Profile.model_validate({"name": "live", "vendor": vendor, "key": KEYS[vendor],
                                   **fields})


def submission(vendor: str, lifecycle: tuple[str, ...] = (), **fields: Any) -> Submission:
    body = payload(vendor)
    workflow = vendors.get(vendor).parse(body)
    return prepare(workflow, profile(vendor, **fields), payload=body, lifecycle=lifecycle)


class Recorder:
    """A MockTransport handler that answers from a list and keeps every request."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def created(ident: str = "auto-1") -> httpx.Response:
    return httpx.Response(201, json={"id": ident})


# Building the request ----------------------------------------------------------------------

@pytest.mark.parametrize("vendor", ALL)
def test_the_create_request_on_the_wire_is_the_vendors(vendor: str) -> None:
    url, auth, _, extra = DOCUMENTED[vendor]
    sub = submission(vendor)
    recorder = Recorder(created())
    result = send(sub, transport=recorder.transport(), policy=FAST)
    (sent,) = recorder.requests
    assert (sent.method, str(sent.url)) == ("POST", url)
    assert sent.headers["Authorization"] == auth.format(KEYS[vendor])
    assert sent.headers["User-Agent"] == f"flowdeck/{__version__}"
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["Accept"] == "application/json"
    for name, value in extra.items():
        assert sent.headers[name] == value
    assert json.loads(sent.content) == payload(vendor)
    assert result.exit_code == 0
    assert result.created_id == "auto-1"


@pytest.mark.parametrize("vendor", ALL)
def test_the_preview_is_the_request_with_the_key_masked(vendor: str) -> None:
    url, _, masked, extra = DOCUMENTED[vendor]
    sub = submission(vendor)
    preview = sub.preview()
    head, _, body = preview.partition("\n\n")
    lines = head.splitlines()
    assert lines[0] == f"POST {url}"
    assert lines[1] == f"Authorization: {masked}"
    assert f"User-Agent: flowdeck/{__version__}" in lines
    assert all(f"{name}: {value}" in lines for name, value in extra.items())
    assert json.loads(body) == payload(vendor)
    assert KEYS[vendor] not in preview
    assert KEYS[vendor] in sub.preview(reveal=True)


@pytest.mark.parametrize("vendor", ALL)
def test_curl_is_the_same_request_with_the_key_masked(vendor: str) -> None:
    url, _, masked, extra = DOCUMENTED[vendor]
    text = submission(vendor).curl()
    assert KEYS[vendor] not in text
    words = shlex.split(text)
    assert words[:4] == ["curl", "--request", "POST", url]
    headers = [words[i + 1] for i, word in enumerate(words) if word == "--header"]
    assert headers[0] == f"Authorization: {masked}"
    assert f"User-Agent: flowdeck/{__version__}" in headers
    assert all(f"{name}: {value}" in headers for name, value in extra.items())
    assert json.loads(words[words.index("--data-raw") + 1]) == payload(vendor)
    assert KEYS[vendor] in submission(vendor).curl(reveal=True)


def _shell_words(curl: str, env: dict[str, str]) -> list[str]:
    """The arguments a POSIX shell would pass to curl, without running curl."""
    script = "printf '%s\\n' " + curl.removeprefix("curl ")
    done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, env=env,
                          check=True)
    return done.stdout.splitlines()


def test_curl_takes_the_key_from_the_profiles_variable_or_command() -> None:
    by_env = submission("autosend", key=None, key_env="AUTOSEND_KEY").curl()
    assert '"Authorization: Bearer ${AUTOSEND_KEY}"' in by_env
    assert "Authorization: Bearer AS_x1" in _shell_words(by_env, {"AUTOSEND_KEY": "AS_x1"})
    by_command = submission("autosend", key=None, key_command="printf AS_from_cmd").curl()
    assert '"Authorization: Bearer $(printf AS_from_cmd)"' in by_command
    assert "Authorization: Bearer AS_from_cmd" in _shell_words(by_command, {})


def test_profile_headers_override_the_vendors_and_secret_looking_ones_are_masked() -> None:
    sub = submission("omnisend", headers={"Omnisend-Version": "2026-preview",
                                          "X-Proxy-Token": "proxy-secret-123456"})
    preview = sub.preview()
    assert "Omnisend-Version: 2026-preview" in preview
    assert "X-Proxy-Token: ****" in preview
    assert "proxy-secret-123456" not in preview + sub.curl()
    recorder = Recorder(created())
    send(sub, transport=recorder.transport(), policy=FAST)
    assert recorder.requests[0].headers["X-Proxy-Token"] == "proxy-secret-123456"


def test_a_key_command_is_not_run_for_a_preview(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    sub = submission("autosend", key=None, key_command=f"touch {marker}; echo AS_k_12345678")
    assert "Authorization: Bearer ****" in sub.preview()
    assert not marker.exists()
    sub.auth.key()
    assert marker.exists()
    assert "Authorization: Bearer AS_****" in sub.preview()


def test_masking_keeps_only_a_known_prefix() -> None:
    assert mask_key("test_sk_abc", ("sk_", "test_sk_")) == "test_sk_****"
    assert mask_key("sk_abc", ("sk_", "test_sk_")) == "sk_****"
    assert mask_key("AS_", ("AS_",)) == "****"
    assert mask_key("whatever", ()) == "****"


def test_the_base_url_comes_from_the_profile() -> None:
    sub = submission("tether", base_url="https://crm.example.com/")
    assert sub.create_request().url == "https://crm.example.com/api/automations"


def test_a_missing_key_variable_fails_before_any_connection(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_KEY", raising=False)
    recorder = Recorder(created())
    sub = submission("qonversion", key=None, key_env="NO_SUCH_KEY")
    with pytest.raises(ProfileError, match="NO_SUCH_KEY is not set"):
        send(sub, transport=recorder.transport(), policy=FAST)
    assert recorder.requests == []


def test_a_workflow_with_blocking_problems_is_never_sent() -> None:
    sub = submission("omnisend")
    blocked = dataclasses.replace(sub, problems=(error("bad", "X", step_id="wait-5m"),))
    recorder = Recorder(created())
    with pytest.raises(BlockedError) as caught:
        send(blocked, transport=recorder.transport(), policy=FAST)
    assert caught.value.exit_code == 1
    assert recorder.requests == []


# Retry policy ------------------------------------------------------------------------------

def test_only_failures_to_connect_are_retried_with_backoff() -> None:
    request = submission("tether").create_request()
    steps = call(request, RetryPolicy(retries=2, backoff=0.5))
    actions = [next(steps)]
    refused = Failure("refused", "connection refused", 0.0)
    for _ in range(2):
        actions.append(steps.send(refused))
        actions.append(steps.send(None))
    with pytest.raises(StopIteration) as done:
        steps.send(refused)
    assert [type(a) for a in actions] == [Send, Pause, Send, Pause, Send]
    assert [a.seconds for a in actions if isinstance(a, Pause)] == [0.5, 1.0]
    assert done.value.value == (refused, 3)


@pytest.mark.parametrize(("failure", "sent", "retried"), [
    (httpx.ConnectError("[Errno 111] Connection refused"), "nothing was sent", True),
    (httpx.ConnectError("[Errno -2] Name or service not known"), "cannot resolve", True),
    (httpx.ConnectTimeout("timed out"), "nothing was sent", True),
    (httpx.ReadTimeout("timed out"), "may have been created", False),
    (httpx.RemoteProtocolError("Server disconnected"), "may have been created", False),
    (httpx.ReadError("reset by peer"), "may have been created", False),
])
def test_a_create_is_retried_only_when_it_cannot_have_reached_the_server(
        failure: Exception, sent: str, retried: bool) -> None:
    recorder = Recorder(failure)
    result = send(submission("omnisend"), transport=recorder.transport(), policy=FAST)
    assert len(recorder.requests) == (3 if retried else 1)
    assert result.create.attempts == len(recorder.requests)
    assert result.exit_code == 3
    assert sent in result.create.message
    assert result.created_id is None


def test_a_connect_failure_then_success_creates_once() -> None:
    recorder = Recorder(httpx.ConnectError("refused"), httpx.ConnectError("refused"), created())
    result = send(submission("omnisend"), transport=recorder.transport(), policy=FAST)
    assert (result.exit_code, result.created_id, result.create.attempts) == (0, "auto-1", 3)


@pytest.mark.parametrize("answer", [
    httpx.Response(429, json={"success": False, "error": {"code": "RATE_LIMIT_EXCEEDED",
                                                          "message": "slow"}, "retryAfter": 30}),
    httpx.Response(429, headers={"Retry-After": "30"}, json={"error": {"code": "x"}}),
])
def test_429_reports_retry_after_and_is_not_retried(answer: httpx.Response) -> None:
    recorder = Recorder(answer)
    result = send(submission("autosend"), transport=recorder.transport(), policy=FAST)
    assert len(recorder.requests) == 1
    assert result.exit_code == 1
    assert result.create.retry_after == 30
    assert "retry after 30 s" in result.create.message


@pytest.mark.parametrize(("status", "code"), [(400, 1), (401, 1), (404, 1), (500, 4), (503, 4)])
def test_statuses_map_to_exit_codes_without_retrying(status: int, code: int) -> None:
    recorder = Recorder(httpx.Response(status, json={"error": {"code": "X", "message": "m"}}))
    result = send(submission("qonversion"), transport=recorder.transport(), policy=FAST)
    assert (result.exit_code, len(recorder.requests)) == (code, 1)


def test_a_created_answer_that_is_not_json_is_reported_as_unknown_id() -> None:
    recorder = Recorder(httpx.Response(201, text='{"id": "au'))
    result = send(submission("omnisend"), transport=recorder.transport(), policy=FAST)
    assert result.exit_code == 4
    assert "probably created, id unknown" in result.create.message


def test_the_key_is_scrubbed_from_what_the_server_echoes() -> None:
    key = KEYS["autosend"]
    recorder = Recorder(httpx.Response(401, json={"error": {"code": "INVALID_API_KEY",
                                                            "message": f"bad key {key}"}}))
    result = send(submission("autosend"), transport=recorder.transport(), policy=FAST)
    assert key not in result.create.body
    assert key not in json.dumps(result.history_entry().model_dump())
    assert "bad key AS_****" in result.problems[0].message


# Lifecycle ---------------------------------------------------------------------------------

@pytest.mark.parametrize("vendor", ALL)
def test_each_lifecycle_option_is_a_flag_or_a_call_after_create(vendor: str) -> None:
    info = vendors.get(vendor).info
    assert info.lifecycle, f"{vendor} offers no lifecycle call"
    for lifecycle in info.lifecycle:
        sub = submission(vendor, lifecycle=(lifecycle.option,))
        if lifecycle.endpoint is None:
            assert sub.followups == ()
            assert sub.payload == {**payload(vendor), **lifecycle.body}
        else:
            (followup,) = sub.followups
            request = sub.followup_request(followup, "a/b")
            assert request.url.startswith(DOCUMENTED[vendor][0].rsplit("/", 1)[0])
            assert "a%2Fb" in request.url
            assert "{id}" in sub.preview()
            assert "{id}" in sub.curl()


def _followup_vendor() -> tuple[str, str]:
    """A vendor whose lifecycle call is a request of its own, and that option."""
    for vendor in ALL:
        for lifecycle in vendors.get(vendor).info.lifecycle:
            if lifecycle.endpoint is not None:
                return vendor, lifecycle.option
    raise AssertionError("no vendor has a lifecycle endpoint")


def test_a_failed_follow_up_keeps_the_created_automation_and_its_id() -> None:
    vendor, option = _followup_vendor()
    recorder = Recorder(created("auto-7"), httpx.Response(500, json={"error": {"code": "boom",
                                                                               "message": "x"}}))
    result = send(submission(vendor, lifecycle=(option,)), transport=recorder.transport(),
                  policy=FAST)
    assert result.created_id == "auto-7"
    assert result.exit_code == 4
    assert "created automation auto-7" in result.summary()[0]
    assert result.followups[0].outcome == "vendor_error"
    assert "auto-7" in str(recorder.requests[1].url)
    entry = result.history_entry()
    assert (entry.created_id, entry.outcome) == ("auto-7", "ok")
    assert entry.followups[0]["outcome"] == "vendor_error"


def test_a_follow_up_after_a_successful_create_and_refused_create_runs_none() -> None:
    vendor, option = _followup_vendor()
    ok = Recorder(created("auto-8"), httpx.Response(204))
    result = send(submission(vendor, lifecycle=(option,)), transport=ok.transport(), policy=FAST)
    assert (result.exit_code, len(ok.requests)) == (0, 2)
    refused = Recorder(httpx.Response(400, json={"error": {"code": "bad", "message": "no"}}))
    result = send(submission(vendor, lifecycle=(option,)), transport=refused.transport(),
                  policy=FAST)
    assert (result.exit_code, len(refused.requests), result.followups) == (1, 1, ())


def test_an_unknown_lifecycle_option_names_the_known_ones() -> None:
    with pytest.raises(InputError, match="has no lifecycle option 'launch'"):
        submission("tether", lifecycle=("launch",))


# Async path --------------------------------------------------------------------------------

async def test_the_async_path_sends_the_same_request() -> None:
    seen: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return created("auto-9")

    sub = submission("omnisend")
    result = await send_async(sub, transport=httpx.MockTransport(handler), policy=FAST)
    assert isinstance(result, SendResult)
    assert result.created_id == "auto-9"
    assert seen[0].headers["Omnisend-Version"] == "2026-03-15"


async def test_cancelling_the_async_send_stops_it() -> None:
    started = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        started.set()
        await asyncio.sleep(60)
        return created()

    task = asyncio.create_task(send_async(submission("omnisend"),
                                          transport=httpx.MockTransport(handler), policy=FAST))
    await asyncio.wait_for(started.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 5)


# Envelopes ---------------------------------------------------------------------------------

Case = tuple[str, int, dict[str, Any], list[tuple[str | None, str | None, str]]]
ENVELOPES: list[Case] = [
    ("autosend", 400, {"success": False, "error": {
        "message": "Steps must strictly alternate wait → email starting with wait and ending "
                   "with email", "code": "INVALID_STEP_SEQUENCE"}},
     [("INVALID_STEP_SEQUENCE", None, "")]),
    ("autosend", 400, {"success": False, "error": {
        "message": "Validation failed", "code": "VALIDATION_FAILED",
        "details": [{"field": "steps[step_email].email.templateId", "message": "Required"}]}},
     [("VALIDATION_FAILED", "step_email", "email.templateId")]),
    ("kibamail", 400, {"error": {
        "type": "INVALID_REQUEST_ERROR", "code": "AUTOMATION_VALIDATION_FAILED",
        "message": "Automation validation failed.", "requestId": "req_1",
        "details": {"errors": [{"nodeId": "email-1", "nodeType": "send-email",
                                "field": "subject", "message": "Subject is required"}]}}},
     [("AUTOMATION_VALIDATION_FAILED", "email-1", "subject")]),
    ("kibamail", 422, {"error": {
        "type": "VALIDATION_ERROR", "code": "VALIDATION_FAILED", "message": "Validation failed",
        "validationErrors": [{"field": "nodes.1.data.subject", "code": "INVALID_FIELD_VALUE",
                              "message": "Required"},
                             {"field": "name", "code": "INVALID_FIELD_VALUE",
                              "message": "Name is required"}]}},
     [("INVALID_FIELD_VALUE", "email-1", "data.subject"), ("INVALID_FIELD_VALUE", None, "name")]),
    ("omnisend", 400, {
        "type": "https://problems.omnisend.com/problem", "title": "Bad Request", "status": 400,
        "detail": "Validation failed",
        "errors": [{"field": "blocks[1].action.sendWebhook.callbackUrl", "code": "invalid_format",
                    "message": "Must be a valid URL"},
                   {"field": "blocks", "code": "invalid",
                    "message": "delay block wait-5m cannot end a sequence"}]},
     [("invalid_format", "webhook-notify", "action.sendWebhook.callbackUrl"),
      ("invalid", "wait-5m", "blocks")]),
    ("omnisend", 409, {"type": "https://problems.omnisend.com/enroll-existing-not-applicable",
                       "title": "Conflict", "status": 409,
                       "detail": "The workflow must start with a delay"},
     [("enroll-existing-not-applicable", None, "")]),
    ("qonversion", 400, {"error": {"type": "request", "code": "invalid_data",
                                   "message": "Validation failed",
                                   "details": [{"field": "name", "message": "Value is too long"},
                                               {"field": "data.actions.push",
                                                "message": "Required"}]}},
     [("invalid_data", None, "name"), ("invalid_data", None, "data.actions.push")]),
    ("tether", 400, {"error": {"code": "invalid_request",
                               "message": "Missing required field: phoneNumber"}},
     [("invalid_request", None, "")]),
]


@pytest.mark.parametrize(("vendor", "status", "body", "expected"), ENVELOPES)
def test_vendor_error_envelopes_become_problems_on_steps(
        vendor: str, status: int, body: dict[str, Any],
        expected: list[tuple[str | None, str | None, str]]) -> None:
    sent = payload(vendor)
    steps = {place.step.id for place in _walk(vendors.get(vendor).parse(sent))}
    problems = problems_from(status, "", body, json.dumps(body), payload=sent, step_ids=steps)
    assert [(p.code, p.step_id, p.path) for p in problems] == expected
    assert all(p.severity == "error" and p.message for p in problems)


def _walk(workflow: Any) -> Any:
    from tui.model.tree import walk

    return walk(workflow.steps)


def test_a_body_that_is_not_json_becomes_one_readable_problem() -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    (problem,) = problems_from(502, "Bad Gateway", None, page)
    assert (problem.code, problem.message) == ("HTTP_502", "502 Bad Gateway")
    (empty,) = problems_from(500, "Internal Server Error", None, "")
    assert empty.message == "500 Internal Server Error"


@pytest.mark.parametrize(("headers", "body", "seconds"), [
    ({}, {"retryAfter": 60}, 60.0),
    ({}, {"error": {"retryAfter": 5}}, 5.0),
    ({"retry-after": "12"}, None, 12.0),
    ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, None, 0.0),
    ({"retry-after": "soon"}, {"retryAfter": "x"}, None),
])
def test_retry_after_from_body_or_header(headers: dict[str, str], body: Any,
                                         seconds: float | None) -> None:
    assert retry_after(headers, body) == seconds


@pytest.mark.parametrize(("body", "ident"), [
    ({"success": True, "data": {"id": "60d5ec49f1b2c72d9c8b9abc"}}, "60d5ec49f1b2c72d9c8b9abc"),
    ({"object": "automation", "id": "cabc"}, "cabc"),
    ({"success": True, "data": {"_id": "64d2f9c5e8a1d4e001a0b1c2"}}, "64d2f9c5e8a1d4e001a0b1c2"),
    ({"success": True}, None),
    ([1, 2], None),
])
def test_created_id_in_each_vendors_success_envelope(body: Any, ident: str | None) -> None:
    assert created_id(body) == ident


def test_failures_say_whether_the_request_was_sent() -> None:
    assert Failure("refused", "", 0).before_sending
    assert Failure("dns", "", 0).retryable
    assert not Failure("read_timeout", "", 0).before_sending
    assert not Failure("dropped", "", 0).retryable
    assert not Failure("invalid_url", "", 0).retryable

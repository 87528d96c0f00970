"""The drivers that perform a conversation over HTTP: one synchronous, one asynchronous.

Both only turn `Send` into an httpx request and `Pause` into a sleep, and
classify what httpx raised; every decision lives in `exchange` and
`submission`. The async driver is what the app runs in a worker: cancelling
the task cancels the request or the backoff sleep in flight.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import urlsplit

import httpx

from tui.client.exchange import Failure, FailureKind, Outcome, Pause, Reply, RetryPolicy, Send
from tui.client.result import SendResult
from tui.client.submission import Submission, conversation, sandbox_base
from tui.store.profiles import SANDBOX_SCHEME, Profile

_DNS_HINTS = ("name or service not known", "nodename nor servname", "name resolution",
              "getaddrinfo", "no address associated")
_TRANSPORT_ERRORS = (httpx.HTTPError, httpx.InvalidURL)


def classify(exc: Exception, elapsed: float) -> Failure:
    """What an httpx exception means for the request: sent or not, and in words."""
    text = str(exc) or type(exc).__name__
    kind: FailureKind
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        kind, detail = "connect_timeout", "no connection within the connect timeout"
    elif isinstance(exc, httpx.ConnectError):
        dns = any(hint in text.lower() for hint in _DNS_HINTS)
        kind, detail = ("dns", f"cannot resolve the host name ({text})") if dns else (
            "refused", f"connection failed ({text})")
    elif isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        kind, detail = "invalid_url", f"invalid URL ({text})"
    elif isinstance(exc, httpx.ReadTimeout):
        kind, detail = "read_timeout", "no answer within the read timeout"
    elif isinstance(exc, httpx.WriteTimeout):
        kind, detail = "write_timeout", "the upload timed out"
    elif isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        kind, detail = "dropped", "the connection closed without an answer"
    else:
        kind, detail = "other", f"transport error ({text})"
    return Failure(kind, detail, elapsed)


def _ready(sub: Submission) -> Submission:
    """Everything before the first byte: refuse blocked workflows, get the key (a
    missing one is a profile error, not a network one), start the sandbox if needed."""
    sub.ensure_sendable()
    sub.auth.key()
    reached = reachable(sub.base_url)
    return sub if reached == sub.base_url else sub.at(reached)


def reachable(base_url: str) -> str:
    """The base URL to connect to: `sandbox://…` becomes the embedded sandbox, started on
    first use (imported only then, so start-up never loads it)."""
    if not base_url.startswith(SANDBOX_SCHEME):
        return base_url
    from tui.sandbox.server import ensure_running

    return sandbox_base(base_url, ensure_running())


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "localhost" or host.startswith("127.") or host == "::1"


def client_options(profile: Profile, url: str) -> dict[str, Any]:
    """httpx client settings for a profile: its timeouts, no redirects, no proxy for loopback."""
    timeout = httpx.Timeout(connect=profile.connect_timeout, read=profile.read_timeout,
                            write=profile.read_timeout, pool=profile.connect_timeout)
    # A proxy from the environment can never reach this machine's loopback (the sandbox).
    return {"timeout": timeout, "follow_redirects": False,
            "trust_env": not _is_loopback(url)}


def _options(sub: Submission) -> dict[str, Any]:
    return client_options(sub.profile, sub.base_url)


def _arguments(action: Send) -> dict[str, Any]:
    request = action.request
    return {"method": request.method, "url": request.url,
            "headers": request.wire_headers(), "content": request.content}


def reply(response: httpx.Response, started: float) -> Reply:
    headers = {name.lower(): value for name, value in response.headers.items()}
    return Reply(response.status_code, response.reason_phrase, headers, response.text,
                 time.perf_counter() - started)


def send(sub: Submission, *, policy: RetryPolicy | None = None,
         transport: httpx.BaseTransport | None = None) -> SendResult:
    """Send a submission and wait for the result (the CLI path)."""
    sub = _ready(sub)
    steps = conversation(sub, policy or RetryPolicy())
    with httpx.Client(transport=transport, **_options(sub)) as http:
        outcome: Outcome | None = None
        while True:
            try:
                action = steps.send(outcome)
            except StopIteration as done:
                return done.value
            if isinstance(action, Pause):
                time.sleep(action.seconds)
                outcome = None
                continue
            started = time.perf_counter()
            try:
                outcome = reply(http.request(**_arguments(action)), started)
            except _TRANSPORT_ERRORS as exc:
                outcome = classify(exc, time.perf_counter() - started)


async def send_async(sub: Submission, *, policy: RetryPolicy | None = None,
                     transport: httpx.AsyncBaseTransport | None = None) -> SendResult:
    """Send a submission without blocking the event loop (the app path); cancellable."""
    sub = await asyncio.to_thread(_ready, sub)
    steps = conversation(sub, policy or RetryPolicy())
    async with httpx.AsyncClient(transport=transport, **_options(sub)) as http:
        outcome: Outcome | None = None
        while True:
            try:
                action = steps.send(outcome)
            except StopIteration as done:
                return done.value
            if isinstance(action, Pause):
                await asyncio.sleep(action.seconds)
                outcome = None
                continue
            started = time.perf_counter()
            try:
                outcome = reply(await http.request(**_arguments(action)), started)
            except _TRANSPORT_ERRORS as exc:
                outcome = classify(exc, time.perf_counter() - started)

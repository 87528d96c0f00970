"""Just enough ASGI for the sandbox: a request read whole, a response, a path router.

The sandbox answers a handful of fixed routes per vendor, so a framework would
add weight and hide the one thing a fault injector needs: closing a connection
without answering at all (`drop_connection`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, NoReturn
from urllib.parse import parse_qsl

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class ClientGone(Exception):
    """The client disconnected before its request body arrived; there is no one to answer."""


class ConnectionDropped(Exception):
    """Raised on purpose so the server closes the connection without a response."""


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    """Lower-case names; a repeated header keeps its last value."""
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(slots=True)
class Response:
    status: int
    content: bytes = b""
    media_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, data: Any, *, media_type: str = "application/json",
             headers: Mapping[str, str] | None = None) -> Response:
        content = json.dumps(data, ensure_ascii=False).encode()
        return cls(status, content, media_type, dict(headers or {}))


class Answer(Exception):
    """Raised inside a handler to stop and answer with `response` (usually an error envelope)."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


async def read_request(scope: Scope, receive: Receive) -> Request:
    """The whole request, body included: faults such as a dropped connection happen after it."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    headers = {name.decode("latin-1").lower(): value.decode("latin-1")
               for name, value in scope.get("headers", [])}
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    return Request(scope["method"].upper(), scope["path"], query, headers, b"".join(chunks))


async def send_response(send: Send, response: Response) -> None:
    headers = [(b"content-length", str(len(response.content)).encode())]
    if response.media_type:
        headers.append((b"content-type", response.media_type.encode()))
    headers += [(name.lower().encode(), value.encode()) for name, value in response.headers.items()]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.content})


async def drop_connection(send: Send) -> NoReturn:
    """Make the server close the connection without writing a byte of response.

    ASGI has no "abort" message, and a server answers 500 when an app fails
    before starting its response. So the response is started with a header
    value no server may write (CR LF): the server marks the response as started,
    refuses to serialize it, and when `ConnectionDropped` then reaches it, it
    can only close the connection. The client sees a disconnect with no reply.
    """
    with contextlib.suppress(Exception):  # the server's refusal is the point
        # 444 is nginx's "closed without response": what an access log line for it should say.
        await send({"type": "http.response.start", "status": 444,
                    "headers": [(b"x-sandbox-drop", b"\r\n")]})
    raise ConnectionDropped


async def lifespan(receive: Receive, send: Send) -> None:
    """Acknowledge startup and shutdown; the sandbox has nothing to open or close."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


Handler = Callable[[Request, dict[str, str]], Response]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    pattern: str
    """Path segments; `{name}` matches one segment and is passed to the handler."""
    operation: str
    """What the call does, e.g. `create`; the request log counts by it."""
    handler: Handler

    def match(self, path: str) -> dict[str, str] | None:
        want = self.pattern.strip("/").split("/")
        got = path.strip("/").split("/")
        if len(want) != len(got):
            return None
        params: dict[str, str] = {}
        for expected, actual in zip(want, got, strict=True):
            if expected.startswith("{") and expected.endswith("}"):
                if not actual:
                    return None
                params[expected[1:-1]] = actual
            elif expected != actual:
                return None
        return params


def resolve(routes: list[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | int:
    """The route and its path parameters, or 404 (no such path) / 405 (path, not method)."""
    allowed = False
    for route in routes:
        params = route.match(path)
        if params is None:
            continue
        if route.method == method:
            return route, params
        allowed = True
    return 405 if allowed else 404

"""The sandbox ASGI app: every vendor's emulator under `/<vendor id>`, faults, a request log.

A profile's base URL is `<root>/<vendor id>`, so the adapter's own paths
(`/v1/automations`, …) append to it unchanged. Besides the vendors:

`GET /`                   what is mounted where, the sandbox keys, the fault headers
`GET /_sandbox/requests`  the last 10 000 vendor requests: vendor, operation, method, path,
                          status, dropped — the sandbox's own count, so a test can prove
                          a client did not send a create twice
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Any

from tui.sandbox import SANDBOX_KEYS
from tui.sandbox.asgi import (
    Answer,
    ClientGone,
    Receive,
    Request,
    Response,
    Route,
    Scope,
    Send,
    drop_connection,
    lifespan,
    read_request,
    resolve,
    send_response,
)
from tui.sandbox.emulator import Emulator
from tui.sandbox.emulators import all_emulators
from tui.sandbox.faults import FaultHeaderError, Faults, read_faults, spoil

log = logging.getLogger(__name__)

MAX_LOGGED = 10_000
OWN_PREFIX = "_sandbox"


class Sandbox:
    """One sandbox: its emulators and everything they were sent, kept in memory."""

    def __init__(self, emulators: list[Emulator]) -> None:
        self.emulators = {emulator.vendor: emulator for emulator in emulators}
        self.routes: dict[str, list[Route]] = {e.vendor: e.routes() for e in emulators}
        self.requests: deque[dict[str, Any]] = deque(maxlen=MAX_LOGGED)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            request = await read_request(scope, receive)
        except ClientGone:
            return
        vendor, _, rest = request.path.lstrip("/").partition("/")
        emulator = self.emulators.get(vendor)
        if emulator is None:
            await send_response(send, self._own(request, vendor, rest))
            return
        entry: dict[str, Any] = {"vendor": vendor, "operation": None, "method": request.method,
                                 "path": f"/{rest}", "status": None, "dropped": False}
        self.requests.append(entry)
        response, faults = await self._answer(emulator, request, f"/{rest}", entry)
        if faults.drop:
            entry["dropped"] = True
            await drop_connection(send)
        if faults.body:
            response = spoil(response, faults.body)
        entry["status"] = response.status
        await send_response(send, response)

    async def _answer(self, emulator: Emulator, request: Request, path: str,
                      entry: dict[str, Any]) -> tuple[Response, Faults]:
        try:
            faults = read_faults(request.headers)
        except FaultHeaderError as exc:
            return emulator.error(400, str(exc)), Faults()
        found = resolve(self.routes[emulator.vendor], request.method, path)
        if not isinstance(found, int):
            entry["operation"] = found[0].operation
        if faults.latency:
            await asyncio.sleep(faults.latency)
        if faults.status == 429:
            return emulator.rate_limited(faults.retry_after), faults
        if faults.status is not None:
            return emulator.error(faults.status), faults
        try:
            emulator.check_headers(request)
            if isinstance(found, int):
                return emulator.unknown_path(found, request), faults
            route, params = found
            return route.handler(request, params), faults
        except Answer as answer:
            return answer.response, faults
        except Exception as exc:  # a sandbox or adapter bug: the vendor's 500, never a traceback
            log.debug("sandbox %s failed on %s %s", emulator.vendor, request.method, path,
                      exc_info=True)
            return emulator.error(500, f"The sandbox failed: {type(exc).__name__}: {exc}"), faults

    def _own(self, request: Request, first: str, rest: str) -> Response:
        """The sandbox's own pages: the index and the request log."""
        if request.method == "GET" and first == "":
            return Response.json(200, self.index())
        if request.method == "GET" and first == OWN_PREFIX and rest == "requests":
            return Response.json(200, {"requests": list(self.requests)})
        known = ", ".join(f"/{vendor}" for vendor in self.emulators)
        return Response.json(404, {"error": f"no sandbox page {request.method} {request.path} "
                                            f"(vendors are mounted at {known})"})

    def index(self) -> dict[str, Any]:
        return {
            "sandbox": "flowdeck",
            "vendors": {vendor: {"mount": f"/{vendor}", "auth": emulator.key_rule.describe(),
                                 "key": SANDBOX_KEYS[vendor],
                                 "endpoints": [f"{r.method} /{vendor}{r.pattern}"
                                               for r in self.routes[vendor]]}
                        for vendor, emulator in self.emulators.items()},
            "faultHeaders": {
                "X-Sandbox-Latency": "seconds to wait before handling",
                "X-Sandbox-Status": "answer this error status with the vendor's envelope",
                "X-Sandbox-Retry-After": "with status 429: the vendor's retry hint (seconds)",
                "X-Sandbox-Drop": "1: handle, then close the connection without answering",
                "X-Sandbox-Body": "malformed | html: break the response body",
            },
            "requestLog": f"/{OWN_PREFIX}/requests",
        }


def create_app() -> Sandbox:
    """A new sandbox with empty state for every vendor."""
    return Sandbox(all_emulators())

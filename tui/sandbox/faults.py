"""Faults a request asks the sandbox for, by header, so tests and profiles can rehearse failures.

`X-Sandbox-Latency: 1.5`      wait this many seconds before handling (other requests go on)
`X-Sandbox-Status: 503`       answer this status (400–599) with the vendor's error envelope,
                              without handling the request
`X-Sandbox-Retry-After: 30`   with status 429 (implied when alone): the vendor's retry hint
`X-Sandbox-Drop: 1`           handle the request, then close the connection without answering
`X-Sandbox-Body: malformed`   cut the response body short so it is no longer JSON
`X-Sandbox-Body: html`        replace the response body with a proxy's HTML error page
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from tui.sandbox.asgi import Response

LATENCY = "x-sandbox-latency"
STATUS = "x-sandbox-status"
RETRY_AFTER = "x-sandbox-retry-after"
DROP = "x-sandbox-drop"
BODY = "x-sandbox-body"

MAX_LATENCY = 600.0
BodyFault = Literal["malformed", "html"]


class FaultHeaderError(ValueError):
    """A fault header with a value the sandbox cannot act on; the message names the header."""


@dataclass(frozen=True, slots=True)
class Faults:
    latency: float = 0.0
    status: int | None = None
    retry_after: int | None = None
    drop: bool = False
    body: BodyFault | None = None


def read_faults(headers: Mapping[str, str]) -> Faults:
    retry_after = _whole(headers, RETRY_AFTER)
    status = _whole(headers, STATUS)
    if status is not None and not 400 <= status <= 599:
        raise FaultHeaderError(f"X-Sandbox-Status must be an error status 400–599, not {status}")
    if retry_after is not None:
        if status not in (None, 429):
            raise FaultHeaderError("X-Sandbox-Retry-After goes with X-Sandbox-Status: 429")
        status = 429
    body = headers.get(BODY)
    if body not in (None, "malformed", "html"):
        raise FaultHeaderError(f"X-Sandbox-Body must be 'malformed' or 'html', not '{body}'")
    drop = headers.get(DROP)
    if drop not in (None, "0", "1"):
        raise FaultHeaderError(f"X-Sandbox-Drop must be 1 or 0, not '{drop}'")
    return Faults(_latency(headers), status, retry_after, drop == "1", body)  # type: ignore[arg-type]


def _latency(headers: Mapping[str, str]) -> float:
    raw = headers.get(LATENCY)
    if raw is None:
        return 0.0
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= MAX_LATENCY:
        raise FaultHeaderError(f"X-Sandbox-Latency must be seconds from 0 to {MAX_LATENCY:g}, "
                               f"not '{raw}'")
    return seconds


def _whole(headers: Mapping[str, str], name: str) -> int | None:
    raw = headers.get(name)
    if raw is None:
        return None
    if not raw.strip().isdigit():
        raise FaultHeaderError(f"{name.title()} must be a whole number, not '{raw}'")
    return int(raw)


HTML_PAGE = (b"<html>\r\n<head><title>{status} Error</title></head>\r\n<body>\r\n"
             b"<center><h1>{status} Error</h1></center>\r\n<hr><center>nginx</center>\r\n"
             b"</body>\r\n</html>\r\n")


def spoil(response: Response, how: BodyFault) -> Response:
    """The response with its body broken the way a flaky network or proxy breaks it."""
    if how == "html":
        page = HTML_PAGE.replace(b"{status}", str(response.status).encode())
        return replace(response, content=page, media_type="text/html")
    content = response.content or b'{"'
    return replace(response, content=content[: max(1, len(content) // 2)])

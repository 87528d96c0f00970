"""Ids and timestamps in the shapes the vendors hand out."""

from __future__ import annotations

import itertools
import os
import secrets
import string
import time
from datetime import UTC, datetime

_counter = itertools.count(int.from_bytes(os.urandom(3), "big"))
_process = os.urandom(5)
_BASE36 = string.digits + string.ascii_lowercase


def object_id() -> str:
    """A MongoDB-style ObjectId (24 hex), as AutoSend, Omnisend and Tether use.

    Seconds, a per-process random part and a counter, so ids created later sort later.
    """
    seconds = int(time.time()).to_bytes(4, "big")
    count = (next(_counter) % 0xFFFFFF).to_bytes(3, "big")
    return (seconds + _process + count).hex()


def cuid() -> str:
    """A cuid-style id (`c` + 24 base-36 characters); Kibamail's ids come from Prisma [inferred]."""
    stamp = _base36(time.time_ns() // 1_000_000).rjust(8, "0")[-8:]
    count = _base36(next(_counter)).rjust(4, "0")[-4:]
    rest = "".join(secrets.choice(_BASE36) for _ in range(12))
    return f"c{stamp}{count}{rest}"


def qonversion_id() -> str:
    """An id like Qonversion's `auto-abc123` (pattern `^[a-zA-Z0-9._-]+$`)."""
    return f"auto-{secrets.token_hex(6)}"


def request_id() -> str:
    return f"req_{secrets.token_hex(12)}"


def timestamp() -> str:
    """Now as ISO 8601 with milliseconds and `Z`, the way all five vendors print times."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = _BASE36[rest] + digits
        if not number:
            return digits

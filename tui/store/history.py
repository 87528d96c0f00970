"""The submission history: one JSON line per request sent, in `history.jsonl`.

Appending a line is cheap and never rewrites what is already there, so a crash
loses at most the line being written; reading skips (and reports) a line that
does not parse instead of failing, because one bad line must not hide the rest.
Each entry keeps the workflow itself so the app can reopen it as a draft.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

from tui.model.document import describe
from tui.model.errors import InputError
from tui.store import paths

MAX_BODY_BYTES = 1_000_000
TRUNCATED_MARKER = "\n…[flowdeck: response body truncated, {dropped} more bytes not kept]"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class HistoryEntry(BaseModel):
    """One submission. The request is stored with its key masked; the body as text."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    time: str = Field(default_factory=now)
    profile: str
    vendor: str
    workflow_name: str = ""
    workflow: dict[str, JsonValue] | None = None
    request: dict[str, JsonValue]
    """method, url, headers (key masked), body."""
    outcome: str
    """created, rejected, rate_limited, vendor_error, network_error, unreadable."""
    status: int | None = None
    elapsed: float | None = None
    created_id: str | None = None
    message: str = ""
    response_body: str = ""
    truncated: bool = False
    followups: list[dict[str, JsonValue]] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class HistoryLog:
    entries: list[HistoryEntry]
    """Newest first."""
    skipped: list[str] = field(default_factory=list)
    """One line per corrupt line, `path:line: reason`."""


def truncate_body(text: str, limit: int = MAX_BODY_BYTES) -> tuple[str, bool]:
    """`text` cut to `limit` UTF-8 bytes (on a character boundary) plus a marker."""
    raw = text.encode("utf-8")
    if len(raw) <= limit:
        return text, False
    kept = raw[:limit].decode("utf-8", errors="ignore")
    dropped = len(raw) - len(kept.encode("utf-8"))
    return kept + TRUNCATED_MARKER.format(dropped=dropped), True


def _truncated(entry: HistoryEntry) -> HistoryEntry:
    """The entry with every response body (the create's and each follow-up's) cut to size."""
    body, cut = truncate_body(entry.response_body)
    followups = []
    for call in entry.followups:
        text = call.get("response_body")
        if isinstance(text, str):
            kept, call_cut = truncate_body(text)
            call = {**call, "response_body": kept, "truncated": call_cut}
        followups.append(call)
    return entry.model_copy(update={"response_body": body, "truncated": cut,
                                    "followups": followups})


def append(entry: HistoryEntry, path: Path | None = None) -> None:
    """Add one line; the file is private (0600) because bodies may hold customer data."""
    path = path or paths.history_file()
    entry = _truncated(entry)
    line = (json.dumps(entry.model_dump(mode="json"), ensure_ascii=False) + "\n").encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as exc:
        raise InputError(f"cannot write history: {exc.strerror or exc}", str(path)) from None
    try:
        _lock(fd)
        size = os.lseek(fd, 0, os.SEEK_END)
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line  # the last line was cut short (a crash): never glue onto it
        _write_all(fd, line, size)
    except OSError as exc:
        raise InputError(f"cannot write history: {exc.strerror or exc}", str(path)) from None
    finally:
        os.close(fd)


def _write_all(fd: int, line: bytes, size: int) -> None:
    """Write and fsync `line`; on failure (a full disk) take back whatever part of it was
    written, so the file ends where it did and the next entry starts on a line of its own."""
    try:
        view = memoryview(line)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except OSError:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, size)
        raise


def _lock(fd: int) -> None:
    """Keep two flowdeck processes from interleaving one long line (POSIX only)."""
    with contextlib.suppress(ImportError):
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def read(path: Path | None = None, limit: int | None = None) -> HistoryLog:
    """The newest `limit` entries (all when None), newest first."""
    path = path or paths.history_file()
    kept: deque[HistoryEntry] = deque(maxlen=limit)
    skipped: list[str] = []
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return HistoryLog([])
    except OSError as exc:
        raise InputError(f"cannot read history: {exc.strerror or exc}", str(path)) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                kept.append(HistoryEntry.model_validate(json.loads(raw)))
            except (UnicodeDecodeError, json.JSONDecodeError):
                skipped.append(f"{path}:{number}: skipped a line that is not JSON")
            except ValidationError as exc:
                location, message = describe(exc)
                skipped.append(f"{path}:{number}: skipped an entry: {location}: {message}")
    return HistoryLog(list(reversed(kept)), skipped)

"""Vendors' answers read into problems, created ids and retry-after hints.

The five error envelopes differ in where they keep the same few things:
AutoSend `{error: {code, message, details[]}}`, Kibamail `{error: {code,
message, validationErrors[], details: {errors[{nodeId, field}]}}}`, Omnisend
RFC 9457 `{type, title, detail, errors[{field, code}], retryAfter}`, Qonversion
`{error: {code, message, details[{field}]}}`, Tether `{error: {code, message}}`.
One tolerant reader covers them all (and an unknown server's body), and each
field-level entry is mapped back to a workflow step: by the node id the vendor
names, by following its field path through the payload sent to the nearest
block that carries a step id, or by a step id its message mentions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from tui.model.problems import Phase, Problem, error

_ID_KEYS = ("temporaryID", "stepId", "nodeId", "id", "_id")
"""Keys under which vendors carry the ids flowdeck compiled from step ids."""
_PATH_PART = re.compile(r"[^.\[\]/]+")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Item:
    """One field-level complaint inside an error envelope."""

    message: str
    code: str | None = None
    field: str | None = None
    node: str | None = None


@dataclass(frozen=True, slots=True)
class Envelope:
    code: str | None
    message: str
    items: tuple[Item, ...] = ()


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _items(value: Any) -> list[Item]:
    if not isinstance(value, list):
        return []
    found = []
    for entry in value:
        if isinstance(entry, Mapping):
            message = _text(entry.get("message")) or _text(entry.get("detail")) or "invalid"
            found.append(Item(message, _text(entry.get("code")), _text(entry.get("field")),
                              _text(entry.get("nodeId"))))
        elif _text(entry):
            found.append(Item(str(entry).strip()))
    return found


def _problem_type(value: Any) -> str | None:
    """The last segment of an RFC 9457 `type` URI, unless it is the generic one."""
    text = _text(value)
    if text is None:
        return None
    last = text.rstrip("/").rsplit("/", 1)[-1]
    return None if last.lower() in ("problem", "about:blank", "") else last


def read_envelope(data: Any) -> Envelope | None:
    """The error a JSON body describes, in whichever vendor's shape; None when it has none."""
    if not isinstance(data, Mapping):
        return None
    inner = data.get("error")
    if isinstance(inner, Mapping):
        source = inner
    elif isinstance(inner, str):
        return Envelope(_text(data.get("code")), inner, tuple(_items(data.get("details"))))
    else:
        source = data
    message = (_text(source.get("message")) or _text(source.get("detail"))
               or _text(source.get("title")))
    code = _text(source.get("code")) or _problem_type(source.get("type"))
    details = source.get("details")
    items = [*_items(source.get("errors")), *_items(source.get("validationErrors")),
             *_items(details)]
    if isinstance(details, Mapping):
        items += _items(details.get("errors"))
    if message is None and code is None and not items:
        return None
    return Envelope(code, message or "request refused", tuple(items))


def _child(node: Any, part: str) -> Any:
    """One step down a payload: a key, a list index, or a list item named by its id
    (vendors write both `blocks[2]` and `blocks[email-1]`)."""
    if isinstance(node, Mapping):
        return node.get(part)
    if isinstance(node, list):
        if part.isdigit():
            return node[int(part)] if int(part) < len(node) else None
        return next((item for item in node if isinstance(item, Mapping)
                     and any(item.get(key) == part for key in _ID_KEYS)), None)
    return None


def _step_on_path(payload: Any, path: str, step_ids: Collection[str]) -> tuple[str, str] | None:
    """Follow `path` through the payload; the deepest object on it whose id is a step id,
    and the rest of the path below that object."""
    parts = _PATH_PART.findall(path)
    found: tuple[str, str] | None = None
    node = payload
    for depth, part in enumerate(parts):
        node = _child(node, part)
        if node is None:
            break
        if isinstance(node, Mapping):
            step = next((node[key] for key in _ID_KEYS
                         if isinstance(node.get(key), str) and node[key] in step_ids), None)
            if step is not None:
                found = (step, ".".join(parts[depth + 1:]))
    return found


def _mentioned_step(text: str, step_ids: Collection[str]) -> tuple[str, str] | None:
    """The one step id a text names as a whole word (if exactly one), and what follows it."""
    named = {}
    for step in step_ids:
        match = re.search(rf"(?<![\w-]){re.escape(step)}(?![\w-])", text)
        if match:
            named[step] = text[match.end():].lstrip("]").lstrip(".")
    return next(iter(named.items())) if len(named) == 1 else None


def _locate(item: Item, payload: Any, step_ids: Collection[str]) -> tuple[str | None, str]:
    """The step an item is about and the path below it; else no step and the vendor's field."""
    if item.node and item.node in step_ids:
        return item.node, item.field or ""
    if item.field:
        found = _step_on_path(payload, item.field, step_ids) or _mentioned_step(
            item.field, step_ids)
        if found is not None:
            return found
    mentioned = _mentioned_step(item.message, step_ids)
    return (mentioned[0] if mentioned else None), item.field or ""


def problems_from(status: int, reason: str, data: Any, text: str, *, payload: Any = None,
                  step_ids: Collection[str] = (), phase: Phase = "create") -> list[Problem]:
    """A refused request as problems: one per field-level complaint, else one for the whole."""
    envelope = read_envelope(data)
    fallback = f"HTTP_{status}"
    if envelope is None:
        return [error(snippet(text) or f"{status} {reason}".strip(), fallback, phase=phase)]
    if not envelope.items:
        mentioned = _mentioned_step(envelope.message, step_ids)
        return [error(envelope.message, envelope.code or fallback,
                      step_id=mentioned[0] if mentioned else None, phase=phase)]
    found = []
    for item in envelope.items:
        step, path = _locate(item, payload, step_ids)
        found.append(error(item.message, item.code or envelope.code or fallback,
                           step_id=step, path=path, phase=phase))
    return found


def snippet(text: str, limit: int = 160) -> str:
    """A one-line taste of a non-JSON body: an HTML page's title, else its first line."""
    title = _TITLE.search(text)
    line = title.group(1) if title else next((ln for ln in text.splitlines() if ln.strip()), "")
    line = " ".join(line.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def retry_after(headers: Mapping[str, str], data: Any) -> float | None:
    """Seconds to wait after a 429: the body's `retryAfter`, else the Retry-After header."""
    candidates: list[Any] = []
    if isinstance(data, Mapping):
        inner = data.get("error")
        candidates += [data.get("retryAfter"),
                       inner.get("retryAfter") if isinstance(inner, Mapping) else None]
    candidates.append(headers.get("retry-after"))
    for value in candidates:
        seconds = _seconds(value)
        if seconds is not None:
            return seconds
    return None


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) and value >= 0 else None
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return number if math.isfinite(number) and number >= 0 else None


def created_id(data: Any) -> str | None:
    """The new automation's id: top-level or inside a `data` wrapper, `id` or `_id`."""
    for source in (data.get("data") if isinstance(data, Mapping) else None, data):
        if isinstance(source, Mapping):
            for key in ("id", "_id"):
                value = source.get(key)
                if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
                    return str(value)
    return None

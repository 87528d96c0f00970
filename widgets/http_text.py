"""Requests and responses as text a person reads: the submit modal and the history share it.

Headers arrive already masked (`Request.shown_headers()`, or a history
entry, which stores them masked); this module only lays them out. A response
body is shown highlighted when it is JSON, as plain text otherwise, and cut at
1 MB with a note, because a terminal is no place for a vendor's 40 MB error page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from textual.content import Content
from textual.highlight import highlight

from tui.model.document import dumps
from tui.store.history import MAX_BODY_BYTES, truncate_body

HIGHLIGHT_LIMIT = 200_000
"""Above this many characters a body is shown plain: these views draw all of it, and
highlighting would cost more than it helps."""


def json_content(payload: Any) -> Content:
    """A whole body as highlighted, indented JSON."""
    text = dumps(payload)
    return highlight(text, language="json") if len(text) <= HIGHLIGHT_LIMIT else Content(text)


def size_text(count: int) -> str:
    if count < 1000:
        return f"{count} bytes"
    if count < 1_000_000:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1_000_000:.1f} MB"


def request_content(method: str, url: str, headers: Iterable[tuple[str, str]],
                    body_line: str | Content = "") -> Content:
    """`POST url`, one `Name: value` line per header, then `body_line` if any."""
    parts: list[Content | str] = [Content.styled(method, "bold $text-accent"), " ",
                                  Content(url), "\n"]
    for name, value in headers:
        parts += [Content.styled(f"{name}:", "$text-muted"), " ", Content(value), "\n"]
    if body_line:
        parts += [body_line if isinstance(body_line, Content) else Content(body_line), "\n"]
    return Content.assemble(*parts)


def json_body(body: Any) -> Content:
    """A request body (already JSON data) as highlighted, indented text."""
    return json_content(body) if body is not None else Content("(no body)")


def response_content(body: str) -> tuple[Content, str]:
    """The response body for the screen and a note ("" when shown whole).

    JSON is re-indented and highlighted; anything else is shown as received."""
    if not body.strip():
        return Content.styled("(empty body)", "$text-muted"), ""
    kept, cut = truncate_body(body)
    note = ""
    if cut:
        note = (f"The body is {size_text(len(body.encode('utf-8')))}; only the first "
                f"{size_text(MAX_BODY_BYTES)} is shown.")
        return Content(kept), note
    try:
        data = json.loads(body)
    except ValueError:
        return Content(body), note
    return json_content(data), note


def body_size_line(body: Any) -> str:
    """`Body: 1.2 kB of JSON` for a request about to be sent."""
    if body is None:
        return "No body"
    return f"Body: {size_text(len(dumps(body).encode('utf-8')))} of JSON"

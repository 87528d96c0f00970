"""A request as a curl command a person can paste into a POSIX shell.

The key is masked, or written as the `${VAR}` / `$(command)` the profile takes
it from so the pasted command works without the key ever being printed;
`reveal` is the only way to get the key itself into the text.
"""

from __future__ import annotations

import shlex

from tui.client.request import Request
from tui.model.document import dumps

_SENTINEL = "\0"


def _double_quoted(text: str) -> str:
    """`text` safe inside double quotes, where the shell still expands what we add."""
    for char in ("\\", '"', "$", "`"):
        text = text.replace(char, "\\" + char)
    return text


def _auth_argument(request: Request, reveal: bool) -> str | None:
    auth = request.auth
    if auth is None or auth.profile.key_source == "none":
        return None
    if reveal:
        return shlex.quote(f"{auth.header}: {auth.value()}")
    expression = auth.shell_key()
    if expression is None:
        return shlex.quote(f"{auth.header}: {auth.masked()}")
    before, after = auth.scheme.header_value(_SENTINEL).split(_SENTINEL, 1)
    return f'"{_double_quoted(f"{auth.header}: {before}")}{expression}{_double_quoted(after)}"'


def to_curl(request: Request, *, reveal: bool = False) -> str:
    """One curl command, one option per line."""
    lines = [f"curl --request {request.method} {shlex.quote(request.url)}"]
    auth = _auth_argument(request, reveal)
    if auth is not None:
        lines.append(f"--header {auth}")
    shown = request.shown_headers(reveal=reveal)
    skip = request.auth.header.lower() if auth is not None and request.auth else None
    lines += [f"--header {shlex.quote(f'{name}: {value}')}" for name, value in shown
              if name.lower() != skip]
    if request.body is not None:
        lines.append(f"--data-raw {shlex.quote(dumps(request.body))}")
    return " \\\n  ".join(lines) + "\n"

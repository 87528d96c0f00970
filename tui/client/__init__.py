"""Sending workflows to vendors: requests, auth, responses, redaction. No Textual.

The public surface, for the CLI and the app:

- `prepare(workflow, profile, payload=None, lifecycle=())` → `Submission`:
  compile, check and build the requests, with no network and no key command.
  `Submission.preview()`, `.curl()`, `.blocking`, `.problems`, `.requests()`.
- `send(submission)` (blocking) and `await send_async(submission)` (for a
  worker; cancellable) → `SendResult`: `.create` / `.followups` (`CallResult`:
  status, elapsed, body, data, problems, retry_after, outcome, message),
  `.created_id`, `.exit_code`, `.summary()`, `.history_entry()`.

`send` and `send_async` live in `transport`, the only module that imports
httpx; they are loaded on first use so starting flowdeck does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.client.exchange import RetryPolicy
from tui.client.result import CallResult, SendResult
from tui.client.submission import BlockedError, Submission, prepare

if TYPE_CHECKING:
    from tui.client.transport import send, send_async

__all__ = ["BlockedError", "CallResult", "RetryPolicy", "SendResult", "Submission", "prepare",
           "send", "send_async"]


def __getattr__(name: str) -> Any:
    if name in ("send", "send_async"):
        from tui.client import transport

        return getattr(transport, name)
    raise AttributeError(f"module 'tui.client' has no attribute {name!r}")

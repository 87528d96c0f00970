"""What a submission produced: per call, the status, time, body and problems.

Every way a call can end is one `Outcome` with one exit code, and every
message says what it means for the automation (was it created? is it safe to
send again?), because that is what a person decides on next.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from tui.client.envelopes import created_id, problems_from, retry_after, snippet
from tui.client.exchange import Failure, Outcome, Reply
from tui.client.request import Request
from tui.model.problems import Phase, Problem

if TYPE_CHECKING:
    from tui.client.submission import Submission
    from tui.store.history import HistoryEntry

CallOutcome = Literal["ok", "rejected", "rate_limited", "vendor_error", "network_error",
                      "unreadable"]
EXIT_CODES: dict[CallOutcome, int] = {
    "ok": 0, "rejected": 1, "rate_limited": 1, "vendor_error": 4, "network_error": 3,
    "unreadable": 4,
}
_CHECK_FIRST = "check the vendor before sending again"


@dataclass(frozen=True, slots=True)
class CallResult:
    """One request and how it ended. `body` has the key scrubbed out."""

    request: Request
    outcome: CallOutcome
    message: str
    status: int | None = None
    reason: str = ""
    elapsed: float = 0.0
    attempts: int = 1
    body: str = ""
    data: Any = None
    """The body parsed as JSON, or None."""
    problems: tuple[Problem, ...] = ()
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.outcome]

    def record(self) -> dict[str, Any]:
        return {"label": self.request.label, "outcome": self.outcome, "status": self.status,
                "elapsed": round(self.elapsed, 4), "message": self.message,
                "request": self.request.record(), "response_body": self.body}


@dataclass(frozen=True, slots=True)
class SendResult:
    """The create call, the lifecycle calls that followed it, and what was skipped."""

    submission: Submission
    create: CallResult
    followups: tuple[CallResult, ...] = ()
    skipped: tuple[tuple[str, str], ...] = field(default=())
    """Lifecycle options not run: (option, reason)."""

    @property
    def created_id(self) -> str | None:
        return created_id(self.create.data) if self.create.ok else None

    @property
    def problems(self) -> list[Problem]:
        return [p for call in (self.create, *self.followups) for p in call.problems]

    @property
    def exit_code(self) -> int:
        """The create's code; once created, the first failed follow-up's code."""
        for call in (self.create, *self.followups):
            if not call.ok:
                return call.exit_code
        return 4 if self.skipped else 0

    def summary(self) -> list[str]:
        """One line per call, the create first: what happened, in words."""
        lines = [self.create.message]
        lines += [call.message for call in self.followups]
        lines += [f"{option}: skipped, {why}" for option, why in self.skipped]
        return lines

    def history_entry(self) -> HistoryEntry:
        from tui.model.document import workflow_to_data
        from tui.store.history import HistoryEntry

        sub = self.submission
        return HistoryEntry(
            profile=sub.profile.name, vendor=sub.info.id, workflow_name=sub.workflow.name,
            workflow=workflow_to_data(sub.workflow), request=self.create.request.record(),
            outcome=self.create.outcome, status=self.create.status,
            elapsed=round(self.create.elapsed, 4), created_id=self.created_id,
            message=" · ".join(self.summary()), response_body=self.create.body,
            followups=[call.record() for call in self.followups],
        )


def cancelled_result(submission: Submission, elapsed: float) -> SendResult:
    """What a send stopped by the user amounts to (cancel in the app, ctrl+c in the CLI):
    no answer, and an automation that may exist all the same."""
    title = submission.info.title
    message = (f"create: cancelled after {elapsed:.1f} s without an answer; the request may "
               f"already have reached {title}, which may still create the automation — check "
               f"{title} before sending again")
    call = CallResult(submission.create_request(), "network_error", message, elapsed=elapsed)
    return SendResult(submission, call)


def record(result: SendResult) -> str | None:
    """Append the send to the history; why it could not be (one line), or None. A send that
    reached the vendor must not fail because the history file is broken."""
    from tui.model.errors import FlowdeckError
    from tui.store import history

    try:
        history.append(result.history_entry())
    except FlowdeckError as exc:
        return str(exc)
    return None


def _json(text: str) -> Any:
    try:
        return json.loads(text) if text.strip() else None
    except ValueError:
        return None


def _failure(request: Request, failure: Failure, attempts: int, creating: bool) -> CallResult:
    host = urlsplit(request.url).netloc or request.url
    if failure.before_sending:
        tries = f" (tried {attempts} times)" if attempts > 1 else ""
        message = f"{request.label}: cannot reach {host}: {failure.detail}{tries}; nothing was sent"
    else:
        consequence = (f"the automation may have been created — {_CHECK_FIRST}" if creating
                       else f"the {request.label} may have happened — check the vendor")
        message = (f"{request.label}: {failure.detail} after the request was sent to {host}; "
                   f"not retried, {consequence}")
    return CallResult(request, "network_error", message, elapsed=failure.elapsed,
                      attempts=attempts)


def interpret(request: Request, outcome: Outcome, attempts: int, *, scrub: Callable[[str], str],
              payload: Any = None, step_ids: Collection[str] = (),
              phase: Phase = "create") -> CallResult:
    """A reply or failure as a CallResult; `scrub` removes the key from server text."""
    creating = phase == "create"
    if isinstance(outcome, Failure):
        return _failure(request, outcome, attempts, creating)
    reply: Reply = outcome
    body = scrub(reply.text)
    data = _json(body)
    common = {"status": reply.status, "reason": reply.reason, "elapsed": reply.elapsed,
              "attempts": attempts, "body": body, "data": data}
    head = f"{request.label}: {reply.status} {reply.reason}".rstrip()
    timing = f"{reply.elapsed:.2f} s"
    if 200 <= reply.status < 300:
        if creating and data is None:
            return CallResult(request, "unreadable",
                              f"{head} but the answer is not JSON ({snippet(body) or 'empty'}); "
                              f"the automation was probably created, id unknown — {_CHECK_FIRST}",
                              **common)
        new_id = created_id(data) if creating else None
        what = f"created automation {new_id}" if new_id else "done"
        if creating and new_id is None:
            what = "created, but the answer names no automation id"
        return CallResult(request, "ok", f"{request.label}: {what} ({reply.status}, {timing})",
                          **common)
    problems = tuple(problems_from(reply.status, reply.reason, data, body, payload=payload,
                                   step_ids=step_ids, phase=phase))
    if reply.status == 429:
        wait = retry_after(reply.headers, data)
        when = f"retry after {wait:g} s" if wait is not None else "retry later"
        return CallResult(request, "rate_limited", f"{head}: rate limited, {when} (not retried)",
                          problems=problems, retry_after=wait, **common)
    if 400 <= reply.status < 500:
        return CallResult(request, "rejected", f"{head}: the vendor refused the {request.label}",
                          problems=problems, **common)
    if reply.status >= 500:
        tail = f"; {_CHECK_FIRST}" if creating else ""
        return CallResult(request, "vendor_error",
                          f"{head}: the vendor failed ({problems[0].message}){tail}",
                          problems=problems, **common)
    location = reply.headers.get("location", "")
    return CallResult(request, "network_error",
                      f"{head}: unexpected redirect{' to ' + location if location else ''}; "
                      "check the profile's base URL", problems=problems, **common)

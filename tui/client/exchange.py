"""The sending protocol without I/O: which request to send next, and when to retry.

A conversation is a generator that yields `Send` and `Pause` actions and is
told what each `Send` produced (a `Reply` or a `Failure`). The synchronous and
the asynchronous drivers in `transport` only perform those actions, so the
retry policy — the rule that protects against duplicate automations — exists
once and is tested without sockets.

The rule: a request is retried only when it failed *before it could reach the
server* (refused connection, name resolution, connect timeout). A read timeout
or a dropped connection after sending is never retried: the vendor may have
created the automation, and a second create would make a duplicate.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

from tui.client.request import Request

FailureKind = Literal["refused", "dns", "connect_timeout", "invalid_url",
                      "read_timeout", "write_timeout", "dropped", "other"]
_BEFORE_SENDING: frozenset[FailureKind] = frozenset(
    {"refused", "dns", "connect_timeout", "invalid_url"})
_RETRYABLE: frozenset[FailureKind] = frozenset({"refused", "dns", "connect_timeout"})


@dataclass(frozen=True, slots=True)
class Reply:
    """What the server answered."""

    status: int
    reason: str
    headers: Mapping[str, str]
    """Names in lower case."""
    text: str
    elapsed: float


@dataclass(frozen=True, slots=True)
class Failure:
    """A request that got no answer."""

    kind: FailureKind
    detail: str
    elapsed: float

    @property
    def before_sending(self) -> bool:
        """True when the request certainly never reached the server."""
        return self.kind in _BEFORE_SENDING

    @property
    def retryable(self) -> bool:
        return self.kind in _RETRYABLE


@dataclass(frozen=True, slots=True)
class Send:
    request: Request


@dataclass(frozen=True, slots=True)
class Pause:
    seconds: float


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most `retries` more attempts after a failure to connect, waiting
    `backoff`, then twice that, and so on."""

    retries: int = 2
    backoff: float = 0.5

    def delay(self, attempt: int) -> float:
        return self.backoff * (2 ** attempt)


Action = Send | Pause
Outcome = Reply | Failure
T = TypeVar("T")
Conversation = Generator[Action, Outcome | None, T]


def call(request: Request, policy: RetryPolicy) -> Conversation[tuple[Outcome, int]]:
    """Send one request, retrying only failures to connect; the outcome and attempt count."""
    attempts = 0
    while True:
        outcome = yield Send(request)
        assert outcome is not None  # a driver answers every Send
        attempts += 1
        if isinstance(outcome, Failure) and outcome.retryable and attempts <= policy.retries:
            yield Pause(policy.delay(attempts - 1))
            continue
        return outcome, attempts

"""A submission: one workflow compiled for one profile, checked, ready to send.

`prepare` does everything that needs no network — compile, check, choose the
lifecycle calls, build the requests — so the CLI's `--dry-run` and `--curl`,
the app's preview and the real send all look at the same object.
`conversation` is the send itself as a sans-I/O generator (see `exchange`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tui.client.curl import to_curl
from tui.client.exchange import Conversation, RetryPolicy, call
from tui.client.request import Auth, Request, build
from tui.client.result import SendResult, interpret
from tui.model.errors import FlowdeckError, InputError
from tui.model.problems import Problem
from tui.model.tree import walk
from tui.model.workflow import Workflow
from tui.store.profiles import SANDBOX_SCHEME, Profile
from tui.vendors.base import Endpoint, LifecycleCall, VendorInfo

FOREGROUND_SANDBOX = "http://127.0.0.1:8765"
"""Where `flowdeck sandbox` listens by default; previews of sandbox profiles point here
because the embedded sandbox lives only as long as the process that sends."""


class BlockedError(FlowdeckError):
    """The workflow has problems that the vendor would refuse; nothing was sent."""

    exit_code = 1


def sandbox_base(base_url: str, server: str) -> str:
    """`sandbox://autosend` → `<server>/autosend`: the sandbox mounts each vendor there."""
    return f"{server.rstrip('/')}/{base_url.removeprefix(SANDBOX_SCHEME)}"


@dataclass(frozen=True, slots=True)
class Submission:
    profile: Profile
    info: VendorInfo
    workflow: Workflow
    payload: dict[str, Any]
    """The create body, lifecycle flags (AutoSend `active`) included."""
    problems: tuple[Problem, ...]
    """The adapter's check of the workflow."""
    lifecycle: tuple[LifecycleCall, ...]
    """The lifecycle options chosen, in the vendor's order."""
    base_url: str
    auth: Auth

    @property
    def followups(self) -> tuple[LifecycleCall, ...]:
        """The chosen lifecycle calls that are requests of their own, run after create."""
        return tuple(c for c in self.lifecycle if c.endpoint is not None)

    @property
    def blocking(self) -> list[Problem]:
        """Errors the vendor would refuse: create-phase, plus activate-phase when activating."""
        phases = ("create", "activate") if self.lifecycle else ("create",)
        return [p for p in self.problems if p.severity == "error" and p.phase in phases]

    @property
    def step_ids(self) -> frozenset[str]:
        return frozenset(place.step.id for place in walk(self.workflow.steps))

    def ensure_sendable(self) -> None:
        """Refuse, before any connection, what the vendor would refuse anyway."""
        if self.blocking:
            raise BlockedError(f"{len(self.blocking)} problem(s) would make {self.info.title} "
                               "refuse this workflow; nothing was sent")

    def at(self, base_url: str) -> Submission:
        """The same submission sent somewhere else (the running sandbox)."""
        return dataclasses.replace(self, base_url=base_url)

    def _build(self, label: str, endpoint: Endpoint, body: Any,
               automation_id: str | None) -> Request:
        return build(label, endpoint, base_url=self.base_url, auth=self.auth,
                     vendor_headers=dict(self.info.extra_headers),
                     profile_headers=self.profile.headers, body=body,
                     automation_id=automation_id)

    def create_request(self) -> Request:
        return self._build("create", self.info.create, self.payload, None)

    def followup_request(self, lifecycle: LifecycleCall, automation_id: str | None) -> Request:
        """A lifecycle call; without an id its URL keeps the `{id}` placeholder."""
        assert lifecycle.endpoint is not None
        return self._build(lifecycle.option, lifecycle.endpoint,
                           dict(lifecycle.body) or None, automation_id)

    def requests(self) -> list[Request]:
        """Every request this submission makes, follow-ups with `{id}` for the new id."""
        return [self.create_request(), *(self.followup_request(c, None) for c in self.followups)]

    def printable(self) -> Submission:
        """This submission with a sandbox base URL a person can reach (`flowdeck sandbox`)."""
        if self.base_url.startswith(SANDBOX_SCHEME):
            return self.at(sandbox_base(self.base_url, FOREGROUND_SANDBOX))
        return self

    def preview(self, *, reveal: bool = False) -> str:
        """The exact requests as HTTP text, key masked unless `reveal`."""
        texts = [request.preview(reveal=reveal) for request in self.printable().requests()]
        return "\n".join(_then(text, index) for index, text in enumerate(texts))

    def curl(self, *, reveal: bool = False) -> str:
        texts = [to_curl(request, reveal=reveal) for request in self.printable().requests()]
        return "\n".join(_then(text, index, comment="# ") for index, text in enumerate(texts))


def _then(text: str, index: int, comment: str = "") -> str:
    if index == 0:
        return text
    return f"{comment}then, with the new automation's id for {{id}}:\n{text}"


def prepare(workflow: Workflow, profile: Profile, *, payload: dict[str, Any] | None = None,
            lifecycle: Iterable[str] = ()) -> Submission:
    """Compile (unless a payload for the profile's vendor is given), check, build.

    `lifecycle` names options of the vendor's `info.lifecycle` (e.g. `publish`);
    calls the vendor takes as a flag in the create body are merged into it.
    Runs no network call and no key command.
    """
    from tui import vendors

    adapter = vendors.get(profile.vendor)
    info = adapter.info
    workflow = workflow.model_copy(update={"vendor": info.id})
    chosen = _choose(info, lifecycle)
    if payload is None:
        body, problems = adapter.compile_and_check(workflow)
    else:
        body, problems = dict(payload), adapter.check(workflow)
    for flag in (c for c in chosen if c.endpoint is None):
        body.update(flag.body)
    return Submission(profile, info, workflow, body, tuple(problems), chosen,
                      profile.base_url or info.base_url, Auth(info.auth, profile))


def _choose(info: VendorInfo, options: Iterable[str]) -> tuple[LifecycleCall, ...]:
    wanted = set(options)
    known = {c.option for c in info.lifecycle}
    unknown = sorted(wanted - known)
    if unknown:
        offered = ", ".join(sorted(known)) or "none"
        raise InputError(f"{info.title} has no lifecycle option '{unknown[0]}' "
                         f"(it has: {offered})")
    return tuple(c for c in info.lifecycle if c.option in wanted)


def conversation(sub: Submission, policy: RetryPolicy) -> Conversation[SendResult]:
    """Create, then each lifecycle call while the previous one succeeded."""
    request = sub.create_request()
    outcome, attempts = yield from call(request, policy)
    create = interpret(request, outcome, attempts, scrub=sub.auth.scrub, payload=sub.payload,
                       step_ids=sub.step_ids)
    result = SendResult(sub, create)
    if not create.ok or not sub.followups:
        return result
    new_id = result.created_id
    if new_id is None:
        skipped = tuple((c.option, "the create answer names no automation id")
                        for c in sub.followups)
        return dataclasses.replace(result, skipped=skipped)
    done = []
    for index, lifecycle in enumerate(sub.followups):
        request = sub.followup_request(lifecycle, new_id)
        outcome, attempts = yield from call(request, policy)
        done.append(interpret(request, outcome, attempts, scrub=sub.auth.scrub,
                              payload=sub.payload, step_ids=sub.step_ids, phase="activate"))
        if not done[-1].ok:
            rest = tuple((c.option, f"{lifecycle.option} failed")
                         for c in sub.followups[index + 1:])
            return dataclasses.replace(result, followups=tuple(done), skipped=rest)
    return dataclasses.replace(result, followups=tuple(done))

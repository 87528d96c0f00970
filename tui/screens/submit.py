"""Send the workflow: choose a profile, see the exact request, send it, read the answer.

The modal is built around one `Submission` (from `tui.client.prepare`): it is
rebuilt whenever the profile or a lifecycle option changes, so what the modal
shows is what a send would do. Sending runs in an async worker; the screen
only reacts to the messages it posts. A request in flight can be cancelled
with escape, but a create that has left this machine may still happen at the
vendor, so the modal says so and the history records it.

Two guards against creating an automation twice: Send is disabled while a
request is in flight, and sending a body that the history shows was already
sent to the same profile (and may have created something) asks first.

The modal dismisses with a `SubmitOutcome`: the last result (so the builder
can mark the vendor's errors in the outline) and the error the user chose, if
any (so the builder can select its step).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Checkbox, ContentSwitcher, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from tui.client import SendResult, Submission, prepare
from tui.client.result import cancelled_result, record
from tui.model.errors import FlowdeckError
from tui.model.problems import Problem
from tui.model.workflow import Workflow
from tui.store.history import HistoryEntry
from tui.store.profiles import Profile, list_profiles
from widgets.http_text import body_size_line, request_content, response_content
from widgets.problems import ProblemList, problem_prompt

POSSIBLY_CREATED = frozenset({"ok", "network_error", "unreadable", "vendor_error"})
"""History outcomes after which the automation may exist at the vendor: a repeat send asks."""

HISTORY_LOOKBACK = 200
"""How many recent submissions the duplicate check reads."""

SHOWN_PROBLEMS = 6


@dataclass(frozen=True, slots=True)
class SubmitOutcome:
    result: SendResult | None
    """The last send's result, None when nothing was sent."""
    chosen: Problem | None = None
    """A vendor error the user picked: the builder selects its step."""


class SendFinished(Message):
    def __init__(self, result: SendResult, warning: str | None) -> None:
        super().__init__()
        self.result = result
        self.warning = warning
        """Why the submission could not be recorded in the history, if it could not."""


class SendFailed(Message):
    """Nothing was sent: the key could not be had, the sandbox did not start, …"""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class DuplicateChecked(Message):
    def __init__(self, submission: Submission, previous: HistoryEntry | None) -> None:
        super().__init__()
        self.submission = submission
        self.previous = previous


def profiles_for(vendor: str) -> tuple[list[Profile], str | None]:
    """The vendor's profiles, built-in sandbox first, and why the user's could not be read."""
    from tui.store.profiles import builtin_profiles

    try:
        found = list_profiles()
        problem = None
    except FlowdeckError as exc:
        found, problem = builtin_profiles(), str(exc)
    return [p for p in found if p.vendor == vendor], problem


def profile_prompt(profile: Profile) -> Content:
    where = "built-in sandbox on this machine" if profile.is_sandbox else (
        profile.base_url or "the vendor's public API")
    return Content.assemble((profile.name, "bold"), "\n",
                            (f"{where} · {profile.describe_auth()}", "$text-muted"))


def previous_send(submission: Submission, entries: list[HistoryEntry]) -> HistoryEntry | None:
    """The newest earlier send of this very body to this profile that may have created it."""
    for entry in entries:
        if (entry.profile == submission.profile.name and entry.outcome in POSSIBLY_CREATED
                and entry.request.get("body") == submission.payload):
            return entry
    return None


def _record(result: SendResult) -> str | None:
    reason = record(result)
    return None if reason is None else f"Not recorded in the history: {reason}"


class SubmitScreen(ModalScreen[SubmitOutcome]):
    CSS_PATH = "submit.tcss"
    HELP = """\
## Send

Choose a **profile** (the built-in sandbox needs no account), tick the
**after create** options the vendor offers, check the **request** (the key
is masked), then **Send**. Errors the vendor would refuse must be fixed
first; warnings are only shown.

While a request is in flight **escape** cancels it — the vendor may still
create the automation, so check before sending again. In the result,
**enter** on a vendor error closes this and selects its step.
"""
    BINDINGS: ClassVar = [
        Binding("escape", "escape", "Cancel / close", id="submit.close"),
    ]

    def __init__(self, workflow: Workflow, *, profiles: list[Profile] | None = None) -> None:
        super().__init__()
        self.workflow = workflow
        if profiles is None:
            self.profiles, self.profiles_problem = profiles_for(workflow.vendor)
        else:
            self.profiles, self.profiles_problem = profiles, None
        self.submission: Submission | None = None
        self.prepare_error: str | None = None
        self.result: SendResult | None = None
        self.in_flight = False
        self._sending: Worker[None] | None = None
        self._started = 0.0
        self._ticker: Timer | None = None

    @property
    def vendor_title(self) -> str:
        from tui import vendors

        return vendors.VENDORS[self.workflow.vendor].title

    @property
    def lifecycle_options(self) -> list[tuple[str, str]]:
        from tui import vendors

        return [(c.option, c.label) for c in vendors.get(self.workflow.vendor).info.lifecycle]

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        name = self.workflow.name or "untitled workflow"
        with Vertical(classes="dialog submit"):
            yield Label(f"Send “{name}” to {self.vendor_title}", classes="dialog-title")
            with ContentSwitcher(initial="prepare", id="views"):
                with VerticalScroll(id="prepare"):
                    yield Label("Profile", classes="submit-section")
                    yield OptionList(*(Option(profile_prompt(p), id=p.name)
                                       for p in self.profiles), id="profiles")
                    if self.profiles_problem:
                        yield Label(self.profiles_problem, classes="submit-warning",
                                    markup=False)
                    if self.lifecycle_options:
                        yield Label("After create", classes="submit-section")
                        for option, label in self.lifecycle_options:
                            yield Checkbox(label, id=f"life-{option}", compact=True)
                    yield Label("Request", classes="submit-section")
                    yield Static(id="request")
                    yield Static(id="checks")
                with Vertical(id="result"):
                    yield Static(id="headline")
                    yield Static(id="facts")
                    yield Label("Vendor errors · enter selects the step", id="errors-title",
                                classes="submit-section")
                    yield ProblemList(id="vendor-errors")
                    yield Label("Response body", classes="submit-section")
                    yield Static(id="body-note")
                    with VerticalScroll(id="body"):
                        yield Static(id="body-text")
            yield Static(id="progress")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Copy curl", id="curl")
                yield Button("Send", variant="primary", id="send")
                yield Button("Back", id="back")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        listing = self.query_one("#profiles", OptionList)
        self.query_one("#back").display = False
        if self.profiles:
            listing.highlighted = 0
        listing.focus()
        self.refresh_submission()

    # -- the submission ------------------------------------------------------------------------

    @property
    def profile(self) -> Profile | None:
        index = self.query_one("#profiles", OptionList).highlighted
        return self.profiles[index] if index is not None and self.profiles else None

    @property
    def chosen_lifecycle(self) -> list[str]:
        return [option for option, _ in self.lifecycle_options
                if self.query_one(f"#life-{option}", Checkbox).value]

    def refresh_submission(self) -> None:
        """Rebuild the submission for the chosen profile and options, and show it."""
        profile = self.profile
        self.submission, self.prepare_error = None, None
        if profile is None:
            self.prepare_error = (f"No {self.vendor_title} profile. Add one under Profiles "
                                  "(home screen).")
        else:
            try:
                self.submission = prepare(self.workflow, profile,
                                          lifecycle=self.chosen_lifecycle)
            except FlowdeckError as exc:
                self.prepare_error = f"Cannot build the request: {exc}"
        self._show_request()
        self._show_checks()
        self._refresh_buttons()

    def _show_request(self) -> None:
        sub = self.submission
        if sub is None:
            self.query_one("#request", Static).update("")
            return
        create = sub.create_request()
        parts = [request_content(create.method, create.url, create.shown_headers(),
                                 body_size_line(create.body))]
        for call in sub.followups:
            follow = sub.followup_request(call, None)
            parts.append(Content.assemble(
                ("then ", "$text-muted"), (follow.method, "bold $text-accent"), " ", follow.url,
                (f"  ({call.option}, {{id}} = the new automation)", "$text-muted"), "\n"))
        if sub.profile.is_sandbox:
            parts.append(Content.styled("sandbox:// is the built-in sandbox, started on this "
                                        "machine on the first send.", "$text-muted"))
        self.query_one("#request", Static).update(Content.assemble(*parts))

    def _show_checks(self) -> None:
        checks = self.query_one("#checks", Static)
        sub = self.submission
        if sub is None:
            checks.update(Content.styled(self.prepare_error or "", "$text-error"))
            return
        blocking = sub.blocking
        warnings = [p for p in sub.problems if p.severity == "warning"]
        lines: list[Content | str] = []
        if blocking:
            why = " (activation needs them; untick it to create a draft)" if any(
                p.phase == "activate" for p in blocking) else ""
            lines.append(Content.styled(
                f"✗ {len(blocking)} error{'s' * (len(blocking) != 1)} to fix before sending"
                f"{why}:", "bold $text-error"))
            lines += [Content.assemble("  ", problem_prompt(p)) for p in blocking[:SHOWN_PROBLEMS]]
        if warnings:
            lines.append(Content.styled(
                f"! {len(warnings)} warning{'s' * (len(warnings) != 1)} (sent anyway):",
                "bold $text-warning"))
            lines += [Content.assemble("  ", problem_prompt(p)) for p in warnings[:SHOWN_PROBLEMS]]
        if not lines:
            lines.append(Content.styled(f"✓ {self.vendor_title}'s rules find nothing to refuse.",
                                        "$text-success"))
        checks.update(Content("\n").join(lines))

    def _refresh_buttons(self) -> None:
        on_result = self.query_one("#views", ContentSwitcher).current == "result"
        send = self.query_one("#send", Button)
        send.display = not on_result
        send.disabled = self.in_flight or self.submission is None or bool(
            self.submission.blocking)
        send.label = "Sending…" if self.in_flight else "Send"
        curl = self.query_one("#curl", Button)
        curl.display = not on_result
        curl.disabled = self.submission is None
        self.query_one("#back").display = on_result and not self.in_flight
        self.query_one("#close", Button).label = "Cancel request" if self.in_flight else "Close"

    @on(OptionList.OptionHighlighted, "#profiles")
    def _profile_changed(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if not self.in_flight:
            self.refresh_submission()

    @on(OptionList.OptionSelected, "#profiles")
    def _profile_chosen(self, event: OptionList.OptionSelected) -> None:
        """enter on a profile: go to the first option, or straight to Send."""
        event.stop()
        boxes = self.query(Checkbox)
        (boxes.first() if boxes else self.query_one("#send", Button)).focus()

    @on(Checkbox.Changed)
    def _lifecycle_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.refresh_submission()

    @on(Button.Pressed, "#curl")
    def _copy_curl(self) -> None:
        from tui.clipboard import copy_curl

        if self.submission is not None:
            copy_curl(self.app, self.submission)

    # -- sending -------------------------------------------------------------------------------

    @on(Button.Pressed, "#send")
    def action_send(self) -> None:
        sub = self.submission
        if self.in_flight or sub is None or sub.blocking:
            return
        self._set_in_flight(True, "Checking the history for an earlier send…")
        self._check_duplicate(sub)

    @work(thread=True, exclusive=True, group="duplicate", exit_on_error=False,
          description="look for an earlier identical send")
    def _check_duplicate(self, sub: Submission) -> None:
        from tui.store import history

        try:
            entries = history.read(limit=HISTORY_LOOKBACK).entries
        except FlowdeckError:
            entries = []  # an unreadable history must not stop a send; the CLI agrees
        self.post_message(DuplicateChecked(sub, previous_send(sub, entries)))

    def on_duplicate_checked(self, message: DuplicateChecked) -> None:
        previous = message.previous
        if previous is None:
            self._start(message.submission)
            return
        from tui.screens.confirm import ConfirmScreen

        what = (f"created it as {previous.created_id}" if previous.created_id
                else f"ended with: {previous.message}")
        body = (f"This exact payload was sent to {previous.profile} at "
                f"{previous.time.replace('T', ' ')[:19]} UTC and {what}.\n\n"
                "Sending again may create a second automation.")

        def answered(again: bool | None) -> None:
            if again:
                self._start(message.submission)
            else:
                self._set_in_flight(False, "Not sent again.")

        self.app.push_screen(ConfirmScreen("Send the same workflow again?", body,
                                           confirm="Send again", cancel="Don't send"), answered)

    def _start(self, sub: Submission) -> None:
        self._set_in_flight(True, "")
        self._started = time.monotonic()
        self._tick()
        self._ticker = self.set_interval(0.1, self._tick)
        self._sending = self._send(sub)

    def _tick(self) -> None:
        elapsed = time.monotonic() - self._started
        self._show_progress(Content.assemble(
            ("⟳ ", "bold $text-accent"),
            f"Sending to {self.vendor_title}… {elapsed:.1f} s  ",
            ("escape cancels", "$text-muted")))

    @work(exclusive=True, group="send", exit_on_error=False,
          description="send")  # never repr a submission: it holds the profile
    async def _send(self, sub: Submission) -> None:
        from tui.client import send_async

        try:
            result = await send_async(sub)
        except FlowdeckError as exc:
            self.post_message(SendFailed(str(exc)))
            return
        warning = await asyncio.to_thread(_record, result)
        self.post_message(SendFinished(result, warning))

    def on_send_finished(self, message: SendFinished) -> None:
        self._set_in_flight(False, "")
        if message.warning:
            self.notify(message.warning, severity="warning", markup=False)
        self.show_result(message.result)

    def on_send_failed(self, message: SendFailed) -> None:
        self._set_in_flight(False, "")
        self._show_progress(Content.styled(f"Not sent: {message.error}", "bold $text-error"))

    def cancel_send(self) -> None:
        """Stop waiting for the answer; record that the automation may exist anyway."""
        if self._sending is None or self.submission is None:
            return
        self._sending.cancel()
        result = cancelled_result(self.submission, time.monotonic() - self._started)
        self._set_in_flight(False, "")
        self._record_cancelled(result)
        self.show_result(result)

    @work(thread=True, group="history", exit_on_error=False,
          description="record the cancelled send")
    def _record_cancelled(self, result: SendResult) -> None:
        warning = _record(result)
        if warning:
            self.app.call_from_thread(self.notify, warning, severity="warning", markup=False)

    def _set_in_flight(self, flying: bool, progress: str) -> None:
        self.in_flight = flying
        if not flying and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        if not flying:
            self._sending = None
        self.query_one("#profiles", OptionList).disabled = flying
        for box in self.query(Checkbox):
            box.disabled = flying
        self._show_progress(progress)
        self._refresh_buttons()

    def _show_progress(self, text: str | Content) -> None:
        progress = self.query_one("#progress", Static)
        progress.update(text)
        progress.display = bool(text)

    # -- the result ------------------------------------------------------------------------------

    def show_result(self, result: SendResult) -> None:
        """Switch to the result view: what happened, the id, vendor errors, the body."""
        self.result = result
        create = result.create
        created = result.created_id
        headline = (Content.styled(f"✓ Created automation {created}", "bold $text-success")
                    if created else Content.styled(
                        "✓ Created" if create.ok else "✗ Not created" if create.status else
                        "? No answer", "bold $text-success" if create.ok else "bold $text-error"))
        self.query_one("#headline", Static).update(headline)
        facts: list[Content | str] = []
        if create.status is not None:
            facts.append(Content.assemble(("status  ", "$text-muted"),
                                          f"{create.status} {create.reason}".rstrip()))
        facts.append(Content.assemble(("time    ", "$text-muted"), f"{create.elapsed:.2f} s"))
        if created:
            facts.append(Content.assemble(("id      ", "$text-muted"), created))
        # Once created, the create's own line only repeats the id; follow-ups still add news.
        said = result.summary()[1:] if created else result.summary()
        facts += [Content(line) for line in said]
        self.query_one("#facts", Static).update(Content("\n").join(facts))
        errors = self.query_one("#vendor-errors", ProblemList)
        errors.show(result.problems)
        errors.display = bool(result.problems)
        if result.problems:
            errors.highlighted = 0
        self.query_one("#errors-title").display = bool(result.problems)
        content, note = response_content(create.body)
        self.query_one("#body-text", Static).update(content)
        self.query_one("#body-note", Static).update(note)
        self.query_one("#body-note").display = bool(note)
        self.query_one("#views", ContentSwitcher).current = "result"
        self._refresh_buttons()
        (errors if result.problems else self.query_one("#close", Button)).focus()

    @on(ProblemList.Chosen)
    def _error_chosen(self, message: ProblemList.Chosen) -> None:
        message.stop()
        self.dismiss(SubmitOutcome(self.result, message.problem))

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.query_one("#views", ContentSwitcher).current = "prepare"
        self._refresh_buttons()
        self.query_one("#profiles", OptionList).focus()

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_escape()

    def action_escape(self) -> None:
        if self.in_flight and self._sending is not None:
            self.cancel_send()
        elif not self.in_flight:
            self.dismiss(SubmitOutcome(self.result))

"""The history: every submission, newest first; one opens to its request and response.

Entries come from `history.jsonl`, where requests are stored with the key
already masked, so nothing here can show a key. A line that does not parse
is skipped and reported once rather than hiding the rest. "Open as draft"
dismisses with the workflow that was sent, for the builder to load as a new,
unsaved workflow.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, Label, Static

from tui.model.errors import FlowdeckError
from tui.model.workflow import Workflow
from tui.store.history import HistoryEntry, HistoryLog
from widgets.http_text import json_body, request_content, response_content

OUTCOME_WORDS = {
    "ok": "created", "rejected": "refused", "rate_limited": "rate limited",
    "vendor_error": "vendor failed", "network_error": "no answer", "unreadable": "unreadable",
}


def local_time(stamp: str) -> str:
    """`2026-11-25 15:08:18` in the local time zone, from the stored UTC ISO time."""
    try:
        return f"{datetime.fromisoformat(stamp).astimezone():%Y-%m-%d %H:%M:%S}"
    except ValueError:
        return stamp


def status_text(entry: HistoryEntry) -> str:
    word = OUTCOME_WORDS.get(entry.outcome, entry.outcome)
    return f"{entry.status} {word}" if entry.status is not None else word


def entry_workflow(entry: HistoryEntry) -> Workflow | None:
    """The workflow that was sent, or None when the entry does not hold a readable one."""
    from tui.model.document import workflow_from_data

    if entry.workflow is None:
        return None
    try:
        return workflow_from_data(entry.workflow)
    except FlowdeckError:
        return None


class HistoryLoaded(Message):
    def __init__(self, log: HistoryLog | None, error: str | None) -> None:
        super().__init__()
        self.log = log
        self.error = error


class HistoryDetail(ModalScreen[Workflow | None]):
    """One submission: what came back, then the request as sent (key masked)."""

    CSS_PATH = "history.tcss"
    HELP = """\
## A submission

The request as it was sent (the key masked) and the vendor's answer.
**o** opens the workflow that was sent as a new draft in the builder;
**escape** goes back to the list.
"""
    BINDINGS: ClassVar = [
        Binding("escape", "dismiss(None)", "Back", id="dialog.cancel"),
        Binding("o", "open_draft", "Open as draft", id="history.open_draft"),
    ]

    def __init__(self, entry: HistoryEntry) -> None:
        super().__init__()
        self.entry = entry
        self.workflow = entry_workflow(entry)

    def compose(self) -> ComposeResult:
        entry = self.entry
        request = entry.request
        headers = request.get("headers")
        header_pairs = [(str(k), str(v)) for k, v in headers.items()] if isinstance(
            headers, dict) else []
        with Vertical(classes="dialog history-detail"):
            yield Label(f"{entry.workflow_name or 'untitled'} → {entry.profile} "
                        f"({entry.vendor}) · {local_time(entry.time)}", classes="dialog-title",
                        markup=False)
            with VerticalScroll(id="detail"):
                yield Static(self._facts(), id="facts")
                yield Label("Response", classes="history-section")
                body, note = response_content(entry.response_body)
                if entry.truncated:
                    note = "The body was longer than 1 MB; the history kept the first 1 MB."
                if note:
                    yield Static(note, id="body-note", markup=False)
                yield Static(body, id="response-body")
                for call in entry.followups:
                    yield Label(f"Then: {call.get('label', 'follow-up')}",
                                classes="history-section", markup=False)
                    yield Static(Content(str(call.get("message", ""))))
                yield Label("Request", classes="history-section")
                yield Static(request_content(str(request.get("method", "")),
                                             str(request.get("url", "")), header_pairs),
                             id="request")
                yield Static(json_body(request.get("body")), id="request-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Open as draft", variant="primary", id="open",
                             disabled=self.workflow is None)
                yield Button("Back", id="back")

    def _facts(self) -> Content:
        entry = self.entry
        rows: list[tuple[str, str]] = [("status", status_text(entry))]
        if entry.elapsed is not None:
            rows.append(("time", f"{entry.elapsed:.2f} s"))
        if entry.created_id:
            rows.append(("id", entry.created_id))
        rows.append(("result", entry.message))
        return Content("\n").join(
            Content.assemble((f"{label:<8}", "$text-muted"), value) for label, value in rows)

    def action_open_draft(self) -> None:
        if self.workflow is not None:
            self.dismiss(self.workflow)

    @on(Button.Pressed, "#open")
    def _open(self) -> None:
        self.action_open_draft()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)


class HistoryScreen(Screen[Workflow | None]):
    """Dismisses with a workflow to open as a draft, or None."""

    CSS_PATH = "history.tcss"
    TITLE = "History"
    HELP = """\
## History

Every submission, newest first. **enter** shows the request (key masked)
and the response; **o** there opens the workflow that was sent as a new
draft. **escape** goes back.
"""
    BINDINGS: ClassVar = [Binding("escape", "dismiss(None)", "Back", id="history.back")]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[HistoryEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="history-body"):
            yield Static(id="history-problem")
            yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "every submission, newest first"
        table = self.query_one("#table", DataTable)
        table.add_columns("Time", "Profile", "Vendor", "Workflow", "Status", "Id")
        table.loading = True
        self.query_one("#history-problem").display = False
        table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def _load(self) -> None:
        """history.jsonl can be long: read it off the UI thread."""
        from tui.store import history

        try:
            self.post_message(HistoryLoaded(history.read(), None))
        except FlowdeckError as exc:
            self.post_message(HistoryLoaded(None, str(exc)))

    def on_history_loaded(self, message: HistoryLoaded) -> None:
        table = self.query_one("#table", DataTable)
        table.loading = False
        problems: list[str] = []
        if message.error:
            problems.append(message.error)
        if message.log is not None:
            self.entries = message.log.entries
            problems += message.log.skipped
        for index, entry in enumerate(self.entries):
            table.add_row(local_time(entry.time), entry.profile, entry.vendor,
                          entry.workflow_name or "untitled", status_text(entry),
                          entry.created_id or "", key=str(index))
        if not self.entries and not problems:
            problems.append("Nothing sent yet: submissions appear here (F1 for help).")
        shown = self.query_one("#history-problem", Static)
        shown.update(Content("\n").join(Content(line) for line in problems[:5]))
        shown.display = bool(problems)

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        entry = self.entries[int(str(event.row_key.value))]

        def opened(workflow: Any) -> None:
            if workflow is not None:
                self.dismiss(workflow)

        self.app.push_screen(HistoryDetail(entry), opened)

"""Drafts: the unsaved state of every open workflow, written to the data dir as it changes.

A draft is one file, `drafts/<id>.draft.json`, holding the workflow exactly as
it is in the builder plus the file it belongs to (if any), so a crash, a
SIGKILL or a dropped SSH connection costs at most the last fraction of a
second of typing. Writes are atomic; a draft whose workflow is saved (or
discarded by the user) is removed. A draft file that cannot be read is never
deleted: it is renamed `*.corrupt-<time>` beside the others and reported, so
whatever is in it can still be rescued by hand.

`Autosaver` is the part the app calls on every edit: it only remembers the
latest workflow and lets a background thread write it at most `delay` seconds
later, so typing never waits on the disk.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.model.errors import FlowdeckError, InputError
from tui.store import paths
from tui.store.atomic import write_text

if TYPE_CHECKING:  # the model loads with the first draft, not at the app's start
    from tui.model.workflow import Workflow

DRAFT_SUFFIX = ".draft.json"
DRAFT_FORMAT = 1
AUTOSAVE_DELAY = 0.4
"""Seconds between an edit and its draft write: well inside the promised second, and a burst
of keystrokes costs one write."""


_ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM")
                        if hasattr(signal, name))


def _now() -> datetime:
    return datetime.now(UTC)


def new_draft_id() -> str:
    """A draft id that sorts by creation time and never clashes between two app instances."""
    return f"{_now():%Y%m%d-%H%M%S}-{os.urandom(3).hex()}"  # not `secrets`: hashlib at start


@dataclass(frozen=True, slots=True)
class Draft:
    id: str
    workflow: Workflow
    path: Path | None
    """The workflow file the draft belongs to; None for a workflow never saved."""
    saved: datetime
    """When the draft was last written (UTC)."""
    file: Path
    """Where the draft itself is stored."""

    @property
    def title(self) -> str:
        """What a person recognises it by: the file's name, else the workflow's."""
        return self.path.name if self.path else (self.workflow.name or "untitled")


@dataclass(frozen=True, slots=True)
class DraftListing:
    drafts: list[Draft]
    """Newest first."""
    problems: list[str] = field(default_factory=list)
    """One line per draft file that could not be read, saying where it was moved."""


class DraftStore:
    """The drafts folder. Every method takes and returns whole drafts; nothing is cached."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or paths.drafts_dir()

    def file_for(self, draft_id: str) -> Path:
        if not draft_id or "/" in draft_id or "\\" in draft_id or draft_id.startswith("."):
            raise InputError(f"'{draft_id}' is not a draft id", "draft")
        return self.folder / f"{draft_id}{DRAFT_SUFFIX}"

    def save(self, draft_id: str, workflow: Workflow, path: Path | None = None) -> Path:
        """Write the draft atomically (mode 0600: a workflow may hold customer data)."""
        from tui.model.document import dumps, workflow_to_data

        document = {
            "flowdeck_draft": DRAFT_FORMAT,
            "id": draft_id,
            "saved": _now().isoformat(timespec="milliseconds"),
            "path": str(Path(path).absolute()) if path is not None else None,
            "workflow": workflow_to_data(workflow),
        }
        target = self.file_for(draft_id)
        write_text(target, dumps(document), mode=0o600)
        return target

    def discard(self, draft_id: str) -> None:
        """Remove a draft whose changes were saved or thrown away on purpose."""
        with contextlib.suppress(FileNotFoundError):
            self.file_for(draft_id).unlink()

    def load(self, draft_id: str) -> Draft:
        return _read(self.file_for(draft_id))

    def list(self) -> DraftListing:
        """Every draft, newest first; unreadable ones are moved aside and reported."""
        try:
            files = sorted(self.folder.glob(f"*{DRAFT_SUFFIX}"))
        except OSError as exc:
            return DraftListing([], [f"{self.folder}: cannot list drafts: {exc.strerror or exc}"])
        drafts: list[Draft] = []
        problems: list[str] = []
        for file in files:
            if not file.exists():
                continue  # discarded, or set aside by another listing, since the glob
            try:
                drafts.append(_read(file))
            except FlowdeckError as exc:
                moved = _set_aside(file, exc)
                if moved is not None:
                    problems.append(moved)
        drafts.sort(key=lambda draft: draft.saved, reverse=True)
        return DraftListing(drafts, problems)


def _read(file: Path) -> Draft:
    from tui.model.document import workflow_from_data
    from tui.store.documents import read_json

    data = read_json(file)
    where = str(file)
    if not isinstance(data, dict) or data.get("flowdeck_draft") != DRAFT_FORMAT:
        raise InputError("not a flowdeck draft (no \"flowdeck_draft\": 1)", where)
    try:
        workflow = workflow_from_data(data.get("workflow"))
    except FlowdeckError as exc:
        inside = f"workflow.{exc.location}" if exc.location else "workflow"
        raise InputError(exc.message, f"{where}: {inside}") from None
    path = data.get("path")
    if path is not None and not isinstance(path, str):
        raise InputError("path: expected a string or null", where)
    return Draft(
        id=file.name.removesuffix(DRAFT_SUFFIX),
        workflow=workflow,
        path=Path(path) if path else None,
        saved=_saved_time(data.get("saved"), file),
        file=file,
    )


def _saved_time(value: Any, file: Path) -> datetime:
    """The recorded save time, else the file's own time (a hand-edited draft still lists)."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            stamp = datetime.fromisoformat(value)
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    try:
        return datetime.fromtimestamp(file.stat().st_mtime, UTC)
    except OSError:
        return _now()


def _set_aside(file: Path, exc: FlowdeckError) -> str | None:
    """Rename an unreadable draft so it no longer blocks the list, and say so (None when
    another listing, the home screen's or the start-up offer's, got to it first)."""
    aside = file.with_name(f"{file.name}.corrupt-{_now():%Y%m%dT%H%M%S%f}")
    try:
        file.rename(aside)
    except FileNotFoundError:
        return None
    except OSError as move:
        return f"{exc}; could not move it aside ({move.strerror or move}), left in place"
    return f"{exc}; moved aside to {aside.name}"


class Autosaver:
    """Writes drafts off the UI thread, at most `delay` seconds after the first unsaved edit.

    `changed()` only records the latest workflow, so it is cheap enough to call
    on every keystroke; a timer thread writes whatever is pending when it
    fires. Writes are serialised, and `discard()` waits for a write in progress,
    so a discarded draft is never brought back by a late write.
    """

    def __init__(self, store: DraftStore | None = None, *, delay: float = AUTOSAVE_DELAY,
                 on_error: Callable[[FlowdeckError], None] | None = None) -> None:
        self.store = store or DraftStore()
        self.delay = delay
        self.on_error = on_error
        # Re-entrant: a signal handler (flush_on_signals) may interrupt the main thread while
        # it holds one of them, and must not deadlock on it.
        self._lock = threading.RLock()
        self._writing = threading.RLock()
        self._pending: dict[str, tuple[Workflow, Path | None]] = {}
        self._timer: threading.Timer | None = None

    def changed(self, draft_id: str, workflow: Workflow, path: Path | None = None) -> None:
        with self._lock:
            self._pending[draft_id] = (workflow, path)
            if self._timer is None:
                self._timer = threading.Timer(self.delay, self.flush)
                self._timer.daemon = True
                self._timer.start()

    @property
    def pending(self) -> bool:
        with self._lock:
            return bool(self._pending)

    def flush(self) -> None:
        """Write everything pending now (the timer calls this; so does a clean exit)."""
        with self._writing:
            with self._lock:
                batch, self._pending = self._pending, {}
                if self._timer is not None:
                    self._timer.cancel()  # a no-op when the timer itself is flushing
                self._timer = None
            for draft_id, (workflow, path) in batch.items():
                try:
                    self.store.save(draft_id, workflow, path)
                except FlowdeckError as exc:
                    if self.on_error is not None:
                        self.on_error(exc)

    def discard(self, draft_id: str) -> None:
        with self._writing:
            with self._lock:
                self._pending.pop(draft_id, None)
            self.store.discard(draft_id)

    def flush_on_signals(self, signals: Iterable[int] = _ENDING_SIGNALS) -> None:
        """When the terminal goes away (SIGHUP) or the system stops us (SIGTERM), write
        what is pending, then let the signal end the process as it would have.

        Call from the main thread of a real run only (not under a test runner)."""

        def handler(signum: int, frame: object) -> None:
            self.flush()
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

        for signum in signals:
            signal.signal(signum, handler)


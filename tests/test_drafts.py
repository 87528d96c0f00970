"""Drafts: atomic, private, listed newest first, restored exactly; broken ones moved aside."""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from tui.model.document import workflow_to_data
from tui.model.errors import InputError
from tui.model.workflow import Workflow
from tui.store import paths
from tui.store.documents import load_workflow
from tui.store.drafts import DRAFT_SUFFIX, Autosaver, DraftStore, new_draft_id

WELCOME = Path(__file__).parent / "fixtures" / "app" / "welcome.flow.json"


@pytest.fixture
def store() -> DraftStore:
    return DraftStore()


def test_the_store_lives_in_the_data_dirs_drafts_folder(store: DraftStore) -> None:
    assert store.folder == paths.drafts_dir()
    assert store.folder.parent == paths.data_dir()


def test_a_draft_round_trips_exactly_with_its_file_path(store: DraftStore,
                                                        tmp_path: Path) -> None:
    workflow = load_workflow(WELCOME)
    target = tmp_path / "welcome.flow.json"
    written = store.save("d1", workflow, target)
    assert written == store.folder / f"d1{DRAFT_SUFFIX}"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    draft = store.load("d1")
    assert workflow_to_data(draft.workflow) == workflow_to_data(workflow)
    assert draft.path == target
    assert draft.title == "welcome.flow.json"
    assert store.list().drafts == [draft]


def test_a_relative_path_is_kept_absolute_so_a_restart_elsewhere_finds_it(
        store: DraftStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store.save("d1", Workflow(vendor="tether"), Path("mine.flow.json"))
    assert store.load("d1").path == tmp_path / "mine.flow.json"


def test_an_untitled_draft_is_named_by_its_workflow(store: DraftStore) -> None:
    store.save("d1", Workflow(vendor="kibamail", name="Spring promo"))
    store.save("d2", Workflow(vendor="kibamail"))
    titles = {draft.id: draft.title for draft in store.list().drafts}
    assert titles == {"d1": "Spring promo", "d2": "untitled"}
    assert store.load("d1").path is None


def test_listing_is_newest_first(store: DraftStore) -> None:
    for name in ("first", "second", "third"):
        store.save(name, Workflow(vendor="omnisend", name=name))
        time.sleep(0.002)
    store.save("first", Workflow(vendor="omnisend", name="first, edited"))
    assert [d.id for d in store.list().drafts] == ["first", "third", "second"]


def test_saving_again_replaces_and_discard_removes(store: DraftStore) -> None:
    store.save("d1", Workflow(vendor="autosend", name="one"))
    store.save("d1", Workflow(vendor="autosend", name="two"))
    assert [d.workflow.name for d in store.list().drafts] == ["two"]
    store.discard("d1")
    store.discard("d1")  # discarding twice is fine: the draft is gone either way
    assert store.list().drafts == []
    assert list(store.folder.iterdir()) == []  # no temporary files left behind


@pytest.mark.parametrize(("content", "reason"), [
    (b"{\"flowdeck_draft\": 1, \"workflow\": ", "invalid JSON"),
    (b"\xff\xfe garbage", "not UTF-8"),
    (b"[1, 2]", "not a flowdeck draft"),
    (b'{"flowdeck_draft": 1, "workflow": {"format": 1, "vendor": "autosend", "trigger": {},'
     b' "steps": [{"kind": "teleport"}]}}', "workflow.steps[0]"),
    (b'{"flowdeck_draft": 1, "path": 7, "workflow": {"format": 1, "vendor": "autosend",'
     b' "trigger": {}}}', "path: expected a string"),
])
def test_an_unreadable_draft_is_reported_and_moved_aside_never_deleted(
        store: DraftStore, content: bytes, reason: str) -> None:
    store.save("good", Workflow(vendor="autosend", name="fine"))
    bad = store.folder / f"bad{DRAFT_SUFFIX}"
    bad.write_bytes(content)
    listing = store.list()
    assert [d.id for d in listing.drafts] == ["good"]
    (problem,) = listing.problems
    assert str(bad) in problem and reason in problem and "moved aside to" in problem
    assert not bad.exists()
    (aside,) = store.folder.glob(f"bad{DRAFT_SUFFIX}.corrupt-*")
    assert aside.read_bytes() == content
    assert aside.name in problem
    assert store.list().problems == []  # reported once; the moved file is left alone


def test_a_draft_that_cannot_be_moved_aside_is_left_in_place_and_said_so(
        store: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = store.folder / f"bad{DRAFT_SUFFIX}"
    bad.parent.mkdir(parents=True)
    bad.write_text("{")

    def refuse(self: Path, target: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "rename", refuse)
    (problem,) = store.list().problems
    assert "could not move it aside (Permission denied), left in place" in problem
    assert bad.read_text() == "{"


def test_a_missing_drafts_folder_is_an_empty_list(store: DraftStore) -> None:
    assert not store.folder.exists()
    assert (store.list().drafts, store.list().problems) == ([], [])


@pytest.mark.parametrize("bad", ["", "../escape", "a/b", ".hidden"])
def test_a_draft_id_cannot_leave_the_folder(store: DraftStore, bad: str) -> None:
    with pytest.raises(InputError, match="is not a draft id"):
        store.save(bad, Workflow(vendor="autosend"))


def test_draft_ids_are_unique_and_sort_by_time() -> None:
    ids = [new_draft_id() for _ in range(50)]
    assert len(set(ids)) == 50
    assert all(len(ident.split("-")) == 3 for ident in ids)


def test_the_autosaver_writes_the_latest_state_once_within_a_second(store: DraftStore) -> None:
    writes: list[str] = []
    real_save = store.save

    def counting(draft_id: str, workflow: Workflow, path: Path | None = None) -> Path:
        written = real_save(draft_id, workflow, path)
        writes.append(workflow.name)
        return written

    store.save = counting  # type: ignore[method-assign]
    saver = Autosaver(store, delay=0.2)
    started = time.monotonic()
    for index in range(30):  # a burst of keystrokes
        saver.changed("d1", Workflow(vendor="autosend", name=f"typed {index}"))
    assert saver.pending
    deadline = time.monotonic() + 2
    while not writes and time.monotonic() < deadline:
        time.sleep(0.01)
    assert time.monotonic() - started < 1.0
    assert writes == ["typed 29"]
    assert store.load("d1").workflow.name == "typed 29"


def test_the_autosaver_keeps_saving_while_typing_continues(store: DraftStore) -> None:
    """A throttle, not a debounce: nonstop typing still reaches the disk every `delay`."""
    saver = Autosaver(store, delay=0.1)
    started = time.monotonic()
    seen_mid_typing: list[str] = []
    index = 0
    while time.monotonic() - started < 0.6:
        saver.changed("d1", Workflow(vendor="autosend", name=f"typed {index}"))
        index += 1
        time.sleep(0.01)
        if time.monotonic() - started > 0.3 and store.file_for("d1").exists():
            seen_mid_typing.append(store.load("d1").workflow.name)
    assert seen_mid_typing, "nothing was written while the typing went on"
    saver.flush()
    assert store.load("d1").workflow.name == f"typed {index - 1}"


def test_discard_wins_over_a_pending_write(store: DraftStore) -> None:
    saver = Autosaver(store, delay=0.05)
    saver.changed("d1", Workflow(vendor="autosend"))
    saver.discard("d1")
    time.sleep(0.2)
    assert store.list().drafts == []


def test_a_failed_write_is_reported_through_on_error(store: DraftStore, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    errors: list[str] = []
    done = threading.Event()

    def report(exc: Exception) -> None:
        errors.append(str(exc))
        done.set()

    saver = Autosaver(DraftStore(blocker / "drafts"), delay=0.01, on_error=report)
    saver.changed("d1", Workflow(vendor="autosend"))
    assert done.wait(2)
    assert "cannot write here" in errors[0] and "not-a-folder" in errors[0]


def test_the_file_on_disk_is_plain_json_a_person_can_rescue(store: DraftStore) -> None:
    store.save("d1", Workflow(vendor="tether", name="rescue me"))
    data = json.loads((store.folder / f"d1{DRAFT_SUFFIX}").read_text())
    assert data["flowdeck_draft"] == 1 and data["workflow"]["name"] == "rescue me"
    assert os.path.isabs(str(store.folder))


FLUSH_ON_HANGUP = """
import os, signal, sys, time
from tui.model.workflow import Workflow
from tui.store.drafts import Autosaver, DraftStore

saver = Autosaver(DraftStore(), delay=60)  # the timer alone would never write in time
saver.flush_on_signals()
saver.changed("d1", Workflow(vendor="tether", name="typed just before the hangup"))
print("ready", flush=True)
time.sleep(30)
"""


@pytest.mark.parametrize("signame", ["SIGHUP", "SIGTERM"])
def test_a_hangup_writes_what_is_pending_before_the_process_ends(store: DraftStore,
                                                                 signame: str) -> None:
    import signal
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen([sys.executable, "-c", FLUSH_ON_HANGUP], cwd=root,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    child.send_signal(getattr(signal, signame))
    assert child.wait(10) == -getattr(signal, signame)  # still ended by the signal
    assert store.load("d1").workflow.name == "typed just before the hangup"

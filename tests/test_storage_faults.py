"""Storage faults at the store level: every file flowdeck keeps, broken every way a disk or a
person can break it, through every operation that reads or writes it.

Files: `profiles.toml`, `config.toml`, a draft, `history.jsonl`, and exports written
with `-o`. Faults: unreadable (mode 000), truncated, binary, valid syntax of the wrong
types; a read-only folder; a full disk. Every operation says what is wrong in one line
naming the file (or carries on with the defaults and says so), and the user's bytes
are never changed or deleted — a broken draft is moved aside whole, a history file
only grows.

Permission bits do not stop root, so under root `Disk` makes the same system calls
fail the way they fail for everyone else (EACCES); a full disk is simulated with
ENOSPC from `os.fsync` / `os.write`, and for history also for real, through
/dev/full.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tui.cli import main
from tui.config import Config, load_config
from tui.model.errors import FlowdeckError
from tui.model.workflow import Workflow
from tui.store import history, paths
from tui.store.drafts import DraftStore
from tui.store.history import HistoryEntry
from tui.store.profiles import Profile, get_profile, list_profiles, remove_profile, save_profile

ROOT = os.geteuid() == 0


class Disk:
    """Faults of the file system, real where the machine gives them, injected where it
    would not (root ignores permission bits)."""

    def __init__(self) -> None:
        self.patch = pytest.MonkeyPatch()  # its own: undoing it must not undo the XDG folders
        self.denied_reads: set[Path] = set()
        self.read_only: set[Path] = set()
        self.changed: list[Path] = []
        self._real_open = os.open
        self._real_io_open = io.open

    def unreadable(self, file: Path) -> None:
        file.chmod(0)
        self.changed.append(file)
        if ROOT:
            self.denied_reads.add(file.resolve())
            self._intercept()

    def make_read_only(self, folder: Path) -> None:
        folder.chmod(0o555)
        self.changed.append(folder)
        if ROOT:
            self.read_only.add(folder.resolve())
            self._intercept()
            self.patch.setattr(os, "replace", self._guard(os.replace, 1))
            self.patch.setattr(os, "unlink", self._guard(os.unlink, 0))
            self.patch.setattr(os, "rename", self._guard(os.rename, 1))

    def full(self, *, partial: bool = False) -> None:
        """ENOSPC from fsync (atomic writes) and write (appends); with `partial`, a write
        first puts part of its bytes on disk, as a filling disk does."""
        real_write = os.write

        def write(fd: int, data: Any) -> int:
            if partial and len(data) > 1:
                real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, "No space left on device")

        def fsync(fd: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        self.patch.setattr(os, "write", write)
        self.patch.setattr(os, "fsync", fsync)

    def restore(self) -> None:
        """Back to a healthy disk, so a test can look at what is left."""
        self.patch.undo()
        self.denied_reads.clear()
        self.read_only.clear()
        for path in self.changed:
            if path.exists():  # a broken draft may have been moved aside
                path.chmod(0o700 if path.is_dir() else 0o600)

    # injection ----------------------------------------------------------------------------

    def _denied(self, path: Any, writing: bool) -> bool:
        if not isinstance(path, str | bytes | os.PathLike):
            return False
        target = Path(os.fsdecode(path)).resolve()
        if target in self.denied_reads:
            return True
        return writing and any(folder == target or folder in target.parents
                               for folder in self.read_only)

    def _intercept(self) -> None:
        def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            writing = bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
            if self._denied(path, writing):
                raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
            return self._real_open(path, flags, *args, **kwargs)

        def io_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if self._denied(file, any(flag in mode for flag in "wax+")):
                raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(file))
            return self._real_io_open(file, mode, *args, **kwargs)

        self.patch.setattr(os, "open", os_open)
        self.patch.setattr(io, "open", io_open)

    def _guard(self, call: Callable[..., Any], index: int) -> Callable[..., Any]:
        """`call` refusing to change a read-only folder through its argument `index`
        (and the first argument, the file taken away)."""
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if self._denied(args[0], True) or self._denied(args[index], True):
                raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(args[0]))
            return call(*args, **kwargs)
        return guarded


@pytest.fixture
def disk() -> Iterator[Disk]:
    faults = Disk()
    yield faults
    faults.restore()


def one_line_naming(exc: FlowdeckError, file: Path) -> None:
    text = str(exc)
    assert len(text.splitlines()) == 1, text
    assert str(file) in text, text


# --- the files, in good and broken shape --------------------------------------------------

GOOD_PROFILES = (b"[profiles.live]\nvendor = \"tether\"\nbase_url = \"https://t.example\"\n"
                 b"key = \"k3y-live-0000\"\n")
GOOD_CONFIG = (b"theme = \"textual-light\"\ncursor_blink = false\n\n"
               b"[keymap]\n\"app.quit\" = \"f10\"\n")
BINARY = bytes(range(256)) * 4

BROKEN: dict[str, dict[str, bytes]] = {
    "profiles": {
        "truncated": GOOD_PROFILES[: len(GOOD_PROFILES) // 2],
        "binary": BINARY,
        "wrong-type": b"profiles = 5\n",
        "wrong-field-type": b"[profiles.live]\nvendor = 5\n",
    },
    "config": {
        "truncated": GOOD_CONFIG[:20],
        "binary": BINARY,
        "wrong-type": b"theme = 5\ncursor_blink = \"no\"\nkeymap = \"f10\"\n",
    },
    "draft": {
        "truncated": b'{"flowdeck_draft": 1, "id": "d1", "workflow": {"format": 1, "ven',
        "binary": BINARY,
        "wrong-type": b'{"flowdeck_draft": 1, "id": "d1", "workflow": [1, 2, 3]}',
        "not-a-draft": b"[]",
    },
}


def write_private(file: Path, content: bytes) -> Path:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(content)
    file.chmod(0o600)
    return file


PROFILE_OPERATIONS: dict[str, Callable[[], Any]] = {
    "list": list_profiles,
    "get": lambda: get_profile("live"),
    "add": lambda: save_profile(Profile(name="new", vendor="kibamail", key_env="KIBA_KEY")),
    "remove": lambda: remove_profile("live"),
}


# --- profiles.toml ------------------------------------------------------------------------

@pytest.mark.parametrize("operation", PROFILE_OPERATIONS)
@pytest.mark.parametrize("fault", [*BROKEN["profiles"], "unreadable"])
def test_a_broken_profiles_file_is_named_in_one_line_and_never_rewritten(
        disk: Disk, fault: str, operation: str) -> None:
    file = write_private(paths.profiles_file(), BROKEN["profiles"].get(fault, GOOD_PROFILES))
    before = file.read_bytes()
    if fault == "unreadable":
        disk.unreadable(file)
    with pytest.raises(FlowdeckError) as caught:
        PROFILE_OPERATIONS[operation]()
    one_line_naming(caught.value, file)
    disk.restore()
    assert file.read_bytes() == before
    assert sorted(p.name for p in file.parent.iterdir()) == [file.name]  # no temporary left


@pytest.mark.parametrize("operation", ["add", "remove"])
@pytest.mark.parametrize("fault", ["read-only folder", "full disk"])
def test_a_profile_change_that_cannot_be_written_leaves_the_file_as_it_was(
        disk: Disk, fault: str, operation: str) -> None:
    file = write_private(paths.profiles_file(), GOOD_PROFILES)
    if fault == "read-only folder":
        disk.make_read_only(file.parent)
    else:
        disk.full()
    with pytest.raises(FlowdeckError) as caught:
        PROFILE_OPERATIONS[operation]()
    one_line_naming(caught.value, file)
    disk.restore()
    assert file.read_bytes() == GOOD_PROFILES
    assert sorted(p.name for p in file.parent.iterdir()) == [file.name]
    assert [p.name for p in list_profiles() if not p.builtin] == ["live"]


# --- config.toml --------------------------------------------------------------------------

@pytest.mark.parametrize("fault", [*BROKEN["config"], "unreadable"])
def test_a_broken_config_gives_the_defaults_and_says_where(disk: Disk, fault: str) -> None:
    file = write_private(paths.config_file(), BROKEN["config"].get(fault, GOOD_CONFIG))
    before = file.read_bytes()
    if fault == "unreadable":
        disk.unreadable(file)
    config, problems = load_config()
    assert config == Config()
    assert problems
    for problem in problems:
        assert len(problem.splitlines()) == 1 and problem.startswith(str(file)), problem
    disk.restore()
    assert file.read_bytes() == before


def test_a_wrong_config_value_names_its_key() -> None:
    write_private(paths.config_file(), BROKEN["config"]["wrong-type"])
    _, problems = load_config()
    assert [problem.split(": ")[1] for problem in problems] == ["keymap", "theme",
                                                                 "cursor_blink"]


# --- drafts -------------------------------------------------------------------------------

@pytest.mark.parametrize("fault", [*BROKEN["draft"], "unreadable"])
def test_a_broken_draft_is_reported_and_kept_whole_beside_the_others(disk: Disk,
                                                                     fault: str) -> None:
    store = DraftStore()
    store.save("good", Workflow(vendor="tether", name="kept"))
    file = write_private(store.file_for("d1"), BROKEN["draft"].get(fault, b"{}"))
    before = file.read_bytes()
    if fault == "unreadable":
        disk.unreadable(file)
    with pytest.raises(FlowdeckError) as caught:
        store.load("d1")
    one_line_naming(caught.value, file)
    listing = store.list()
    disk.restore()
    assert [draft.id for draft in listing.drafts] == ["good"]
    [problem] = listing.problems
    assert len(problem.splitlines()) == 1 and str(file) in problem
    [aside] = [path for path in store.folder.iterdir() if ".corrupt-" in path.name]
    assert aside.name.startswith(file.name) and aside.name in problem
    aside.chmod(0o600)  # moved with the mode it had: 000 when it was unreadable
    assert aside.read_bytes() == before


@pytest.mark.parametrize("fault", ["read-only folder", "full disk"])
def test_a_draft_that_cannot_be_written_leaves_the_last_one_in_place(disk: Disk,
                                                                     fault: str) -> None:
    store = DraftStore()
    file = store.save("d1", Workflow(vendor="omnisend", name="before"))
    before = file.read_bytes()
    if fault == "read-only folder":
        disk.make_read_only(store.folder)
    else:
        disk.full()
    with pytest.raises(FlowdeckError) as caught:
        store.save("d1", Workflow(vendor="omnisend", name="after"))
    one_line_naming(caught.value, file)
    disk.restore()
    assert file.read_bytes() == before
    assert [path.name for path in store.folder.iterdir()] == [file.name]


# --- history.jsonl ------------------------------------------------------------------------

def entry(name: str) -> HistoryEntry:
    return HistoryEntry(profile="live", vendor="tether", workflow_name=name,
                        request={"method": "POST", "url": "https://t.example/api/automations"},
                        outcome="created", status=201)


def good_history() -> bytes:
    for name in ("first", "second"):
        history.append(entry(name))
    return paths.history_file().read_bytes()


HISTORY_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda good: good[:-40],
    "binary": lambda good: good + BINARY + b"\n",
    "wrong-type": lambda good: good + b"[1, 2]\n\"text\"\n{\"profile\": 5}\n",
}


@pytest.mark.parametrize("fault", HISTORY_DAMAGE)
def test_damaged_history_lines_are_skipped_and_reported_and_later_appends_keep_them(
        fault: str) -> None:
    file = paths.history_file()
    damaged = HISTORY_DAMAGE[fault](good_history())
    file.write_bytes(damaged)
    log = history.read()
    assert [e.workflow_name for e in log.entries] == (
        ["first"] if fault == "truncated" else ["second", "first"])
    assert log.skipped
    for line in log.skipped:
        assert len(line.splitlines()) == 1 and line.startswith(f"{file}:"), line
    history.append(entry("third"))
    assert file.read_bytes().startswith(damaged)
    assert history.read().entries[0].workflow_name == "third"


def test_a_first_history_entry_in_a_read_only_folder_is_named_in_one_line(disk: Disk) -> None:
    folder = paths.history_file().parent
    folder.mkdir(parents=True)
    disk.make_read_only(folder)
    with pytest.raises(FlowdeckError) as caught:
        history.append(entry("first"))
    one_line_naming(caught.value, paths.history_file())
    disk.restore()
    assert list(folder.iterdir()) == []


def test_unreadable_history_is_named_in_one_line(disk: Disk) -> None:
    good = good_history()
    file = paths.history_file()
    disk.unreadable(file)
    with pytest.raises(FlowdeckError) as caught:
        history.read()
    one_line_naming(caught.value, file)
    disk.restore()
    assert file.read_bytes() == good


FULL_DEVICE = Path("/dev/full")
"""Linux's always-full device: a real ENOSPC without a tiny file system."""


@pytest.mark.parametrize("fault", ["full disk", "full disk, part written",
                                   *(["/dev/full"] if FULL_DEVICE.exists() else [])])
def test_history_that_cannot_grow_is_named_and_keeps_every_entry(disk: Disk,
                                                                 fault: str) -> None:
    good = good_history()
    file = paths.history_file()
    if fault == "/dev/full":
        file = file.with_name("full.jsonl")
        file.symlink_to(FULL_DEVICE)
    else:
        disk.full(partial="part" in fault)
    with pytest.raises(FlowdeckError) as caught:
        history.append(entry("third"), file)
    one_line_naming(caught.value, file)
    disk.restore()
    assert paths.history_file().read_bytes() == good
    assert [e.workflow_name for e in history.read().entries] == ["second", "first"]
    assert stat.S_IMODE(paths.history_file().stat().st_mode) == 0o600


# --- exports ------------------------------------------------------------------------------

EXPORT = Path(__file__).parent / "fixtures" / "send" / "tether.json"


@pytest.mark.parametrize("command", ["import", "compile"])
@pytest.mark.parametrize("fault", ["read-only folder", "full disk"])
def test_an_export_that_cannot_be_written_is_exit_2_and_leaves_the_old_file(
        disk: Disk, tmp_path: Path, capsys: pytest.CaptureFixture[str], fault: str,
        command: str) -> None:
    out = tmp_path / "exports" / "result.json"
    write_private(out, b"the user's earlier export\n")
    source = EXPORT
    if command == "compile":
        source = tmp_path / "w.flow.json"
        assert main(["import", str(EXPORT), "--vendor", "tether", "-o", str(source)]) == 0
    if fault == "read-only folder":
        disk.make_read_only(out.parent)
    else:
        disk.full()
    argv = [command, str(source), *(["--vendor", "tether"] if command == "import" else []),
            "-o", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and str(out) in err and err.startswith("flowdeck: "), err
    disk.restore()
    assert out.read_bytes() == b"the user's earlier export\n"
    assert [path.name for path in out.parent.iterdir()] == [out.name]

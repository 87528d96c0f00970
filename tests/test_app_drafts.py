"""Drafts in the app: the restore offer, autosave from the builder, and a real terminal
killed (SIGHUP, SIGKILL) in the middle of editing."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import struct
import sys
import termios
import time
from fcntl import ioctl
from pathlib import Path
from typing import Any

import pyte
import pytest
from apphelp import QUIET, settle
from screenhelp import host, screen_text, settled, utc, wait_for
from textual.pilot import Pilot

from tui.app import FlowdeckApp
from tui.model.document import workflow_to_data
from tui.model.workflow import Workflow
from tui.screens.builder import BuilderScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.drafts import RestoreScreen
from tui.screens.pick import PickScreen
from tui.store.documents import load_document, load_workflow
from tui.store.drafts import DRAFT_SUFFIX, DraftStore

__all__ = ["utc"]  # the fixture, used by name

ROOT = Path(__file__).resolve().parents[1]
WELCOME = ROOT / "tests" / "fixtures" / "app" / "welcome.flow.json"


async def offer(pilot: Pilot[Any]) -> tuple[RestoreScreen, list[Any]]:
    screen = RestoreScreen(DraftStore().list())
    chosen: list[Any] = []
    pilot.app.push_screen(screen, chosen.append)
    await wait_for(pilot, lambda: pilot.app.screen is screen)
    await settled(pilot)
    return screen, chosen


async def test_the_offer_lists_each_draft_with_its_file_and_restores_the_chosen_one(
        utc: None, tmp_path: Path) -> None:
    store = DraftStore()
    store.save("old", Workflow(vendor="tether", name="older idea"))
    store.save("new", Workflow(vendor="kibamail", name="newest"), tmp_path / "n.flow.json")
    app = host()
    async with app.run_test(size=(100, 30)) as pilot:
        _, chosen = await offer(pilot)
        text = screen_text(app)
        assert "2 unsaved drafts from an earlier run" in text
        assert text.index("n.flow.json") < text.index("older idea")  # newest first
        assert "Kibamail ·" in text and str(tmp_path.name) in text  # the path may wrap
        assert "Tether · never saved to a file" in text
        await pilot.press("down", "enter")
        await settled(pilot)
    (draft,) = chosen
    assert (draft.id, draft.workflow.name) == ("old", "older idea")


async def test_discarding_asks_then_deletes_only_that_draft() -> None:
    store = DraftStore()
    store.save("a", Workflow(vendor="tether", name="keep me"))
    store.save("b", Workflow(vendor="tether", name="drop me"))
    app = host()
    async with app.run_test(size=(100, 30)) as pilot:
        screen, chosen = await offer(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await settled(pilot)
        assert len(store.list().drafts) == 2
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settled(pilot)
        assert [d.workflow.name for d in store.list().drafts] == ["keep me"]
        assert app.screen is screen and chosen == []
        await pilot.press("escape")  # later: the rest stay on disk
        await settled(pilot)
    assert chosen == [None]
    assert [d.workflow.name for d in store.list().drafts] == ["keep me"]


async def test_a_draft_moved_aside_is_reported_in_the_offer() -> None:
    store = DraftStore()
    store.save("fine", Workflow(vendor="tether", name="fine"))
    (store.folder / f"broken{DRAFT_SUFFIX}").write_text("{")
    app = host()
    async with app.run_test(size=(110, 30)) as pilot:
        await offer(pilot)
        text = screen_text(app)
        assert "invalid JSON" in text and "moved aside to" in text
    assert len(list(store.folder.glob("*.corrupt-*"))) == 1


# A real terminal: edit, lose the terminal or get killed, start again, restore ----------------

KEYS = {"enter": b"\r", "escape": b"\x1b", "end": b"\x1b[F", "f2": b"\x1bOQ", "ctrl+q": b"\x11"}


class Terminal:
    """`flowdeck ARGS` in a pseudo-terminal of a fixed size, its screen read with pyte."""

    def __init__(self, *args: str, columns: int = 120, lines: int = 40) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the flowdeck command in a terminal of a known size
            ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
            os.chdir(ROOT)
            env = {**os.environ, "TERM": "xterm-256color"}
            os.execve(sys.executable, [sys.executable, "-m", "tui.cli", *args], env)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def read(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.stream.feed(chunk)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.text:
            assert time.monotonic() < deadline, f"never saw {text!r}:\n{self.text}"
            self.read(0.05)

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.fd, KEYS.get(key, key.encode()))
            self.read(0.35 if key == "escape" else 0.1)  # a lone escape waits for more bytes

    def end(self, how: int) -> int:
        """Send a signal and return how the process ended."""
        os.kill(self.pid, how)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return status

    def finish(self) -> int:
        self.read(5)  # drain until the app leaves
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


@pytest.mark.parametrize("how", [signal.SIGHUP, signal.SIGKILL], ids=["SIGHUP", "SIGKILL"])
def test_every_edit_survives_a_dropped_terminal_or_a_kill(how: int, tmp_path: Path) -> None:
    flow = tmp_path / "welcome.flow.json"
    shutil.copy(WELCOME, flow)
    original = load_workflow(flow)

    first = Terminal("open", str(flow))
    first.wait_for("Outline")
    first.press("enter")  # into the details editor: the name field
    first.read(0.5)
    first.press("end", *" v2", "escape")  # rename, key by key
    first.press("a")  # add a step at the start: the first kind offered
    first.wait_for("Add a step")
    first.press("enter")
    first.read(1.5)  # autosave has a second; the drafts must be on disk by now
    status = first.end(how)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == how

    (draft,) = DraftStore().list().drafts
    assert draft.path == flow
    assert draft.workflow.name == f"{original.name} v2"
    assert len(draft.workflow.steps) == len(original.steps) + 1
    assert load_workflow(flow) == original  # the file itself was never touched

    second = Terminal()
    second.wait_for("unsaved draft from an earlier run")
    assert "welcome.flow.json" in second.text
    second.press("enter")
    second.wait_for("welcome.flow.json ●")  # the builder, on the file, with unsaved changes
    second.press("f2")
    second.wait_for("Saved")
    assert workflow_to_data(load_workflow(flow)) == workflow_to_data(draft.workflow)
    assert DraftStore().list().drafts == []  # saved: the draft is gone
    second.press("ctrl+q")
    assert second.finish() == 0


# In the app: autosave from the builder, the offer at start, leaving with unsaved work -------

def builder_of(app: Any) -> BuilderScreen:
    assert isinstance(app.screen, BuilderScreen)
    return app.screen


async def add_step(pilot: Pilot[Any]) -> None:
    """An edit by key: `a` on the outline, then the first step kind offered."""
    builder_of(pilot.app).outline.focus()
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PickScreen))
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BuilderScreen))
    await settle(pilot)


def opened_copy(tmp_path: Path) -> FlowdeckApp:
    flow = tmp_path / "welcome.flow.json"
    shutil.copy(WELCOME, flow)
    return FlowdeckApp(load_document(flow), flow, config=QUIET)


async def test_an_edit_reaches_the_drafts_folder_within_a_second_and_saving_removes_it(
        tmp_path: Path) -> None:
    app = opened_copy(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        builder = builder_of(app)
        await add_step(pilot)
        edited = time.monotonic()
        await wait_for(pilot, lambda: bool(DraftStore().list().drafts), timeout=1)
        assert time.monotonic() - edited < 1
        (draft,) = DraftStore().list().drafts
        assert (draft.id, draft.path) == (builder.draft_id, tmp_path / "welcome.flow.json")
        assert workflow_to_data(draft.workflow) == workflow_to_data(builder.workflow)
        await pilot.press("f2")
        await settle(pilot)
        assert DraftStore().list().drafts == []
        await add_step(pilot)
        await pilot.press("u")  # undone back to the saved state: nothing left to keep
        await settle(pilot)
        await pilot.pause(0.6)
        assert DraftStore().list().drafts == []


async def test_quitting_with_unsaved_changes_asks_and_discarding_removes_the_draft(
        tmp_path: Path) -> None:
    app = opened_copy(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await add_step(pilot)
        app.autosaver.flush()
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "has changes that are not saved" in screen_text(app)
        await pilot.press("n")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, BuilderScreen) and DraftStore().list().drafts
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await pilot.pause()
    assert DraftStore().list().drafts == []


async def test_the_start_offers_the_drafts_and_a_restored_one_keeps_saving_to_itself(
        tmp_path: Path) -> None:
    flow = tmp_path / "welcome.flow.json"
    shutil.copy(WELCOME, flow)
    changed = load_workflow(flow).model_copy(update={"name": "changed before the crash"})
    DraftStore().save("crashed", changed, flow)
    app = FlowdeckApp(config=QUIET)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RestoreScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BuilderScreen))
        await settle(pilot)
        builder = builder_of(app)
        assert builder.workflow == changed and builder.path == flow
        assert builder.history.dirty and builder.title == "welcome.flow.json ●"
        assert builder.draft_id == "crashed"
        await add_step(pilot)
        app.autosaver.flush()
        (draft,) = DraftStore().list().drafts  # the same draft, updated, not a second one
        assert draft.id == "crashed" and len(draft.workflow.steps) == len(changed.steps) + 1

"""Starting the app: what the home screen imports, and a real pseudo-terminal run."""

from __future__ import annotations

import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from fcntl import ioctl
from pathlib import Path

import pyte

from tui import vendors

ROOT = Path(__file__).resolve().parents[1]

NOT_AT_HOME = ("httpx", "tui.sandbox", "tui.client", "tui.screens.builder", "widgets.editors",
               "tui.vendors.autosend", "tui.vendors.kibamail", "tui.vendors.omnisend",
               "tui.vendors.qonversion", "tui.vendors.tether")
"""What the home screen must not load: the network stack, the sandbox, the builder and
every vendor adapter come in only when the user opens a workflow."""

HOME_RUN = """
import asyncio, json, sys
from tui.app import FlowdeckApp
from tui.config import Config

async def main():
    app = FlowdeckApp(config=Config(cursor_blink=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"

asyncio.run(main())
print(json.dumps(sorted(sys.modules)))
"""


def _loaded(code: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == bad or m.startswith(f"{bad}.") for bad in NOT_AT_HOME)]


def test_importing_the_app_loads_no_vendor_network_or_builder_module() -> None:
    modules = _loaded("import json, sys, tui.app; print(json.dumps(sorted(sys.modules)))")
    assert _heavy(modules) == []


def test_the_home_screen_up_and_running_loads_none_of_them_either() -> None:
    assert _heavy(_loaded(HOME_RUN)) == []


def _read_until(fd: int, stream: pyte.ByteStream, screen: pyte.Screen, text: str,
                timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            stream.feed(chunk)
        if text in "\n".join(screen.display):
            return True
    return False


def test_the_app_starts_and_quits_cleanly_in_a_real_terminal() -> None:
    columns, lines = 100, 30
    pid, fd = pty.fork()
    if pid == 0:  # the child: the `flowdeck` command in a terminal of a known size
        ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        os.chdir(ROOT)
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns),
               "LINES": str(lines)}
        os.execve(sys.executable, [sys.executable, "-m", "tui.cli"], env)
    screen = pyte.Screen(columns, lines)
    stream = pyte.ByteStream(screen)
    try:
        # "No drafts yet" comes last: the drafts folder is read after the first frame.
        assert _read_until(fd, stream, screen, "No drafts yet", timeout=30), (
            "\n".join(screen.display))
        display = "\n".join(screen.display)
        assert "New workflow for" in display
        assert vendors.VENDORS["autosend"].summary[:40] in display
        os.write(fd, b"\x11")  # ctrl+q
        _read_until(fd, stream, screen, "\x00never", timeout=10)  # drain until it exits
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0

"""A program in a real pseudo-terminal, its screen read with pyte: the shared harness of
the app benchmarks (start-up, idle, memory) and the terminal tests.

A pseudo-terminal is what an SSH user's flowdeck talks to, so figures taken here
include the terminal I/O that `run_test` leaves out: the bytes written, the time
until a text is really on screen, the CPU the process spends while nobody types.
"""

from __future__ import annotations

import functools
import os
import pty
import resource
import select
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Mapping, Sequence
from fcntl import ioctl
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"enter": b"\r", "escape": b"\x1b", "down": b"\x1b[B", "up": b"\x1b[A",
        "tab": b"\t", "ctrl+q": b"\x11"}


class Terminal:
    """`argv` started in a pseudo-terminal of `columns` × `lines`; `env` is added to ours."""

    def __init__(self, argv: Sequence[str], *, columns: int = 120, lines: int = 40,
                 env: Mapping[str, str] | None = None) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.output = bytearray()
        """Every byte the program has written to the terminal so far."""
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: set the window size, then become the program
            ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
            os.chdir(ROOT)
            os.execve(argv[0], list(argv), {"TERM": "xterm-256color", **os.environ,
                                            "COLUMNS": str(columns), "LINES": str(lines),
                                            **(env or {})})
        self.status: int | None = None
        self.rusage: resource.struct_rusage | None = None

    @property
    def written(self) -> int:
        return len(self.output)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def read(self, seconds: float) -> bool:
        """Feed the screen whatever arrives within `seconds`; False once the program is gone."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return False
                if not chunk:
                    return False
                self.output += chunk
                self.stream.feed(chunk)
        return True

    def wait_for(self, text: str, timeout: float = 30) -> float:
        """Seconds from the start until `text` is on screen (AssertionError after `timeout`)."""
        deadline = time.perf_counter() + timeout
        while text not in self.text:
            if time.perf_counter() > deadline or not self.read(0.01):
                raise AssertionError(f"never saw {text!r}:\n{self.text}")
        return time.perf_counter() - self.started

    def settle(self, quiet: float = 0.3, timeout: float = 10) -> None:
        """Read until nothing has arrived for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            before = self.written
            if not self.read(quiet) or self.written == before:
                return

    def press(self, key: str, pause: float = 0.1) -> None:
        os.write(self.fd, KEYS.get(key, key.encode()))
        self.read(0.35 if key == "escape" else pause)  # a lone escape waits for more bytes

    def cpu_seconds(self) -> float:
        """User + system CPU time the program has used so far (/proc/PID/stat)."""
        with open(f"/proc/{self.pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def finish(self, timeout: float = 10) -> int:
        """Read until the program leaves; its exit code (its peak RSS lands in `rusage`)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline and self.read(0.1):
            pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self._ended(status, usage)
                break
        if self.status is None:
            _, status, usage = os.wait4(self.pid, 0)
            self._ended(status, usage)
        os.close(self.fd)
        assert self.status is not None
        return self.status

    def kill(self) -> None:
        """End a program that overstays (a failed test must not leave it running)."""
        if self.status is None:
            os.kill(self.pid, 9)
            self.finish()

    def _ended(self, status: int, usage: resource.struct_rusage) -> None:
        self.status = os.waitstatus_to_exitcode(status)
        self.rusage = usage

    def peak_rss_kib(self) -> int:
        """The finished program's peak resident set (ru_maxrss: KiB on Linux)."""
        assert self.rusage is not None, "finish() first"
        peak = self.rusage.ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak


@functools.cache
def scratch_env() -> dict[str, str]:
    """XDG folders of a fresh temporary directory: a benchmark never reads or writes the
    user's drafts, history, profiles or config.toml (and none of theirs skews a figure)."""
    folder = tempfile.mkdtemp(prefix="flowdeck-bench-")
    return {"XDG_CONFIG_HOME": f"{folder}/config", "XDG_DATA_HOME": f"{folder}/data"}


def flowdeck(*args: str) -> list[str]:
    """The argv of the `flowdeck` command run from this checkout."""
    return [sys.executable, "-m", "tui.cli", *args]


def python(script: Path, *args: str) -> list[str]:
    return [sys.executable, str(script), *args]

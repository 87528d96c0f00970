"""The app in the terminals people have: small and large windows, resizes, NO_COLOR, the
Linux console and screen/tmux's TERM, and with the mouse off.

The window sizes and resizes run headless (`run_test`); the TERM and NO_COLOR cases
run the real `flowdeck` in a pseudo-terminal (benchmarks/pty_run.py, shared with the
start-up and idle benchmarks), because those variables act on the driver and the
colour system that `run_test` replaces.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from apphelp import app_on, settle

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from pty_run import Terminal, flowdeck

from tui.app import FlowdeckApp
from tui.store.paths import config_file

MOUSE_ON = b"\x1b[?1000h"
"""What a Textual app writes to ask the terminal for mouse events."""


def _visible(app: FlowdeckApp, selector: str) -> bool:
    widget = app.screen.query_one(selector)
    return widget.display and widget.region.width > 0 and widget.region.height > 0


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_home_and_a_new_builder_fit_the_window(size: tuple[int, int]) -> None:
    app = app_on()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert _visible(app, "#vendors")
        await pilot.press("enter")  # the first vendor: a new workflow in the builder
        await settle(pilot)
        assert type(app.screen).__name__ == "BuilderScreen"
        assert _visible(app, "#outline")
        assert app.screen.region.size == app.size


async def test_the_builder_follows_resizes_without_losing_the_workflow() -> None:
    app = app_on("welcome")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        before = app.screen.workflow  # type: ignore[attr-defined]
        for size in ((80, 24), (200, 60), (100, 30), (60, 20), (120, 40)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            assert app.size == size
            assert app.screen.region.size == app.size
            assert _visible(app, "#outline")
        assert app.screen.workflow == before  # type: ignore[attr-defined]
        assert not app.screen.history.dirty  # type: ignore[attr-defined]


def _start_build_quit(env: dict[str, str]) -> Terminal:
    """Start flowdeck, see home, open the builder on the first vendor, quit: exit code 0."""
    terminal = Terminal(flowdeck(), columns=120, lines=40, env=env)
    try:
        terminal.wait_for("New workflow for")
        terminal.settle(0.3)
        terminal.press("enter")
        terminal.wait_for("Outline")
        terminal.wait_for("Payload")
        terminal.press("ctrl+q")
        assert terminal.finish() == 0, terminal.text
    finally:
        terminal.kill()
    return terminal


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "linux"},
                                 {"TERM": "screen-256color"}],
                         ids=["NO_COLOR", "TERM=linux", "TERM=screen-256color"])
def test_a_real_terminal_starts_builds_and_quits_cleanly(env: dict[str, str]) -> None:
    terminal = _start_build_quit(env)
    assert b"Traceback" not in terminal.output
    if "NO_COLOR" in env:  # no 256-colour or true-colour foreground or background at all
        assert b"\x1b[38;2;" not in terminal.output and b"\x1b[48;2;" not in terminal.output
        assert b"38;5;" not in terminal.output and b"48;5;" not in terminal.output


def test_mouse_false_in_config_toml_asks_the_terminal_for_no_mouse_events() -> None:
    assert MOUSE_ON in _start_build_quit({}).output  # the default: the mouse works
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text("mouse = false\n", encoding="utf-8")
    terminal = _start_build_quit({})
    assert MOUSE_ON not in terminal.output
    assert b"unknown setting" not in terminal.output

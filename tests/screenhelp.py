"""Helpers for the submit, profiles and history tests: what is on screen, waiting, fixtures."""

from __future__ import annotations

import asyncio
import io
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

import tui.app
from tui import vendors
from tui.app import FlowdeckApp
from tui.config import Config
from tui.model.workflow import Workflow

APP_DIR = Path(tui.app.__file__).parent
SEND_FIXTURES = Path(__file__).parent / "fixtures" / "send"
SECRET = "AS_live_0123456789abcdefSECRET"
"""An AutoSend-shaped key the sandbox accepts (it checks only the prefix); no test may see it."""


class ScreenHost(FlowdeckApp):
    """The real app (its styles, bindings, clipboard) over an empty screen, so a screen under
    test and its snapshots do not change when the home screen does."""

    CSS_PATH: ClassVar = [APP_DIR / path for path in FlowdeckApp.CSS_PATH]
    """Textual reads a relative CSS_PATH next to the subclass's module: point at the app's."""

    def get_default_screen(self) -> Screen:
        return Screen()

    def _find_drafts(self) -> None:
        """No restore offer at start: a test pushes the screen it is about itself."""


def host() -> ScreenHost:
    return ScreenHost(config=Config(cursor_blink=False))


def screen_text(app: App[Any]) -> str:
    """Every character on the terminal right now, modal and the screens under it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      force_terminal=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text()


def notifications(app: App[Any]) -> list[str]:
    return [note.message for note in app._notifications]


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 15) -> None:
    """Let the app run until `condition()` holds (a worker finished, a screen appeared)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.05)


def payload(vendor: str) -> dict[str, Any]:
    return json.loads((SEND_FIXTURES / f"{vendor}.json").read_text())


def workflow_for(vendor: str) -> Workflow:
    """A workflow each vendor's sandbox accepts: the vendor's documented example, parsed."""
    return vendors.get(vendor).parse(payload(vendor))


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed local time zone, so times on screen are the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def settled(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await asyncio.sleep(0)
    await pilot.pause()


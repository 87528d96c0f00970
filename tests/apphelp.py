"""Helpers for driving the app in tests and in screenshots/make.py."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.pilot import Pilot

from tui.app import FlowdeckApp
from tui.config import Config
from tui.store.documents import load_document

FIXTURES = Path(__file__).parent / "fixtures" / "app"
QUIET = Config(cursor_blink=False)
"""No blinking cursor: screenshots and snapshots come out the same every run."""


def app_on(name: str | None = None, *, config: Config = QUIET) -> FlowdeckApp:
    """The app on a fixture workflow (`welcome`, `cart`), or on the home screen."""
    if name is None:
        return FlowdeckApp(config=config)
    path = FIXTURES / f"{name}.flow.json"
    return FlowdeckApp(load_document(path), path, config=config)


async def settle(pilot: Pilot) -> None:
    """Let pending messages run, and the builder's editor and preview catch up."""
    await pilot.pause()
    screen = pilot.app.screen
    waiter = getattr(screen, "settled", None)
    if waiter is not None:
        await asyncio.wait_for(waiter(), timeout=10)
    await pilot.pause()


async def select_row(pilot: Pilot, key: str) -> None:
    """Put the outline's cursor on a row by its key (e.g. `step:branch_plan`) and open it in
    the editor, as F7 does (enter would also move the focus into the editor)."""
    screen = pilot.app.screen
    screen.outline.select_key(key)  # type: ignore[attr-defined]
    screen.open(key)  # type: ignore[attr-defined]
    await settle(pilot)

"""Regenerate the SVG screenshots in this folder: `.venv/bin/python screenshots/make.py`.

Each shot starts the app headless at a fixed size on a fixture workflow from
tests/fixtures/app, with throwaway config and data folders (so no user's drafts
or settings leak in) and no blinking cursor, then presses keys and saves an
SVG. Running it twice gives the same files.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass(frozen=True)
class Shot:
    name: str
    caption: str
    workflow: str | None
    size: tuple[int, int]
    keys: Sequence[str] = ()
    row: str | None = None
    setup: Callable[[], None] | None = None
    """Runs before the app starts: files the shot needs (history, drafts) in the scratch dirs."""
    act: Callable[[Any], Awaitable[None]] | None = None
    """Runs after the keys, with the pilot: what keys cannot do deterministically."""


def seed_history() -> None:
    """Two submissions at fixed times (the times show in UTC: main() sets TZ)."""
    from screenhelp import SECRET, workflow_for

    from tui.client import prepare
    from tui.model.document import workflow_to_data
    from tui.store import history
    from tui.store.history import HistoryEntry
    from tui.store.profiles import Profile, get_profile

    live = Profile(name="autosend-live", vendor="autosend", base_url="https://api.autosend.com",
                   key=SECRET)
    sends = [("2026-03-01T09:15:00+00:00", "tether", get_profile("sandbox-tether"), "ok", 201,
              "42"),
             ("2026-03-02T14:30:00+00:00", "autosend", live, "rejected", 400, None)]
    for stamp, vendor, profile, outcome, status, ident in sends:
        workflow = workflow_for(vendor)
        history.append(HistoryEntry(
            time=stamp, profile=profile.name, vendor=vendor, workflow_name=workflow.name,
            workflow=workflow_to_data(workflow),
            request=prepare(workflow, profile).create_request().record(), outcome=outcome,
            status=status, elapsed=0.05, created_id=ident, message=f"{status} {outcome}"))


def seed_profiles() -> None:
    from screenhelp import SECRET

    from tui.store.profiles import Profile, save_profile

    save_profile(Profile(name="autosend-live", vendor="autosend",
                         base_url="https://api.autosend.com", key=SECRET))
    save_profile(Profile(name="tether-ci", vendor="tether", key_env="TETHER_TOKEN"))


def seed_draft() -> None:
    """Two drafts a crashed run left, written at a fixed time."""
    from datetime import UTC, datetime

    from tui.model.workflow import Workflow
    from tui.store import drafts
    from tui.store.documents import load_workflow

    welcome = load_workflow(ROOT / "tests" / "fixtures" / "app" / "welcome.flow.json")
    store = drafts.DraftStore()
    real_now = drafts._now
    try:
        drafts._now = lambda: datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
        store.save("draft-1", welcome.model_copy(update={"name": "Welcome, edited"}),
                   Path("/home/me/flows/welcome.flow.json"))
        store.save("draft-2", Workflow(vendor="kibamail", name="Spring promo"))
    finally:
        drafts._now = real_now


async def submit_result(pilot: Any) -> None:
    """A created automation with a fixed id and time in the result view."""
    from tui.client import CallResult, SendResult

    screen = pilot.app.screen
    sub = screen.submission
    body = '{"success": true, "data": {"id": "6650f1c2a9e0b1d2c3d4e5f6", "active": false}}'
    screen.show_result(SendResult(sub, CallResult(
        sub.create_request(), "ok", "create: created automation 6650f1c2a9e0b1d2c3d4e5f6",
        status=201, reason="Created", elapsed=0.04, body=body,
        data={"success": True, "data": {"id": "6650f1c2a9e0b1d2c3d4e5f6"}})))


SHOTS = (
    Shot("home", "Home: a new workflow for a vendor, drafts, files", None, (120, 40)),
    Shot("home-80x24", "Home at 80×24", None, (80, 24)),
    Shot("builder-branch", "Builder with a branch selected: outline, editor, preview, problems",
         "welcome", (120, 40), row="step:branch_plan"),
    Shot("builder-problems", "Problems listed under the preview; ✗ marks rows in the outline",
         "cart", (120, 40), keys=("f7",)),
    Shot("builder-narrow", "Builder at 80×24: outline and editor", "welcome", (80, 24),
         row="step:email_pro"),
    Shot("builder-narrow-preview", "80×24 with F6: the preview replaces the editor", "welcome",
         (80, 24), keys=("f6",), row="step:email_pro"),
    Shot("add-step", "Adding a step offers only the vendor's step kinds", "welcome", (120, 40),
         keys=("a",), row="step:wait_merged"),
    Shot("switch-vendor", "Switching vendor lists what the new vendor cannot express first",
         "welcome", (120, 40), keys=("f5", "down", "down", "enter")),
    Shot("help", "F1: help for the focused area and every key, with its remap id", "welcome",
         (120, 40), keys=("f1",)),
    Shot("submit", "F12: send to a profile, the request shown with its key masked", "welcome",
         (120, 40), keys=("f12",)),
    Shot("submit-result", "The answer: status, time, the created id and the body", "welcome",
         (120, 40), keys=("f12",), act=submit_result),
    Shot("profiles", "Profiles: where workflows go; keys never shown, only their source", None,
         (120, 30), keys=("p",), setup=seed_profiles),
    Shot("history", "History: every submission, newest first", None, (120, 24),
         keys=("h",), setup=seed_history),
    Shot("history-entry", "A submission: the response, then the request with its key masked",
         None, (120, 40), keys=("h", "enter"), setup=seed_history),
    Shot("restore-drafts", "After a crash or a lost SSH connection: restore unsaved drafts",
         None, (120, 30), setup=seed_draft),
)


async def take(shot: Shot) -> str:
    from apphelp import app_on, select_row, settle

    if shot.setup is not None:
        shot.setup()
    app = app_on(shot.workflow)
    async with app.run_test(size=shot.size) as pilot:
        await settle(pilot)
        if shot.row:
            await select_row(pilot, shot.row)
        for key in shot.keys:
            await pilot.press(key)
            await settle(pilot)
        if shot.act is not None:
            await shot.act(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)  # let the last screen finish its first paint
        return app.export_screenshot(title=f"flowdeck — {shot.caption}")


def main(argv: Sequence[str]) -> int:
    wanted = set(argv)
    os.environ["TZ"] = "UTC"  # times on screen come out the same everywhere
    time.tzset()
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    for shot in SHOTS:
        if wanted and shot.name not in wanted:
            continue
        scratch = tempfile.mkdtemp(prefix="flowdeck-shots-")  # each shot its own files
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
                         "XDG_CACHE_HOME"):
            os.environ[variable] = os.path.join(scratch, variable.lower())
        os.chdir(scratch)  # file dialogs start in an empty folder
        svg = asyncio.run(take(shot))
        (HERE / f"{shot.name}.svg").write_text(svg, encoding="utf-8")
        print(f"screenshots/{shot.name}.svg  {shot.caption}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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
)


async def take(shot: Shot) -> str:
    from apphelp import app_on, select_row, settle

    app = app_on(shot.workflow)
    async with app.run_test(size=shot.size) as pilot:
        await settle(pilot)
        if shot.row:
            await select_row(pilot, shot.row)
        for key in shot.keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.3)  # let the last screen finish its first paint
        return app.export_screenshot(title=f"flowdeck — {shot.caption}")


def main(argv: Sequence[str]) -> int:
    wanted = set(argv)
    scratch = tempfile.mkdtemp(prefix="flowdeck-shots-")
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[variable] = os.path.join(scratch, variable.lower())
    os.chdir(scratch)  # file dialogs start in an empty folder
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    for shot in SHOTS:
        if wanted and shot.name not in wanted:
            continue
        svg = asyncio.run(take(shot))
        (HERE / f"{shot.name}.svg").write_text(svg, encoding="utf-8")
        print(f"screenshots/{shot.name}.svg  {shot.caption}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

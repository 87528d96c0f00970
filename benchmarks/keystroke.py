"""Keystroke to preview: p50 / p95 of the time from a key typed in an editor to the payload
preview showing the change, headless (`App.run_test`), per vendor, for workflows of
10, 100 and 500 steps.

The key is typed into the workflow's Name field (every vendor's payload carries the
name), at the end of the text; the clock stops when the preview's text holds the new
name. Keys are typed one at a time, each after the last one's preview and a pause of
`tui.screens.builder.PREVIEW_DELAY`: the builder compiles a lone key at once and
coalesces a burst (the keys after the first wait for the typing to stop), so this is
the latency of a key a user types and then looks at. `edit p95 ms` is the time
until the key was handled (the workflow holds the new name). Flat vendors are
measured at their largest workflow (Qonversion: 2 steps), as in `compile_check.py`.

    python benchmarks/keystroke.py             # 30 keys per workflow
    python benchmarks/keystroke.py --smoke     # one vendor, 10 steps, 3 keys
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pty_run import scratch_env
from timing import machine, table
from workloads import build, sizes_for, steps_in

from tui.model.document import dumps, workflow_to_data
from tui.vendors import vendor_ids

SIZES = (10, 100, 500)
GOALS_MS = {10: 16.0, 500: 50.0}
KEYS = "abcdefghij"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def typing(file: Path, presses: int) -> tuple[list[float], list[float]]:
    """(seconds until each key showed in the preview, seconds until it was handled)."""
    from tui.app import FlowdeckApp
    from tui.config import Config
    from tui.store.documents import load_document

    os.environ["XDG_DATA_HOME"] = str(file.with_suffix(".data"))  # its own drafts folder
    threshold = gc.get_threshold()
    gc.disable()  # as `flowdeck open` starts the app: it then manages the collector
    app = FlowdeckApp(load_document(file), file, config=Config(cursor_blink=False))
    shown: list[float] = []
    handled: list[float] = []
    try:
        await _type(app, presses, shown, handled)
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        gc.enable()
    return shown, handled


async def _type(app: Any, presses: int, shown: list[float], handled: list[float]) -> None:
    """Types `presses` keys into the Name field, one at a time, timing each."""
    from tui.screens.builder import PREVIEW_DELAY

    async with app.run_test(size=(200, 50)) as pilot:
        screen = app.screen
        await screen.settled()  # type: ignore[attr-defined]
        await pilot.press("tab", "end")  # the outline starts on the workflow row: its Name
        await screen.settled()  # type: ignore[attr-defined]
        for index in range(presses):
            await asyncio.sleep(PREVIEW_DELAY)  # one key at a time, as a user who looks
            key = KEYS[index % len(KEYS)]
            name = screen.workflow.name + key  # type: ignore[attr-defined]
            start = time.perf_counter()
            # the key goes in as the terminal would send it; the clock does not wait for
            # the pilot, which also waits for timers and workers unrelated to the preview
            pressing = asyncio.create_task(pilot.press(key))
            while screen.workflow.name != name:  # type: ignore[attr-defined]
                await asyncio.sleep(0.0005)
            handled.append(time.perf_counter() - start)
            while f'"{name}"' not in screen.preview.text:  # type: ignore[attr-defined]
                await asyncio.sleep(0.0005)
            shown.append(time.perf_counter() - start)
            await pressing


def measure(vendors: list[str], sizes: tuple[int, ...], presses: int,
            folder: Path) -> list[dict[str, object]]:
    rows = []
    for vendor in vendors:
        for size in sizes_for(vendor, sizes):
            workflow = build(vendor, size)
            file = folder / f"{vendor}-{size}.flow.json"
            file.write_text(dumps(workflow_to_data(workflow)), encoding="utf-8")
            shown, handled = asyncio.run(typing(file, presses))
            rows.append({"vendor": vendor, "steps": steps_in(workflow), "asked": size,
                         "p50_ms": round(statistics.median(shown) * 1000, 1),
                         "p95_ms": round(percentile(shown, 0.95) * 1000, 1),
                         "edit_p95_ms": round(percentile(handled, 0.95) * 1000, 1)})
    return rows


def report(rows: list[dict[str, object]], presses: int) -> str:
    from tui.screens.builder import PREVIEW_DELAY

    cells = [[str(row["vendor"]), str(row["steps"]), f"{row['p50_ms']:.1f}",
              f"{row['p95_ms']:.1f}", f"{row['edit_p95_ms']:.1f}"] for row in rows]
    lines = [machine(), "", f"{presses} keys per workflow, one at a time; keys in a burst "
             f"wait for {PREVIEW_DELAY * 1000:.0f} ms of quiet instead", "",
             table(["vendor", "steps", "p50 ms", "p95 ms", "edit p95 ms"], cells), ""]
    for row in rows:
        goal = GOALS_MS.get(int(str(row["asked"])))
        if goal is not None:
            verdict = "meets" if float(str(row["p95_ms"])) <= goal else "misses"
            lines.append(f"{row['vendor']}: p95 {row['p95_ms']} ms at {row['steps']} steps "
                         f"({verdict} ≤ {goal:.0f} ms)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vendor", choices=vendor_ids())
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--smoke", action="store_true", help="one vendor, 10 steps, 3 keys")
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    args = parser.parse_args(argv)
    os.environ.update(scratch_env())  # autosaved drafts go to a scratch folder
    vendors = [args.vendor] if args.vendor else vendor_ids()
    if args.smoke:
        vendors, sizes, args.presses = vendors[:1], (10,), 3
    else:
        sizes = SIZES
    with tempfile.TemporaryDirectory(prefix="flowdeck-keys-") as folder:
        rows = measure(vendors, sizes, args.presses, Path(folder))
    print(json.dumps(rows, indent=2) if args.json else report(rows, args.presses))
    return 0


if __name__ == "__main__":
    sys.exit(main())

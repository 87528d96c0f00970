"""Idle and bandwidth: CPU the app uses while nobody types, and the bytes it writes per cursor
move in the outline, in a real pseudo-terminal — what a user on a slow SSH link pays for.

Three idle scenes, each measured for `--seconds` after the screen has settled: home,
the builder with the outline focused, and the builder with a text field focused
(a blinking cursor repaints twice a second), the last once as on a local terminal
and once as over SSH (SSH_CONNECTION set). Then the outline's cursor goes down
`--moves` times; the first move is left out (it may draw panes for the first time):
once as configured by default (the editor opens a row on enter) and once with
`editor_follows_cursor = true` (the editor shows every row the cursor passes).

    python benchmarks/idle.py              # 10 s each, 36 moves, a 100-step workflow
    python benchmarks/idle.py --smoke      # 0.5 s each, 3 moves, 10 steps
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pty_run import Terminal, flowdeck, scratch_env
from startup import HOME_TEXT
from timing import machine, table
from workloads import build

from tui.model.document import dumps, workflow_to_data

BUILDER_TEXT = "Payload · "
GOAL_BYTES = 2048
VENDOR = "kibamail"


def idle(terminal: Terminal, seconds: float) -> dict[str, float]:
    """CPU seconds and bytes written while `terminal` sits for `seconds` with no input."""
    terminal.settle(0.5)
    cpu, written = terminal.cpu_seconds(), terminal.written
    terminal.read(seconds)
    return {"cpu_ms": round((terminal.cpu_seconds() - cpu) * 1000, 1),
            "cpu_percent": round((terminal.cpu_seconds() - cpu) / seconds * 100, 2),
            "bytes_per_s": round((terminal.written - written) / seconds, 1)}


def cursor_moves(terminal: Terminal, moves: int) -> list[int]:
    """Bytes written for each press of down after the first, each read until output stops."""
    terminal.press("down")
    terminal.settle(0.2)
    sizes = []
    for _ in range(moves):
        before = terminal.written
        terminal.press("down", pause=0.02)
        terminal.settle(0.15)
        sizes.append(terminal.written - before)
    return sizes


def session(argv: list[str], ready: str, env: dict[str, str],
            scene: Callable[[Terminal], Any]) -> Any:
    terminal = Terminal(argv, env={**scratch_env(), **env})
    try:
        terminal.wait_for(ready)
        figures = scene(terminal)
        terminal.press("ctrl+q")
        terminal.finish()
    finally:
        terminal.kill()
    return figures


def measure(seconds: float, moves: int, steps: int, folder: Path) -> dict[str, object]:
    file = folder / f"{VENDOR}-{steps}.flow.json"
    file.write_text(dumps(workflow_to_data(build(VENDOR, steps))), encoding="utf-8")
    local = {"SSH_CONNECTION": ""}
    ssh = {"SSH_CONNECTION": "192.0.2.1 50000 192.0.2.2 22"}
    opened = flowdeck("open", str(file))

    def in_a_field(terminal: Terminal) -> dict[str, float]:
        terminal.press("tab")  # outline → the editor's first field
        return idle(terminal, seconds)

    results: dict[str, object] = {
        "home": session(flowdeck(), HOME_TEXT, local, lambda t: idle(t, seconds)),
        "builder, outline focused": session(opened, BUILDER_TEXT, local,
                                            lambda t: idle(t, seconds)),
        "builder, text field focused": session(opened, BUILDER_TEXT, local, in_a_field),
        "builder, text field focused, over SSH": session(opened, BUILDER_TEXT, ssh, in_a_field),
    }
    following = folder / "following"  # a config.toml that turns the editor's following on
    (following / "flowdeck").mkdir(parents=True)
    (following / "flowdeck" / "config.toml").write_text("editor_follows_cursor = true\n")
    moved = {"cursor_bytes": local,
             "cursor_bytes_following": {**local, "XDG_CONFIG_HOME": str(following)}}
    figures: dict[str, object] = {"seconds": seconds, "vendor": VENDOR, "steps": steps,
                                  "idle": results}
    for name, env in moved.items():
        sizes = session(opened, BUILDER_TEXT, env, lambda t: cursor_moves(t, moves))
        figures[name] = {"moves": len(sizes), "median": statistics.median(sizes),
                         "mean": round(statistics.mean(sizes)), "max": max(sizes)}
    return figures


def report(figures: dict[str, object]) -> str:
    scenes = figures["idle"]
    cursor, following = figures["cursor_bytes"], figures["cursor_bytes_following"]
    assert isinstance(scenes, dict) and isinstance(cursor, dict) and isinstance(following, dict)
    rows = [[scene, f"{values['cpu_ms']:.0f}", f"{values['cpu_percent']:.2f}",
             f"{values['bytes_per_s']:.0f}"] for scene, values in scenes.items()]
    verdict = "meets" if cursor["median"] <= GOAL_BYTES else "misses"
    return "\n".join([
        machine(), "",
        f"idle {figures['seconds']} s each ({figures['vendor']}, {figures['steps']} steps open "
        "in the builder)", "",
        table(["scene", "CPU ms", "CPU %", "bytes/s"], rows), "",
        f"outline cursor move: median {cursor['median']} bytes, mean {cursor['mean']}, "
        f"max {cursor['max']} over {cursor['moves']} moves ({verdict} ≤ {GOAL_BYTES} bytes)",
        f"with editor_follows_cursor = true: median {following['median']} bytes, mean "
        f"{following['mean']}, max {following['max']} (the editor pane redrawn per move)",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--moves", type=int, default=36)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--smoke", action="store_true", help="0.5 s each, 3 moves, 10 steps")
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    args = parser.parse_args(argv)
    if args.smoke:
        args.seconds, args.moves, args.steps = 0.5, 3, 10
    with tempfile.TemporaryDirectory(prefix="flowdeck-idle-") as folder:
        figures = measure(args.seconds, args.moves, args.steps, Path(folder))
    print(json.dumps(figures, indent=2) if args.json else report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

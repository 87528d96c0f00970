"""Start-up: time from launch until the home screen is drawn, in a real pseudo-terminal,
beside a minimal Textual app that draws one line (`minimal_app.py`), and the peak RSS of both.

The two are started alternately in the same run, so a busy moment of the machine
weighs on both; the clock runs from the fork to the moment a known text is on the
emulated screen (pyte), which includes the interpreter's start, the imports, the
first frame and the terminal I/O. A last run of flowdeck under `-X importtime`
lists which of the modules the home screen should not need it loaded.

    python benchmarks/startup.py            # 10 rounds each
    python benchmarks/startup.py --smoke    # 1 round each
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

from pty_run import Terminal, flowdeck, python, scratch_env
from timing import machine, table

from tui.vendors import VENDORS

HERE = Path(__file__).resolve().parent
GOAL_RATIO = 1.5
NOT_AT_START = ("httpx", "tui.sandbox", *(f"tui.vendors.{vendor}" for vendor in VENDORS))
"""The goal: no vendor adapter, no network stack, no sandbox until the user needs one."""
HOME_TEXT = ", ".join(VENDORS["tether"].step_kinds)
"""The last line of the home screen's vendor list: once it shows, home is drawn."""
MINIMAL_TEXT = "minimal Textual app"


def launch(argv: list[str], text: str, env: dict[str, str] | None = None
           ) -> tuple[float, int, Terminal]:
    """(seconds until `text` is on screen, peak RSS KiB, the finished terminal)."""
    terminal = Terminal(argv, env={**scratch_env(), **(env or {})})
    try:
        seconds = terminal.wait_for(text)
        terminal.press("ctrl+q")
        terminal.finish()
    finally:
        terminal.kill()
    return seconds, terminal.peak_rss_kib(), terminal


def start_up_modules() -> list[str]:
    """Which of NOT_AT_START flowdeck imported by the time home was drawn (-X importtime
    writes each import to the terminal as it happens)."""
    _, _, terminal = launch(flowdeck(), HOME_TEXT, env={"PYTHONPROFILEIMPORTTIME": "1"})
    imported = set(re.findall(rb"import time:[ \d|]+\| +([\w.]+)", bytes(terminal.output)))
    names = {name.decode() for name in imported}
    return sorted(name for name in names
                  if any(name == bad or name.startswith(f"{bad}.") for bad in NOT_AT_START))


def measure(rounds: int) -> dict[str, object]:
    apps = {"flowdeck": (flowdeck(), HOME_TEXT),
            "minimal": (python(HERE / "minimal_app.py"), MINIMAL_TEXT)}
    seconds: dict[str, list[float]] = {name: [] for name in apps}
    peaks: dict[str, list[int]] = {name: [] for name in apps}
    for _ in range(rounds):
        for name, (argv, text) in apps.items():
            took, peak, _ = launch(argv, text)
            seconds[name].append(took)
            peaks[name].append(peak)
    median = {name: statistics.median(values) for name, values in seconds.items()}
    peak = {name: max(values) for name, values in peaks.items()}
    return {"rounds": rounds,
            "median_ms": {name: round(value * 1000, 1) for name, value in median.items()},
            "min_ms": {name: round(min(values) * 1000, 1) for name, values in seconds.items()},
            "peak_rss_mib": {name: round(value / 1024, 1) for name, value in peak.items()},
            "ratio": round(median["flowdeck"] / median["minimal"], 2),
            "rss_ratio": round(peak["flowdeck"] / peak["minimal"], 2),
            "imported_at_start": start_up_modules()}


def report(figures: dict[str, object]) -> str:
    median, low, rss = (figures[key] for key in ("median_ms", "min_ms", "peak_rss_mib"))
    assert isinstance(median, dict) and isinstance(low, dict) and isinstance(rss, dict)
    rows = [[name, f"{median[name]:.0f}", f"{low[name]:.0f}", f"{rss[name]:.1f}"]
            for name in ("flowdeck", "minimal")]
    ratio, imported = figures["ratio"], figures["imported_at_start"]
    verdict = "meets" if float(str(ratio)) <= GOAL_RATIO else "misses"
    return "\n".join([
        machine(), "",
        table(["app", "median ms to first screen", "fastest ms", "peak RSS MiB"], rows), "",
        f"ratio: {ratio}× ({verdict} ≤ {GOAL_RATIO}×) over {figures['rounds']} rounds each; "
        f"peak RSS {figures['rss_ratio']}×",
        "imported at start: " + (", ".join(imported) if imported else  # type: ignore[arg-type]
                                 "none of " + ", ".join(NOT_AT_START)),
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--smoke", action="store_true", help="one round each")
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    args = parser.parse_args(argv)
    figures = measure(1 if args.smoke else args.rounds)
    print(json.dumps(figures, indent=2) if args.json else report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

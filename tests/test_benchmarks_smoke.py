"""The benchmark scripts keep working: each runs in its `--smoke` mode and prints figures.

Only that they run and report is asserted, never a timing: figures on a shared
machine are information (benchmarks/README.md), not a pass mark.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
VENDOR_ROW = re.compile(r"^\| (autosend|kibamail|omnisend|qonversion|tether) +\| \d+ ", re.M)


@functools.cache
def smoke(script: str) -> str:
    """The script's output in `--smoke` mode (run once per test session)."""
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), "--smoke"],
                          capture_output=True, text=True, timeout=120, cwd=BENCHMARKS.parent)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_workloads_lists_every_vendors_workflows() -> None:
    out = smoke("workloads.py")
    assert {line.split()[0] for line in out.splitlines()} == {
        "autosend", "kibamail", "omnisend", "qonversion", "tether"}
    assert all(re.search(r"steps +\d+$", line) for line in out.splitlines())


@pytest.mark.parametrize("script", ["compile_check.py", "memory.py"])
def test_a_benchmark_prints_its_machine_and_a_table_of_figures(script: str) -> None:
    out = smoke(script)
    assert re.match(r"\d+ cores \(.*\), .*, Python 3\.\d+\.\d+, \d{4}-\d\d-\d\d\n", out)
    assert VENDOR_ROW.search(out), out


def test_compile_check_says_which_goals_are_met() -> None:
    out = smoke("compile_check.py")
    for vendor in ("autosend", "kibamail", "omnisend", "qonversion", "tether"):
        assert re.search(rf"^{vendor}: ratio [\d.]+× at \d+ steps \((meets|misses) ≤ 10×\)",
                         out, re.M), out


def test_startup_compares_with_the_minimal_app_and_names_the_heavy_modules() -> None:
    out = smoke("startup.py")
    assert re.search(r"^\| flowdeck +\| \d+ ", out, re.M), out
    assert re.search(r"^\| minimal +\| \d+ ", out, re.M), out
    assert re.search(r"^ratio: [\d.]+× \((meets|misses) ≤ 1\.5×\)", out, re.M), out
    assert re.search(r"^imported at start: ", out, re.M), out


def test_idle_reports_each_scene_and_the_bytes_per_cursor_move() -> None:
    out = smoke("idle.py")
    for scene in ("home", "builder, outline focused", "builder, text field focused, over SSH"):
        assert re.search(rf"^\| {re.escape(scene)} +\| \d+ +\| [\d.]+ +\| \d+ +\|$", out, re.M)
    assert re.search(r"^outline cursor move: median \d+ bytes", out, re.M), out


def test_memory_gives_the_apps_ratio_to_the_minimal_app() -> None:
    out = smoke("memory.py")
    assert re.search(r"^\| \w+ +\| \d+ +\| [\d.]+ +\| [\d.]+ +\| [\d.]+× \|$", out, re.M), out


def test_keystroke_reports_p50_and_p95_per_workflow() -> None:
    out = smoke("keystroke.py")
    assert re.search(r"^\| \w+ +\| \d+ +\| [\d.]+ +\| [\d.]+ +\| [\d.]+ +\|$", out, re.M), out
    assert re.search(r"^\w+: p95 [\d.]+ ms at \d+ steps \((meets|misses) ≤ 16 ms\)", out, re.M)

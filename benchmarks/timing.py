"""Timing and reporting helpers shared by the benchmark scripts."""

from __future__ import annotations

import datetime
import gc
import os
import platform
import time
from collections.abc import Callable, Mapping


def side_by_side(runs: Mapping[str, Callable[[], object]], *, budget: float,
                 repeat: int) -> dict[str, float]:
    """The fastest time of one call of each of `runs`, in seconds, measured alternately:
    `repeat` rounds, each timing every run for about `budget` seconds in turn, so a busy
    moment of the machine weighs on all of them alike. Garbage collection is off while
    timing (as in `timeit`); the minimum is the figure least disturbed by other work."""
    numbers = {name: max(1, int(budget / _once(run))) for name, run in runs.items()}
    best = dict.fromkeys(runs, float("inf"))
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            for name, run in runs.items():
                start = time.perf_counter()
                for _ in range(numbers[name]):
                    run()
                best[name] = min(best[name], (time.perf_counter() - start) / numbers[name])
    finally:
        if enabled:
            gc.enable()
    return best


def _once(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return max(time.perf_counter() - start, 1e-7)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    """One line: cores, CPU, Python, date — the header every table carries."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    return (f"{os.cpu_count()} cores ({usable} usable), {cpu_model()}, "
            f"Python {platform.python_version()}, {datetime.date.today().isoformat()}")


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, columns padded so it also reads well in a terminal."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in
                                 zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])

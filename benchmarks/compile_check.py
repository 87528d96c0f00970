"""Compile and check: per vendor, the time to compile + check a workflow of 10, 100 and
1,000 steps, as a ratio to `json.dumps` of the payload it compiles to. What is timed is
`Adapter.compile_and_check`, the one call the app makes when it needs both.

Goals (issue 7): at 1,000 steps compile + check takes at most 10× `json.dumps(payload)`,
and growth is linear: 1,000 steps take at most 12× the time of 100. The ratio is taken
against plain `json.dumps` (the C encoder, the strictest yardstick); the time of
flowdeck's own indented preview text (`tui.model.document.dumps`) is shown beside it.
Flat vendors whose rule holds a fixed number of steps (Qonversion: one push and one
screen) are measured at that maximum only.

    python benchmarks/compile_check.py            # the table, about a minute
    python benchmarks/compile_check.py --smoke    # small sizes, a second or two
    python benchmarks/compile_check.py --vendor tether --json
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass

from timing import machine, side_by_side, table
from workloads import SIZES, SMOKE_SIZES, build, sizes_for, steps_in

from tui.model.document import dumps
from tui.vendors import get, vendor_ids

RATIO_GOAL = 10.0
GROWTH_GOAL = 12.0


@dataclass(frozen=True, slots=True)
class Figure:
    vendor: str
    steps: int
    compile_check_ms: float
    dumps_ms: float
    preview_ms: float

    @property
    def ratio(self) -> float:
        return self.compile_check_ms / self.dumps_ms


def measure(vendor: str, size: int, *, budget: float, repeat: int) -> Figure:
    adapter = get(vendor)
    workflow = build(vendor, size)
    payload = adapter.compile(workflow)
    seconds = side_by_side({"compile_check": lambda: adapter.compile_and_check(workflow),
                            "dumps": lambda: json.dumps(payload),
                            "preview": lambda: dumps(payload)}, budget=budget, repeat=repeat)
    return Figure(vendor=vendor, steps=steps_in(workflow),
                  **{f"{name}_ms": 1e3 * value for name, value in seconds.items()})


def growth(figures: list[Figure]) -> dict[str, float]:
    """Per vendor, the time at its largest size over the time at the size before, scaled to
    a tenfold step count (so 1,000 vs 100 steps reads directly, however many steps the
    seeded builder actually made)."""
    found = {}
    for vendor in dict.fromkeys(figure.vendor for figure in figures):
        mine = [figure for figure in figures if figure.vendor == vendor]
        if len(mine) >= 2:
            small, large = mine[-2], mine[-1]
            scale = 10 * small.steps / large.steps
            found[vendor] = scale * large.compile_check_ms / small.compile_check_ms
    return found


def report(figures: list[Figure]) -> str:
    grown = growth(figures)
    rows = []
    for figure in figures:
        largest = figure is [f for f in figures if f.vendor == figure.vendor][-1]
        rows.append([
            figure.vendor, str(figure.steps), f"{figure.compile_check_ms:.3f}",
            f"{figure.dumps_ms:.3f}", f"{figure.ratio:.1f}×",
            f"{figure.compile_check_ms / figure.preview_ms:.1f}×",
            f"{grown[figure.vendor]:.1f}×" if largest and figure.vendor in grown else "",
        ])
    header = ["vendor", "steps", "compile+check ms", "json.dumps ms", "ratio",
              "vs indented", "growth ×10 steps"]
    return f"{machine()}\n\n{table(header, rows)}"


def verdicts(figures: list[Figure]) -> list[str]:
    grown = growth(figures)
    lines = []
    for vendor in dict.fromkeys(figure.vendor for figure in figures):
        largest = [figure for figure in figures if figure.vendor == vendor][-1]
        ratio_ok = largest.ratio <= RATIO_GOAL
        growth_ok = grown.get(vendor, 0.0) <= GROWTH_GOAL
        lines.append(f"{vendor}: ratio {largest.ratio:.1f}× at {largest.steps} steps "
                     f"({'meets' if ratio_ok else 'misses'} ≤ {RATIO_GOAL:g}×)"
                     + (f", growth {grown[vendor]:.1f}× ({'meets' if growth_ok else 'misses'} "
                        f"≤ {GROWTH_GOAL:g}×)" if vendor in grown else ", fixed size"))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vendor", choices=vendor_ids(), action="append",
                        help="only this vendor (repeatable)")
    parser.add_argument("--smoke", action="store_true", help="small sizes, one quick round")
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    args = parser.parse_args(argv)
    budget, repeat = (0.002, 1) if args.smoke else (0.1, 15)
    wanted = SMOKE_SIZES if args.smoke else SIZES
    figures = [measure(vendor, size, budget=budget, repeat=repeat)
               for vendor in args.vendor or vendor_ids()
               for size in sizes_for(vendor, wanted)]
    if args.json:
        print(json.dumps([{**asdict(figure), "ratio": figure.ratio} for figure in figures],
                         indent=2))
        return 0
    print(report(figures))
    print()
    print("\n".join(verdicts(figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

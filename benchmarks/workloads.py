"""Benchmark workflows: deterministic, of a given size, within each vendor's capabilities.

They are built by the same builder as the property tests (`tests/strategies.py`),
driven by a seeded random generator instead of hypothesis, so every run times
the same workflows and those workflows are ones the property tests prove valid
(tests/test_properties.py checks these exact workloads). The test extras must be
installed (`pip install -e '.[test]'`): the builder lives beside the hypothesis
strategies.

    python benchmarks/workloads.py --vendor kibamail --size 500 -o big.flow.json
    python benchmarks/workloads.py --smoke
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from strategies import slots, workload  # noqa: E402

from tui.model.document import dumps, workflow_to_data  # noqa: E402
from tui.model.tree import count_steps  # noqa: E402
from tui.model.workflow import Workflow  # noqa: E402
from tui.vendors import vendor_ids  # noqa: E402

SIZES = (10, 100, 1000)
SMOKE_SIZES = (10, 30)


def capacity(vendor: str) -> int | None:
    """The most steps a flat vendor's single rule holds (None: no limit). Qonversion has a
    slot for one push and one screen; Tether's message list is open-ended."""
    found = slots(vendor)
    if found is None or any(slot.most is None for slot in found):
        return None
    return sum(slot.most for slot in found)


def sizes_for(vendor: str, wanted: tuple[int, ...]) -> tuple[int, ...]:
    """`wanted`, or just the vendor's capacity when it is below them."""
    most = capacity(vendor)
    if most is None or most >= max(wanted):
        return wanted
    return (most,)


def build(vendor: str, size: int) -> Workflow:
    return workload(vendor, size)


def steps_in(workflow: Workflow) -> int:
    return count_steps(workflow.steps)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vendor", choices=vendor_ids())
    parser.add_argument("--size", type=int, default=100, help="about this many steps")
    parser.add_argument("-o", "--output", type=Path, help="write the workflow file here")
    parser.add_argument("--smoke", action="store_true", help="list small workloads quickly")
    args = parser.parse_args(argv)
    if args.output and not args.vendor:
        parser.error("-o writes one workflow: give --vendor too")
    vendors = [args.vendor] if args.vendor else vendor_ids()
    wanted = SMOKE_SIZES if args.smoke else (args.size,)
    for vendor in vendors:
        for size in sizes_for(vendor, wanted):
            workflow = build(vendor, size)
            if args.output:
                args.output.write_text(dumps(workflow_to_data(workflow)), encoding="utf-8")
            print(f"{vendor:<11} asked {size:>5}  steps {steps_in(workflow):>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

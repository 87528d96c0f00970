"""Memory: peak resident set size of a process that opens a 1,000-step workflow and
checks and compiles it, per vendor, beside that process's size before it opened it.

Each vendor runs in a fresh interpreter (this script with `--child`) that does what
`flowdeck check` and `flowdeck compile` do — import the vendor, read the
*.flow.json, check, compile, render the payload text — and imports nothing else,
so the figures are that work's alone. The app's own figure (a 1,000-step workflow
open in the builder, as a ratio to a minimal Textual app) belongs with the app
benchmarks.

    python benchmarks/memory.py            # every vendor at 1,000 steps
    python benchmarks/memory.py --smoke    # one vendor, 10 steps, a second or two
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve()


def resident_kib() -> tuple[int, int]:
    """(current, peak) resident size in KiB: /proc's VmRSS and VmHWM on Linux, else the
    peak from getrusage for both."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
    except (OSError, KeyError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak = peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes
        return peak, peak


def child(vendor: str, file: Path) -> dict[str, int]:
    """In the fresh interpreter: the size once imports are done, and the peak after."""
    sys.path.insert(0, str(HERE.parents[1]))
    from tui.model.document import dumps
    from tui.store.documents import load_document
    from tui.vendors import get

    adapter = get(vendor)
    before, _ = resident_kib()
    workflow = load_document(file).workflow
    adapter.check(workflow)
    dumps(adapter.compile(workflow))
    _, peak = resident_kib()
    return {"before_kib": before, "peak_kib": peak}


def measure(vendor: str, size: int, folder: Path) -> dict[str, int | str]:
    from workloads import build, steps_in

    from tui.model.document import dumps, workflow_to_data

    workflow = build(vendor, size)
    file = folder / f"{vendor}-{size}.flow.json"
    file.write_text(dumps(workflow_to_data(workflow)), encoding="utf-8")
    done = subprocess.run([sys.executable, str(HERE), "--child", vendor, str(file)],
                          capture_output=True, text=True, check=True)
    return {"vendor": vendor, "steps": steps_in(workflow),
            "file_kib": file.stat().st_size // 1024, **json.loads(done.stdout)}


def report(rows: list[dict[str, int | str]]) -> str:
    from timing import machine, table

    header = ["vendor", "steps", "file KiB", "before MiB", "peak MiB", "added MiB"]
    cells = [[str(row["vendor"]), str(row["steps"]), str(row["file_kib"]),
              f"{int(row['before_kib']) / 1024:.1f}", f"{int(row['peak_kib']) / 1024:.1f}",
              f"{(int(row['peak_kib']) - int(row['before_kib'])) / 1024:.1f}"] for row in rows]
    return f"{machine()}\n\n{table(header, cells)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="one vendor, 10 steps")
    parser.add_argument("--json", action="store_true", help="figures as JSON")
    parser.add_argument("--child", nargs=2, metavar=("VENDOR", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return 0
    from workloads import sizes_for

    from tui.vendors import vendor_ids

    vendors = vendor_ids()[:1] if args.smoke else vendor_ids()
    with tempfile.TemporaryDirectory(prefix="flowdeck-memory-") as folder:
        rows = [measure(vendor, size, Path(folder)) for vendor in vendors
                for size in sizes_for(vendor, (10,) if args.smoke else (1000,))]
    print(json.dumps(rows, indent=2) if args.json else report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

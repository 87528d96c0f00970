"""Memory: peak resident set size of a process that opens a 1,000-step workflow and
checks and compiles it, per vendor, beside that process's size before it opened it.

Each vendor runs in a fresh interpreter (this script with `--child`) that does what
`flowdeck check` and `flowdeck compile` do — import the vendor, read the
*.flow.json, check, compile, render the payload text — and imports nothing else,
so the figures are that work's alone. Then the app's figure: peak RSS of `flowdeck
open FILE` in a real pseudo-terminal with the 1,000-step workflow drawn in the builder,
as a ratio to the one-line Textual app of `minimal_app.py` measured in the same run.

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


def measure_app(vendor: str, size: int, folder: Path) -> dict[str, int | str]:
    """Peak RSS of the app with the workflow open in the builder, and of the minimal app."""
    from pty_run import Terminal, flowdeck, python, scratch_env
    from workloads import build, steps_in

    from tui.model.document import dumps, workflow_to_data

    workflow = build(vendor, size)
    file = folder / f"app-{vendor}-{size}.flow.json"
    file.write_text(dumps(workflow_to_data(workflow)), encoding="utf-8")
    peaks = {}
    for name, argv, text in (("app", flowdeck("open", str(file)), "Payload · "),
                             ("minimal", python(HERE.parent / "minimal_app.py"), "minimal")):
        terminal = Terminal(argv, env=scratch_env())
        try:
            terminal.wait_for(text, timeout=60)
            terminal.settle(0.5)
            terminal.press("ctrl+q")
            terminal.finish()
        finally:
            terminal.kill()
        peaks[name] = terminal.peak_rss_kib()
    return {"vendor": vendor, "steps": steps_in(workflow), "app_kib": peaks["app"],
            "minimal_kib": peaks["minimal"]}


def report_app(rows: list[dict[str, int | str]]) -> str:
    from timing import table

    header = ["vendor", "steps", "app peak MiB", "minimal app MiB", "ratio"]
    cells = [[str(row["vendor"]), str(row["steps"]), f"{int(row['app_kib']) / 1024:.1f}",
              f"{int(row['minimal_kib']) / 1024:.1f}",
              f"{int(row['app_kib']) / int(row['minimal_kib']):.2f}×"] for row in rows]
    return ("The app: peak RSS with the workflow open in the builder (PTY), beside a "
            f"one-line Textual app\n\n{table(header, cells)}")


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
        sizes = {vendor: sizes_for(vendor, (10,) if args.smoke else (1000,)) for vendor in vendors}
        rows = [measure(vendor, size, Path(folder)) for vendor in vendors
                for size in sizes[vendor]]
        app_rows = [measure_app(vendor, size, Path(folder)) for vendor in vendors
                    for size in sizes[vendor]]
    print(json.dumps({"headless": rows, "app": app_rows}, indent=2) if args.json
          else f"{report(rows)}\n\n{report_app(app_rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

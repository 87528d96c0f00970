"""`flowdeck` and `flowdeck open FILE`: the only commands that import Textual."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.store.documents import Document


def register(commands: argparse._SubParsersAction) -> None:
    opener = commands.add_parser("open", help="start the app on a workflow or vendor payload file")
    opener.add_argument("file", type=Path, help="a *.flow.json workflow or a vendor payload")
    opener.add_argument("--vendor", help="the payload's vendor when it cannot be detected")
    opener.set_defaults(handler=run_open)


def run_home(args: argparse.Namespace) -> int:
    return _start_app()


def run_open(args: argparse.Namespace) -> int:
    from tui.store.documents import load_document

    document = load_document(args.file, args.vendor)  # bad files fail here, before the screen
    return _start_app(document, args.file)


def _start_app(document: Document | None = None, path: Path | None = None) -> int:
    """Imports Textual and runs the app with the garbage collector paused.

    What start-up allocates (modules, classes, styles, the first screen's widgets)
    lives as long as the app, so collecting it is wasted time: ~35 ms of the first
    frame on the benchmark machine (benchmarks/README.md, "Start-up"). The app
    freezes it and turns the collector back on as soon as its first frame is drawn
    (`FlowdeckApp.on_ready`).
    """
    gc.disable()
    from tui.app import run

    return run(document=document, path=path)

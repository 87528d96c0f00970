"""`flowdeck` and `flowdeck open FILE`: the only commands that import Textual."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:
    opener = commands.add_parser("open", help="start the app on a workflow or vendor payload file")
    opener.add_argument("file", type=Path, help="a *.flow.json workflow or a vendor payload")
    opener.add_argument("--vendor", help="the payload's vendor when it cannot be detected")
    opener.set_defaults(handler=run_open)


def run_home(args: argparse.Namespace) -> int:
    from tui.app import run

    return run()


def run_open(args: argparse.Namespace) -> int:
    from tui.store.documents import load_document

    document = load_document(args.file, args.vendor)  # bad files fail here, before the screen
    from tui.app import run

    return run(document=document, path=args.file)

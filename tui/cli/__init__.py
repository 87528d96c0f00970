"""The `flowdeck` command.

Payloads go to stdout; problems and messages go to stderr, one per line as
`LOCATION: CODE: message`. Exit codes: 0 ok, 1 error-level problems or a vendor
rejection, 2 bad usage or unreadable input, 3 network failure, 4 vendor 5xx.
Only the app commands import Textual, and only when they run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tui import __version__
from tui.cli import app_commands
from tui.model.errors import FlowdeckError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """Usage errors are one line and exit 2, like every other bad input."""
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="flowdeck",
        description="Build automation workflows and send them to vendors' APIs. "
        "With no command, start the app.",
    )
    parser.add_argument("--version", action="version", version=f"flowdeck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    from tui.cli import payload_commands

    for group in (app_commands, payload_commands):
        group.register(commands)
    _register_optional_groups(commands)
    return parser


def _register_optional_groups(commands: argparse._SubParsersAction) -> None:
    """Command groups that later layers add (submitting, profiles, sandbox)."""
    try:
        from tui.cli import submit_commands
    except ImportError:
        return
    submit_commands.register(commands)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # plain `flowdeck` starts the app: no need to import and build every command's parser
    args = build_parser().parse_args(argv) if argv else argparse.Namespace(command=None)
    handler = getattr(args, "handler", None) or app_commands.run_home
    try:
        return int(handler(args) or 0)
    except FlowdeckError as exc:
        print(f"flowdeck: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("flowdeck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`); nothing left to say
        return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where CLI results go: stdout or an `-o` file, and problems to stderr."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tui.model.problems import Problem, has_blocking
from tui.store.atomic import write_text


def emit_json(data: Any, out: Path | None) -> None:
    from tui.model.document import dumps  # loaded when a command prints, not for `flowdeck`

    text = dumps(data)
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_text(out, text)


def report(problems: list[Problem], source: str) -> int:
    """Print problems to stderr; the exit code is 1 when one of them blocks the create."""
    for problem in problems:
        suffix = " (blocks activation, not the draft)" if problem.phase == "activate" else ""
        print(f"{source}: {problem.line()}{suffix}", file=sys.stderr)
    return 1 if has_blocking(problems) else 0

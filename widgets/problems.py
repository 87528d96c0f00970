"""The problems list: what the vendor would reject, one row each; choosing a row
asks the builder to select the node the problem concerns."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.model.problems import Problem

SYMBOLS = {"error": "✗", "warning": "!", "info": "·"}


def problem_prompt(problem: Problem) -> Content:
    """`✗ error UNSUPPORTED step wait_1: Omnisend cannot express …` with styles that
    still read when colour is off (the word says the severity)."""
    style = {"error": "$text-error", "warning": "$text-warning"}.get(problem.severity, "")
    return Content.assemble(
        (f"{SYMBOLS.get(problem.severity, '·')} {problem.severity}", f"bold {style}".strip()),
        " ",
        (problem.code or "", "$text-accent"),
        " ",
        (f"{problem.location}: ", "$text-muted"),
        problem.message,
        (" · blocks activation only; a draft can still be created", "$text-muted")
        if problem.phase == "activate" else "",
    )


class ProblemList(OptionList):
    """Severity, the vendor's code and the message; enter selects the problem's node."""

    HELP = """\
## Problems

What the vendor would reject (errors) or warn about, found by the vendor's own
rules after every edit. Errors marked "blocks activation only" stop the call
that makes the automation live (publish, enable, `active`), not the draft.
**enter** on a problem selects the outline row it concerns; **F7** jumps to the
next problem from anywhere in the builder.
"""

    class Chosen(Message):
        def __init__(self, problem: Problem) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.problems: list[Problem] = []

    def show(self, problems: Sequence[Problem]) -> None:
        if list(problems) == self.problems and self.option_count:
            return
        highlighted = self.highlighted
        self.problems = list(problems)
        self.clear_options()
        if not self.problems:
            self.add_option(Option("No problems: the vendor would accept this.", disabled=True))
            return
        self.add_options(Option(problem_prompt(p)) for p in self.problems)
        if highlighted is not None:
            self.highlighted = min(highlighted, len(self.problems) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.problems:
            self.post_message(self.Chosen(self.problems[event.option_index]))

"""What the builder does with a workflow besides editing it: send, copy, export, autosave.

A mixin for `BuilderScreen`, kept apart so the editing screen stays about
editing. It relies on the screen's `workflow`, `history`, `path`,
`problems` and `select_problem`, and owns two pieces of state:

- `draft_id`: the draft this builder autosaves to (`tui.store.drafts`); a
  restored draft keeps its id, so its file is updated, not duplicated;
- `vendor_problems`: the errors the vendor answered with on the last send,
  shown in the problems list and marked in the outline next to the
  builder's own checks until the next send.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.model.errors import FlowdeckError
from tui.model.problems import Problem
from tui.store.drafts import new_draft_id
from widgets.problems import ProblemList

if TYPE_CHECKING:
    from tui.commands import Command
    from tui.model.workflow import Workflow
    from tui.screens.submit import SubmitOutcome
    from tui.store.profiles import Profile


class SendActions:
    """Send, copy, export and autosave for the builder (mixed into `BuilderScreen`)."""

    app: Any
    workflow: Workflow
    history: Any
    path: Path | None
    problems: list[Problem]

    def init_send_actions(self, draft_id: str | None) -> None:
        self.draft_id = draft_id or new_draft_id()
        self.vendor_problems: list[Problem] = []

    # -- problems: the builder's checks plus the vendor's last answer ----------------------------

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *self.vendor_problems]

    def show_problems(self) -> None:
        """The problems list and the outline's marks, the vendor's answer included."""
        problems = self.all_problems
        listing = self.query_one(ProblemList)  # type: ignore[attr-defined]
        listing.show(problems)
        listing.border_title = f"Problems ({len(problems)})"
        self.outline.mark(problems)  # type: ignore[attr-defined]

    # -- sending ---------------------------------------------------------------------------------

    def action_submit(self) -> None:
        from tui.screens.submit import SubmitScreen

        self.app.push_screen(SubmitScreen(self.workflow), self._submitted)

    def _submitted(self, outcome: SubmitOutcome | None) -> None:
        """Keep the vendor's errors on the outline; select the step of the one chosen."""
        if outcome is None or outcome.result is None:
            return
        self.vendor_problems = list(outcome.result.problems)
        self.show_problems()
        if outcome.chosen is not None:
            self.select_problem(outcome.chosen)  # type: ignore[attr-defined]

    # -- copy and export -----------------------------------------------------------------------

    def _copy(self, make: Any, what: str, **notes: str) -> None:
        from tui.clipboard import copy_text

        try:
            text = make(self.workflow)
        except FlowdeckError as exc:
            self.app.notify(f"Nothing copied: {exc}", severity="error", markup=False)
            return
        copy_text(self.app, text, what, **notes)

    def action_copy_payload(self) -> None:
        from tui.clipboard import payload_text

        self._copy(payload_text, "the payload")

    def action_copy_workflow(self) -> None:
        from tui.clipboard import workflow_text

        self._copy(workflow_text, "the workflow file")

    def copy_curl(self, profile: Profile) -> None:
        from tui.client import prepare
        from tui.clipboard import copy_curl

        try:
            copy_curl(self.app, prepare(self.workflow, profile))
        except FlowdeckError as exc:
            self.app.notify(f"Nothing copied: {exc}", severity="error", markup=False)

    def action_export_payload(self) -> None:
        from tui.clipboard import export_name, export_payload
        from tui.screens.path_prompt import PathScreen

        def accept(path: Path, _vendor: str | None) -> Path:
            return export_payload(self.workflow, path)

        def exported(path: Path | None) -> None:
            if path is not None:
                self.app.notify(f"Exported the payload to {path}", markup=False)

        default = (self.path.parent if self.path else Path()) / export_name(self.workflow)
        self.app.push_screen(PathScreen("Export the payload to a file", accept,
                                        value=str(default)), exported)

    def send_commands(self) -> list[Command]:
        """Palette entries that need a parameter: a curl command per profile of the vendor."""
        from tui.commands import Command
        from tui.screens.submit import profiles_for

        profiles, _ = profiles_for(self.workflow.vendor)
        return [Command(f"Copy curl command for {profile.name}",
                        f"{profile.describe_auth()}; the key is never copied",
                        lambda profile=profile: self.copy_curl(profile))
                for profile in profiles]

    # -- drafts --------------------------------------------------------------------------------

    def autosave(self) -> None:
        """After every change: unsaved work goes to the draft, clean work removes it."""
        saver = getattr(self.app, "autosaver", None)
        if saver is None:
            return
        if self.history.dirty:
            saver.changed(self.draft_id, self.workflow, self.path)
        else:
            saver.discard(self.draft_id)

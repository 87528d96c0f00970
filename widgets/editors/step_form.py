"""What every step editor shares: the form over the step's own model, and the
step's id and note at the end (ids are what graph vendors link steps by)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult

from tui.model.tree import walk
from widgets import parsers
from widgets.editors.base import notice, section
from widgets.editors.form import FormEditor
from widgets.editors.rows import choice_row, text_row, vendor_fields_row


class StepEditor(FormEditor):
    def build(self, draft: dict[str, Any]) -> Any:
        return type(self.value).model_validate(draft)

    def step_fields(self) -> ComposeResult:
        """The fields of this kind of step."""
        yield from ()

    def fields(self) -> ComposeResult:
        caps = self.context.capabilities
        if self.value.kind not in caps.step_kinds:
            yield notice(f"{self.context.vendor_title} cannot express a {self.value.kind} step; "
                         "convert or delete it.")
        yield from self.step_fields()
        yield section("Step")
        taken = {place.step.id for place in walk(self.context.workflow.steps)}
        taken.discard(self.target.step_id or "")
        yield text_row(self, "Id", ("id",), limit="step_id", parse=parsers.unique_id(taken))
        yield text_row(self, "Note", ("note",), placeholder="a label for this step")
        if caps.exit_check or self.get(("check_exit",)) is not None:
            yield choice_row(self, "Check exit", ("check_exit",), [True, False],
                             labels={True: "before this step", False: "no"},
                             blank="vendor default")
        yield vendor_fields_row(self, ())

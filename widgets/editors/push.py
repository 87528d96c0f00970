"""A push notification: inline title / body / link, or a stored push (Qonversion)."""

from __future__ import annotations

from textual.app import ComposeResult

from tui.model.steps import PushStep
from widgets.editors.rows import optional_text_row, text_row
from widgets.editors.step_form import StepEditor


class PushEditor(StepEditor):
    model = PushStep

    def step_fields(self) -> ComposeResult:
        yield optional_text_row(self, "Stored push", ("template_id",), limit="push.template_id",
                                placeholder="its id, or write one below")
        yield text_row(self, "Title", ("title",), limit="push.title")
        yield text_row(self, "Body", ("body",), limit="push.body")
        yield text_row(self, "Link", ("url",), limit="push.url",
                       placeholder="https://… opened on tap")

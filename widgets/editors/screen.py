"""An in-app screen (Qonversion): the screen's id from the vendor's dashboard."""

from __future__ import annotations

from textual.app import ComposeResult

from tui.model.steps import ScreenStep
from widgets.editors.rows import text_row
from widgets.editors.step_form import StepEditor


class ScreenEditor(StepEditor):
    model = ScreenStep

    def step_fields(self) -> ComposeResult:
        yield text_row(self, "Screen id", ("screen_id",), limit="screen.screen_id",
                       required="the screen's id is required")

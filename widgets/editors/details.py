"""The workflow's name and description, with the vendor's length limits."""

from __future__ import annotations

from textual.app import ComposeResult

from tui.model.targets import Details
from widgets.editors.form import FormEditor
from widgets.editors.rows import long_text_row, text_row


class DetailsEditor(FormEditor):
    model = Details

    def fields(self) -> ComposeResult:
        yield text_row(self, "Name", ("name",), limit="name", placeholder="what this flow does")
        yield long_text_row(self, "Description", ("description",), limit="description")

"""A text message: inline text or a stored template, on a channel (Tether sends
templates on sms, facebook, webchat)."""

from __future__ import annotations

from textual.app import ComposeResult

from tui.model.steps import SmsStep
from widgets.editors.rows import long_text_row, optional_text_row, text_row
from widgets.editors.step_form import StepEditor


class SmsEditor(StepEditor):
    model = SmsStep

    def step_fields(self) -> ComposeResult:
        yield long_text_row(self, "Message", ("text",), limit="sms.text")
        yield optional_text_row(self, "Template", ("template_id",), limit="sms.template_id",
                                placeholder="a stored template instead")
        yield text_row(self, "Channel", ("channel",), required="a channel is required",
                       placeholder="sms")

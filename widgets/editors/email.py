"""An email: a stored template, or subject / preview text / HTML; the sender,
reply-to and language. The HTML opens in $EDITOR with F4."""

from __future__ import annotations

from textual.app import ComposeResult

from tui.model.steps import EmailStep
from widgets import parsers
from widgets.editors.base import section
from widgets.editors.rows import long_text_row, optional_text_row, text_row
from widgets.editors.step_form import StepEditor


class EmailEditor(StepEditor):
    model = EmailStep

    def step_fields(self) -> ComposeResult:
        yield optional_text_row(self, "Template id", ("template_id",), limit="email.template_id",
                                placeholder="or write the content below")
        yield text_row(self, "Subject", ("subject",), limit="email.subject")
        yield text_row(self, "Preview text", ("preview_text",), limit="email.preview_text")
        yield section("Sender")
        yield text_row(self, "Name", ("sender_name",), limit="email.sender_name")
        yield text_row(self, "Email", ("sender_email",), limit="email.sender_email",
                       parse=parsers.email_address, placeholder="hello@example.com")
        yield text_row(self, "Reply to", ("reply_to",), limit="email.reply_to",
                       parse=parsers.email_address)
        yield text_row(self, "Language", ("language",), limit="email.language",
                       placeholder="en_US")
        yield long_text_row(self, "HTML", ("html",), suffix=".html", language="html")

"""A webhook call: URL, the vendor's methods, headers as rows, and the body."""

from __future__ import annotations

import re

from textual.app import ComposeResult

from tui.model.steps import HttpMethod, WebhookStep
from widgets import parsers
from widgets.editors.rows import choice_row, key_value_row, long_text_row, text_row
from widgets.editors.step_form import StepEditor

HTTP_METHODS: tuple[HttpMethod, ...] = HttpMethod.__args__  # type: ignore[attr-defined]
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def header_name(name: str) -> None:
    """HTTP header names are tokens: no spaces, colons or quotes."""
    if not _TOKEN.match(name):
        raise ValueError(f"'{name}' is not a valid header name")


class WebhookEditor(StepEditor):
    model = WebhookStep

    def step_fields(self) -> ComposeResult:
        methods = self.context.capabilities.webhook_methods or HTTP_METHODS
        yield text_row(self, "URL", ("url",), limit="webhook.url", parse=parsers.http_url,
                       placeholder="https://example.com/hook")
        yield choice_row(self, "Method", ("method",), methods)
        yield key_value_row(self, "Headers", ("headers",), noun="header", check_key=header_name)
        yield long_text_row(self, "Body", ("body",), limit="webhook.body", suffix=".json",
                            language="json")

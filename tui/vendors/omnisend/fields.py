"""Which step attribute is which action field, whether it is required, and how long it may be.

One table drives three jobs: compile writes the fields, parse reads them back
(whatever an action carries beyond them goes to the step's extras), and check
enforces the required fields and length limits of the API reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class ActionField:
    attr: str
    """The neutral step attribute."""
    key: str
    """The field inside the action config."""
    required: bool
    max_length: int | None = None


ACTION_FIELDS: Final[dict[str, tuple[ActionField, ...]]] = {
    "sendEmail": (
        ActionField("template_id", "templateID", True),
        ActionField("subject", "subject", True, 250),
        ActionField("preview_text", "preheader", True, 250),
        ActionField("sender_name", "senderName", True, 250),
        ActionField("language", "language", True, 10),
        ActionField("sender_email", "senderEmail", False, 250),
        ActionField("reply_to", "replyToEmail", False, 250),
    ),
    "sendSms": (ActionField("text", "message", True, 1600),),
    "sendPush": (
        ActionField("title", "title", True, 250),
        ActionField("body", "body", True, 250),
        ActionField("url", "clickUrl", True, 2000),
    ),
    "sendWebhook": (
        ActionField("url", "callbackUrl", True, 2000),
        ActionField("body", "body", True, 65536),
    ),
    "addTag": (ActionField("value", "value", True, 250),),
    "removeTag": (ActionField("value", "value", True, 250),),
}

COMPLIANCE_TEXT_LIMIT: Final = 250
WEBHOOK_HEADER_KEY_LIMIT: Final = 256
WEBHOOK_HEADER_VALUE_LIMIT: Final = 10000
TEMPORARY_ID_LIMIT: Final = 36

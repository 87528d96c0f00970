"""Which editor edits which target."""

from __future__ import annotations

from typing import Any

from tui.model.errors import FlowdeckError
from tui.model.targets import Target
from widgets.editors.audience import AudienceEditor
from widgets.editors.base import Editor, EditorContext
from widgets.editors.branch import BranchEditor
from widgets.editors.contact import ContactEditor
from widgets.editors.details import DetailsEditor
from widgets.editors.email import EmailEditor
from widgets.editors.exit_rules import ExitEditor
from widgets.editors.push import PushEditor
from widgets.editors.screen import ScreenEditor
from widgets.editors.settings import SettingsEditor
from widgets.editors.sms import SmsEditor
from widgets.editors.split import SplitEditor
from widgets.editors.trigger import TriggerEditor
from widgets.editors.wait import WaitEditor
from widgets.editors.webhook import WebhookEditor

STEP_EDITORS: dict[str, type[Editor]] = {
    "wait": WaitEditor,
    "email": EmailEditor,
    "sms": SmsEditor,
    "push": PushEditor,
    "screen": ScreenEditor,
    "webhook": WebhookEditor,
    "contact": ContactEditor,
    "branch": BranchEditor,
    "split": SplitEditor,
}

TARGET_EDITORS: dict[str, type[Editor]] = {
    "details": DetailsEditor,
    "trigger": TriggerEditor,
    "audience": AudienceEditor,
    "exit": ExitEditor,
    "settings": SettingsEditor,
}


def editor_for(target: Target, value: Any, context: EditorContext) -> Editor:
    """The editor for `target`, showing `value` (as `tui.model.targets.read` gives it)."""
    if target.kind == "step":
        kind = getattr(value, "kind", None)
        if kind not in STEP_EDITORS:
            raise FlowdeckError(f"no editor for a step of kind '{kind}'", target.step_id or "")
        return STEP_EDITORS[kind](target, value, context)
    return TARGET_EDITORS[target.kind](target, value, context)

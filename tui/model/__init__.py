"""The vendor-neutral workflow model: pure data and rules, no I/O, no Textual.

The names below load on first use (PEP 562), so `import tui.model.errors` — which
the app's start-up needs — does not build every pydantic model (~80 ms): the home
screen is drawn before any workflow exists.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "tui.model.conditions": ("OPERATORS", "Condition", "Operator", "Rule", "Source"),
    "tui.model.errors": ("FlowdeckError", "InputError", "PayloadError", "UnknownVendorError"),
    "tui.model.problems": ("Problem",),
    "tui.model.steps": ("STEP_KINDS", "TIME_UNITS", "WEEKDAYS", "BranchArm", "BranchStep",
                        "ContactStep", "EmailStep", "PushStep", "ScreenStep", "SmsStep",
                        "SplitArm", "SplitStep", "Step", "WaitStep", "WebhookStep"),
    "tui.model.workflow": ("FORMAT_VERSION", "Duration", "ExitRule", "Trigger", "Workflow"),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module 'tui.model' has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULE_OF[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMAT_VERSION",
    "OPERATORS",
    "STEP_KINDS",
    "TIME_UNITS",
    "WEEKDAYS",
    "BranchArm",
    "BranchStep",
    "Condition",
    "ContactStep",
    "Duration",
    "EmailStep",
    "ExitRule",
    "FlowdeckError",
    "InputError",
    "Operator",
    "PayloadError",
    "Problem",
    "PushStep",
    "Rule",
    "ScreenStep",
    "SmsStep",
    "Source",
    "SplitArm",
    "SplitStep",
    "Step",
    "Trigger",
    "UnknownVendorError",
    "WaitStep",
    "WebhookStep",
    "Workflow",
]

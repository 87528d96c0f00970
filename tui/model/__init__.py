"""The vendor-neutral workflow model: pure data and rules, no I/O, no Textual."""

from tui.model.conditions import OPERATORS, Condition, Operator, Rule, Source
from tui.model.errors import FlowdeckError, InputError, PayloadError, UnknownVendorError
from tui.model.problems import Problem
from tui.model.steps import (
    STEP_KINDS,
    TIME_UNITS,
    WEEKDAYS,
    BranchArm,
    BranchStep,
    ContactStep,
    EmailStep,
    PushStep,
    ScreenStep,
    SmsStep,
    SplitArm,
    SplitStep,
    Step,
    WaitStep,
    WebhookStep,
)
from tui.model.workflow import FORMAT_VERSION, Duration, ExitRule, Trigger, Workflow

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

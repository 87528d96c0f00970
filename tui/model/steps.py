"""Steps: a discriminated union on `kind`, each with a stable `id`.

A workflow is a sequence of steps; branch arms and split arms hold sequences of
their own, and the steps after a branch are the continuation that arms rejoin.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, JsonValue, field_validator

from tui.model.conditions import Condition
from tui.model.ids import random_id

TimeUnit = Literal["seconds", "minutes", "hours", "days", "weeks", "months"]
TIME_UNITS: tuple[TimeUnit, ...] = TimeUnit.__args__  # type: ignore[attr-defined]

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = Weekday.__args__  # type: ignore[attr-defined]

_TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

def _whole_when_possible(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


Number = Annotated[int | float, AfterValidator(_whole_when_possible)]
"""A count or amount that stays an integer when it is whole (2, not 2.0, in files and bodies)."""

Extras = dict[str, dict[str, JsonValue]]
"""Vendor fields the model does not name, keyed by vendor id, kept for lossless round trips."""


def check_time_of_day(value: str | None) -> str | None:
    if value is not None and not _TIME_OF_DAY.match(value):
        raise ValueError(f"'{value}' is not a time of day as HH:MM (24 h)")
    return value


class StepBase(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: str = ""
    note: str = ""
    """A free label the user gives the step; vendors that name nodes use it."""
    check_exit: bool | None = None
    """Re-check the exit rules before this step (AutoSend `checkExitCriteria`)."""
    extras: Extras = Field(default_factory=dict)

    def model_post_init(self, __context: object) -> None:
        if not self.id:
            self.id = random_id(self.kind)  # type: ignore[attr-defined]

    @field_validator("id")
    @classmethod
    def _id_is_printable(cls, value: str) -> str:
        if value and (len(value) > 64 or not value.isprintable() or value.strip() != value):
            raise ValueError("a step id is 1–64 printable characters without surrounding spaces")
        return value


class WaitStep(StepBase):
    """Wait a duration, until a time of day, or not at all; optionally only on some weekdays."""

    kind: Literal["wait"] = "wait"
    mode: Literal["duration", "until_time", "immediate"] = "duration"
    amount: Number = Field(default=1, ge=0)
    unit: TimeUnit = "hours"
    at_time: str | None = None
    weekdays: list[Weekday] = Field(default_factory=list)

    @field_validator("at_time")
    @classmethod
    def _at_time_is_hh_mm(cls, value: str | None) -> str | None:
        return check_time_of_day(value)


class EmailStep(StepBase):
    """Send an email from a stored template or from inline subject / preview / HTML."""

    kind: Literal["email"] = "email"
    template_id: str | None = None
    subject: str = ""
    preview_text: str = ""
    html: str = ""
    sender_name: str = ""
    sender_email: str = ""
    reply_to: str = ""
    language: str = ""


class SmsStep(StepBase):
    """Send a text message (or, for Tether, a message template on a channel)."""

    kind: Literal["sms"] = "sms"
    text: str = ""
    template_id: str | None = None
    channel: str = "sms"


class PushStep(StepBase):
    """Send a push notification, inline or from a vendor's stored push (Qonversion)."""

    kind: Literal["push"] = "push"
    template_id: str | None = None
    title: str = ""
    body: str = ""
    url: str = ""


class ScreenStep(StepBase):
    """Show an in-app screen (Qonversion)."""

    kind: Literal["screen"] = "screen"
    screen_id: str = ""


HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]


class WebhookStep(StepBase):
    """Call a URL; the body is text (JSON text where the vendor wants an object)."""

    kind: Literal["webhook"] = "webhook"
    url: str = ""
    method: HttpMethod = "POST"
    headers: dict[str, str] = Field(default_factory=dict)
    body: str = ""


ContactAction = Literal[
    "set_field",
    "add_tag",
    "remove_tag",
    "unsubscribe",
    "add_to_topics",
    "remove_from_topics",
    "set_status",
]


class ContactStep(StepBase):
    """Change the contact: set a field, tag, unsubscribe, topics, or pipeline status (Tether)."""

    kind: Literal["contact"] = "contact"
    action: ContactAction = "set_field"
    field: str = ""
    value: str = ""
    """The field value, the tag, or the status, depending on `action`."""
    topics: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    """For `unsubscribe`: which channels (empty means every channel)."""


class BranchArm(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: str = ""
    label: str = ""
    condition: Condition = Field(default_factory=Condition)
    steps: list[Step] = Field(default_factory=list)
    reevaluate: bool = False
    """Re-check the condition at every step of the arm (AutoSend `all_branch_steps`)."""
    rejoin: bool = True
    """Continue with the steps after the branch when the arm ends."""
    extras: Extras = Field(default_factory=dict)

    def model_post_init(self, __context: object) -> None:
        if not self.id:
            self.id = random_id("arm")


class BranchStep(StepBase):
    """Route each contact down the first arm whose condition holds, else `otherwise`."""

    kind: Literal["branch"] = "branch"
    arms: list[BranchArm] = Field(default_factory=list)
    otherwise: list[Step] | None = None
    """Steps for contacts no arm takes; None means such contacts skip to the continuation."""


class SplitArm(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: str = ""
    label: str = ""
    percentage: Number = Field(default=50, ge=0, le=100)
    steps: list[Step] = Field(default_factory=list)
    extras: Extras = Field(default_factory=dict)

    def model_post_init(self, __context: object) -> None:
        if not self.id:
            self.id = random_id("path")


class SplitStep(StepBase):
    """Send contacts down arms at random by percentage (A/B tests, percentage splits)."""

    kind: Literal["split"] = "split"
    arms: list[SplitArm] = Field(default_factory=list)


Step = Annotated[
    WaitStep
    | EmailStep
    | SmsStep
    | PushStep
    | ScreenStep
    | WebhookStep
    | ContactStep
    | BranchStep
    | SplitStep,
    Field(discriminator="kind"),
]

STEP_KINDS: tuple[str, ...] = (
    "wait",
    "email",
    "sms",
    "push",
    "screen",
    "webhook",
    "contact",
    "branch",
    "split",
)

for _model in (BranchArm, BranchStep, SplitArm, SplitStep):
    _model.model_rebuild()

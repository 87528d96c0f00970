"""Tether's create body, written from the newer API reference (the seed page) and the
older automations guide (see shared/vendors/tether.md §3).

The two documents disagree; the models accept both forms and the adapter emits
the newer one. Tether's own schema is open (`additionalProperties: true`), so the
body model allows unknown keys, which the adapter keeps and sends back.

The guard fields are also the adapter's settings: `TetherSettings` holds them with
their constraints, and the body model extends it, so both read the same rules.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator, model_validator

from tui.model.steps import TimeUnit, check_time_of_day

READ_ONLY = ("_id", "organizationId", "userId", "createdAt", "updatedAt")
"""Fields of the automation document the server sets."""

WEBHOOK_KEYS = ("sendToWebhook", "webhookUrl", "webhookMethod", "webhookPayload")
"""The `actions` keys that together make one webhook call."""

E164 = re.compile(r"^\+[1-9]\d{1,14}$")

_STRICT = ConfigDict(extra="forbid", strict=True)


class Schedule(BaseModel):
    """The daily window the rule may act in, as HH:MM."""

    model_config = _STRICT

    start: str
    end: str

    @field_validator("start", "end")
    @classmethod
    def _hh_mm(cls, value: str) -> str:
        check_time_of_day(value)
        return value


class SmsNotification(BaseModel):
    """Texts the calling user gets when the rule fires (a per-user setting)."""

    model_config = _STRICT

    enabled: bool = True
    phoneNumbers: list[str] = Field(default_factory=list)
    message: str = ""

    @field_validator("phoneNumbers")
    @classmethod
    def _e164(cls, numbers: list[str]) -> list[str]:
        for number in numbers:
            if not E164.match(number):
                raise ValueError(f"'{number}' is not an E.164 phone number (+14155551234)")
        return numbers


class TetherSettings(BaseModel):
    """The rule's guards and per-user switches, named as Tether names them."""

    model_config = _STRICT

    enabled: bool = True
    """Only the calling user's preference; other users switch it with the `preference` call."""
    sourceStatuses: list[str] = Field(default_factory=list)
    """Pipeline stages a record must be in for the rule to act."""
    maxTransitions: int | None = Field(default=None, ge=0)
    maxFollowUpCount: int | None = Field(default=None, ge=1)
    schedule: Schedule | None = None
    userSmsNotification: SmsNotification | None = None


class TetherCondition(BaseModel):
    """A condition in either documented form: newer `{field, op, value}` or older
    `{source, field, operator, value, logicalOperator}`."""

    model_config = _STRICT

    source: str | None = None
    field: str
    op: str | None = None
    operator: str | None = None
    value: JsonValue = None
    logicalOperator: Literal["and", "or", "AND", "OR"] | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> TetherCondition:
        if (self.op is None) == (self.operator is None):
            raise ValueError("a condition takes 'op' (newer form) or 'operator' (older form)")
        return self


class TimerLogic(BaseModel):
    model_config = _STRICT

    enabled: bool = True
    delay: float = Field(ge=0)
    unit: TimeUnit


class Message(BaseModel):
    model_config = _STRICT

    template: str
    channel: str | None = None


class Actions(BaseModel):
    """Actions keyed by kind; unknown kinds are allowed (and kept) as Tether allows them."""

    model_config = ConfigDict(extra="allow", strict=True)

    sendMessage: list[Message] | None = None
    changeToStatus: str | None = None
    sendToWebhook: bool | None = None
    webhookUrl: str | None = None
    webhookMethod: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] | None = None
    webhookPayload: JsonValue = None


class AutomationBody(TetherSettings):
    model_config = ConfigDict(extra="allow", strict=True)

    name: str
    description: str
    event: str
    triggerType: str | None = None
    conditions: list[TetherCondition] | None = None
    triggerLogicType: Literal["event", "timer"] | None = None
    timerLogic: TimerLogic | None = None
    actions: Actions | None = None

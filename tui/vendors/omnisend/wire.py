"""The create-automation request body (API 2026-03-15) as pydantic models.

Written from the vendor's reference and its OpenAPI file (`CreateAutomationRequest`
and what it references); class names follow the spec's schema names so the two
can be read side by side. They hold the *shape* — types, required fields, enums,
"exactly one config under the key named by `type`" — and reject unknown keys, so
`parse` fails on a malformed body with the JSON path of the fault. Length limits
and cross-field rules are `check`'s job: they are reported all at once, on the
step they concern, for workflows built in the app as much as for imported ones.

Models are strict: `"5"` is not an amount and `5.0` is not an integer, because
the vendor's validator does not coerce either.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    model_validator,
)

from tui.model.steps import Weekday
from tui.vendors.omnisend.vocabulary import AUDIENCE_FIELDS, EVENT_OPERATORS, MESSAGE_OPERATORS


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def _not_null(value: Any) -> Any:
    if value is None:
        raise ValueError("cannot be null; omit the field to use the default")
    return value


LogicalOperator = Literal["and", "or"]
EventOperator = Literal[
    "eq", "neq", "gt", "gte", "lt", "lte", "contains", "notContains",
    "startsWith", "endsWith", "exists", "notExists", "in", "notIn",
]
ContactOperator = Literal["eq", "neq", "gt", "lt", "contains", "notContains"]
ContactField = Literal[
    "segmentID", "tag", "dateAdded", "firstName", "lastName",
    "gender", "country", "state", "city", "postalCode",
]


# --- filters -----------------------------------------------------------------------------


class EventFilterRequest(Wire):
    field: str
    operator: EventOperator
    value: JsonValue = None
    """Typed like the event property; omitted for exists / notExists."""


class EventFilterGroupRequest(Wire):
    logicalOperator: LogicalOperator
    filters: list[EventFilterRequest]


class ContactFilterRequest(Wire):
    field: ContactField
    operator: ContactOperator
    value: str


class ContactFilterGroupRequest(Wire):
    logicalOperator: LogicalOperator
    filters: list[ContactFilterRequest]


class UrlMatchRequest(Wire):
    operator: Literal["any", "is", "contains", "startsWith", "endsWith"]
    value: str | None = None


_SPLIT_OPERATORS: dict[str, tuple[str, ...]] = {
    "event": tuple(EVENT_OPERATORS),
    "contact": tuple(sorted({op for ops in AUDIENCE_FIELDS.values() for op in ops})),
    "message": tuple(MESSAGE_OPERATORS),
}


class SplitFilterRequest(Wire):
    type: Literal["event", "contact", "message"]
    field: str
    operator: str
    value: JsonValue = None
    urlMatch: UrlMatchRequest | None = None

    @model_validator(mode="after")
    def _fits_type(self) -> SplitFilterRequest:
        allowed = _SPLIT_OPERATORS[self.type]
        if self.operator not in allowed:
            raise ValueError(f"operator '{self.operator}' is not one of the {self.type} "
                             f"filter operators ({', '.join(allowed)})")
        if self.type == "message":
            if self.field != "blockID":
                raise ValueError("a message filter's field is always 'blockID'")
            if not isinstance(self.value, str) or not self.value:
                raise ValueError("a message filter's value is the temporaryID of a send block")
        return self


class SplitFilterGroupRequest(Wire):
    logicalOperator: LogicalOperator
    filters: list[SplitFilterRequest]


# --- blocks ------------------------------------------------------------------------------


class CreateDurationRequest(Wire):
    amount: int
    units: Literal["m", "h", "d", "w", "M"]


class CreateDelayRequest(Wire):
    mode: Literal["duration", "immediate", "specificTime"]
    duration: CreateDurationRequest | None = None
    time: str | None = None
    allowedWeekdays: list[Weekday] | None = None

    @model_validator(mode="after")
    def _mode_has_its_field(self) -> CreateDelayRequest:
        if self.mode == "duration" and self.duration is None:
            raise ValueError("mode 'duration' needs a 'duration'")
        if self.mode == "specificTime" and self.time is None:
            raise ValueError("mode 'specificTime' needs a 'time' (HH:MM)")
        return self


class SendEmailRequest(Wire):
    templateID: str
    subject: str
    preheader: str
    senderName: str
    language: str
    senderEmail: str | None = None
    replyToEmail: str | None = None
    isSkipAllowed: bool | None = None


class SmsComplianceRequest(Wire):
    isStopKeywordIncluded: bool | None = None
    stopKeywordText: str | None = None
    isUnsubscribeLinkIncluded: bool | None = None
    unsubscribeLinkText: str | None = None


class SendSmsRequest(Wire):
    message: str
    compliance: SmsComplianceRequest
    imageID: str | None = None
    isLinkShorteningEnabled: bool | None = None
    isSkipAllowed: bool | None = None


class SendPushRequest(Wire):
    title: str
    body: str
    clickUrl: str
    iconID: str | None = None
    imageID: str | None = None
    isSkipAllowed: bool | None = None


class WebhookHeader(Wire):
    # The spec marks neither as required, but a header without a name or value cannot be sent.
    key: str
    value: str


class SendWebhookRequest(Wire):
    callbackUrl: str
    body: str
    """A JSON document as a string (not an object), with personalization tags."""
    headers: list[WebhookHeader] | None = None


class InputTagAction(Wire):
    value: str


ActionType = Literal["sendEmail", "sendSms", "sendPush", "sendWebhook", "addTag", "removeTag"]
ACTION_TYPES: tuple[str, ...] = ActionType.__args__  # type: ignore[attr-defined]


class ActionRequest(Wire):
    type: ActionType
    sendEmail: SendEmailRequest | None = None
    sendSms: SendSmsRequest | None = None
    sendPush: SendPushRequest | None = None
    sendWebhook: SendWebhookRequest | None = None
    addTag: InputTagAction | None = None
    removeTag: InputTagAction | None = None

    @model_validator(mode="before")
    @classmethod
    def _config_is_nested(cls, data: Any) -> Any:
        """Name the vendor's most common mistake instead of listing unknown keys."""
        if isinstance(data, dict) and data.get("type") in ACTION_TYPES:
            kind = data["type"]
            loose = [key for key in data if key != "type" and key not in ACTION_TYPES]
            if kind not in data and loose:
                raise ValueError(f"the {kind} fields must be nested under '{kind}' "
                                 f"(found {', '.join(loose)} on the action itself)")
        return data

    @model_validator(mode="after")
    def _one_config(self) -> ActionRequest:
        present = [name for name in ACTION_TYPES if getattr(self, name) is not None]
        if present != [self.type]:
            raise ValueError(f"an action of type '{self.type}' holds exactly its '{self.type}' "
                             f"config (found: {', '.join(present) or 'none'})")
        return self

    def config(self) -> Wire:
        return getattr(self, self.type)


class CreateSplitRequest(Wire):
    filterGroup: SplitFilterGroupRequest
    trueBlocks: list[CreateBlockRequest] | None = None
    falseBlocks: list[CreateBlockRequest] | None = None


class CreateABTestingRequest(Wire):
    aBlocksPercentage: int = Field(ge=0, le=100)
    aBlocks: list[CreateBlockRequest] | None = None
    bBlocks: list[CreateBlockRequest] | None = None


BlockType = Literal["delay", "action", "split", "abTesting"]
BLOCK_TYPES: tuple[str, ...] = BlockType.__args__  # type: ignore[attr-defined]


class CreateBlockRequest(Wire):
    temporaryID: str = Field(min_length=1)
    type: BlockType
    delay: CreateDelayRequest | None = None
    action: ActionRequest | None = None
    split: CreateSplitRequest | None = None
    abTesting: CreateABTestingRequest | None = None

    @model_validator(mode="after")
    def _one_config(self) -> CreateBlockRequest:
        present = [name for name in BLOCK_TYPES if getattr(self, name) is not None]
        if present != [self.type]:
            raise ValueError(f"a block of type '{self.type}' holds exactly its '{self.type}' "
                             f"field (found: {', '.join(present) or 'none'})")
        return self


# --- trigger, exit conditions, settings ----------------------------------------------------


class CreateTriggerCondition(Wire):
    event: str
    origin: str | None = None
    filterGroups: list[EventFilterGroupRequest] | None = None


class DurationRequest(Wire):
    amount: int
    units: Literal["m", "h", "d", "w"]


class InactivitySettingsRequest(Wire):
    duration: DurationRequest


class CreateTriggerRequest(Wire):
    condition: CreateTriggerCondition
    audienceFilterGroup: ContactFilterGroupRequest | None = None
    inactivitySettings: InactivitySettingsRequest | None = None


class ExitConditionRequest(Wire):
    event: str
    origin: str | None = None
    filterGroup: EventFilterGroupRequest | None = None


ThresholdLevel = Literal["subscribed", "nonSubscribed", "all"]


class SendingThresholdsRequest(Wire):
    """Who receives at send blocks, per channel; when given, both channels are required."""

    email: ThresholdLevel
    sms: ThresholdLevel


class FrequencyIntervalDurationRequest(Wire):
    amount: int
    units: Literal["h", "d", "w"]


class FrequencyLimiterRequest(Wire):
    """How often a contact may re-enter: `once` per lifetime, or after an `interval`."""

    mode: Literal["once", "interval"]
    duration: FrequencyIntervalDurationRequest | None = None


class OverlapLimiterRequest(Wire):
    """Skip contacts currently in (or recently through) the listed automations."""

    mode: Literal["currentlyIn", "recentlyIn"]
    automationIDs: list[str]
    withinDays: int | None = None


class CreateSettingsRequest(Wire):
    """The automation's settings; every field is optional (engine defaults apply).

    `frequencyLimiter` and `overlapLimiter` accept null (same as omitted);
    `sendingThresholds` does not.
    """

    sendingThresholds: Annotated[SendingThresholdsRequest | None,
                                 AfterValidator(_not_null)] = None
    frequencyLimiter: FrequencyLimiterRequest | None = None
    overlapLimiter: OverlapLimiterRequest | None = None


class CreateAutomationRequest(Wire):
    name: str
    trigger: CreateTriggerRequest
    blocks: list[CreateBlockRequest]
    exitConditions: list[ExitConditionRequest] | None = None
    settings: Annotated[CreateSettingsRequest | None, AfterValidator(_not_null)] = None


for _model in (CreateSplitRequest, CreateABTestingRequest, CreateBlockRequest):
    _model.model_rebuild()

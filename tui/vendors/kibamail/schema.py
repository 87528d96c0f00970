"""The create-automation request body, as pydantic models written from Kibamail's docs.

They mirror the server's zod schema (`POST /v1/automations`): strict JSON types,
`name` 1–100 characters, `description` at most 500, the UPPER_CASE trigger
enum, the 17 node types. Unknown keys are allowed, as zod strips rather than
refuses them. `parse` uses them to refuse bodies it cannot read, `rules` to
report what the server would answer with 422 VALIDATION_FAILED.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, field_validator

from tui.vendors.kibamail.vocabulary import DESCRIPTION_LIMIT, NAME_LIMIT

TriggerType = Literal[
    "CONTACT_SUBSCRIBED", "PROPERTY_UPDATED", "FORM_SUBMITTED", "API", "EVENT",
    "SEGMENT_ENTRY", "SEGMENT_EXIT", "EMAIL_ENGAGEMENT",
]
NodeType = Literal[
    "contact-subscribed", "contact-property-updated", "form-filled", "webhook-trigger", "event",
    "segment-entry", "segment-exit", "email-engagement",
    "send-email", "send-webhook", "update-contact", "unsubscribe-contact", "add-to-topic",
    "remove-from-topic",
    "if-else", "percentage-split", "time-delay",
]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class TriggerConfig(_Open):
    segmentId: str | None = None
    eventName: str | None = None
    propertyName: str | None = None
    formId: str | None = None
    emailEngagementType: Literal["open", "click", "bounce", "spam"] | None = None

    @field_validator("*")
    @classmethod
    def _absent_is_not_null(cls, value: Any) -> Any:
        """zod's `.optional()` takes a missing key but refuses an explicit null."""
        if value is None:
            raise ValueError("must be left out rather than null")
        return value


class TriggerBody(_Open):
    type: TriggerType
    config: TriggerConfig = Field(default_factory=TriggerConfig)


class Position(_Open):
    x: float
    y: float


class Node(_Open):
    id: str
    type: NodeType
    position: Position
    data: dict[str, JsonValue] = Field(default_factory=dict)


class Edge(_Open):
    id: str
    source: str
    target: str
    sourceHandle: str | None = None
    targetHandle: str | None = None
    type: str | None = None
    animated: bool | None = None
    data: dict[str, JsonValue] | None = None


class CreateAutomationRequest(_Open):
    name: str = Field(min_length=1, max_length=NAME_LIMIT)
    description: Annotated[str, Field(max_length=DESCRIPTION_LIMIT)] | None = None
    trigger: TriggerBody | None = None
    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)


def body_errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Every way `body` breaks the create schema (strict JSON types, as zod has them)."""
    try:
        CreateAutomationRequest.model_validate(body, strict=True)
    except ValidationError as exc:
        return [dict(error) for error in exc.errors(include_url=False)]
    return []


def render_loc(loc: tuple[int | str, ...]) -> str:
    """A validation location as a JSON path: `nodes[1].position.x`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def error_message(error: dict[str, Any]) -> str:
    if error["type"] == "missing":
        return "required field is missing"
    return str(error["msg"]).removeprefix("Value error, ")

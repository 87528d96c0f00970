"""The `POST /v1/automations` request body, as AutoSend documents it.

Written from the create-automation page (the seed) and the AutoSend reference
in `shared/vendors/autosend.md`. Field names are AutoSend's own. Models are
strict (no "true" for true, no 2 for "2") and keep unknown fields
(`extra="allow"`), so parse can carry them into extras. Fields the vendor
requires only for activation or reports with its own codes (`name`, `branches`,
email content) are optional here: `check` reports them with those codes.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

from tui.model.errors import PayloadError
from tui.vendors.payload import payload_error


class Body(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")


class FilterCondition(Body):
    field: str
    operator: str
    """Checked against `vocabulary.OPERATORS` by the reader, which can name the known ones."""
    value: JsonValue = None
    fieldType: Literal["string", "number", "date", "boolean"] | None = None
    """The property types of AutoSend's contact properties and events."""


class FilterCriteria(Body):
    logicalOperator: Literal["AND", "OR"] = "AND"
    conditions: list[FilterCondition] | None = None
    groups: list[FilterCondition] | None = None
    """An older version of the create page names the list `groups`; read, never written."""


class Delay(Body):
    value: float = Field(ge=0, allow_inf_nan=False)
    """0 sends immediately."""
    unit: str


class EmailContent(Body):
    templateId: str | None = None
    """An existing template, instead of inline `subject` and `htmlTemplate`."""
    senderEmail: str | None = None
    senderName: str | None = None
    projectId: str | None = None
    templateName: str | None = None
    subject: str | None = None
    previewText: str | None = None
    htmlTemplate: str | None = None


class StepBody(Body):
    stepId: str | None = None
    checkExitCriteria: bool | None = None
    parentBranchStepId: str | None = None
    """The branch step whose lane holds this step."""
    parentBranchId: str | None = None
    """The lane (`branchId`) that holds this step."""


class WaitStepBody(StepBody):
    type: Literal["wait"]
    delay: Delay
    nextStepId: str | None = None


class EmailStepBody(StepBody):
    type: Literal["email"]
    email: EmailContent | None = None
    nextStepId: str | None = None


class BranchLane(Body):
    branchId: str
    label: str | None = None
    triggerType: str | None = None
    appliesTo: Literal["all_branch_steps", "branch_entry"] | None = None
    """`all_branch_steps` re-checks the filter at every step of the lane."""
    filterCriteria: FilterCriteria | None = None
    nextStepId: str | None = None
    """The lane's first step."""
    mergeStepId: str | None = None
    """Where the lane rejoins the flow after the branch."""


class BranchStepBody(StepBody):
    type: Literal["branch"]
    branches: list[BranchLane] | None = None


STEP_BODIES: dict[str, type[StepBody]] = {
    "wait": WaitStepBody,
    "email": EmailStepBody,
    "branch": BranchStepBody,
}


class EntryCriteria(Body):
    type: str | None = None
    filterCriteria: FilterCriteria | None = None
    eventName: str | None = None
    listId: str | None = None
    segmentId: str | None = None


class ExitCriteria(Body):
    type: str


class CreateAutomationBody(Body):
    name: str | None = None
    """Required by AutoSend (`NAME_REQUIRED`), at most 255 characters."""
    description: str | None = None
    """At most 1000 characters."""
    entryCriteria: EntryCriteria | None = None
    exitCriteria: ExitCriteria | None = None
    steps: list[Any] | None = None
    """Each item is checked against `STEP_BODIES` by its `type`."""
    tags: list[str] | None = None
    unsubscribeGroupId: str | None = None
    trackingOpen: bool | None = None
    trackingClick: bool | None = None
    active: bool | None = None


Model = TypeVar("Model", bound=BaseModel)


def validate(model: type[Model], data: Any, path: str = "") -> Model:
    """`data` as `model`, or a `PayloadError` naming the JSON path (below `path`) of the
    first bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = payload_error(exc, data)
        inner = "" if error.location == "$" else error.location
        raise PayloadError(error.message, join_path(path, inner) or "$") from None


def join_path(path: str, *parts: int | str) -> str:
    """`steps[3]` + ("email", "subject") → `steps[3].email.subject`; empty parts add nothing."""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part:
            path = f"{path}.{part}" if path else part
    return path

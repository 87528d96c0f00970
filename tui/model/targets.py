"""Edit targets: the parts of a workflow one editor edits as a whole.

The builder's outline selects a target, an editor edits its value, and the
builder writes the new value back into a new workflow (keeping the old one for
undo). Values are replaced whole, never mutated in place, so undo is a list of
workflows and the preview compiles a consistent snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, JsonValue

from tui.model.conditions import Condition
from tui.model.errors import FlowdeckError
from tui.model.steps import Step
from tui.model.tree import find
from tui.model.workflow import ExitRule, Trigger, Workflow

TargetKind = Literal["details", "trigger", "audience", "exit", "settings", "step"]


class Details(BaseModel):
    """The workflow's name and description, edited together."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    kind: TargetKind
    step_id: str | None = None

    @staticmethod
    def step(step_id: str) -> Target:
        return Target("step", step_id)


TargetValue = Details | Trigger | Condition | None | list[ExitRule] | dict[str, JsonValue] | Step


def read(workflow: Workflow, target: Target) -> Any:
    """A deep copy of the target's current value (safe for an editor to change)."""
    match target.kind:
        case "details":
            return Details(name=workflow.name, description=workflow.description)
        case "trigger":
            return workflow.trigger.model_copy(deep=True)
        case "audience":
            return None if workflow.audience is None else workflow.audience.model_copy(deep=True)
        case "exit":
            return [rule.model_copy(deep=True) for rule in workflow.exit]
        case "settings":
            return dict(workflow.vendor_settings())
        case "step":
            place = find(workflow, target.step_id or "")
            if place is None:
                raise FlowdeckError(f"no step '{target.step_id}'", "steps")
            return place.step.model_copy(deep=True)


def write(workflow: Workflow, target: Target, value: Any) -> Workflow:
    """A new workflow with the target replaced by `value`; `workflow` is left untouched."""
    updated = workflow.model_copy(deep=True)
    match target.kind:
        case "details":
            updated.name, updated.description = value.name, value.description
        case "trigger":
            updated.trigger = value
        case "audience":
            updated.audience = value
        case "exit":
            updated.exit = list(value)
        case "settings":
            updated.settings = {**updated.settings, updated.vendor: dict(value)}
        case "step":
            place = find(updated, target.step_id or "")
            if place is None:
                raise FlowdeckError(f"no step '{target.step_id}'", "steps")
            place.container[place.index] = value
    return updated

"""Edit targets: the parts of a workflow one editor edits as a whole.

The builder's outline selects a target, an editor edits its value, and the
builder writes the new value back into a new workflow (keeping the old one for
undo). Values are replaced whole, never mutated in place, so undo is a list of
workflows and the preview compiles a consistent snapshot.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, JsonValue

from tui.model.conditions import Condition
from tui.model.errors import FlowdeckError
from tui.model.steps import Step
from tui.model.tree import find, replaced
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
    """A new workflow with the target replaced by `value`; `workflow` is left untouched.

    Everything the edit does not touch is shared with `workflow` rather than copied:
    a keystroke in a 500-step workflow used to deep-copy all of it (~20 ms). Sharing
    is safe because snapshots are never changed in place; `value` itself is copied,
    since the editor that sent it may keep changing it.
    """
    value = _copied(value)
    match target.kind:
        case "details":
            return workflow.model_copy(update={"name": value.name,
                                               "description": value.description})
        case "trigger" | "audience" | "exit":
            return workflow.model_copy(update={target.kind: value})
        case "settings":
            return workflow.model_copy(
                update={"settings": {**workflow.settings, workflow.vendor: value}})
        case "step":
            steps = replaced(workflow.steps, target.step_id or "", value)
            if steps is None:
                raise FlowdeckError(f"no step '{target.step_id}'", "steps")
            return workflow.model_copy(update={"steps": steps})
    raise FlowdeckError(f"nothing to write for '{target.kind}'", target.kind)


def _copied(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_copy(deep=True)
    if isinstance(value, list):
        return [_copied(item) for item in value]
    if isinstance(value, dict):
        return copy.deepcopy(value)
    return value

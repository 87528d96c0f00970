"""Moving a workflow or a payload from one vendor to another.

Conversion is `compile_b(parse_a(payload))`, with the trigger said in the
target's words (`triggers`: a custom event stays a custom event). Whatever the
target cannot express comes back as problems from its `check` (or from
`triggers`), and whatever only the source vendor knew (its settings, its fields
kept in `extras`) comes back as notes — never a silent drop.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tui.model.conditions import Condition
from tui.model.problems import Problem, Severity
from tui.model.steps import BranchStep
from tui.model.tree import walk
from tui.model.workflow import Workflow
from tui.vendors import entry, get
from tui.vendors.triggers import translate


@dataclass(frozen=True, slots=True)
class Conversion:
    workflow: Workflow
    payload: dict[str, Any]
    problems: list[Problem]


def left_behind(workflow: Workflow, source: str, target: str) -> list[Problem]:
    """Warnings for what only `source` understands and `target` will not receive."""
    if source == target:
        return []
    title, other = entry(source).title, entry(target).title
    found: list[Problem] = []

    def note(fields: dict[str, Any], what: str, severity: Severity = "info", *,
             step_id: str | None = None, path: str = "") -> None:
        if fields:
            names = ", ".join(sorted(_dotted(fields)))
            message = f"{title} {what} ({names}) are not sent to {other}"
            found.append(Problem(severity, message, "NOT_CARRIED", step_id, path))

    note(workflow.vendor_settings(source), "settings", "warning", path="settings")
    note(workflow.extras.get(source, {}), "fields", path="extras")
    note(workflow.trigger.extras.get(source, {}), "trigger fields", path="trigger.extras")
    for index, rule in enumerate(workflow.exit):
        note(rule.extras.get(source, {}), "exit rule fields", path=f"exit[{index}].extras")
    for place in walk(workflow.steps):
        step = place.step
        note(step.extras.get(source, {}), "fields", step_id=step.id, path="extras")
        for index, arm in enumerate(getattr(step, "arms", [])):
            note(arm.extras.get(source, {}), "path fields", step_id=step.id,
                 path=f"arms[{index}].extras")
    for step_id, path, condition in _conditions(workflow):
        fields = {key: value for rule in condition.rules()
                  for key, value in rule.extras.get(source, {}).items()}
        note(fields, "condition fields", step_id=step_id, path=f"{path}.extras")
    return found


def _conditions(workflow: Workflow) -> Iterator[tuple[str | None, str, Condition]]:
    """Every condition of the workflow with the step and path problems name it by."""
    places = [(None, "trigger.filters", workflow.trigger.filters),
              (None, "audience", workflow.audience),
              *((None, f"exit[{index}].filters", rule.filters)
                for index, rule in enumerate(workflow.exit))]
    for place in walk(workflow.steps):
        if isinstance(place.step, BranchStep):
            places += [(place.step.id, f"arms[{index}].condition", arm.condition)
                       for index, arm in enumerate(place.step.arms)]
    for step_id, path, condition in places:
        if condition is not None:
            yield step_id, path, condition


def _dotted(fields: dict[str, Any], prefix: str = "") -> list[str]:
    """Leaf names of nested vendor fields, e.g. `email.templateName`."""
    names: list[str] = []
    for key, value in fields.items():
        if isinstance(value, dict) and value:
            names.extend(_dotted(value, f"{prefix}{key}."))
        else:
            names.append(f"{prefix}{key}")
    return names


def retarget(workflow: Workflow, vendor_id: str) -> tuple[Workflow, list[Problem]]:
    """The same workflow aimed at another vendor, its trigger in that vendor's words, and
    what that vendor cannot take."""
    moved, notes = _moved(workflow, vendor_id)
    return moved, get(vendor_id).check(moved) + notes


def convert_payload(payload: Any, source: str, target: str) -> Conversion:
    workflow = get(source).parse(payload)
    moved, notes = _moved(workflow, target)
    body, problems = get(target).compile_and_check(moved)
    return Conversion(moved, body, problems + notes)


def _moved(workflow: Workflow, vendor_id: str) -> tuple[Workflow, list[Problem]]:
    """The workflow aimed at `vendor_id`, and the notes on what the move itself loses (a
    trigger without a counterpart, what only the source vendor knew); the target's own
    `check` comes first in every list of problems, so callers add it."""
    moved = workflow.model_copy(update={"vendor": vendor_id}, deep=True)
    moved.trigger, untranslated = translate(moved.trigger, workflow.vendor, vendor_id)
    return moved, untranslated + left_behind(workflow, workflow.vendor, vendor_id)

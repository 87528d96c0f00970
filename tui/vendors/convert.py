"""Moving a workflow or a payload from one vendor to another.

Conversion is `compile_b(parse_a(payload))`; whatever the target cannot
express comes back as problems from its `check`, and whatever only the source
vendor knew (its settings, its fields kept in `extras`) comes back as warnings —
never a silent drop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.model.problems import Problem, Severity
from tui.model.tree import walk
from tui.model.workflow import Workflow
from tui.vendors import entry, get


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
    note(workflow.extras.get(source, {}), "fields", path="workflow")
    note(workflow.trigger.extras.get(source, {}), "trigger fields", path="trigger")
    for place in walk(workflow.steps):
        note(place.step.extras.get(source, {}), "fields", step_id=place.step.id)
    return found


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
    """The same workflow aimed at another vendor, and what that vendor cannot take."""
    adapter = get(vendor_id)
    moved = workflow.model_copy(update={"vendor": vendor_id}, deep=True)
    return moved, adapter.check(moved) + left_behind(workflow, workflow.vendor, vendor_id)


def convert_payload(payload: Any, source: str, target: str) -> Conversion:
    workflow = get(source).parse(payload)
    moved, problems = retarget(workflow, target)
    return Conversion(moved, get(target).compile(moved), problems)

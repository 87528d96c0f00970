"""Moving a workflow or a payload from one vendor to another.

Conversion is `compile_b(parse_a(payload))`; whatever the target cannot
express comes back as problems from its `check`, never as a silent drop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.model.problems import Problem
from tui.model.workflow import Workflow
from tui.vendors import get


@dataclass(frozen=True, slots=True)
class Conversion:
    workflow: Workflow
    payload: dict[str, Any]
    problems: list[Problem]


def retarget(workflow: Workflow, vendor_id: str) -> tuple[Workflow, list[Problem]]:
    """The same workflow aimed at another vendor, and what that vendor cannot take."""
    adapter = get(vendor_id)
    moved = workflow.model_copy(update={"vendor": vendor_id}, deep=True)
    return moved, adapter.check(moved)


def convert_payload(payload: Any, source: str, target: str) -> Conversion:
    workflow = get(source).parse(payload)
    moved, problems = retarget(workflow, target)
    return Conversion(moved, get(target).compile(moved), problems)

"""Flat-rule vendors: one trigger binding a fixed set of actions, no sequence.

Qonversion and Tether take a single rule, not a program: each kind of step
has one place in the body (a push uid, a `sendMessage` list, a timer), and
everything fires together when the rule does. Both adapters lay a workflow's
steps out into those places here, and both report here, the same way, what
such a rule cannot hold: a second step where the body has room for one, a
wait that is not at the front, trigger features and step notes, and when
grouping actions by kind changes the order the steps were given in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from tui.model.conditions import Condition, Rule
from tui.model.problems import Problem
from tui.model.steps import Step
from tui.model.tree import walk
from tui.model.workflow import Workflow
from tui.vendors.base import a_or_an, cannot, not_sent


@dataclass(frozen=True, slots=True)
class Slot:
    """The place a flat body has for one kind of step."""

    kind: str
    most: int | None = 1
    """How many steps of this kind the body holds; None for a list."""
    leading: bool = False
    """The step must come before every other (a timer delays the whole rule)."""
    why: str = ""
    """Why the limit exists, told to the user when a step breaks it."""


@dataclass(slots=True)
class Layout:
    """The top-level steps that fit their slots, and what did not fit."""

    steps: dict[str, list[Step]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    """Kinds in order of their first step, so a body can keep the user's order."""
    problems: list[Problem] = field(default_factory=list)

    def first(self, kind: str) -> Step | None:
        found = self.steps.get(kind)
        return found[0] if found else None


def lay_out(title: str, steps: Sequence[Step], slots: Sequence[Slot]) -> Layout:
    """Assign top-level steps to slots; kinds without a slot are left to `common_problems`."""
    by_kind = {slot.kind: slot for slot in slots}
    layout = Layout()
    for index, step in enumerate(steps):
        slot = by_kind.get(step.kind)
        if slot is None:
            continue
        taken = layout.steps.setdefault(step.kind, [])
        if slot.leading and index > 0:
            layout.problems.append(cannot(title, f"{a_or_an(step.kind)} step after other steps "
                                                 f"({slot.why})", step_id=step.id))
        elif slot.most is not None and len(taken) >= slot.most:
            layout.problems.append(cannot(title, f"more than {slot.most} {step.kind} "
                                                 f"step{'s' if slot.most > 1 else ''} "
                                                 f"({slot.why})", step_id=step.id))
        else:
            taken.append(step)
            if step.kind not in layout.order:
                layout.order.append(step.kind)
    layout.steps = {kind: found for kind, found in layout.steps.items() if found}
    layout.problems.extend(_regrouped(title, steps, layout))
    return layout


def _regrouped(title: str, steps: Sequence[Step], layout: Layout) -> list[Problem]:
    """An info line when the body's grouping by kind changes the order the steps were in;
    nothing is lost (the actions fire together), but reading the body back shows it."""
    accepted = {id(step) for found in layout.steps.values() for step in found}
    given = [step for step in steps if id(step) in accepted]
    grouped = [step for kind in layout.order for step in layout.steps[kind]]
    moved = next((step for step, other in zip(grouped, given, strict=True) if step is not other),
                 None)
    if moved is None:
        return []
    return [Problem("info", f"{title} fires its actions together, grouped by kind: step "
                            f"'{moved.id}' is sent with the other {moved.kind} steps",
                    "REGROUPED", moved.id)]


def flat_problems(title: str, workflow: Workflow, slots: Sequence[Slot],
                  layout: Layout) -> list[Problem]:
    """What a flat rule cannot hold, beyond the step kinds and conditions `base` checks.

    `layout` is `lay_out` of the workflow's steps, which the caller's own rules need too
    (laid out once: it is a third of a flat vendor's check at 1,000 steps)."""
    problems = list(layout.problems)
    kinds = {slot.kind for slot in slots}
    places = list(walk(workflow.steps))
    for place in places:
        if place.depth and place.step.kind in kinds and place.lane is not None:
            problems.append(cannot(title, f"{a_or_an(place.step.kind)} step inside the "
                                          f"{place.lane.owner.kind} '{place.lane.owner.id}' "
                                          "(a rule has no branches)", step_id=place.step.id))
    return problems + not_sent(title, places)


def direct_rules(condition: Condition | None) -> list[tuple[int, Rule]]:
    """The rules a flat body can carry, with their index in the group: the top group's
    own rules, never a negated one.

    Nested groups and `not` are reported by the capability checks; leaving them
    out of the body keeps a preview from showing the opposite of what was meant.
    """
    if condition is None or condition.op == "not":
        return []
    return [(index, item) for index, item in enumerate(condition.items)
            if isinstance(item, Rule)]

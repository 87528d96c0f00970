"""A branch: arms tried in order (label, condition, re-evaluate, rejoin), added,
removed and reordered within the vendor's limit, and an optional otherwise arm."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widget import Widget

from tui.model.steps import BranchArm, BranchStep, Step
from widgets.conditions import Vocabulary
from widgets.conditions.vocabulary import earlier_send_steps
from widgets.editors.base import section
from widgets.editors.item_list import ItemList
from widgets.editors.rows import condition_row, flag_row, text_row
from widgets.editors.step_form import StepEditor


class BranchEditor(StepEditor):
    model = BranchStep

    def __init__(self, target: Any, value: BranchStep, context: Any) -> None:
        super().__init__(target, value, context)
        self._otherwise_steps: list[Any] = self.draft.get("otherwise") or []
        """Steps of the otherwise arm, kept while it is switched off so switching it back
        on restores them."""
        self.vocabulary = Vocabulary.for_filters(
            context.capabilities, earlier_send_steps(context.workflow, value.id))

    def step_fields(self) -> ComposeResult:
        caps = self.context.capabilities
        yield section("Arms, tried in order")
        yield ItemList(("arms",), items=lambda: self.draft["arms"], render_item=self._arm_rows,
                       item_title=lambda index, arm: f"Arm {index + 1}",
                       new_item=lambda count: BranchArm(label=f"Arm {count + 1}").model_dump(),
                       noun="arm", minimum=1, maximum=caps.branch_max_arms)
        if caps.otherwise or self.value.otherwise is not None:
            yield flag_row(self, "Otherwise arm (the rest)", ("otherwise",),
                           checked=self.value.otherwise is not None, parse=self._otherwise)

    def _arm_rows(self, index: int, arm: dict[str, Any]) -> list[Widget]:
        caps = self.context.capabilities
        rows: list[Widget] = [
            text_row(self, "Label", ("arms", index, "label")),
            condition_row(self, "When", ("arms", index, "condition"), self.vocabulary,
                          optional=False),
        ]
        if caps.reevaluate or arm.get("reevaluate"):
            rows.append(flag_row(self, "Re-check at every step",
                                 ("arms", index, "reevaluate")))
        rows.append(flag_row(self, "Rejoin after the branch",
                             ("arms", index, "rejoin")))
        rows.append(text_row(self, "Arm id", ("arms", index, "id"),
                             required="an arm id is required"))
        return rows

    def _otherwise(self, on: bool) -> list[Step] | None:
        current = self.draft.get("otherwise")
        if current:
            self._otherwise_steps = current
        return list(self._otherwise_steps) if on else None

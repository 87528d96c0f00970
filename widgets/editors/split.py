"""A split: arms with labels and percentages that must add up to 100, as many
arms as the vendor takes. With two arms (an A/B test) the other arm follows,
so the total stays 100 while typing."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widget import Widget

from tui.model.steps import SplitArm, SplitStep
from widgets.editors.base import notice, section
from widgets.editors.form import FormError
from widgets.editors.item_list import ItemList
from widgets.editors.rows import number_row, text_row
from widgets.editors.step_form import StepEditor
from widgets.field_row import Path
from widgets.number_input import NumberInput
from widgets.parsers import plain_number


class SplitEditor(StepEditor):
    model = SplitStep

    def step_fields(self) -> ComposeResult:
        limits = self.context.capabilities.split_arms
        if limits is None:
            yield notice(f"{self.context.vendor_title} has no percentage splits.")
        low, high = limits or (2, None)
        yield section("Paths")
        self.arms = ItemList(("arms",), items=lambda: self.draft["arms"],
                             render_item=self._arm_rows,
                             item_title=lambda index, arm: f"Path {chr(65 + index % 26)}",
                             new_item=lambda count: SplitArm(label=f"Path {chr(65 + count % 26)}",
                                                             percentage=0).model_dump(),
                             noun="path", minimum=low, maximum=high,
                             status_text=self._total_text)
        yield self.arms

    def _arm_rows(self, index: int, arm: dict[str, Any]) -> list[Widget]:
        return [
            text_row(self, "Label", ("arms", index, "label")),
            number_row(self, "Percent", ("arms", index, "percentage"), minimum=0, maximum=100),
            text_row(self, "Path id", ("arms", index, "id"), required="a path id is required"),
        ]

    def _total(self) -> float:
        return sum(float(arm.get("percentage") or 0) for arm in self.draft["arms"])

    def _total_text(self) -> str:
        total = plain_number(self._total())
        return f"Total {total}%" + ("" if self._total() == 100 else " — must be 100%")

    def build(self, draft: dict[str, Any]) -> Any:
        step = super().build(draft)
        if step.arms and self._total() != 100:
            raise FormError(("arms",), f"the percentages add up to {plain_number(self._total())}"
                                       "; they must make 100")
        return step

    def field_changed(self, path: Path, value: Any) -> None:
        arms = self.draft["arms"]
        if len(path) == 3 and path[2] == "percentage" and len(arms) == 2:
            other = 1 - int(path[1])
            arms[other]["percentage"] = 100 - value
            self._show_percentage(other, 100 - value)
        self.arms.set_status(self._total_text())

    def items_changed(self, path: Path) -> None:
        self.arms.set_status(self._total_text())

    def _show_percentage(self, index: int, value: float) -> None:
        """Put the balancing value in the other arm's field, unless it already says so
        (rewriting "50.0" as "50" under the user's cursor would be rude)."""
        row = self.row(("arms", index, "percentage"))
        if row is None or not isinstance(row.control, NumberInput):
            return
        try:
            shown = row.control.read_value()
        except ValueError:
            shown = None
        if shown != value:
            row.control.value = plain_number(value)

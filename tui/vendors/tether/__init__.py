"""Tether: a conversation rule — an event or timer, conditions, guards and actions
(`POST {instance}/api/automations`).

The package splits the adapter by job: `models` (the documented request body and
the settings), `info` (API and capabilities), `compile`, `parse` and `check`.
"""

from __future__ import annotations

from typing import Any, cast

from tui.model.problems import Problem
from tui.model.workflow import Workflow
from tui.vendors.base import Adapter
from tui.vendors.tether.check import vendor_problems
from tui.vendors.tether.compile import compile_workflow
from tui.vendors.tether.info import CAPABILITIES, INFO
from tui.vendors.tether.models import TetherSettings
from tui.vendors.tether.parse import looks_like, parse_payload


class TetherAdapter(Adapter):
    info = INFO
    capabilities = CAPABILITIES
    settings_model = TetherSettings

    def compile(self, workflow: Workflow) -> dict[str, Any]:
        return compile_workflow(workflow, self._settings(workflow))

    def parse(self, payload: Any) -> Workflow:
        return parse_payload(payload)

    def check(self, workflow: Workflow) -> list[Problem]:
        return [*self.common_problems(workflow),
                *vendor_problems(workflow, self._settings(workflow))]

    def looks_like(self, payload: Any) -> bool:
        return looks_like(payload)

    def _settings(self, workflow: Workflow) -> TetherSettings:
        return cast(TetherSettings, self.settings(workflow))


ADAPTER = TetherAdapter()

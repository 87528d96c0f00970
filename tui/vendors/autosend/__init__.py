"""AutoSend: `POST https://api.autosend.com/v1/automations`, a graph of wait / email / branch
steps linked by `stepId` and `nextStepId`.

The adapter only binds the parts together: `info` (the API and what it can
express), `settings` (the create body's switches), `payload` (the documented
body), `compile`, `parse` (through `graph`, which rebuilds the nested program
from the links) and `check` (with `step_rules`).
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from pydantic import BaseModel

from tui.model.problems import Problem
from tui.model.workflow import Workflow
from tui.vendors.autosend.check import check_compiled
from tui.vendors.autosend.compile import compile_body
from tui.vendors.autosend.info import CAPABILITIES, INFO
from tui.vendors.autosend.parse import parse_body
from tui.vendors.autosend.settings import AutoSendSettings
from tui.vendors.base import Adapter, Capabilities, VendorInfo

SIGNATURE_FIELDS = ("entryCriteria", "exitCriteria", "unsubscribeGroupId", "trackingOpen",
                    "trackingClick")


class AutoSendAdapter(Adapter):
    info: ClassVar[VendorInfo] = INFO
    capabilities: ClassVar[Capabilities] = CAPABILITIES
    settings_model: ClassVar[type[BaseModel]] = AutoSendSettings

    def compile(self, workflow: Workflow) -> dict[str, Any]:
        return compile_body(workflow, self._settings(workflow))

    def parse(self, payload: Any) -> Workflow:
        return parse_body(payload)

    def check(self, workflow: Workflow) -> list[Problem]:
        return self.compile_and_check(workflow)[1]

    def compile_and_check(self, workflow: Workflow) -> tuple[dict[str, Any], list[Problem]]:
        """One compile: the step graph rules judge the very body that is returned."""
        body = self.compile(workflow)
        return body, check_compiled(workflow, body, self.common_problems(workflow))

    def looks_like(self, payload: Any) -> bool:
        """AutoSend's own top-level fields, or steps carrying `stepId`."""
        if not isinstance(payload, dict):
            return False
        if any(field in payload for field in SIGNATURE_FIELDS):
            return True
        steps = payload.get("steps")
        return isinstance(steps, list) and any(
            isinstance(step, dict) and "stepId" in step for step in steps)

    def _settings(self, workflow: Workflow) -> AutoSendSettings:
        return cast(AutoSendSettings, self.settings(workflow))


ADAPTER = AutoSendAdapter()

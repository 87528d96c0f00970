"""The Omnisend adapter: the pieces of this package behind the common interface."""

from __future__ import annotations

from typing import Any

from tui.model.problems import Problem
from tui.model.workflow import Workflow
from tui.vendors.base import Adapter
from tui.vendors.omnisend.checks import omnisend_problems
from tui.vendors.omnisend.compile import compile_workflow
from tui.vendors.omnisend.info import CAPABILITIES, INFO
from tui.vendors.omnisend.parse import parse_payload
from tui.vendors.omnisend.wire import CreateSettingsRequest


class OmnisendAdapter(Adapter):
    info = INFO
    capabilities = CAPABILITIES
    settings_model = CreateSettingsRequest

    def compile(self, workflow: Workflow) -> dict[str, Any]:
        return compile_workflow(workflow)

    def parse(self, payload: Any) -> Workflow:
        return parse_payload(payload)

    def check(self, workflow: Workflow) -> list[Problem]:
        settings = self.settings(workflow)
        assert isinstance(settings, CreateSettingsRequest)
        return [*self.common_problems(workflow), *omnisend_problems(workflow, settings)]

    def looks_like(self, payload: Any) -> bool:
        """Nested `blocks` beside a `trigger.condition` is Omnisend's shape alone."""
        return (isinstance(payload, dict) and isinstance(payload.get("blocks"), list)
                and isinstance(payload.get("trigger"), dict)
                and "condition" in payload["trigger"])

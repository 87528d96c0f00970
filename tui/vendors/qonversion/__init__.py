"""Qonversion: purchase events trigger a push and/or an in-app screen (`POST /v4/automations`).

The package splits the adapter by job: `models` (the documented request body),
`info` (API and capabilities), `compile`, `parse` and `check`.
"""

from __future__ import annotations

from typing import Any, cast

from tui.model.problems import Problem
from tui.model.workflow import Workflow
from tui.vendors.base import Adapter
from tui.vendors.qonversion.check import vendor_problems
from tui.vendors.qonversion.compile import compile_workflow
from tui.vendors.qonversion.info import CAPABILITIES, INFO
from tui.vendors.qonversion.models import QonversionSettings
from tui.vendors.qonversion.parse import looks_like, parse_payload


class QonversionAdapter(Adapter):
    info = INFO
    capabilities = CAPABILITIES
    settings_model = QonversionSettings

    def compile(self, workflow: Workflow) -> dict[str, Any]:
        return compile_workflow(workflow, cast(QonversionSettings, self.settings(workflow)))

    def parse(self, payload: Any) -> Workflow:
        return parse_payload(payload)

    def check(self, workflow: Workflow) -> list[Problem]:
        return [*self.common_problems(workflow), *vendor_problems(workflow)]

    def looks_like(self, payload: Any) -> bool:
        return looks_like(payload)


ADAPTER = QonversionAdapter()

"""Kibamail adapter: `POST /v1/automations` with a trigger and a React-Flow graph.

Modules, each with one job: `vocabulary` (the vendor's words), `info` (API and
capabilities), `schema` (request models), `conditions` (condition grammar),
`nodes` (node data ⇄ steps), `flow` (which steps are nodes, their exits),
`layout` (positions), `compile`, `graph` (graph → sequences), `parse`,
`memory` (what an import keeps for exact round trips), `rules` (the vendor's
create and publish checks) and `check`.
"""

from __future__ import annotations

from typing import Any

from tui.model.problems import Problem
from tui.model.workflow import Workflow
from tui.vendors.base import Adapter
from tui.vendors.kibamail.check import check_flow
from tui.vendors.kibamail.compile import compile_body, compile_flow
from tui.vendors.kibamail.info import CAPABILITIES, INFO
from tui.vendors.kibamail.parse import parse_body
from tui.vendors.kibamail.vocabulary import TRIGGER_ALIASES, TRIGGER_TYPES


class KibamailAdapter(Adapter):
    info = INFO
    capabilities = CAPABILITIES

    def compile(self, workflow: Workflow) -> dict[str, Any]:
        return compile_body(workflow)

    def parse(self, payload: Any) -> Workflow:
        return parse_body(payload)

    def check(self, workflow: Workflow) -> list[Problem]:
        return self.compile_and_check(workflow)[1]

    def compile_and_check(self, workflow: Workflow) -> tuple[dict[str, Any], list[Problem]]:
        """One compile: the vendor's rules judge the very body that is returned, and the
        made-up chain node ids map back to their branch steps through the same flow."""
        flow = compile_flow(workflow)
        return flow.body, check_flow(self, workflow, flow)

    def looks_like(self, payload: Any) -> bool:
        """A body with React-Flow `nodes` / `edges`, or a trigger of Kibamail's vocabulary."""
        if not isinstance(payload, dict):
            return False
        if isinstance(payload.get("nodes"), list) or isinstance(payload.get("edges"), list):
            return True
        trigger = payload.get("trigger")
        kind = trigger.get("type") if isinstance(trigger, dict) else None
        return isinstance(kind, str) and (kind in TRIGGER_TYPES or kind in TRIGGER_ALIASES)


ADAPTER = KibamailAdapter()

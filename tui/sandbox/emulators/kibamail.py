"""Kibamail: `/v1/automations`, `{"error": {type, code, …}}` envelopes, publish-time validation.

Create is lenient as documented: only create-phase checks refuse it (422
VALIDATION_FAILED with `validationErrors`); it answers 201 with a `DRAFT`.
`POST …/{id}/publish` runs every check and answers 400
AUTOMATION_VALIDATION_FAILED with `details.errors[{nodeId, nodeType, nodeName,
field, message}]`, or the automation `PUBLISHED`. The list shows only
`PUBLISHED` automations unless `status` says otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.model.problems import Problem
from tui.sandbox.asgi import Answer, Request, Response, Route
from tui.sandbox.emulator import (
    AuthFailure,
    Emulator,
    FieldError,
    KeyRule,
    Record,
    blocking,
    phrase_code,
    reason,
)
from tui.sandbox.ids import cuid, request_id, timestamp

STATUSES = ("DRAFT", "PUBLISHED", "ARCHIVED")
CODES = {400: "INVALID_PARAMETER", 401: "INVALID_API_KEY", 403: "INSUFFICIENT_PERMISSIONS",
         404: "RESOURCE_NOT_FOUND", 409: "RESOURCE_CONFLICT", 422: "VALIDATION_FAILED",
         429: "RATE_LIMIT_EXCEEDED"}
AUTH_CODES: dict[AuthFailure, str] = {
    "missing_header": "MISSING_AUTHORIZATION_HEADER",
    "wrong_scheme": "INVALID_AUTHORIZATION_HEADER",
    "missing_key": "MISSING_API_KEY",
    "wrong_prefix": "INVALID_API_KEY",
}
VALIDATION_FAILED = "Automation validation failed. Please fix the errors before publishing."


def error_type(status: int) -> str:
    """The `type` Kibamail's server puts in front of the code (its own upper-case spelling)."""
    if status in (401, 403):
        return "AUTHENTICATION_ERROR"
    if status == 422:
        return "VALIDATION_ERROR"
    if status == 429:
        return "RATE_LIMIT_ERROR"
    return "API_ERROR" if status >= 500 else "INVALID_REQUEST_ERROR"


class Kibamail(Emulator):
    vendor = "kibamail"
    key_rule = KeyRule("Bearer ", ("kb_",))
    step_field = "nodes"

    def lifecycle_routes(self) -> list[Route]:
        one = self.adapter.info.get.path  # …/automations/{id}
        return [
            Route("POST", f"{one}/publish", "publish", self.publish),
        ]

    def _envelope(self, status: int, message: str | None, code: str | None,
                  **extra: Any) -> Response:
        return Response.json(status, {"error": {
            "type": error_type(status),
            "code": code or CODES.get(status) or phrase_code(status),
            "message": message or reason(status),
            "hint": None,
            "requestId": request_id(),
            **extra,
        }})

    def error(self, status: int, message: str | None = None, *, code: str | None = None,
              fields: Sequence[FieldError] = ()) -> Response:
        extra = {"validationErrors": [f.as_dict("INVALID_FIELD_VALUE") for f in fields]
                 } if fields else {}
        return self._envelope(status, message, code, **extra)

    def auth_error(self, failure: AuthFailure, message: str) -> Response:
        return self.error(401, message, code=AUTH_CODES[failure])

    def not_json(self, message: str) -> Response:
        return self.error(400, message, code="INVALID_JSON")

    def unreadable(self, message: str, field: str = "") -> Response:
        return self.error(422, "Validation failed",
                          fields=[FieldError(field or "body", message)])

    def not_found(self, ident: str) -> Response:
        return self.error(404, f"Automation '{ident}' not found", code="AUTOMATION_NOT_FOUND")

    def locate(self, problem: Problem, body: Record) -> str:
        """zod names a node by its index: `nodes.3.data`."""
        index = _node_index(body, problem.step_id)
        if index is None:
            return super().locate(problem, body)
        return f"nodes.{index}" + (f".{problem.path}" if problem.path else "")

    def rejected(self, problems: list[Problem], body: Record) -> Response:
        return self.error(422, "Validation failed", fields=self.fields(problems, body))

    def create(self, request: Request, params: dict[str, str]) -> Response:
        body = self.json_object(request)
        self.accept(body)
        ident, now = cuid(), timestamp()
        nodes = body.get("nodes") or [{"id": f"trigger-{ident[-6:]}", "type": "contact-subscribed",
                                       "position": {"x": 0, "y": 0}, "data": {}}]
        record = {
            "object": "automation", "id": ident, "name": body.get("name"),
            "description": body.get("description"), "status": "DRAFT", "version": 1,
            "parentId": None,
            "trigger": body.get("trigger") or {"type": "CONTACT_SUBSCRIBED", "config": {}},
            "nodes": nodes, "edges": body.get("edges") or [], "stats": {}, "publishedAt": None,
            "createdAt": now, "updatedAt": now,
        }
        # Publish validates what was stored, including the trigger node the server added.
        return Response.json(201, self.store(ident, record, {**body, "nodes": nodes}))

    def get(self, request: Request, params: dict[str, str]) -> Response:
        return Response.json(200, self.find(params["id"]))

    def list(self, request: Request, params: dict[str, str]) -> Response:
        status = request.query.get("status", "PUBLISHED")
        if status not in STATUSES:
            message = f"'status' must be one of {', '.join(STATUSES)}"
            raise Answer(self.error(400, message, fields=[FieldError("status", message)]))
        limit = self.number(request, "limit", 20, 1, 100)
        items = [record for record in reversed(self.records.values())
                 if record["status"] == status]
        items = self.after(items, request.query.get("after"), "id")
        return Response.json(200, {"object": "automation_list",
                                   "hasMore": len(items) > limit, "data": items[:limit]})

    def publish(self, request: Request, params: dict[str, str]) -> Response:
        ident = params["id"]
        record = self.find(ident)
        if record["status"] != "DRAFT":
            raise Answer(self.error(400, "Only DRAFT automations can be published"))
        body = self.bodies[ident]
        refused = blocking(self.review(body), "activate")
        if refused:
            errors = [_node_error(problem, body) for problem in refused]
            raise Answer(self._envelope(400, VALIDATION_FAILED, "AUTOMATION_VALIDATION_FAILED",
                                        details={"errors": errors}))
        now = timestamp()
        record.update(status="PUBLISHED", publishedAt=now, updatedAt=now)
        return Response.json(200, record)


def _nodes(body: Record) -> list[Any]:
    nodes = body.get("nodes")
    return nodes if isinstance(nodes, list) else []


def _node_index(body: Record, node_id: str | None) -> int | None:
    if node_id is None:
        return None
    for index, node in enumerate(_nodes(body)):
        if isinstance(node, dict) and node.get("id") == node_id:
            return index
    return None


def _node_error(problem: Problem, body: Record) -> dict[str, Any]:
    """One publish error as Kibamail's validator reports it, naming the node."""
    index = _node_index(body, problem.step_id)
    node = _nodes(body)[index] if index is not None else {}
    node_type = node.get("type") if isinstance(node.get("type"), str) else None
    data = node.get("data") if isinstance(node.get("data"), dict) else {}
    name = data.get("label") or data.get("name") or (
        node_type.replace("-", " ").title() if node_type else None)
    return {"nodeId": problem.step_id, "nodeType": node_type, "nodeName": name,
            "field": problem.path or None, "message": problem.message}

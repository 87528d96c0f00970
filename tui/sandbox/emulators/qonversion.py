"""Qonversion v4: `/v4/automations`, `{"error": {type, code, message, details?}}` envelopes.

Create answers 201 with the automation in whatever `status` the body asks for
and `data.type` filled in; `PATCH …/{id}/status` answers 204 with no body. The
list is ordered by id, descending, with `limit` and `starting_after`.
Rate-limit code `rate_limit_exceeded` is [inferred]: v4 documents 429 but no code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.model.problems import Problem
from tui.sandbox.asgi import Answer, Request, Response, Route
from tui.sandbox.emulator import Emulator, FieldError, KeyRule, Record, reason
from tui.sandbox.ids import qonversion_id

BASE = "/v4/automations"
STATUSES = ("active", "inactive", "paused")
KINDS: dict[int, tuple[str, str]] = {
    400: ("request", "invalid_data"),
    401: ("request", "control_unauthorized"),
    403: ("request", "control_forbidden"),
    404: ("resource", "not_found"),
    405: ("request", "invalid_request"),
    409: ("resource", "already_exists"),
    422: ("logical", "relation_not_found"),
    429: ("request", "rate_limit_exceeded"),
    501: ("request", "not_implemented"),
}


CODE_TYPES = {code: error_type for error_type, code in KINDS.values()}


def kind(status: int) -> tuple[str, str]:
    """The documented (`type`, `code`) pair for a status."""
    fallback = ("internal", "unknown_error") if status >= 500 else ("request", "invalid_request")
    return KINDS.get(status, fallback)


class Qonversion(Emulator):
    vendor = "qonversion"
    key_rule = KeyRule("Bearer ", ("sk_", "test_sk_"))
    step_field = "data.actions"

    def lifecycle_routes(self) -> list[Route]:
        one = self.adapter.info.get.path  # …/automations/{id}
        return [
            Route("PATCH", f"{one}/status", "status", self.set_status),
        ]

    def error(self, status: int, message: str | None = None, *, code: str | None = None,
              fields: Sequence[FieldError] = ()) -> Response:
        error_type, default_code = kind(status)
        code = code or default_code
        error: dict[str, Any] = {"type": CODE_TYPES.get(code, error_type), "code": code,
                                 "message": message or reason(status)}
        if fields:  # omitted entirely, not empty, when the error is not about fields
            error["details"] = [{"field": f.field, "message": f.message} for f in fields]
        return Response.json(status, {"error": error})

    def unknown_path(self, status: int, request: Request) -> Response:
        return self.error(status, f"Unrecognised URL: {request.method} {request.path}",
                          code="invalid_request")

    def rejected(self, problems: list[Problem], body: Record) -> Response:
        return self.error(400, "Validation failed", fields=self.fields(problems, body))

    def create(self, request: Request, params: dict[str, str]) -> Response:
        body = self.json_object(request)
        self.accept(body)
        ident = qonversion_id()
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        record = {"object": "automation", "id": ident, "url": f"{BASE}/{ident}",
                  "name": body.get("name"), "caption": body.get("caption") or "",
                  "status": body.get("status"), "data": {**data, "type": "event"}}
        return Response.json(201, self.store(ident, record, body))

    def get(self, request: Request, params: dict[str, str]) -> Response:
        return Response.json(200, self.find(params["id"]))

    def list(self, request: Request, params: dict[str, str]) -> Response:
        limit = self.number(request, "limit", 20, 1, 100)
        items = sorted(self.records.values(), key=lambda record: record["id"], reverse=True)
        items = self.after(items, request.query.get("starting_after"), "id")
        page: dict[str, Any] = {"object": "list", "url": BASE, "data": items[:limit],
                                "has_more": len(items) > limit}
        if page["has_more"]:
            page["next_cursor"] = items[limit - 1]["id"]
        return Response.json(200, page)

    def set_status(self, request: Request, params: dict[str, str]) -> Response:
        record = self.find(params["id"])
        status = self.json_object(request).get("status")
        if status not in STATUSES:
            message = f"status must be one of {', '.join(STATUSES)}"
            raise Answer(self.error(400, "Validation failed",
                                    fields=[FieldError("status", message)]))
        record["status"] = status
        return Response(204)

"""Tether: `/api/automations`, `{"success": true, …}` answers, `{"error": {code, message}}` errors.

Create answers 200 (the only success status Tether documents for automations)
with `{success, message, data}` whose document has a Mongo `_id`. There is no
global on/off: `enabled` is the calling user's preference, switched with
`PATCH …/{id}/preference` and `{"enabled": bool}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.model.problems import Problem
from tui.sandbox.asgi import Answer, Request, Response, Route
from tui.sandbox.emulator import Emulator, FieldError, KeyRule, Record, reason
from tui.sandbox.ids import object_id, timestamp

ORGANIZATION_ID = "5b0c0ffee0000000000000c1"
USER_ID = "5b0c0ffee0000000000000c2"
CODES = {400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         429: "rate_limited"}
READ_ONLY = frozenset({"_id", "organizationId", "userId", "createdAt", "updatedAt"})


class Tether(Emulator):
    vendor = "tether"
    key_rule = KeyRule("Bearer ")
    step_field = "actions"

    def lifecycle_routes(self) -> list[Route]:
        one = self.adapter.info.get.path  # …/automations/{id}
        return [
            Route("PATCH", f"{one}/preference", "preference", self.preference),
        ]

    def error(self, status: int, message: str | None = None, *, code: str | None = None,
              fields: Sequence[FieldError] = ()) -> Response:
        default = CODES.get(status, "internal_error" if status >= 500 else "invalid_request")
        error: dict[str, Any] = {"code": code or default, "message": message or reason(status)}
        if fields:
            error["details"] = [f.as_dict() for f in fields]
        return Response.json(status, {"error": error})

    def unreadable(self, message: str, field: str = "") -> Response:
        """Tether's error has one message, so it names the field itself."""
        return self.error(400, f"{field}: {message}" if field else message,
                          fields=[FieldError(field, message)] if field else ())

    def rejected(self, problems: list[Problem], body: Record) -> Response:
        first = problems[0]
        where = self.locate(first, body)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return self.error(400, f"{where}: {first.message}{more}",
                          fields=self.fields(problems, body))

    def create(self, request: Request, params: dict[str, str]) -> Response:
        body = self.json_object(request)
        self.accept(body)
        ident, now = object_id(), timestamp()
        enabled = body.get("enabled")
        record = {"_id": ident,
                  **{key: value for key, value in body.items() if key not in READ_ONLY},
                  "organizationId": ORGANIZATION_ID, "userId": USER_ID,
                  "enabled": enabled if isinstance(enabled, bool) else True,
                  "createdAt": now, "updatedAt": now}
        self.store(ident, record, body)
        return Response.json(200, {"success": True, "message": "Automation created successfully",
                                   "data": record})

    def get(self, request: Request, params: dict[str, str]) -> Response:
        return Response.json(200, {"success": True, "data": self.find(params["id"])})

    def list(self, request: Request, params: dict[str, str]) -> Response:
        return Response.json(200, {"success": True, "data": list(reversed(self.records.values()))})

    def preference(self, request: Request, params: dict[str, str]) -> Response:
        ident = params["id"]
        record = self.find(ident)
        enabled = self.json_object(request).get("enabled")
        if not isinstance(enabled, bool):
            message = "enabled is required and must be a boolean"
            raise Answer(self.error(400, message, fields=[FieldError("enabled", message)]))
        record["enabled"] = enabled
        word = "enabled" if enabled else "disabled"
        return Response.json(200, {"success": True, "message": f"Automation {word} successfully",
                                   "data": {"automationId": ident, "enabled": enabled}})

"""AutoSend: `/v1/automations`, `{"success": …}` envelopes, activation by `active: true`.

Create answers 201 with `status` `draft`, or `active` when the body says
`active: true` and the activation checks pass (else 400
CANNOT_ACTIVATE_AUTOMATION and nothing is created). `PATCH /v1/automations/{id}`
with `active: true` activates later; `active: false` pauses [inferred]. A 429
carries `retryAfter` (seconds) in the body, next to `error`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from tui.model.problems import Problem
from tui.sandbox.asgi import Answer, Request, Response, Route
from tui.sandbox.emulator import (
    Emulator,
    FieldError,
    KeyRule,
    Record,
    blocking,
    phrase_code,
    reason,
)
from tui.sandbox.ids import object_id, timestamp

PROJECT_ID = "5b0c0ffee0000000000000a1"
ORGANIZATION_ID = "5b0c0ffee0000000000000a2"
READ_ONLY = frozenset({"id", "projectId", "organizationId", "status", "activeAt", "createdAt",
                       "updatedAt"})
"""Fields the server sets; a body's own values for them are ignored."""
CANNOT_ACTIVATE = "Cannot activate workflow. Please check all required fields are filled"


class AutoSend(Emulator):
    vendor = "autosend"
    key_rule = KeyRule("Bearer ", ("AS_", "as_"))  # the API-keys page writes `as_`
    step_field = "steps"

    def lifecycle_routes(self) -> list[Route]:
        one = self.adapter.info.get.path  # …/automations/{id}
        return [
            Route("PATCH", one, "update", self.update),
        ]

    def _envelope(self, status: int, message: str | None, code: str | None,
                  fields: Sequence[FieldError]) -> dict[str, Any]:
        error: dict[str, Any] = {
            "message": message or reason(status),
            "code": code or ("VALIDATION_FAILED" if status == 400 else phrase_code(status)),
        }
        if fields:
            error["details"] = [f.as_dict() for f in fields]
        return {"success": False, "error": error}

    def error(self, status: int, message: str | None = None, *, code: str | None = None,
              fields: Sequence[FieldError] = ()) -> Response:
        return Response.json(status, self._envelope(status, message, code, fields))

    def rate_limited(self, retry_after: int | None) -> Response:
        body = self._envelope(429, "Rate limit exceeded", "RATE_LIMIT_EXCEEDED", ())
        if retry_after is not None:
            body["retryAfter"] = retry_after
        return Response.json(429, body)

    def rejected(self, problems: list[Problem], body: Record) -> Response:
        first = problems[0]
        return self.error(400, first.message, code=first.code,
                          fields=self.fields(problems, body))

    def _activatable(self, problems: list[Problem], body: Record) -> None:
        refused = blocking(problems, "activate")
        if refused:
            raise Answer(self.error(400, CANNOT_ACTIVATE, code="CANNOT_ACTIVATE_AUTOMATION",
                                    fields=self.fields(refused, body)))

    def create(self, request: Request, params: dict[str, str]) -> Response:
        body = self.json_object(request)
        problems = self.accept(body)
        active = body.get("active") is True
        if active:
            self._activatable(problems, body)
        ident, now = object_id(), timestamp()
        record = {"id": ident, "projectId": PROJECT_ID, "organizationId": ORGANIZATION_ID,
                  **_editable(body), "status": "active" if active else "draft",
                  "activeAt": now if active else None, "createdAt": now, "updatedAt": now}
        return Response.json(201, {"success": True, "data": self.store(ident, record, body)})

    def get(self, request: Request, params: dict[str, str]) -> Response:
        return Response.json(200, {"success": True, "data": self.find(params["id"])})

    def list(self, request: Request, params: dict[str, str]) -> Response:
        status = request.query.get("status")
        tags = {tag for tag in request.query.get("tags", "").split(",") if tag}
        page = self.number(request, "page", 1, 1, 1_000_000)
        limit = self.number(request, "limit", 20, 1, 100)
        items = [record for record in reversed(self.records.values())
                 if (status is None or record["status"] == status)
                 and (not tags or tags & _tags(record))]
        return Response.json(200, {"success": True, "data": {
            "workflowAutomations": items[(page - 1) * limit: page * limit],
            "pagination": {"page": page, "limit": limit, "total": len(items),
                           "pages": math.ceil(len(items) / limit)},
        }})

    def update(self, request: Request, params: dict[str, str]) -> Response:
        """PATCH: edit a draft or paused workflow; `active: true` validates and activates."""
        ident = params["id"]
        record = self.find(ident)
        patch = self.json_object(request)
        active = patch.get("active")
        if active is not None and not isinstance(active, bool):
            raise Answer(self.error(400, "'active' must be true or false",
                                    fields=[FieldError("active", "must be a boolean")]))
        changes = _editable(patch)
        if changes and record["status"] == "active":
            raise Answer(self.error(400, "Only draft and paused workflows can be updated; "
                                         "active workflows must be paused first"))
        body = {**self.bodies[ident], **changes}
        if changes or active:
            problems = self.accept(body)
            if active:
                self._activatable(problems, body)
        now = timestamp()
        record.update(changes)
        if active is True and record["status"] != "active":
            record.update(status="active", activeAt=now)
        elif active is False and record["status"] == "active":
            record["status"] = "paused"
        record["updatedAt"] = now
        self.bodies[ident] = body
        return Response.json(200, {"success": True, "data": record})


def _editable(body: Record) -> Record:
    return {key: value for key, value in body.items() if key != "active" and key not in READ_ONLY}


def _tags(record: Record) -> set[str]:
    tags = record.get("tags")
    return {tag for tag in tags if isinstance(tag, str)} if isinstance(tags, list) else set()

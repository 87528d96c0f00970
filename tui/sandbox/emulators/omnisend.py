"""Omnisend: `/api/automations`, version header, RFC 9457 problems, created disabled.

Every call needs `Omnisend-Version`: missing or unknown → 400, a date before
2026-03-15 → 410 "API version has been retired". Create answers 201 with the
automation disabled and each block's `temporaryID` replaced by a server id
(message-split filters that pointed at a `temporaryID` follow it). A refused
body gets a ValidationProblem whose `errors[].field` names the block by its
`temporaryID`: `blocks[<temporaryID>].<field>`. `…/enable` (optional
`enrollExisting`) and `…/disable` (required `contactsInWorkflow`) switch it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from tui.model.problems import Problem
from tui.sandbox.asgi import Answer, Request, Response, Route
from tui.sandbox.emulator import Emulator, FieldError, KeyRule, Record, reason
from tui.sandbox.ids import object_id, timestamp

VERSION = "2026-03-15"
SUPPORTED_VERSIONS = (VERSION, "2026-preview")
PROBLEM_TYPE = "https://problems.omnisend.com/problem"
PROBLEM_JSON = "application/problem+json"
BRAND_ID = "5b0c0ffee0000000000000b1"
BRANCHES = {"split": ("trueBlocks", "falseBlocks"), "abTesting": ("aBlocks", "bBlocks")}
NO_ENROLL_EXISTING = ("birthday", "product back in stock")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Omnisend(Emulator):
    vendor = "omnisend"
    key_rule = KeyRule("Omnisend-API-Key ")
    step_field = "blocks"

    def lifecycle_routes(self) -> list[Route]:
        one = self.adapter.info.get.path  # …/automations/{id}
        return [
            Route("POST", f"{one}/enable", "enable", self.enable),
            Route("POST", f"{one}/disable", "disable", self.disable),
        ]

    def check_headers(self, request: Request) -> None:
        self.authenticate(request)
        version = request.header("omnisend-version")
        if version in SUPPORTED_VERSIONS:
            return
        if version is None:
            message = f"Missing required header Omnisend-Version (e.g. {VERSION})"
            code = "required"
        elif _DATE.match(version) and version < VERSION:
            raise Answer(self.error(410, "API version has been retired"))
        else:
            message = f"Unsupported Omnisend-Version '{version}' (supported: " \
                      f"{', '.join(SUPPORTED_VERSIONS)})"
            code = "invalid"
        raise Answer(self.error(400, message, fields=[FieldError("Omnisend-Version", message,
                                                                 code)]))

    def _problem(self, status: int, detail: str | None, **extra: Any) -> dict[str, Any]:
        return {"type": PROBLEM_TYPE, "title": reason(status), "status": status,
                "detail": detail or reason(status),
                "instance": f"urn:omnisend:request:{uuid.uuid4()}", **extra}

    def error(self, status: int, message: str | None = None, *, code: str | None = None,
              fields: Sequence[FieldError] = ()) -> Response:
        extra = {"errors": [f.as_dict(code or "invalid") for f in fields]} if fields else {}
        return Response.json(status, self._problem(status, message, **extra),
                             media_type=PROBLEM_JSON)

    def rate_limited(self, retry_after: int | None) -> Response:
        extra = {} if retry_after is None else {"retryAfter": retry_after}
        return Response.json(429, self._problem(429, "Rate limit exceeded", **extra),
                             media_type=PROBLEM_JSON)

    def rejected(self, problems: list[Problem], body: Record) -> Response:
        return self.error(400, "Validation failed", fields=self.fields(problems, body))

    def create(self, request: Request, params: dict[str, str]) -> Response:
        body = self.json_object(request)
        self.accept(body)
        ident, now = object_id(), timestamp()
        settings = body.get("settings") if isinstance(body.get("settings"), dict) else {}
        record = {
            "id": ident, "brandID": BRAND_ID, "name": body.get("name"), "isEnabled": False,
            "createdAt": now, "updatedAt": now, "enabledAt": None, "disabledAt": None,
            "trigger": body.get("trigger"),
            "blocks": _server_blocks(body.get("blocks"), {}),
            "exitConditions": body.get("exitConditions") or [],
            "settings": {"sendingThresholds": {"email": "subscribed", "sms": "subscribed"},
                         **settings},
        }
        return Response.json(201, self.store(ident, record, body))

    def get(self, request: Request, params: dict[str, str]) -> Response:
        return Response.json(200, self.find(params["id"]))

    def list(self, request: Request, params: dict[str, str]) -> Response:
        limit = self.number(request, "limit", 100, 1, 250)
        enabled = request.query.get("isEnabled")
        if enabled not in (None, "true", "false"):
            raise Answer(self.error(400, "'isEnabled' must be true or false",
                                    fields=[FieldError("isEnabled", "must be a boolean")]))
        items = [record for record in reversed(self.records.values())
                 if enabled is None or record["isEnabled"] == (enabled == "true")]
        items = self.after(items, request.query.get("after"), "id")
        page = items[:limit]
        return Response.json(200, {"automations": page, "paging": {
            "cursors": {"after": page[-1]["id"] if page else None,
                        "before": page[0]["id"] if page else None},
            "hasMore": len(items) > limit, "limit": limit}})

    def enable(self, request: Request, params: dict[str, str]) -> Response:
        ident = params["id"]
        record = self.find(ident)
        options = self.json_object(request) if request.body.strip() else {}
        if options.get("enrollExisting") is True:
            self._can_enroll_existing(record)
        now = timestamp()
        if not record["isEnabled"]:
            record.update(isEnabled=True, enabledAt=now, updatedAt=now)
        return Response.json(200, record)

    def _can_enroll_existing(self, record: Record) -> None:
        """`enrollExisting` needs a workflow that starts with a delay, a trigger that allows it,
        and, for `entered segment`, a first enable."""
        event = _dig(record, "trigger", "condition", "event")
        first = _dig(record, "blocks", 0, "type")
        if event in NO_ENROLL_EXISTING:
            why = f"the '{event}' trigger cannot enroll existing contacts"
        elif event == "entered segment" and record["enabledAt"] is not None:
            why = "existing segment members can only be enrolled on the first enable"
        elif event != "entered segment" and first != "delay":
            why = "the workflow must start with a delay block to enroll existing contacts"
        else:
            return
        raise Answer(self.error(409, why, fields=[FieldError(
            "enrollExisting", why, "enroll-existing-not-applicable")]))

    def disable(self, request: Request, params: dict[str, str]) -> Response:
        record = self.find(params["id"])
        choice = self.json_object(request).get("contactsInWorkflow")
        if choice not in ("keep", "exit"):
            message = "contactsInWorkflow is required and must be 'keep' or 'exit'"
            raise Answer(self.error(400, message, fields=[FieldError(
                "contactsInWorkflow", message, "required" if choice is None else "invalid")]))
        now = timestamp()
        if record["isEnabled"]:
            record.update(isEnabled=False, disabledAt=now, updatedAt=now)
        return Response.json(200, record)


def _dig(value: Any, *keys: str | int) -> Any:
    """The value at a path of keys and indexes, or None where the path does not exist."""
    for key in keys:
        if isinstance(key, int):
            value = value[key] if isinstance(value, list) and len(value) > key else None
        else:
            value = value.get(key) if isinstance(value, dict) else None
    return value


def _server_blocks(blocks: Any, ids: dict[str, str]) -> Any:
    """The blocks as the server returns them: `id` instead of `temporaryID`, in document order,
    so a message filter in a split can follow the send block above it to its new id."""
    if not isinstance(blocks, list):
        return blocks
    result = []
    for block in blocks:
        if not isinstance(block, dict):
            result.append(block)
            continue
        ident = object_id()
        temporary = block.get("temporaryID")
        if isinstance(temporary, str):
            ids[temporary] = ident
        served = {"id": ident, **{k: v for k, v in block.items() if k != "temporaryID"}}
        for kind, arms in BRANCHES.items():
            inner = served.get(kind)
            if isinstance(inner, dict):
                inner = {**inner, **{arm: _server_blocks(inner[arm], ids)
                                     for arm in arms if arm in inner}}
                served[kind] = _follow_message_filters(inner, ids)
        result.append(served)
    return result


def _follow_message_filters(split: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    group = split.get("filterGroup")
    if not isinstance(group, dict) or not isinstance(group.get("filters"), list):
        return split
    filters = [{**f, "value": ids.get(f.get("value"), f.get("value"))}
               if isinstance(f, dict) and f.get("type") == "message"
               and isinstance(f.get("value"), str) else f
               for f in group["filters"]]
    return {**split, "filterGroup": {**group, "filters": filters}}

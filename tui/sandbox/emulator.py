"""What every emulated vendor shares: the key check, reading and checking a create body,
finding a record, paging parameters.

A vendor module subclasses `Emulator` with its routes and its envelopes; the
vendor's rules themselves come from its adapter (`parse` then `check`), so the
sandbox rejects exactly what flowdeck's own checks would flag.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, ClassVar, Literal

from pydantic import ValidationError

from tui import vendors
from tui.model.errors import FlowdeckError
from tui.model.problems import Phase, Problem
from tui.sandbox.asgi import Answer, Request, Response, Route
from tui.vendors.base import Adapter

AuthFailure = Literal["missing_header", "wrong_scheme", "missing_key", "wrong_prefix"]
Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class KeyRule:
    """How a vendor expects its key: header, scheme in front of the key, key prefixes."""

    scheme: str
    prefixes: tuple[str, ...] = ()
    header: str = "authorization"

    def describe(self) -> str:
        prefix = " or ".join(f"{p}…" for p in self.prefixes) or "<key>"
        return f"{self.header.title()}: {self.scheme}{prefix}"


@dataclass(frozen=True, slots=True)
class FieldError:
    """One field-level finding, rendered by each vendor in its own envelope."""

    field: str
    message: str
    code: str | None = None

    def as_dict(self, default_code: str | None = None) -> dict[str, str]:
        """`{field, message, code}`, without `code` when there is none and no default."""
        entry = {"field": self.field, "message": self.message}
        code = self.code or default_code
        if code:
            entry["code"] = code
        return entry


def reason(status: int) -> str:
    """The status's standard phrase, e.g. 'Too Many Requests'."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def phrase_code(status: int) -> str:
    """A code made from the status phrase (`TOO_MANY_REQUESTS`) where a vendor documents none."""
    return reason(status).upper().replace(" ", "_").replace("-", "_")


def blocking(problems: list[Problem], phase: Phase) -> list[Problem]:
    """The errors that stop a call: create problems stop create; the activating call
    (publish, enable with validation, `active: true`) runs every check."""
    phases = ("create",) if phase == "create" else ("create", "activate")
    return [p for p in problems if p.severity == "error" and p.phase in phases]


class Emulator(ABC):
    """One vendor's automation endpoints, with their state kept in memory."""

    vendor: ClassVar[str]
    key_rule: ClassVar[KeyRule]
    step_field: ClassVar[str]
    """Where steps live in the vendor's body; error fields name a step as `<step_field>[<id>]`."""

    def __init__(self) -> None:
        self.records: dict[str, Record] = {}
        """What GET answers, keyed by id, in creation order."""
        self.bodies: dict[str, Record] = {}
        """The create body behind each record, checked again when it is made live."""

    @property
    def adapter(self) -> Adapter:
        return vendors.get(self.vendor)

    # What each vendor defines.

    def routes(self) -> list[Route]:
        """Paths relative to the vendor's mount point, e.g. `/v1/automations/{id}`.

        Create, list and get come from the adapter's `info`, the same endpoints the
        client sends to, so the sandbox and the client cannot disagree on a path.
        """
        info = self.adapter.info
        return [
            Route(info.create.method, info.create.path, "create", self.create),
            Route(info.list.method, info.list.path, "list", self.list),
            Route(info.get.method, info.get.path, "get", self.get),
            *self.lifecycle_routes(),
        ]

    @abstractmethod
    def lifecycle_routes(self) -> list[Route]:
        """The vendor's calls beyond create, list and get (publish, enable, status …)."""

    @abstractmethod
    def create(self, request: Request, params: dict[str, str]) -> Response: ...

    @abstractmethod
    def list(self, request: Request, params: dict[str, str]) -> Response: ...

    @abstractmethod
    def get(self, request: Request, params: dict[str, str]) -> Response: ...

    @abstractmethod
    def error(self, status: int, message: str | None = None, *, code: str | None = None,
              fields: Sequence[FieldError] = ()) -> Response:
        """The vendor's error envelope; `code` and `message` default to the status's own."""

    @abstractmethod
    def rejected(self, problems: list[Problem], body: Record) -> Response:
        """The vendor's answer to a create body its checks refuse."""

    def unreadable(self, message: str, field: str = "") -> Response:
        """The answer to a body that is not the vendor's shape (the adapter cannot parse it)."""
        return self.error(400, message, fields=[FieldError(field, message)] if field else ())

    def not_json(self, message: str) -> Response:
        """The answer to a body that is not a JSON object at all."""
        return self.unreadable(message)

    def unknown_path(self, status: int, request: Request) -> Response:
        """404 for a path the vendor does not have, 405 for a method it does not take there."""
        return self.error(status, f"{reason(status)}: {request.method} {request.path}")

    def locate(self, problem: Problem, body: Record) -> str:
        """The field a problem is about, in the vendor's terms."""
        path = f".{problem.path}" if problem.path else ""
        if problem.step_id:
            return f"{self.step_field}[{problem.step_id}]{path}"
        return problem.path or "body"

    def fields(self, problems: list[Problem], body: Record) -> list[FieldError]:
        return [FieldError(self.locate(p, body), p.message, p.code) for p in problems]

    def auth_error(self, failure: AuthFailure, message: str) -> Response:
        return self.error(401, message)

    def rate_limited(self, retry_after: int | None) -> Response:
        """A 429; the retry hint goes where the vendor puts it (here: `Retry-After`)."""
        response = self.error(429)
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response

    def check_headers(self, request: Request) -> None:
        """Raise `Answer` unless the request carries what every call needs (by default the key)."""
        self.authenticate(request)

    # Shared behaviour.

    def authenticate(self, request: Request) -> None:
        """Check the key's format and prefix, never its value; messages never repeat the key."""
        rule = self.key_rule
        value = request.header(rule.header)
        expected = f"expected '{rule.describe()}'"
        if value is None:
            raise Answer(self.auth_error("missing_header", f"Missing {rule.header.title()} "
                                                           f"header ({expected})"))
        if not value.startswith(rule.scheme):
            raise Answer(self.auth_error("wrong_scheme", f"Malformed {rule.header.title()} "
                                                         f"header ({expected})"))
        key = value[len(rule.scheme):].strip()
        if not key:
            raise Answer(self.auth_error("missing_key", f"Missing API key ({expected})"))
        if rule.prefixes and not key.startswith(rule.prefixes):
            raise Answer(self.auth_error("wrong_prefix", f"Invalid API key ({expected})"))

    def json_object(self, request: Request) -> Record:
        try:
            body = json.loads(request.body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(
                exc, json.JSONDecodeError) else ""
            raise Answer(self.not_json(f"Request body is not valid JSON{where}")) from None
        if not isinstance(body, dict):
            raise Answer(self.not_json("Request body must be a JSON object"))
        return body

    def review(self, body: Record) -> list[Problem]:
        """The adapter's findings on a body; one it cannot read is answered as unreadable."""
        try:
            workflow = self.adapter.parse(body)
        except FlowdeckError as exc:
            raise Answer(self.unreadable(exc.message, exc.location)) from None
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            raise Answer(self.unreadable(first["msg"], field)) from None
        return self.adapter.check(workflow)

    def accept(self, body: Record) -> list[Problem]:
        """Check a create (or update) body; refuse it as the vendor would when create-phase
        checks fail. Returns every finding, for a later activation check."""
        problems = self.review(body)
        refused = blocking(problems, "create")
        if refused:
            raise Answer(self.rejected(refused, body))
        return problems

    def store(self, ident: str, record: Record, body: Record) -> Record:
        self.records[ident] = record
        self.bodies[ident] = body
        return record

    def find(self, ident: str) -> Record:
        record = self.records.get(ident)
        if record is None:
            raise Answer(self.not_found(ident))
        return record

    def not_found(self, ident: str) -> Response:
        return self.error(404, f"Automation '{ident}' not found")

    def number(self, request: Request, name: str, default: int, low: int, high: int) -> int:
        """A whole-number query parameter within bounds, else the vendor's 400."""
        raw = request.query.get(name)
        if raw is None:
            return default
        if not raw.isdigit() or not low <= int(raw) <= high:
            message = f"'{name}' must be a whole number from {low} to {high}"
            raise Answer(self.error(400, message, fields=[FieldError(name, message)]))
        return int(raw)

    def after(self, items: list[Record], cursor: str | None, key: str) -> list[Record]:
        """The items that follow the one whose `key` is `cursor` (a cursor list's next page)."""
        if cursor is None:
            return items
        for index, item in enumerate(items):
            if item.get(key) == cursor:
                return items[index + 1:]
        raise Answer(self.error(400, f"Unknown cursor '{cursor}'"))

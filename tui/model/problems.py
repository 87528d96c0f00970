"""Problems: what a vendor would reject, found before any request is sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tui.model.errors import one_line

Severity = Literal["error", "warning", "info"]
Phase = Literal["create", "activate"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of a vendor check or a vendor response.

    `phase` says which call the problem blocks: `create` problems make the
    vendor reject the request; `activate` problems only block the follow-up
    that makes the automation live (Kibamail publish, AutoSend `active`),
    so a draft can still be created.
    """

    severity: Severity
    message: str
    code: str | None = None
    step_id: str | None = None
    path: str = ""
    phase: Phase = "create"

    @property
    def location(self) -> str:
        """Where the problem is, as shown in front of the message."""
        if self.step_id and self.path:
            return f"step {self.step_id}: {self.path}"
        if self.step_id:
            return f"step {self.step_id}"
        return self.path or "workflow"

    def line(self) -> str:
        """The one-line form the CLI prints: `LOCATION: CODE: message` (what it quotes from a
        workflow or payload with line breaks and control characters escaped)."""
        code = self.code or self.severity.upper()
        return one_line(f"{self.location}: {code}: {self.message}")

    @property
    def blocks_create(self) -> bool:
        return self.severity == "error" and self.phase == "create"


def error(message: str, code: str | None = None, *, step_id: str | None = None,
          path: str = "", phase: Phase = "create") -> Problem:
    return Problem("error", message, code, step_id, path, phase)


def warning(message: str, code: str | None = None, *, step_id: str | None = None,
            path: str = "", phase: Phase = "create") -> Problem:
    return Problem("warning", message, code, step_id, path, phase)


def has_blocking(problems: list[Problem], phase: Phase = "create") -> bool:
    """True when a problem would make the vendor refuse the given call."""
    phases = ("create",) if phase == "create" else ("create", "activate")
    return any(p.severity == "error" and p.phase in phases for p in problems)

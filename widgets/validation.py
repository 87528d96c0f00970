"""pydantic's verdicts as short lines an editor can put under a field."""

from __future__ import annotations

from pydantic import ValidationError

Location = tuple[str | int, ...]


def problems(exc: ValidationError) -> list[tuple[Location, str]]:
    """Each error as (location in the model, message without pydantic's prefixes)."""
    return [(tuple(error["loc"]), clean(str(error["msg"]))) for error in exc.errors()]


def clean(message: str) -> str:
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def first_message(exc: ValueError) -> str:
    """One line for any ValueError; a ValidationError gives its first error."""
    if isinstance(exc, ValidationError):
        location, message = problems(exc)[0]
        where = ".".join(str(part) for part in location)
        return f"{where}: {message}" if where else message
    return str(exc)

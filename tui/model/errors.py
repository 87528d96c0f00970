"""The project's own exceptions.

Every failure a user can cause (a bad file, a payload of the wrong shape, an
unknown vendor) is raised as a `FlowdeckError` carrying a location, so the CLI
and the app can print one clear line instead of a traceback.
"""

from __future__ import annotations


class FlowdeckError(Exception):
    """A user-facing error: `location` names the file, field or step."""

    exit_code = 2

    def __init__(self, message: str, location: str = "") -> None:
        message, location = one_line(message), one_line(location)
        super().__init__(message)
        self.message = message
        self.location = location

    def at(self, prefix: str) -> FlowdeckError:
        """The same error with `prefix` (usually a file name) in front of its location."""
        location = f"{prefix}:{self.location}" if self.location else prefix
        return type(self)(self.message, location)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


def one_line(text: str) -> str:
    """`text` with line breaks and other unprintable characters escaped (`\\n`, `\\x1b`).

    Messages quote what a file or payload holds (a key, a value); escaping keeps every
    error one line, and keeps a hostile payload from moving the terminal's cursor."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
                   for char in text)


class InputError(FlowdeckError):
    """Input that cannot be read at all: a missing file, invalid JSON, a wrong format."""


class PayloadError(FlowdeckError):
    """A vendor payload whose shape the adapter cannot read; `location` is a JSON path."""


class UnknownVendorError(FlowdeckError):
    """A vendor id that is not in the registry."""

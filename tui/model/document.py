"""The `*.flow.json` document: workflow ⇄ JSON data, with one-line error messages."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from tui.model.errors import InputError
from tui.model.workflow import FORMAT_VERSION, Workflow

FILE_SUFFIX = ".flow.json"


def json_path(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic error location as `steps[2].arms[0].label`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("rule", "group") or part.endswith("Step") or part in _KIND_TAGS:
            continue  # union tags add noise, not location
        else:
            out += f".{part}" if out else str(part)
    return out


_KIND_TAGS = {"wait", "email", "sms", "push", "screen", "webhook", "contact", "branch", "split"}


def describe(exc: ValidationError) -> tuple[str, str]:
    """The location and message of the most useful error in a validation failure."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    message = first["msg"].removeprefix("Value error, ")
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    return json_path(tuple(first["loc"])), message


def is_workflow_data(data: Any) -> bool:
    """A workflow document carries `format` and `vendor`; vendor payloads do not."""
    return isinstance(data, dict) and "format" in data and "vendor" in data and "trigger" in data


def workflow_from_data(data: Any) -> Workflow:
    if not isinstance(data, dict):
        raise InputError(f"a workflow is a JSON object, not {type(data).__name__}")
    version = data.get("format")
    if version != FORMAT_VERSION:
        raise InputError(
            f"unsupported workflow format {version!r} (this flowdeck reads {FORMAT_VERSION})",
            "format",
        )
    try:
        return Workflow.model_validate(data)
    except ValidationError as exc:
        location, message = describe(exc)
        raise InputError(message, location) from None


def workflow_to_data(workflow: Workflow) -> dict[str, Any]:
    return workflow.model_dump(mode="json")


def dumps(data: Any) -> str:
    """The one JSON text style used for files, previews and stdout."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def workflow_schema() -> dict[str, Any]:
    schema = Workflow.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "flowdeck workflow (*.flow.json)"
    return schema

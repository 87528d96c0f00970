"""Reading vendor payloads faithfully.

Two jobs every adapter of a fixed-shape body needs: turn a pydantic validation
failure into one `PayloadError` naming the JSON path, and keep the parts of a
body the workflow model does not hold (explicit nulls and empty objects,
reserved or unknown keys, read-only response fields), so that
`compile(parse(p)) == p` holds for real payloads, not only tidy ones.

Kept parts are stored as a sparse copy of the payload ("leftovers") in the
workflow's extras and merged back where the compiled body lacks the key, so an
edit in the builder always wins over what was kept.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, JsonValue, ValidationError

from tui.model.errors import PayloadError
from tui.model.workflow import Workflow

M = TypeVar("M", bound=BaseModel)

KEPT = "kept"
"""Extras key: payload parts the model does not hold, merged back on compile."""
READ_ONLY = "read_only"
"""Extras key: server-set response fields, remembered but never sent."""

_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
               int: "a number", float: "a number", type(None): "null"}


_EXPECTED = {"model_type": "an object", "dict_type": "an object", "list_type": "an array",
             "string_type": "a string", "int_type": "a whole number", "float_type": "a number",
             "bool_type": "true or false"}
"""Pydantic type errors, worded in JSON's terms (no model class names)."""


MAX_DEPTH = 128
"""How deeply a payload may nest. A workflow keeps what it does not model as JSON values,
which pydantic validates at most about 250 levels deep; no vendor's body comes near 128."""


def refuse_deep(payload: Any, title: str) -> None:
    """Raise `PayloadError` at the top-level field of `payload` that nests more than
    `MAX_DEPTH` levels deep (walked without recursion, so depth itself cannot break it)."""
    pending: list[tuple[Any, int, str]] = [(payload, 0, "$")]
    while pending:
        value, depth, field = pending.pop()
        if depth > MAX_DEPTH:
            raise PayloadError(f"nested more than {MAX_DEPTH} levels deep; a {title} body is "
                               "never that deep", field)
        inner = value.items() if isinstance(value, dict) else enumerate(value) \
            if isinstance(value, list) else ()
        for key, item in inner:
            pending.append((item, depth + 1, str(key) if depth == 0 else field))


def json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def read_body(model: type[M], data: Any, title: str) -> M:
    """`data` validated as `model`; any failure is a `PayloadError` at the offending path."""
    if not isinstance(data, dict):
        raise PayloadError(f"a {title} create body is a JSON object, not {json_type(data)}", "$")
    refuse_deep(data, title)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise payload_error(exc, data) from None


def payload_error(exc: ValidationError, data: Any) -> PayloadError:
    """The first validation error as one line; the path follows the payload, not the model."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    kind = first["type"]
    if kind == "missing":
        message = "required field is missing"
    elif kind == "extra_forbidden":
        message = "unknown field"
    elif kind in _EXPECTED:
        message = f"should be {_EXPECTED[kind]}, not {json_type(first.get('input'))}"
    else:
        message = first["msg"].removeprefix("Value error, ").removeprefix("Input ")
        if kind == "literal_error":
            message += f", not {json.dumps(first.get('input'), ensure_ascii=False)}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    return PayloadError(message, path_in(data, first["loc"]) or "$")


def path_in(data: Any, loc: Iterable[int | str]) -> str:
    """Render a validation location as `data.initiators[0].uid`.

    Pydantic puts union member tags (`int`, `literal['a']`, …) into locations;
    walking the payload alongside keeps only the parts that really index it.
    """
    out = ""
    here = data
    for part in loc:
        if isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            out += f"[{part}]"
            here = here[part]
        elif isinstance(here, dict) and isinstance(part, str):
            out += f".{part}" if out else part
            if part not in here:
                break
            here = here[part]
        else:
            break
    return out


def leftovers(payload: dict[str, Any], body: dict[str, Any]) -> dict[str, JsonValue]:
    """The keys of `payload` that `body` lacks, as a sparse nested copy.

    Objects are compared key by key; arrays and scalars are taken whole by
    the model or not at all, so they are never split.
    """
    kept: dict[str, JsonValue] = {}
    for key, value in payload.items():
        if key not in body:
            kept[key] = copy.deepcopy(value)
        elif isinstance(value, dict) and isinstance(body[key], dict):
            inner = leftovers(value, body[key])
            if inner:
                kept[key] = inner
    return kept


def merge_leftovers(body: dict[str, Any], kept: Any) -> dict[str, Any]:
    """Put kept keys back where `body` lacks them; what the workflow says always wins."""
    if isinstance(kept, dict):
        for key, value in kept.items():
            if key not in body:
                body[key] = copy.deepcopy(value)
            elif isinstance(value, dict) and isinstance(body[key], dict):
                merge_leftovers(body[key], value)
    return body


def split_read_only(payload: dict[str, Any],
                    paths: Iterable[str]) -> tuple[dict[str, Any], dict[str, JsonValue]]:
    """The payload without the server-set fields at dotted `paths`, and those fields."""
    rest = copy.deepcopy(payload)
    taken: dict[str, JsonValue] = {}
    for path in paths:
        *parents, name = path.split(".")
        source, target = rest, taken
        for parent in parents:
            inner = source.get(parent)
            if not isinstance(inner, dict):
                break
            source = inner
            target = target.setdefault(parent, {})  # type: ignore[assignment]
        else:
            if name in source:
                target[name] = source.pop(name)
    return rest, {key: value for key, value in taken.items() if value != {}}


def remember(workflow: Workflow, vendor: str, payload: dict[str, Any], body: dict[str, Any],
             read_only: dict[str, JsonValue]) -> Workflow:
    """Store what `payload` has beyond `body` (the compiled parsed workflow) in the extras."""
    record = {KEPT: leftovers(payload, body), READ_ONLY: read_only}
    record = {key: value for key, value in record.items() if value}
    if record:
        workflow.extras = {**workflow.extras, vendor: record}
    return workflow


def restore(body: dict[str, Any], workflow: Workflow, vendor: str) -> dict[str, Any]:
    """The compiled body with the kept payload parts merged back."""
    return merge_leftovers(body, workflow.extras.get(vendor, {}).get(KEPT))

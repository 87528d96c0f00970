"""Validate JSON instances against a named component schema of an OpenAPI 3.0 file.

Vendor adapters compile request bodies from hand-written pydantic models; the
vendors' published OpenAPI files are the independent check that those bodies
have the shape the vendor documents. Any adapter test can use this:

    validate_against(spec_dir / "vendor.openapi.json", "CreateThingRequest", payload)

`$ref`s inside the file resolve against the file itself, so a component that
references others validates as a whole.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

_SPEC_URI = "urn:flowdeck:openapi-spec"


@lru_cache(maxsize=8)
def _load(spec_path: Path) -> tuple[dict[str, Any], Registry]:
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    resource = Resource.from_contents(spec, default_specification=DRAFT4)
    return spec, Registry().with_resource(_SPEC_URI, resource)


def find_schema(spec_path: Path, schema_name: str) -> dict[str, Any]:
    """The component schema `schema_name`; AssertionError naming the file when it is absent."""
    spec, _ = _load(spec_path.resolve())
    schemas = spec.get("components", {}).get("schemas", {})
    assert schema_name in schemas, f"{spec_path.name} has no component schema '{schema_name}'"
    return schemas[schema_name]


def schema_errors(spec_path: Path, schema_name: str, instance: Any) -> list[str]:
    """Every violation as `path: message`, sorted by path (empty when the instance is valid)."""
    find_schema(spec_path, schema_name)
    _, registry = _load(spec_path.resolve())
    root = {"$ref": f"{_SPEC_URI}#/components/schemas/{schema_name}"}
    validator = OAS30Validator(root, registry=registry)
    found = sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.path])
    return [f"{_instance_path(error)}: {error.message}" for error in found]


def validate_against(spec_path: Path, schema_name: str, instance: Any) -> None:
    """Assert that `instance` is valid for the component schema `schema_name`.

    The AssertionError lists each violation with the JSON path of the offending
    value, e.g. `blocks[1].action.sendEmail: 'subject' is a required property`.
    """
    problems = schema_errors(spec_path, schema_name, instance)
    assert not problems, f"{schema_name} ({spec_path.name}):\n  " + "\n  ".join(problems)


def _instance_path(error: ValidationError) -> str:
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(root)"

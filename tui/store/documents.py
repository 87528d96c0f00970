"""Reading JSON documents: workflow files and vendor payload files, told apart."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.model.document import dumps, is_workflow_data, workflow_from_data, workflow_to_data
from tui.model.errors import FlowdeckError, InputError, UnknownVendorError
from tui.model.workflow import Workflow
from tui.store.atomic import write_text


def read_json(path: Path | str) -> Any:
    """Parse a JSON file; every failure is one line naming the file (and line:column)."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", name) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", f"{name}:{exc.lineno}:{exc.colno}") from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", name) from None


@dataclass(frozen=True, slots=True)
class Document:
    """What a file held: a workflow, or a vendor payload read into one."""

    workflow: Workflow
    source_vendor: str | None
    """The vendor whose payload the file was; None for a workflow file."""
    payload: Any = None
    """The payload exactly as the file held it (None for a workflow file), so it can be
    sent unchanged to its own vendor."""


def load_document(path: Path | str, vendor: str | None = None, *,
                  likely: str | None = None) -> Document:
    """Read a workflow file or a vendor payload (vendor given or detected) as a workflow.

    `likely` is the vendor to try before detection (`send` knows the profile's vendor,
    and a payload can look like more than one vendor's)."""
    from tui import vendors

    data = read_json(path)
    try:
        if is_workflow_data(data):
            workflow = workflow_from_data(data)
            try:
                vendors.entry(workflow.vendor)  # a workflow nothing can compile or check
            except UnknownVendorError as exc:
                raise InputError(exc.message, "vendor") from None
            return Document(workflow, None)
        if vendor is None and likely is not None and vendors.get(likely).looks_like(data):
            vendor = likely
        vendor_id = vendor or vendors.detect(data)
        if vendor_id is None:
            raise InputError("neither a flowdeck workflow nor a payload of a known vendor "
                             "(give --vendor)")
        return Document(vendors.get(vendor_id).parse(data), vendor_id, data)
    except FlowdeckError as exc:
        raise exc.at(str(path)) from None


def load_workflow(path: Path | str) -> Workflow:
    data = read_json(path)
    try:
        return workflow_from_data(data)
    except FlowdeckError as exc:
        raise exc.at(str(path)) from None


def save_workflow(path: Path | str, workflow: Workflow) -> None:
    write_text(Path(path), dumps(workflow_to_data(workflow)))

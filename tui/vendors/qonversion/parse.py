"""Qonversion create body (or automation object) → workflow."""

from __future__ import annotations

from typing import Any

from tui.model.conditions import Condition, Rule
from tui.model.ids import IdAllocator
from tui.model.steps import PushStep, ScreenStep, Step
from tui.model.workflow import Trigger, Workflow
from tui.vendors.payload import read_body, remember, split_read_only
from tui.vendors.qonversion.compile import compile_workflow
from tui.vendors.qonversion.info import TITLE, VENDOR
from tui.vendors.qonversion.models import READ_ONLY, AutomationBody, QonversionSettings

_FOREIGN_KEYS = frozenset({"steps", "blocks", "nodes", "edges", "trigger", "event"})
_OWN_KEYS = frozenset({"name", "caption", "status", "data", "object", "id", "url"})


def looks_like(payload: Any) -> bool:
    """A Qonversion body: an object `data` and no keys but the automation object's."""
    return (
        isinstance(payload, dict)
        and payload.keys() <= _OWN_KEYS
        and isinstance(payload.get("data"), dict)
        and not _FOREIGN_KEYS & payload["data"].keys()
    )


def parse_payload(payload: Any) -> Workflow:
    """The workflow a body describes; an empty `data` gives no trigger event and no steps."""
    body = read_body(AutomationBody, payload, TITLE)
    request, read_only = split_read_only(payload, READ_ONLY)
    data = body.data
    uids = [initiator.uid for initiator in data.initiators]
    settings = QonversionSettings(status=body.status).model_dump(exclude_defaults=True)
    workflow = Workflow(
        vendor=VENDOR,
        name=body.name,
        description=body.caption or "",
        trigger=Trigger(event=uids[0] if uids else "", extra_events=uids[1:]),
        audience=audience_of(data.platform, data.segments),
        steps=steps_of(request["data"].get("actions")),
        settings={VENDOR: settings} if settings else {},
    )
    compiled = compile_workflow(workflow, QonversionSettings(status=body.status))
    return remember(workflow, VENDOR, request, compiled, read_only)


def audience_of(platform: str | None, segment: str | None) -> Condition | None:
    rules = [Rule(field=name, value=value)
             for name, value in (("platform", platform), ("segment", segment))
             if value is not None]
    return Condition(op="and", items=rules) if rules else None


def steps_of(actions: Any) -> list[Step]:
    """A step per non-null action, in the order the payload lists them."""
    ids = IdAllocator()
    steps: list[Step] = []
    for key, uid in (actions or {}).items():
        if uid is None:
            continue
        if key == "push":
            steps.append(PushStep(id=ids.next("push"), template_id=uid))
        elif key == "screen":
            steps.append(ScreenStep(id=ids.next("screen"), screen_id=uid))
    return steps

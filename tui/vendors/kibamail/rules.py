"""Kibamail's own checks on a create body, in its two phases.

- create (`POST /v1/automations`, 422 `VALIDATION_FAILED`): the request schema
  (`name` 1–100, `description` ≤ 500, the trigger enum, node and edge shapes)
  and every edge naming existing nodes. Nothing else is checked at create.
- publish (`POST …/{id}/publish`, 400 `AUTOMATION_VALIDATION_FAILED`): exactly
  one trigger node, every other node reached by an edge, and each node's data
  (trigger parameters, template id, webhook URL and method, contact field and
  value, topic ids, conditions, the two split paths summing to 100, the delay).
  These do not stop the draft, so they carry `phase="activate"`.

The checks read the body as the server would, so they apply as well to a
compiled workflow (`check`) as to a body from elsewhere (the sandbox).
Problems about a node name its id as `step_id` and its data field as `path`
(the trigger node's as `trigger.<field>`), as Kibamail's publish errors do.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from tui.model.problems import Problem, error, warning
from tui.vendors.kibamail.conditions import grammar_error
from tui.vendors.kibamail.schema import body_errors, error_message, render_loc
from tui.vendors.kibamail.vocabulary import (
    DELAY,
    DESCRIPTION_LIMIT,
    ENGAGEMENT_TYPES,
    IF_ELSE,
    NAME_LIMIT,
    SPLIT,
    SPLIT_PATHS,
    TRIGGER_NODE_TYPES,
    TRIGGER_PARAM,
    TRIGGER_TYPES,
    WAIT_UNITS,
    WEBHOOK_METHODS,
)

CREATE_CODE = "VALIDATION_FAILED"
PUBLISH_CODE = "AUTOMATION_VALIDATION_FAILED"

_TRIGGER_NODES = frozenset(TRIGGER_NODE_TYPES.values())
_PARAM_OF_NODE = {TRIGGER_NODE_TYPES[event]: param for event, param in TRIGGER_PARAM.items()}


def payload_problems(body: Any) -> list[Problem]:
    if not isinstance(body, dict):
        return [error("a create body is a JSON object", CREATE_CODE)]
    return create_problems(body) + publish_problems(body)


def _nodes(body: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = body.get("nodes")
    return [node for node in nodes if isinstance(node, dict)] if isinstance(nodes, list) else []


def _edges(body: dict[str, Any]) -> list[dict[str, Any]]:
    edges = body.get("edges")
    return [edge for edge in edges if isinstance(edge, dict)] if isinstance(edges, list) else []


def _at(node: dict[str, Any], field: str) -> tuple[str | None, str]:
    """Where a problem with a node's field is: the step and field, or `trigger.<field>`."""
    if node.get("type") in _TRIGGER_NODES:
        return None, f"trigger.{field}" if field else "trigger"
    ident = node.get("id")
    return (ident if isinstance(ident, str) else None), field


# --- create ------------------------------------------------------------------------------

def create_problems(body: dict[str, Any]) -> list[Problem]:
    nodes = body.get("nodes")
    problems = []
    for found in body_errors(body):
        loc = tuple(found["loc"])
        step_id, path = None, render_loc(loc)
        if len(loc) > 1 and loc[0] == "nodes" and isinstance(nodes, list) and isinstance(
            nodes[loc[1]], dict
        ):
            step_id, path = _at(nodes[loc[1]], render_loc(loc[2:]))
        problems.append(error(_create_message(loc, found), CREATE_CODE, step_id=step_id,
                              path=path))
    return problems + _edge_references(body)


def _create_message(loc: tuple[Any, ...], found: dict[str, Any]) -> str:
    if loc == ("name",):
        return f"the name must be 1–{NAME_LIMIT} characters"
    if loc == ("description",) and found["type"] == "string_too_long":
        return f"the description must be at most {DESCRIPTION_LIMIT} characters"
    if loc == ("trigger", "type") and found["type"] == "literal_error":
        return (f"{found.get('input')!r} is not a Kibamail trigger type "
                f"(one of {', '.join(TRIGGER_TYPES)})")
    return error_message(found)


def _edge_references(body: dict[str, Any]) -> list[Problem]:
    ids = {node.get("id") for node in _nodes(body)}
    problems = []
    for index, edge in enumerate(_edges(body)):
        for end in ("source", "target"):
            value = edge.get(end)
            if isinstance(value, str) and value not in ids:
                problems.append(error(
                    f"edge {edge.get('id')!r} leads {'from' if end == 'source' else 'to'} "
                    f"'{value}', which is not a node (all edges must reference existing nodes)",
                    CREATE_CODE, path=f"edges[{index}].{end}"))
    return problems


# --- publish -----------------------------------------------------------------------------

def _publish(message: str, node: dict[str, Any] | None = None, field: str = "") -> Problem:
    step_id, path = _at(node, field) if node is not None else (None, field)
    return error(message, PUBLISH_CODE, step_id=step_id, path=path, phase="activate")


def publish_problems(body: dict[str, Any]) -> list[Problem]:
    nodes = _nodes(body)
    if not nodes:
        return []  # the server adds a trigger node to a body without nodes
    problems = _structure(body, nodes)
    for node in nodes:
        data = node.get("data") if isinstance(node.get("data"), dict) else {}
        check = _NODE_CHECKS.get(node.get("type"))
        if node.get("type") in _TRIGGER_NODES:
            problems += _trigger_node(node, data)
        elif check is not None:
            problems += check(node, data)
    return problems


def _structure(body: dict[str, Any], nodes: list[dict[str, Any]]) -> list[Problem]:
    triggers = [node for node in nodes if node.get("type") in _TRIGGER_NODES]
    problems = []
    if not triggers:
        problems.append(_publish("the flow has no trigger node", field="nodes"))
    elif len(triggers) > 1:
        names = ", ".join(repr(node.get("id")) for node in triggers)
        problems.append(_publish(f"the flow has {len(triggers)} trigger nodes ({names}); "
                                 "it can have only one", field="nodes"))
    else:
        trigger = body.get("trigger")
        declared = trigger.get("type") if isinstance(trigger, dict) else "CONTACT_SUBSCRIBED"
        expected = TRIGGER_NODE_TYPES.get(declared) if isinstance(declared, str) else None
        if expected is not None and triggers[0].get("type") != expected:
            problems.append(warning(
                f"the trigger node is a {triggers[0].get('type')} node but the trigger type "
                f"is {declared} (a {expected} node)", "TRIGGER_NODE_MISMATCH",
                path="trigger.type", phase="activate"))
    reached = {edge.get("target") for edge in _edges(body)}
    for node in nodes:
        if node.get("type") not in _TRIGGER_NODES and node.get("id") not in reached:
            problems.append(_publish("this node is not connected: no edge leads to it",
                                     node, "edges"))
    return problems


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _conditions(node: dict[str, Any], value: Any) -> list[Problem]:
    found = grammar_error(value, "conditions")
    return [] if found is None else [_publish(f"invalid condition: {found[1]}", node, found[0])]


def _trigger_node(node: dict[str, Any], data: dict[str, Any]) -> list[Problem]:
    problems = []
    param = _PARAM_OF_NODE.get(node.get("type"))
    if param is not None and not _text(data.get(param)):
        problems.append(_publish(f"{param} is required for a {node.get('type')} trigger",
                                 node, param))
    elif param == "emailEngagementType" and data.get(param) not in ENGAGEMENT_TYPES:
        problems.append(_publish(f"{param} must be one of {', '.join(ENGAGEMENT_TYPES)}",
                                 node, param))
    if data.get("conditions"):
        problems += _conditions(node, data["conditions"])
    return problems


def _send_email(node: dict[str, Any], data: dict[str, Any]) -> list[Problem]:
    if _text(data.get("templateId")):
        return []
    return [_publish("templateId is required: choose a Kibamail email of type AUTOMATION",
                     node, "templateId")]


def _send_webhook(node: dict[str, Any], data: dict[str, Any]) -> list[Problem]:
    problems = []
    url, method = data.get("url"), data.get("method")
    if not _text(url):
        problems.append(_publish("url is required", node, "url"))
    elif not _absolute(url):
        problems.append(_publish(f"url {url!r} is not an absolute URL", node, "url"))
    if _text(method) and method not in WEBHOOK_METHODS:
        problems.append(_publish(f"method must be one of {', '.join(WEBHOOK_METHODS)}",
                                 node, "method"))
    return problems


def _absolute(url: str) -> bool:
    """A scheme and a host; a URL `urlsplit` refuses (e.g. `http://[::1`) is not absolute."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(parts.scheme and parts.netloc)


def _update_contact(node: dict[str, Any], data: dict[str, Any]) -> list[Problem]:
    return [_publish(f"{key} is required ({what})", node, key)
            for key, what in (("fieldId", "the contact field to set"),
                              ("fieldValue", "a non-empty value"))
            if not _text(data.get(key))]


def _topics(node: dict[str, Any], data: dict[str, Any]) -> list[Problem]:
    ids = data.get("topicIds")
    if isinstance(ids, list) and ids and all(_text(item) for item in ids):
        return []
    return [_publish("topicIds must list at least one topic id", node, "topicIds")]


def _if_else(node: dict[str, Any], data: dict[str, Any]) -> list[Problem]:
    if not data.get("conditions"):
        return [_publish("conditions are required for an if-else", node, "conditions")]
    return _conditions(node, data["conditions"])


def _split(node: dict[str, Any], data: dict[str, Any]) -> list[Problem]:
    splits = data.get("splits")
    if not isinstance(splits, list):
        return [_publish("splits are required", node, "splits")]
    problems = []
    if len(splits) != SPLIT_PATHS:
        problems.append(_publish(f"a percentage split has exactly {SPLIT_PATHS} paths "
                                 f"(it has {len(splits)})", node, "splits"))
    total: float = 0
    for index, split in enumerate(splits):
        item = split if isinstance(split, dict) else {}
        for key in ("id", "name"):
            if not item.get(key):
                problems.append(_publish(f"split path {index + 1} needs a {key}", node,
                                         f"splits[{index}].{key}"))
        percentage = item.get("percentage")
        if not _number(percentage):
            problems.append(_publish(f"split path {index + 1} needs a percentage", node,
                                     f"splits[{index}].percentage"))
        elif not 0 <= percentage <= 100:
            problems.append(_publish(f"split path {index + 1}'s percentage must be 0–100",
                                     node, f"splits[{index}].percentage"))
        else:
            total += percentage
    if total != 100:
        problems.append(_publish(f"split percentages must total 100 (they total {total:g})",
                                 node, "splits"))
    return problems


def _delay(node: dict[str, Any], data: dict[str, Any]) -> list[Problem]:
    problems = []
    duration, unit = data.get("duration"), data.get("unit")
    if not _number(duration):
        problems.append(_publish("duration is required (a number)", node, "duration"))
    elif duration <= 0:
        problems.append(_publish("duration must be greater than 0", node, "duration"))
    if not _text(unit):
        problems.append(_publish("unit is required", node, "unit"))
    elif unit not in WAIT_UNITS:
        problems.append(_publish(f"unit must be one of {', '.join(WAIT_UNITS)}", node, "unit"))
    return problems


_NODE_CHECKS = {
    "send-email": _send_email,
    "send-webhook": _send_webhook,
    "update-contact": _update_contact,
    "add-to-topic": _topics,
    "remove-from-topic": _topics,
    IF_ELSE: _if_else,
    SPLIT: _split,
    DELAY: _delay,
}

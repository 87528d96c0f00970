"""Kibamail create body → workflow.

Reading happens in two passes. The first decodes: the body's shape is checked
against the request models (anything the server would merely refuse — a long
name, an unknown trigger type — is read as written, for `check` to report),
the graph is read into sequences from the trigger node, and each node becomes
a step whose id is the node id. The second remembers (see `memory`): it
compiles the decoded workflow and stores wherever the payload differs —
positions, edge ids, node order, explicit defaults, unknown keys — so the
payload compiles back to itself.

Trigger types spelled the dotted way of Kibamail's prose docs are read as the
UPPER_CASE type the API accepts. A fetched automation's response-only fields
(`id`, `status`, …) are dropped, so a `GET` response imports like a body.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from tui.model.conditions import Condition
from tui.model.document import describe
from tui.model.errors import PayloadError
from tui.model.steps import BranchArm, BranchStep, SplitStep, Step
from tui.model.tree import walk
from tui.model.workflow import Trigger, Workflow
from tui.vendors.kibamail.compile import compile_body
from tui.vendors.kibamail.conditions import read_conditions
from tui.vendors.kibamail.graph import Block, FlowGraph
from tui.vendors.kibamail.memory import note, remember
from tui.vendors.kibamail.nodes import CODECS, SPLIT_PATH
from tui.vendors.kibamail.schema import body_errors, error_message, render_loc
from tui.vendors.kibamail.vocabulary import (
    CONFIG_KEYS,
    DEFAULT_TRIGGER,
    IF_ELSE,
    RESPONSE_FIELDS,
    SPLIT,
    TRIGGER_ALIASES,
    TRIGGER_NODE_ID,
    TRIGGER_NODE_TYPES,
    TRIGGER_PARAM,
    VENDOR,
)
from tui.vendors.payload import refuse_deep

_TRIGGER_NODES = frozenset(TRIGGER_NODE_TYPES.values())
_NODE_KEYS = ("id", "type", "position", "data")


def parse_body(payload: Any) -> Workflow:
    if not isinstance(payload, dict):
        raise PayloadError("a Kibamail create body is a JSON object", "$")
    refuse_deep(payload, "Kibamail")
    body = {key: value for key, value in payload.items() if key not in RESPONSE_FIELDS}
    body = _with_trigger_type(body)
    _check_shape(body)
    nodes: list[dict[str, Any]] = body.get("nodes", [])
    graph = FlowGraph(nodes, body.get("edges", []))
    trigger_obj: dict[str, Any] = body.get("trigger") or {}
    start = _trigger_node(nodes, trigger_obj.get("type", DEFAULT_TRIGGER))
    blocks = graph.read(nodes[start]["id"]) if start is not None else []
    workflow = Workflow(
        vendor=VENDOR,
        name=body.get("name", ""),
        description=body.get("description") or "",
        trigger=_trigger(trigger_obj, blocks[0] if blocks else None),
        steps=_steps(blocks[1:]),
    )
    note(workflow, detached=_detached(graph))
    _remember(workflow, body, graph)
    return workflow


def _with_trigger_type(body: dict[str, Any]) -> dict[str, Any]:
    """The body with a dotted trigger type replaced by the UPPER_CASE one it stands for."""
    trigger = body.get("trigger")
    name = trigger.get("type") if isinstance(trigger, dict) else None
    if not isinstance(name, str) or name not in TRIGGER_ALIASES:
        return body
    assert isinstance(trigger, dict)
    upper, implied = TRIGGER_ALIASES[name]
    config = trigger.get("config", {})
    if isinstance(config, dict):
        config = {**implied, **config}
    return {**body, "trigger": {**trigger, "type": upper, "config": config}}


def _tolerated(error: dict[str, Any]) -> bool:
    """Errors the server would refuse but flowdeck can read (and `check` reports)."""
    loc, kind = tuple(error["loc"]), error["type"]
    if loc == ("name",):
        return kind in ("missing", "string_too_short", "string_too_long")
    if loc == ("description",):
        return kind == "string_too_long"
    if loc in (("trigger", "type"), ("trigger", "config", "emailEngagementType")):
        return kind == "literal_error" and isinstance(error.get("input"), str)
    return len(loc) == 3 and loc[0] == "nodes" and loc[2] == "position" and kind == "missing"


def _check_shape(body: dict[str, Any]) -> None:
    for error in body_errors(body):
        if not _tolerated(error):
            raise PayloadError(error_message(error), render_loc(tuple(error["loc"])))


def _trigger_node(nodes: list[dict[str, Any]], trigger_type: str) -> int | None:
    """The node the flow starts at: the trigger node of the body's type, else the first one."""
    found = [index for index, node in enumerate(nodes) if node["type"] in _TRIGGER_NODES]
    if not found:
        if nodes:
            raise PayloadError("no trigger node: a flow starts at one of "
                               f"{', '.join(TRIGGER_NODE_TYPES.values())}", "nodes")
        return None
    wanted = TRIGGER_NODE_TYPES.get(trigger_type)
    return next((index for index in found if nodes[index]["type"] == wanted), found[0])


def _built(model: type[BaseModel], path: str, **values: Any) -> Any:
    try:
        return model(**values)
    except ValidationError as exc:
        location, message = describe(exc)
        raise PayloadError(message, f"{path}.{location}" if location else path) from None


def _trigger(obj: dict[str, Any], block: Block | None) -> Trigger:
    event = obj.get("type", DEFAULT_TRIGGER)
    config = obj.get("config", {})
    params = {key: config[key] for key in CONFIG_KEYS if key in config}
    data = block.node.get("data", {}) if block else {}
    param = TRIGGER_PARAM.get(event)
    if param is not None and param not in params and param in data:
        params[param] = copy.deepcopy(data[param])
    filters, bare = None, False
    if data.get("conditions") is not None:
        path = f"nodes[{block.index}].data.conditions" if block else "trigger"
        filters, bare = read_conditions(data["conditions"], path)
    trigger = _built(Trigger, "trigger", event=event, params=params, filters=filters)
    if block is not None:
        node_id, node_type = block.node["id"], block.node["type"]
        mismatch = {"event": event, "type": node_type} if TRIGGER_NODE_TYPES.get(
            event) != node_type else None
        note(trigger, id=node_id if node_id != TRIGGER_NODE_ID else None, node_type=mismatch,
             bare=bare)
    return trigger


def _steps(blocks: Iterable[Block]) -> list[Step]:
    return [_step(block) for block in blocks]


def _step(block: Block) -> Step:
    node, path = block.node, f"nodes[{block.index}]"
    node_type, data = node["type"], node.get("data", {})
    if node_type in _TRIGGER_NODES:
        raise PayloadError("a trigger node can only start the flow, not follow another node",
                           f"{path}.type")
    if node_type == IF_ELSE:
        return _if_else(block, path, data)
    if node_type == SPLIT:
        return _split(block, path, data)
    return CODECS[node_type].read(data, f"{path}.data", path, id=node["id"])


def _if_else(block: Block, path: str, data: dict[str, Any]) -> BranchStep:
    node_id = block.node["id"]
    condition, bare = Condition(), False
    if data.get("conditions") is not None:
        condition, bare = read_conditions(data["conditions"], f"{path}.data.conditions")
    true_lane, false_lane = block.lanes
    arm = _built(BranchArm, path, id=f"{node_id}-true", condition=condition,
                 steps=_steps(true_lane.blocks), rejoin=true_lane.reaches)
    step = _built(BranchStep, path, id=node_id, arms=[arm],
                  otherwise=_steps(false_lane.blocks) or None)
    note(step, bare=bare)
    return step


def _split(block: Block, path: str, data: dict[str, Any]) -> SplitStep:
    arms = []
    for number, (item, lane) in enumerate(zip(data.get("splits", []), block.lanes, strict=True)):
        where = f"{path}.data.splits[{number}]"
        arm = SPLIT_PATH.read(item, where, where, steps=_steps(lane.blocks))
        note(arm, **remember(item, SPLIT_PATH.write(arm)))
        arms.append(arm)
    return _built(SplitStep, path, id=block.node["id"], arms=arms)


def _detached(graph: FlowGraph) -> dict[str, Any]:
    """Nodes the trigger node does not reach, and their edges, kept verbatim."""
    nodes = [node for node in graph.nodes if node["id"] not in graph.visited]
    edges = [edge for edge in graph.edges if edge["source"] not in graph.visited]
    found: dict[str, Any] = {"nodes": copy.deepcopy(nodes), "edges": copy.deepcopy(edges)}
    return {key: value for key, value in found.items() if value}


def _remember(workflow: Workflow, body: dict[str, Any], graph: FlowGraph) -> None:
    """Store how `body` differs from the compiled workflow, from the nodes outwards."""
    owners: dict[str, Any] = {place.step.id: place.step for place in walk(workflow.steps)}
    compiled = compile_body(workflow)
    owners[compiled["nodes"][0]["id"]] = workflow.trigger
    _remember_nodes(body, compiled, owners)
    _remember_edges(body, compiled, owners, graph)
    trigger_obj = body.get("trigger")
    if isinstance(trigger_obj, dict) and "config" in trigger_obj:
        note(workflow.trigger, config=remember(trigger_obj["config"],
                                               compiled["trigger"]["config"]))
    compiled = compile_body(workflow)
    if isinstance(trigger_obj, dict):
        note(workflow.trigger, trigger=remember(trigger_obj, compiled["trigger"]))
    note(workflow, order=_order(body, compiled))
    note(workflow, **remember(body, compile_body(workflow), swaps=False))


def _order(body: dict[str, Any], compiled: dict[str, Any]) -> dict[str, Any]:
    """The payload's node and edge id order, where it is a reordering of the compiled one."""
    order = {}
    for part in ("nodes", "edges"):
        ours = [item["id"] for item in compiled[part]]
        theirs = [item["id"] for item in body.get(part, [])]
        if theirs != ours and sorted(theirs) == sorted(ours):
            order[part] = theirs
    return order


def _remember_nodes(body: dict[str, Any], compiled: dict[str, Any],
                    owners: dict[str, Any]) -> None:
    made = {node["id"]: node for node in compiled["nodes"]}
    for node in body.get("nodes", []):
        owner = owners.get(node["id"])
        if owner is None:
            continue
        position = node.get("position")
        note(owner, **remember(node.get("data", {}), made[node["id"]]["data"]),
             position=position if position != made[node["id"]]["position"] else None,
             dataless="data" not in node,
             keys={key: value for key, value in node.items() if key not in _NODE_KEYS})


def _remember_edges(body: dict[str, Any], compiled: dict[str, Any], owners: dict[str, Any],
                    graph: FlowGraph) -> None:
    made = {(edge["source"], edge.get("sourceHandle", "")): edge for edge in compiled["edges"]}
    memories: dict[str, dict[str, Any]] = {}
    for edge in body.get("edges", []):
        source = edge["source"]
        if source not in owners:
            continue
        handle = "" if graph.handles(source) is None else edge["sourceHandle"]
        ours = made.get((source, handle), {})
        differs = {key: value for key, value in edge.items() if ours.get(key, _MISSING) != value}
        if differs:
            memories.setdefault(source, {})[handle] = differs
    for source, memory in memories.items():
        note(owners[source], edges=memory)


_MISSING = object()

"""Workflow → Kibamail create body: name, description, trigger, nodes and edges.

The trigger becomes the body's `trigger {type, config}` and the graph's first
node; each step a node (ids are the step ids); each exit an edge. Sequences
are linked first to last; a branch's lanes start at its handles (`true` /
`false`, or the split path ids) and each lane's last node links on to the
steps after the branch. An empty lane links its handle straight to those
steps, or has no edge when nothing follows (or its arm does not rejoin).

The trigger node is always there: a body read without nodes gains it (the
server would add a contact-subscribed one itself). Edge ids are
`<source>-<target>` (with the handle added where two edges would share one).
Anything remembered from an imported payload (see `memory`) is put back last,
so an imported body compiles to itself.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tui.model.steps import BranchStep, SplitStep, Step
from tui.model.tree import walk
from tui.model.workflow import Trigger, Workflow
from tui.vendors.kibamail.conditions import write_conditions
from tui.vendors.kibamail.flow import graph_steps, lanes_of
from tui.vendors.kibamail.layout import Point, layout
from tui.vendors.kibamail.memory import recall, recalled_dict, restore
from tui.vendors.kibamail.nodes import node_type_of, write_data
from tui.vendors.kibamail.vocabulary import (
    CONFIG_KEYS,
    DEFAULT_TRIGGER,
    TRIGGER_NODE_ID,
    TRIGGER_NODE_TYPES,
    TRIGGER_PARAM,
)

Exit = tuple[str, str | None]
"""A node's exit: its handle ("" for a plain exit) and the node it leads to, if any."""


@dataclass(frozen=True, slots=True)
class CompiledFlow:
    body: dict[str, Any]
    origin: dict[str, str]
    """Node ids made up for branch chains → the branch step they belong to."""


def compile_body(workflow: Workflow) -> dict[str, Any]:
    return compile_flow(workflow).body


def compile_flow(workflow: Workflow) -> CompiledFlow:
    steps, origin = graph_steps(workflow.steps)
    trigger_id = trigger_node_id(workflow.trigger)
    points = layout(trigger_id, steps)
    exits: dict[str, list[Exit]] = {}
    exits[trigger_id] = [("", _link(steps, None, exits))]
    owners: dict[str, Trigger | Step] = {trigger_id: workflow.trigger}
    nodes = [_trigger_node(workflow.trigger, trigger_id, points[trigger_id])]
    for place in walk(steps):
        owners[place.step.id] = place.step
        nodes.append(_step_node(place.step, points[place.step.id]))
    edges = [edge for node in nodes for edge in _edges(node["id"], exits, owners)]
    detached = recalled_dict(workflow, "detached")
    nodes += copy.deepcopy(_objects(detached.get("nodes")))
    edges += copy.deepcopy(_objects(detached.get("edges")))
    order = recalled_dict(workflow, "order")
    body: dict[str, Any] = {"name": workflow.name}
    if workflow.description:
        body["description"] = workflow.description
    body["trigger"] = _trigger_body(workflow.trigger)
    body["nodes"] = _ordered(nodes, order.get("nodes"))
    body["edges"] = _ordered(_unique_ids(edges), order.get("edges"))
    return CompiledFlow(restore(body, recall(workflow)), origin)


def trigger_node_id(trigger: Trigger) -> str:
    remembered = recall(trigger).get("id")
    return remembered if isinstance(remembered, str) and remembered else TRIGGER_NODE_ID


def trigger_node_type(trigger: Trigger) -> str:
    """The node type matching the trigger type (the server's default for an unknown type,
    which `check` reports); an imported mismatch is kept while the type is unchanged."""
    remembered = recalled_dict(trigger, "node_type")
    if remembered.get("event") == trigger.event and isinstance(remembered.get("type"), str):
        return remembered["type"]
    return TRIGGER_NODE_TYPES.get(trigger.event, TRIGGER_NODE_TYPES[DEFAULT_TRIGGER])


def _link(steps: list[Step], after: str | None, exits: dict[str, list[Exit]]) -> str | None:
    """Record every exit inside `steps`, whose end leads to `after`; returns the first node."""
    following = after
    for step in reversed(steps):
        if isinstance(step, BranchStep | SplitStep):
            exits[step.id] = [
                (lane.handle, _link(lane.steps, following if lane.rejoins else None, exits))
                for lane in lanes_of(step)
            ]  # a split without paths has no exit at all; check reports it
        else:
            exits[step.id] = [("", following)]
        following = step.id
    return following


def _position(memory: dict[str, Any], point: Point) -> dict[str, Any]:
    remembered = memory.get("position")
    if isinstance(remembered, dict):
        return copy.deepcopy(remembered)
    return {"x": point[0], "y": point[1]}


def _node(owner: Trigger | Step, node_id: str, node_type: str, point: Point,
          data: dict[str, Any]) -> dict[str, Any]:
    memory = recall(owner)  # looked up once: this runs for every node of every preview
    node = {"id": node_id, "type": node_type, "position": _position(memory, point),
            "data": restore(data, memory)}
    if memory.get("dataless") is True and not node["data"]:
        del node["data"]
    keys = memory.get("keys")
    for key, value in (keys.items() if isinstance(keys, dict) else ()):
        node.setdefault(key, copy.deepcopy(value))
    return node


def _step_node(step: Step, point: Point) -> dict[str, Any]:
    node_type = node_type_of(step)
    assert node_type is not None  # graph_steps keeps only steps that have a node
    return _node(step, step.id, node_type, point, write_data(step, node_type))


def _trigger_node(trigger: Trigger, node_id: str, point: Point) -> dict[str, Any]:
    data: dict[str, Any] = {}
    param = TRIGGER_PARAM.get(trigger.event)
    if param is not None and param in trigger.params:
        data[param] = copy.deepcopy(trigger.params[param])
    if trigger.filters is not None and trigger.filters.items:
        data["conditions"] = write_conditions(trigger.filters, recall(trigger).get("bare") is True)
    return _node(trigger, node_id, trigger_node_type(trigger), point, data)


def _trigger_body(trigger: Trigger) -> dict[str, Any]:
    config = {key: copy.deepcopy(trigger.params[key]) for key in CONFIG_KEYS
              if key in trigger.params}
    body = {"type": trigger.event, "config": restore(config, recall(trigger).get("config"))}
    return restore(body, recall(trigger).get("trigger"))


def _edges(source: str, exits: dict[str, list[Exit]],
           owners: Mapping[str, Trigger | Step]) -> list[dict[str, Any]]:
    remembered = recalled_dict(owners[source], "edges")
    out = []
    for handle, target in exits.get(source, []):
        if target is None:
            continue
        edge: dict[str, Any] = {"id": f"{source}-{target}", "source": source, "target": target}
        if handle:
            edge["sourceHandle"] = handle
        override = remembered.get(handle)
        if isinstance(override, dict):
            edge.update(copy.deepcopy(override))
        out.append(edge)
    return out


def _unique_ids(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Edge ids made unique: a clash gets the handle, then a number, added."""
    seen: set[str] = set()
    for edge in edges:
        ident = edge.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            handle = edge.get("sourceHandle")
            base = f"{edge['source']}-{handle}-{edge['target']}" if handle else ident
            ident, number = base, 2
            while ident in seen:
                ident, number = f"{base}-{number}", number + 1
            edge["id"] = ident
        seen.add(ident)
    return edges


def _ordered(items: list[dict[str, Any]], order: Any) -> list[dict[str, Any]]:
    """`items` in a remembered id order; ids it does not name keep their compiled order."""
    if not isinstance(order, list):
        return items
    rank = {ident: index for index, ident in enumerate(order) if isinstance(ident, str)}
    last = len(rank)
    return sorted(items, key=lambda item: rank.get(_ident(item), last))


def _ident(item: dict[str, Any]) -> str:
    ident = item.get("id")
    return ident if isinstance(ident, str) else ""


def _objects(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []

"""Reading a Kibamail `nodes` / `edges` graph back into nested sequences.

The workflow model is structured: a sequence of steps, where a branch holds a
sequence per lane and the steps after it are where the lanes rejoin. Reading a
graph recovers that structure:

- follow the edges from the trigger node; a node with one exit continues the
  current sequence;
- at an if-else (handles `true` / `false`) or a percentage-split (one handle
  per split path id) each handle starts a lane, and the lanes rejoin at the
  merge point: the first node reachable from every lane. The steps from the
  merge point on follow the branch; a lane whose edge goes straight to the
  merge point is empty;
- when the lanes never meet, each runs to the end of the flow (or of the
  enclosing lane). An if-else `true` lane that stops while the `false` lane
  goes on is an arm that does not rejoin; any other lane stopping early cannot
  be expressed, and neither can loops or paths that join without a branch
  before them: those raise `PayloadError` naming the node or edge.

Nodes the trigger node does not reach are not read here; `parse` keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.model.errors import PayloadError
from tui.vendors.kibamail.vocabulary import IF_ELSE, IF_ELSE_HANDLES, SPLIT


@dataclass(slots=True)
class Lane:
    handle: str
    blocks: list[Block]
    reaches: bool = True
    """False for a lane that stops while its sibling lanes continue."""


@dataclass(slots=True)
class Block:
    node: dict[str, Any]
    index: int
    """The node's position in `nodes`, for error paths."""
    lanes: list[Lane] = field(default_factory=list)


class FlowGraph:
    """The nodes and edges of a body (already of the right JSON types), indexed."""

    def __init__(self, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> None:
        self.nodes = nodes
        self.edges = edges
        self.index: dict[str, int] = {}
        for position, node in enumerate(nodes):
            if node["id"] in self.index:
                raise PayloadError(f"node id '{node['id']}' is used twice",
                                   f"nodes[{position}].id")
            self.index[node["id"]] = position
        self.outgoing: dict[str, list[int]] = {}
        edge_ids: set[str] = set()
        for position, edge in enumerate(edges):
            if edge["id"] in edge_ids:
                raise PayloadError(f"edge id '{edge['id']}' is used twice",
                                   f"edges[{position}].id")
            edge_ids.add(edge["id"])
            for end in ("source", "target"):
                if edge[end] not in self.index:
                    raise PayloadError(f"no node has the id '{edge[end]}' (every edge must "
                                       "connect existing nodes)", f"edges[{position}].{end}")
            self.outgoing.setdefault(edge["source"], []).append(position)
        self.visited: set[str] = set()

    def read(self, start: str) -> list[Block]:
        """The sequence from `start` (the trigger node) to the end of the flow."""
        return self._sequence(start, None)[0]

    def node_path(self, node_id: str) -> str:
        return f"nodes[{self.index[node_id]}]"

    def handles(self, node_id: str) -> tuple[str, ...] | None:
        """The handles a branching node's edges must use; None for a one-exit node."""
        node = self.nodes[self.index[node_id]]
        if node["type"] == IF_ELSE:
            return IF_ELSE_HANDLES
        if node["type"] == SPLIT:
            return self._split_ids(node, self.node_path(node_id))
        return None

    def _split_ids(self, node: dict[str, Any], path: str) -> tuple[str, ...]:
        splits = node.get("data", {}).get("splits", [])
        where = f"{path}.data.splits"
        if not isinstance(splits, list):
            raise PayloadError("takes an array of {id, name, percentage}", where)
        ids: list[str] = []
        for number, split in enumerate(splits):
            ident = split.get("id") if isinstance(split, dict) else None
            if not isinstance(ident, str) or not ident:
                raise PayloadError("a split path is an object with an id (its edge's "
                                   "sourceHandle)", f"{where}[{number}]")
            if ident in ids:
                raise PayloadError(f"split path id '{ident}' is used twice",
                                   f"{where}[{number}].id")
            ids.append(ident)
        return tuple(ids)

    def exits(self, node_id: str) -> dict[str, str]:
        """Handle ("" for a one-exit node) → the node its edge leads to."""
        handles = self.handles(node_id)
        out: dict[str, str] = {}
        for position in self.outgoing.get(node_id, []):
            edge = self.edges[position]
            handle = "" if handles is None else edge.get("sourceHandle")
            if handles is not None and handle not in handles:
                kind = self.nodes[self.index[node_id]]["type"]
                raise PayloadError(f"an edge from {kind} '{node_id}' needs a sourceHandle of "
                                   f"{', '.join(handles) or '(no split paths)'}",
                                   f"edges[{position}].sourceHandle")
            if handle in out:
                which = f" from handle '{handle}'" if handle else ""
                raise PayloadError(f"node '{node_id}' already continues{which} to '{out[handle]}'"
                                   "; only if-else and percentage-split nodes branch",
                                   f"edges[{position}]")
            out[handle] = edge["target"]
        return out

    def _successors(self, node_id: str) -> list[str]:
        return [self.edges[position]["target"] for position in self.outgoing.get(node_id, [])]

    def _sequence(self, start: str | None, stop: str | None) -> tuple[list[Block], bool]:
        """Blocks from `start` until `stop` (None: the end of the flow), and whether the
        sequence ends by reaching `stop`."""
        blocks: list[Block] = []
        node = start
        while node is not None:
            if node == stop:
                return blocks, True
            if node in self.visited:
                raise PayloadError(f"node '{node}' is reached a second time: a loop, or paths "
                                   "that join without an if-else or split they came from",
                                   self.node_path(node))
            self.visited.add(node)
            exits = self.exits(node)
            handles = self.handles(node)
            if handles is None:
                blocks.append(Block(self.nodes[self.index[node]], self.index[node]))
                node = exits.get("")
                continue
            starts = [exits.get(handle) for handle in handles]
            merge = self._merge(starts, stop)
            end = merge if merge is not None else stop
            lanes = [Lane(handle, *self._sequence(first, end))
                     for handle, first in zip(handles, starts, strict=True)]
            blocks.append(Block(self.nodes[self.index[node]], self.index[node], lanes))
            if merge is None:
                return blocks, self._settle(node, lanes, end)
            node = merge
        return blocks, stop is None

    def _settle(self, node: str, lanes: list[Lane], end: str | None) -> bool:
        """Whether lanes that never meet still lead on to `end`; lanes stopping early are
        allowed only as an if-else's true lane (an arm that does not rejoin)."""
        if end is None or not any(lane.reaches for lane in lanes):
            for lane in lanes:
                lane.reaches = True  # nothing follows, so no lane stops early
            return end is None
        for lane in lanes:
            if not lane.reaches and lane.handle != IF_ELSE_HANDLES[0]:
                raise PayloadError(f"path '{lane.handle}' of '{node}' stops while another path "
                                   f"continues to '{end}'; flowdeck can only let an if-else's "
                                   "true path stop early", self.node_path(node))
        return True

    def _merge(self, starts: list[str | None], stop: str | None) -> str | None:
        """The first node every lane reaches (not looking past `stop`), if there is one."""
        if not starts or any(first is None for first in starts):
            return None
        reach = [self._reachable(first, stop) for first in starts if first is not None]
        if len(reach) == 1:
            return stop if stop is not None and stop in reach[0] else None
        others = [set(found) for found in reach[1:]]
        return next((node for node in reach[0] if all(node in found for found in others)), None)

    def _reachable(self, start: str, stop: str | None) -> list[str]:
        """Nodes reachable from `start`, breadth first, not expanding past `stop`."""
        order, seen = [start], {start}
        for node in order:
            if node == stop:
                continue
            for target in self._successors(node):
                if target not in seen:
                    seen.add(target)
                    order.append(target)
        return order

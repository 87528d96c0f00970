"""The builder's middle pane: shows one editor, keeps a few recent ones ready.

Building an editor costs a few hundred widgets, so moving back to a row
seen a moment ago would rebuild it for nothing. The pane keeps the last few
editors hidden, each with the workflow snapshot it was built for; one is
reused only while that snapshot is still the present one (snapshots are
immutable, so identity says "nothing changed since").
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from textual.containers import Container
from textual.widget import Widget

KEEP = 3
"""How many editors stay mounted (one shown, the rest hidden)."""


class EditorPane(Container):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._kept: OrderedDict[Hashable, tuple[object, Widget]] = OrderedDict()
        self.current: Widget | None = None

    async def show(self, key: Hashable | None, snapshot: object,
                   build: Callable[[], Widget]) -> Widget:
        """Show the editor for `key` built against `snapshot`, reusing a kept one if it
        matches; `key` None is never kept (hints and other cheap content)."""
        kept = self._kept.pop(key, None) if key is not None else None
        if kept is not None and kept[0] is snapshot:
            widget = kept[1]
        else:
            if kept is not None:
                await kept[1].remove()
            widget = build()
            await self.mount(widget)
        if key is not None:
            self._kept[key] = (snapshot, widget)
        for child in self.children:
            child.display = child is widget
        self.current = widget
        await self._trim()
        return widget

    async def _trim(self) -> None:
        while len(self._kept) > KEEP:
            _, (_, old) = self._kept.popitem(last=False)
            await old.remove()
        keep = {id(widget) for _, widget in self._kept.values()} | {id(self.current)}
        stale = [child for child in self.children if id(child) not in keep]
        if stale:
            await self.remove_children(stale)

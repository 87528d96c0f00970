"""Scroll views that repaint their scrollbars only when something about them changed.

Textual (8.2) hands a `ScrollView` the viewport as its "virtual size" on every
layout, which never equals the content size the view keeps itself, so any
layout anywhere on the screen (a keystroke in an input, the footer's keys
changing) redrew the outline's and the preview's scrollbars: about 3 KB of
output per layout at 120x40, and part of every keystroke's frame.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size


class SteadyScrollbars:
    """Mixin for `ScrollView` subclasses (the `Tree` included); list it first. A plain
    class: as a `ScrollView` it would hide a `Tree`'s component classes from Textual."""

    _steady_sizes: tuple[Size, Size, Size] | None = None

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        sizes = (size, self.virtual_size, container_size)  # type: ignore[attr-defined]
        if sizes == self._steady_sizes:
            return False
        self._steady_sizes = sizes
        updated: Any = super()._size_updated  # type: ignore[misc]
        return bool(updated(size, virtual_size, container_size, layout))

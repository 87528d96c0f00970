"""The live payload preview: the vendor request body as highlighted JSON.

The builder compiles in a worker (`render_payload` is safe to call off the UI
thread) and hands the lines here; this widget highlights only the lines it
draws, and marks, with a bar in the gutter, the block that belongs to the
selected outline row. The block is found by the values the row holds (a step
id, a subject, an event name) rather than by vendor-specific paths, so it
works for every adapter, including those whose payloads carry no step ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.highlight import highlight
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from tui.model.document import dumps
from widgets.steady_scroll import SteadyScrollbars

MARK = "▌"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A compiled payload ready to show (or why there is none), as plain lines.

    Highlighting happens line by line when a line is first drawn (`PayloadPreview`):
    highlighting a whole 500-step payload and splitting it into lines took 25–55 ms
    per keystroke, while a screen shows fifty lines at ~20 µs each. Our JSON is
    indented with one token per line and strings never span lines, so a line
    highlights the same alone as in its document.
    """

    text: str
    lines: list[str]
    width: int
    payload: Any = None
    error: str | None = None


def _rendered(text: str, payload: Any = None, error: str | None = None) -> Rendered:
    lines = text.removesuffix("\n").split("\n")
    width = max(map(len, lines)) if text.isascii() else max(map(cell_len, lines))
    return Rendered(text, lines, width, payload, error)


def render_payload(payload: Any) -> Rendered:
    """The payload as indented JSON lines (pure; runs in a worker thread)."""
    return _rendered(dumps(payload), payload)


def render_error(message: str) -> Rendered:
    return _rendered(message, None, message)


def string_values(value: Any) -> list[str]:
    """Every string inside a model dump, depth first: what a row looks for in the payload."""
    found: list[str] = []
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, dict):
        for inner in value.values():
            found.extend(string_values(inner))
    elif isinstance(value, list):
        for inner in value:
            found.extend(string_values(inner))
    return found


def locate(text: str, lines: Sequence[str], needles: Sequence[str]) -> tuple[int, int] | None:
    """First and last line of the JSON object around the first needle found.

    Needles are tried in order, the most specific first (a step id), and must
    appear as a whole JSON string, so "pro" does not match "product". A needle
    can occur in several blocks (a step id is also another step's `nextStepId`);
    the block holding the most of the remaining needles wins, then the first.
    Hits are found with `str.find` over the text, not line by line: this runs on
    every payload the preview shows, and a 500-step payload has 10,000 lines.
    """
    for index, needle in enumerate(needles):
        quoted = json.dumps(needle, ensure_ascii=False)
        hits = _hit_lines(text, quoted) if len(needle) > 1 else []
        if not hits:
            continue
        others = {json.dumps(other, ensure_ascii=False) for other in needles[index + 1:]
                  if len(other) > 1 and other != needle}
        blocks = [_enclosing_block(text, lines, line, offset) for line, offset in hits]
        if len(blocks) == 1:
            return blocks[0]
        return max(blocks, key=lambda block: (_score(lines, block, others), -block[0]))
    return None


def _hit_lines(text: str, quoted: str) -> list[tuple[int, int]]:
    """The lines `quoted` occurs on: (line number, offset of the line's start)."""
    found: list[tuple[int, int]] = []
    line, counted, at = 0, 0, text.find(quoted)
    while at >= 0:
        line += text.count("\n", counted, at)
        counted = at
        if not found or found[-1][0] != line:
            found.append((line, text.rfind("\n", 0, at) + 1))
        at = text.find(quoted, at + len(quoted))
    return found


def _score(lines: Sequence[str], block: tuple[int, int], quoted: set[str]) -> int:
    """How many of the quoted strings occur inside the block."""
    body = "\n".join(lines[block[0]:block[1] + 1])
    return sum(1 for text in quoted if text in body)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _enclosing_block(text: str, lines: Sequence[str], hit: int,
                     offset: int) -> tuple[int, int]:
    """The object or array around line `hit` (starting at `offset` in `text`).

    The closing line is found with `str.find`: it is the first line after the
    opening one with the same indent that starts with a bracket, and for a row
    such as the workflow's name the block is the whole payload.
    """
    level = _indent(lines[hit])
    start = hit
    while start > 0 and not (_indent(lines[start]) < level and lines[start].rstrip()[-1:] in "{["):
        start -= 1
        offset -= len(lines[start]) + 1
    margin = "\n" + " " * _indent(lines[start])
    closers = [at for at in (text.find(margin + "}", offset), text.find(margin + "]", offset))
               if at >= 0]
    if not closers:
        return start, len(lines) - 1
    return start, min(start + text.count("\n", offset, min(closers)) + 1, len(lines) - 1)


class PayloadPreview(SteadyScrollbars, ScrollView, can_focus=True):
    """Read-only, scrollable, focusable: the exact body the vendor will receive.

    A 1,000-step payload is tens of thousands of lines; drawing them all on every
    edit made a keystroke cost hundreds of milliseconds. Only the lines on screen
    are turned into strips, and each is kept until the next payload arrives.
    """

    HELP = """\
## Payload preview

The exact request body the vendor receives, recompiled after every edit.
The bar in the left margin marks the part that belongs to the row selected
in the outline. Scroll with the arrow keys, **page up** / **page down**,
**home** / **end**.
"""
    COMPONENT_CLASSES: ClassVar[set[str]] = {"payload-preview--mark"}
    DEFAULT_CSS = """
    PayloadPreview {
        scrollbar-size-horizontal: 1;
        & > .payload-preview--mark { color: $accent; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rendered: Rendered = render_error("compiling…")
        self.block: tuple[int, int] | None = None
        self._needles: list[str] = []
        self._strips: dict[str, Strip] = {}
        """Drawn lines by their text, since the last payload came in."""
        self._previous_strips: dict[str, Strip] = {}
        """Those of the payload before: an edit changes a line or two, the rest is reused."""

    @property
    def text(self) -> str:
        return self.rendered.text

    def show(self, rendered: Rendered) -> None:
        self.rendered = rendered
        self._previous_strips, self._strips = self._strips, {}
        self.virtual_size = Size(rendered.width + 1, len(rendered.lines))
        self.focus_on(self._needles)
        self.refresh()

    def focus_on(self, needles: list[str], *, now: bool = True) -> None:
        """Mark and scroll to the block holding the first needle found.

        Typing in the editor keeps the same block, and then the preview is left
        where the user scrolled it. With `now` False the needles wait for the next
        payload: after an edit the text on screen is already stale.
        """
        self._needles = needles
        if not now:
            return
        rendered = self.rendered
        block = locate(rendered.text, rendered.lines, needles) if rendered.error is None else None
        if block == self.block and block is not None:
            return
        self.block = block
        self.refresh()
        self.reveal()

    def reveal(self) -> None:
        """Scroll the marked block into view (after layout, so it also works right after
        the preview is shown or first laid out)."""
        if self.block is not None:
            top = max(0, self.block[0] - 1)
            self.call_after_refresh(self.scroll_to, y=top, animate=False)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self.rendered.lines):
            return Strip.blank(width, self.rich_style)
        start, end = self.block or (-1, -1)
        mark = Strip([Segment(MARK if start <= index <= end else " ",
                              self.get_component_rich_style("payload-preview--mark"))])
        line = Strip.join([mark, self._line(index)])
        return line.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips, self._previous_strips = {}, {}  # a new theme: every line changes colour

    def _line(self, index: int) -> Strip:
        line = self.rendered.lines[index]
        if self.rendered.error:  # a message, not JSON: plain, and never cached
            return self._strip(Content(line))
        strip = self._strips.get(line) or self._previous_strips.get(line)
        if strip is None:
            strip = self._strip(highlight(line, language="json"))
        self._strips[line] = strip
        return strip

    def _strip(self, content: Content) -> Strip:
        strips = Visual.to_strips(self, content, max(1, content.cell_length), 1,
                                  self.visual_style)
        return strips[0] if strips else Strip.blank(0)

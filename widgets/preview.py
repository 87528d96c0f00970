"""The live payload preview: the vendor request body as highlighted JSON.

The builder compiles and highlights in a worker (`render_payload` is safe to
call off the UI thread) and hands the result here; this widget only swaps the
text in and marks, with a bar in the gutter, the block that belongs to the
selected outline row. The block is found by the values the row holds (a step
id, a subject, an event name) rather than by vendor-specific paths, so it
works for every adapter, including those whose payloads carry no step ids.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, ClassVar

from rich.segment import Segment
from textual.content import Content, Span
from textual.geometry import Size
from textual.highlight import highlight
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from tui.model.document import dumps

HIGHLIGHT_LIMIT = 200_000
"""Above this many characters the preview is plain text: highlighting would cost more
than it helps, and the preview must keep up with typing."""

MARK = "▌"


@dataclass(frozen=True, slots=True)
class Rendered:
    """A compiled payload ready to show (or why there is none), split into lines so the
    preview draws only the lines on screen."""

    text: str
    content: Content
    lines: list[Content]
    width: int
    payload: Any = None
    error: str | None = None


def split_lines(content: Content) -> list[Content]:
    """One Content per line, in one pass over the spans.

    `Content.split` costs ~60 ms on a 500-step payload, more than compiling it;
    JSON tokens never cross a line, so bucketing spans by line is linear.
    """
    texts = content.plain.split("\n")
    starts = list(accumulate((len(line) + 1 for line in texts[:-1]), initial=0))
    spans: list[list[Span]] = [[] for _ in texts]
    for span in content.spans:
        first = bisect_right(starts, span.start) - 1
        last = bisect_right(starts, max(span.start, span.end - 1)) - 1
        for index in range(first, last + 1):
            offset = starts[index]
            start = max(span.start - offset, 0)
            end = min(span.end - offset, len(texts[index]))
            if end > start:
                spans[index].append(Span(start, end, span.style))
    return [Content(text, found) for text, found in zip(texts, spans, strict=True)]


def _rendered(text: str, content: Content, payload: Any = None,
              error: str | None = None) -> Rendered:
    lines = split_lines(content)
    return Rendered(text, content, lines,
                    max((line.cell_length for line in lines), default=0), payload, error)


def render_payload(payload: Any) -> Rendered:
    """The payload as indented JSON, highlighted and split (pure; runs in a worker thread)."""
    text = dumps(payload)
    content = highlight(text, language="json") if len(text) <= HIGHLIGHT_LIMIT else Content(text)
    return _rendered(text, content, payload)


def render_error(message: str) -> Rendered:
    return _rendered("", Content(message), None, message)


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


def locate(text: str, needles: Sequence[str]) -> tuple[int, int] | None:
    """First and last line of the JSON object around the first needle found.

    Needles are tried in order, the most specific first (a step id), and must
    appear as a whole JSON string, so "pro" does not match "product". A needle
    can occur in several blocks (a step id is also another step's `nextStepId`);
    the block holding the most of the remaining needles wins, then the first.
    """
    lines = text.splitlines()
    for index, needle in enumerate(needles):
        quoted = json.dumps(needle, ensure_ascii=False)
        hits = [n for n, line in enumerate(lines) if quoted in line] if len(needle) > 1 else []
        if not hits:
            continue
        others = {json.dumps(other, ensure_ascii=False) for other in needles[index + 1:]
                  if len(other) > 1 and other != needle}
        blocks = [_enclosing_block(lines, hit) for hit in hits]
        return max(blocks, key=lambda block: (_score(lines, block, others), -block[0]))
    return None


def _score(lines: list[str], block: tuple[int, int], quoted: set[str]) -> int:
    """How many of the quoted strings occur inside the block."""
    body = "\n".join(lines[block[0]:block[1] + 1])
    return sum(1 for text in quoted if text in body)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _enclosing_block(lines: list[str], hit: int) -> tuple[int, int]:
    level = _indent(lines[hit])
    start = hit
    while start > 0 and not (_indent(lines[start]) < level and lines[start].rstrip()[-1:] in "{["):
        start -= 1
    opening = _indent(lines[start])
    end = start + 1
    while end < len(lines) - 1 and not (_indent(lines[end]) == opening
                                        and lines[end].lstrip()[:1] in "}]"):
        end += 1
    return start, min(end, len(lines) - 1)


class PayloadPreview(ScrollView, can_focus=True):
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
        self._strips: dict[int, Strip] = {}

    @property
    def text(self) -> str:
        return self.rendered.text

    def show(self, rendered: Rendered) -> None:
        self.rendered = rendered
        self._strips.clear()
        self.virtual_size = Size(rendered.width + 1, len(rendered.lines))
        self.focus_on(self._needles)
        self.refresh()

    def focus_on(self, needles: list[str]) -> None:
        """Mark and scroll to the block holding the first needle found.

        Typing in the editor keeps the same block, and then the preview is left
        where the user scrolled it.
        """
        self._needles = needles
        block = locate(self.rendered.text, needles) if self.rendered.error is None else None
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

    def _line(self, index: int) -> Strip:
        strip = self._strips.get(index)
        if strip is None:
            content = self.rendered.lines[index]
            strips = Visual.to_strips(self, content, max(1, content.cell_length), 1,
                                      self.visual_style)
            strip = self._strips[index] = strips[0] if strips else Strip.blank(0)
        return strip

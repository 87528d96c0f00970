"""The preview finds the block a row stands for with `str.find` over the whole text;
it must agree with the plain reading: scan the lines, walk out to the enclosing
bracket, walk on to its closing line."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.document import dumps
from widgets.preview import locate, render_payload

WORDS = st.sampled_from(["welcome", "step_1", "step_2", "pro", "product", "Hi", "a"])
JSON = st.recursive(WORDS | st.integers(0, 9) | st.booleans() | st.none(),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(WORDS, inner, max_size=4), max_leaves=30)


def reference(lines: list[str], needles: list[str]) -> tuple[int, int] | None:
    def indent(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    def block(hit: int) -> tuple[int, int]:
        start = hit
        while start > 0 and not (indent(lines[start]) < indent(lines[hit])
                                 and lines[start].rstrip()[-1:] in "{["):
            start -= 1
        end = start + 1
        while end < len(lines) - 1 and not (indent(lines[end]) == indent(lines[start])
                                            and lines[end].lstrip()[:1] in "}]"):
            end += 1
        return start, min(end, len(lines) - 1)

    for index, needle in enumerate(needles):
        quoted = json.dumps(needle)
        hits = [n for n, line in enumerate(lines) if quoted in line] if len(needle) > 1 else []
        if hits:
            others = {json.dumps(other) for other in needles[index + 1:]
                      if len(other) > 1 and other != needle}
            blocks = [block(hit) for hit in hits]
            return max(blocks, key=lambda b: (sum(text in "\n".join(lines[b[0]:b[1] + 1])
                                                  for text in others), -b[0]))
    return None


@settings(max_examples=300, deadline=None)
@given(JSON, st.lists(WORDS, min_size=1, max_size=3))
def test_locate_agrees_with_reading_the_lines(payload: object, needles: list[str]) -> None:
    rendered = render_payload(payload)
    assert locate(rendered.text, rendered.lines, needles) == reference(rendered.lines, needles)


def test_a_step_id_finds_its_step_not_the_step_pointing_at_it() -> None:
    payload = {"name": "Welcome", "steps": [
        {"id": "step_1", "type": "email", "subject": "Hi", "next": "step_2"},
        {"id": "step_2", "type": "wait", "delay": {"amount": 2}},
    ]}
    rendered = render_payload(payload)
    start, end = locate(rendered.text, rendered.lines, ["step_2", "wait"]) or (0, 0)
    assert rendered.lines[start].strip() == "{" and '"id": "step_2"' in rendered.lines[start + 1]
    assert rendered.lines[end].strip().startswith("}")
    assert locate(rendered.text, rendered.lines, ["Welcome"]) == (0, len(rendered.lines) - 1)
    assert locate(rendered.text, rendered.lines, ["nowhere"]) is None
    assert dumps(payload) == rendered.text

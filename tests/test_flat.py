"""The helpers the flat-rule adapters share: slot layout and faithful payload reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict

from tui.model import PayloadError, PushStep, SmsStep, WaitStep
from tui.vendors import detect
from tui.vendors.flat import Slot, lay_out
from tui.vendors.payload import leftovers, merge_leftovers, path_in, read_body, split_read_only

FIXTURES = Path(__file__).parent / "fixtures"
SLOTS = (Slot("wait", leading=True, why="timer"), Slot("sms", most=None),
         Slot("push", why="one push"))


def test_lay_out_fills_slots_in_order_and_reports_the_rest() -> None:
    steps = [WaitStep(id="w1"), SmsStep(id="s1"), PushStep(id="p1"), SmsStep(id="s2"),
             PushStep(id="p2"), WaitStep(id="w2")]
    layout = lay_out("Vendor", steps, SLOTS)
    assert layout.order == ["wait", "sms", "push"]
    assert [step.id for step in layout.steps["sms"]] == ["s1", "s2"]
    assert layout.first("push") == steps[2] and layout.first("email") is None
    assert [(p.step_id, p.message) for p in layout.problems] == [
        ("p2", "Vendor cannot express more than 1 push step (one push)"),
        ("w2", "Vendor cannot express a wait step after other steps (timer)"),
        ("s2", "Vendor fires its actions together, grouped by kind: step 's2' is sent with "
               "the other sms steps"),
    ]


def test_lay_out_skips_kinds_without_a_slot() -> None:
    layout = lay_out("Vendor", [PushStep(id="p1")], (Slot("sms"),))
    assert layout.steps == {} and layout.order == [] and layout.problems == []


def test_leftovers_are_what_the_body_lacks_and_merge_back_without_overriding() -> None:
    payload = {"a": 1, "data": {"x": None, "y": {"z": []}, "keep": [1]}, "list": [{"q": 1}]}
    body = {"a": 2, "data": {"keep": [2]}, "list": [{}]}
    kept = leftovers(payload, body)
    assert kept == {"data": {"x": None, "y": {"z": []}}}
    edited = {"a": 3, "data": {"x": "edited"}}
    assert merge_leftovers(edited, kept) == {"a": 3, "data": {"x": "edited", "y": {"z": []}}}
    assert merge_leftovers({"data": 5}, kept) == {"data": 5}


def test_split_read_only_takes_nested_server_fields() -> None:
    payload = {"id": "1", "name": "n", "data": {"type": "event", "k": 1}}
    rest, taken = split_read_only(payload, ("id", "url", "data.type", "missing.inner"))
    assert rest == {"name": "n", "data": {"k": 1}}
    assert taken == {"id": "1", "data": {"type": "event"}}
    assert payload["id"] == "1", "the input is left untouched"


def test_path_in_follows_the_payload_and_drops_union_tags() -> None:
    data = {"items": [{"v": "x"}]}
    assert path_in(data, ("items", 0, "v", "int")) == "items[0].v"
    assert path_in(data, ("items", 0, "missing", "str")) == "items[0].missing"
    assert path_in(data, ("items", 3)) == "items"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Literal["a", "b"]
    count: int = 0


@pytest.mark.parametrize(
    ("data", "location", "message"),
    [
        (None, "$", "a Demo create body is a JSON object, not null"),
        ({}, "kind", "required field is missing"),
        ({"kind": "c"}, "kind", "should be 'a' or 'b', not \"c\""),
        ({"kind": "a", "count": "2"}, "count", "should be a whole number, not a string"),
        ({"kind": "a", "extra": 1}, "extra", "unknown field"),
        ({"kind": 1, "count": True}, "kind", "should be 'a' or 'b', not 1 (and 1 more)"),
    ],
)
def test_read_body_raises_one_line_at_the_json_path(data: object, location: str,
                                                    message: str) -> None:
    with pytest.raises(PayloadError) as caught:
        read_body(_Body, data, "Demo")
    assert (caught.value.location, caught.value.message) == (location, message)


def test_lay_out_says_when_grouping_by_kind_changes_the_order() -> None:
    steps = [SmsStep(id="s1"), PushStep(id="p1"), SmsStep(id="s2")]
    (problem,) = lay_out("Vendor", steps, SLOTS).problems
    assert (problem.severity, problem.code, problem.step_id) == ("info", "REGROUPED", "s2")
    assert lay_out("Vendor", [steps[0], steps[2], steps[1]], SLOTS).problems == []


@pytest.mark.parametrize(
    "path",
    sorted((FIXTURES / "qonversion").glob("*.json")) + sorted((FIXTURES / "tether").glob("*.json")),
    ids=lambda path: f"{path.parent.name}/{path.stem}",
)
def test_detect_tells_the_flat_vendors_from_every_other(path: Path) -> None:
    """Every adapter's `looks_like` is asked, so no other vendor may claim these bodies."""
    assert detect(json.loads(path.read_text(encoding="utf-8"))) == path.parent.name

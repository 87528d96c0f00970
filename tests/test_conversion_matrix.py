"""Conversion between every ordered pair of the five vendors drops nothing silently.

Every documented example of every vendor goes through `flowdeck convert` to each
of the four other vendors; the command prints the payload and one line per
problem, and `conversion_audit` proves that every part of the source workflow
either reached the target payload or is named by one of those problems. Where
two vendors share a subset, a round trip through the other vendor gives back
the very same payload. Triggers travel by meaning (`tui.vendors.triggers`), and
the README's vendor table is the one the adapters generate.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conversion_audit import audit, lost
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import workflows

from tui.cli import main
from tui.model import (
    BranchArm,
    BranchStep,
    Condition,
    EmailStep,
    Rule,
    SplitArm,
    SplitStep,
    Trigger,
    WaitStep,
    WebhookStep,
    Workflow,
)
from tui.model.conditions import ValueType
from tui.model.problems import Problem, has_blocking
from tui.model.tree import walk
from tui.vendors import get, vendor_ids
from tui.vendors.convert import convert_payload, retarget
from tui.vendors.triggers import translate

FIXTURES = Path(__file__).parent / "fixtures"
README = Path(__file__).parents[1] / "README.md"
VENDORS = vendor_ids()
DOCUMENTED = [(vendor, path) for vendor in VENDORS
              for path in sorted((FIXTURES / vendor).glob("*.json"))]
PAIRS = [(source, path, target) for source, path in DOCUMENTED
         for target in VENDORS if target != source]
LOSSES = {"UNSUPPORTED", "NOT_CARRIED", "NOT_SENT"}
"""The codes that say something did not reach the target."""


def read(path: Path) -> Any:
    return json.loads(path.read_text())


def test_every_vendor_has_documented_examples_and_every_pair_is_converted() -> None:
    assert {vendor for vendor, _ in DOCUMENTED} == set(VENDORS)
    assert len({(source, target) for source, _, target in PAIRS}) == 20


# --- every documented example to every other vendor ------------------------------------------


@pytest.mark.parametrize(("source", "path", "target"), PAIRS,
                         ids=[f"{s}:{p.stem}->{t}" for s, p, t in PAIRS])
def test_convert_prints_the_payload_and_one_line_per_problem(
        source: str, path: Path, target: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["convert", str(path), "--from", source, "--to", target])
    out, err = capsys.readouterr()
    conversion = convert_payload(read(path), source, target)
    assert status == (1 if has_blocking(conversion.problems) else 0)
    assert json.loads(out) == conversion.payload
    lines = err.splitlines()
    assert len(lines) == len(conversion.problems)
    for line, problem in zip(lines, conversion.problems, strict=True):
        assert line.startswith(f"{path}: {problem.line()}")


@pytest.mark.parametrize(("source", "path", "target"), PAIRS,
                         ids=[f"{s}:{p.stem}->{t}" for s, p, t in PAIRS])
def test_nothing_is_dropped_silently(source: str, path: Path, target: str) -> None:
    assert audit(get(source).parse(read(path)), target).findings() == []


@pytest.mark.parametrize(("source", "name", "target"), [
    ("kibamail", "order_follow_up.json", "tether"),
    ("omnisend", "6_3_cart_abandonment.json", "qonversion"),
    ("qonversion", "update.json", "autosend"),
])
def test_convert_in_a_fresh_interpreter_prints_no_traceback(source: str, name: str,
                                                            target: str) -> None:
    path = FIXTURES / source / name
    result = subprocess.run([sys.executable, "-m", "tui.cli", "convert", str(path), "--from",
                             source, "--to", target], capture_output=True, text=True,
                            timeout=60, check=False)
    conversion = convert_payload(read(path), source, target)
    assert result.returncode == 1  # each of these loses steps the target cannot express
    assert json.loads(result.stdout) == conversion.payload
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == len(conversion.problems)


# --- the audit itself finds what is dropped ------------------------------------------------


def test_the_audit_finds_what_no_problem_names() -> None:
    workflow = Workflow(vendor="kibamail", name="Hook", trigger=NEW_CONTACT["kibamail"],
                        steps=[hook("hook-1")])
    result = audit(workflow, "qonversion")
    assert result.findings() == []
    kept = [problem for problem in result.problems
            if problem.step_id != "hook-1" and problem.path != "trigger.event"]
    silent = [part for part in lost(workflow, result.reread)
              if not any(part.named_by(problem) for problem in kept)]
    assert [(part.step_id, part.path) for part in silent] == [(None, "trigger.event"),
                                                              ("hook-1", "")]


def test_the_audit_reads_what_it_can_of_a_payload_the_target_cannot_read() -> None:
    seed = get("autosend").parse(read(FIXTURES / "autosend" / "seed.json"))
    result = audit(seed, "kibamail")
    assert result.cut and all("is_not_empty" in error for error in result.cut)
    assert has_blocking(result.problems)
    assert result.findings() == []


# --- lossless round trips in the common subsets ----------------------------------------------

TEMPLATE = "0123456789abcdef01234567"


def mail(step_id: str, subject: str) -> EmailStep:
    return EmailStep(id=step_id, template_id=TEMPLATE, subject=subject, sender_name="Team",
                     sender_email="hello@example.com")


def hook(step_id: str) -> WebhookStep:
    return WebhookStep(id=step_id, url=f"https://example.com/{step_id}", body='{"from": "x"}')


def contact_is(field: str, value: str) -> Condition:
    return Condition(items=[Rule(field=field, value=value)])


def _graph_flow(vendor: str, trigger: Trigger, *, omnisend: bool = False) -> Workflow:
    """Waits, emails and a one-arm branch that rejoins, on operators all three graph vendors
    have: what AutoSend shares with Kibamail; for Omnisend, without a description, with the
    lane named and the values typed as Omnisend names and types them."""
    lane, description = ("plan:true", "") if omnisend else ("plan-true", "By plan")
    typed: ValueType | None = "string" if omnisend else None
    return Workflow(vendor=vendor, name="Plans", description=description, trigger=trigger,
                    steps=[
        WaitStep(id="wait-1", amount=3, unit="hours"), mail("email-1", "Hello"),
        BranchStep(id="plan", arms=[BranchArm(
            id=lane, condition=Condition(op="or", items=[
                Rule(field="plan", operator="contains", value="pro", value_type=typed),
                Rule(field="country", operator="neq", value="US", value_type=typed)]),
            steps=[WaitStep(id="wait-pro", amount=1, unit="days"), mail("email-pro", "Perks")])]),
        WaitStep(id="wait-all", amount=2, unit="days"), mail("email-all", "For everyone")])


def _kibamail_flow(trigger: Trigger) -> Workflow:
    """Kibamail's emails, waits, a POST webhook, an if-else with an otherwise path and an
    unnamed percentage split: what Kibamail and Omnisend share (Omnisend asks more of an
    email, but loses nothing of Kibamail's)."""
    return Workflow(vendor="kibamail", name="Orders", trigger=trigger, steps=[
        WaitStep(id="wait-1", amount=1, unit="days"), mail("email-1", "Thanks"),
        BranchStep(id="us", arms=[BranchArm(id="us-true", condition=contact_is("country", "US"),
                                            steps=[mail("email-us", "Howdy")])],
                   otherwise=[mail("email-else", "Hello")]),
        hook("hook-1"),
        SplitStep(id="ab", arms=[SplitArm(id="ab:a", percentage=30, steps=[mail("email-a", "A")]),
                                 SplitArm(id="ab:b", percentage=70, steps=[mail("email-b", "B")])]),
    ])


def _omnisend_flow(trigger: Trigger) -> Workflow:
    """Omnisend delays, POST webhooks, a one-condition split with its otherwise and an A/B
    test: Kibamail expresses all of it (Omnisend's emails need fields Kibamail lacks)."""
    return Workflow(vendor="omnisend", name="Carts", trigger=trigger, steps=[
        WaitStep(id="wait-1", amount=30, unit="minutes"), hook("hook-1"),
        BranchStep(id="us", arms=[BranchArm(id="us:true", condition=Condition(
            items=[Rule(field="country", value="US", value_type="string")]),
            steps=[WaitStep(id="wait-us", amount=2, unit="hours"), hook("hook-us")])],
            otherwise=[hook("hook-else")]),
        SplitStep(id="ab", arms=[SplitArm(id="ab:a", percentage=30, steps=[hook("hook-a")]),
                                 SplitArm(id="ab:b", percentage=70, steps=[hook("hook-b")])]),
    ])


SEGMENT = "000000000000000000000001"
ROUND_TRIPS: dict[str, tuple[Workflow, str]] = {
    "autosend new contact via kibamail": (
        _graph_flow("autosend", Trigger(event="contact_created")), "kibamail"),
    "autosend custom event via kibamail": (
        _graph_flow("autosend", Trigger(event="event_received",
                                        params={"event_name": "signed_up"})), "kibamail"),
    "autosend segment entry via kibamail": (
        _graph_flow("autosend", Trigger(event="contact_added_to_segment",
                                        params={"segment_id": "seg_1"})), "kibamail"),
    "kibamail custom event via autosend": (
        _graph_flow("kibamail", Trigger(event="EVENT", params={"eventName": "signed_up"})),
        "autosend"),
    "kibamail new contact via autosend": (
        _graph_flow("kibamail", Trigger(event="CONTACT_SUBSCRIBED")), "autosend"),
    "autosend custom event via omnisend": (
        _graph_flow("autosend", Trigger(event="event_received",
                                        params={"event_name": "placed order"}),
                    omnisend=True), "omnisend"),
    "kibamail custom event via omnisend": (
        _kibamail_flow(Trigger(event="EVENT", params={"eventName": "order_completed"})),
        "omnisend"),
    "kibamail segment entry via omnisend": (
        _kibamail_flow(Trigger(event="SEGMENT_ENTRY", params={"segmentId": SEGMENT})),
        "omnisend"),
    "omnisend custom event via kibamail": (
        _omnisend_flow(Trigger(event="added product to cart", origin="api")), "kibamail"),
    "omnisend segment entry via kibamail": (
        _omnisend_flow(Trigger(event="entered segment", origin="omnisend", filters=Condition(
            items=[Rule(source="event", field="segment_id", value=SEGMENT,
                        value_type="string")]))), "kibamail"),
    "omnisend new subscriber via kibamail": (
        _omnisend_flow(Trigger(event="subscribed to marketing")), "kibamail"),
}


@pytest.mark.parametrize("name", ROUND_TRIPS, ids=str)
def test_the_common_subset_comes_back_exactly(name: str) -> None:
    workflow, through = ROUND_TRIPS[name]
    source = workflow.vendor
    body = get(source).compile(workflow)
    assert get(source).parse(body) == workflow
    there = convert_payload(body, source, through)
    back = convert_payload(json.loads(json.dumps(there.payload)), through, source)
    assert back.payload == body
    assert losses(there.problems) == [] and losses(back.problems) == []
    assert audit(workflow, through).findings() == []


def losses(problems: list[Problem]) -> list[str]:
    return [problem.line() for problem in problems if problem.code in LOSSES]


def test_qonversion_and_omnisend_share_no_trigger_and_no_push() -> None:
    """A Qonversion event is a dashboard id and its push a stored one; Omnisend has neither,
    so there is no common subset to round-trip, and both are named on the way."""
    conversion = convert_payload(read(FIXTURES / "qonversion" / "recommended.json"),
                                 "qonversion", "omnisend")
    named = {(problem.step_id, problem.path) for problem in conversion.problems
             if problem.code == "UNSUPPORTED"}
    push = next(place.step.id for place in walk(conversion.workflow.steps))
    assert {(None, "trigger.event"), (push, "template_id")} <= named


# --- triggers travel by meaning --------------------------------------------------------------

CUSTOM_EVENT = {
    "autosend": Trigger(event="event_received", params={"event_name": "order_completed"}),
    "kibamail": Trigger(event="EVENT", params={"eventName": "order_completed"}),
    "omnisend": Trigger(event="order_completed", origin="api"),
}
NEW_CONTACT = {
    "autosend": Trigger(event="contact_created"),
    "kibamail": Trigger(event="CONTACT_SUBSCRIBED"),
    "omnisend": Trigger(event="subscribed to marketing"),
}
SEGMENT_ENTRY = {
    "autosend": Trigger(event="contact_added_to_segment", params={"segment_id": SEGMENT}),
    "kibamail": Trigger(event="SEGMENT_ENTRY", params={"segmentId": SEGMENT}),
    "omnisend": Trigger(event="entered segment", origin="omnisend", filters=Condition(
        items=[Rule(source="event", field="segment_id", value=SEGMENT, value_type="string")])),
}
MEANINGS = {"custom event": CUSTOM_EVENT, "new contact": NEW_CONTACT,
            "segment entry": SEGMENT_ENTRY}
SPOKEN = [(meaning, source, target) for meaning, words in MEANINGS.items()
          for source in words for target in words if source != target]


@pytest.mark.parametrize(("meaning", "source", "target"), SPOKEN,
                         ids=[f"{m}:{s}->{t}" for m, s, t in SPOKEN])
def test_a_shared_trigger_is_said_in_the_target_vendors_words(meaning: str, source: str,
                                                               target: str) -> None:
    words = MEANINGS[meaning]
    moved, problems = translate(words[source], source, target)
    assert (moved, problems) == (words[target], [])
    workflow = Workflow(vendor=source, name="Orders", trigger=words[source])
    _, checked = retarget(workflow, target)
    assert losses([p for p in checked if p.path.startswith("trigger")]) == []


def test_a_custom_event_keeps_its_other_parts_and_filters_around_a_segment() -> None:
    shopify = Trigger(event="placed order", origin="shopify")
    moved, problems = translate(shopify, "omnisend", "kibamail")
    assert moved == Trigger(event="EVENT", origin="shopify", params={"eventName": "placed order"})
    assert problems == []
    plan = Rule(source="event", field="plan", value="pro")
    entered, _ = translate(SEGMENT_ENTRY["kibamail"].model_copy(update={
        "filters": Condition(items=[plan])}), "kibamail", "omnisend")
    assert entered.filters == Condition(items=[*SEGMENT_ENTRY["omnisend"].filters.items, plan])


@pytest.mark.parametrize("target", ["qonversion", "tether"])
def test_a_vendor_without_the_meaning_says_so_once_on_the_trigger(target: str) -> None:
    moved, problems = translate(CUSTOM_EVENT["kibamail"], "kibamail", target)
    assert moved == CUSTOM_EVENT["kibamail"]
    title = get(target).info.title
    assert [(p.code, p.path, p.message) for p in problems] == [
        ("UNSUPPORTED", "trigger.event",
         f"{title} cannot express a custom event trigger ('order_completed')")]


def test_a_word_only_the_source_knows_is_named_and_kept() -> None:
    moved, problems = translate(Trigger(event="2"), "qonversion", "omnisend")
    assert moved == Trigger(event="2")
    assert [p.message for p in problems] == ["Omnisend cannot express Qonversion's trigger '2'"]
    assert translate(Trigger(event=""), "qonversion", "omnisend") == (Trigger(event=""), [])


def test_switching_to_a_vendor_and_back_keeps_the_trigger() -> None:
    workflow = Workflow(vendor="kibamail", name="Orders", trigger=CUSTOM_EVENT["kibamail"])
    away, _ = retarget(workflow, "tether")
    home, problems = retarget(away, "kibamail")
    assert home.trigger == workflow.trigger
    assert losses([p for p in problems if p.path.startswith("trigger")]) == []


# --- generated workflows ---------------------------------------------------------------------


def _distinct_arm_ids(workflow: Workflow) -> Workflow:
    """Arm ids are names, not meaning; the generator may repeat one within a branch (its
    vendor reads arms by position), which AutoSend rejects for its own reasons."""
    for place in walk(workflow.steps):
        for index, arm in enumerate(getattr(place.step, "arms", [])):
            arm.id = f"{place.step.id}-arm{index}"
    return workflow


@pytest.mark.parametrize("source", VENDORS)
@settings(max_examples=200, deadline=None, derandomize=True)
@given(data=st.data())
def test_generated_workflows_lose_nothing_silently_to_any_vendor(source: str,
                                                                 data: st.DataObject) -> None:
    workflow = _distinct_arm_ids(data.draw(workflows(source)))
    for target in VENDORS:
        if target != source:
            assert audit(workflow, target).findings() == [], target


# --- the README's vendor table ---------------------------------------------------------------


def test_the_readme_holds_the_generated_vendor_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vendors", "--markdown"]) == 0
    table = capsys.readouterr().out
    text = README.read_text()
    start, end = "<!-- vendors-table:start -->\n", "<!-- vendors-table:end -->"
    assert text.count(start) == 1 and text.count(end) == 1
    assert text.split(start)[1].split(end)[0] == table
    assert "## Vendors" in text.split(start)[0]


def test_the_vendor_table_has_a_row_per_step_kind_and_a_column_per_vendor(
        capsys: pytest.CaptureFixture[str]) -> None:
    main(["vendors", "--markdown"])
    steps, triggers = capsys.readouterr().out.split("\n\n")
    rows = {line.split(" | ")[0].strip("| `"): line for line in steps.splitlines()[2:]}
    assert set(rows) == {"wait", "email", "sms", "push", "screen", "webhook", "contact",
                         "branch", "split"}
    assert rows["screen"] == "| `screen` | — | — | — | ✓ | — |"
    assert "| custom event | `event_received` + `event_name` | `EVENT` + `eventName` |" in triggers

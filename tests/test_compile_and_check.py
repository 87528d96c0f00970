"""`Adapter.compile_and_check` is exactly `compile` and `check`, for every vendor.

AutoSend and Kibamail compile once and run their rules on the body they return,
so the risk is a rule that changes the body it judges, or a check that differs
from the one on a body of its own. Each workflow is therefore compared against a
fresh `compile` (equal and in the same key order) and a fresh `check` (the same
problems in the same order). The workflows: generated ones within each vendor's
capabilities, generated ones of another vendor aimed at this one (which the
target's check has plenty to say about), the benchmark workloads of 10, 100 and
1,000 steps, and the vendors' documented bodies read and aimed at every vendor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import VENDORS, examples, workflows, workload

from tui.model.errors import FlowdeckError
from tui.model.workflow import Workflow
from tui.vendors import get

FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTED = [path for vendor in VENDORS for path in sorted((FIXTURES / vendor).glob("*.json"))]


def assert_same_as_compile_then_check(workflow: Workflow) -> None:
    adapter = get(workflow.vendor)
    try:
        body = adapter.compile(workflow)
    except FlowdeckError as exc:
        with pytest.raises(type(exc)) as raised:
            adapter.compile_and_check(workflow)
        assert raised.value.message == exc.message
        return
    problems = adapter.check(workflow)
    got_body, got_problems = adapter.compile_and_check(workflow)
    assert json.dumps(got_body) == json.dumps(body)
    assert got_body == body
    assert got_problems == problems


def aimed_at(workflow: Workflow, vendor: str) -> Workflow:
    return workflow.model_copy(update={"vendor": vendor}, deep=True)


@pytest.mark.parametrize("vendor", VENDORS)
@examples(0.2)
@given(data=st.data())
def test_a_workflow_within_the_capabilities(vendor: str, data: st.DataObject) -> None:
    assert_same_as_compile_then_check(data.draw(workflows(vendor), label="workflow"))


@pytest.mark.parametrize("vendor", VENDORS)
@examples(0.2)
@given(data=st.data())
def test_another_vendors_workflow_with_problems(vendor: str, data: st.DataObject) -> None:
    source = data.draw(st.sampled_from([v for v in VENDORS if v != vendor]), label="source")
    assert_same_as_compile_then_check(aimed_at(data.draw(workflows(source)), vendor))


@pytest.mark.parametrize("size", [10, 100, 1000])
@pytest.mark.parametrize("vendor", VENDORS)
def test_the_benchmark_workloads(vendor: str, size: int) -> None:
    assert_same_as_compile_then_check(workload(vendor, size))


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("path", DOCUMENTED, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_a_documented_body_read_and_aimed_at_each_vendor(path: Path, vendor: str) -> None:
    source = get(path.parent.name)
    workflow = source.parse(json.loads(path.read_text(encoding="utf-8")))
    assert_same_as_compile_then_check(aimed_at(workflow, vendor))


def test_the_cross_vendor_cases_do_find_problems() -> None:
    """The comparison above is not only over empty problem lists."""
    workflow = aimed_at(workload("omnisend", 100), "autosend")
    assert len(get("autosend").compile_and_check(workflow)[1]) > 0
    workflow = aimed_at(workload("autosend", 100), "kibamail")
    assert len(get("kibamail").compile_and_check(workflow)[1]) > 0

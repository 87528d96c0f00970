"""Property-based round trips for every vendor.

A workflow generated within a vendor's capabilities (`strategies.workflows`) must
compile to JSON, pass `check` with no create-phase error, be recognised as that
vendor's body, read back to the same workflow (modulo the normalisations
`strategies.round_trip_view` documents) and compile back to the same body, and
survive the `*.flow.json` file. Under HYPOTHESIS_PROFILE=ci each vendor gets
2,000 reproducible examples.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import EXAMPLES, VENDORS, round_trip_view, workflows, workload

from tui.model.document import dumps, workflow_from_data, workflow_to_data
from tui.model.workflow import Workflow
from tui.vendors import detect, get


def assert_round_trip(workflow: Workflow) -> None:
    adapter = get(workflow.vendor)
    body = adapter.compile(workflow)
    text = json.dumps(body, allow_nan=False)
    problems = adapter.check(workflow)
    assert [p.line() for p in problems if p.blocks_create] == []
    assert all("\n" not in p.line() for p in problems)
    sent = json.loads(text)
    assert detect(sent) == workflow.vendor
    reread = adapter.parse(sent)
    expected, got = round_trip_view(workflow, reread)
    assert got == expected
    assert adapter.compile(reread) == body
    assert workflow_from_data(json.loads(dumps(workflow_to_data(workflow)))) == workflow


@pytest.mark.parametrize("vendor", VENDORS)
@EXAMPLES
@given(data=st.data())
def test_workflows_within_the_capabilities_check_clean_and_read_back(vendor: str,
                                                                     data: st.DataObject) -> None:
    assert_round_trip(data.draw(workflows(vendor), label="workflow"))


@pytest.mark.parametrize("size", [10, 100, 1000])
@pytest.mark.parametrize("vendor", VENDORS)
def test_benchmark_workloads_are_workflows_the_properties_hold_for(vendor: str,
                                                                   size: int) -> None:
    """The benchmarks time these; they must be as valid as the generated ones."""
    assert_round_trip(workload(vendor, size))

from __future__ import annotations

import pytest

from tui.model import (
    BranchArm,
    BranchStep,
    Condition,
    EmailStep,
    InputError,
    Rule,
    SplitArm,
    SplitStep,
    WaitStep,
    Workflow,
)
from tui.model.document import workflow_from_data, workflow_schema, workflow_to_data
from tui.model.errors import FlowdeckError
from tui.model.tree import find, step_ids, walk


def sample() -> Workflow:
    return Workflow(
        vendor="autosend",
        name="Welcome",
        steps=[
            WaitStep(id="w1", amount=2, unit="minutes"),
            BranchStep(
                id="b1",
                arms=[BranchArm(id="pro", label="Pro", condition=Condition(
                    items=[Rule(field="plan", value="pro")]),
                    steps=[EmailStep(id="e1", subject="Hi")])],
                otherwise=[EmailStep(id="e2", subject="Other")],
            ),
            SplitStep(id="s1", arms=[SplitArm(id="a", percentage=50), SplitArm(id="b")]),
        ],
    )


def test_round_trip_through_json() -> None:
    workflow = sample()
    assert workflow_from_data(workflow_to_data(workflow)) == workflow


def test_walk_visits_nested_steps_in_order() -> None:
    assert step_ids(sample()) == ["w1", "b1", "e1", "e2", "s1"]
    place = find(sample(), "e1")
    assert place is not None and place.depth == 1 and place.path == "steps[1].arms[0].steps[0]"
    assert [p.depth for p in walk(sample().steps)] == [0, 0, 1, 1, 0]


def test_new_steps_get_ids() -> None:
    assert WaitStep().id.startswith("wait_") and WaitStep().id != WaitStep().id


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        ({"format": 2, "vendor": "x", "trigger": {}}, "format"),
        ({"format": 1, "vendor": "x", "trigger": {}, "steps": [{"kind": "nope"}]}, "steps[0]"),
        ({"format": 1, "vendor": "x", "trigger": {}, "steps": [{"kind": "wait", "amount": -1}]},
         "steps[0].amount"),
        ({"format": 1, "vendor": "x", "trigger": {},
          "steps": [{"kind": "wait", "mode": "until_time", "at_time": "25:00"}]}, "at_time"),
        ({"format": 1, "vendor": "x", "trigger": {"filters": {"op": "not", "items": []}}},
         "trigger.filters"),
        ([], "JSON object"),
    ],
)
def test_bad_documents_name_the_place(data: object, needle: str) -> None:
    with pytest.raises(InputError) as caught:
        workflow_from_data(data)
    assert needle in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unary_operator_rejects_value() -> None:
    with pytest.raises(ValueError, match="takes no value"):
        Rule(field="plan", operator="exists", value="x")


def test_schema_describes_steps() -> None:
    schema = workflow_schema()
    assert "WaitStep" in schema["$defs"] and schema["properties"]["format"]["const"] == 1


def test_targets_replace_values_without_touching_the_original() -> None:
    from tui.model.targets import Details, Target, read, write

    original = sample()
    step = read(original, Target.step("e1"))
    step.subject = "Changed"
    updated = write(original, Target.step("e1"), step)
    assert read(updated, Target.step("e1")).subject == "Changed"
    assert read(original, Target.step("e1")).subject == "Hi"
    renamed = write(updated, Target("details"), Details(name="New", description="d"))
    assert (renamed.name, renamed.description) == ("New", "d")
    configured = write(original, Target("settings"), {"trackingOpen": True})
    assert configured.settings == {"autosend": {"trackingOpen": True}}


def test_write_shares_what_it_does_not_touch_and_copies_what_it_is_given() -> None:
    """A keystroke must not copy a big workflow, nor may the editor's value alias history."""
    from tui.model.targets import Target, read, write

    original = sample()
    step = read(original, Target.step("e2"))
    updated = write(original, Target.step("e2"), step)
    wait, branch, split = original.steps
    assert updated.steps[0] is wait and updated.steps[2] is split
    assert updated.steps[1] is not branch and updated.steps[1].arms[0] is branch.arms[0]
    step.subject = "changed after the write"
    assert find(updated, "e2").step.subject == "Other"  # type: ignore[union-attr]
    assert find(original, "e2").step.subject == "Other"  # type: ignore[union-attr]
    with pytest.raises(FlowdeckError, match="no step 'nope'"):
        write(original, Target.step("nope"), step)


@pytest.mark.parametrize("value", [1, 0, "yes", [True]])
def test_unary_operator_rejects_values_that_merely_equal_booleans(value: object) -> None:
    with pytest.raises(ValueError, match="takes no value"):
        Rule(field="plan", operator="exists", value=value)

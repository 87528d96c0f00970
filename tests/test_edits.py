"""Headless structure edits and the undo history (no Textual, no vendor)."""

from __future__ import annotations

import pytest

from tui.model import edits
from tui.model.conditions import Condition, Rule
from tui.model.edits import TOP, EditError, History, LaneRef
from tui.model.steps import BranchArm, BranchStep, EmailStep, SplitArm, SplitStep, WaitStep
from tui.model.summary import arm_label, step_label
from tui.model.tree import step_ids
from tui.model.workflow import Workflow


def sample() -> Workflow:
    """wait_1, branch_1 (arm A: email_1; arm B: empty; otherwise: wait_2), email_2."""
    return Workflow(
        vendor="autosend",
        name="Sample",
        steps=[
            WaitStep(id="wait_1", amount=2, unit="minutes"),
            BranchStep(
                id="branch_1",
                arms=[
                    BranchArm(id="arm_1", label="Pro",
                              condition=Condition(items=[Rule(field="plan", value="pro")]),
                              steps=[EmailStep(id="email_1", subject="Hi pro")]),
                    BranchArm(id="arm_2", label="Other"),
                ],
                otherwise=[WaitStep(id="wait_2")],
            ),
            EmailStep(id="email_2", subject="Bye"),
        ],
    )


def dump(workflow: Workflow) -> dict:
    return workflow.model_dump(mode="json")


def test_new_step_ids_are_readable_and_fresh() -> None:
    flow = sample()
    step = edits.new_step("wait", edits.taken_ids(flow), unit="minutes")
    assert (step.id, step.unit) == ("wait_3", "minutes")
    branch = edits.new_step("branch", {"arm_1"}, arms=1, otherwise=True)
    assert branch.id == "branch_1"
    assert [arm.id for arm in branch.arms] == ["arm_2"]
    assert branch.otherwise == []
    split = edits.new_step("split", (), arms=3)
    assert [arm.percentage for arm in split.arms] == [34, 33, 33]
    assert [arm.label for arm in split.arms] == ["A", "B", "C"]
    contact = edits.new_step("contact", action="add_tag")
    assert (contact.id, contact.action) == ("contact_1", "add_tag")


def test_new_step_of_unknown_kind_is_one_clear_error() -> None:
    with pytest.raises(EditError, match="unknown step kind 'fax'"):
        edits.new_step("fax")


def test_add_after_and_insert_before_leave_the_original_alone() -> None:
    flow = sample()
    before = dump(flow)
    added = edits.add_after(flow, "email_1", EmailStep(id="email_9"))
    inserted = edits.insert_before(added, "wait_1", WaitStep(id="wait_9"))
    assert dump(flow) == before
    assert step_ids(inserted) == ["wait_9", "wait_1", "branch_1", "email_1", "email_9",
                                  "wait_2", "email_2"]


def test_insert_into_lanes() -> None:
    flow = sample()
    flow = edits.insert(flow, LaneRef("branch_1", 1), 0, EmailStep(id="email_b"))
    flow = edits.insert(flow, LaneRef("branch_1", None), 99, EmailStep(id="email_o"))
    flow = edits.insert(flow, TOP, 99, EmailStep(id="email_end"))
    assert step_ids(flow) == ["wait_1", "branch_1", "email_1", "email_b", "wait_2", "email_o",
                              "email_2", "email_end"]
    with pytest.raises(EditError, match="no arm 3"):
        edits.insert(flow, LaneRef("branch_1", 2), 0, EmailStep())
    with pytest.raises(EditError, match="wait step, it has no arms"):
        edits.lane_steps(flow, LaneRef("wait_1", 0))


def test_delete_removes_nested_steps_with_their_branch() -> None:
    flow = edits.delete(sample(), "branch_1")
    assert step_ids(flow) == ["wait_1", "email_2"]
    with pytest.raises(EditError, match="no step 'nope'"):
        edits.delete(flow, "nope")


def test_move_stays_within_its_sequence() -> None:
    flow = edits.move_step(sample(), "email_2", -1)
    assert [s.id for s in flow.steps] == ["wait_1", "email_2", "branch_1"]
    flow = edits.move_step(flow, "wait_1", +1)
    assert [s.id for s in flow.steps] == ["email_2", "wait_1", "branch_1"]
    with pytest.raises(EditError, match="already the first"):
        edits.move_step(flow, "email_2", -1)
    with pytest.raises(EditError, match="already the last"):
        edits.move_step(flow, "email_1", +1)  # alone in its arm


def test_duplicate_gives_the_copy_and_everything_inside_it_fresh_ids() -> None:
    flow, copy_id = edits.duplicate(sample(), "branch_1")
    assert copy_id == "branch_2"
    ids = step_ids(flow)
    assert len(ids) == len(set(ids))
    copy = flow.steps[2]
    assert isinstance(copy, BranchStep)
    assert [arm.id for arm in copy.arms] == ["arm_3", "arm_4"]
    assert copy.arms[0].steps[0].id == "email_3"
    assert copy.otherwise is not None and copy.otherwise[0].id == "wait_3"
    assert copy.arms[0].label == "Pro"
    assert copy.arms[0].condition == flow.steps[1].arms[0].condition


def test_arms_add_remove_and_reorder() -> None:
    flow = edits.add_arm(sample(), "branch_1")
    branch = flow.steps[1]
    assert [arm.label for arm in branch.arms] == ["Pro", "Other", "Arm 3"]
    flow = edits.move_arm(flow, "branch_1", 2, -2)
    assert [arm.label for arm in flow.steps[1].arms] == ["Arm 3", "Pro", "Other"]
    flow = edits.remove_arm(flow, "branch_1", 1)
    assert [arm.label for arm in flow.steps[1].arms] == ["Arm 3", "Other"]
    assert "email_1" not in step_ids(flow)
    flow = edits.remove_arm(flow, "branch_1", None)
    assert flow.steps[1].otherwise is None
    with pytest.raises(EditError, match="no otherwise arm"):
        edits.remove_arm(flow, "branch_1", None)
    flow = edits.remove_arm(flow, "branch_1", 0)
    with pytest.raises(EditError, match="at least one arm"):
        edits.remove_arm(flow, "branch_1", 0)
    with pytest.raises(EditError, match="already the last"):
        edits.move_arm(flow, "branch_1", 0, 1)


def test_a_new_split_arm_takes_what_is_left_of_100_percent() -> None:
    flow = Workflow(vendor="omnisend", steps=[SplitStep(id="split_1", arms=[
        SplitArm(id="path_1", label="A", percentage=70),
        SplitArm(id="path_2", label="B", percentage=20)])])
    flow = edits.add_arm(flow, "split_1")
    arm = flow.steps[0].arms[2]
    assert (arm.id, arm.label, arm.percentage) == ("path_3", "C", 10)


def test_history_undo_redo_restore_exact_states() -> None:
    states = [sample()]
    history = History(states[0])
    states.append(edits.delete(states[-1], "email_2"))
    history.record(states[-1], "delete")
    states.append(edits.add_after(states[-1], "wait_1", EmailStep(id="email_x")))
    history.record(states[-1], "add")
    assert history.undo() == "add"
    assert dump(history.present) == dump(states[1])
    assert history.undo() == "delete"
    assert dump(history.present) == dump(states[0])
    assert history.undo() is None
    assert history.redo() == "delete"
    assert history.redo() == "add"
    assert dump(history.present) == dump(states[2])
    assert history.redo() is None


def test_history_merges_a_burst_of_edits_to_one_target() -> None:
    flow = sample()
    history = History(flow)
    for n, subject in enumerate(["W", "We", "Wel"]):
        changed = flow.model_copy(update={"name": subject})
        history.record(changed, "name", merge_key="details", now=10 + n * 0.1)
    history.record(flow.model_copy(update={"name": "Later"}), "name", merge_key="details",
                   now=30)
    assert history.present.name == "Later"
    history.undo()
    assert history.present.name == "Wel"
    history.undo()
    assert history.present.name == "Sample"
    assert not history.can_undo


def test_seal_splits_a_run_of_the_same_key() -> None:
    history = History(sample())
    history.record(sample().model_copy(update={"name": "a"}), "name", merge_key="k", now=1)
    history.seal()
    history.record(sample().model_copy(update={"name": "b"}), "name", merge_key="k", now=1.1)
    history.undo()
    assert history.present.name == "a"


def test_dirty_tracks_the_saved_state_through_undo() -> None:
    history = History(sample())
    assert not history.dirty
    history.record(edits.delete(sample(), "wait_1"), "delete")
    assert history.dirty
    history.mark_saved()
    assert not history.dirty
    history.undo()
    assert history.dirty
    history.redo()
    assert not history.dirty


def test_history_keeps_at_most_limit_undo_steps() -> None:
    history = History(sample(), limit=3)
    for n in range(6):
        history.record(sample().model_copy(update={"name": str(n)}), "name")
    undone = 0
    while history.undo():
        undone += 1
    assert undone == 3
    assert history.present.name == "2"


def test_labels_read_like_the_outline() -> None:
    flow = sample()
    assert step_label(flow.steps[0]) == "Wait 2 minutes"
    assert step_label(WaitStep(amount=1, unit="days", weekdays=["monday"])) == (
        "Wait 1 day on Mon")
    assert step_label(flow.steps[1]) == "Branch · 2 arms + otherwise"
    assert step_label(flow.steps[2]) == "Email · Bye"
    assert step_label(EmailStep(subject="x" * 80)).endswith("…")
    assert arm_label(flow.steps[1].arms[0], 0) == "Pro"
    assert arm_label(BranchArm(condition=Condition(items=[Rule(field="customFields.plan",
                                                                value="pro")])), 0) == (
        "If plan eq pro")
    assert arm_label(BranchArm(), 1) == "Arm 2"
    assert arm_label(None, 2) == "Otherwise"
    assert arm_label(SplitArm(label="A", percentage=50), 0) == "A · 50%"


def test_a_history_can_start_unsaved() -> None:
    history = History(sample(), saved=False)
    assert history.dirty
    history.mark_saved()
    assert not history.dirty

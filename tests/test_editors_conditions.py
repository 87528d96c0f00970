"""The condition builder inside the trigger, audience and branch editors: only the
vendor's sources and operators, values typed as typed, groups where allowed."""

from __future__ import annotations

from test_editors_support import (
    SIZE,
    choose,
    context,
    focus_and_type,
    harness,
    offered,
)
from textual.widgets import Button, Input, Static

from tui.model.conditions import Condition, Rule
from tui.model.steps import BranchArm, BranchStep, EmailStep, WaitStep
from tui.model.targets import Target
from tui.model.workflow import Trigger, Workflow
from widgets.choice import Choice
from widgets.conditions.builder import GroupBox
from widgets.conditions.rule_row import RuleRow


def _rows(app) -> list[RuleRow]:
    return list(app.query(RuleRow))


async def _add_rule(pilot, app, group: GroupBox | None = None) -> RuleRow:
    group = group or app.query(GroupBox).first()
    button = next(b for b in group.head.query(Button) if b.name == "add-rule")
    button.focus()
    await pilot.press("enter")
    await pilot.pause()
    return group.items()[-1]


async def test_autosend_filter_rule_typed_with_keys() -> None:
    app = harness(Target("trigger"), context("autosend", Workflow(
        vendor="autosend", trigger=Trigger(event="contact_property_matches_with"))))
    async with app.run_test(size=SIZE) as pilot:
        row = await _add_rule(pilot, app)
        assert row.source_select is None  # AutoSend rules look at contact fields only
        assert offered(row.operator_select) == list(
            app.editor.context.capabilities.operators["contact"])
        await pilot.press(*"customFields.plan", "tab", "tab", "right", "tab", *"pro")
        await pilot.pause()  # field, operator "is", type → "text" (AutoSend fieldType), value
        assert app.last.filters == Condition(items=[
            Rule(field="customFields.plan", operator="eq", value="pro", value_type="string")])
        assert isinstance(app.last, Trigger)


async def test_a_declared_type_reads_the_value_as_that_type() -> None:
    rule = Rule(field="orders", operator="eq", value=5, value_type="number")
    workflow = Workflow(vendor="autosend", trigger=Trigger(filters=Condition(items=[rule])))
    app = harness(Target("trigger"), context("autosend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        row = _rows(app)[0]
        assert offered(row.type_select) == ["string", "number", "date", "boolean"]
        await focus_and_type(pilot, row.value_input, "ten")
        assert row.error == "'ten' is not a number" and app.changes == []
        await choose(pilot, row.type_select, "string")
        assert app.last.filters.items[0] == Rule(field="orders", value="ten",
                                                 value_type="string")
        await focus_and_type(pilot, row.value_input, "10")
        assert app.last.filters.items[0].value == "10"  # text, as declared
        await choose(pilot, row.type_select, "date")
        assert row.error == "'10' is not a date (YYYY-MM-DD)"
        await focus_and_type(pilot, row.value_input, "2025-03-15")
        assert app.last.filters.items[0] == Rule(field="orders", value="2025-03-15",
                                                 value_type="date")
    omnisend = harness(Target("audience"), context("omnisend"))
    async with omnisend.run_test(size=SIZE) as pilot:
        row = await _add_rule(pilot, omnisend)
        assert row.type_select is None  # audience values are text, nothing to declare


async def test_values_are_checked_as_typed_and_invalid_ones_post_nothing() -> None:
    rule = Rule(field="orders", operator="gt", value=5)
    workflow = Workflow(vendor="autosend", trigger=Trigger(
        event="contact_property_matches_with", filters=Condition(items=[rule])))
    app = harness(Target("trigger"), context("autosend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        row = _rows(app)[0]
        await focus_and_type(pilot, row.value_input, "12")
        assert app.last.filters.items[0].value == 12
        posted = len(app.changes)
        await focus_and_type(pilot, row.value_input, "x", clear=False)
        assert len(app.changes) == posted
        assert row.error == "'12x' is neither a number nor a date (YYYY-MM-DD)"
        assert "neither a number" in str(row.query_one(".rule-error", Static).render())
        assert row.value_input.value == "12x"  # what was typed stays
        assert row.rule == Rule(field="orders", operator="gt", value=12)
        await focus_and_type(pilot, row.value_input, "2024-01-31")
        assert app.last.filters.items[0].value == "2024-01-31"
        assert row.error == ""


async def test_unary_operators_take_no_value_and_lists_take_several() -> None:
    workflow = Workflow(vendor="autosend", trigger=Trigger(filters=Condition(items=[
        Rule(field="plan", value="pro")])))
    app = harness(Target("trigger"), context("autosend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        row = _rows(app)[0]
        await choose(pilot, row.operator_select, "is_not_empty")
        assert row.value_input.disabled  # nothing to type for "is not empty"
        assert app.last.filters.items[0] == Rule(field="plan", operator="is_not_empty")
    kiba = harness(Target("trigger"), context("kibamail", Workflow(
        vendor="kibamail", trigger=Trigger(filters=Condition(items=[Rule(field="plan")])))))
    async with kiba.run_test(size=SIZE) as pilot:
        row = _rows(kiba)[0]
        await choose(pilot, row.operator_select, "in")
        assert row.value_input.placeholder == "a, b, c"
        await focus_and_type(pilot, row.value_input, 'pro, 3, "4"')
        assert kiba.last.filters.items[0].value == ["pro", 3, "4"]


async def test_omnisend_offers_each_source_its_operators_and_earlier_messages() -> None:
    email = EmailStep(id="welcome", subject="Welcome")
    branch = BranchStep(id="split", arms=[BranchArm(label="Opened")])
    workflow = Workflow(vendor="omnisend", steps=[WaitStep(id="w"), email, branch])
    app = harness(Target.step("split"), context("omnisend", workflow))
    caps = app.editor.context.capabilities
    async with app.run_test(size=SIZE) as pilot:
        row = await _add_rule(pilot, app)
        assert offered(row.source_select) == ["event", "contact", "message"]
        assert offered(row.operator_select) == list(caps.operators["event"])
        await choose(pilot, row.source_select, "message")
        assert offered(row.operator_select) == ["opened", "clicked"]
        assert row.field_select.display and not row.field_input.display
        assert offered(row.field_select) == ["welcome"]  # the email above the branch
        await choose(pilot, row.field_select, "welcome")
        arm = app.last.arms[0]
        assert arm.condition.items == [Rule(source="message", field="welcome",
                                            operator="opened")]


async def test_groups_nest_and_negate_only_where_the_vendor_can() -> None:
    autosend = harness(Target("trigger"), context("autosend"))
    async with autosend.run_test(size=SIZE):
        group = autosend.query_one(GroupBox)
        assert [b.name for b in group.head.query(Button)] == ["add-rule"]
        assert offered(group.op_select) == ["and", "or"]

    rule = Rule(field="plan", value="pro")
    workflow = Workflow(vendor="kibamail", trigger=Trigger(filters=Condition(items=[rule])))
    app = harness(Target("trigger"), context("kibamail", workflow))
    async with app.run_test(size=SIZE) as pilot:
        root = app.query_one(GroupBox)
        assert offered(root.op_select) == ["and", "or", "not"]
        add_group = next(b for b in root.head.query(Button) if b.name == "add-group")
        add_group.focus()
        await pilot.press("enter")
        await pilot.pause()
        nested = root.items()[-1]
        assert isinstance(nested, GroupBox)
        await choose(pilot, nested.op_select, "or")
        inner = await _add_rule(pilot, app, nested)
        await pilot.press(*"country", "tab", "tab", *"US")
        await pilot.pause()
        assert inner.rule is not None
        assert app.last.filters == Condition(items=[
            rule, Condition(op="or", items=[Rule(field="country", value="US")])])
        posted = len(app.changes)
        await choose(pilot, root.op_select, "not")  # 'not' holds one item; this has two
        assert len(app.changes) == posted
        assert "exactly one item" in root.error
        remove = next(b for b in nested.head.query(Button) if b.name == "remove-group")
        remove.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.last.filters == Condition(op="not", items=[rule])
        assert root.error == ""


async def test_audience_offers_the_vendors_fields_and_their_operators() -> None:
    app = harness(Target("audience"), context("omnisend"))
    table = app.editor.context.capabilities.audience_operators
    async with app.run_test(size=SIZE) as pilot:
        row = await _add_rule(pilot, app)
        assert row.source_select is None and row.field_select.display
        assert offered(row.field_select) == list(table)
        await choose(pilot, row.field_select, "gender")
        assert offered(row.operator_select) == ["eq"]
        await choose(pilot, row.field_select, "country")
        assert offered(row.operator_select) == list(table["country"])
        await focus_and_type(pilot, row.value_input, "10")
        assert app.last == Condition(items=[Rule(field="country", value="10")])  # text
        remove = next(b for b in row.query(Button) if b.name == "remove-rule")
        remove.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.last is None  # no rules: everyone may enter


async def test_vendor_without_an_audience_says_so() -> None:
    app = harness(Target("audience"), context("autosend"))
    async with app.run_test(size=SIZE):
        assert "AutoSend has no audience filter." in str(app.query_one(".notice").render())
        assert not app.query(GroupBox)


async def test_an_operator_the_vendor_lacks_is_shown_not_lost() -> None:
    rule = Rule(field="plan", operator="starts_with", value="p")
    workflow = Workflow(vendor="omnisend", trigger=Trigger(filters=Condition(items=[
        Rule(source="contact", field=rule.field, operator=rule.operator, value=rule.value)])))
    app = harness(Target("trigger"), context("omnisend", workflow))
    async with app.run_test(size=SIZE) as pilot:
        row = _rows(app)[0]
        assert row.operator_select.value == "starts_with"
        assert "starts_with" in offered(row.operator_select)
        await pilot.pause()
        assert app.changes == []
        assert isinstance(row.field_input, Input) and isinstance(row.operator_select, Choice)

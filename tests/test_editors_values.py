"""The pure parts of the editors: parsing what is typed, typed rule values, draft paths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.model.workflow import Duration
from widgets import parsers
from widgets.conditions.values import format_value, parse_value
from widgets.editors.draft import DELETE, get_path, set_path


@pytest.mark.parametrize(("raw", "kwargs", "expected"), [
    ("12", {}, 12),
    (" 2.5 ", {}, 2.5),
    ("1_000", {"integer": True}, 1000),
    ("-3", {}, -3),
])
def test_number_parses_within_bounds(raw: str, kwargs: dict, expected: float) -> None:
    assert parsers.number(raw, **kwargs) == expected


@pytest.mark.parametrize(("raw", "kwargs", "message"), [
    ("", {}, "a number is required"),
    ("-", {}, "'-' is not a number"),
    ("2.5", {"integer": True}, "'2.5' is not a whole number"),
    ("0", {"minimum": 1}, "at least 1"),
    ("101", {"maximum": 100}, "at most 100"),
])
def test_number_says_what_is_wrong(raw: str, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parsers.number(raw, **kwargs)


def test_text_limits_and_requirements() -> None:
    assert parsers.text(max_length=3)("abc") == "abc"
    with pytest.raises(ValueError, match=r"at most 3 characters \(now 4\)"):
        parsers.text(max_length=3)("abcd")
    with pytest.raises(ValueError, match="a name please"):
        parsers.text(required="a name please")("  ")
    assert parsers.optional_text()("  ") is None


def test_comma_lists_keep_quoted_commas() -> None:
    assert parsers.comma_list('a, b ,"c, d",, ') == ["a", "b", "c, d"]
    assert parsers.comma_list("") == []
    items = ["plain", "with, comma", 'with "quote"']
    assert parsers.comma_list(parsers.join_items(items)) == items


@pytest.mark.parametrize(("raw", "expected"), [
    ("30m", Duration(amount=30, unit="minutes")),
    ("2 h", Duration(amount=2, unit="hours")),
    ("7d", Duration(amount=7, unit="days")),
    ("1M", Duration(amount=1, unit="months")),
    ("", None),
])
def test_durations_typed_as_text(raw: str, expected: Duration | None) -> None:
    assert parsers.duration_text()(raw) == expected
    if expected is not None:
        assert parsers.duration_text()(parsers.format_duration(expected)) == expected


def test_durations_only_in_the_vendors_units() -> None:
    with pytest.raises(ValueError, match="like 30m"):
        parsers.duration_text(("hours", "days"))("30m")
    with pytest.raises(ValueError, match="like 30m"):
        parsers.duration_text()("soon")


def test_formats_checked_as_typed() -> None:
    assert parsers.time_of_day("09:30") == "09:30"
    with pytest.raises(ValueError, match="HH:MM"):
        parsers.time_of_day("25:00")
    assert parsers.email_address("a@b.co") == "a@b.co"
    assert parsers.email_address("{{sender}}") == "{{sender}}"
    with pytest.raises(ValueError, match="not an email address"):
        parsers.email_address("nobody")
    with pytest.raises(ValueError, match="http"):
        parsers.http_url("example.com/hook")
    with pytest.raises(ValueError, match="already the id of another step"):
        parsers.unique_id({"wait_1"})("wait_1")
    with pytest.raises(ValueError, match="not valid JSON"):
        parsers.json_text("{")


@pytest.mark.parametrize(("raw", "operator", "expected"), [
    ("50", "eq", 50),
    ("2.5", "gt", 2.5),
    ("true", "eq", True),
    ('"50"', "eq", "50"),
    ("pro", "eq", "pro"),
    ("2025-03-15", "gt", "2025-03-15"),
    ("10, 20, x", "in", [10, 20, "x"]),
    ("anything", "exists", None),
    ("", "clicked", None),
    ("50", "contains", "50"),
])
def test_rule_values_are_typed(raw: str, operator: str, expected: object) -> None:
    assert parse_value(raw, operator) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("raw", "declared", "expected"), [
    ("50", "string", "50"),
    ('"50"', "number", 50),
    ("TRUE", "boolean", True),
    ("2025-03-15", "date", "2025-03-15"),
    ("1, 2", "number", [1, 2]),
])
def test_a_declared_type_decides_how_a_value_reads(raw: str, declared: str,
                                                    expected: object) -> None:
    operator = "in" if isinstance(expected, list) else "eq"
    assert parse_value(raw, operator, value_type=declared) == expected  # type: ignore[arg-type]
    assert parse_value(format_value(expected, declared), operator,  # type: ignore[arg-type]
                       value_type=declared) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("raw", "declared", "message"), [
    ("ten", "number", "'ten' is not a number"),
    ("maybe", "boolean", "'maybe' is neither true nor false"),
    ("15/03/2025", "date", "is not a date"),
])
def test_a_declared_type_refuses_other_values(raw: str, declared: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_value(raw, "eq", value_type=declared)  # type: ignore[arg-type]


def test_audience_values_stay_text() -> None:
    assert parse_value("10001", "eq", text_only=True) == "10001"
    assert parse_value("1, 2", "in", text_only=True) == ["1", "2"]


@pytest.mark.parametrize(("raw", "operator", "message"), [
    ("pro", "gt", "neither a number nor a date"),
    ("", "eq", "a value is required"),
    (" , ", "in", "one or more values"),
])
def test_rule_values_say_what_is_wrong(raw: str, operator: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_value(raw, operator)  # type: ignore[arg-type]


scalars = st.one_of(
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc"))),
)


@given(scalars)
def test_a_shown_value_reads_back_as_itself(value: object) -> None:
    assert parse_value(format_value(value), "eq") == value  # type: ignore[arg-type]


@given(st.lists(scalars, min_size=1, max_size=5))
def test_a_shown_list_reads_back_as_itself(values: list[object]) -> None:
    assert parse_value(format_value(values), "in") == values  # type: ignore[arg-type]


def test_draft_paths_set_create_and_delete() -> None:
    draft: dict = {"arms": [{"label": "a"}], "params": {"x": 1}}
    set_path(draft, ("arms", 0, "label"), "b")
    set_path(draft, ("limiter", "duration", "amount"), 2)
    set_path(draft, ("params", "x"), DELETE)
    assert draft == {"arms": [{"label": "b"}], "params": {},
                     "limiter": {"duration": {"amount": 2}}}
    assert get_path(draft, ("arms", 0, "label")) == "b"
    assert get_path(draft, ("arms", 3, "label"), "none") == "none"

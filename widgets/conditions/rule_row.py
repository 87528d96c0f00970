"""One rule of a condition: source / field / operator / type / value, checked as typed.

The row keeps the last valid `Rule` it held. While the user's input is not a
valid rule (no field yet, a word where a number belongs) the row shows why
on its own line and keeps the old rule, so the condition around it stays
valid and nothing typed is thrown away.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from tui.model.conditions import Operator, Rule, Source, ValueType
from widgets.choice import Choice
from widgets.choices import choice_options, make_choice
from widgets.conditions.values import (
    LIST_OPERATORS,
    format_value,
    parse_value,
    takes_value,
)
from widgets.conditions.vocabulary import (
    OPERATOR_LABELS,
    SOURCE_LABELS,
    TYPE_LABELS,
    VALUE_HINTS,
    Vocabulary,
)
from widgets.tool_button import tool_button
from widgets.validation import first_message
from widgets.value_control import ValueChanged


class RuleRow(Widget):
    """Two lines, so the field and the value get room even in a narrow pane:

        [source] field …………………………………
        operator [type] value ………… ✕

    Controls the vendor makes pointless (a source choice with one source, a type
    choice where the vendor declares no types) are not built at all."""

    DEFAULT_CSS = """
    RuleRow {
        layout: grid; grid-gutter: 0 1; grid-rows: auto; height: auto;
        border-left: outer $primary 30%; padding-left: 1;
    }
    RuleRow:focus-within { border-left: outer $primary; }
    RuleRow > .rule-error { color: $text-error; height: auto; }
    RuleRow > Button.tool { margin: 0; }
    """

    class Edited(Message):
        """The row now holds a different valid rule."""

    class Removed(Message):
        """The user asked to remove this row."""

        def __init__(self, row: RuleRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, rule: Rule | None, vocabulary: Vocabulary) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.rule = rule
        self._error = ""
        self._error_line: Static | None = None
        sources = vocabulary.source_choices
        source: Source = rule.source if rule else (sources or ("contact",))[0]
        self.fixed_source = source
        self.source_select: Choice[Source] | None = None
        if len(sources) > 1 or source not in sources:
            self.source_select = make_choice(sources, source, lambda s: SOURCE_LABELS.get(s, s),
                                             classes="rule-source")
        fixed = vocabulary.field_choices(source)
        field_name = rule.field if rule else (fixed[0][1] if fixed else "")
        self.field_input = Input(field_name, placeholder="field", compact=True,
                                 classes="rule-field",
                                 suggester=SuggestFromList(vocabulary.suggestions())
                                 if vocabulary.suggestions() else None)
        self.field_select: Choice[str] | None = None
        """Built when a source with fixed fields is first chosen (most rows never need it)."""
        if fixed is not None:
            self.field_select = self._field_choice(fixed, field_name)
        operators = vocabulary.operators(source, field_name)
        operator = rule.operator if rule else (operators[0] if operators else None)
        self.operator_select = make_choice(operators, operator,
                                           lambda o: OPERATOR_LABELS.get(o, o),
                                           classes="rule-operator")
        self.type_select: Choice[ValueType] | None = None
        declared = rule.value_type if rule else None
        if vocabulary.value_types:
            self.type_select = make_choice(vocabulary.value_types, declared,
                                           lambda t: TYPE_LABELS.get(t, t), blank="auto",
                                           classes="rule-type")
        self.value_input = Input(format_value(rule.value, self._declared()) if rule else "",
                                 compact=True, classes="rule-value")
        columns = ["14", *(["10"] if self.type_select is not None else []), "1fr", "3"]
        self.styles.grid_size_columns = len(columns)
        self.styles.grid_columns = " ".join(columns)
        self._field_span = len(columns) - (self.source_select is not None)
        for field_control in (self.field_input, self.field_select):
            if field_control is not None:
                field_control.styles.column_span = self._field_span
        self._show_field(fixed is not None)
        self._show_value(operator)
        self._shown = (source, field_name)
        """The source and field the operator choices were made for; controls report their
        first value when mounted, which must not reset a chosen operator."""

    def compose(self) -> ComposeResult:
        if self.source_select is not None:
            yield self.source_select
        yield self.field_input
        if self.field_select is not None:
            yield self.field_select
        yield self.operator_select
        if self.type_select is not None:
            yield self.type_select
        yield self.value_input
        yield tool_button("✕", "remove-rule", "Remove this rule")

    @property
    def error(self) -> str:
        return self._error

    def focus_first(self) -> None:
        fixed = self.field_select is not None and self.field_select.display
        (self.field_select if fixed else self.field_input).focus()  # type: ignore[union-attr]

    def _source(self) -> Source:
        if self.source_select is None:
            return self.fixed_source
        return self.source_select.value or self.fixed_source

    def _field(self) -> str:
        if self.field_select is not None and self.field_select.display:
            return self.field_select.value or ""
        return self.field_input.value.strip()

    def _operator(self) -> Operator | None:
        return self.operator_select.value

    def _declared(self) -> ValueType | None:
        """The type the user declared; without a type choice, the one the rule came with."""
        if self.type_select is not None:
            return self.type_select.value
        return self.rule.value_type if self.rule is not None else None

    @staticmethod
    def _field_choice(fixed: tuple[tuple[str, str], ...], current: str) -> Choice[str]:
        return Choice(_field_options(fixed, current), current or None, allow_blank=not current,
                      prompt="field", classes="rule-field")

    def _show_field(self, fixed: bool) -> None:
        if self.field_select is not None:
            self.field_select.display = fixed
        self.field_input.display = not fixed

    def _show_value(self, operator: Operator | None) -> None:
        """Operators that take no value keep the box (the grid stays aligned) but disable it."""
        unary = operator is not None and not takes_value(operator)
        self.value_input.disabled = unary
        if unary:
            self.value_input.placeholder = "no value"
        elif operator in LIST_OPERATORS:
            self.value_input.placeholder = "a, b, c"
        elif operator == "clicked":
            self.value_input.placeholder = "link (optional)"
        elif self.vocabulary.text_only:
            self.value_input.placeholder = "value"
        else:
            self.value_input.placeholder = VALUE_HINTS.get(self._declared(),
                                                           'value: 5, true, "text"')

    def _offer_operators(self) -> None:
        """After the source or field changed: offer that one's operators, keeping the
        chosen operator when it is still allowed."""
        self._shown = (self._source(), self._field())
        allowed = self.vocabulary.operators(*self._shown)
        current = self._operator()
        keep = current if current in allowed or not allowed else allowed[0]
        options = choice_options(allowed, keep, lambda o: OPERATOR_LABELS.get(o, o))
        if options:
            self.operator_select.set_options(options, keep)
        self._show_value(keep)

    @on(ValueChanged, ".rule-source")
    def _source_changed(self, event: ValueChanged) -> None:
        event.stop()
        if self._source() == self._shown[0]:
            return
        fixed = self.vocabulary.field_choices(self._source())
        if fixed is not None and self.field_select is None:
            self.field_select = self._field_choice(fixed, "")
            self.field_select.styles.column_span = self._field_span
            self.mount(self.field_select, after=self.field_input)
        elif fixed is not None and self.field_select is not None:
            current = self._field()
            self.field_select.set_options(_field_options(fixed, current), current or None)
        self._show_field(fixed is not None)
        self._offer_operators()
        self._take()

    @on(ValueChanged, ".rule-field")
    @on(Input.Changed, ".rule-field")
    def _field_changed(self, event: Message) -> None:
        event.stop()
        if self.vocabulary.fields is not None and self._field() != self._shown[1]:
            self._offer_operators()
        self._take()

    @on(ValueChanged, ".rule-operator")
    def _operator_changed(self, event: ValueChanged) -> None:
        event.stop()
        self._show_value(self._operator())
        self._take()

    @on(ValueChanged, ".rule-type")
    def _type_changed(self, event: ValueChanged) -> None:
        event.stop()
        self._show_value(self._operator())
        self._take()

    @on(Input.Changed, ".rule-value")
    def _value_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._take()

    @on(Button.Pressed)
    def _remove(self, event: Button.Pressed) -> None:
        if event.button.name != "remove-rule":
            return
        event.stop()
        self.post_message(self.Removed(self))

    def candidate(self) -> Rule:
        """The rule the controls describe now; ValueError says what is missing."""
        field_name = self._field()
        if not field_name:
            raise ValueError("a field is required")
        operator = self._operator()
        if operator is None:
            raise ValueError("choose an operator")
        base = self.rule
        declared = self._declared()
        reading = declared if self.type_select is not None else None
        value = parse_value(self.value_input.value, operator, value_type=reading,
                            text_only=self.vocabulary.text_only)
        if value is None and base is not None and base.operator == operator:
            value = base.value if isinstance(base.value, bool) else None
        return Rule(source=self._source(), field=field_name, operator=operator, value=value,
                    value_type=declared, extras=base.extras if base else {})

    def _take(self) -> None:
        if self.rule is None and not self._field():
            return  # a fresh row: its placeholders say what to fill in
        try:
            rule = self.candidate()
        except ValueError as exc:
            self._set_error(first_message(exc))
            return
        self._set_error("")
        if rule != self.rule:
            self.rule = rule
            self.post_message(self.Edited())

    def _set_error(self, message: str) -> None:
        """The message line is mounted the first time there is something to say."""
        self._error = message
        if self._error_line is not None:
            self._error_line.update(message)
            self._error_line.display = bool(message)
        elif message:
            self._error_line = Static(message, classes="rule-error", markup=False)
            self._error_line.styles.column_span = self.styles.grid_size_columns
            self.mount(self._error_line)


def _field_options(fixed: tuple[tuple[str, str], ...], current: str) -> list[tuple[str, str]]:
    labels = dict((value, label) for label, value in fixed)
    return choice_options(labels, current or None, lambda value: labels.get(value, value))


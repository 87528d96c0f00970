"""What the condition builder may offer for one vendor and one place.

Trigger filters, branch arms and exit rules use the vendor's operators per
rule source; the audience uses the vendor's table of contact fields and
their operators. Both boil down to "which sources, which fields, which
operators for this field", answered here so the widgets never read
capabilities themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tui.model.conditions import Operator, Source, ValueType
from tui.model.steps import EmailStep, PushStep, SmsStep
from tui.model.tree import walk
from tui.model.workflow import Workflow
from tui.vendors.base import Capabilities

WILDCARD = "*"

SOURCE_LABELS: dict[str, str] = {
    "contact": "contact",
    "event": "event",
    "message": "message",
    "conversation": "convers.",
}

OPERATOR_LABELS: dict[str, str] = {
    "eq": "is",
    "neq": "is not",
    "gt": ">",
    "gte": "≥",
    "lt": "<",
    "lte": "≤",
    "contains": "contains",
    "not_contains": "lacks",
    "starts_with": "starts with",
    "ends_with": "ends with",
    "exists": "exists",
    "not_exists": "is missing",
    "in": "is one of",
    "not_in": "is none of",
    "is_empty": "is empty",
    "is_not_empty": "is not empty",
    "opened": "opened",
    "clicked": "clicked",
}

GROUP_LABELS: dict[str, str] = {"and": "all of", "or": "any of", "not": "not"}

TYPE_LABELS: dict[str, str] = {"string": "text", "number": "number", "date": "date",
                               "boolean": "bool", "list": "list"}

VALUE_HINTS: dict[str | None, str] = {"string": "text", "number": "a number",
                                      "date": "YYYY-MM-DD", "boolean": "true or false"}
"""What to type in the value box for each declared type."""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    sources: Mapping[Source, tuple[Operator, ...]]
    """Operators per rule source (for the audience: the contact fields' operators)."""
    fields: Mapping[str, tuple[Operator, ...]] | None = None
    """Audience mode: the allowed fields and their operators; `*` admits any other field."""
    nested: bool = False
    negation: bool = False
    text_only: bool = False
    """Values stay text (the audience takes strings only)."""
    messages: tuple[tuple[str, str], ...] = field(default=())
    """Earlier send steps a message rule may name, as (label, step id)."""
    value_types: tuple[ValueType, ...] = ()
    """Types a rule may declare (AutoSend `fieldType`); offered as a choice per rule."""

    @classmethod
    def for_filters(cls, caps: Capabilities,
                    messages: tuple[tuple[str, str], ...] = ()) -> Vocabulary:
        return cls(sources=dict(caps.operators), nested=caps.nested_conditions,
                   negation=caps.negation, messages=messages, value_types=caps.value_types)

    @classmethod
    def for_audience(cls, caps: Capabilities) -> Vocabulary:
        table = dict(caps.audience_operators or {})
        every = tuple(dict.fromkeys(op for ops in table.values() for op in ops))
        return cls(sources={"contact": every}, fields=table, text_only=True)

    @property
    def source_choices(self) -> tuple[Source, ...]:
        return tuple(self.sources)

    def field_choices(self, source: Source) -> tuple[tuple[str, str], ...] | None:
        """Fixed (label, field) choices for `source`, or None when the field is typed."""
        if self.fields is not None:
            named = tuple((name, name) for name in self.fields if name != WILDCARD)
            return named if named and WILDCARD not in self.fields else None
        if source == "message" and self.messages:
            return self.messages
        return None

    def suggestions(self) -> tuple[str, ...]:
        """Field names worth completing as typed (the audience table's named fields)."""
        return tuple(name for name in self.fields or () if name != WILDCARD)

    def operators(self, source: Source, field_name: str) -> tuple[Operator, ...]:
        if self.fields is not None:
            return self.fields.get(field_name, self.fields.get(WILDCARD, ()))
        return self.sources.get(source, ())


def earlier_send_steps(workflow: Workflow, before: str | None) -> tuple[tuple[str, str], ...]:
    """The email / SMS / push steps that come before step `before`, in order, for
    engagement rules ("opened the welcome email")."""
    found: list[tuple[str, str]] = []
    for place in walk(workflow.steps):
        step = place.step
        if step.id == before:
            break
        if isinstance(step, EmailStep):
            found.append((f"email · {step.subject or step.note or step.id}", step.id))
        elif isinstance(step, SmsStep):
            found.append((f"sms · {step.note or step.text[:24] or step.id}", step.id))
        elif isinstance(step, PushStep):
            found.append((f"push · {step.title or step.note or step.id}", step.id))
    return tuple(found)

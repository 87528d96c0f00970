"""Conditions: typed rules combined with and / or / not.

One neutral vocabulary serves every vendor: AutoSend `filterCriteria`,
Omnisend filter groups and split filters, Kibamail's `$and`/`$or`/`$not`
grammar, Tether `conditions`, Qonversion's segment and platform. Adapters map
their operator names onto `Operator` and back.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, JsonValue, Tag, model_validator

Source = Literal["contact", "event", "message", "conversation"]
"""What a rule looks at: the contact's fields, the triggering event's properties,
engagement with an earlier message (field = that step's id), or a conversation (Tether)."""

Operator = Literal[
    "eq",
    "neq",
    "gt",
    "gte",
    "lt",
    "lte",
    "contains",
    "not_contains",
    "starts_with",
    "ends_with",
    "exists",
    "not_exists",
    "in",
    "not_in",
    "is_empty",
    "is_not_empty",
    "opened",
    "clicked",
]

OPERATORS: tuple[Operator, ...] = Operator.__args__  # type: ignore[attr-defined]

UNARY_OPERATORS: frozenset[str] = frozenset(
    {"exists", "not_exists", "is_empty", "is_not_empty", "opened"}
)
"""Operators that take no value (`clicked` may carry a URL match)."""

ValueType = Literal["string", "number", "boolean", "date", "list"]


class Rule(BaseModel):
    """One comparison, e.g. contact field `plan` eq "pro"."""

    model_config = ConfigDict(extra="forbid")

    source: Source = "contact"
    field: str
    operator: Operator = "eq"
    value: JsonValue = None
    value_type: ValueType | None = None
    """The declared type of the value where the vendor wants it (AutoSend `fieldType`)."""
    extras: dict[str, dict[str, JsonValue]] = Field(default_factory=dict)
    """Vendor fields of this rule the model does not name, keyed by vendor id."""

    @model_validator(mode="after")
    def _value_fits_operator(self) -> Rule:
        if self.operator in UNARY_OPERATORS and not (
            self.value is None or isinstance(self.value, bool)
        ):
            raise ValueError(f"operator '{self.operator}' takes no value")
        if self.operator in ("in", "not_in") and self.value is not None and not isinstance(
            self.value, list
        ):
            raise ValueError(f"operator '{self.operator}' needs a list value")
        return self


def _node_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "group" if "items" in value else "rule"
    return "group" if isinstance(value, Condition) else "rule"


ConditionItem = Annotated[
    Annotated[Rule, Tag("rule")] | Annotated["Condition", Tag("group")],
    Discriminator(_node_kind),
]


class Condition(BaseModel):
    """A group of rules and nested groups; `not` negates its single item."""

    model_config = ConfigDict(extra="forbid")

    op: Literal["and", "or", "not"] = "and"
    items: list[ConditionItem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_has_one_item(self) -> Condition:
        if self.op == "not" and len(self.items) != 1:
            raise ValueError("a 'not' group holds exactly one item")
        return self

    def rules(self) -> list[Rule]:
        """Every rule in this group and its nested groups, depth first."""
        found: list[Rule] = []
        for item in self.items:
            found.extend([item] if isinstance(item, Rule) else item.rules())
        return found

    def is_flat(self) -> bool:
        """True when the group holds only rules (what single-level vendors can express)."""
        return self.op != "not" and all(isinstance(item, Rule) for item in self.items)


Condition.model_rebuild()


def all_of(*rules: Rule) -> Condition:
    return Condition(op="and", items=list(rules))

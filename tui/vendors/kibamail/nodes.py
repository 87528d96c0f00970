"""Node `data` ⇄ steps: which node type a step becomes, and its data field by field.

Each simple node type has a table of `data` keys and the model attributes they
hold. Reading is strict about JSON types (a `duration` of "24" is refused with
its path, never guessed at); writing leaves out optional fields the step does
not set, so a step compiles to the smallest data the vendor documents.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from tui.model.errors import PayloadError
from tui.model.steps import (
    BranchStep,
    ContactStep,
    EmailStep,
    SplitArm,
    SplitStep,
    Step,
    WaitStep,
    WebhookStep,
)
from tui.vendors.kibamail.conditions import write_conditions
from tui.vendors.kibamail.memory import recall, restore
from tui.vendors.kibamail.schema import error_message
from tui.vendors.kibamail.vocabulary import DELAY, IF_ELSE, SPLIT


@dataclass(frozen=True, slots=True)
class DataField:
    key: str
    """The vendor's key in the record."""
    attr: str
    """The model attribute holding it."""
    always: bool = False
    """Written even when the attribute has its default (fields the vendor requires)."""


@functools.cache
def _default(model: type[BaseModel], attr: str) -> Any:
    """A model field's default, read once: pydantic inspects a default factory's signature
    on every `get_default` call, which made it most of a compile's time."""
    return model.model_fields[attr].get_default(call_default_factory=True)


@dataclass(frozen=True, slots=True)
class RecordCodec:
    """One vendor record (a node's data, a split path) ⇄ one model object."""

    model: type[BaseModel]
    fields: tuple[DataField, ...]
    fixed: Mapping[str, Any] = field(default_factory=dict)
    """Model attributes the node type itself implies (a contact step's action)."""

    def write(self, obj: BaseModel) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in self.fields:
            value = getattr(obj, spec.attr)
            if spec.always or value != _default(self.model, spec.attr):
                out[spec.key] = copy.deepcopy(value)
        return out

    def read(self, record: Mapping[str, Any], path: str, outer: str, **given: Any) -> Any:
        """The model object `record` (at `path`) describes; a field of the wrong type raises
        `PayloadError` at `path.<key>`, another attribute (`given`, e.g. the node id) at
        `outer.<attribute>`."""
        values = {**self.fixed, **given}
        for spec in self.fields:
            if spec.key in record:
                values[spec.attr] = record[spec.key]
        try:
            return self.model.model_validate(values, strict=True)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            attr = error["loc"][0] if error["loc"] else ""
            key = next((spec.key for spec in self.fields if spec.attr == attr), None)
            where = f"{path}.{key}" if key else f"{outer}.{attr}"
            raise PayloadError(error_message(dict(error)), where) from None


CODECS: dict[str, RecordCodec] = {
    DELAY: RecordCodec(WaitStep, (DataField("duration", "amount", always=True),
                                  DataField("unit", "unit", always=True))),
    "send-email": RecordCodec(EmailStep, (
        DataField("templateId", "template_id"),
        DataField("subject", "subject"),
        DataField("fromName", "sender_name"),
        DataField("fromEmail", "sender_email"),
        DataField("replyTo", "reply_to"),
    )),
    "send-webhook": RecordCodec(WebhookStep, (
        DataField("url", "url"),
        DataField("method", "method", always=True),
        DataField("headers", "headers"),
        DataField("body", "body"),
    )),
    "update-contact": RecordCodec(ContactStep, (DataField("fieldId", "field"),
                                                DataField("fieldValue", "value")),
                                  {"action": "set_field"}),
    "unsubscribe-contact": RecordCodec(ContactStep, (), {"action": "unsubscribe"}),
    "add-to-topic": RecordCodec(ContactStep, (DataField("topicIds", "topics"),),
                                {"action": "add_to_topics"}),
    "remove-from-topic": RecordCodec(ContactStep, (DataField("topicIds", "topics"),),
                                     {"action": "remove_from_topics"}),
}
"""The simple (one-exit) node types; if-else and percentage-split are read with their lanes."""

SPLIT_PATH = RecordCodec(SplitArm, (DataField("id", "id", always=True),
                                    DataField("name", "label"),
                                    DataField("percentage", "percentage", always=True)))
"""One item of a percentage-split's `splits`: `{id, name, percentage}`."""

_CONTACT_NODES = {codec.fixed["action"]: node_type for node_type, codec in CODECS.items()
                  if codec.model is ContactStep}
_KIND_NODES = {"wait": DELAY, "email": "send-email", "webhook": "send-webhook",
               "branch": IF_ELSE, "split": SPLIT}


def node_type_of(step: Step) -> str | None:
    """The node type a step compiles to; None for steps Kibamail has no node for."""
    if isinstance(step, ContactStep):
        return _CONTACT_NODES.get(step.action)
    return _KIND_NODES.get(step.kind)


def write_data(step: Step, node_type: str) -> dict[str, Any]:
    """The node `data` of a step, before its remembered extras are applied."""
    if isinstance(step, BranchStep):
        condition = step.arms[0].condition if step.arms else None
        if condition is None or not condition.items:
            return {}
        return {"conditions": write_conditions(condition, recall(step).get("bare") is True)}
    if isinstance(step, SplitStep):
        return {"splits": [restore(SPLIT_PATH.write(arm), recall(arm)) for arm in step.arms]}
    return CODECS[node_type].write(step)

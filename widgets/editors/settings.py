"""The vendor's settings, as a form generated from the adapter's settings model.

The draft starts from the model's defaults with the stored settings laid
over them, so every field shows what the vendor will get. What is posted is
the validated settings without the defaults: the stored dict stays small and
the vendor's defaults can change underneath it. A blank field means "not
set", so it is left out rather than sent as null (some vendors refuse null
where they accept an absent field). Stored settings are first
re-keyed the way the form keys them (Python names or aliases, see
`model_form.by_name`).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult

from widgets.editors.base import notice
from widgets.editors.form import FormEditor
from widgets.editors.model_form import (
    by_name,
    defaults_of,
    merged,
    model_rows,
    without_nones,
)


class SettingsEditor(FormEditor):
    def to_draft(self, value: dict[str, Any]) -> dict[str, Any]:
        model = self.context.settings_model
        try:
            stored = model.model_validate(value).model_dump(
                mode="json", by_alias=not by_name(model), exclude_unset=True)
        except ValidationError:
            stored = dict(value)  # shown as stored, with pydantic's errors on the fields
        return merged(defaults_of(model), stored)

    def build(self, draft: dict[str, Any]) -> dict[str, Any]:
        model = self.context.settings_model
        return model.model_validate(without_nones(draft)).model_dump(
            mode="json", by_alias=not by_name(model), exclude_defaults=True)

    def fields(self) -> ComposeResult:
        model = self.context.settings_model
        if not model.model_fields:
            yield notice(f"{self.context.vendor_title} has no settings for a workflow.")
            return
        yield from model_rows(self, model)

"""AutoSend's per-workflow settings: the create body's top-level switches.

Fields have Python names and take AutoSend's names as aliases, so a settings
dict written by either the builder or a hand-edited file validates. `None`
means "leave the field out of the body", which keeps an imported payload that
did not send a field from gaining one.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AutoSendSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, validate_by_name=True,
                              validate_by_alias=True)

    tags: list[str] | None = Field(
        default=None, description="Tags for filtering and organising automations.")
    unsubscribe_group_id: str | None = Field(
        default=None, alias="unsubscribeGroupId",
        description="Suppression group applied to every email step.")
    tracking_open: bool | None = Field(
        default=None, alias="trackingOpen", description="Insert open-tracking pixels.")
    tracking_click: bool | None = Field(
        default=None, alias="trackingClick", description="Rewrite links for click tracking.")
    active: bool | None = Field(
        default=None,
        description="Validate and activate in the create call; otherwise a draft is created.")

    def stored(self) -> dict[str, Any]:
        """The form kept in `workflow.settings["autosend"]`: Python names, unset fields left out."""
        return self.model_dump(exclude_none=True)

    def body_fields(self) -> dict[str, Any]:
        """The create-body fields these settings contribute, under AutoSend's names."""
        return self.model_dump(by_alias=True, exclude_none=True)

    @classmethod
    def vendor_fields(cls) -> tuple[str, ...]:
        """The create-body field names that belong to settings (parse takes these)."""
        return tuple(info.alias or name for name, info in cls.model_fields.items())

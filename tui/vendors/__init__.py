"""The vendor registry: names every vendor without importing its module.

A vendor module is imported the first time its adapter is asked for, so the
CLI and the app start without loading five adapters they may never use.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.model.errors import UnknownVendorError

if TYPE_CHECKING:
    from tui.vendors.base import Adapter


@dataclass(frozen=True, slots=True)
class VendorEntry:
    id: str
    title: str
    summary: str
    step_kinds: tuple[str, ...]
    module: str


VENDORS: dict[str, VendorEntry] = {
    entry.id: entry
    for entry in (
        VendorEntry(
            "autosend", "AutoSend",
            "Email sequences: waits and emails linked by step id, with branches that rejoin.",
            ("wait", "email", "branch"), "tui.vendors.autosend",
        ),
        VendorEntry(
            "kibamail", "Kibamail",
            "Visual flows of emails, webhooks, contact updates, if/else and splits; publish later.",
            ("wait", "email", "webhook", "contact", "branch", "split"), "tui.vendors.kibamail",
        ),
        VendorEntry(
            "omnisend", "Omnisend",
            "E-commerce flows: delays, email, SMS, push, webhooks, tags, splits and A/B tests.",
            ("wait", "email", "sms", "push", "webhook", "contact", "branch", "split"),
            "tui.vendors.omnisend",
        ),
        VendorEntry(
            "qonversion", "Qonversion",
            "In-app rules: purchase events trigger a push and/or an in-app screen.",
            ("push", "screen"), "tui.vendors.qonversion",
        ),
        VendorEntry(
            "tether", "Tether",
            "Conversation rules: an event or timer sends messages, moves status, calls a webhook.",
            ("wait", "sms", "contact", "webhook"), "tui.vendors.tether",
        ),
    )
}

_adapters: dict[str, Adapter] = {}


def vendor_ids() -> list[str]:
    return list(VENDORS)


def entry(vendor_id: str) -> VendorEntry:
    try:
        return VENDORS[vendor_id]
    except KeyError:
        known = ", ".join(VENDORS)
        raise UnknownVendorError(f"unknown vendor '{vendor_id}' (known: {known})") from None


def get(vendor_id: str) -> Adapter:
    """The adapter for a vendor id, importing its module on first use."""
    found = _adapters.get(vendor_id)
    if found is None:
        module = importlib.import_module(entry(vendor_id).module)
        found = _adapters[vendor_id] = module.ADAPTER
    return found


def detect(payload: Any) -> str | None:
    """The vendor whose create body this looks like, or None."""
    for vendor_id in VENDORS:
        if get(vendor_id).looks_like(payload):
            return vendor_id
    return None

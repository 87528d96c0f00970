"""Omnisend automations (API version 2026-03-15): nested delay / action / split / A-B blocks.

Modules: `vocabulary` (name tables), `wire` (request models), `fields` (action
fields and limits), `filters` (conditions ⇄ filter groups), `leftovers`
(payload fields kept in extras), `compile`, `parse`, `checks`, `info`, `adapter`.
"""

from tui.vendors.omnisend.adapter import OmnisendAdapter

ADAPTER = OmnisendAdapter()

__all__ = ["ADAPTER", "OmnisendAdapter"]

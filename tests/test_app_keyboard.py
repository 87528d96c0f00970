"""A vendor's documented workflow built from an empty one with key presses only.

For each vendor: start on the home screen, pick the vendor, and let the
keyboard driver (tests/keyboard.py) add every step with the outline keys and
fill every editor by tabbing and typing. The builder must then hold the
workflow the vendor's example describes, and the live preview must be the
request body for it. Whatever an example holds that no editor can set (an
explicit null among Omnisend's settings) is listed with it, so the gap between
the example body and what the keyboard produces is pinned down, not hidden.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from apphelp import settle
from keyboard import Keyboard, build, editable

from tui import vendors
from tui.app import FlowdeckApp
from tui.config import Config
from tui.screens.builder import BuilderScreen
from tui.store.documents import read_json

FIXTURES = Path(__file__).parent / "fixtures"

EXAMPLES = {
    # The seed: "Branch with guard - pro vs other".
    "autosend": ("autosend/seed.json", set()),
    # Nested: a conditional split whose no-path holds an A/B test.
    "omnisend": ("omnisend/6_3_cart_abandonment.json", {
        ".settings.overlapLimiter",  # an explicit null; the settings form leaves it out
    }),
    "kibamail": ("kibamail/order_follow_up.json", set()),
    "qonversion": ("qonversion/update.json", set()),
    "tether": ("tether/seed_request.json", set()),
}


def json_paths_that_differ(a: Any, b: Any, path: str = "") -> set[str]:
    """Paths (list indexes as [*]) where two JSON documents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        found: set[str] = set()
        for key in a.keys() | b.keys():
            if key not in a or key not in b:
                found.add(f"{path}.{key}")
            else:
                found |= json_paths_that_differ(a[key], b[key], f"{path}.{key}")
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return set().union(*(json_paths_that_differ(x, y, f"{path}[*]")
                             for x, y in zip(a, b, strict=True)))
    return set() if a == b else {path}


def test_every_vendor_has_an_example_built_by_keyboard() -> None:
    assert set(EXAMPLES) == set(vendors.vendor_ids())


@pytest.mark.parametrize("vendor_id", sorted(EXAMPLES))
async def test_the_vendor_example_is_built_with_keys_and_previewed_exactly(
        vendor_id: str) -> None:
    fixture, gap = EXAMPLES[vendor_id]
    adapter = vendors.get(vendor_id)
    payload = read_json(FIXTURES / fixture)
    target = editable(adapter.parse(payload))
    app = FlowdeckApp(config=Config(cursor_blink=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * vendors.vendor_ids().index(vendor_id), "enter")
        await settle(pilot)
        keyboard = Keyboard(pilot)
        await build(keyboard, target)
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        assert screen.workflow.model_dump(mode="json") == target.model_dump(mode="json")
        preview = json.loads(screen.preview.text)
        assert preview == adapter.compile(target)
        assert json_paths_that_differ(payload, preview) == gap
        assert screen.history.can_undo and screen.history.dirty

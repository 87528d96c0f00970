"""Storage faults through the app: with a broken config.toml, profiles.toml, draft or
history.jsonl, or a read-only config folder, the app still starts, says what is wrong
and in which file (a notification, or the screen that shows that file), and leaves the
user's bytes alone. The store-level cases (every operation, full disk, unreadable
files) are in test_storage_faults.py; these are the same files met by the app itself.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from apphelp import settle
from screenhelp import notifications, screen_text

from tui.app import FlowdeckApp
from tui.store import paths

BINARY = b"\x00\xff\xfe\x89PNG\r\n\x1a\n\x00\x00"
TRUNCATED_TOML = b'theme = "textual-li'
WRONG_TYPES_PROFILES = b'[profiles.live]\nvendor = 42\nbase_url = ["x"]\n'

Case = tuple[Callable[[], Path], bytes, str | None]
CASES: dict[str, Case] = {
    "config.toml binary": (paths.config_file, BINARY, None),
    "config.toml truncated": (paths.config_file, TRUNCATED_TOML, None),
    "config.toml wrong types": (paths.config_file, b"theme = 7\ncursor_blink = 'no'\n", None),
    "profiles.toml binary": (paths.profiles_file, BINARY, "p"),
    "profiles.toml truncated": (paths.profiles_file, b"[profiles.live\nvendor =", "p"),
    "profiles.toml wrong types": (paths.profiles_file, WRONG_TYPES_PROFILES, "p"),
    "history.jsonl binary": (paths.history_file, BINARY, "h"),
    "history.jsonl truncated": (paths.history_file, b'{"sent": "2026-11-25T10:00', "h"),
}
"""The broken file, its bytes, and the home key that opens the screen reading it (None:
the app reads it at start)."""


def _plant(file: Path, data: bytes) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data)
    os.chmod(file, 0o600)  # profiles.toml must be private; others do not mind


async def _start_and_open(key: str | None) -> tuple[str, list[str]]:
    """What the screen and the notifications say after start (and opening `key`'s screen)."""
    app = FlowdeckApp()  # reads config.toml, as `flowdeck` does
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert type(app.screen).__name__ == "HomeScreen"
        if key is not None:
            await pilot.press(key)
            await settle(pilot)
            await app.workers.wait_for_complete()
            await settle(pilot)
        return screen_text(app), notifications(app)


@pytest.mark.parametrize("case", list(CASES))
async def test_a_broken_file_is_named_and_left_as_it_was(case: str) -> None:
    where, data, key = CASES[case]
    file = where()
    _plant(file, data)
    text, notes = await _start_and_open(key)
    said = "\n".join([text, *notes])
    assert file.name in said, said
    assert file.read_bytes() == data
    assert sorted(file.parent.iterdir()) == [file]  # nothing written beside it either


@pytest.mark.parametrize("data", [b'{"flowdeck_draft": 1, "workflow": {"vendor": ', BINARY],
                         ids=["truncated", "binary"])
async def test_a_corrupt_draft_is_named_and_kept_whole(data: bytes) -> None:
    folder = paths.drafts_dir()
    folder.mkdir(parents=True)
    broken = folder / "20261125-100000-abcdef.draft.json"
    broken.write_bytes(data)
    text, notes = await _start_and_open(None)
    said = "\n".join([text, *notes])
    assert broken.name in said, said
    assert [file.read_bytes() for file in folder.iterdir()] == [data]  # moved aside whole


async def test_a_read_only_config_folder_still_starts_and_shows_profiles() -> None:
    config = paths.config_file()
    _plant(config, b'theme = "textual-light"\n')
    _plant(paths.profiles_file(), b'[profiles.live]\nvendor = "kibamail"\n')
    before = {file: file.read_bytes() for file in config.parent.iterdir()}
    os.chmod(config.parent, stat.S_IRUSR | stat.S_IXUSR)
    try:
        text, notes = await _start_and_open("p")
    finally:
        os.chmod(config.parent, stat.S_IRWXU)
    assert "live" in text, text
    assert not [note for note in notes if "config.toml" in note], notes
    assert {file: file.read_bytes() for file in config.parent.iterdir()} == before

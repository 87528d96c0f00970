"""Shared fixtures: every test runs with its own config and data folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def vendor_specs_dir() -> Path | None:
    """The vendors' OpenAPI files: $FLOWDECK_VENDOR_SPECS, else ../shared/vendor-specs."""
    configured = os.environ.get("FLOWDECK_VENDOR_SPECS")
    folder = Path(configured) if configured else SHARED / "vendor-specs"
    return folder if folder.is_dir() else None


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point platformdirs at throwaway folders so no test touches the user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    yield home

"""Shared fixtures: every test runs with its own config and data folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Every hypothesis test not given its own settings: no deadlines (a loaded 2-core CI machine
# is slow, not wrong), and under HYPOTHESIS_PROFILE=ci the same examples on every run, so a
# red CI is reproducible. The property suites take their example counts from tests/strategies.
settings.register_profile("default", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("reproducible", settings.get_profile("default"), derandomize=True,
                          print_blob=True)
settings.load_profile("reproducible" if os.environ.get("HYPOTHESIS_PROFILE") == "ci"
                      else "default")

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

"""Where flowdeck keeps its files: one place that names every path.

platformdirs picks the platform's folders; the XDG variables win on every
platform when they are set, so a user (or a test) can move everything with
the same two variables on Linux and macOS alike.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "flowdeck"


def _xdg(variable: str) -> Path | None:
    value = os.environ.get(variable, "")
    return Path(value) / APP_NAME if os.path.isabs(value) else None  # XDG ignores relative


def config_dir() -> Path:
    """Profiles and settings: things a user edits or copies between machines."""
    import platformdirs

    return _xdg("XDG_CONFIG_HOME") or platformdirs.user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """Drafts and history: things flowdeck writes on its own."""
    import platformdirs

    return _xdg("XDG_DATA_HOME") or platformdirs.user_data_path(APP_NAME, appauthor=False)


def profiles_file() -> Path:
    return config_dir() / "profiles.toml"


def config_file() -> Path:
    return config_dir() / "config.toml"


def drafts_dir() -> Path:
    return data_dir() / "drafts"


def history_file() -> Path:
    return data_dir() / "history.jsonl"


def locations() -> dict[str, Path]:
    """Every folder and file by name, in the order `flowdeck locate` prints them."""
    return {
        "config": config_dir(),
        "profiles": profiles_file(),
        "settings": config_file(),
        "data": data_dir(),
        "drafts": drafts_dir(),
        "history": history_file(),
    }

"""The app's settings from `config.toml`: theme, cursor blink (off by default over SSH) and
key remapping.

A config file the user broke must never stop the app: every problem becomes
one line naming the file (and line, or key), the faulty part falls back to its
default, and the rest of the file still applies. No Textual here, so the
settings can be read and tested without starting the app.

    theme = "textual-light"
    cursor_blink = false
    mouse = false                 # no mouse events: the terminal's own selection works
    editor_follows_cursor = true  # the editor shows the row under the outline's cursor

    [keymap]
    "builder.save" = "f2,ctrl+s"
    outline.add = "a,plus"        # dotted keys work too
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True, slots=True)
class Config:
    theme: str = DEFAULT_THEME
    cursor_blink: bool = True
    """Blinking cursors repaint a few times a second; turn off over slow links."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id → comma-separated keys, applied with `App.set_keymap`."""
    mouse: bool = True
    """False: the app asks the terminal for no mouse events (the terminal's own selection
    works, and a remote session sends no mouse-motion traffic)."""
    editor_follows_cursor: bool = False
    """True: the builder's editor shows the row under the outline's cursor as it moves.
    Off by default: each move would redraw the editor pane (~18 KB at 120x40, costly over
    SSH), and an editor that stays put until enter is what posting and harlequin do."""


def over_ssh() -> bool:
    """True in an SSH session, where a blinking cursor costs bandwidth twice a second."""
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))


def config_path() -> Path:
    from tui.store.paths import config_file

    return config_file()


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The settings in `path` (default: the user's config.toml) and what was wrong with it."""
    path = config_path() if path is None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return parse_config({}, str(path))
    except (OSError, UnicodeDecodeError) as exc:
        return parse_config({})[0], [f"{path}: cannot read ({exc}); using the defaults"]
    import tomllib  # only a user who has a config.toml pays for the parser

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return parse_config({})[0], [f"{path}: invalid TOML: {exc}; using the defaults"]
    return parse_config(data, str(path))


def parse_config(data: Mapping[str, Any], where: str = "config.toml") -> tuple[Config, list[str]]:
    problems: list[str] = []
    defaults = Config(cursor_blink=not over_ssh())  # the file's `cursor_blink` still wins

    def pick(key: str, kind: type, default: Any) -> Any:
        value = data.get(key, default)
        if not isinstance(value, kind):
            problems.append(f"{where}: {key}: expected {kind.__name__}, "
                            f"got {type(value).__name__}; using {default!r}")
            return default
        return value

    unknown = sorted(set(data) - {"theme", "cursor_blink", "mouse", "editor_follows_cursor",
                               "keymap"})
    problems.extend(f"{where}: {key}: unknown setting (ignored)" for key in unknown)
    keymap_table = pick("keymap", dict, {})
    keymap = {}
    for binding_id, keys in _flatten(keymap_table).items():
        if isinstance(keys, str) and keys.strip():
            keymap[binding_id] = keys
        else:
            problems.append(f"{where}: keymap.{binding_id}: expected keys such as \"f2,ctrl+s\"")
    config = Config(
        theme=pick("theme", str, defaults.theme),
        cursor_blink=pick("cursor_blink", bool, defaults.cursor_blink),
        mouse=pick("mouse", bool, defaults.mouse),
        editor_follows_cursor=pick("editor_follows_cursor", bool,
                                   defaults.editor_follows_cursor),
        keymap=keymap,
    )
    return config, problems


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """`{"builder": {"save": "f2"}}` → `{"builder.save": "f2"}` (TOML dotted keys nest)."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat

"""The shell around the screens: config.toml, remappable keys, F1 help, the palette."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from apphelp import FIXTURES, app_on, select_row, settle
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode

from tui.app import FlowdeckApp
from tui.commands import screen_commands
from tui.config import Config, load_config, parse_config
from tui.keymap import KEYS, unknown_ids
from tui.screens.builder import BuilderScreen
from tui.screens.help import HelpScreen
from tui.screens.pick import PickScreen
from tui.store.documents import load_document
from tui.store.paths import config_file
from widgets.choice import Choice


def write_config(text: str) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_binding_has_an_id_a_description_and_help() -> None:
    ids = [key.id for key in KEYS]
    assert len(ids) == len(set(ids))
    for key in KEYS:
        assert key.description and key.help.endswith("."), key.id
        assert key.binding().id == key.id


def _our_classes(base: type) -> list[type]:
    found = []
    for cls in base.__subclasses__():
        if cls.__module__.split(".")[0] in ("tui", "widgets"):
            found.append(cls)
        found.extend(_our_classes(cls))
    return found


def test_every_binding_id_in_the_code_is_one_config_toml_may_name() -> None:
    """The keymap check warns about unknown ids, so it must know every id there is."""
    for package in ("tui.screens", "widgets", "widgets.editors", "widgets.conditions"):
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__):
            importlib.import_module(f"{package}.{info.name}")
    ours = [binding for cls in _our_classes(DOMNode)
            for binding in cls.__dict__.get("BINDINGS", ())]
    assert all(isinstance(binding, Binding) and binding.id for binding in ours), (
        "a binding without an id cannot be remapped")
    ids = {binding.id for binding in ours}
    assert {"outline.add", "builder.save", "choice.open", "choice.close"} <= ids
    assert unknown_ids(dict.fromkeys(ids, "f12")) == []


class OneChoice(App[None]):
    def compose(self) -> ComposeResult:
        yield Choice([("one", 1), ("two", 2), ("three", 3)], 1)


async def test_a_keymap_remaps_the_choice_widgets_keys() -> None:
    """config.toml's keymap reaches the dropdowns inside editors, not only screen keys."""
    app = OneChoice()
    app.set_keymap({"choice.next": "n", "choice.open": "o"})
    async with app.run_test() as pilot:
        choice = app.query_one(Choice)
        choice.focus()
        await pilot.press("n")
        assert choice.value == 2
        await pilot.press("o")
        assert choice.has_class("-open")


def test_primary_actions_have_a_function_key() -> None:
    """ctrl+s, ctrl+q, ctrl+p are eaten by tmux/zellij/terminals: each has an F-key too."""
    for ident in ("app.quit", "app.help", "app.palette", "builder.save", "builder.open",
                  "builder.switch_vendor", "home.open"):
        key = next(k for k in KEYS if k.id == ident)
        assert any(part.startswith("f") and part[1:].isdigit() for part in key.keys.split(",")), (
            ident)


def test_config_reads_theme_blink_and_a_nested_or_quoted_keymap(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "textual-light"\ncursor_blink = false\n'
                    'editor_follows_cursor = true\n[keymap]\n'
                    '"builder.save" = "f12"\noutline.add = "plus"\n')
    config, problems = load_config(path)
    assert problems == []
    assert config == Config("textual-light", False, {"builder.save": "f12",
                                                      "outline.add": "plus"},
                            editor_follows_cursor=True)
    assert parse_config({"editor_follows_cursor": "yes"}) == (Config(), [
        "config.toml: editor_follows_cursor: expected bool, got str; using False"])


def test_a_broken_config_is_one_line_per_problem_and_the_defaults_apply(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "x"\n[keymap\n')
    config, problems = load_config(path)
    assert config == Config()
    assert len(problems) == 1 and problems[0].startswith(f"{path}: invalid TOML")
    config, problems = parse_config({"theme": 3, "colour": "red",
                                     "keymap": {"builder.save": ""}})
    assert config == Config()
    assert problems == [
        "config.toml: colour: unknown setting (ignored)",
        'config.toml: keymap.builder.save: expected keys such as "f2,ctrl+s"',
        "config.toml: theme: expected str, got int; using 'textual-dark'",
    ]
    assert load_config(tmp_path / "missing.toml") == (Config(), [])
    assert unknown_ids({"builder.save": "f2", "builder.sav": "f3"}) == ["builder.sav"]


async def test_the_app_starts_with_a_broken_config_and_says_what_is_wrong() -> None:
    write_config('theme = "no-such-theme"\n[keymap]\n"builder.sav" = "f12"\n')
    app = FlowdeckApp()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert app.theme == "textual-dark"
        assert any("unknown theme 'no-such-theme'" in m for m in messages)
        assert any("keymap.builder.sav: no such binding id" in m for m in messages)
    write_config("[keymap\n")
    app = FlowdeckApp()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert any("invalid TOML" in n.message for n in app._notifications)


async def test_keys_are_remapped_from_config_toml(tmp_path: Path) -> None:
    write_config('theme = "textual-light"\n[keymap]\noutline.add = "plus"\n'
                 '"builder.save" = "f12"\n')
    app = FlowdeckApp(load_document(FIXTURES / "welcome.flow.json"), tmp_path / "w.flow.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        await pilot.press("a")
        assert not isinstance(app.screen, PickScreen)  # "a" no longer adds
        await pilot.press("plus")
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f12")
        await pilot.pause()
        assert (tmp_path / "w.flow.json").exists()


async def test_f1_explains_the_focused_area_and_lists_its_keys_with_remap_ids() -> None:
    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.topic.startswith("## Outline")
        assert "`outline.add`" in help_screen.keys and "`builder.save`" in help_screen.keys
        await pilot.press("escape")
        builder = app.screen
        builder.preview.focus()
        await pilot.press("f1")
        assert app.screen.topic.startswith("## Payload preview")


async def test_the_palette_offers_what_applies_to_the_selected_row() -> None:
    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        await select_row(pilot, "step:wait_intro")
        titles = [c.title for c in screen_commands(screen)]
        assert "Duplicate the selected step (the copy gets fresh ids)" in titles
        assert "Add Email step after Wait 2 minutes" in titles
        assert "Switch vendor to Omnisend" in titles
        assert "Undo the last edit" not in titles  # nothing to undo yet
        assert "Add an arm to the selected branch or split" not in titles
        assert not any(t.startswith("Add Push") for t in titles)  # AutoSend has no push

        await select_row(pilot, "step:branch_plan")
        titles = [c.title for c in screen_commands(screen)]
        assert "Add an arm to the selected branch or split" in titles

        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"switch vendor to omni")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ConfirmScreen"

"""The profiles screen: add, edit, delete round-trip to profiles.toml; test connection; no key."""

from __future__ import annotations

import stat
import tomllib
from typing import Any

import pytest
from apphelp import app_on, settle
from screenhelp import SECRET, host, notifications, screen_text, settled, wait_for
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, DataTable, Input, Select

from tui.screens.confirm import ConfirmScreen
from tui.screens.profiles import FormField, ProfileForm, ProfilesScreen
from tui.store import paths
from tui.store.profile_checks import check_base_url, check_key
from tui.store.profiles import Profile, load_user_profiles, save_profile


async def open_profiles(pilot: Pilot[Any]) -> ProfilesScreen:
    screen = ProfilesScreen()
    pilot.app.push_screen(screen)
    await wait_for(pilot, lambda: pilot.app.screen is screen)
    await settled(pilot)
    return screen


async def row(pilot: Pilot[Any], screen: ProfilesScreen, name: str) -> None:
    """Put the table's cursor on the profile called `name`."""
    table = screen.query_one("#table", DataTable)
    table.move_cursor(row=[p.name for p in screen.profiles].index(name))
    await settled(pilot)


async def type_into(pilot: Pilot[Any], selector: str, text: str) -> None:
    """Focus an input and replace its text: short text key by key, long text pasted."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    if len(text) <= 10:
        await pilot.press(*text)
    else:
        field.insert_text_at_cursor(text)
    await settled(pilot)


def form(pilot: Pilot[Any]) -> ProfileForm:
    assert isinstance(pilot.app.screen, ProfileForm)
    return pilot.app.screen


def message(pilot: Pilot[Any], field: str) -> str:
    """The line under a form field (its error, else its hint)."""
    row_ = form(pilot).query_one(f".row-{field}", FormField)
    return str(row_.query_one(".form-message").render())


def stored() -> dict[str, Any]:
    return tomllib.loads(paths.profiles_file().read_text())["profiles"]


async def save(pilot: Pilot[Any]) -> None:
    form(pilot).query_one("#save", Button).press()
    await settled(pilot)


async def test_add_edit_and_delete_round_trip_to_a_private_profiles_toml() -> None:
    app = host()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_profiles(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileForm))
        assert form(pilot).vendor == "autosend"  # the vendor of the row under the cursor
        await type_into(pilot, "#name", "autosend-live")
        await type_into(pilot, "#key", "live_123")
        assert message(pilot, "key") == "AutoSend keys start with AS_ or as_"
        await save(pilot)
        assert isinstance(app.screen, ProfileForm)  # refused, nothing written
        assert "Key: AutoSend keys start with AS_ or as_" in screen_text(app)
        assert not paths.profiles_file().exists()
        await type_into(pilot, "#key", SECRET)
        assert message(pilot, "key") == ""
        assert SECRET not in screen_text(app)  # a password field shows dots
        await save(pilot)
        await wait_for(pilot, lambda: app.screen is screen)
        assert stat.S_IMODE(paths.profiles_file().stat().st_mode) == 0o600
        assert stored()["autosend-live"]["key"] == SECRET
        assert stored()["autosend-live"]["base_url"] == "https://api.autosend.com"
        text = screen_text(app)
        assert "autosend-live" in text and "key stored in profiles.toml" in text

        await row(pilot, screen, "autosend-live")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileForm))
        assert form(pilot).query_one("#key", Input).value == ""  # the key never comes back
        await type_into(pilot, "#base_url", "api.example.com")
        assert "starts with https://" in message(pilot, "base_url")
        await type_into(pilot, "#base_url", "http://proxy.example.com")
        assert "sends the key unencrypted" in message(pilot, "base_url")
        await type_into(pilot, "#base_url", "https://eu.autosend.example")
        await type_into(pilot, "#name", "autosend-eu")
        await save(pilot)
        await wait_for(pilot, lambda: app.screen is screen)
        assert list(stored()) == ["autosend-eu"]  # renamed, not copied
        assert stored()["autosend-eu"]["key"] == SECRET  # kept though the field was empty
        assert stored()["autosend-eu"]["base_url"] == "https://eu.autosend.example"
        assert stat.S_IMODE(paths.profiles_file().stat().st_mode) == 0o600

        await row(pilot, screen, "autosend-eu")
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settled(pilot)
        assert stored() == {}
        assert [p.name for p in screen.profiles if not p.builtin] == []
        assert all(SECRET not in line for line in notifications(app))


async def test_built_in_profiles_can_be_tested_but_not_changed() -> None:
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_profiles(pilot)
        await row(pilot, screen, "sandbox-tether")
        assert screen.query_one("#edit", Button).disabled
        assert screen.query_one("#delete", Button).disabled
        await pilot.press("e", "x")
        await settled(pilot)
        assert app.screen is screen
        await pilot.press("t")
        await wait_for(pilot, lambda: "sandbox-tether" in screen.tests)
        assert screen.tests["sandbox-tether"].ok
        text = screen_text(app)
        assert "sandbox-tether: ✓ 200 OK in" in text and "the key works" in text


async def test_the_forms_test_connection_reports_a_refused_key() -> None:
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_profiles(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileForm))
        await type_into(pilot, "#name", "no-key")
        form(pilot).query_one("#vendor", Select).value = "kibamail"
        await settled(pilot)
        assert form(pilot).query_one("#base_url", Input).value == "https://api.kibamail.com"
        await type_into(pilot, "#base_url", "sandbox://kibamail")
        assert message(pilot, "base_url") == "the built-in sandbox on this machine"
        form(pilot).query_one("#key_source", Select).value = "none"
        await settled(pilot)
        form(pilot).query_one("#test", Button).press()
        await wait_for(pilot, lambda: "401" in screen_text(app))
        assert "✗ 401 Unauthorized after" in screen_text(app)
        assert not paths.profiles_file().exists()  # testing saves nothing


async def test_key_from_an_environment_variable_and_the_reveal_toggle() -> None:
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_profiles(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileForm))
        await type_into(pilot, "#key", SECRET)
        form(pilot).query_one("#reveal", Checkbox).value = True
        await settled(pilot)
        assert SECRET in screen_text(app)  # shown only because the user asked
        form(pilot).query_one("#reveal", Checkbox).value = False
        await settled(pilot)
        assert SECRET not in screen_text(app)
        await type_into(pilot, "#name", "from-env")
        form(pilot).query_one("#key_source", Select).value = "env"
        await settled(pilot)
        await save(pilot)
        assert "Variable: say where the key comes from" in screen_text(app)
        await type_into(pilot, "#key_env", "AUTOSEND_KEY")
        await save(pilot)
        await wait_for(pilot, lambda: not isinstance(app.screen, ProfileForm))
        assert stored()["from-env"] == {"vendor": "autosend",
                                        "base_url": "https://api.autosend.com",
                                        "key_env": "AUTOSEND_KEY", "connect_timeout": 5.0,
                                        "read_timeout": 30.0}
        assert "key from $AUTOSEND_KEY" in screen_text(app)


async def test_a_broken_profiles_toml_is_reported_and_left_alone() -> None:
    file = paths.profiles_file()
    file.parent.mkdir(parents=True)
    broken = b"[profiles.x]\nvendor = \n"
    file.write_bytes(broken)
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_profiles(pilot)
        text = screen_text(app)
        assert f"{file}:2:" in text and "invalid TOML" in text
        assert screen.profiles[0].name == "sandbox-autosend"
        assert screen.query_one("#add", Button).disabled
        await pilot.press("a")
        await settled(pilot)
        assert app.screen is screen
    assert file.read_bytes() == broken


@pytest.mark.parametrize(("key", "problem"), [
    ("", "type the API key"),
    ("AS_ has space", "no spaces"),
    ("kb_123", "AutoSend keys start with AS_ or as_"),
])
def test_key_checks(key: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        check_key(key, ("AS_", "as_"), "AutoSend")


def test_a_vendor_without_prefixes_takes_any_key() -> None:
    assert check_key("anything-goes", (), "Omnisend") == ""


@pytest.mark.parametrize(("url", "outcome"), [
    ("", "empty: the vendor's public API"),
    ("https://api.autosend.com", ""),
    ("http://127.0.0.1:8765/autosend", ""),
    ("http://localhost:8080", ""),
    ("http://example.com", "sends the key unencrypted"),
    ("sandbox://autosend", "the built-in sandbox on this machine"),
    ("sandbox://tether", ValueError("sandbox for this vendor is sandbox://autosend")),
    ("ftp://x", ValueError("starts with https://")),
    ("https://", ValueError("names no host")),
    ("https://x:99999", ValueError("not a valid URL")),
    ("https://x/api?v=1", ValueError("no ?query")),
])
def test_base_url_checks(url: str, outcome: str | ValueError) -> None:
    if isinstance(outcome, ValueError):
        with pytest.raises(ValueError, match=str(outcome).replace("?", r"\?")):
            check_base_url(url, "autosend")
    else:
        assert outcome in check_base_url(url, "autosend")
        assert bool(outcome) == bool(check_base_url(url, "autosend"))


def test_snapshot_of_the_profiles_screen(snap_compare: Any) -> None:
    save_profile(Profile(name="autosend-live", vendor="autosend",
                         base_url="https://api.autosend.com", key=SECRET))
    save_profile(Profile(name="tether-ci", vendor="tether", key_env="TETHER_TOKEN",
                         headers={"X-Team": "growth"}))

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_profiles(pilot)

    assert snap_compare(host(), terminal_size=(120, 30), run_before=run_before)
    assert load_user_profiles()["autosend-live"].key is not None


def test_snapshot_of_the_edit_form(snap_compare: Any) -> None:
    save_profile(Profile(name="autosend-live", vendor="autosend",
                         base_url="https://api.autosend.com", key=SECRET,
                         headers={"X-Team": "growth"}))

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await open_profiles(pilot)
        await row(pilot, screen, "autosend-live")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ProfileForm))
        await settled(pilot)

    assert snap_compare(host(), terminal_size=(100, 36), run_before=run_before)


async def test_from_home_p_opens_the_profiles_and_escape_comes_back() -> None:
    app = app_on()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await settled(pilot)
        assert "sandbox-autosend" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is home)

"""The store: paths, profiles.toml (permissions, parse errors, key sources), history."""

from __future__ import annotations

import json
import os
import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr

from tui.store import history, paths, toml_text
from tui.store.history import MAX_BODY_BYTES, HistoryEntry
from tui.store.profiles import (
    Profile,
    ProfileError,
    builtin_profiles,
    get_profile,
    list_profiles,
    load_user_profiles,
    remove_profile,
    save_profile,
)

SECRET = "AS_live_5e5e5e5e5e5e5e5e"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# paths -------------------------------------------------------------------------------------

def test_paths_follow_the_xdg_variables(_isolated_dirs: Path) -> None:
    home = _isolated_dirs
    assert paths.profiles_file() == home / "config" / "flowdeck" / "profiles.toml"
    assert paths.config_file() == home / "config" / "flowdeck" / "config.toml"
    assert paths.history_file() == home / "data" / "flowdeck" / "history.jsonl"
    assert paths.drafts_dir() == home / "data" / "flowdeck" / "drafts"
    assert list(paths.locations()) == ["config", "profiles", "settings", "data", "drafts",
                                       "history"]


def test_a_relative_xdg_variable_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
    assert paths.config_dir().is_absolute()


# TOML writer -------------------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_scalars = st.one_of(_text, st.integers(-10**12, 10**12), st.booleans(),
                     st.floats(allow_nan=False, allow_infinity=True))


@given(st.dictionaries(_text, st.one_of(_scalars, st.dictionaries(_text, _scalars, max_size=4)),
                       max_size=5))
def test_toml_writer_round_trips_through_tomllib(document: dict) -> None:
    assert tomllib.loads(toml_text.dumps(document)) == document


@pytest.mark.parametrize("name", ["0\n", "a\n", "key\r\n"])
def test_toml_writer_quotes_keys_ending_in_a_line_break(name: str) -> None:
    document = {name: "", "table": {name: 1}}
    assert tomllib.loads(toml_text.dumps(document)) == document


def test_toml_writer_refuses_what_it_cannot_write() -> None:
    with pytest.raises(TypeError):
        toml_text.dumps({"a": [1, 2]})


# profiles ----------------------------------------------------------------------------------

def _profile(**fields: object) -> Profile:
    defaults: dict[str, object] = {"name": "live", "vendor": "autosend",
                                   "base_url": "https://api.autosend.com"}
    return Profile.model_validate({**defaults, **fields})


def test_profiles_round_trip_through_a_private_file() -> None:
    stored = _profile(key=SECRET, headers={"X-Team": "growth"}, read_timeout=12.5)
    by_env = _profile(name="ci", vendor="omnisend", base_url="", key_env="OMNISEND_KEY")
    save_profile(stored)
    save_profile(by_env)
    path = paths.profiles_file()
    assert _mode(path) == 0o600
    loaded = load_user_profiles()
    assert list(loaded) == ["live", "ci"]
    assert loaded["live"] == stored
    assert loaded["live"].resolve_key() == SECRET
    assert loaded["ci"] == by_env
    assert tomllib.loads(path.read_text())["profiles"]["live"]["headers"] == {"X-Team": "growth"}


def test_builtin_sandbox_profiles_come_first_and_are_not_stored() -> None:
    save_profile(_profile(key_env="AUTOSEND_KEY"))
    names = [p.name for p in list_profiles()]
    assert names[:5] == [f"sandbox-{v}" for v in
                         ("autosend", "kibamail", "omnisend", "qonversion", "tether")]
    assert names[5:] == ["live"]
    assert "sandbox-" not in paths.profiles_file().read_text()
    sandbox = get_profile("sandbox-qonversion")
    assert sandbox.builtin and sandbox.is_sandbox
    assert sandbox.base_url == "sandbox://qonversion"
    assert sandbox.resolve_key() == "test_sk_sandbox"


def test_builtin_names_are_reserved() -> None:
    with pytest.raises(ProfileError, match="built-in"):
        save_profile(_profile(name="sandbox-autosend"))
    with pytest.raises(ProfileError, match="built-in"):
        remove_profile("sandbox-autosend")


def test_add_refuses_a_duplicate_unless_replacing_and_remove_deletes() -> None:
    save_profile(_profile(key_env="A"))
    with pytest.raises(ProfileError, match="--replace"):
        save_profile(_profile(key_env="B"))
    save_profile(_profile(key_env="B"), replace=True)
    assert get_profile("live").key_env == "B"
    remove_profile("live")
    assert load_user_profiles() == {}
    with pytest.raises(ProfileError, match="no profile named 'live'"):
        remove_profile("live")


def test_unknown_profile_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError, match=r"no profile named 'nope' .*sandbox-autosend"):
        get_profile("nope")


def test_a_key_file_readable_by_others_is_refused_with_the_fix() -> None:
    save_profile(_profile(key=SECRET))
    path = paths.profiles_file()
    path.chmod(0o644)
    with pytest.raises(ProfileError) as caught:
        list_profiles()
    message = str(caught.value)
    assert f"chmod 600 {path}" in message
    assert SECRET not in message
    path.chmod(0o600)
    assert get_profile("live").resolve_key() == SECRET


def test_a_file_without_keys_may_be_readable_by_others() -> None:
    save_profile(_profile(key_env="AUTOSEND_KEY"))
    paths.profiles_file().chmod(0o644)
    assert get_profile("live").key_env == "AUTOSEND_KEY"


def test_a_corrupt_file_is_reported_with_line_and_column_and_never_rewritten() -> None:
    path = paths.profiles_file()
    path.parent.mkdir(parents=True)
    original = b'[profiles.live]\nvendor = "autosend"\nkey_env = "A\n'
    path.write_bytes(original)
    with pytest.raises(ProfileError) as caught:
        list_profiles()
    assert str(caught.value).startswith(f"{path}:3:")
    with pytest.raises(ProfileError):
        save_profile(_profile(name="other", key_env="B"))
    with pytest.raises(ProfileError):
        remove_profile("live")
    assert path.read_bytes() == original


@pytest.mark.parametrize(("table", "expected"), [
    ('vendor = "nope"', "profiles.live.vendor: unknown vendor 'nope' (known: autosend"),
    ('vendor = "autosend"\nread_timeout = "x"', "profiles.live.read_timeout: Input should be"),
    ('vendor = "autosend"\ncolour = "red"', "profiles.live.colour: Extra inputs"),
    ('vendor = "autosend"\nkey_env = "A"\nkey_command = "b"',
     "profiles.live: give one of key, key_env, key_command"),
    ('vendor = "autosend"\nbase_url = "ftp://x"', "profiles.live.base_url: 'ftp://x' is not"),
    ('vendor = "autosend"\nbase_url = "http://"', "profiles.live.base_url: 'http://' is not"),
    ('vendor = "autosend"\nbase_url = "https://a b"', "profiles.live.base_url:"),
    ('vendor = "autosend"\n[profiles.live.headers]\n"Bad Name" = "x"', "not a valid header"),
])
def test_an_invalid_profile_names_the_file_profile_and_field(table: str, expected: str) -> None:
    path = paths.profiles_file()
    path.parent.mkdir(parents=True)
    path.write_text(f"[profiles.live]\n{table}\n")
    with pytest.raises(ProfileError) as caught:
        list_profiles()
    assert str(caught.value).startswith(f"{path}: ")
    assert expected in str(caught.value)


def test_the_key_never_shows_in_a_repr() -> None:
    profile = _profile(key=SECRET)
    assert SECRET not in repr(profile)
    assert SECRET not in str(profile.model_dump())


def test_key_env(monkeypatch: pytest.MonkeyPatch) -> None:
    profile = _profile(key_env="FLOWDECK_TEST_KEY")
    monkeypatch.delenv("FLOWDECK_TEST_KEY", raising=False)
    with pytest.raises(ProfileError, match="FLOWDECK_TEST_KEY is not set"):
        profile.resolve_key()
    monkeypatch.setenv("FLOWDECK_TEST_KEY", f" {SECRET}\n")
    assert profile.resolve_key() == SECRET
    assert profile.describe_auth() == "key from $FLOWDECK_TEST_KEY"


def test_key_command() -> None:
    assert _profile(key_command=f"printf '{SECRET}\\n'").resolve_key() == SECRET
    with pytest.raises(ProfileError, match="exited with status 3: locked"):
        _profile(key_command="echo locked >&2; exit 3").resolve_key()
    with pytest.raises(ProfileError, match="printed no key"):
        _profile(key_command="true").resolve_key()


def test_builtins_cover_every_vendor() -> None:
    from tui.vendors import VENDORS

    assert {p.vendor for p in builtin_profiles()} == set(VENDORS)
    assert all(isinstance(p.key, SecretStr) for p in builtin_profiles())


# history -----------------------------------------------------------------------------------

def _entry(n: int, body: str = "{}") -> HistoryEntry:
    return HistoryEntry(profile="live", vendor="autosend", workflow_name=f"flow {n}",
                        workflow={"name": f"flow {n}"}, request={"method": "POST"},
                        outcome="ok", status=201, elapsed=0.1, created_id=f"id-{n}",
                        response_body=body)


def test_history_appends_and_reads_newest_first() -> None:
    for n in range(3):
        history.append(_entry(n))
    log = history.read()
    assert [e.created_id for e in log.entries] == ["id-2", "id-1", "id-0"]
    assert log.skipped == []
    assert log.entries[0].workflow == {"name": "flow 2"}
    assert [e.created_id for e in history.read(limit=2).entries] == ["id-2", "id-1"]
    assert _mode(paths.history_file()) == 0o600


def test_history_truncates_bodies_past_one_megabyte() -> None:
    big = "é" * MAX_BODY_BYTES
    history.append(_entry(1, big).model_copy(update={"followups": [{"response_body": big}]}))
    entry = history.read().entries[0]
    assert entry.truncated
    assert entry.followups[0]["truncated"] is True
    assert len(str(entry.followups[0]["response_body"]).encode()) < MAX_BODY_BYTES + 100
    kept, _, marker = entry.response_body.partition("\n…[flowdeck: response body truncated")
    assert len(kept.encode()) <= MAX_BODY_BYTES
    assert marker.startswith(f", {MAX_BODY_BYTES} more bytes")


def test_a_corrupt_history_line_is_skipped_and_reported() -> None:
    history.append(_entry(1))
    with paths.history_file().open("a") as handle:
        handle.write('{"half a line\n')
        handle.write(json.dumps({"profile": "x"}) + "\n")
    history.append(_entry(2))
    log = history.read()
    assert [e.created_id for e in log.entries] == ["id-2", "id-1"]
    assert len(log.skipped) == 2
    assert log.skipped[0].startswith(f"{paths.history_file()}:2: ")
    assert log.skipped[1].startswith(f"{paths.history_file()}:3: ")


def test_missing_history_is_empty() -> None:
    assert history.read().entries == []
    assert not os.path.exists(paths.history_file())

"""Copy notices: OSC 52 named, with the caveats of the terminal at hand; export never clobbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from apphelp import app_on, settle
from screenhelp import host, notifications, settled, wait_for, workflow_for
from textual.widgets import Input

from tui.clipboard import (
    OSC52_COMFORTABLE,
    copy_notice,
    copy_text,
    curl_note,
    export_name,
    export_payload,
    payload_text,
    workflow_text,
)
from tui.model.errors import InputError
from tui.screens.path_prompt import PathScreen
from tui.store.documents import load_document
from tui.store.profiles import Profile, get_profile


def test_a_copy_says_osc_52_and_ssh() -> None:
    message, severity = copy_notice("the payload", "{}", {})
    assert message == ("Copied the payload (2 bytes) with OSC 52: your terminal's clipboard, "
                       "which works over SSH too.")
    assert severity == "information"


@pytest.mark.parametrize(("env", "text", "caveat"), [
    ({"TERM_PROGRAM": "Apple_Terminal"}, "x", "macOS Terminal ignores OSC 52"),
    ({"TMUX": "/tmp/tmux-0/default,1,0"}, "x", "set -g set-clipboard on"),
    ({}, "x" * (OSC52_COMFORTABLE + 1), "some terminals drop copies this large"),
])
def test_the_terminals_caveats_turn_the_notice_into_a_warning(env: dict[str, str], text: str,
                                                              caveat: str) -> None:
    message, severity = copy_notice("it", text, env)
    assert caveat in message and severity == "warning"


async def test_copy_text_fills_app_clipboard_and_notifies() -> None:
    app = host()
    async with app.run_test(notifications=True) as pilot:
        copy_text(app, "hello", "a word", note="Nothing else.")
        await settled(pilot)
        assert app.clipboard == "hello"
        assert notifications(app)[-1].endswith("works over SSH too. Nothing else.")


def test_payload_and_workflow_texts_are_what_files_hold() -> None:
    workflow = workflow_for("kibamail")
    assert '"trigger"' in payload_text(workflow)
    assert workflow_text(workflow).startswith('{\n  "format": 1,')


@pytest.mark.parametrize(("profile", "note"), [
    (get_profile("sandbox-omnisend"), "start that first"),
    (Profile(name="a", vendor="omnisend", key="k" * 12), "put yours in its place"),
    (Profile(name="a", vendor="omnisend", key_env="OMNI"), "$OMNI"),
    (Profile(name="a", vendor="omnisend", key_command="pass omni"), "`pass omni`"),
    (Profile(name="a", vendor="omnisend"), ""),
])
def test_the_curl_note_says_where_the_key_comes_from(profile: Profile, note: str) -> None:
    assert note in curl_note(profile)


def test_export_writes_the_payload_and_never_overwrites(tmp_path: Path) -> None:
    workflow = workflow_for("qonversion")
    target = tmp_path / export_name(workflow)
    assert target.name.endswith(".qonversion.json")
    export_payload(workflow, target)
    assert target.read_text() == payload_text(workflow)
    assert load_document(target).source_vendor == "qonversion"  # opens again as a payload
    with pytest.raises(InputError, match="already exists"):
        export_payload(workflow, target)


async def test_outline_keys_copy_the_payload_and_the_workflow_and_export(
        tmp_path: Path) -> None:
    app = app_on("welcome")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        workflow = app.screen.workflow  # type: ignore[attr-defined]
        await pilot.press("c")
        assert app.clipboard == payload_text(workflow)
        assert "Copied the payload" in notifications(app)[-1]
        await pilot.press("C")
        assert app.clipboard == workflow_text(workflow)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, PathScreen))
        offered = app.screen.query_one(Input).value
        assert offered.endswith(f"app/{export_name(workflow)}")  # next to the workflow file
        exported = tmp_path / export_name(workflow)
        app.screen.query_one(Input).value = str(exported)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, PathScreen))
        assert exported.read_text() == payload_text(workflow)
        assert f"Exported the payload to {exported}" in notifications(app)[-1]

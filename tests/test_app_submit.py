"""The submit modal driven like a person would: against the built-in sandbox of every vendor."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
import pytest
from apphelp import QUIET, app_on, settle
from screenhelp import (
    SECRET,
    host,
    notifications,
    payload,
    screen_text,
    settled,
    wait_for,
    workflow_for,
)
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox

from tui import vendors
from tui.app import FlowdeckApp
from tui.client import CallResult, SendResult, prepare
from tui.commands import screen_commands
from tui.model.problems import error
from tui.model.workflow import Workflow
from tui.sandbox.server import ensure_running
from tui.screens import submit as submit_module
from tui.screens.builder import BuilderScreen
from tui.screens.confirm import ConfirmScreen
from tui.screens.submit import SubmitOutcome, SubmitScreen
from tui.store import history, paths
from tui.store.documents import Document
from tui.store.profiles import Profile, get_profile
from widgets.problems import ProblemList

VENDORS = tuple(vendors.VENDORS)


def creates(vendor: str) -> int:
    """The sandbox's own count of create requests for a vendor (dropped ones too)."""
    log = httpx.get(f"{ensure_running()}/_sandbox/requests", timeout=5).json()["requests"]
    return sum(1 for r in log if r["vendor"] == vendor and r["operation"] == "create")


async def open_submit(pilot: Pilot[Any], workflow: Workflow,
                      profiles: list[Profile] | None = None) -> list[SubmitOutcome]:
    """Push the modal over the home screen; the list collects what it dismisses with."""
    outcomes: list[SubmitOutcome] = []
    pilot.app.push_screen(SubmitScreen(workflow, profiles=profiles), outcomes.append)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SubmitScreen))
    await settled(pilot)
    return outcomes


def modal(app: FlowdeckApp) -> SubmitScreen:
    assert isinstance(app.screen, SubmitScreen)
    return app.screen


async def press(pilot: Pilot[Any], selector: str) -> None:
    """Press a button of the modal (a click could land on a notification toast over it)."""
    pilot.app.screen.query_one(selector, Button).press()
    await pilot.pause()


async def send_and_wait(pilot: Pilot[Any]) -> SendResult:
    screen = modal(pilot.app)  # type: ignore[arg-type]
    await press(pilot, "#send")
    await wait_for(pilot, lambda: screen.result is not None and not screen.in_flight)
    await settled(pilot)
    assert screen.result is not None
    return screen.result


@pytest.mark.parametrize("vendor", VENDORS)
async def test_each_vendor_creates_on_its_sandbox_and_the_history_records_it(
        vendor: str) -> None:
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_submit(pilot, workflow_for(vendor))
        screen = modal(app)
        assert screen.profile is not None and screen.profile.name == f"sandbox-{vendor}"
        result = await send_and_wait(pilot)
        assert result.exit_code == 0, result.summary()
        created = result.created_id
        assert created
        assert f"Created automation {created}" in screen_text(app)
        (entry,) = history.read().entries
        assert (entry.profile, entry.vendor, entry.created_id) == (f"sandbox-{vendor}", vendor,
                                                                    created)
        assert entry.workflow is not None and entry.workflow["name"] == screen.workflow.name
        await pilot.press("escape")
        await settled(pilot)
        assert not isinstance(app.screen, SubmitScreen)


async def test_the_modal_lists_the_vendors_profiles_sandbox_first_and_shows_the_request(
        ) -> None:
    mine = Profile(name="mine", vendor="kibamail", base_url="https://api.kibamail.com",
                   key_env="KIBAMAIL_KEY")
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_submit(pilot, workflow_for("kibamail"),
                          [get_profile("sandbox-kibamail"), mine])
        screen = modal(app)
        text = screen_text(app)
        assert text.index("sandbox-kibamail") < text.index("mine")
        assert "POST sandbox://kibamail/v1/automations" in text
        assert "Authorization: Bearer kb_****" in text
        assert "Body: " in text and "of JSON" in text
        await pilot.press("down")
        text = screen_text(app)
        assert "POST https://api.kibamail.com/v1/automations" in text
        assert "key from $KIBAMAIL_KEY" in text
        publish = screen.query_one("#life-publish", Checkbox)
        assert [box.id for box in screen.query(Checkbox)] == ["life-publish"]
        publish.value = True
        await settled(pilot)
        assert "then POST https://api.kibamail.com/v1/automations/{id}/publish" in screen_text(
            app)
        assert screen.submission is not None and screen.chosen_lifecycle == ["publish"]


async def test_a_lifecycle_option_runs_after_the_create() -> None:
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_submit(pilot, workflow_for("kibamail"))
        modal(app).query_one("#life-publish", Checkbox).value = True
        await settled(pilot)
        result = await send_and_wait(pilot)
        assert result.exit_code == 0, result.summary()
        assert [call.request.label for call in result.followups] == ["publish"]
        assert "publish: done" in screen_text(app)


async def test_errors_block_sending_and_warnings_do_not() -> None:
    broken = Workflow(vendor="omnisend", name="nothing yet")
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_submit(pilot, broken)
        screen = modal(app)
        assert screen.submission is not None and screen.submission.blocking
        assert screen.query_one("#send", Button).disabled
        assert "3 errors to fix before sending" not in screen_text(app)
        assert "2 errors to fix before sending" in screen_text(app)
        assert "BLOCKS_REQUIRED" in screen_text(app)
        await press(pilot, "#send")
        await settled(pilot)
        assert screen.result is None and history.read().entries == []


async def test_activation_errors_block_only_when_activating() -> None:
    """An AutoSend draft needs no email step; activating it in the create call does."""
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_submit(pilot, Workflow(vendor="autosend", name="a draft"))
        screen = modal(app)
        send = screen.query_one("#send", Button)
        assert not send.disabled
        screen.query_one("#life-activate", Checkbox).value = True
        await settled(pilot)
        assert send.disabled
        assert "untick it to create a draft" in screen_text(app)

    noted = workflow_for("autosend")
    first = noted.steps[0].model_copy(update={"note": "a reminder for me"})
    noted = noted.model_copy(update={"steps": [first, *noted.steps[1:]]})
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_submit(pilot, noted)
        screen = modal(app)
        assert screen.submission is not None and not screen.submission.blocking
        assert "warning" in screen_text(app) and "(sent anyway)" in screen_text(app)
        assert not screen.query_one("#send", Button).disabled


REFUSALS = {
    "omnisend": (lambda body: body.update(blocks=body["blocks"][:1]), "DELAY_AT_END", "wait-5m"),
    "tether": (lambda body: body.update(actions={"changeToStatus": ""}), "invalid_request",
               "contact_1"),
}
"""How to spoil a vendor's example so its sandbox refuses it, the code and the step named."""


@pytest.mark.parametrize("vendor", sorted(REFUSALS))
async def test_a_vendor_refusal_lists_its_codes_on_the_steps_and_choosing_one_returns_it(
        vendor: str, monkeypatch: pytest.MonkeyPatch) -> None:
    spoil, code, step = REFUSALS[vendor]
    body = payload(vendor)
    spoil(body)
    workflow = vendors.get(vendor).parse(body)

    def lenient(*args: Any, **kwargs: Any) -> Any:
        """Our own check would stop this; pretend the vendor is stricter than us."""
        return dataclasses.replace(prepare(*args, **kwargs), problems=())

    monkeypatch.setattr(submit_module, "prepare", lenient)
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        outcomes = await open_submit(pilot, workflow)
        result = await send_and_wait(pilot)
        assert result.create.status == 400 and result.created_id is None
        assert [(p.code, p.step_id) for p in result.problems] == [(code, step)]
        text = screen_text(app)
        assert "Not created" in text and code in text and f"step {step}" in text
        listing = modal(app).query_one("#vendor-errors", ProblemList)
        assert app.focused is listing
        await pilot.press("enter")
        await settled(pilot)
    (outcome,) = outcomes
    assert outcome.result is result
    assert outcome.chosen is not None and outcome.chosen.step_id == step
    assert history.read().entries[0].outcome == "rejected"


async def test_escape_cancels_a_slow_request_and_says_it_may_still_be_created() -> None:
    slow = Profile(name="slow", vendor="qonversion", base_url="sandbox://qonversion",
                   key="test_sk_slow", headers={"X-Sandbox-Latency": "3"})
    app = host()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_submit(pilot, workflow_for("qonversion"), [slow])
        screen = modal(app)
        before = creates("qonversion")
        await press(pilot, "#send")
        await wait_for(pilot, lambda: screen._sending is not None)
        send = screen.query_one("#send", Button)
        assert send.disabled and str(send.label) == "Sending…"
        await press(pilot, "#send")  # a second press while in flight does nothing
        first = screen_text(app)
        await pilot.pause(0.4)  # the UI keeps running: the elapsed time moves on
        assert "Sending to Qonversion…" in first and screen_text(app) != first
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, SubmitScreen) and not screen.in_flight
        text = screen_text(app)
        assert "cancelled after" in text and "may still create the automation" in text
        (entry,) = history.read().entries
        assert entry.outcome == "network_error" and "cancelled" in entry.message
        await pilot.pause(3.2)  # long enough for the sandbox to finish the request
        assert creates("qonversion") == before + 1  # sent once, never retried


async def test_sending_the_same_workflow_again_to_the_same_profile_asks_first() -> None:
    app = host()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_submit(pilot, workflow_for("tether"))
        before = creates("tether")
        first = await send_and_wait(pilot)
        await press(pilot, "#back")
        await settled(pilot)
        await press(pilot, "#send")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert first.created_id and first.created_id in screen_text(app)
        await pilot.press("n")
        await settled(pilot)
        assert len(history.read().entries) == 1 and creates("tether") == before + 1
        await press(pilot, "#send")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: modal(app).result is not first and not modal(
            app).in_flight)
        assert len(history.read().entries) == 2 and creates("tether") == before + 2


async def test_no_key_on_screen_in_notifications_history_or_the_copied_curl() -> None:
    secret = Profile(name="live", vendor="autosend", base_url="sandbox://autosend",
                     key=SECRET)
    app = host()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_submit(pilot, workflow_for("autosend"), [secret])
        seen = [screen_text(app)]
        await press(pilot, "#curl")
        await settled(pilot)
        assert "Authorization: Bearer AS_****" in app.clipboard
        assert "OSC 52" in notifications(app)[-1] and "SSH" in notifications(app)[-1]
        await send_and_wait(pilot)
        seen.append(screen_text(app))
        seen += notifications(app)
        seen.append(app.clipboard)
    seen.append(paths.history_file().read_text())
    assert all(SECRET not in text for text in seen)
    assert "AS_****" in seen[0]


def canned_result(vendor: str) -> SendResult:
    """A finished send with fixed time, id and body, for snapshots."""
    sub = prepare(workflow_for(vendor), get_profile(f"sandbox-{vendor}"))
    body = '{"success": true, "data": {"id": "wf_0000000000000001", "name": "Welcome"}}'
    create = CallResult(sub.create_request(), "ok",
                        "create: created automation wf_0000000000000001 (201, 0.04 s)",
                        status=201, reason="Created", elapsed=0.04, body=body,
                        data={"success": True, "data": {"id": "wf_0000000000000001"}})
    return SendResult(sub, create)


def refused_result() -> SendResult:
    sub = prepare(workflow_for("omnisend"), get_profile("sandbox-omnisend"))
    body = '{"errors": [{"code": "DELAY_AT_END", "message": "ends with a delay"}]}'
    problem = error("a workflow cannot end with a delay", "DELAY_AT_END", step_id="wait-5m")
    create = CallResult(sub.create_request(), "rejected",
                        "create: 400 Bad Request: the vendor refused the create", status=400,
                        reason="Bad Request", elapsed=0.03, body=body, problems=(problem,))
    return SendResult(sub, create)


def test_snapshot_of_the_submit_modal(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_submit(pilot, workflow_for("autosend"))

    assert snap_compare(host(), terminal_size=(120, 40), run_before=run_before)


def test_snapshot_of_the_result_view(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_submit(pilot, workflow_for("autosend"))
        modal(pilot.app).show_result(canned_result("autosend"))  # type: ignore[arg-type]
        await settled(pilot)

    assert snap_compare(host(), terminal_size=(120, 40), run_before=run_before)


def test_snapshot_of_a_refusal_with_its_steps(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_submit(pilot, workflow_for("omnisend"))
        modal(pilot.app).show_result(refused_result())  # type: ignore[arg-type]
        await settled(pilot)

    assert snap_compare(host(), terminal_size=(100, 32), run_before=run_before)


def test_the_response_body_is_cut_at_one_megabyte_with_a_note() -> None:
    from widgets.http_text import response_content

    body = '{"items": ["' + "x" * 1_200_000 + '"]}'
    content, note = response_content(body)
    assert len(content.plain.encode()) < 1_000_200
    assert note == "The body is 1.2 MB; only the first 1.0 MB is shown."
    small, none = response_content('{"ok": true}')
    assert '"ok": true' in small.plain and none == ""


async def test_f12_in_the_builder_sends_and_a_chosen_vendor_error_selects_its_step(
        monkeypatch: pytest.MonkeyPatch) -> None:
    spoil, code, step = REFUSALS["omnisend"]
    body = payload("omnisend")
    spoil(body)
    workflow = vendors.get("omnisend").parse(body)
    monkeypatch.setattr(submit_module, "prepare", lambda *args, **kwargs: dataclasses.replace(
        prepare(*args, **kwargs), problems=()))
    app = FlowdeckApp(Document(workflow, None), None, config=QUIET)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        builder = app.screen
        assert isinstance(builder, BuilderScreen) and builder.selected == "details"
        own = len(builder.problems)
        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(app.screen, SubmitScreen))
        await send_and_wait(pilot)
        await pilot.press("enter")  # on the vendor's error
        await wait_for(pilot, lambda: app.screen is builder)
        await settle(pilot)
        assert [(p.code, p.step_id) for p in builder.vendor_problems] == [(code, step)]
        assert builder.selected == f"step:{step}"
        listing = builder.query_one(ProblemList)
        assert listing.problems[own:] == builder.vendor_problems  # listed after our own
        assert "✗" in str(builder.outline.cursor_node.label)  # the step is marked
        assert "Send… F12" in screen_text(app)  # the builder's button for the same


async def test_the_palette_offers_send_and_a_curl_per_profile() -> None:
    app = app_on("welcome")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in screen_commands(app.screen)]
        assert "Send the workflow to a vendor: choose a profile, see the request, send" in titles
        assert "Copy curl command for sandbox-autosend" in titles
        curl = next(c for c in screen_commands(app.screen)
                    if c.title == "Copy curl command for sandbox-autosend")
        curl.run()
        await settle(pilot)
        assert app.clipboard.startswith("curl --request POST http://127.0.0.1:8765/autosend/")
        assert "Bearer AS_****" in app.clipboard

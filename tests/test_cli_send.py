"""`flowdeck send / profiles / locate` over real loopback sockets against the sandbox.

The sandbox runs in this process (`ensure_running()`, uvicorn on 127.0.0.1);
faults are asked for with the sandbox's headers set as profile headers, and the
sandbox's own request log proves how many creates actually arrived.
"""

from __future__ import annotations

import dataclasses
import io
import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tui import vendors
from tui.cli import main
from tui.client import prepare, send, send_async
from tui.model.document import dumps, workflow_to_data
from tui.sandbox import SANDBOX_KEYS
from tui.sandbox.server import ensure_running
from tui.store import history, paths
from tui.store.profiles import Profile, get_profile, save_profile

FIXTURES = Path(__file__).parent / "fixtures" / "send"
ALL = ["autosend", "kibamail", "omnisend", "qonversion", "tether"]
KEY = "test_sk_live_5ecret5ecret5ecret"
"""A key of the Qonversion shape the sandbox accepts; it must never be printed."""


class Run:
    """One CLI invocation's exit code and output."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"Run({self.code}, out={self.out[:300]!r}, err={self.err!r})"


@pytest.fixture
def flowdeck(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """Run `flowdeck ARGS…` in-process; every output ever produced is kept for key scans."""
    seen: list[str] = []

    def run(*argv: str) -> Run:
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        seen.extend((out, err))
        assert "Traceback" not in err, err
        return Run(code, out, err)

    run.seen = seen  # type: ignore[attr-defined]
    yield run


@pytest.fixture(scope="module")
def root() -> str:
    return ensure_running()


def creates(root: str, vendor: str) -> int:
    """How many create requests the sandbox has received for a vendor, dropped ones too."""
    log = httpx.get(f"{root}/_sandbox/requests", timeout=5).json()["requests"]
    return sum(1 for r in log if r["vendor"] == vendor and r["operation"] == "create")


def payload_file(vendor: str) -> Path:
    return FIXTURES / f"{vendor}.json"


def workflow_file(tmp_path: Path, vendor: str) -> Path:
    """The vendor's example payload as a *.flow.json workflow."""
    body = json.loads(payload_file(vendor).read_text())
    path = tmp_path / f"{vendor}.flow.json"
    path.write_text(dumps(workflow_to_data(vendors.get(vendor).parse(body))))
    return path


def live(root: str, vendor: str = "qonversion", *, key: str | None = KEY,
         headers: dict[str, str] | None = None, read_timeout: float = 5.0,
         connect_timeout: float = 1.0, base_url: str | None = None) -> str:
    """Store a user profile `live` aimed at the loopback sandbox; its name."""
    save_profile(Profile(name="live", vendor=vendor, base_url=base_url or f"{root}/{vendor}",
                         key=key, headers=headers or {}, connect_timeout=connect_timeout,
                         read_timeout=read_timeout), replace=True)
    return "live"


def last_history() -> history.HistoryEntry:
    return history.read(limit=1).entries[0]


# Exit 0 ------------------------------------------------------------------------------------

@pytest.mark.parametrize("vendor", ALL)
def test_a_payload_is_created_on_every_vendors_sandbox(flowdeck: Any, root: str,
                                                       vendor: str) -> None:
    before = creates(root, vendor)
    run = flowdeck("send", str(payload_file(vendor)), "--profile", f"sandbox-{vendor}", "--yes")
    assert run.code == 0, run
    new_id = last_history().created_id
    assert new_id and f"created automation {new_id}" in run.err
    assert new_id in run.out
    assert creates(root, vendor) == before + 1
    entry = last_history()
    assert (entry.profile, entry.vendor, entry.outcome) == (f"sandbox-{vendor}", vendor, "ok")
    assert entry.status in (200, 201)
    assert entry.workflow is not None and entry.request["method"] == "POST"


@pytest.mark.parametrize("vendor", ALL)
def test_a_workflow_is_created_and_activated(flowdeck: Any, root: str, tmp_path: Path,
                                             vendor: str) -> None:
    run = flowdeck("send", str(workflow_file(tmp_path, vendor)), "--profile",
                   f"sandbox-{vendor}", "--yes", "--activate")
    assert run.code == 0, run
    for lifecycle in vendors.get(vendor).info.lifecycle:
        if lifecycle.endpoint is not None:
            assert f"{lifecycle.option}: done" in run.err
    entry = last_history()
    assert all(call["outcome"] == "ok" for call in entry.followups)


# Exit 1 ------------------------------------------------------------------------------------

def test_a_workflow_with_errors_is_not_sent(flowdeck: Any, root: str, tmp_path: Path) -> None:
    flow = json.loads(workflow_file(tmp_path, "omnisend").read_text())
    flow["steps"] = [flow["steps"][0]]  # a delay cannot end an Omnisend sequence
    bad = tmp_path / "bad.flow.json"
    bad.write_text(json.dumps(flow))
    before = creates(root, "omnisend")
    run = flowdeck("send", str(bad), "--profile", "sandbox-omnisend", "--yes")
    assert run.code == 1, run
    assert f"{bad}: " in run.err and "not sent" in run.err
    assert creates(root, "omnisend") == before
    assert history.read().entries == []


def test_activation_problems_stop_activate_but_not_a_draft(flowdeck: Any, root: str,
                                                          tmp_path: Path) -> None:
    body = json.loads(payload_file("kibamail").read_text())
    _drop_template(body)
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps(body))
    before = creates(root, "kibamail")
    refused = flowdeck("send", str(draft), "--profile", "sandbox-kibamail", "--yes", "--activate")
    assert refused.code == 1, refused
    assert "send without --activate to create a draft" in refused.err
    assert creates(root, "kibamail") == before
    created = flowdeck("send", str(draft), "--profile", "sandbox-kibamail", "--yes")
    assert created.code == 0, created
    assert "step email-1: templateId: AUTOMATION_VALIDATION_FAILED" in created.err
    assert "(blocks activation, not the draft)" in created.err
    assert creates(root, "kibamail") == before + 1


def test_a_refused_key_is_exit_1_with_the_vendors_code(flowdeck: Any, root: str) -> None:
    profile = live(root, key="not_a_secret_key_prefix")
    run = flowdeck("send", str(payload_file("qonversion")), "--profile", profile, "--yes")
    assert run.code == 1, run
    assert "control_unauthorized" in run.err
    assert "401" in run.err


def test_429_reports_retry_after_and_creates_nothing_twice(flowdeck: Any, root: str) -> None:
    profile = live(root, headers={"X-Sandbox-Retry-After": "7"})
    before = creates(root, "qonversion")
    run = flowdeck("send", str(payload_file("qonversion")), "--profile", profile, "--yes")
    assert run.code == 1, run
    assert "retry after 7 s" in run.err
    assert creates(root, "qonversion") == before + 1
    assert last_history().outcome == "rate_limited"


def test_a_tty_asks_before_sending(flowdeck: Any, root: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    before = creates(root, "tether")
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    run = flowdeck("send", str(payload_file("tether")), "--profile", "sandbox-tether")
    assert (run.code, creates(root, "tether")) == (1, before)
    assert "[y/N]" in run.err and "not sent" in run.err
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    run = flowdeck("send", str(payload_file("tether")), "--profile", "sandbox-tether")
    assert (run.code, creates(root, "tether")) == (0, before + 1)


# Exit 2 ------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ("send", "FILE"),
    ("send", "FILE", "--profile", "sandbox-tether", "--dry-run", "--curl"),
    ("send", "FILE", "--profile", "nope"),
    ("send", "missing.json", "--profile", "sandbox-tether"),
    ("send", "FILE", "--profile", "sandbox-tether", "--lifecycle", "launch"),
    ("profiles", "show", "nope"),
    ("profiles", "add", "x", "--vendor", "nope"),
    ("profiles",),
])
def test_bad_usage_is_exit_2_in_one_line(flowdeck: Any, argv: tuple[str, ...]) -> None:
    argv = tuple(str(payload_file("tether")) if a == "FILE" else a for a in argv)
    run = flowdeck(*argv)
    assert run.code == 2, run
    assert len(run.err.strip().splitlines()) == 1


# Exit 3 ------------------------------------------------------------------------------------

def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_is_retried_then_exit_3(flowdeck: Any, root: str) -> None:
    profile = live(root, base_url=f"http://127.0.0.1:{_closed_port()}/qonversion")
    run = flowdeck("send", str(payload_file("qonversion")), "--profile", profile, "--yes")
    assert run.code == 3, run
    assert "tried 3 times" in run.err and "nothing was sent" in run.err


def test_a_connect_timeout_is_exit_3(flowdeck: Any, root: str) -> None:
    with socket.socket() as server:  # a listener whose backlog is full drops new SYNs
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        port = server.getsockname()[1]
        fillers = [socket.socket() for _ in range(3)]
        for filler in fillers:
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
        time.sleep(0.05)
        profile = live(root, base_url=f"http://127.0.0.1:{port}/qonversion", connect_timeout=0.2)
        run = flowdeck("send", str(payload_file("qonversion")), "--profile", profile, "--yes")
        for filler in fillers:
            filler.close()
    assert run.code == 3, run
    assert "no connection within the connect timeout" in run.err


@pytest.mark.parametrize(("headers", "words"), [
    ({"X-Sandbox-Latency": "2"}, "no answer within the read timeout"),
    ({"X-Sandbox-Drop": "1"}, "connection closed without an answer"),
])
def test_a_create_that_reached_the_server_is_never_retried(
        flowdeck: Any, root: str, headers: dict[str, str], words: str) -> None:
    profile = live(root, headers=headers, read_timeout=0.5)
    before = creates(root, "qonversion")
    run = flowdeck("send", str(payload_file("qonversion")), "--profile", profile, "--yes")
    assert run.code == 3, run
    assert words in run.err and "may have been created" in run.err
    assert creates(root, "qonversion") == before + 1
    assert last_history().outcome == "network_error"


def test_ctrl_c_while_waiting_is_exit_130_and_recorded_as_maybe_created(
        flowdeck: Any, root: str) -> None:
    """The create may have reached the vendor: the user is told, and the history says so."""
    import threading

    profile = live(root, headers={"X-Sandbox-Latency": "3"}, read_timeout=10)
    before = creates(root, "qonversion")
    timer = threading.Timer(0.5, signal.raise_signal, (signal.SIGINT,))
    timer.start()
    try:
        run = flowdeck("send", str(payload_file("qonversion")), "--profile", profile, "--yes")
    finally:
        timer.cancel()
    assert run.code == 130, run
    assert "cancelled after" in run.err and "may still create the automation" in run.err
    entry = last_history()
    assert (entry.profile, entry.outcome) == ("live", "network_error")
    assert creates(root, "qonversion") == before + 1


# Exit 4 ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("headers", "words"), [
    ({"X-Sandbox-Status": "500"}, "500 Internal Server Error"),
    ({"X-Sandbox-Status": "502", "X-Sandbox-Body": "html"}, "502 Error"),
    ({"X-Sandbox-Body": "malformed"}, "not JSON"),
])
def test_a_vendor_failure_is_exit_4(flowdeck: Any, root: str, headers: dict[str, str],
                                    words: str) -> None:
    profile = live(root, headers=headers)
    before = creates(root, "qonversion")
    run = flowdeck("send", str(payload_file("qonversion")), "--profile", profile, "--yes")
    assert run.code == 4, run
    assert words in run.err
    assert creates(root, "qonversion") == before + 1


# The vendors' own refusals, mapped back to steps ---------------------------------------------

def _reorder_autosend(body: dict[str, Any]) -> None:
    wait, email = body["steps"]
    del wait["nextStepId"]
    body["steps"] = [{**email, "nextStepId": wait["stepId"]}, wait]


def _drop_template(body: dict[str, Any]) -> None:
    del body["nodes"][1]["data"]["templateId"]


Refusal = tuple[Callable[[dict[str, Any]], None], str, str, str | None]
REFUSALS: dict[str, Refusal] = {
    "autosend": (_reorder_autosend, "INVALID_STEP_SEQUENCE", "step_email", None),
    "kibamail": (_drop_template, "AUTOMATION_VALIDATION_FAILED", "email-1", "publish"),
    "omnisend": (lambda body: body.update(blocks=body["blocks"][:1]), "DELAY_AT_END", "wait-5m",
                 None),
    "qonversion": (lambda body: body["data"].update(actions={"push": ""}), "invalid_data",
                   "push_1", None),
    "tether": (lambda body: body.update(actions={"changeToStatus": ""}), "invalid_request",
               "contact_1", None),
}
"""Per vendor: how to spoil the example payload, the vendor's code, the step it names, and
the lifecycle call that refuses it (None: the create itself; Kibamail checks at publish)."""


@pytest.mark.parametrize("vendor", ALL)
def test_a_vendors_refusal_comes_back_as_its_codes_on_the_steps(root: str, vendor: str) -> None:
    spoil, code, step, lifecycle = REFUSALS[vendor]
    body = json.loads(payload_file(vendor).read_text())
    spoil(body)
    profile = Profile(name="live", vendor=vendor, base_url=f"{root}/{vendor}",
                      key=SANDBOX_KEYS[vendor])
    sub = prepare(vendors.get(vendor).parse(body), profile, payload=body,
                  lifecycle=(lifecycle,) if lifecycle else ())
    assert sub.blocking  # our check agrees; send it anyway, as if the vendor were stricter
    result = send(dataclasses.replace(sub, problems=()))
    assert result.exit_code == 1
    assert [(p.code, p.step_id) for p in result.problems] == [(code, step)]
    if lifecycle is None:
        assert (result.create.status, result.created_id) == (400, None)
    else:  # the draft exists and is reported with its id; only the follow-up was refused
        assert result.created_id is not None
        assert f"created automation {result.created_id}" in result.summary()[0]
        assert result.followups[0].status == 400
        assert result.problems[0].phase == "activate"


async def test_the_async_path_starts_the_sandbox_for_a_builtin_profile() -> None:
    body = json.loads(payload_file("omnisend").read_text())
    sub = prepare(vendors.get("omnisend").parse(body), get_profile("sandbox-omnisend"),
                  payload=body, lifecycle=("enable",))
    result = await send_async(sub)
    assert result.exit_code == 0, result.summary()
    assert result.followups[0].data["isEnabled"] is True
    assert result.followups[0].request.url.startswith(ensure_running())


# Showing the request -----------------------------------------------------------------------

def test_dry_run_and_curl_send_nothing_and_mask_the_key(flowdeck: Any, root: str) -> None:
    profile = live(root)
    before = creates(root, "qonversion")
    dry = flowdeck("send", str(payload_file("qonversion")), "--profile", profile, "--dry-run")
    curl = flowdeck("send", str(payload_file("qonversion")), "--profile", profile, "--curl")
    assert (dry.code, curl.code) == (0, 0)
    assert dry.out.startswith(f"POST {root}/qonversion/v4/automations\n")
    assert "Authorization: Bearer test_sk_****" in dry.out
    assert curl.out.startswith("curl --request POST")
    assert "Authorization: Bearer test_sk_****" in curl.out
    assert creates(root, "qonversion") == before
    revealed = flowdeck("send", str(payload_file("qonversion")), "--profile", profile,
                        "--dry-run", "--reveal")
    assert f"Authorization: Bearer {KEY}" in revealed.out


def test_a_sandbox_profiles_request_is_shown_for_the_foreground_sandbox(flowdeck: Any) -> None:
    run = flowdeck("send", str(payload_file("tether")), "--profile", "sandbox-tether", "--curl")
    assert run.code == 0
    assert "http://127.0.0.1:8765/tether/api/automations" in run.out
    assert "flowdeck sandbox" in run.err


def test_the_key_never_appears_unless_revealed(flowdeck: Any, root: str, tmp_path: Path) -> None:
    file = str(payload_file("qonversion"))
    profile = live(root)
    flowdeck("send", file, "--profile", profile, "--yes")
    flowdeck("send", file, "--profile", profile, "--yes", "--activate")
    flowdeck("send", file, "--profile", profile, "--dry-run")
    flowdeck("send", file, "--profile", profile, "--curl")
    live(root, headers={"X-Sandbox-Status": "422"})
    flowdeck("send", file, "--profile", profile, "--yes")
    live(root, headers={"X-Sandbox-Drop": "1"})
    flowdeck("send", file, "--profile", profile, "--yes")
    flowdeck("profiles", "show", profile)
    flowdeck("profiles", "list")
    flowdeck("profiles", "list", "--json")
    assert len(history.read().entries) == 4
    texts = [*flowdeck.seen, paths.history_file().read_text()]
    assert all(KEY not in text for text in texts)
    assert KEY in flowdeck("profiles", "show", profile, "--reveal").out


# Profiles and locate -----------------------------------------------------------------------

def test_profiles_add_show_list_remove(flowdeck: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{KEY}\n"))
    added = flowdeck("profiles", "add", "prod", "--vendor", "qonversion", "--key-stdin",
                     "--header", "X-Team: growth", "--read-timeout", "12")
    assert added.code == 0, added
    assert paths.profiles_file().stat().st_mode & 0o777 == 0o600
    shown = flowdeck("profiles", "show", "prod")
    assert "https://api.qonversion.io (vendor default)" not in shown.out
    assert "base_url         https://api.qonversion.io" in shown.out
    assert "auth             key stored in profiles.toml: test_sk_****" in shown.out
    assert "header           X-Team: growth" in shown.out
    assert "read_timeout     12 s" in shown.out
    names = [row["name"] for row in json.loads(flowdeck("profiles", "list", "--json").out)]
    assert names[0] == "sandbox-autosend" and names[-1] == "prod"
    again = flowdeck("profiles", "add", "prod", "--vendor", "qonversion", "--key-env", "Q_KEY")
    assert again.code == 2 and "--replace" in again.err
    replaced = flowdeck("profiles", "add", "prod", "--vendor", "qonversion", "--key-env", "Q_KEY",
                        "--replace")
    assert replaced.code == 0
    assert "key from $Q_KEY" in flowdeck("profiles", "show", "prod").out
    assert flowdeck("profiles", "remove", "prod").code == 0
    assert flowdeck("profiles", "show", "prod").code == 2


def test_a_corrupt_profiles_file_is_reported_and_left_unchanged(flowdeck: Any) -> None:
    path = paths.profiles_file()
    path.parent.mkdir(parents=True)
    original = b"[profiles.live]\nvendor = 'qonversion'\nkey = \n"
    path.write_bytes(original)
    path.chmod(0o600)
    for argv in (("profiles", "list"), ("profiles", "remove", "live"),
                 ("profiles", "add", "x", "--vendor", "tether", "--key-env", "T"),
                 ("send", str(payload_file("tether")), "--profile", "sandbox-tether", "--yes")):
        run = flowdeck(*argv)
        assert run.code == 2, run
        assert f"{path}:3:" in run.err
    assert path.read_bytes() == original


def test_a_key_file_readable_by_others_is_refused(flowdeck: Any, root: str) -> None:
    live(root)
    paths.profiles_file().chmod(0o640)
    run = flowdeck("send", str(payload_file("qonversion")), "--profile", "live", "--yes")
    assert run.code == 2
    assert f"chmod 600 {paths.profiles_file()}" in run.err


def test_locate_prints_every_folder(flowdeck: Any) -> None:
    run = flowdeck("locate", "--json")
    assert json.loads(run.out) == {name: str(path) for name, path in paths.locations().items()}
    assert str(paths.history_file()) in flowdeck("locate").out


def test_sandbox_serves_in_the_foreground_until_interrupted() -> None:
    port = _closed_port()
    server = subprocess.Popen([sys.executable, "-m", "tui.cli", "sandbox", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                index = httpx.get(f"http://127.0.0.1:{port}/", timeout=1).json()
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, server.stderr
                time.sleep(0.05)
        assert set(index["vendors"]) == set(ALL)
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=10)
    assert f"127.0.0.1:{port}" in err


def test_sandbox_on_a_taken_port_is_one_line(flowdeck: Any) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        run = flowdeck("sandbox", "--port", str(taken.getsockname()[1]))
    assert run.code == 2
    assert "cannot listen on 127.0.0.1:" in run.err

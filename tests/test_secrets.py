"""Secrets: with profiles holding known keys, everything flowdeck prints or writes is scanned.

For every vendor, two profiles aim at the loopback sandbox: one with its key stored
in profiles.toml, one taking it from an environment variable (`key_env`). The CLI
sends through both — created, activated, refused (401, 422), failing (500), cut off
(a dropped connection), a body the server garbles — shows dry runs and curl
commands, lists and shows the profiles, and exports workflows and payloads; a draft
is written. Then stdout, stderr, the history, the drafts and every file written are
searched for either key: the stored key is found only in profiles.toml (mode
0600), the environment's nowhere. With `--reveal` the keys are printed, as asked.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.cli import main
from tui.sandbox.server import ensure_running
from tui.store import paths
from tui.store.drafts import DraftStore
from tui.store.profiles import Profile, save_profile
from tui.vendors import get, vendor_ids

SEND_FIXTURES = Path(__file__).parent / "fixtures" / "send"
FAULTS: dict[str, dict[str, str]] = {
    "": {},
    "-401": {"X-Sandbox-Status": "401"},
    "-422": {"X-Sandbox-Status": "422"},
    "-500": {"X-Sandbox-Status": "500"},
    "-drop": {"X-Sandbox-Drop": "1"},
    "-garbled": {"X-Sandbox-Body": "malformed"},
}
"""Profile name suffix → the sandbox fault its requests ask for."""


class Outputs:
    """Runs `flowdeck` in-process and keeps every byte it printed, for the scan."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys
        self.texts: list[str] = []

    def __call__(self, *argv: str) -> str:
        main(list(argv))
        out, err = self.capsys.readouterr()
        self.texts.extend((out, err))
        assert "Traceback" not in err, err
        return out + err


@pytest.fixture(scope="module")
def root() -> str:
    return ensure_running()


@pytest.fixture
def flowdeck(capsys: pytest.CaptureFixture[str]) -> Iterator[Outputs]:
    yield Outputs(capsys)


def key(vendor: str, where: str) -> str:
    """A key of the shape the vendor's sandbox accepts, unlike any other text."""
    prefixes = get(vendor).info.auth.key_prefixes
    return f"{prefixes[0] if prefixes else ''}{where}-s3cr3t-{vendor}-7f3a9c2e1b5d"


def profiles(root: str, vendor: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Stored-key and environment-key profiles (each with every fault); the keys by source."""
    keys = {"stored": key(vendor, "stored"), "env": key(vendor, "env")}
    variable = f"FLOWDECK_TEST_KEY_{vendor.upper()}"
    monkeypatch.setenv(variable, keys["env"])
    for suffix, headers in FAULTS.items():
        base = {"vendor": vendor, "base_url": f"{root}/{vendor}", "headers": headers,
                "connect_timeout": 2.0, "read_timeout": 5.0}
        save_profile(Profile(name=f"stored{suffix}", key=keys["stored"], **base))
        save_profile(Profile(name=f"env{suffix}", key_env=variable, **base))
    return keys


def files_under(*folders: Path) -> Iterator[Path]:
    for folder in folders:
        yield from (path for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize("vendor", vendor_ids())
def test_no_key_is_printed_or_written_unless_revealed(
        vendor: str, root: str, flowdeck: Outputs, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, _isolated_dirs: Path) -> None:
    keys = profiles(root, vendor, monkeypatch)
    payload = str(SEND_FIXTURES / f"{vendor}.json")
    exports = tmp_path / "exports"
    for source in ("stored", "env"):
        for suffix in FAULTS:
            flowdeck("send", payload, "--profile", f"{source}{suffix}", "--yes")
        flowdeck("send", payload, "--profile", source, "--yes", "--activate")
        assert "****" in flowdeck("send", payload, "--profile", source, "--dry-run")
        flowdeck("send", payload, "--profile", source, "--curl")
        flowdeck("profiles", "show", source)
    flowdeck("profiles", "list")
    flowdeck("profiles", "list", "--json")
    flowdeck("import", payload, "--vendor", vendor, "-o", str(exports / "w.flow.json"))
    flowdeck("compile", str(exports / "w.flow.json"), "-o", str(exports / "body.json"))
    other = next(name for name in vendor_ids() if name != vendor)
    flowdeck("convert", payload, "--from", vendor, "--to", other, "-o", str(exports / "c.json"))
    workflow = get(vendor).parse(json.loads(Path(payload).read_text(encoding="utf-8")))
    DraftStore().save("draft", workflow, exports / "w.flow.json")

    written = {path: path.read_text(encoding="utf-8", errors="replace")
               for path in files_under(_isolated_dirs, tmp_path)}
    store = paths.profiles_file()
    assert paths.history_file() in written and any(
        path.parent == paths.drafts_dir() for path in written)
    assert len(paths.history_file().read_text().splitlines()) == 2 * (len(FAULTS) + 1)
    for name, secret in keys.items():
        printed = [text for text in flowdeck.texts if secret in text]
        files = [str(path) for path, text in written.items() if secret in text]
        assert printed == [], f"the {name} key was printed"
        assert files == ([str(store)] if name == "stored" else []), f"the {name} key leaked"
    assert stat.S_IMODE(store.stat().st_mode) == 0o600

    assert f"${{FLOWDECK_TEST_KEY_{vendor.upper()}}}" in flowdeck(
        "send", payload, "--profile", "env", "--curl")  # pasted, the shell supplies the key
    for source, secret in keys.items():
        for shown in (("send", payload, "--profile", source, "--dry-run", "--reveal"),
                      ("send", payload, "--profile", source, "--curl", "--reveal"),
                      ("profiles", "show", source, "--reveal")):
            assert secret in flowdeck(*shown), shown

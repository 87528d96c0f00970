"""The headless layers never import Textual; only the app does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADLESS = ("model", "vendors", "client", "store", "sandbox")


def _headless_modules() -> list[str]:
    modules = []
    for layer in HEADLESS:
        folder = ROOT / "tui" / layer
        for path in sorted(folder.rglob("*.py")) if folder.is_dir() else []:
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules.append(".".join(p for p in parts if p != "__init__"))
    return modules


def test_headless_layers_do_not_import_textual() -> None:
    modules = _headless_modules()
    assert "tui.model.workflow" in modules
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    assert json.loads(result.stdout) == []


def test_cli_compile_does_not_import_textual(tmp_path: Path) -> None:
    flow = tmp_path / "w.flow.json"
    flow.write_text(json.dumps({"format": 1, "vendor": "autosend", "name": "x", "trigger": {}}))
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"main(['compile', {str(flow)!r}])\n"
        "print('TEXTUAL' if any(m.split('.')[0] == 'textual' for m in sys.modules) else 'CLEAN',"
        " file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stderr.strip().endswith("CLEAN"), result.stderr

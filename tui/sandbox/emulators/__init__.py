"""One emulator per vendor, each mounted by the sandbox app under `/<vendor id>`."""

from __future__ import annotations

from tui.sandbox.emulator import Emulator
from tui.sandbox.emulators.autosend import AutoSend
from tui.sandbox.emulators.kibamail import Kibamail
from tui.sandbox.emulators.omnisend import Omnisend
from tui.sandbox.emulators.qonversion import Qonversion
from tui.sandbox.emulators.tether import Tether


def all_emulators() -> list[Emulator]:
    """A fresh emulator for every vendor, with empty state."""
    return [AutoSend(), Kibamail(), Omnisend(), Qonversion(), Tether()]

"""The built-in sandbox: a local emulator of every vendor's automation API.

`tui.sandbox.app.create_app()` builds the ASGI app; `tui.sandbox.server`
serves it (`ensure_running()` in a background thread for the `sandbox-<vendor>`
profiles, `serve()` in the foreground for `flowdeck sandbox`). Fault headers are
described in `tui.sandbox.faults`.
"""

from __future__ import annotations

SANDBOX_KEYS: dict[str, str] = {
    "autosend": "AS_sandbox",
    "kibamail": "kb_sandbox",
    "omnisend": "sandbox",
    "qonversion": "test_sk_sandbox",
    "tether": "sandbox-token",
}
"""The keys the built-in sandbox profiles send. Not secrets: the sandbox checks only a key's
format and prefix, so any key of the right shape works too."""

"""Checks a profile form runs as the user types: the key's prefix and the base URL.

`Profile` itself refuses what can never work (a base URL without a scheme,
two key sources); these checks add what the vendor's documentation tells us
(AutoSend keys start with `AS_`), and say it before anything is saved or
sent. Each returns the message for the line under the field, or raises
ValueError when the value must not be saved.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from tui.store.profiles import SANDBOX_SCHEME


def check_key(key: str, prefixes: tuple[str, ...], vendor_title: str) -> str:
    """A stored key: non-blank, one line, and with one of the vendor's prefixes."""
    key = key.strip()
    if not key:
        raise ValueError("type the API key (it is stored in profiles.toml, mode 0600)")
    if any(char.isspace() for char in key) or not key.isprintable():
        raise ValueError("an API key has no spaces or control characters")
    if prefixes and not key.startswith(prefixes):
        raise ValueError(f"{vendor_title} keys start with {' or '.join(prefixes)}")
    return ""


def check_base_url(url: str, vendor: str) -> str:
    """The base URL as typed: a warning (returned) or a refusal (raised)."""
    url = url.strip()
    if not url:
        return "empty: the vendor's public API"
    if url.startswith(SANDBOX_SCHEME):
        if url.rstrip("/") != f"{SANDBOX_SCHEME}{vendor}":
            raise ValueError(f"the built-in sandbox for this vendor is {SANDBOX_SCHEME}{vendor}")
        return "the built-in sandbox on this machine"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise ValueError("starts with https:// (or http://, or sandbox://)")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - reading it validates the port
    except ValueError as exc:
        raise ValueError(f"not a valid URL ({exc})") from None
    if not host:
        raise ValueError("names no host after the scheme")
    if parts.query or parts.fragment:
        raise ValueError("a base URL has no ?query or #fragment")
    if parts.scheme == "http" and not _is_local(host):
        return "http:// sends the key unencrypted; use https:// unless this is a local proxy"
    return ""


def _is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

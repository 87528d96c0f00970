"""Building a vendor request from the adapter's `info` and a profile, with no I/O.

One builder serves the synchronous CLI path, the asynchronous app path, the
`--dry-run` preview and the curl rendering, so what is shown is what is sent.
The key lives only in `Auth`; every printable form goes through its masked or
shell stand-in unless the caller explicitly asks to reveal it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from tui import __version__
from tui.client.redact import is_sensitive_header, mask_key, scrub
from tui.model.document import dumps
from tui.store.profiles import Profile, ProfileError
from tui.vendors.base import AuthScheme, Endpoint

USER_AGENT = f"flowdeck/{__version__}"


class Auth:
    """The key of one profile in one vendor's header format, obtained at most once."""

    def __init__(self, scheme: AuthScheme, profile: Profile) -> None:
        self.scheme = scheme
        self.profile = profile
        self._key: str | None = None
        self._resolved = False

    @property
    def header(self) -> str:
        return self.scheme.header

    def key(self) -> str | None:
        """The real key; runs `key_command` the first time (may raise ProfileError)."""
        if not self._resolved:
            self._key = self.profile.resolve_key()
            self._resolved = True
        return self._key

    def _known_key(self) -> str | None:
        """The key when it is at hand without running anything (for the masked prefix)."""
        if self._resolved:
            return self._key
        if self.profile.key_source in ("key", "env"):
            try:
                return self.key()
            except ProfileError:
                return None
        return None

    def value(self) -> str | None:
        key = self.key()
        return None if key is None else self.scheme.header_value(key)

    def masked(self) -> str:
        return self.scheme.header_value(mask_key(self._known_key(), self.scheme.key_prefixes))

    def shell_key(self) -> str | None:
        """For a curl command: the `${VAR}` or `$(command)` the key comes from, if any."""
        if self.profile.key_source == "env":
            return f"${{{self.profile.key_env}}}"
        if self.profile.key_source == "command":
            return f"$({self.profile.key_command})"
        return None

    def scrub(self, text: str) -> str:
        """`text` without the key, in case a server echoes it back."""
        return scrub(text, self._key if self._resolved else None, self.scheme.key_prefixes)


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request, printable without its key."""

    label: str
    """What the call does, e.g. `create` or a lifecycle option such as `publish`."""
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: Any = None
    """The JSON value sent, or None for no body."""
    auth: Auth | None = None

    @property
    def content(self) -> bytes | None:
        return None if self.body is None else dumps(self.body).encode("utf-8")

    def wire_headers(self) -> list[tuple[str, str]]:
        """The headers as sent, key included. Never print these."""
        value = self.auth.value() if self.auth is not None else None
        auth = [(self.auth.header, value)] if self.auth is not None and value is not None else []
        return [*auth, *self.headers]

    def shown_headers(self, *, reveal: bool = False) -> list[tuple[str, str]]:
        """The headers for people: the key masked unless revealed."""
        if reveal:
            return self.wire_headers()
        shown = [(name, "****" if is_sensitive_header(name) else value)
                 for name, value in self.headers]
        if self.auth is not None and self.auth.profile.key_source != "none":
            shown.insert(0, (self.auth.header, self.auth.masked()))
        return shown

    def preview(self, *, reveal: bool = False) -> str:
        """The request as HTTP text: request line, headers, blank line, body."""
        lines = [f"{self.method} {self.url}"]
        lines += [f"{name}: {value}" for name, value in self.shown_headers(reveal=reveal)]
        text = "\n".join(lines) + "\n"
        return text + ("\n" + dumps(self.body) if self.body is not None else "")

    def record(self) -> dict[str, Any]:
        """The masked request as JSON data, for the history."""
        return {
            "label": self.label,
            "method": self.method,
            "url": self.url,
            "headers": dict(self.shown_headers()),
            "body": self.body,
        }


def url_for(base_url: str, endpoint: Endpoint, automation_id: str | None = None) -> str:
    """The endpoint's URL; without an id the `{id}` placeholder stays (for previews)."""
    path = endpoint.path
    if automation_id is not None:
        path = path.replace("{id}", quote(automation_id, safe=""))
    return base_url.rstrip("/") + path


def build(label: str, endpoint: Endpoint, *, base_url: str, auth: Auth,
          vendor_headers: dict[str, str], profile_headers: dict[str, str],
          body: Any = None, automation_id: str | None = None) -> Request:
    """A request to one of the vendor's endpoints; profile headers win over the vendor's."""
    headers: dict[str, tuple[str, str]] = {}
    defaults = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if body is not None:
        defaults["Content-Type"] = "application/json"
    for source in (defaults, vendor_headers, profile_headers):
        for name, value in source.items():
            headers[name.lower()] = (name, value)
    if auth.profile.key_source != "none":
        headers.pop(auth.header.lower(), None)  # the key goes in through Auth only
    return Request(label, endpoint.method.upper(), url_for(base_url, endpoint, automation_id),
                   tuple(headers.values()), body, auth)

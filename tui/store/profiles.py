"""Profiles: where to send a workflow and with which key, kept in `profiles.toml`.

A profile names a vendor, a base URL, how to get the key (stored in the file,
read from an environment variable, or printed by a command such as a password
manager), extra headers and timeouts. A file holding keys is written mode 0600
and refused, as ssh refuses a private key, when group or others can read it.
A file that does not parse is reported with line and column and never
rewritten. Built-in `sandbox-<vendor>` profiles point at the embedded sandbox
and are not stored.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from tui.model.document import describe
from tui.model.errors import FlowdeckError
from tui.store import paths, toml_text
from tui.store.atomic import write_text

SANDBOX_SCHEME = "sandbox://"

DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0
KEY_COMMAND_TIMEOUT = 60.0

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FILE_HEADER = (
    "# flowdeck profiles. `flowdeck profiles add/remove` rewrite this file (comments are not\n"
    "# kept); it is mode 0600 because it may hold API keys.\n\n"
)

KeySource = Literal["key", "env", "command", "none"]


class ProfileError(FlowdeckError):
    """A profile that cannot be read, found, stored or whose key cannot be obtained."""


class Profile(BaseModel):
    """One destination. `key` is a SecretStr so a repr or an error never shows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    vendor: str
    base_url: str = ""
    """Empty means the vendor's public API; `sandbox://<vendor>` means the built-in sandbox."""
    key: SecretStr | None = None
    key_env: str | None = None
    key_command: str | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    connect_timeout: float = Field(DEFAULT_CONNECT_TIMEOUT, gt=0)
    read_timeout: float = Field(DEFAULT_READ_TIMEOUT, gt=0)
    builtin: bool = Field(False, exclude=True)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise ValueError("a profile name is letters, digits, '.', '_' or '-' (1–64, "
                             "starting with a letter or digit)")
        return value

    @field_validator("vendor")
    @classmethod
    def _vendor(cls, value: str) -> str:
        from tui.vendors import VENDORS

        if value not in VENDORS:
            raise ValueError(f"unknown vendor '{value}' (known: {', '.join(VENDORS)})")
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        url = value.strip().rstrip("/")
        parts = urlsplit(url)
        if url and (parts.scheme not in ("https", "http", "sandbox") or not parts.netloc
                    or any(char.isspace() for char in url)):
            raise ValueError(f"'{value}' is not a base URL like https://api.example.com "
                             "(or sandbox://<vendor>)")
        return url

    @field_validator("key_env")
    @classmethod
    def _key_env(cls, value: str | None) -> str | None:
        if value is not None and not _ENV_NAME.match(value):
            raise ValueError(f"'{value}' is not an environment variable name")
        return value

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if not _HEADER_NAME.match(name):
                raise ValueError(f"'{name}' is not a valid header name")
            if not text.isprintable():
                raise ValueError(f"header '{name}' holds a line break or control character")
        return value

    @model_validator(mode="after")
    def _one_key_source(self) -> Profile:
        given = [name for name in ("key", "key_env", "key_command") if getattr(self, name)]
        if len(given) > 1:
            raise ValueError(f"give one of key, key_env, key_command (not {' and '.join(given)})")
        return self

    @property
    def key_source(self) -> KeySource:
        if self.key is not None:
            return "key"
        if self.key_env:
            return "env"
        if self.key_command:
            return "command"
        return "none"

    @property
    def is_sandbox(self) -> bool:
        return self.base_url.startswith(SANDBOX_SCHEME)

    def describe_auth(self) -> str:
        """How the key is obtained, never the key itself."""
        return {
            "key": "built-in sandbox key" if self.builtin else "key stored in profiles.toml",
            "env": f"key from ${self.key_env}",
            "command": f"key from the command `{self.key_command}`",
            "none": "no key",
        }[self.key_source]

    def resolve_key(self) -> str | None:
        """The key itself: stored, from the environment, or from `key_command`'s stdout."""
        where = f"profile {self.name}"
        if self.key is not None:
            return self.key.get_secret_value()
        if self.key_env:
            value = os.environ.get(self.key_env, "").strip()
            if not value:
                raise ProfileError(f"the environment variable {self.key_env} is not set", where)
            return value
        if self.key_command:
            return _run_key_command(self.key_command, where)
        return None

    def to_table(self) -> dict[str, Any]:
        """The profile's entry in profiles.toml (the name is the table's key)."""
        table: dict[str, Any] = {"vendor": self.vendor}
        if self.base_url:
            table["base_url"] = self.base_url
        if self.key is not None:
            table["key"] = self.key.get_secret_value()
        for name in ("key_env", "key_command"):
            if getattr(self, name):
                table[name] = getattr(self, name)
        table["connect_timeout"] = self.connect_timeout
        table["read_timeout"] = self.read_timeout
        if self.headers:
            table["headers"] = dict(self.headers)
        return table


def _run_key_command(command: str, where: str) -> str:
    """Run the user's command through the shell; its first stdout line is the key."""
    try:
        done = subprocess.run(command, shell=True, capture_output=True, text=True,
                              timeout=KEY_COMMAND_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise ProfileError(f"key_command did not finish within {KEY_COMMAND_TIMEOUT:g} s",
                           where) from None
    except OSError as exc:
        raise ProfileError(f"key_command cannot run: {exc.strerror or exc}", where) from None
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1:] or [""]
        detail = f": {reason[0][:200]}" if reason[0] else ""
        raise ProfileError(f"key_command exited with status {done.returncode}{detail}", where)
    lines = done.stdout.strip().splitlines()
    if not lines or not lines[0].strip():
        raise ProfileError("key_command printed no key", where)
    return lines[0].strip()


def builtin_profiles() -> list[Profile]:
    """`sandbox-<vendor>` for every vendor: the way to try flowdeck with no account.
    Their keys are the sandbox's published ones (not secrets, but masked like any key)."""
    from tui.sandbox import SANDBOX_KEYS  # a constant table; the server is not imported
    from tui.vendors import VENDORS

    return [
        Profile(name=f"sandbox-{vendor_id}", vendor=vendor_id,
                base_url=f"{SANDBOX_SCHEME}{vendor_id}",
                key=SecretStr(SANDBOX_KEYS[vendor_id]), builtin=True)
        for vendor_id in VENDORS
    ]


def _toml_error(exc: tomllib.TOMLDecodeError, path: Path) -> ProfileError:
    """`path:line:column` from a TOMLDecodeError (Python 3.11 keeps them in the message)."""
    text = str(exc)
    found = re.search(r"\(at line (\d+), column (\d+)\)", text)
    if found is None:
        return ProfileError(f"invalid TOML: {text}", str(path))
    message = text[: found.start()].strip() or "invalid TOML"
    return ProfileError(f"invalid TOML: {message}", f"{path}:{found[1]}:{found[2]}")


def _read_file(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ProfileError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ProfileError(f"not UTF-8 text (byte {exc.start})", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, path) from None


def _check_private(path: Path, profiles: dict[str, Profile]) -> None:
    if os.name != "posix" or not any(p.key is not None for p in profiles.values()):
        return
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise ProfileError(
            f"holds API keys but is readable by group or others (mode {mode:03o}); "
            f"fix it with: chmod 600 {path}", str(path))


def load_user_profiles(path: Path | None = None) -> dict[str, Profile]:
    """The profiles stored in the file, by name, in file order."""
    path = path or paths.profiles_file()
    document = _read_file(path)
    unknown = sorted(set(document) - {"profiles"})
    if unknown:
        raise ProfileError(f"unknown top-level key '{unknown[0]}' (profiles go in "
                           "[profiles.NAME] tables)", str(path))
    tables = document.get("profiles", {})
    if not isinstance(tables, dict):
        raise ProfileError("'profiles' must be a table of [profiles.NAME] tables", str(path))
    found: dict[str, Profile] = {}
    for name, table in tables.items():
        where = f"{path}: profiles.{toml_text.key(name)}"
        if not isinstance(table, dict):
            raise ProfileError("must be a table", where)
        try:
            found[name] = Profile.model_validate({**table, "name": name})
        except ValidationError as exc:
            location, message = describe(exc)
            raise ProfileError(message, f"{where}.{location}" if location else where) from None
    _check_private(path, found)
    return found


def list_profiles(path: Path | None = None) -> list[Profile]:
    """Built-in sandbox profiles first, then the user's in file order."""
    return [*builtin_profiles(), *load_user_profiles(path).values()]


def get_profile(name: str, path: Path | None = None) -> Profile:
    profiles = {profile.name: profile for profile in list_profiles(path)}
    try:
        return profiles[name]
    except KeyError:
        known = ", ".join(profiles)
        raise ProfileError(f"no profile named '{name}' (known: {known})") from None


def save_profile(profile: Profile, *, replace: bool = False, path: Path | None = None) -> None:
    """Add a profile, or with `replace` update the one of the same name."""
    path = path or paths.profiles_file()
    if profile.name in {p.name for p in builtin_profiles()}:
        raise ProfileError(f"'{profile.name}' is a built-in profile; choose another name")
    profiles = load_user_profiles(path)
    if profile.name in profiles and not replace:
        raise ProfileError(f"a profile named '{profile.name}' exists (use --replace to "
                           "update it)")
    profiles[profile.name] = profile
    _write(path, profiles)


def remove_profile(name: str, path: Path | None = None) -> None:
    path = path or paths.profiles_file()
    if name in {p.name for p in builtin_profiles()}:
        raise ProfileError(f"'{name}' is a built-in profile and cannot be removed")
    profiles = load_user_profiles(path)
    if profiles.pop(name, None) is None:
        raise ProfileError(f"no profile named '{name}' in {path}")
    _write(path, profiles)


def _write(path: Path, profiles: dict[str, Profile]) -> None:
    document = {"profiles": {name: profile.to_table() for name, profile in profiles.items()}}
    write_text(path, _FILE_HEADER + toml_text.dumps(document), mode=0o600)

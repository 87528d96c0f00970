"""Submitting from the command line: send, profiles, locate, sandbox.

`send` checks first and sends nothing the vendor would refuse; `--dry-run`
and `--curl` show the exact request with the key masked (`--reveal` is the
only way to print a key). Exit codes follow DESIGN §5: 0 created, 1 invalid or
refused, 2 usage, 3 network, 4 the vendor failed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path
from typing import Any

from tui.cli.output import emit_json
from tui.model.errors import InputError


def register(commands: argparse._SubParsersAction) -> None:
    _register_send(commands)
    _register_profiles(commands)
    locate = commands.add_parser("locate", help="print flowdeck's config and data folders")
    locate.add_argument("--json", action="store_true", help="machine-readable output")
    locate.set_defaults(handler=run_locate)
    sandbox = commands.add_parser(
        "sandbox", help="serve the vendor sandbox in the foreground (Ctrl-C stops it)")
    sandbox.add_argument("--host", default="127.0.0.1", help="address to listen on")
    sandbox.add_argument("--port", type=int, default=8765, help="port to listen on")
    sandbox.set_defaults(handler=run_sandbox)


def _register_send(commands: argparse._SubParsersAction) -> None:
    send = commands.add_parser(
        "send", help="send a workflow or vendor payload to a vendor through a profile",
        description="Check, then create the automation. Exit 0 created, 1 invalid or refused, "
        "3 network failure, 4 the vendor failed.")
    send.add_argument("file", type=Path, help="a *.flow.json workflow or a vendor payload")
    send.add_argument("--profile", "-p", required=True, help="where to send (flowdeck profiles)")
    mode = send.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true",
                      help="print the exact request (key masked) and send nothing")
    mode.add_argument("--curl", action="store_true",
                      help="print a curl command (key masked or as $VAR) and send nothing")
    send.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    send.add_argument("--activate", action="store_true",
                      help="after create, run the vendor's lifecycle calls (publish, enable…)")
    send.add_argument("--lifecycle", action="append", default=[], metavar="OPTION",
                      help="run one named lifecycle call after create (repeatable)")
    send.add_argument("--reveal", action="store_true",
                      help="print the key itself in --dry-run / --curl output")
    send.add_argument("--vendor", help="the payload's vendor when it cannot be detected")
    send.set_defaults(handler=run_send)


def _register_profiles(commands: argparse._SubParsersAction) -> None:
    profiles = commands.add_parser("profiles", help="list, show, add or remove profiles")
    actions = profiles.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="every profile, built-in sandbox ones first")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=run_profiles_list)

    show = actions.add_parser("show", help="one profile (key masked)")
    show.add_argument("name")
    show.add_argument("--reveal", action="store_true", help="print the key itself")
    show.set_defaults(handler=run_profiles_show)

    add = actions.add_parser("add", help="add a profile (or --replace one)")
    add.add_argument("name")
    add.add_argument("--vendor", required=True)
    add.add_argument("--base-url", help="default: the vendor's public API")
    key = add.add_mutually_exclusive_group()
    key.add_argument("--key-env", metavar="VAR", help="read the key from this variable")
    key.add_argument("--key-command", metavar="CMD",
                     help="run this shell command; its output is the key")
    key.add_argument("--key-stdin", action="store_true",
                     help="read the key from stdin (prompted without echo on a terminal) and "
                     "store it in profiles.toml (mode 0600)")
    add.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'",
                     help="an extra header for every request (repeatable)")
    add.add_argument("--connect-timeout", type=float, metavar="SECONDS")
    add.add_argument("--read-timeout", type=float, metavar="SECONDS")
    add.add_argument("--replace", action="store_true", help="update a profile of the same name")
    add.set_defaults(handler=run_profiles_add)

    remove = actions.add_parser("remove", help="remove a profile")
    remove.add_argument("name")
    remove.set_defaults(handler=run_profiles_remove)


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def run_send(args: argparse.Namespace) -> int:
    from tui import vendors
    from tui.cli.output import report
    from tui.client import prepare
    from tui.store.documents import load_document
    from tui.store.profiles import get_profile
    from tui.vendors.base import a_or_an

    profile = get_profile(args.profile)
    document = load_document(args.file, args.vendor, likely=profile.vendor)
    same_vendor = document.source_vendor == profile.vendor
    if document.workflow.vendor != profile.vendor:
        source = vendors.entry(document.workflow.vendor).title
        kind = "payload" if document.source_vendor else "workflow"
        _say(f"{args.file}: note: {a_or_an(source)} {kind}, compiled for "
             f"{vendors.entry(profile.vendor).title} (profile {profile.name})")
    lifecycle = ([c.option for c in vendors.get(profile.vendor).info.lifecycle]
                 if args.activate else args.lifecycle)
    submission = prepare(document.workflow, profile,
                         payload=document.payload if same_vendor else None, lifecycle=lifecycle)
    report(list(submission.problems), str(args.file))
    blocked = 1 if submission.blocking else 0
    if args.dry_run or args.curl:
        return _print_request(submission, args) or blocked
    if blocked:
        _say(f"{args.file}: not sent: fix the errors above first"
             + (" (or send without --activate to create a draft)" if lifecycle else ""))
        return 1
    if not args.yes and sys.stdin.isatty() and not _confirm(submission):
        _say("not sent")
        return 1
    return _send(submission, str(args.file))


def _print_request(submission: Any, args: argparse.Namespace) -> int:
    if submission.profile.is_sandbox:
        _say(f"note: {submission.profile.name} sends to the embedded sandbox; to run this "
             "request yourself, start `flowdeck sandbox` first")
    if args.dry_run:
        submission.auth.key()  # a dry run proves the key can be had, as a send would
        sys.stdout.write(submission.preview(reveal=args.reveal))
    else:
        sys.stdout.write(submission.curl(reveal=args.reveal))
    return 0


def _confirm(submission: Any) -> bool:
    request = submission.create_request()
    name = submission.workflow.name or "(unnamed)"
    prompt = (f"Create '{name}' on {submission.info.title} with profile "
              f"{submission.profile.name} ({request.method} {request.url})? [y/N] ")
    try:
        sys.stderr.write(prompt)
        sys.stderr.flush()
        answer = input()
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _send(submission: Any, source: str) -> int:
    from tui.client import send
    from tui.client.result import cancelled_result, record

    started = time.monotonic()
    interrupted = False
    try:
        result = send(submission)
    except KeyboardInterrupt:  # the request may have reached the vendor: say so, keep a record
        result = cancelled_result(submission, time.monotonic() - started)
        interrupted = True
    reason = record(result)
    if reason is not None:
        _say(f"flowdeck: warning: not recorded in the history: {reason}")
    for problem in result.problems:
        _say(f"{source}: {problem.line()}")
    for line in result.summary():
        _say(line)
    if result.create.ok and result.create.data is not None:
        emit_json(result.create.data, None)
    return 130 if interrupted else result.exit_code


def run_profiles_list(args: argparse.Namespace) -> int:
    from tui.store.profiles import list_profiles

    profiles = list_profiles()
    rows = [{"name": p.name, "vendor": p.vendor, "base_url": p.base_url or "(vendor default)",
             "auth": p.describe_auth(), "builtin": p.builtin} for p in profiles]
    if args.json:
        emit_json(rows, None)
        return 0
    widths = [max(len(str(row[key])) for row in rows) for key in ("name", "vendor", "base_url")]
    for row in rows:
        cells = [str(row[key]).ljust(width) for key, width in
                 zip(("name", "vendor", "base_url"), widths, strict=True)]
        print("  ".join([*cells, str(row["auth"])]))
    return 0


def run_profiles_show(args: argparse.Namespace) -> int:
    from tui import vendors
    from tui.client.redact import is_sensitive_header, mask_key
    from tui.store.profiles import get_profile

    profile = get_profile(args.name)
    info = vendors.get(profile.vendor).info
    auth = profile.describe_auth()
    if profile.key_source == "env" and not os.environ.get(profile.key_env or ""):
        auth += " (not set)"
    elif profile.key_source in ("key", "env") or args.reveal:  # a command runs only to reveal
        key = profile.resolve_key()
        if key is not None:
            auth += f": {key if args.reveal else mask_key(key, info.auth.key_prefixes)}"
    rows = [("name", profile.name), ("vendor", f"{profile.vendor} ({info.title})"),
            ("base_url", profile.base_url or f"{info.base_url} (vendor default)"),
            ("auth", auth)]
    for name, value in profile.headers.items():
        hidden = is_sensitive_header(name) and not args.reveal
        rows.append(("header", f"{name}: {'****' if hidden else value}"))
    rows += [("connect_timeout", f"{profile.connect_timeout:g} s"),
             ("read_timeout", f"{profile.read_timeout:g} s")]
    if profile.builtin:
        rows.append(("built-in", "yes (not stored in profiles.toml)"))
    for label, value in rows:
        print(f"{label:<16} {value}")
    return 0


def _headers(values: list[str]) -> dict[str, str]:
    headers = {}
    for value in values:
        name, colon, text = value.partition(":")
        if not colon or not name.strip():
            raise InputError(f"'{value}' is not 'Name: value'", "--header")
        headers[name.strip()] = text.strip()
    return headers


def _read_key(name: str) -> str:
    if sys.stdin.isatty():
        key = getpass.getpass(f"API key for profile {name} (not echoed): ")
    else:
        key = sys.stdin.readline()
    key = key.strip()
    if not key:
        raise InputError("no key given", "--key-stdin")
    return key


def run_profiles_add(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from tui import vendors
    from tui.model.document import describe
    from tui.store import paths
    from tui.store.profiles import Profile, save_profile

    vendors.entry(args.vendor)
    fields: dict[str, Any] = {
        "name": args.name, "vendor": args.vendor,
        "base_url": args.base_url or vendors.get(args.vendor).info.base_url,
        "key_env": args.key_env, "key_command": args.key_command,
        "headers": _headers(args.header),
    }
    if args.key_stdin:
        fields["key"] = _read_key(args.name)
    for name in ("connect_timeout", "read_timeout"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
    try:
        profile = Profile.model_validate(fields)
    except ValidationError as exc:
        location, message = describe(exc)
        where = f"profile {args.name}" + (f": {location}" if location else "")
        raise InputError(message, where) from None
    save_profile(profile, replace=args.replace)
    _say(f"saved profile {profile.name} ({profile.describe_auth()}) in {paths.profiles_file()}")
    return 0


def run_profiles_remove(args: argparse.Namespace) -> int:
    from tui.store import paths
    from tui.store.profiles import remove_profile

    remove_profile(args.name)
    _say(f"removed profile {args.name} from {paths.profiles_file()}")
    return 0


def run_locate(args: argparse.Namespace) -> int:
    from tui.store.paths import locations

    places = locations()
    if args.json:
        emit_json({name: str(path) for name, path in places.items()}, None)
        return 0
    for name, path in places.items():
        print(f"{name:<9} {path}")
    return 0


def run_sandbox(args: argparse.Namespace) -> int:
    from tui.sandbox.server import serve

    serve(args.host, args.port)  # it announces its address and mounts itself
    return 0

"""Profiles: where workflows are sent, with which key — listed, added, edited, tested.

The table never shows a key, only where it comes from. The form checks what
it can as the user types (the vendor's key prefix, the base URL) and keeps
the key in a password field; editing a profile whose key is stored leaves the
field empty, and an empty field keeps the stored key, so opening the form
never brings the key back onto the screen. "Test connection" calls the
vendor's list endpoint — it creates nothing — and says what came back and how
long it took.

Writes go through `tui.store.profiles` (atomic, mode 0600); a `profiles.toml`
that does not parse is reported and left alone: the table then shows only the
built-in sandbox profiles and refuses changes until the file is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import SecretStr, ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
)

from tui import vendors
from tui.model.errors import FlowdeckError
from tui.store.profile_checks import check_base_url, check_key
from tui.store.profiles import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    Profile,
    builtin_profiles,
    load_user_profiles,
    remove_profile,
    save_profile,
)
from widgets.key_value import KeyValueRows
from widgets.value_control import ValueChanged

if TYPE_CHECKING:
    from tui.client.result import CallResult

KEY_SOURCES = (
    ("stored in profiles.toml (mode 0600)", "key"),
    ("an environment variable", "env"),
    ("a command's output (password manager)", "command"),
    ("no key", "none"),
)

FIELD_ROWS = ("name", "vendor", "base_url", "key_source", "key", "key_env", "key_command",
              "headers", "connect_timeout", "read_timeout")


@dataclass(frozen=True, slots=True)
class ProbeReport:
    """A connection test in words: `short` for the table, `line` for the status line."""

    short: str
    line: str
    ok: bool

    @property
    def style(self) -> str:
        return "$text-success" if self.ok else "$text-error"


def probe_report(result: CallResult | None, error: str | None) -> ProbeReport:
    if result is None:
        return ProbeReport("✗ not sent", f"✗ not sent: {error}", False)
    if result.ok:
        timing = f"{result.status} {result.reason} in {result.elapsed:.2f} s"
        return ProbeReport(f"✓ {timing}", f"✓ {timing}: the key works", True)
    status = f"{result.status} {result.reason}".strip() if result.status else "no answer"
    detail = "; ".join(p.message for p in result.problems[:1]) or result.message
    timing = f"{status} after {result.elapsed:.2f} s"
    return ProbeReport(f"✗ {timing}", f"✗ {timing}: {detail}", False)


class ProbeDone(Message):
    def __init__(self, name: str, report: ProbeReport) -> None:
        super().__init__()
        self.name = name
        self.report = report


async def run_probe(node: Widget, profile: Profile) -> None:
    """Test `profile` and post the report to `node` (run as a worker of that node)."""
    from tui.client.probe import probe_async

    try:
        report = probe_report(await probe_async(profile), None)
    except FlowdeckError as exc:
        report = probe_report(None, str(exc))
    node.post_message(ProbeDone(profile.name, report))


def start_probe(node: Widget, profile: Profile) -> None:
    node.run_worker(run_probe(node, profile), group="probe", exclusive=True,
                    exit_on_error=False)


def _number(text: str, what: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError(f"{what}: a number of seconds, e.g. 5") from None
    if value <= 0:
        raise ValueError(f"{what}: more than 0 seconds")
    return value


class FormField(Vertical):
    """One form line: label and control, and under them an error (red) or a hint."""

    DEFAULT_CSS = """
    FormField { height: auto; margin-bottom: 1; }
    FormField > Horizontal { height: auto; }
    FormField .form-label { width: 14; color: $text-muted; }
    FormField:focus-within .form-label { color: $text; text-style: bold; }
    FormField .form-message { padding-left: 14; color: $text-muted; display: none; }
    FormField .form-message.-shown { display: block; }
    FormField.-stacked .form-message { padding-left: 0; }
    FormField.-invalid .form-message, FormField.-invalid .form-label { color: $text-error; }
    """

    def __init__(self, label: str, control: Widget, *, stacked: bool = False) -> None:
        super().__init__(classes=f"row-{control.id}")
        self.label = label
        self.control = control
        self.stacked = stacked
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        if self.stacked:
            self.add_class("-stacked")
            yield Label(self.label, classes="form-label")
            yield self.control
        else:
            with Horizontal():
                yield Label(self.label, classes="form-label")
                yield self.control
        yield Static("", classes="form-message", markup=False)

    def show(self, hint: str, error: str | None) -> None:
        self.error = error
        self.set_class(error is not None, "-invalid")
        line = self.query_one(".form-message", Static)
        line.update(error or hint)
        line.set_class(bool(error or hint), "-shown")


class ProfileForm(ModalScreen[Profile | None]):
    """Add (`original` None) or edit a profile; dismisses with what `accept` stored."""

    CSS_PATH = "profiles.tcss"
    HELP = """\
## Profile

**Name** is how you choose the profile when sending. **Base URL** empty
means the vendor's public API. The **key** can be stored in profiles.toml
(mode 0600), read from an **environment variable**, or printed by a
**command** such as `pass show autosend`. **Test connection** lists the
vendor's automations with these settings; nothing is created or saved.
"""
    BINDINGS: ClassVar = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(self, accept: Callable[[Profile], None], original: Profile | None = None,
                 *, vendor: str | None = None) -> None:
        super().__init__()
        self.accept = accept
        self.original = original
        self.initial_vendor = original.vendor if original else (vendor or next(iter(
            vendors.VENDORS)))

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        o = self.original
        stored = o is not None and o.key is not None
        vendor_choices = [(entry.title, entry.id) for entry in vendors.VENDORS.values()]
        connect = o.connect_timeout if o else DEFAULT_CONNECT_TIMEOUT
        read = o.read_timeout if o else DEFAULT_READ_TIMEOUT
        with Vertical(classes="dialog profile-form"):
            yield Label(f"Edit profile {o.name}" if o else "Add a profile",
                        classes="dialog-title")
            with VerticalScroll(id="form"):
                yield self._row("Name", "name", Input(
                    o.name if o else "", placeholder="e.g. autosend-live"))
                yield self._row("Vendor", "vendor", Select(
                    vendor_choices, value=self.initial_vendor, allow_blank=False))
                yield self._row("Base URL", "base_url", Input(
                    o.base_url if o else self._default_url(self.initial_vendor)))
                yield self._row("Key from", "key_source", Select(
                    list(KEY_SOURCES), value=o.key_source if o else "key", allow_blank=False))
                with Horizontal(id="key-line"):
                    yield self._row("Key", "key", Input(
                        "", password=True, placeholder="stored; type a new key to replace it"
                        if stored else "paste the API key"))
                    yield Checkbox("show", id="reveal", compact=True)
                yield self._row("Variable", "key_env", Input(
                    (o.key_env or "") if o else "", placeholder="e.g. AUTOSEND_API_KEY"))
                yield self._row("Command", "key_command", Input(
                    (o.key_command or "") if o else "", placeholder="e.g. pass show autosend"))
                yield self._row("Headers", "headers", KeyValueRows(
                    dict(o.headers) if o else {}, key_label="header", noun="header"),
                    stacked=True)
                yield self._row("Connect (s)", "connect_timeout", Input(f"{connect:g}"))
                yield self._row("Read (s)", "read_timeout", Input(f"{read:g}"))
            yield Static(id="probe-result")
            yield Label("", id="error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Test connection", id="test")
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    @staticmethod
    def _row(label: str, name: str, control: Widget, *, stacked: bool = False) -> FormField:
        """A labelled field whose control has the field's name as its id."""
        control.id = name
        if isinstance(control, Input | Select):
            control.compact = True
        return FormField(label, control, stacked=stacked)

    def on_mount(self) -> None:
        self.query_one("#probe-result").display = False
        self._show_key_rows()
        for name in ("base_url", "key"):
            self._check(name)
        self.query_one("#name", Input).focus()

    # -- reading and checking the fields ---------------------------------------------------

    def _value(self, name: str) -> Any:
        control = self.query_one(f"#{name}")
        if isinstance(control, KeyValueRows):
            return control.read_value()
        if isinstance(control, Select):
            return control.value
        return control.value  # type: ignore[attr-defined]

    def _field(self, name: str) -> FormField:
        return self.query_one(f".row-{name}", FormField)

    @property
    def vendor(self) -> str:
        return str(self._value("vendor"))

    @property
    def key_source(self) -> str:
        return str(self._value("key_source"))

    @staticmethod
    def _default_url(vendor: str) -> str:
        return vendors.get(vendor).info.base_url

    @property
    def keeps_stored_key(self) -> bool:
        """Editing a profile with a stored key and leaving the key field empty keeps it."""
        return (self.original is not None and self.original.key is not None
                and self.key_source == "key" and not str(self._value("key")).strip())

    def _check(self, name: str) -> str | None:
        """Check one field as typed; shows and returns its error (None when fine)."""
        row = self._field(name)
        hint, error = "", None
        try:
            if name == "base_url":
                hint = check_base_url(str(self._value("base_url")), self.vendor)
            elif name == "key" and self.key_source == "key" and not self.keeps_stored_key:
                info = vendors.get(self.vendor).info
                hint = check_key(str(self._value("key")), info.auth.key_prefixes, info.title)
            elif name == "headers":
                self._value("headers")
            elif name in ("connect_timeout", "read_timeout"):
                _number(str(self._value(name)), "timeout")
        except ValueError as exc:
            error = str(exc)
        row.show(hint, error)
        return error

    def _show_key_rows(self) -> None:
        source = self.key_source
        self.query_one("#key-line").display = source == "key"
        self._field("key_env").display = source == "env"
        self._field("key_command").display = source == "command"

    @on(Input.Changed)
    @on(Select.Changed)
    @on(ValueChanged)
    def _changed(self, event: Input.Changed | Select.Changed | ValueChanged) -> None:
        """Re-check what changed, by the id of the control that changed."""
        event.stop()
        name = event.control.id
        if name == "vendor":
            self._vendor_changed()
        elif name == "key_source":
            self._show_key_rows()
            self._check("key")
        elif name in ("base_url", "key", "headers", "connect_timeout", "read_timeout"):
            self._check(name)
        self.query_one("#error").remove_class("-shown")

    def _vendor_changed(self) -> None:
        """A base URL still at some vendor's default follows the new vendor."""
        base = self.query_one("#base_url", Input)
        defaults = {self._default_url(v) for v in vendors.VENDORS} | {
            f"sandbox://{v}" for v in vendors.VENDORS} | {""}
        if base.value.strip() in defaults:
            base.value = self._default_url(self.vendor)
        self._check("base_url")
        self._check("key")

    @on(Checkbox.Changed, "#reveal")
    def _reveal(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.query_one("#key", Input).password = not event.value

    def build(self) -> Profile:
        """The profile the form describes; ValueError names the first field that is wrong."""
        errors = [(name, self._check(name)) for name in
                  ("base_url", "key", "headers", "connect_timeout", "read_timeout")]
        for name, error in errors:
            if error is not None:
                raise ValueError(f"{self._field(name).label}: {error}")
        source = self.key_source
        fields: dict[str, Any] = {
            "name": str(self._value("name")).strip(),
            "vendor": self.vendor,
            "base_url": str(self._value("base_url")).strip(),
            "headers": self._value("headers"),
            "connect_timeout": _number(str(self._value("connect_timeout")), "connect"),
            "read_timeout": _number(str(self._value("read_timeout")), "read"),
        }
        if source == "key":
            assert self.original is not None or not self.keeps_stored_key
            fields["key"] = (self.original.key if self.keeps_stored_key and self.original
                             else SecretStr(str(self._value("key")).strip()))
        elif source in ("env", "command"):
            fields[f"key_{source}"] = str(self._value(f"key_{source}")).strip() or None
            if fields[f"key_{source}"] is None:
                label = self._field(f"key_{source}").label
                raise ValueError(f"{label}: say where the key comes from")
        try:
            return Profile.model_validate(fields)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            where = str(error["loc"][0]) if error["loc"] else ""
            message = str(error["msg"]).removeprefix("Value error, ")
            if where in FIELD_ROWS:
                self._field(where).show("", message)
                raise ValueError(f"{self._field(where).label}: {message}") from None
            raise ValueError(message) from None

    def _show_error(self, message: str) -> None:
        error = self.query_one("#error", Label)
        error.update(message)
        error.add_class("-shown")

    # -- buttons -----------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        try:
            profile = self.build()
            self.accept(profile)
        except ValueError as exc:
            self._show_error(str(exc))
            return
        except FlowdeckError as exc:
            self._show_error(str(exc))
            return
        self.dismiss(profile)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#test")
    def _test(self) -> None:
        try:
            profile = self.build()
        except ValueError as exc:
            self._show_error(str(exc))
            return
        self._show_probe(Content.styled(f"Testing {profile.name}…", "$text-muted"))
        start_probe(self, profile)

    def on_probe_done(self, message: ProbeDone) -> None:
        self._show_probe(Content.styled(message.report.line, message.report.style))

    def _show_probe(self, text: Content) -> None:
        shown = self.query_one("#probe-result", Static)
        shown.update(text)
        shown.display = True


class ProfilesScreen(Screen[None]):
    CSS_PATH = "profiles.tcss"
    TITLE = "Profiles"
    HELP = """\
## Profiles

Where workflows are sent. Built-in **sandbox-…** profiles reach the
sandbox on this machine and need no account; they cannot be changed.
**a** adds a profile, **e** or **enter** edits one, **x** deletes it,
**t** tests the connection (it lists the vendor's automations; nothing is
created). Keys are never shown, only where they come from.
"""
    BINDINGS: ClassVar = [
        Binding("a", "add", "Add", id="profiles.add"),
        Binding("e", "edit", "Edit", id="profiles.edit"),
        Binding("x,delete", "delete", "Delete", id="profiles.delete"),
        Binding("t", "test", "Test", id="profiles.test"),
        Binding("escape", "back", "Back", id="profiles.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.profiles: list[Profile] = []
        self.problem: str | None = None
        self.tests: dict[str, ProbeReport] = {}
        """The last connection test of each profile, by name, for the table."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="profiles-body"):
            yield Static(id="profiles-problem")
            yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
            yield Static(id="probe-result")
            with Horizontal(id="profile-buttons"):
                yield Button("Add", id="add", variant="primary")
                yield Button("Edit", id="edit")
                yield Button("Delete", id="delete")
                yield Button("Test connection", id="test")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "where workflows are sent; keys are never shown"
        table = self.query_one("#table", DataTable)
        for label in ("Name", "Vendor", "Base URL", "Key"):
            table.add_column(label)
        table.add_column("Last test", key="test")
        self.query_one("#probe-result").display = False
        self.reload()
        table.focus()

    def reload(self, select: str | None = None) -> None:
        """Read profiles.toml again and redraw the table (keeps the cursor on `select`)."""
        try:
            user = list(load_user_profiles().values())
            self.problem = None
        except FlowdeckError as exc:
            user, self.problem = [], f"{exc} — fix the file; only built-in profiles are shown"
        self.profiles = [*builtin_profiles(), *user]
        problem = self.query_one("#profiles-problem", Static)
        problem.update(Content.styled(self.problem or "", "bold $text-error"))
        problem.display = self.problem is not None
        table = self.query_one("#table", DataTable)
        current = select or (self.current.name if self.current else None)
        table.clear()
        for profile in self.profiles:
            test = self.tests.get(profile.name)
            table.add_row(profile.name, vendors.VENDORS[profile.vendor].title,
                          profile.base_url or "(vendor default)", profile.describe_auth(),
                          self._test_cell(test) if test else "", key=profile.name)
        names = [p.name for p in self.profiles]
        if current in names:
            table.move_cursor(row=names.index(current))
        self.refresh_bindings()

    @property
    def current(self) -> Profile | None:
        table = self.query_one("#table", DataTable)
        if not self.profiles or table.cursor_row is None:
            return None
        return self.profiles[min(table.cursor_row, len(self.profiles) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        current = self.current
        if action in ("edit", "delete"):
            return current is not None and not current.builtin and self.problem is None
        if action == "add":
            return self.problem is None
        if action == "test":
            return current is not None
        return True

    @on(DataTable.RowHighlighted)
    def _moved(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        for name in ("add", "edit", "delete", "test"):
            self.query_one(f"#{name}", Button).disabled = not self.check_action(name, ())

    @on(DataTable.RowSelected)
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.check_action("edit", ()):
            self.action_edit()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        self.run_action(str(event.button.id))

    def action_add(self) -> None:
        vendor = self.current.vendor if self.current else None

        def store(profile: Profile) -> None:
            save_profile(profile)

        self.app.push_screen(ProfileForm(store, vendor=vendor),
                             lambda saved: saved and self._saved(saved, "Added"))

    def action_edit(self) -> None:
        original = self.current
        if original is None or original.builtin:
            return

        def store(profile: Profile) -> None:
            save_profile(profile, replace=profile.name == original.name)
            if profile.name != original.name:
                remove_profile(original.name)

        self.app.push_screen(ProfileForm(store, original),
                             lambda saved: saved and self._saved(saved, "Saved"))

    def _saved(self, profile: Profile, verb: str) -> None:
        self.reload(select=profile.name)
        self.notify(f"{verb} profile {profile.name} ({profile.describe_auth()})", markup=False)

    def action_delete(self) -> None:
        profile = self.current
        if profile is None or profile.builtin:
            return
        from tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                remove_profile(profile.name)
            except FlowdeckError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.reload()
            self.notify(f"Deleted profile {profile.name}", markup=False)

        self.app.push_screen(ConfirmScreen(
            f"Delete profile {profile.name}?",
            f"{profile.name} ({vendors.VENDORS[profile.vendor].title}, "
            f"{profile.describe_auth()}) is removed from profiles.toml.",
            confirm="Delete", cancel="Keep"), answered)

    def action_test(self) -> None:
        profile = self.current
        if profile is None:
            return
        self._show_probe(Content.styled(f"Testing {profile.name}…", "$text-muted"))
        start_probe(self, profile)

    def on_probe_done(self, message: ProbeDone) -> None:
        report = message.report
        self.tests[message.name] = report
        self._show_probe(Content.styled(f"{message.name}: {report.line}", report.style))
        table = self.query_one("#table", DataTable)
        if message.name in table.rows:
            table.update_cell(message.name, "test", self._test_cell(report), update_width=True)

    def _test_cell(self, report: ProbeReport) -> Text:
        """A DataTable cell measures Rich text, not Content: colour it from the theme."""
        return Text(report.short, style=self.app.theme_variables[report.style.lstrip("$")])

    def _show_probe(self, text: Content) -> None:
        shown = self.query_one("#probe-result", Static)
        shown.update(text)
        shown.display = True

    def action_back(self) -> None:
        self.dismiss(None)

"""The builder: outline, editor and live payload preview with its problems.

State lives in one place, `self.history` (workflow snapshots), and flows one
way: an edit records a new snapshot, then the outline, the editor and the
title are brought up to date and a preview compile is scheduled. The compile
runs in a thread worker after a short quiet period, so a burst of keystrokes
costs one compile and an edit never waits on the preview; results carry a
revision number and stale ones are dropped.
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Footer, Header, Static, Tree

from tui import vendors
from tui.keymap import bindings
from tui.model import edits
from tui.model.document import FILE_SUFFIX
from tui.model.edits import TOP, History, LaneRef
from tui.model.errors import FlowdeckError, InputError
from tui.model.problems import Problem
from tui.model.steps import Step
from tui.model.summary import KIND_HELP, KIND_TITLES, step_label
from tui.model.targets import Target, read, write
from tui.model.tree import find
from tui.model.workflow import Workflow
from tui.screens.builder_send import SendActions
from tui.screens.confirm import ConfirmScreen
from tui.screens.home import vendor_prompt
from tui.screens.path_prompt import PathScreen
from tui.screens.pick import PickScreen
from widgets.editor_pane import EditorPane
from widgets.editors import EditorChanged, EditorContext, editor_for
from widgets.outline import STEPS_KEY, Outline, Row, lane_key, problem_key, step_key
from widgets.preview import PayloadPreview, Rendered, render_error, render_payload, string_values
from widgets.problems import ProblemList

if TYPE_CHECKING:
    from tui.commands import Command
    from tui.vendors.base import Adapter

WIDE = 120
"""From this many columns the preview is always shown; below it, F6 toggles it."""

PREVIEW_DELAY = 0.12
"""Seconds of quiet before the preview recompiles during a burst: typing a word costs two
compiles (its first key at once, the rest when the typing stops)."""

EDITOR_DELAY = 0.05
"""Seconds of rest before an editor asked for by a cursor move (editor_follows_cursor) or a
structure edit is built: holding an arrow key or `J` builds only the last one."""


_ROW_ACTIONS = ("delete", "move", "duplicate", "add_arm", "undo", "redo", "toggle_preview",
                "next_problem")
"""The actions `check_action` may enable or hide, depending on the row and the state."""


class PreviewReady(Message):
    """A compile finished (posted from the worker thread)."""

    def __init__(self, revision: int, rendered: Rendered, problems: list[Problem]) -> None:
        super().__init__()
        self.revision = revision
        self.rendered = rendered
        self.problems = problems


def slug(name: str) -> str:
    """A file-name-friendly version of a workflow name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "workflow"


def flow_path(path: Path) -> Path:
    """`path` with the *.flow.json suffix (a plain `.json` becomes `.flow.json`)."""
    if path.name.endswith(FILE_SUFFIX):
        return path
    return path.with_name(path.name.removesuffix(".json") + FILE_SUFFIX)


def adapter_for(vendor_id: str) -> Adapter:
    """The vendor's adapter; an adapter that cannot load is one clear error."""
    try:
        return vendors.get(vendor_id)
    except ImportError as exc:
        raise InputError(f"the {vendor_id} adapter cannot be loaded ({exc})", "vendor") from None


class BuilderScreen(SendActions, Screen[None]):
    BINDINGS: ClassVar = bindings("builder")
    HORIZONTAL_BREAKPOINTS: ClassVar = [(0, "-narrow"), (WIDE, "-wide")]
    HELP = """\
## Builder

The **outline** (left) lists the workflow; **enter** opens the row under its
cursor in the **editor** (middle), which stays on that row, shown in bold,
while the cursor moves on (`editor_follows_cursor = true` in config.toml makes
it follow the cursor); the **preview** (right) is the exact payload
the vendor will receive, with the vendor's **problems** under it. Below 120
columns **F6** swaps the editor for the preview.

**tab** moves between panes, **escape** returns to the outline. In the
outline: **a** add a step after, **i** insert before, **x** delete, **K**/**J**
move, **d** duplicate, **n** new arm, **u** undo.
"""

    show_preview: reactive[bool] = reactive(False)

    def __init__(self, workflow: Workflow, *, path: Path | None = None, origin: str = "",
                 saved: bool = True, draft_id: str | None = None) -> None:
        super().__init__()
        self.history = History(workflow, saved=saved)
        self.init_send_actions(draft_id)
        self.path = path
        self.origin = origin
        """Where the workflow came from when it is not `path` (an imported payload, a draft)."""
        self.problems: list[Problem] = []
        self._selected = "details"
        self.revision = 0
        self.shown_revision = -1
        self._timer: Any = None
        self._last_compile = 0.0
        """When the last preview compile started (time.monotonic): a key after a quiet
        spell compiles at once, keys in a burst wait for the burst to end."""
        self._editor_timer: Any = None
        self._editor_ready = asyncio.Event()
        self._settled = asyncio.Event()
        self._bindings_state: tuple[object, ...] = ()
        self._status_text = ""

    # -- state ---------------------------------------------------------------------------

    @property
    def workflow(self) -> Workflow:
        return self.history.present

    @property
    def outline(self) -> Outline:
        return self.query_one(Outline)

    @property
    def preview(self) -> PayloadPreview:
        return self.query_one(PayloadPreview)

    @property
    def row(self) -> Row | None:
        return self.outline.current

    @property
    def preview_current(self) -> bool:
        """True once the preview shows the present workflow."""
        return self._timer is None and self.shown_revision == self.revision

    async def settled(self, *, preview: bool = True) -> None:
        """Wait until the editor (and the preview) show the present state (tests,
        screenshots, benchmarks)."""
        await self._editor_ready.wait()
        if preview:
            await self._settled.wait()

    @property
    def vendor_title(self) -> str:
        entry = vendors.VENDORS.get(self.workflow.vendor)
        return entry.title if entry else self.workflow.vendor

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield Outline(id="outline")
            yield EditorPane(id="editor")
            with Vertical(id="side"):
                yield PayloadPreview(id="preview")
                yield ProblemList(id="problems")
        with Horizontal(id="status-bar"):
            yield Static("", id="status")
            yield Button("Send… F12", id="send", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        for pane, title in (("#outline", "Outline"), ("#editor", "Editor"),
                            ("#preview", "Payload"), ("#problems", "Problems")):
            self.query_one(pane).border_title = title
        self.outline.auto_expand = False
        self.outline.show(self.workflow, self.all_problems, self.selected)
        self.outline.open_key = self.selected  # the setter could not reach it before mount
        self._mount_editor(at_once=True)
        self._refresh_title()
        self._compile_now()
        self.outline.focus()

    def watch_show_preview(self, shown: bool) -> None:
        self.set_class(shown, "-preview")
        if self.is_mounted:
            (self.preview if shown else self.outline).focus()
            self.preview.reveal()
            self.refresh_bindings()

    def _refresh_title(self) -> None:
        name = self.path.name if self.path else (self.workflow.name or "untitled")
        dirty = self.history.dirty
        self.title = f"{name} ●" if dirty else name
        origin = f" · {self.origin}" if self.origin else ""
        self.sub_title = f"{self.vendor_title}{origin}" + (" · unsaved changes" if dirty else "")
        try:
            create = adapter_for(self.workflow.vendor).info.create
            self.preview.border_title = f"Payload · {create.method} {create.path}"
        except FlowdeckError:
            self.preview.border_title = "Payload"

    def _refresh_bindings(self) -> None:
        """Refresh the footer only when what it shows changed: recomposing it costs a layout
        and ~6 KB of output, on every keystroke in an editor or every cursor move."""
        state = tuple(self.check_action(action, ()) for action in _ROW_ACTIONS)
        if state != self._bindings_state:
            self._bindings_state = state
            self.refresh_bindings()

    def _refresh_status(self) -> None:
        errors = sum(1 for p in self.problems if p.blocks_create)
        activation = sum(1 for p in self.problems
                         if p.severity == "error" and p.phase == "activate")
        warnings = sum(1 for p in self.problems if p.severity == "warning")
        parts = [self.vendor_title]
        if not self.preview_current:
            parts.append("compiling…")
        elif errors or warnings or activation:
            counts = [f"{errors} error{'s' * (errors != 1)}"]
            if activation:
                counts.append(f"{activation} before activation")
            counts.append(f"{warnings} warning{'s' * (warnings != 1)}")
            parts.append(f"{', '.join(counts)} (F7 next)")
        else:
            parts.append("no problems")
        if self.has_class("-narrow") and not self.show_preview:
            parts.append("F6 preview")
        text = " · ".join(parts)
        if text != self._status_text:
            self._status_text = text
            # one row of a fixed width: no layout needed, and typing must not cost one
            self.query_one("#status", Static).update(text, layout=False)

    # -- selection and the editor ----------------------------------------------------------

    @property
    def follows_cursor(self) -> bool:
        """Whether the editor and the preview's mark follow the outline's cursor, or wait
        for enter (`editor_follows_cursor` in config.toml). Following redraws the editor
        pane on every move (~18 KB at 120x40): too much for a slow SSH link."""
        config = getattr(self.app, "config", None)
        return bool(getattr(config, "editor_follows_cursor", False))

    @on(Tree.NodeHighlighted, "#outline")
    def _highlighted(self, event: Tree.NodeHighlighted[Row]) -> None:
        event.stop()
        row = event.node.data
        if row is not None and self.follows_cursor:
            self.open(row.key)
        self._refresh_bindings()

    @on(Tree.NodeSelected, "#outline")
    def _selected(self, event: Tree.NodeSelected[Row]) -> None:
        """enter on a row opens it in the editor and moves there."""
        event.stop()
        row = event.node.data
        if row is not None:
            self.open(row.key, at_once=True)
        self.run_worker(self._focus_editor(), group="focus", exclusive=True)

    def open(self, key: str, *, at_once: bool = False) -> None:
        """Show row `key` in the editor and mark its part of the preview."""
        row = self.outline.row(key)
        if row is None or key == self.selected:
            return
        self.selected = key
        self.history.seal()
        self._mount_editor(at_once=at_once)
        self.preview.focus_on(self._needles(row))

    @property
    def selected(self) -> str:
        """The key of the row the editor shows; the outline draws it in bold."""
        return self._selected

    @selected.setter
    def selected(self, key: str) -> None:
        self._selected = key
        if self.is_mounted:
            self.outline.open_key = key

    @property
    def open_row(self) -> Row | None:
        """The row the editor shows (the cursor may be elsewhere)."""
        return self.outline.row(self.selected)

    async def _focus_editor(self) -> None:
        """Focus the editor's first field that can take focus now (a hidden one cannot)."""
        await self._editor_ready.wait()  # the editor may still be on its way in
        editor = self.query_one(EditorPane).current
        first = next((w for w in self.focus_chain if editor in w.ancestors), None)
        if first is not None:
            first.focus()

    def _mount_editor(self, *, at_once: bool = False) -> None:
        """Replace the editor after `EDITOR_DELAY` of rest, or `at_once` (enter, first show)."""
        self._editor_ready.clear()
        if self._editor_timer is not None:
            self._editor_timer.stop()
        if at_once:
            self._editor_timer = None
            self.call_later(self._replace_editor)
        else:
            self._editor_timer = self.set_timer(EDITOR_DELAY, self._replace_editor)

    async def _replace_editor(self) -> None:
        self._editor_timer = None
        row = self.open_row
        key = row.target if row is not None else None
        await self.query_one(EditorPane).show(key, self.workflow, self._make_editor)
        if self._editor_timer is None:  # no newer request arrived meanwhile
            self._editor_ready.set()

    def _make_editor(self) -> Widget:
        row = self.open_row
        if row is None or row.target is None:
            count = len(self.workflow.steps)
            return Static(f"{count} step{'s' * (count != 1)}. Press a to add a step at the end, "
                          "i to insert one at the start.", classes="hint")
        try:
            adapter = adapter_for(self.workflow.vendor)
            context = EditorContext.for_adapter(adapter, self.workflow)
            return editor_for(row.target, read(self.workflow, row.target), context)
        except FlowdeckError as exc:
            return Static(Content(f"Nothing to edit here: {exc}. F5 switches vendor."),
                          classes="hint")

    @on(EditorChanged)
    def _editor_changed(self, message: EditorChanged) -> None:
        message.stop()
        self.edit_target(message.target, message.value)

    def _needles(self, row: Row) -> list[str]:
        """What identifies the row's part in the payload, most specific first."""
        if row.target is None:
            return []
        if row.lane is not None and row.lane.owner is not None and row.lane.arm is not None:
            place = find(self.workflow, row.lane.owner)
            if place is not None:
                arm = place.step.arms[row.lane.arm]  # type: ignore[union-attr]
                return [arm.id, arm.label]
        value = read(self.workflow, row.target)
        if row.target.kind == "details":
            return [self.workflow.name]
        if row.target.kind == "settings":
            return [*value.keys(), *string_values(value)]
        dumped = value.model_dump(mode="json") if hasattr(value, "model_dump") else (
            [item.model_dump(mode="json") for item in value] if isinstance(value, list)
            else value)
        head = [value.id] if row.target.kind == "step" else []
        kinds = set(KIND_TITLES)
        return head + [s for s in string_values(dumped) if len(s) >= 3 and s not in kinds]

    # -- edits ---------------------------------------------------------------------------

    def apply(self, workflow: Workflow, label: str, *, select: str | None = None,
              merge_key: object | None = None, rebuild_editor: bool = True) -> None:
        """Record an edit and bring every view up to date."""
        self.history.record(workflow, label, merge_key=merge_key)
        self._refresh_views(select, rebuild_editor=rebuild_editor)

    def _refresh_views(self, select: str | None, *, rebuild_editor: bool) -> None:
        keys_before = self.outline.keys
        wanted = select or self.selected
        self.outline.show(self.workflow, self.all_problems, None)
        if wanted not in self.outline.keys:
            wanted = _nearest(keys_before, self.outline.keys, wanted)
            rebuild_editor = True
        if wanted != self.selected:
            rebuild_editor = True
        self.selected = wanted
        self.outline.select_key(wanted)
        if rebuild_editor:
            self._mount_editor()
        row = self.open_row
        if row is not None:  # the preview finds the row's block when the new payload is in
            self.preview.focus_on(self._needles(row), now=False)
        self._refresh_title()
        self._schedule_preview()
        self._refresh_bindings()
        self.autosave()

    def edit_target(self, target: Target, value: Any) -> None:
        """Apply an editor's new value for one target (one undo step per burst of typing)."""
        try:
            updated = write(self.workflow, target, value)
        except FlowdeckError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        renamed = target.kind == "step" and getattr(value, "id", target.step_id) != target.step_id
        if renamed and self.selected == step_key(target.step_id or ""):
            # The editor follows the new id itself: keep it mounted, follow it in the outline.
            self.selected = step_key(value.id)
        self.apply(updated, f"edit {target.kind}", merge_key=target, rebuild_editor=False)

    def _try(self, label: str, change: Any, *args: Any, select: str | None = None) -> None:
        try:
            result = change(self.workflow, *args)
        except FlowdeckError as exc:
            self.notify(exc.message, severity="warning", markup=False)
            return
        if isinstance(result, tuple):
            result, new_id = result
            select = step_key(new_id)
        self.apply(result, label, select=select)

    def _vendor_kinds(self) -> tuple[str, ...]:
        try:
            return adapter_for(self.workflow.vendor).capabilities.step_kinds
        except FlowdeckError:
            return tuple(KIND_TITLES)

    def _new_step(self, kind: str) -> Step:
        """A new step shaped so this vendor can express it as it stands."""
        try:
            caps = adapter_for(self.workflow.vendor).capabilities
        except FlowdeckError:
            return edits.new_step(kind, edits.taken_ids(self.workflow))
        shape: dict[str, Any] = {}
        if kind == "wait":
            if "duration" not in caps.wait_modes and caps.wait_modes:
                shape["mode"] = caps.wait_modes[0]
            if caps.wait_units:
                shape["unit"] = "hours" if "hours" in caps.wait_units else caps.wait_units[0]
        elif kind == "contact" and caps.contact_actions:
            shape["action"] = caps.contact_actions[0]
        elif kind == "webhook" and caps.webhook_methods and "POST" not in caps.webhook_methods:
            shape["method"] = caps.webhook_methods[0]
        elif kind == "branch":
            shape["arms"] = min(2, caps.branch_max_arms or 2)
            shape["otherwise"] = caps.otherwise and shape["arms"] == 1
        elif kind == "split" and caps.split_arms is not None:
            shape["arms"] = max(2, caps.split_arms[0])
        return edits.new_step(kind, edits.taken_ids(self.workflow), **shape)

    def _pick_kind(self, title: str, then: Any) -> None:
        options = [(kind, Content.assemble((f"{KIND_TITLES.get(kind, kind):<8}", "bold"), " ",
                                           (KIND_HELP.get(kind, ""), "$text-muted")))
                   for kind in self._vendor_kinds()]
        self.app.push_screen(PickScreen(title, options, note=f"{self.vendor_title} step kinds"),
                             lambda kind: kind and then(kind))

    def action_add_step(self) -> None:
        self._pick_kind("Add a step", self.add_step)

    def action_insert_step(self) -> None:
        self._pick_kind("Insert a step", lambda kind: self.add_step(kind, before=True))

    def add_step(self, kind: str, *, before: bool = False) -> None:
        """Add a new `kind` step next to the selected row (before it with `before`)."""
        step = self._new_step(kind)
        row = self.row
        label = f"{'insert' if before else 'add'} {kind}"
        if row is not None and row.is_step:
            change = edits.insert_before if before else edits.add_after
            self._try(label, change, row.step_id, step, select=step_key(step.id))
            return
        lane = row.lane if row is not None and row.lane is not None else TOP
        at_start = before or (row is not None and row.key in ("details", "trigger", "audience"))
        self._try(label, edits.insert, lane, 0 if at_start else 1 << 30, step,
                  select=step_key(step.id))

    def action_delete(self) -> None:
        row = self.row
        if row is None:
            return
        if row.is_step:
            self._try("delete", edits.delete, row.step_id)
        elif row.lane is not None and row.lane.owner is not None:
            self._try("remove arm", edits.remove_arm, row.lane.owner, row.lane.arm,
                      select=step_key(row.lane.owner))

    def action_move(self, delta: int) -> None:
        row = self.row
        if row is None:
            return
        if row.is_step:
            self._try("move", edits.move_step, row.step_id, delta)
        elif row.lane is not None and row.lane.owner is not None and row.lane.arm is not None:
            moved = LaneRef(row.lane.owner, row.lane.arm + delta)
            self._try("move arm", edits.move_arm, row.lane.owner, row.lane.arm, delta,
                      select=lane_key(moved))

    def action_duplicate(self) -> None:
        row = self.row
        if row is not None and row.is_step:
            self._try("duplicate", edits.duplicate, row.step_id)

    def action_add_arm(self) -> None:
        owner = self._arm_owner()
        if owner is None:
            return
        place = find(self.workflow, owner)
        count = len(place.step.arms) if place is not None else 0  # type: ignore[union-attr]
        self._try("add arm", edits.add_arm, owner, select=lane_key(LaneRef(owner, count)))

    def _arm_owner(self) -> str | None:
        """The branch or split the selected row belongs to, if any."""
        row = self.row
        if row is None or row.step_id is None:
            return None
        place = find(self.workflow, row.step_id)
        return row.step_id if place is not None and place.step.kind in ("branch", "split") \
            else None

    def action_undo(self) -> None:
        label = self.history.undo()
        if label is not None:
            self._refresh_views(None, rebuild_editor=True)
            self.notify(f"Undid {label}", timeout=2)

    def action_redo(self) -> None:
        label = self.history.redo()
        if label is not None:
            self._refresh_views(None, rebuild_editor=True)
            self.notify(f"Redid {label}", timeout=2)

    # -- preview ---------------------------------------------------------------------------

    def _schedule_preview(self) -> None:
        self.revision += 1
        self._settled.clear()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if time.monotonic() - self._last_compile >= PREVIEW_DELAY:
            self._compile_now()
        else:
            self._timer = self.set_timer(PREVIEW_DELAY, self._compile_now)
        self._refresh_status()

    def _compile_now(self) -> None:
        self._timer = None
        self._last_compile = time.monotonic()
        self._compile(self.revision, self.workflow)

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False,
          description="compile the preview")  # repr of a big workflow costs ms
    def _compile(self, revision: int, workflow: Workflow) -> None:
        """Compile and check off the UI thread; an adapter failure shows in the preview."""
        problems: list[Problem] = []
        try:
            adapter = adapter_for(workflow.vendor)
            body, problems = adapter.compile_and_check(workflow)
            rendered = render_payload(body)
        except FlowdeckError as exc:
            rendered = render_error(f"Cannot compile: {exc}")
        except Exception as exc:  # an adapter bug must not take the builder down
            rendered = render_error(f"The {workflow.vendor} compiler failed: {exc!r}")
        self.post_message(PreviewReady(revision, rendered, problems))

    def on_preview_ready(self, message: PreviewReady) -> None:
        if message.revision < self.shown_revision:
            return
        if self.shown_revision < 0:  # the workflow is loaded and drawn: it will live long
            keep = getattr(self.app, "keep_long_lived", None)
            if keep is not None:
                keep()
        self.shown_revision = message.revision
        if self.preview_current:
            self._settled.set()
        self.problems = message.problems
        self.preview.show(message.rendered)
        self.show_problems()
        self._refresh_status()
        self._refresh_bindings()

    @on(ProblemList.Chosen)
    def _problem_chosen(self, message: ProblemList.Chosen) -> None:
        self.select_problem(message.problem)

    def select_problem(self, problem: Problem) -> None:
        key = problem_key(problem)
        key = key if key in self.outline.keys else "details"
        self.outline.select_key(key)
        self.open(key)

    def action_next_problem(self) -> None:
        problems = self.all_problems
        if not problems:
            return
        listing = self.query_one(ProblemList)
        index = 0 if listing.highlighted is None else (listing.highlighted + 1) % len(problems)
        listing.highlighted = index
        self.select_problem(problems[index])

    def action_toggle_preview(self) -> None:
        self.show_preview = not self.show_preview
        self._refresh_status()

    def action_focus_outline(self) -> None:
        self.outline.focus()

    # -- files and vendors -------------------------------------------------------------------

    def action_save(self) -> None:
        if self.path is None:
            self.action_save_as()
            return
        try:
            self.save_to(self.path)
        except (FlowdeckError, OSError) as exc:
            self.notify(f"Not saved: {exc}", severity="error", markup=False)

    def action_save_as(self) -> None:
        default = self.path or Path(slug(self.workflow.name) + FILE_SUFFIX)
        self.app.push_screen(PathScreen("Save as (*.flow.json)", self._save_as_accept,
                                        value=str(default)))

    def _save_as_accept(self, path: Path, _vendor: str | None) -> Path:
        target = flow_path(path)
        if target.exists() and target != self.path:
            raise InputError("already exists; choose another name", str(target))
        return self.save_to(target)

    def save_to(self, path: Path) -> Path:
        from tui.store.documents import save_workflow

        path = flow_path(path)
        save_workflow(path, self.workflow)
        self.history.mark_saved()
        self.path, self.origin = path, ""
        self._refresh_title()
        self.autosave()
        self.notify(f"Saved {path}", timeout=3, markup=False)
        return path

    def action_open_file(self) -> None:
        self.app.action_open_file()  # type: ignore[attr-defined]

    def action_home(self) -> None:
        self.app.go_home()  # type: ignore[attr-defined]

    def action_switch_vendor(self) -> None:
        options = [(entry.id, vendor_prompt(entry)) for entry in vendors.VENDORS.values()
                   if entry.id != self.workflow.vendor]
        self.app.push_screen(
            PickScreen("Switch vendor", options,
                       note=f"From {self.vendor_title}; you will see what is lost first."),
            lambda vendor: vendor and self.switch_vendor(vendor))

    def switch_vendor(self, vendor_id: str) -> None:
        """Show what `vendor_id` cannot express, then retarget if the user agrees."""
        from tui.vendors.convert import retarget

        try:
            moved, problems = retarget(self.workflow, vendor_id)
        except (FlowdeckError, ImportError) as exc:
            self.notify(f"Cannot switch: {exc}", severity="error", markup=False)
            return
        title = vendors.VENDORS[vendor_id].title
        self.app.push_screen(
            ConfirmScreen(f"Switch to {title}?", self._loss_report(title, problems),
                          confirm=f"Switch to {title}"),
            lambda yes: yes and self.apply(moved, f"switch to {title}"))

    def _loss_report(self, title: str, problems: list[Problem]) -> Content:
        lost = [p for p in problems if p.code == "UNSUPPORTED"]
        other = [p for p in problems if p.code != "UNSUPPORTED" and p.severity == "error"]
        parts: list[Content | str] = []
        if lost:
            parts.append(Content.styled(f"{title} cannot express:\n", "bold"))
            parts.extend(Content(f"  ✗ {self._where(p)}: {p.message}\n") for p in lost)
        else:
            parts.append(Content.styled(f"Everything carries over to {title}.\n", "bold"))
        if other:
            parts.append(Content.styled(f"\n{len(other)} other error(s) to fix for {title}:\n",
                                        "bold"))
            parts.extend(Content(f"  · {self._where(p)}: {p.message}\n") for p in other[:8])
        parts.append("\nThe current version stays in the undo history (ctrl+z / u).")
        return Content.assemble(*parts)

    def _where(self, problem: Problem) -> str:
        place = find(self.workflow, problem.step_id) if problem.step_id else None
        return step_label(place.step) if place is not None else problem.location

    # -- actions' availability and the palette -------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self.row
        is_step = row is not None and row.is_step
        is_arm = row is not None and row.lane is not None and row.lane.owner is not None
        match action:
            case "delete":
                return True if is_step or is_arm else None
            case "move":
                movable = is_step or (is_arm and row is not None and row.lane is not None
                                      and row.lane.arm is not None)
                return True if movable else None
            case "duplicate":
                return True if is_step else None
            case "add_arm":
                return True if self._arm_owner() is not None else None
            case "undo":
                return True if self.history.can_undo else None
            case "redo":
                return True if self.history.can_redo else None
            case "toggle_preview":
                return self.has_class("-narrow")
            case "next_problem":
                return True if self.all_problems else None
        return True

    def palette_commands(self) -> list[Command]:
        from tui.commands import Command

        where = self.row.label if self.row is not None else "the end"
        commands = [Command(f"Add {KIND_TITLES.get(kind, kind)} step after {where}",
                            KIND_HELP.get(kind, ""), lambda kind=kind: self.add_step(kind))
                    for kind in self._vendor_kinds()]
        commands += [Command(f"Switch vendor to {entry.title}", entry.summary,
                             lambda vendor=entry.id: self.switch_vendor(vendor))
                     for entry in vendors.VENDORS.values() if entry.id != self.workflow.vendor]
        return commands + self.send_commands()

    def on_resize(self) -> None:
        self._refresh_status()

    @on(Button.Pressed, "#send")
    def _send_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_submit()


def _nearest(before: list[str], after: list[str], gone: str) -> str:
    """The row to land on when `gone` disappeared: the closest earlier row that remains."""
    if gone in before:
        for key in reversed(before[:before.index(gone)]):
            if key in after:
                return key
    return STEPS_KEY if STEPS_KEY in after else after[0]



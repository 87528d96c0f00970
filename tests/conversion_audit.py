"""Which parts of a workflow a conversion lost, and whether a problem names each one.

Conversion promises that nothing is dropped silently: every part of the source
workflow either reaches the target payload or is named by a problem. This
audit checks the promise from the outside. It converts, reads the target
payload back with the target adapter, and compares the two workflows by
meaning, not by form:

- steps are matched by id where the target kept it, else by kind and content
  (flat vendors make up new ids), and compared field by field; a step lost with
  its branch, or in a lane the target has no room for, is covered by the
  problem that names the branch or the lane;
- triggers are compared through `tui.vendors.triggers`, so `EVENT` +
  `eventName` in Kibamail and `event_received` + `event_name` in AutoSend are
  the same custom event, while a word only one vendor knows never survives a
  move unnamed;
- conditions are compared rule by rule (a declared value type counts where the
  value does not show it), then by how the rules are grouped; a Kibamail chain
  of if-else nodes counts as the one branch it was made from; waits are
  compared as durations;
- a payload the target adapter cannot read back has the refused parts cut out,
  which then count as lost.

A lost part is named by a problem on the same step (or none) whose path is the
part's path, inside it, or around it (`exit` names `exit[0].filters`).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any

from tui.model.conditions import Condition, Rule
from tui.model.errors import PayloadError
from tui.model.problems import Problem
from tui.model.steps import BranchStep, SplitStep, Step, WaitStep
from tui.model.tree import Place, walk
from tui.model.workflow import ExitRule, Workflow
from tui.vendors import get
from tui.vendors.base import declared_type
from tui.vendors.convert import retarget
from tui.vendors.triggers import meaning

_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}

EXIT_CHECKED_AT_EVERY_STEP = frozenset({"omnisend"})
"""Vendors that check the exit rules before every step (Omnisend's capabilities say so), so
a step's `check_exit` is carried without a field for it."""

_DEFINING = ("action", "mode")
"""Step fields that say what the step is: when the target cannot express one, a problem on
it names the whole step (a contact change it has no action for loses its field too)."""


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of the source workflow: what it is, and where a problem would name it."""

    what: str
    step_id: str | None = None
    path: str = ""
    lanes: tuple[tuple[str, str], ...] = ()
    """The (branch or split id, lane path) of every lane the part sits in: a problem that
    says a lane cannot be expressed names everything in it."""

    def named_by(self, problem: Problem) -> bool:
        if any(problem.step_id == owner and _within(lane, problem.path)
               for owner, lane in self.lanes):
            return True
        if problem.step_id != self.step_id:
            return False
        if self.step_id is not None and (not self.path or problem.path in _DEFINING):
            return True  # the step as a whole is gone or changed: a problem on it tells
        return _within(problem.path, self.path) or _within(self.path, problem.path)

    def line(self) -> str:
        where = f"step {self.step_id}: " if self.step_id else ""
        return f"{where}{self.path or 'step'}: {self.what}"


def _within(inner: str, outer: str) -> bool:
    """True when `inner` is `outer` or a path inside it (`arms[0].condition` in `arms`)."""
    if not outer:
        return False
    return inner == outer or inner.startswith((f"{outer}.", f"{outer}["))


@dataclass(frozen=True, slots=True)
class Audit:
    """One conversion seen from the outside."""

    payload: dict[str, Any]
    problems: list[Problem]
    reread: Workflow
    """The target payload as the target adapter reads it back."""
    cut: tuple[str, ...] = ()
    """The target adapter's errors on the parts it could not read back (cut out to read the
    rest): the payload holds what the target cannot express, so a problem must say so."""
    silent: tuple[Part, ...] = ()
    """Parts lost without a problem naming them: each one is a bug."""

    def findings(self) -> list[str]:
        """What is wrong with the conversion, one line each; empty when it is faithful."""
        found = [part.line() for part in self.silent]
        if self.cut and not any(problem.blocks_create for problem in self.problems):
            found += [f"the payload does not read back and no error says why: {error}"
                      for error in self.cut]
        return found


def audit(workflow: Workflow, target: str) -> Audit:
    """Convert `workflow` to `target` as `flowdeck convert` does, and check what arrived."""
    moved, problems = retarget(workflow, target)
    payload = json.loads(json.dumps(get(target).compile(moved)))
    reread, cut = read_back(target, payload)
    silent = tuple(part for part in lost(workflow, reread)
                   if not any(part.named_by(problem) for problem in problems))
    return Audit(payload, problems, reread, cut, silent)


_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")
_MOST_CUTS = 50


def read_back(vendor: str, payload: dict[str, Any]) -> tuple[Workflow, tuple[str, ...]]:
    """The payload as `vendor`'s adapter reads it, and its errors on what it could not read.

    A converted payload may hold what the target cannot express (an operator it has no
    word for), and the target's `parse` refuses it. Each time, the smallest list item
    around the refused place is cut out and the rest read again, so whatever the target
    cannot read counts as not carried, and the audit still sees everything else."""
    errors: list[str] = []
    for _ in range(_MOST_CUTS):
        try:
            return get(vendor).parse(payload), tuple(errors)
        except PayloadError as exc:
            payload = _cut(payload, exc.location)
            errors.append(str(exc))
    raise AssertionError(f"{vendor} cannot read the payload back: {errors[-1]}")


def _cut(payload: dict[str, Any], location: str) -> dict[str, Any]:
    """`payload` without the innermost list item on the JSON path `location`."""
    keys: list[str | int] = [int(index) if index else name
                             for index, name in _STEP.findall(location)]
    last = max((at for at, key in enumerate(keys) if isinstance(key, int)), default=None)
    if last is None:
        raise AssertionError(f"no list item to cut out at {location}")
    trimmed = copy.deepcopy(payload)
    here: Any = trimmed
    for key in keys[:last]:
        here = here[key]
    del here[keys[last]]
    return trimmed


def lost(source: Workflow, target: Workflow) -> list[Part]:
    """Every part of `source` that `target` does not carry, in meaning."""
    vendor = source.vendor
    parts: list[Part] = []
    for field in ("name", "description"):
        if getattr(source, field).strip() and getattr(source, field) != getattr(target, field):
            parts.append(Part(f"the {field} '{getattr(source, field)}'", path=field))
    parts.extend(_trigger(source, target))
    parts += [Part("the audience's rules", path=path) for path in
              _condition_differences(source.audience, target.audience, "audience", vendor)]
    exits = _exits(source, target)
    parts.extend(exits)
    parts.extend(_vendor_only(source, target))
    exit_checks = (vendor, target.vendor) if source.exit and not exits else None
    parts.extend(Steps(vendor, exit_checks).lost(source.steps, target.steps))
    return parts


# --- trigger, exit, vendor-only fields ------------------------------------------------------


def _trigger(source: Workflow, target: Workflow) -> list[Part]:
    said, rest = meaning(source.vendor, source.trigger)
    heard, arrived = meaning(target.vendor, target.trigger)
    parts: list[Part] = []
    if said is not None and said != heard:
        parts.append(Part(said.describe(), path="trigger.event"))
    elif said is None and rest.event.strip() and (
        source.vendor != target.vendor or rest.event != arrived.event
    ):
        parts.append(Part(f"the trigger '{rest.event}'", path="trigger.event"))
    for name, value in rest.params.items():
        if arrived.params.get(name) != value:
            parts.append(Part(f"the trigger parameter {name}={value!r}",
                              path=f"trigger.params.{name}"))
    if rest.origin and rest.origin != arrived.origin:
        parts.append(Part(f"the origin '{rest.origin}'", path="trigger.origin"))
    for event in rest.extra_events:
        if event not in arrived.extra_events:
            parts.append(Part(f"the further trigger event '{event}'",
                              path="trigger.extra_events"))
    parts += [Part("the trigger filters", path=path) for path in _condition_differences(
        rest.filters, arrived.filters, "trigger.filters", source.vendor)]
    if rest.inactivity is not None and rest.inactivity != arrived.inactivity:
        parts.append(Part("the inactivity window", path="trigger.inactivity"))
    return parts


def _exits(source: Workflow, target: Workflow) -> list[Part]:
    arrived = [_exit_meaning(rule, source.vendor) for rule in target.exit]
    return [Part(f"the exit rule on '{rule.event}'", path=f"exit[{index}]")
            for index, rule in enumerate(source.exit)
            if _exit_meaning(rule, source.vendor) not in arrived]


def _exit_meaning(rule: ExitRule, vendor: str) -> tuple[Any, ...]:
    return rule.event, rule.origin, _condition(rule.filters, vendor)


def _vendor_only(source: Workflow, target: Workflow) -> list[Part]:
    """The source vendor's settings and extras: only that vendor reads them."""
    vendor = source.vendor
    parts: list[Part] = []
    if source.vendor_settings() and target.settings.get(vendor) != source.vendor_settings():
        parts.append(Part(f"the {vendor} settings", path="settings"))
    owners: list[tuple[Any, Any, str | None, str]] = [
        (source, target, None, "extras"), (source.trigger, target.trigger, None,
                                          "trigger.extras")]
    owners += [(rule, None, None, f"exit[{index}].extras")
               for index, rule in enumerate(source.exit)]
    for place in walk(source.steps):
        owners.append((place.step, None, place.step.id, "extras"))
        arms = getattr(place.step, "arms", [])
        owners += [(arm, None, place.step.id, f"arms[{index}].extras")
                   for index, arm in enumerate(arms)]
    for mine, theirs, step_id, path in owners:
        fields = mine.extras.get(vendor)
        if fields and (theirs is None or theirs.extras.get(vendor) != fields):
            parts.append(Part(f"the {vendor} fields {sorted(fields)}", step_id, path))
    return parts


# --- conditions -------------------------------------------------------------------------------


def _condition_differences(mine: Condition | None, theirs: Condition | None, path: str,
                           vendor: str) -> list[str]:
    """The paths of the rules of `mine` that `theirs` lacks; when it has them all, `path`
    itself if they are grouped differently."""
    left = [_condition(rule, vendor) for rule in (theirs.rules() if theirs else [])]
    missing: list[str] = []
    for where, rule in _rules_at(mine, path):
        key = _condition(rule, vendor)
        if key in left:
            left.remove(key)
        else:
            missing.append(where)
    if not missing and _condition(mine, vendor) != _condition(theirs, vendor):
        missing.append(path)
    return missing


def _rules_at(condition: Condition | None, path: str) -> list[tuple[str, Rule]]:
    """Every rule of a condition with its path, e.g. `audience.items[1].items[0]`."""
    found: list[tuple[str, Rule]] = []
    for index, item in enumerate(condition.items if condition else []):
        here = f"{path}.items[{index}]"
        found += [(here, item)] if isinstance(item, Rule) else _rules_at(item, here)
    return found


def _condition(condition: Condition | Rule | None, vendor: str) -> Any:
    """A condition in a form where equal meanings compare equal: same-op groups flattened,
    one-item groups unwrapped, the items of and / or as a set, a declared value type only
    where the value does not show it. Of a rule's extras only the source `vendor`'s count:
    another vendor never reads them."""
    if condition is None:
        return None
    if isinstance(condition, Rule):
        return ("rule", condition.source, condition.field, condition.operator,
                declared_type(condition),
                json.dumps([condition.value, condition.extras.get(vendor)], sort_keys=True))
    items = [_condition(item, vendor) for item in condition.items]
    if condition.op == "not":
        return ("not", items[0])
    flat: list[Any] = []
    for item in items:
        if item is None:
            continue
        flat.extend(item[1] if item[0] == condition.op else [item])
    if not flat:
        return None
    if len(flat) == 1:
        return flat[0]
    return (condition.op, frozenset(flat))


# --- steps ------------------------------------------------------------------------------------


class Steps:
    """Matches the source steps to the target's and lists what each lost."""

    def __init__(self, vendor: str, exit_checks: tuple[str, str] | None) -> None:
        self.vendor = vendor
        self.exit_checks = exit_checks
        """(source, target) vendor when both carry the exit rules, so a step's explicit exit
        check means something on both sides (None leaves it to the vendor's default)."""

    def lost(self, source: list[Step], target: list[Step]) -> list[Part]:
        places = {id(place.step): place for place in (*walk(source), *walk(target))}
        matches = self._match(source, target, places)
        gone: set[str] = set()
        parts: list[Part] = []
        for place in walk(source):
            step, match = place.step, matches.get(id(place.step))
            lanes = _lanes(place, places)
            if match is not None:
                parts.extend(Part(f"the {step.kind} step's {path}", step.id, path, lanes)
                             for path in self.differences(step, match, places))
                continue
            gone.add(step.id)
            if place.lane is None or place.lane.owner.id not in gone:
                parts.append(Part(f"the {step.kind} step", step.id, lanes=lanes))
            # else: lost with its branch or split, and the problem naming that one names it
        return parts

    def _match(self, source: list[Step], target: list[Step],
               places: dict[int, Place]) -> dict[int, Step]:
        """The target step that carries each source step: the one with its id and kind,
        else the unclaimed one of its kind with the fewest differences (flat vendors make
        ids up). A step is matched only once its branch or split is, so a step lost with
        its branch never claims a made-up id that belongs to another."""
        unclaimed = [place.step for place in walk(target)]
        matches: dict[int, Step] = {}

        def placed(place: Place) -> bool:
            return place.lane is None or id(place.lane.owner) in matches

        for place in walk(source):
            same = next((other for other in unclaimed if other.id == place.step.id
                         and other.kind == place.step.kind), None)
            if same is not None and placed(place):
                matches[id(place.step)] = same
                unclaimed.remove(same)
        for place in walk(source):
            step = place.step
            kin = [other for other in unclaimed if other.kind == step.kind]
            if id(step) not in matches and placed(place) and kin:
                matches[id(step)] = min(
                    kin, key=lambda other: len(self.differences(step, other, places)))
                unclaimed.remove(matches[id(step)])
        return matches

    def differences(self, step: Step, other: Step, places: dict[int, Place]) -> list[str]:
        """The paths of `step` whose meaning `other` does not carry. Whether a branch's lanes
        rejoin means something only where steps follow the branch on both sides (where the
        target lost them, each lost step is a part of its own)."""
        continues = _continues(places[id(step)], places) and _continues(places[id(other)], places)
        paths: list[str] = []
        if isinstance(step, BranchStep) and isinstance(other, BranchStep):
            paths = _branch_differences(step, other, continues, self.vendor)
        elif isinstance(step, SplitStep) and isinstance(other, SplitStep):
            paths = _split_differences(step, other)
        mine, theirs = _fields(step), _fields(other)
        paths += [name for name in sorted(mine.keys() | theirs.keys())
                  if mine.get(name) != theirs.get(name)]
        if _length(step) is not None and _length(step) == _length(other):
            paths = [path for path in paths if path not in ("amount", "unit")]
        if self.exit_checks is not None and step.check_exit is not None and (
            step.check_exit != _exit_checked(self.exit_checks[1], other)
        ):
            paths.append("check_exit")
        return paths


def _lanes(place: Place, places: dict[int, Place]) -> tuple[tuple[str, str], ...]:
    """Every lane around a step, innermost first, as (owner id, lane path)."""
    found: list[tuple[str, str]] = []
    while place.lane is not None:
        lane = place.lane
        arms: list[Any] = list(getattr(lane.owner, "arms", []))
        path = "otherwise" if lane.arm is None else f"arms[{arms.index(lane.arm)}]"
        found.append((lane.owner.id, path))
        place = places[id(lane.owner)]
    return tuple(found)


def _continues(place: Place, places: dict[int, Place]) -> bool:
    """True when a contact can go on after this step: steps follow it in its sequence, or
    its lane rejoins a sequence that goes on."""
    while True:
        if place.index < len(place.container) - 1:
            return True
        lane = place.lane
        if lane is None or not getattr(lane.arm, "rejoin", True):
            return False
        place = places[id(lane.owner)]


def _exit_checked(vendor: str, step: Step) -> bool:
    return vendor in EXIT_CHECKED_AT_EVERY_STEP or bool(step.check_exit)


def _fields(step: Step) -> dict[str, Any]:
    """The step's own fields that carry meaning; empty values count as absent. Ids are
    names, not meaning; the exit check goes with the exit rules (see `Steps`)."""
    data = step.model_dump(exclude={"id", "kind", "extras", "arms", "otherwise", "check_exit"})
    if isinstance(step, WaitStep):
        mode = "immediate" if _length(step) == 0 else step.mode
        data.update(mode=mode, amount=step.amount if mode == "duration" else None,
                    unit=step.unit if mode == "duration" else None,
                    at_time=step.at_time if mode == "until_time" else None)
    return {name: value for name, value in data.items() if value not in (None, "", [], {}, False)}


def _length(step: Step) -> float | None:
    """How long a wait of fixed length waits, in seconds (a zero wait waits no time);
    None for anything else, and for months, which have no fixed length."""
    if not isinstance(step, WaitStep) or step.mode == "until_time":
        return None
    if step.mode == "immediate" or step.amount == 0:
        return 0
    factor = _SECONDS.get(step.unit)
    return None if factor is None else step.amount * factor


def _branch_differences(step: BranchStep, other: BranchStep, continues: bool,
                        vendor: str) -> list[str]:
    """The arms that differ. The otherwise lane is no part of its own: its steps are, and
    a problem saying the target has no otherwise lane names them (see `Part.lanes`)."""
    other = _unchained(other, len(step.arms))
    if len(step.arms) != len(other.arms):
        return ["arms"]
    paths: list[str] = []
    for index, (arm, theirs) in enumerate(zip(step.arms, other.arms, strict=True)):
        paths += _condition_differences(arm.condition, theirs.condition,
                                        f"arms[{index}].condition", vendor)
        paths += [f"arms[{index}].{name}" for name, mine, seen in (
            ("label", arm.label, theirs.label),
            ("reevaluate", arm.reevaluate, theirs.reevaluate),
            ("rejoin", arm.rejoin or not continues, theirs.rejoin or not continues))
            if mine != seen]
    return paths


def _unchained(step: BranchStep, arms: int) -> BranchStep:
    """A chain of one-arm branches (Kibamail's if-else nodes, each in the other's otherwise)
    read as one branch with up to `arms` arms."""
    while len(step.arms) < arms and step.otherwise is not None and len(step.otherwise) == 1:
        inner = step.otherwise[0]
        if not isinstance(inner, BranchStep):
            break
        step = step.model_copy(update={"arms": [*step.arms, *inner.arms],
                                       "otherwise": inner.otherwise})
    return step


def _split_differences(step: SplitStep, other: SplitStep) -> list[str]:
    if len(step.arms) != len(other.arms):
        return ["arms"]
    return [f"arms[{index}].{name}"
            for index, (arm, theirs) in enumerate(zip(step.arms, other.arms, strict=True))
            for name in ("label", "percentage") if getattr(arm, name) != getattr(theirs, name)]

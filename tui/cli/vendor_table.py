"""The README's vendor table: which steps and triggers each vendor takes, from the adapters.

`flowdeck vendors --markdown` prints it and a test holds README.md to it, so the
table can never drift from what the adapters actually express. Step cells say
what the vendor's capabilities allow (wait units, contact changes, webhook
methods, arms); trigger rows say how each vendor spells the meanings conversion
carries across vendors (`tui.vendors.triggers`), then the events it names.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.model.steps import STEP_KINDS
from tui.vendors import get, vendor_ids
from tui.vendors.base import Capabilities
from tui.vendors.triggers import KINDS, TITLES, vocabulary

NO = "—"
YES = "✓"


def markdown() -> str:
    """Both tables, as Markdown, ending with a newline."""
    titles = [get(vendor).info.title for vendor in vendor_ids()]
    steps = [[f"`{kind}`", *(_step(get(vendor).capabilities, kind) for vendor in vendor_ids())]
             for kind in STEP_KINDS]
    triggers = [[TITLES[kind], *(vocabulary(vendor).spell(kind) or NO for vendor in vendor_ids())]
                for kind in KINDS]
    triggers.append(["named events", *(_events(get(vendor).capabilities)
                                       for vendor in vendor_ids())])
    triggers.append(["typed-in event names", *(YES if get(vendor).capabilities.custom_events
                                            else NO for vendor in vendor_ids())])
    return f"{_table(['step', *titles], steps)}\n{_table(['trigger', *titles], triggers)}"


def _step(caps: Capabilities, kind: str) -> str:
    if kind not in caps.step_kinds:
        return NO
    detail = _DETAILS.get(kind)
    return (detail(caps) if detail else "") or YES


def _wait(caps: Capabilities) -> str:
    modes = {"immediate": "immediate", "until_time": "until a time of day"}
    extra = [modes[mode] for mode in caps.wait_modes if mode in modes]
    extra += ["on chosen weekdays"] if caps.weekdays else []
    return ", ".join(caps.wait_units) + "".join(f"; {more}" for more in extra)


def _branch(caps: Capabilities) -> str:
    most = caps.branch_max_arms
    arms = ("any number of arms" if most is None else "1 arm" if most == 1
            else f"up to {most} arms")
    return arms + (" + otherwise" if caps.otherwise else "")


def _split(caps: Capabilities) -> str:
    if caps.split_arms is None:
        return ""
    low, high = caps.split_arms
    return f"{low} paths" if low == high else f"{low}–{high} paths"


_DETAILS: dict[str, Callable[[Capabilities], str]] = {
    "wait": _wait,
    "webhook": lambda caps: ", ".join(caps.webhook_methods),
    "contact": lambda caps: ", ".join(action.replace("_", " ") for action in caps.contact_actions),
    "branch": _branch,
    "split": _split,
}


def _events(caps: Capabilities) -> str:
    return ", ".join(f"`{event.name}`" for event in caps.events) or NO


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "".join(f"| {' | '.join(cells)} |\n" for cells in lines)

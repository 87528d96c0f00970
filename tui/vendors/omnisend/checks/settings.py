"""Rules for `settings` beyond their shape (the shape is the settings model's, reported by the
common check as INVALID_SETTING):

- frequencyLimiter: `once` takes no duration, `interval` needs one, of 1 up to
  8760 h, 365 d or 52 w;
- overlapLimiter: at least one automation id (24 hex digits); `recentlyIn`
  needs withinDays 1–7, `currentlyIn` takes none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tui.model.problems import Problem, error
from tui.vendors.omnisend.wire import CreateSettingsRequest

_CAPS = {"h": 8760, "d": 365, "w": 52}
_OBJECT_ID = re.compile(r"^[0-9a-fA-F]{24}$")


def settings_problems(settings: CreateSettingsRequest) -> Iterator[Problem]:
    frequency = settings.frequencyLimiter
    path = "settings.frequencyLimiter.duration"
    if frequency is not None:
        if frequency.mode == "once" and frequency.duration is not None:
            yield error("a frequency limit of 'once' takes no duration", "FREQUENCY_LIMITER",
                        path=path)
        elif frequency.mode == "interval" and frequency.duration is None:
            yield error("a frequency limit of 'interval' needs a duration", "FREQUENCY_LIMITER",
                        path=path)
        duration = frequency.duration
        if duration is not None and not 1 <= duration.amount <= _CAPS[duration.units]:
            yield error(f"the interval is 1 to {_CAPS[duration.units]} {duration.units}, not "
                        f"{duration.amount}", "FREQUENCY_LIMITER", path=path + ".amount")
    overlap = settings.overlapLimiter
    path = "settings.overlapLimiter"
    if overlap is None:
        return
    if not overlap.automationIDs:
        yield error("an overlap limit needs at least one automation id", "OVERLAP_LIMITER",
                    path=path + ".automationIDs")
    for index, ident in enumerate(overlap.automationIDs):
        if not _OBJECT_ID.match(ident):
            yield error(f"automation ids are 24 hex digits, not {ident!r}", "OVERLAP_LIMITER",
                        path=f"{path}.automationIDs[{index}]")
    if overlap.mode == "currentlyIn" and overlap.withinDays is not None:
        yield error("withinDays is only for mode 'recentlyIn'", "OVERLAP_LIMITER",
                    path=path + ".withinDays")
    elif overlap.mode == "recentlyIn" and (overlap.withinDays is None
                                           or not 1 <= overlap.withinDays <= 7):
        yield error("mode 'recentlyIn' needs withinDays from 1 to 7", "OVERLAP_LIMITER",
                    path=path + ".withinDays")

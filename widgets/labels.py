"""Turning identifiers into labels: `maxExecutionDays`, `segment_id` → "Max execution days",
"Segment id". Settings fields and trigger parameters are named by code, shown to people."""

from __future__ import annotations

import re


def humanize(name: str) -> str:
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").split()
    return " ".join(words).capitalize()

"""Keeping keys out of everything a person or a file sees.

A key is shown as the vendor's public prefix plus `****` (so `test_sk_****`
still tells a sandbox key from a live one); text that comes back from a server
is scrubbed of the key in case the server echoes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "****"
MIN_SCRUB_LENGTH = 8
"""Shorter keys are not real secrets (the sandbox's `sandbox`); scrubbing them would
mangle ordinary words in response bodies."""

_SENSITIVE_HEADER = re.compile(r"(?i)authorization|api[-_]?key|token|secret|cookie|password")


def mask_key(key: str | None, prefixes: Iterable[str] = ()) -> str:
    """`AS_****` for `AS_live_…`: the longest known prefix the key starts with, then the mask."""
    if key:
        for prefix in sorted(prefixes, key=len, reverse=True):
            if key.startswith(prefix) and len(key) > len(prefix):
                return prefix + MASK
    return MASK


def is_sensitive_header(name: str) -> bool:
    """Extra headers a profile adds may carry secrets of their own (a proxy's token)."""
    return bool(_SENSITIVE_HEADER.search(name))


def scrub(text: str, key: str | None, prefixes: Iterable[str] = ()) -> str:
    if not key or len(key) < MIN_SCRUB_LENGTH or key not in text:
        return text
    return text.replace(key, mask_key(key, prefixes))

"""Step ids: stable, short and readable.

Ids are stored in the workflow file and reused as vendor step ids
(AutoSend `stepId`, Kibamail node `id`, Omnisend `temporaryID`), so they must
stay the same across edits and be deterministic when a payload without ids
(Qonversion, Tether) is imported.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable


def random_id(kind: str) -> str:
    """A new id for a step the user adds: the kind plus six random hex digits."""
    return f"{kind}_{secrets.token_hex(3)}"


class IdAllocator:
    """Hands out `kind_1`, `kind_2`, … skipping ids already taken."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = set(taken)

    def reserve(self, ident: str) -> str:
        self._taken.add(ident)
        return ident

    def next(self, kind: str) -> str:
        n = 1
        while f"{kind}_{n}" in self._taken:
            n += 1
        return self.reserve(f"{kind}_{n}")

    def __contains__(self, ident: str) -> bool:
        return ident in self._taken

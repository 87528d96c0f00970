"""Select controls that offer only the vendor's choices, yet never lose a value.

A workflow converted from another vendor may hold a value this vendor does
not offer (an operator, a unit). Textual's Select refuses a value outside its
options, so the current value is kept as an extra option marked as not
offered: the user sees it, the vendor check flags it, and nothing crashes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from textual.widgets import Select

T = TypeVar("T", bound=Hashable)


def choice_options(allowed: Iterable[T], current: T | None = None,
                   label: Callable[[T], str] = str) -> list[tuple[str, T]]:
    options = [(label(value), value) for value in allowed]
    if current is not None and all(value != current for _, value in options):
        options.append((f"{label(current)} (not offered)", current))
    return options


def choice_select(allowed: Iterable[T], current: T | None, label: Callable[[T], str] = str,
                  *, blank: str | None = None, classes: str | None = None) -> Select[T]:
    """A compact Select over `allowed`; `blank` is the prompt for "none" when None is allowed."""
    options = choice_options(allowed, current, label)
    return Select(
        options,
        value=current if current is not None else Select.NULL,
        allow_blank=blank is not None or current is None or not options,
        prompt=blank or "choose…",
        compact=True,
        classes=classes,
    )

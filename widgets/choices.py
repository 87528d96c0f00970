"""Choices that offer only the vendor's options, yet never lose a value.

A workflow converted from another vendor may hold a value this vendor does
not offer (an operator, a unit). It is kept as an extra option marked as not
offered: the user sees it, the vendor check flags it, and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from widgets.choice import Choice

T = TypeVar("T", bound=Hashable)


def choice_options(allowed: Iterable[T], current: T | None = None,
                   label: Callable[[T], str] = str) -> list[tuple[str, T]]:
    options = [(label(value), value) for value in allowed]
    if current is not None and all(value != current for _, value in options):
        options.append((f"{label(current)} (not offered)", current))
    return options


def make_choice(allowed: Iterable[T], current: T | None, label: Callable[[T], str] = str,
                *, blank: str | None = None, classes: str | None = None) -> Choice[T]:
    """A Choice over `allowed`; `blank` is the prompt for "none" when None is allowed."""
    return Choice(choice_options(allowed, current, label), current,
                  allow_blank=blank is not None or current is None, prompt=blank or "choose…",
                  classes=classes)

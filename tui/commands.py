"""The command palette: every action that applies right now, and nothing that doesn't.

Bound actions come from the screen's active bindings (so a key remapped in
config.toml shows its new key, and an action the screen disables is left
out); a screen adds parametrised ones (one per vendor, one per step kind)
through `palette_commands()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

HIDDEN_ACTIONS = {"command_palette", "app.command_palette", "quit", "app.quit"}
"""The palette itself, and quit (Textual's own "Quit" command already covers it)."""


@dataclass(frozen=True, slots=True)
class Command:
    title: str
    help: str
    run: Callable[[], object]


def bound_commands(screen: Screen) -> list[Command]:
    """One command per enabled, described binding active on `screen`, keys in the help."""
    app = screen.app
    found: dict[str, Command] = {}
    keys: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if (not active.enabled or binding.system or not binding.description
                or binding.action in HIDDEN_ACTIONS):
            continue
        ident = binding.id or binding.action
        keys.setdefault(ident, []).append(app.get_key_display(binding.with_key(key)))
        title = (binding.tooltip or binding.description).rstrip(".")
        found[ident] = Command(title, "", partial(app.run_action, binding.action, active.node))
    return [Command(c.title, "key: " + ", ".join(keys[ident]), c.run)
            for ident, c in found.items()]


def screen_commands(screen: Screen) -> list[Command]:
    extra: Callable[[], list[Command]] | None = getattr(screen, "palette_commands", None)
    return bound_commands(screen) + (extra() if extra else [])


class ActionsProvider(Provider):
    async def discover(self) -> Hits:
        for command in screen_commands(self.screen):
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in screen_commands(self.screen):
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run,
                          help=command.help)

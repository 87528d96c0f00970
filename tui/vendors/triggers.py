"""What a trigger means across vendors, so conversion carries the meaning, not the word.

Each adapter keeps its vendor's own words in `Trigger.event` (AutoSend
`event_received` + param `event_name`, Kibamail `EVENT` + `eventName`, Omnisend
the event's name itself). Copying those words to another vendor would turn a
custom event into a trigger the target has never heard of. This module reads a
trigger in the source vendor's words as a neutral `Meaning` and writes that
meaning in the target vendor's words; `convert.retarget` applies it.

Only meanings the vendors demonstrably share are mapped:

- `contact_subscribed` — a new contact joins the audience: AutoSend
  `contact_created`, Kibamail `CONTACT_SUBSCRIBED`, Omnisend
  `subscribed to marketing`;
- `custom_event` — an event the customer's own system sends through the API:
  AutoSend `event_received`, Kibamail `EVENT`, and any Omnisend event Omnisend
  does not raise itself, with origin `api` (another origin, e.g. `shopify`,
  stays on the trigger for the target to report);
- `segment_entry` — the contact enters a segment: AutoSend
  `contact_added_to_segment`, Kibamail `SEGMENT_ENTRY`, Omnisend
  `entered segment` with its `segment_id` filter.

Qonversion's dashboard event ids and Tether's platform events name things only
that vendor raises, so they have no shared meaning; nor has any word not listed
here (an AutoSend list entry, a Kibamail form, an Omnisend birthday). Such a
trigger keeps its words and `translate` reports that the target cannot express
it — unless the word is already one of the target's own, so a trigger switched
to a vendor and back keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from tui.model.conditions import Condition, Rule
from tui.model.problems import Problem
from tui.model.workflow import Trigger
from tui.vendors import entry, get
from tui.vendors.autosend import vocabulary as autosend
from tui.vendors.base import cannot
from tui.vendors.kibamail import vocabulary as kibamail
from tui.vendors.omnisend import vocabulary as omnisend

Kind = Literal["contact_subscribed", "custom_event", "segment_entry"]
KINDS: tuple[Kind, ...] = Kind.__args__  # type: ignore[attr-defined]

_DESCRIPTIONS: dict[Kind, str] = {
    "contact_subscribed": "a trigger on a new contact joining",
    "custom_event": "a custom event trigger",
    "segment_entry": "a trigger on entering a segment",
}
TITLES: dict[Kind, str] = {
    "contact_subscribed": "new contact",
    "custom_event": "custom event",
    "segment_entry": "segment entry",
}


@dataclass(frozen=True, slots=True)
class Meaning:
    """What starts the workflow, in no vendor's words."""

    kind: Kind
    value: str | None = None
    """The custom event's name or the segment's id; None when the trigger names none."""

    def describe(self) -> str:
        named = f" ('{self.value}')" if self.value else ""
        return f"{_DESCRIPTIONS[self.kind]}{named}"


class Vocabulary:
    """One vendor's words for the shared meanings; by default it has none."""

    def read(self, trigger: Trigger) -> tuple[Meaning, Trigger] | None:
        """The trigger's meaning and what is left of it once the meaning's words are taken
        out; None when the trigger has no shared meaning."""
        return None

    def write(self, meaning: Meaning, rest: Trigger) -> Trigger | None:
        """`rest` with the meaning put in this vendor's words; None when it has none."""
        return None

    def spell(self, kind: Kind) -> str | None:
        """How this vendor says `kind`, in Markdown, for the vendor table; None if it cannot."""
        return None


@dataclass(frozen=True, slots=True)
class Word:
    """A meaning spelled as one trigger event, its value held in one trigger param."""

    event: str
    param: str | None = None


class Words(Vocabulary):
    """A vendor whose trigger types name the meanings one to one."""

    def __init__(self, words: Mapping[Kind, Word]) -> None:
        self.words = words

    def read(self, trigger: Trigger) -> tuple[Meaning, Trigger] | None:
        for kind, word in self.words.items():
            if trigger.event != word.event:
                continue
            params = dict(trigger.params)
            value = params.pop(word.param, None) if word.param else None
            if value is not None and not isinstance(value, str):
                return None
            return Meaning(kind, value), trigger.model_copy(update={"event": "",
                                                                    "params": params})
        return None

    def write(self, meaning: Meaning, rest: Trigger) -> Trigger | None:
        word = self.words.get(meaning.kind)
        if word is None:
            return None
        params = dict(rest.params)
        if word.param and meaning.value is not None:
            params[word.param] = meaning.value
        return rest.model_copy(update={"event": word.event, "params": params})

    def spell(self, kind: Kind) -> str | None:
        word = self.words.get(kind)
        if word is None:
            return None
        return f"`{word.event}`" + (f" + `{word.param}`" if word.param else "")


_SEGMENT_FIELD = "segment_id"
_SEGMENT_ORIGIN = "omnisend"
_API_ORIGIN = "api"
_OMNISEND_RAISED = frozenset({*omnisend.NO_ORIGIN_EVENTS, *omnisend.ENGAGEMENT_EVENTS,
                              "entered segment"})
"""Events Omnisend raises itself: never a custom event of the customer's."""


class OmnisendWords(Vocabulary):
    """Omnisend names an event by itself; a segment entry carries its id as an event filter."""

    subscribed = "subscribed to marketing"
    entered = "entered segment"
    spellings: Mapping[Kind, str] = {
        "contact_subscribed": f"`{subscribed}`",
        "custom_event": f"the event's name, origin `{_API_ORIGIN}`",
        "segment_entry": f"`{entered}` + filter `{_SEGMENT_FIELD}`",
    }

    def read(self, trigger: Trigger) -> tuple[Meaning, Trigger] | None:
        event = trigger.event
        if event == self.subscribed:
            return Meaning("contact_subscribed"), trigger.model_copy(update={"event": ""})
        if event == self.entered and trigger.origin in (None, _SEGMENT_ORIGIN):
            segment, filters = _take_segment(trigger.filters)
            return Meaning("segment_entry", segment), trigger.model_copy(
                update={"event": "", "origin": None, "filters": filters})
        if event.strip() and event not in _OMNISEND_RAISED:
            origin = None if trigger.origin == _API_ORIGIN else trigger.origin
            return Meaning("custom_event", event), trigger.model_copy(
                update={"event": "", "origin": origin})
        return None

    def write(self, meaning: Meaning, rest: Trigger) -> Trigger | None:
        if meaning.kind == "contact_subscribed":
            return rest.model_copy(update={"event": self.subscribed})
        if meaning.kind == "segment_entry":
            filters = rest.filters
            if meaning.value is not None:
                rule = Rule(source="event", field=_SEGMENT_FIELD, value=meaning.value,
                            value_type="string")
                if filters is None:
                    filters = Condition(items=[rule])
                else:
                    others = filters.items if filters.op == "and" else [filters]
                    filters = Condition(items=[rule, *others])
            return rest.model_copy(update={"event": self.entered,
                                           "origin": rest.origin or _SEGMENT_ORIGIN,
                                           "filters": filters})
        if meaning.value in _OMNISEND_RAISED:
            return None  # a name Omnisend keeps for its own event
        return rest.model_copy(update={"event": meaning.value or "",
                                       "origin": rest.origin or _API_ORIGIN})

    def spell(self, kind: Kind) -> str | None:
        return self.spellings.get(kind)


def _take_segment(filters: Condition | None) -> tuple[str | None, Condition | None]:
    """The segment id of an `entered segment` filter, and the filters without it."""
    if filters is None or filters.op != "and":
        return None, filters
    for index, item in enumerate(filters.items):
        if (isinstance(item, Rule) and item.source == "event" and item.field == _SEGMENT_FIELD
                and item.operator == "eq" and isinstance(item.value, str)):
            others = [*filters.items[:index], *filters.items[index + 1:]]
            return item.value, Condition(items=others) if others else None
    return None, filters


VOCABULARIES: dict[str, Vocabulary] = {
    "autosend": Words({
        "contact_subscribed": Word(autosend.CONTACT_CREATED),
        "custom_event": Word(autosend.EVENT_RECEIVED, "event_name"),
        "segment_entry": Word(autosend.ADDED_TO_SEGMENT, "segment_id"),
    }),
    "kibamail": Words({
        "contact_subscribed": Word("CONTACT_SUBSCRIBED"),
        "custom_event": Word("EVENT", kibamail.TRIGGER_PARAM["EVENT"]),
        "segment_entry": Word("SEGMENT_ENTRY", kibamail.TRIGGER_PARAM["SEGMENT_ENTRY"]),
    }),
    "omnisend": OmnisendWords(),
}


def vocabulary(vendor_id: str) -> Vocabulary:
    return VOCABULARIES.get(vendor_id, Vocabulary())


def meaning(vendor_id: str, trigger: Trigger) -> tuple[Meaning | None, Trigger]:
    """A trigger's shared meaning in `vendor_id`'s words (None if it has none), and the rest."""
    found = vocabulary(vendor_id).read(trigger)
    return (None, trigger) if found is None else found


def translate(trigger: Trigger, source: str, target: str) -> tuple[Trigger, list[Problem]]:
    """The trigger in `target`'s words, or unchanged with the problem saying it cannot be."""
    if source == target:
        return trigger, []
    title = entry(target).title
    found, rest = meaning(source, trigger)
    if found is not None:
        written = vocabulary(target).write(found, rest)
        if written is not None:
            return written, []
        return trigger, [cannot(title, found.describe(), path="trigger.event")]
    known = {choice.name for choice in get(target).capabilities.events}
    if not trigger.event.strip() or trigger.event in known:
        return trigger, []
    what = f"{entry(source).title}'s trigger '{trigger.event}'"
    return trigger, [cannot(title, what, path="trigger.event")]

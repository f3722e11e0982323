"""Counts and cross-tabulations of a catalogue: how many events per year, country, theme...

:func:`stats` counts events by one or more keys in one pass (a :class:`collections.Counter`
over tuples), so 100,000 events cost little more than reading them: each key reads
plain fields of the event (no derived property that computes), and turning raw
values into what is shown (an enum into its value, a classification into
``scheme:code (label)``) is done once per distinct value, after counting.

The keys (:data:`KEYS` has one line on each):

``year``, ``month``
    Of the event's start, in the event's own zone (the zone it is published in;
    an all-day event's first day). ``year`` is an ``int``, ``month`` a string
    ``YYYY-MM``.
``country``
    The venue's ISO 3166-1 alpha-2 code. An online-only event counts under
    :data:`ONLINE` (``"online"``) rather than under the country of a venue it
    keeps from before a move online: its attendance mode is ``online``, or it has
    a virtual location and no venue. ``None`` when the venue gives no country.
``event_type``, ``scope``, ``attendance_mode``
    The enum's value (``"workshop"``), ``None`` when the event does not say.
``status``
    The event's status value, with one widening of ``"moved-online"``: see
    :func:`status_of`.
``phase``
    ``"upcoming"``, ``"ongoing"`` or ``"ended"`` at ``now`` (the only key that reads it).
``organiser``
    Each organiser's acronym when it gives one (short on a chart), else its name.
``topic``
    Each of the event's free-text topics.
``classification``
    Each code the event or one of its policy questions cites, as ``scheme:code``,
    followed by `` (label)`` when an installed classification scheme knows the
    code. The label comes from the scheme, never from the event, so that events
    that label one code differently still count together.
``language``
    Each language tag of the event's ``languages`` (whatever its role: spoken,
    interpretation, captions, materials).
``policy_question``
    The text of each of the event's policy questions.

The last five keys are *multi-valued*: an event counts once under each of its
values (each distinct value once per event), and a cross-tabulation counts it
once per combination. Their counts then sum to more than the number of events
(:attr:`StatsResult.total`), which stays the number of events counted. An
event with no value for a key counts once under ``None``, so that no event
disappears from a table.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import attrs

from stievents.model import AttendanceMode, Event, EventStatus

__all__ = ["KEYS", "MULTI_VALUED", "ONLINE", "StatsResult", "StatsRow", "Value", "stats", "status_of"]

Value: TypeAlias = str | int | None
"""One value of a key in a row: an ``int`` for ``year``, else a string; ``None`` when the event does not say."""

ONLINE = "online"
"""The ``country`` of an online-only event."""

KEYS: Mapping[str, str] = {
    "year": "year of the start, in the event's own zone",
    "month": "YYYY-MM of the start, in the event's own zone",
    "country": f"venue country (ISO 3166-1 alpha-2); {ONLINE!r} for an online-only event",
    "event_type": "event type (workshop, conference...)",
    "scope": "scope (local, national, regional, international)",
    "status": "status; 'moved-online' also for an event moved online and then rescheduled",
    "phase": "upcoming, ongoing or ended at --now",
    "attendance_mode": "in-person, online or mixed",
    "organiser": "each organiser (acronym, else name)",
    "topic": "each topic",
    "classification": "each classification code, as scheme:code (label)",
    "language": "each language tag",
    "policy_question": "each policy question (its text)",
}
"""Every key :func:`stats` counts by, with what it counts."""

MULTI_VALUED = frozenset({"organiser", "topic", "classification", "language", "policy_question"})
"""The keys under which one event may count several times (see the module's docstring)."""


@attrs.frozen(kw_only=True)
class StatsRow:
    """One combination of values (in the order of :attr:`StatsResult.keys`) and how many events have it."""

    values: tuple[Value, ...]
    count: int


@attrs.frozen(kw_only=True)
class StatsResult:
    """What :func:`stats` found: rows sorted by count (largest first), then by their values.

    ``total`` is the number of events counted; for a multi-valued key (see
    :data:`MULTI_VALUED`) the counts of the rows sum to more.
    """

    keys: tuple[str, ...]
    rows: tuple[StatsRow, ...]
    total: int

    def as_dicts(self) -> list[dict[str, Value]]:
        """One dict per row: one entry per key, named as given, plus ``count``."""
        return [{**dict(zip(self.keys, row.values, strict=True)), "count": row.count} for row in self.rows]

    @property
    def multi_valued(self) -> bool:
        """True when a key may count one event several times, so that the counts sum to more than ``total``."""
        return any(key in MULTI_VALUED for key in self.keys)


# ------------------------------------------------------------------ the keys
#
# Each key is a pair: ``read(event)`` gives a cheap raw value (an enum member, a
# tuple of ints), a collection of them for a multi-valued key; ``show(raw)``
# turns a raw value other than None into what the result holds, once per distinct value.


def status_of(event: Event) -> EventStatus:
    """The status an event counts under in ``stats(..., by=["status"])``.

    It is ``event.status``, except that an event counts as ``moved-online`` also
    when its ``status_history`` records a move online, its current status says it
    still takes place (``scheduled`` or ``rescheduled``: it moved online, then
    got new dates), and its ``attendance_mode`` is not ``in-person`` (it did not
    move back to a venue). A cancelled or postponed event counts as such, whatever
    came before. The attendance mode alone never makes an event "moved online":
    an online event with a venue may simply be broadcast from there.
    """
    status = event.status
    if status is EventStatus.MOVED_ONLINE or not event.status_history:
        return status
    if status in _STILL_ON and event.attendance_mode is not AttendanceMode.IN_PERSON:
        for change in event.status_history:
            if change.status is EventStatus.MOVED_ONLINE:
                return EventStatus.MOVED_ONLINE
    return status


_STILL_ON = (EventStatus.SCHEDULED, EventStatus.RESCHEDULED)


def _year(event: Event) -> int:
    return event.start.year


def _month(event: Event) -> tuple[int, int]:
    start = event.start
    return (start.year, start.month)


def _show_month(raw: tuple[int, int]) -> str:
    return f"{raw[0]:04d}-{raw[1]:02d}"


def _country(event: Event) -> str | None:
    venue = event.venue
    if event.attendance_mode is AttendanceMode.ONLINE or (venue is None and event.virtual_location is not None):
        return ONLINE
    return venue.country if venue is not None else None


def _event_type(event: Event) -> object:
    return event.event_type


def _scope(event: Event) -> object:
    return event.scope


def _attendance_mode(event: Event) -> object:
    return event.attendance_mode


def _organisers(event: Event) -> Collection[str]:
    return {o.acronym or o.name for o in event.organisers}


def _topics(event: Event) -> Collection[str]:
    return set(event.topics)


def _classifications(event: Event) -> Collection[tuple[str, str]]:
    found = {(c.scheme, c.code) for c in event.classifications}
    for question in event.policy_questions:
        found.update((c.scheme, c.code) for c in question.classifications)
    return found


def _languages(event: Event) -> Collection[str]:
    return {use.tag for use in event.languages}


def _policy_questions(event: Event) -> Collection[str]:
    return {question.text for question in event.policy_questions}


def _enum_value(raw: Any) -> Value:
    return raw.value  # type: ignore[no-any-return]


def _same(raw: Any) -> Value:
    return raw  # type: ignore[no-any-return]


def _show_classification(labels: Mapping[str, Callable[[str], str | None]]) -> Callable[[Any], Value]:
    def show(raw: tuple[str, str]) -> Value:
        scheme, code = raw
        label_of = labels.get(scheme)
        label = label_of(code) if label_of is not None else None
        return f"{scheme}:{code} ({label})" if label else f"{scheme}:{code}"

    return show


def scheme_labels() -> dict[str, Callable[[str], str | None]]:
    """``label(code)`` of each installed classification scheme, by scheme id (loads the plugins)."""
    from stievents.api import classification_schemes

    return {scheme.id: scheme.label for scheme in classification_schemes()}


# ------------------------------------------------------------------ counting


def stats(events: Iterable[Event], by: Sequence[str], *, now: dt.datetime | None = None) -> StatsResult:
    """Count ``events`` by the keys ``by`` (see :data:`KEYS`): one key counts, two or more cross-tabulate.

    ``now`` (an aware datetime, default the current moment) is read by the
    ``phase`` key only. An unknown or repeated key raises :class:`ValueError`
    naming it and listing the valid ones.
    """
    keys = _check_keys(by)
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    readers: list[Callable[[Event], Any]] = []
    shows: list[Callable[[Any], Value]] = []
    for key in keys:
        read, show = _key(key, moment)
        readers.append(read)
        shows.append(show)
    sequence = events if isinstance(events, Sequence) else list(events)
    raw = _count(sequence, readers, [key in MULTI_VALUED for key in keys])
    shown: Counter[tuple[Value, ...]] = Counter()
    memo: list[dict[Hashable, Value]] = [{} for _ in keys]
    for values, count in raw.items():
        row = []
        for index, value in enumerate(values):
            seen = memo[index]
            if value not in seen:
                seen[value] = None if value is None else shows[index](value)
            row.append(seen[value])
        shown[tuple(row)] += count
    rows = sorted(shown.items(), key=lambda item: (-item[1], tuple(_order(v) for v in item[0])))
    return StatsResult(
        keys=keys, rows=tuple(StatsRow(values=values, count=count) for values, count in rows), total=len(sequence)
    )


def _check_keys(by: Sequence[str]) -> tuple[str, ...]:
    if isinstance(by, str):
        by = [part.strip() for part in by.split(",")]
    keys = tuple(by)
    valid = ", ".join(KEYS)
    if not keys:
        raise ValueError(f"give at least one key to count by; valid keys: {valid}")
    for key in keys:
        if key not in KEYS:
            raise ValueError(f"unknown stats key {key!r}; valid keys: {valid}")
    for key in keys:
        if keys.count(key) > 1:
            raise ValueError(f"stats key {key!r} is given twice")
    return keys


def _key(key: str, now: dt.datetime) -> tuple[Callable[[Event], Any], Callable[[Any], Value]]:
    if key == "phase":
        return (lambda event: event.phase(now)), _enum_value
    if key == "classification":
        return _classifications, _show_classification(scheme_labels())
    return _SIMPLE[key]


_SIMPLE: dict[str, tuple[Callable[[Event], Any], Callable[[Any], Value]]] = {
    "year": (_year, _same),
    "month": (_month, _show_month),
    "country": (_country, _same),
    "event_type": (_event_type, _enum_value),
    "scope": (_scope, _enum_value),
    "status": (status_of, _enum_value),
    "attendance_mode": (_attendance_mode, _enum_value),
    "organiser": (_organisers, _same),
    "topic": (_topics, _same),
    "language": (_languages, _same),
    "policy_question": (_policy_questions, _same),
}

_NONE: tuple[None] = (None,)


def _count(
    events: Sequence[Event], readers: Sequence[Callable[[Event], Any]], multi: Sequence[bool]
) -> Counter[tuple[Any, ...]]:
    """One pass over ``events``: the raw tuple of each event (each combination, for multi-valued keys)."""
    if len(readers) == 1:
        (read,) = readers
        if multi[0]:
            counted: Counter[Any] = Counter(itertools.chain.from_iterable(map(_or_none(read), events)))
        else:
            counted = Counter(map(read, events))
        return Counter({(value,): count for value, count in counted.items()})
    if not any(multi):
        return Counter(tuple(read(event) for read in readers) for event in events)
    wrapped = [_or_none(read) if is_multi else _single(read) for read, is_multi in zip(readers, multi, strict=True)]
    result: Counter[tuple[Any, ...]] = Counter()
    for event in events:
        result.update(itertools.product(*[read(event) for read in wrapped]))
    return result


def _or_none(read: Callable[[Event], Collection[Any]]) -> Callable[[Event], Collection[Any]]:
    """``read``, with ``(None,)`` for an event that has no value: it still counts once."""

    def values(event: Event) -> Collection[Any]:
        return read(event) or _NONE

    return values


def _single(read: Callable[[Event], Any]) -> Callable[[Event], tuple[Any]]:
    def values(event: Event) -> tuple[Any]:
        return (read(event),)

    return values


def _order(value: Value) -> tuple[int, int | str]:
    """Sort key of one value: ``None`` last, ints by number, strings by text."""
    if value is None:
        return (1, "")
    return (0, value)

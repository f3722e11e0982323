"""A zone's observances over a date range, as every iCalendar reader reads them: from zoneinfo, exactly.

A VTIMEZONE lists observances (STANDARD/DAYLIGHT), each an onset and its
repetitions. RFC 5545 allows several forms for the repetitions, but readers
do not read them all alike: ical.js (Thunderbird) reads only the first value
of a multi-valued RDATE and ignores DTSTART when an RDATE is present, and
dateutil (vobject) reads an RRULE's UNTIL as local time. So the repetitions
are written only in the form every reader gets right:

- an onset that recurs on the same rule in consecutive years (the last Sunday
  of March at 02:00, the second Sunday of March, the 21st of March) is one
  observance with an ``RRULE`` bounded by ``COUNT`` (compact, and what zone
  files themselves say);
- any other onset is an observance of its own, with ``DTSTART`` only.

The onsets come from zoneinfo itself (:func:`transitions`), never from rules
of our own; a rule is only a way to write onsets zoneinfo gave, used when
it gives every one of them and nothing else (:func:`observances`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["STEP", "Observance", "Transition", "observances", "repeated_days", "transitions"]

STEP = dt.timedelta(days=3)
"""How far apart zoneinfo is sampled. Two changes of a zone closer than this could be missed; the closest
in tzdata are four days apart (Africa/Freetown 1939), which a test checks for every zone installed."""

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

State = tuple[dt.timedelta, bool, str]
"""What a reader needs of a zone at an instant: UTC offset, whether it is daylight time, its name."""


class Transition(NamedTuple):
    """A change of state: at ``utc`` (naive UTC) the zone goes from ``before`` to ``after``."""

    utc: dt.datetime
    before: State
    after: State

    @property
    def onset(self) -> dt.datetime:
        """The onset as RFC 5545 states it: the local time of the moment, in the offset before it."""
        return self.utc + self.before[0]


class Observance(NamedTuple):
    """A STANDARD or DAYLIGHT: its first onset, its offsets and name, and its yearly rule (if it recurs)."""

    daylight: bool
    start: dt.datetime
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    rule: dict[str, int | str] | None


def _state(zone: zoneinfo.ZoneInfo, utc: dt.datetime) -> State:
    local = zone.fromutc(utc.replace(tzinfo=zone))
    offset, dst, name = local.utcoffset(), local.dst(), local.tzname()
    assert offset is not None  # a ZoneInfo always has one
    return offset, bool(dst), name or str(offset)


def transitions(zone: zoneinfo.ZoneInfo, start: dt.datetime, stop: dt.datetime) -> tuple[State, list[Transition]]:
    """The state at ``start`` and every change of it before ``stop`` (both naive UTC), to the second.

    zoneinfo is sampled every :data:`STEP`; where two samples differ, the
    change is found by bisection on whole seconds (tzdata changes only on whole
    seconds).
    """
    first = state = _state(zone, start)
    found: list[Transition] = []
    low = start
    while low < stop:
        high = min(low + STEP, stop)
        after = _state(zone, high)
        if after == state:
            low = high
            continue
        lo, hi = 0, int((high - low).total_seconds())  # state at low + lo is `state`; at low + hi it is not
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _state(zone, low + dt.timedelta(seconds=mid)) == state:
                lo = mid
            else:
                hi = mid
        moment = low + dt.timedelta(seconds=hi)
        now = _state(zone, moment)
        found.append(Transition(moment, state, now))
        state, low = now, moment
    return first, found


def _rules(onset: dt.datetime) -> set[tuple[str, int]]:
    """The yearly rules an onset's date follows: nth weekday of its month (1-4), last weekday, day of month."""
    day, weekday = onset.day, onset.weekday()
    found = {("day", day)} if (onset.month, day) != (2, 29) else set()
    if day <= 28:
        found.add(("nth", (day - 1) // 7 + 1 + 10 * weekday))
    if day + 7 > calendar.monthrange(onset.year, onset.month)[1]:
        found.add(("last", weekday))
    return found


_PREFERENCE = {"last": 0, "nth": 1, "day": 2}


def _rrule(rules: set[tuple[str, int]], month: int, count: int) -> dict[str, int | str]:
    kind, value = min(rules, key=lambda r: (_PREFERENCE[r[0]], r[1]))
    rule: dict[str, int | str] = {"FREQ": "YEARLY", "COUNT": count, "BYMONTH": month}
    if kind == "day":
        rule["BYMONTHDAY"] = value
    elif kind == "nth":
        rule["BYDAY"] = f"{value % 10}{_WEEKDAYS[value // 10]}"
    else:
        rule["BYDAY"] = f"-1{_WEEKDAYS[value]}"
    return rule


class _Run:
    """Onsets of one kind, offsets, name, month and time of day, in consecutive years, on a common rule."""

    __slots__ = ("onsets", "rules", "transition")

    def __init__(self, transition: Transition) -> None:
        self.transition = transition
        self.onsets = [transition.onset]
        self.rules = _rules(transition.onset)

    def take(self, transition: Transition) -> bool:
        """Add ``transition`` if it is the next year's onset on a rule this run follows."""
        onset = transition.onset
        common = self.rules & _rules(onset)
        if onset.year != self.onsets[-1].year + 1 or not common:
            return False
        self.onsets.append(onset)
        self.rules = common
        return True

    def observance(self) -> Observance:
        (offset_from, _, _), (offset_to, daylight, name) = self.transition.before, self.transition.after
        start = self.onsets[0]
        rule = _rrule(self.rules, start.month, len(self.onsets)) if len(self.onsets) > 1 else None
        return Observance(daylight, start, offset_from, offset_to, name, rule)


def observances(zone: zoneinfo.ZoneInfo, first: dt.datetime, last: dt.datetime) -> Iterator[Observance]:
    """The observances of ``zone`` from local time ``first`` to ``last`` (naive), in order of first onset.

    The first is the state at ``first`` (from and to its own offset, so that a
    reader has the offset of every time in the range); then the changes
    zoneinfo makes, grouped into yearly rules where a rule gives exactly them.
    """
    start = _to_utc(zone, first)
    state, changes = transitions(zone, start, _to_utc(zone, last))
    runs: list[_Run] = []
    open_runs: dict[tuple[State, State, int, dt.time], _Run] = {}
    for change in changes:
        onset = change.onset
        key = (change.before, change.after, onset.month, onset.time())
        run = open_runs.get(key)
        if run is None or not run.take(change):
            open_runs[key] = run = _Run(change)
            runs.append(run)
    yield Observance(state[1], first, state[0], state[0], state[2], None)
    yield from sorted((run.observance() for run in runs), key=lambda o: o.start)


def _to_utc(zone: zoneinfo.ZoneInfo, local: dt.datetime) -> dt.datetime:
    """``local`` as naive UTC, kept within what datetime can hold."""
    offset = local.replace(tzinfo=zone).utcoffset()
    assert offset is not None
    try:
        return local - offset
    except OverflowError:
        return dt.datetime.min if offset > dt.timedelta() else dt.datetime.max


@functools.lru_cache(maxsize=4096)
def repeated_days(zone: zoneinfo.ZoneInfo, year: int) -> frozenset[int]:
    """The ordinals of the local days around ``year`` on which a wall time occurs twice (clocks go back).

    Only a time on one of these days can be ambiguous, so the writers check
    the few of those exactly and every other time at the cost of a look-up.
    """
    start = dt.datetime(year - 1, 12, 29) if year > 1 else dt.datetime.min + dt.timedelta(days=1)
    stop = dt.datetime(year + 1, 1, 3) if year < 9999 else dt.datetime(9999, 12, 30)
    _, changes = transitions(zone, start, stop)
    days: set[int] = set()
    for change in changes:
        if change.after[0] < change.before[0]:  # wall times from utc + after to utc + before occur twice
            first = (change.utc + change.after[0]).toordinal()
            last = (change.utc + change.before[0] - dt.timedelta(microseconds=1)).toordinal()
            days.update(range(first, last + 1))
    return frozenset(days)

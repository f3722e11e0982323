"""VTIMEZONE generation (export) and zone resolution for foreign files (import)."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING

from stievents_ical._transitions import observances

if TYPE_CHECKING:
    from icalendar import Timezone

__all__ = ["iana_zone", "timezone_bytes", "timezone_component"]

_PAD = dt.timedelta(days=2)
_LAST = dt.date(9999, 6, 1)  # the last day covered: zoneinfo cannot be sampled to the end of 9999


def _span(days: Iterable[dt.date]) -> tuple[int, int]:
    """The first and last years of ``days``: a VTIMEZONE covers whole years."""
    ordered = sorted(days)
    return ordered[0].year, ordered[-1].year


def _covered(first_year: int, last_year: int) -> tuple[dt.date, dt.date]:
    """The days a VTIMEZONE for those years covers: the years, and two days either side."""
    first, last = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
    first = first - _PAD if first > dt.date.min + _PAD else dt.date.min
    last = min(last + _PAD, _LAST) if last < _LAST else _LAST
    return first, last


def timezone_component(tzid: str, days: Iterable[dt.date]) -> Timezone:
    """A VTIMEZONE for ``tzid`` covering the whole years of every day in ``days`` (and two days either side).

    Whole years, not just the days: every event of a year then gets the same
    VTIMEZONE, made once (:func:`timezone_bytes`); with the days alone nearly
    every event and session had a range, and a VTIMEZONE, of its own.

    Its observances are :func:`~stievents_ical._transitions.observances`: each
    onset zoneinfo gives, written once (``DTSTART``) or as a yearly ``RRULE``
    with ``COUNT``, never as RDATE lists, which readers read differently.
    """
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

    first, last = _covered(*_span(days))
    zone = zoneinfo.ZoneInfo(tzid)
    tz = Timezone()
    tz.add("TZID", tzid)
    tz.add("COMMENT", f"This timezone only works from {first} to {last}.")
    start, stop = dt.datetime.combine(first, dt.time()), dt.datetime.combine(last, dt.time())
    for observance in observances(zone, start, stop):
        sub = TimezoneDaylight() if observance.daylight else TimezoneStandard()
        sub.add("DTSTART", observance.start)
        if observance.rule is not None:
            sub.add("RRULE", vRecur(observance.rule))
        sub.add("TZNAME", observance.name)
        sub.add("TZOFFSETFROM", observance.offset_from)
        sub.add("TZOFFSETTO", observance.offset_to)
        tz.add_component(sub)
    return tz


def timezone_bytes(tzid: str, days: Iterable[dt.date]) -> bytes:
    """The VTIMEZONE of :func:`timezone_component` as bytes, generated once per zone and span of years."""
    return _timezone_bytes(tzid, *_span(days))


@functools.lru_cache(maxsize=1024)
def _timezone_bytes(tzid: str, first_year: int, last_year: int) -> bytes:
    return bytes(timezone_component(tzid, (dt.date(first_year, 1, 1), dt.date(last_year, 1, 1))).to_ical())


def iana_zone(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The IANA zone a TZID names: an IANA key, a Windows name (Outlook), or a quoted/prefixed form."""
    if not name:
        return None
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    candidates = [name, name.strip('"').strip(), name.strip("/")]
    stripped = name.strip('"').strip()
    if stripped.startswith("/"):  # e.g. /mozilla.org/20050126_1/Europe/Berlin
        candidates.append("/".join(stripped.split("/")[-2:]))
    for candidate in list(candidates):
        if candidate in WINDOWS_TO_OLSON:
            candidates.append(WINDOWS_TO_OLSON[candidate])
    for candidate in candidates:
        if not candidate or len(candidate) > 64 or ".." in candidate:
            continue
        try:
            return zoneinfo.ZoneInfo(candidate)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            continue
    return None

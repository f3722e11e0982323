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


def timezone_component(tzid: str, days: Iterable[dt.date]) -> Timezone:
    """A VTIMEZONE for ``tzid`` covering every day in ``days`` (and two days either side).

    Its observances are :func:`~stievents_ical._transitions.observances`: each
    onset zoneinfo gives, written once (``DTSTART``) or as a yearly ``RRULE``
    with ``COUNT``, never as RDATE lists, which readers read differently.
    """
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

    ordered = sorted(days)
    first = ordered[0] - _PAD if ordered[0] > dt.date.min + _PAD else dt.date.min
    last = min(ordered[-1] + _PAD, _LAST) if ordered[-1] < _LAST else _LAST
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
    """The VTIMEZONE of :func:`timezone_component` as bytes, generated once per zone and date range."""
    ordered = sorted(days)
    return _timezone_bytes(tzid, ordered[0], ordered[-1])


@functools.lru_cache(maxsize=512)
def _timezone_bytes(tzid: str, first: dt.date, last: dt.date) -> bytes:
    return bytes(timezone_component(tzid, (first, last)).to_ical())


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

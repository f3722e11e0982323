"""VTIMEZONE generation (export) and zone resolution for foreign files (import)."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icalendar import Timezone

__all__ = ["iana_zone", "timezone_bytes", "timezone_component"]

_PAD = dt.timedelta(days=2)
_LAST = dt.date(9999, 6, 1)


def timezone_component(tzid: str, days: Iterable[dt.date]) -> Timezone:
    """A VTIMEZONE for ``tzid`` covering every day in ``days`` (icalendar covers 1970-2038 by default)."""
    from icalendar import Timezone

    ordered = sorted(days)
    first = ordered[0] - _PAD if ordered[0] > dt.date.min + _PAD else dt.date.min
    last = min(ordered[-1] + _PAD, _LAST) if ordered[-1] < _LAST else _LAST  # icalendar overflows past mid-9999
    return Timezone.from_tzid(tzid, first_date=first, last_date=last)


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

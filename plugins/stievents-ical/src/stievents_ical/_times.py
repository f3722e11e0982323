"""Turning iCalendar DATE/DATE-TIME values into model values (dates, or datetimes in an IANA zone).

Rules for foreign files, each reported as a warning when applied:

- a TZID that is an IANA key, a Windows name (Outlook) or a prefixed Mozilla
  name is read in that IANA zone; if the file's VTIMEZONE gives another offset
  at that moment, the file's instant wins and is shown in the IANA zone;
- a TZID with no IANA equivalent keeps its instant, in UTC;
- a floating time (no zone) is read in the calendar's X-WR-TIMEZONE (Google),
  else in the importer's ``default_timezone`` option (UTC unless set);
- a UTC time in a calendar with X-WR-TIMEZONE keeps its instant and is shown
  in that zone, as Google Calendar shows it.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable
from typing import Any

from stievents_ical._zones import iana_zone

__all__ = ["TimeReader"]

UTC = zoneinfo.ZoneInfo("UTC")


class TimeReader:
    """Converts parsed values; ``warn(message)`` is called for every rule applied."""

    def __init__(
        self, floating_zone: zoneinfo.ZoneInfo, floating_source: str, utc_zone: zoneinfo.ZoneInfo | None = None
    ) -> None:
        self.floating_zone = floating_zone
        self.floating_source = floating_source
        self.utc_zone = utc_zone

    def convert(self, parsed: Any, tzid: str | None, warn: Callable[[str], None]) -> dt.date:
        """A model date or datetime from an icalendar value (``vDDDTypes`` or a plain date/datetime)."""
        value = getattr(parsed, "dt", parsed)
        if isinstance(value, tuple):  # a PERIOD: keep its start
            value = value[0]
        if not isinstance(value, dt.datetime):
            if isinstance(value, dt.date):
                return value
            raise ValueError(f"expected a date or date-time, got {type(value).__name__}")
        value = value.replace(microsecond=0)
        if value.tzinfo is None:
            zone = iana_zone(tzid) if tzid else None
            if zone is not None:
                return _exists(value.replace(tzinfo=zone), warn)
            offset = _display_offset(tzid)
            if offset is not None:
                warn(
                    f"TZID {tzid!r} is a display name, not a zone; read with its fixed offset"
                    " (daylight saving time not applied) and kept in UTC"
                )
                return (value - offset).replace(tzinfo=UTC)
            if tzid:
                warn(f"unknown TZID {tzid!r} without a VTIMEZONE; read as a floating time")
            warn(f"floating time {value.isoformat()} read in {self.floating_zone.key} ({self.floating_source})")
            return _exists(value.replace(tzinfo=self.floating_zone), warn)
        if isinstance(value.tzinfo, zoneinfo.ZoneInfo) and _known(value.tzinfo.key):
            if value.tzinfo.key == "UTC" and self.utc_zone is not None:
                return value.astimezone(self.utc_zone)
            return _exists(value, warn)
        if value.utcoffset() == dt.timedelta(0) and (tzid is None or tzid.upper() in {"UTC", "Z", "GMT"}):
            return value.astimezone(self.utc_zone or UTC)
        zone = iana_zone(tzid) or iana_zone(_tzinfo_name(value))
        if zone is None:
            warn(f"time zone {tzid or value.tzname()!r} has no IANA equivalent; kept its instant in UTC")
            return value.astimezone(UTC)
        local = value.replace(tzinfo=zone)
        if local.utcoffset() != value.utcoffset():
            warn(f"the file's definition of {tzid!r} differs from IANA {zone.key}; kept the file's instant")
            return value.astimezone(zone)
        return _exists(local, warn)


_DISPLAY = re.compile(r"\(?(?:GMT|UTC)\s*([+-])(\d{1,2}):?(\d{2})\)?")


def _display_offset(tzid: str | None) -> dt.timedelta | None:
    """The offset in an Outlook display name such as ``(UTC+07:00) Bangkok, Hanoi, Jakarta``."""
    match = _DISPLAY.match(tzid.strip('"').strip()) if tzid else None
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    return sign * dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))


def _known(key: str) -> bool:
    try:
        zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _tzinfo_name(value: dt.datetime) -> str | None:
    tz = value.tzinfo
    for attribute in ("key", "zone", "_tzid"):
        name = getattr(tz, attribute, None)
        if isinstance(name, str):
            return name
    return None


def _exists(value: dt.datetime, warn: Callable[[str], None]) -> dt.datetime:
    """A local time in a DST gap is moved to the instant it would mean (the model refuses gaps)."""
    fixed = value.astimezone(UTC).astimezone(value.tzinfo)
    if fixed.replace(tzinfo=None) != value.replace(tzinfo=None):
        warn(f"{value.replace(tzinfo=None).isoformat()} does not exist in {value.tzinfo}; read as {fixed.isoformat()}")
        return fixed
    return value

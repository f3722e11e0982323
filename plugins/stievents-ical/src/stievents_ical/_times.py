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
import typing
import zoneinfo
from collections.abc import Callable

from stievents_ical._content import Component, serialise
from stievents_ical._zones import iana_zone

__all__ = ["TimeReader"]

UTC = zoneinfo.ZoneInfo("UTC")


class TimeReader:
    """Converts parsed values; ``warn(message)`` is called for every rule applied.

    ``zones`` are the file's VTIMEZONEs by TZID; one is read (by icalendar,
    once, when first needed) only for a TZID that is not an IANA key.
    """

    def __init__(
        self,
        floating_zone: zoneinfo.ZoneInfo,
        floating_source: str,
        utc_zone: zoneinfo.ZoneInfo | None = None,
        zones: dict[str, Component] | None = None,
    ) -> None:
        self.floating_zone = floating_zone
        self.floating_source = floating_source
        self.utc_zone = utc_zone
        self._zones = zones or {}
        self._file_zones: dict[str, dt.tzinfo | None] = {}
        self._keys: dict[str, zoneinfo.ZoneInfo | None] = {}

    def convert(self, value: dt.date, tzid: str | None, warn: Callable[[str], None]) -> dt.date:
        """A model date or datetime from a parsed DATE or DATE-TIME (naive, or UTC for ``Z``) and its TZID."""
        if not isinstance(value, dt.datetime):
            return value
        if value.tzinfo is not None:  # written in UTC
            return value.astimezone(self.utc_zone) if self.utc_zone is not None else value.replace(tzinfo=UTC)
        if tzid:
            key = self._key(tzid)
            if key is not None:
                if key.key == "UTC" and self.utc_zone is not None:
                    return value.replace(tzinfo=key).astimezone(self.utc_zone)
                return _exists(value.replace(tzinfo=key), warn)
            custom = self._file_zone(tzid)
            if custom is not None:
                return self._in_file_zone(value, tzid, custom, warn)
            zone = iana_zone(tzid)
            if zone is not None:
                return _exists(value.replace(tzinfo=zone), warn)
            offset = _display_offset(tzid)
            if offset is not None:
                warn(
                    f"TZID {tzid!r} is a display name, not a zone; read with its fixed offset"
                    " (daylight saving time not applied) and kept in UTC"
                )
                return (value - offset).replace(tzinfo=UTC)
            warn(f"unknown TZID {tzid!r} without a VTIMEZONE; read as a floating time")
        warn(f"floating time {value.isoformat()} read in {self.floating_zone.key} ({self.floating_source})")
        return _exists(value.replace(tzinfo=self.floating_zone), warn)

    def _in_file_zone(self, value: dt.datetime, tzid: str, custom: dt.tzinfo, warn: Callable[[str], None]) -> dt.date:
        """A time in a zone only the file defines: its IANA equivalent when there is one, else its instant in UTC."""
        aware = value.replace(tzinfo=custom)
        if aware.utcoffset() == dt.timedelta(0) and tzid.upper() in {"UTC", "Z", "GMT"}:
            return aware.astimezone(self.utc_zone or UTC)
        zone = iana_zone(tzid)
        if zone is None:
            warn(f"time zone {tzid!r} has no IANA equivalent; kept its instant in UTC")
            return aware.astimezone(UTC)
        local = value.replace(tzinfo=zone)
        if local.utcoffset() != aware.utcoffset():
            warn(f"the file's definition of {tzid!r} differs from IANA {zone.key}; kept the file's instant")
            return aware.astimezone(zone)
        return _exists(local, warn)

    def _key(self, tzid: str) -> zoneinfo.ZoneInfo | None:
        """The IANA zone whose key ``tzid`` is exactly (then the file's VTIMEZONE is not needed)."""
        if tzid not in self._keys:
            self._keys[tzid] = zoneinfo.ZoneInfo(tzid) if _known(tzid) else None
        return self._keys[tzid]

    def _file_zone(self, tzid: str) -> dt.tzinfo | None:
        if tzid not in self._file_zones:
            component = self._zones.get(tzid)
            self._file_zones[tzid] = None if component is None else _read_zone(component)
        return self._file_zones[tzid]


def _read_zone(component: Component) -> dt.tzinfo | None:
    """The zone a VTIMEZONE defines, computed by icalendar; ``None`` when icalendar cannot read it."""
    from icalendar import Timezone
    from icalendar.timezone import tzp

    try:
        zone = typing.cast("Timezone", Timezone.from_ical(serialise(component)))
        return zone.to_tz(tzp, lookup_tzid=False)  # type: ignore[no-any-return]
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, OverflowError, RecursionError):
        return None


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

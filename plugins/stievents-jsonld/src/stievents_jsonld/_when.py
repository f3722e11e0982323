"""schema.org dates and times -> model temporals, which need a named IANA zone.

JSON-LD carries a UTC offset, never a zone name. A time is read in, by
preference: a zone the caller names (``timezone`` option) or the Schedule's
``scheduleTimezone`` when that zone has the same offset at that moment (or,
for a UTC time, an offset with seconds, which the exporter writes as UTC); else
the fixed-offset zone ``Etc/GMT-1`` for ``+01:00`` (IANA has them for whole
hours from -12 to +14); else the first zone of :data:`NAMED_OFFSET_ZONES`
whose offset at that instant is the given one (``+05:30`` -> Asia/Kolkata);
else UTC, keeping the instant. A time with no offset
at all is read as wall time in the named zone, or in UTC, with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import attrs

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?")


@attrs.frozen
class Reading:
    """A parsed value and what the reader should be told about it (``note``) or why it failed (``error``)."""

    value: dt.date | None = None
    note: str | None = None
    error: str | None = None
    fixed: bool = False


def write_temporal(value: dt.date) -> str:
    """ISO 8601 local time with its UTC offset (``2020-03-05T09:30:00+01:00``), or a date.

    ISO 8601 offsets have whole minutes: a local mean time offset such as
    Paris's +00:09:21 before 1911 is written as the same instant in UTC
    (:func:`read_temporal` reads it back in the hinted zone).
    """
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        if offset is not None and offset % dt.timedelta(minutes=1):
            return value.astimezone(dt.UTC).isoformat()
    return value.isoformat()


def find_zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The IANA zone ``name``, or ``None`` when there is no such zone."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def fixed_zone(offset: dt.timedelta) -> zoneinfo.ZoneInfo | None:
    """The IANA ``Etc/GMT±N`` zone with this offset, if there is one (note the POSIX sign)."""
    seconds = int(offset.total_seconds())
    if seconds == 0:
        return find_zone("UTC")
    hours, rest = divmod(abs(seconds), 3600)
    if rest or hours > (14 if seconds > 0 else 12):
        return None
    return find_zone(f"Etc/GMT{'-' if seconds > 0 else '+'}{hours}")


NAMED_OFFSET_ZONES: dict[int, tuple[str, ...]] = {
    -690: ("Pacific/Apia",),  # -11:30 until 1959
    -640: ("Pacific/Kiritimati",),  # -10:40 until 1979
    -570: ("Pacific/Marquesas",),
    -210: ("America/St_Johns",),  # Newfoundland standard time
    -150: ("America/St_Johns",),  # Newfoundland daylight time
    -90: ("America/St_Johns",),  # Newfoundland double daylight time, 1988
    210: ("Asia/Tehran",),
    270: ("Asia/Kabul",),
    330: ("Asia/Kolkata", "Asia/Colombo", "Asia/Kathmandu"),
    345: ("Asia/Kathmandu",),
    390: ("Asia/Yangon", "Asia/Kolkata"),
    525: ("Australia/Eucla",),
    570: ("Australia/Darwin", "Australia/Adelaide"),
    630: ("Australia/Adelaide", "Australia/Lord_Howe"),
    690: ("Australia/Lord_Howe",),
    735: ("Pacific/Chatham",),  # Chatham standard time until 1945
    765: ("Pacific/Chatham",),
    825: ("Pacific/Chatham",),
}
"""Named zones to try, in order, for an offset (in minutes) that no ``Etc/GMT`` zone has.

The first whose offset at that very instant equals the given one is taken,
so the same text always gives the same zone and is written back unchanged.
"""


def named_zone(moment: dt.datetime) -> dt.datetime | None:
    """``moment`` in the first candidate zone with its offset at that instant, or ``None``."""
    offset = moment.utcoffset()
    assert offset is not None
    minutes = int(offset.total_seconds()) // 60
    first = NAMED_OFFSET_ZONES.get(minutes, ())
    others = (name for names in NAMED_OFFSET_ZONES.values() for name in names)
    for name in dict.fromkeys((*first, *others)):
        zone = find_zone(name)
        if zone is None:
            continue
        local = moment.astimezone(zone)
        if local.utcoffset() == offset:
            return local
    return None


def _exists(value: dt.datetime) -> bool:
    back = value.astimezone(dt.UTC).astimezone(value.tzinfo)
    return back.replace(tzinfo=None) == value.replace(tzinfo=None)


def read_temporal(text: object, hints: tuple[str | None, ...], *, allow_date: bool = True) -> Reading:
    """Parse a schema.org Date or DateTime given the zones to try first (``hints``)."""
    if not isinstance(text, str):
        return Reading(error=f"expected an ISO 8601 date or date-time string, got {type(text).__name__}")
    text = text.strip()
    if _DATE_RE.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError as exc:
            return Reading(error=f"invalid date {text!r}: {exc}")
        if not allow_date:
            return Reading(error=f"expected a date-time, got the date {text!r}")
        return Reading(value=day)
    if not _DATETIME_RE.fullmatch(text):
        wanted = "an ISO 8601 date such as 2020-03-05 or date-time such as 2020-03-05T09:30:00+01:00"
        return Reading(error=f"expected {wanted}, got {text[:60]!r}")
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        return Reading(error=f"invalid date-time {text!r}: {exc}")
    if not dt.date(1, 1, 2) <= parsed.date() <= dt.date(9999, 12, 30):  # converting zones would overflow
        return Reading(error=f"date-time {text!r} lies outside the years 1 to 9999 that every zone can show")
    zones = [z for z in (find_zone(h) for h in hints if h) if z is not None]
    if parsed.tzinfo is None:
        zone = zones[0] if zones else find_zone("UTC")
        assert zone is not None
        local = parsed.replace(tzinfo=zone)
        if not _exists(local):
            return Reading(error=f"{text} does not exist in {zone.key} (a daylight-saving gap)")
        return Reading(value=local, note=f"{text!r} has no UTC offset; read as local time in {zone.key}")
    offset = parsed.utcoffset()
    assert offset is not None
    for zone in zones:
        for fold in (0, 1):
            candidate = parsed.replace(tzinfo=zone, fold=fold)
            if candidate.utcoffset() == offset and _exists(candidate):
                return Reading(value=candidate)
        if not offset:  # the exporter writes a local mean time offset with seconds (+00:09:21) as UTC
            local = parsed.astimezone(zone)
            local_offset = local.utcoffset()
            if local_offset is not None and local_offset % dt.timedelta(minutes=1):
                return Reading(value=local)
    fixed = fixed_zone(offset)
    if fixed is not None:
        return Reading(value=parsed.astimezone(fixed), fixed=True)
    named = named_zone(parsed)
    if named is not None:
        return Reading(value=named, fixed=True)
    utc = find_zone("UTC")
    assert utc is not None
    return Reading(
        value=parsed.astimezone(utc),
        note=f"no IANA zone has the fixed offset of {text!r}; converted to UTC (same instant)",
        fixed=True,
    )

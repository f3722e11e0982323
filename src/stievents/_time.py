"""Zone-aware datetime helpers: RFC 9557 text, zone lookup, existence checks.

Kept apart from the model so that the rules for "a valid datetime" live in one
place and both the model invariants and the converter use them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo

__all__ = [
    "check_temporal",
    "clear_zone_cache",
    "format_temporal",
    "get_zone",
    "is_valid_zone",
    "parse_temporal",
    "parse_temporal_cached",
    "read_temporal",
    "zone_key",
]

_UTC = dt.UTC

_DATETIME_RE = re.compile(
    r"(?P<local>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"(?P<offset>Z|[+-]\d{2}:\d{2}(?::\d{2})?)"
    r"\[(?P<zone>[A-Za-z0-9_+\-/]{1,64})\]"
)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAIVE_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?")
_OFFSET_ONLY_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})")


def _refuse(message: str) -> dt.date:
    raise ValueError(message)


_ZONES: dict[str, zoneinfo.ZoneInfo] = {}
"""The zones found so far, by the name asked for: a few hundred at most, as only
names the zone database knows get in."""


def get_zone(name: str) -> zoneinfo.ZoneInfo:
    """Return the IANA zone ``name``; raise ``ValueError`` naming it if unknown."""
    found = _ZONES.get(name) if name.__class__ is str else None
    if found is not None:
        return found
    if not isinstance(name, str) or not name or len(name) > 64:
        raise ValueError(f"unknown time zone {name!r}")
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc
    _ZONES[name] = zone
    return zone


def clear_zone_cache() -> None:
    """Forget the zones found so far (after the zone database changed, e.g. in tests)."""
    _ZONES.clear()
    _SUFFIXES.clear()


def is_valid_zone(name: str) -> bool:
    """True when ``name`` is an IANA zone known to the zone database in use."""
    try:
        get_zone(name)
    except ValueError:
        return False
    return True


def zone_key(value: dt.datetime) -> str | None:
    """The IANA key of an aware datetime, or ``None`` when it has no named zone."""
    tz = value.tzinfo
    return tz.key if isinstance(tz, zoneinfo.ZoneInfo) else None


_KNOWN_VALID: dict[int, dt.datetime] = {}
"""Datetimes found valid, by identity: the model checks each value several times while
building an event. Holding the object keeps its id from being reused. The checks of one
value follow each other closely, so a small table serves them: a large one only held
memory (about 470 bytes per decoded event at 16,384 entries)."""
_KNOWN_VALID_MAX = 256


def _remember_valid(value: dt.datetime) -> None:
    if len(_KNOWN_VALID) >= _KNOWN_VALID_MAX:
        _KNOWN_VALID.clear()
    _KNOWN_VALID[id(value)] = value


def check_temporal(value: object) -> str | None:
    """Return why ``value`` is not a valid model instant or date, else ``None``.

    A datetime must carry a named IANA zone (``zoneinfo.ZoneInfo``): a bare
    offset loses the rules needed to compute abbreviations and later dates.
    A local time that the zone skips (a DST gap) is refused.
    """
    if isinstance(value, dt.datetime):
        if _KNOWN_VALID.get(id(value)) is value:
            return None  # this very object passed before (datetimes are immutable)
        if value.tzinfo is None:
            return "expected an aware datetime, got a naive one"
        if not isinstance(value.tzinfo, zoneinfo.ZoneInfo):
            return "expected a datetime in a named IANA zone (zoneinfo.ZoneInfo)"
        if value.utcoffset() != value.replace(fold=1 - value.fold).utcoffset():  # near a transition
            round_trip = value.astimezone(_UTC).astimezone(value.tzinfo)
            if round_trip.replace(tzinfo=None) != value.replace(tzinfo=None):
                return f"{value.replace(tzinfo=None).isoformat()} does not exist in {value.tzinfo.key} (a DST gap)"
        _remember_valid(value)
        return None
    if isinstance(value, dt.date):
        return None
    return f"expected a date or an aware datetime, got {type(value).__name__}"


def format_temporal(value: dt.date) -> str:
    """RFC 9557 text: ``2020-03-05T09:30:00+01:00[Europe/Paris]`` or ``2020-03-05``."""
    if isinstance(value, dt.datetime):
        tz = value.tzinfo
        if type(tz) is zoneinfo.ZoneInfo:  # isoformat() writes the offset as _offset() does
            return f"{value.isoformat()}[{tz.key}]"
        key = zone_key(value)
        if key is None:
            raise ValueError("expected a datetime in a named IANA zone")
        return f"{value.replace(tzinfo=None).isoformat()}{_offset(value)}[{key}]"
    return value.isoformat()


def _offset(value: dt.datetime) -> str:
    off = value.utcoffset()
    assert off is not None
    total = int(off.total_seconds())
    sign = "-" if total < 0 else "+"
    total = abs(total)
    hours, rem = divmod(total, 3600)
    minutes, seconds = divmod(rem, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return text + (f":{seconds:02d}" if seconds else "")


@functools.lru_cache(maxsize=256)
def _offset_text(offset: dt.timedelta | None) -> str:
    """``+01:00`` for an offset (``Z`` is never produced: it is read as ``+00:00``)."""
    assert offset is not None
    total = int(offset.total_seconds())
    sign = "-" if total < 0 else "+"
    hours, rem = divmod(abs(total), 3600)
    minutes, seconds = divmod(rem, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


@functools.lru_cache(maxsize=256)
def parse_temporal_cached(text: str, allow_date: bool) -> dt.date:
    """:func:`parse_temporal` remembering recent texts: feeds repeat times, and results are immutable."""
    return parse_temporal(text, allow_date=allow_date)


_SUFFIXES: dict[str, tuple[zoneinfo.ZoneInfo, dt.timedelta, int]] = {}
"""The text after the local time (``+01:00[Europe/Paris]``) of datetimes read before, with the zone and
offset it names and where the offset ends in the whole text: a feed repeats a handful of them. Only
suffixes :func:`parse_temporal` takes its fast path for get in (a zone found before, an offset that is
not a negative zero), after a local time of the canonical 19 characters (``2020-03-05T09:30:00``)."""
_SUFFIXES_MAX = 1024


def read_temporal(text: str, allow_date: bool, proven: bool = False) -> dt.date:
    """:func:`parse_temporal` for the canonical reader: the same answer, sooner for a zone and offset seen before.

    What it spares is the regular expression and the lookups. When the text is a local time of the
    canonical 19 characters followed by a suffix read before, the local time is what the expression
    wants exactly when its separators stand where they should (``-``, ``-``, ``T``, ``:``, ``:``) and
    ``fromisoformat`` reads it (its digits are ASCII digits then: ``fromisoformat`` takes no other).
    The check is the fast path's own: the zone shows the written instant at the written wall-clock
    time, so the offset is valid, the time in no gap, and the fold the one the offset selects.
    Anything else, errors included, is :func:`parse_temporal`'s. ``proven``: the caller's object will
    not ask :func:`check_temporal` about the value (the reader's proven path), so it is not remembered.
    """
    if text.__class__ is str and text[4:17:3] == "--T::":
        known = _SUFFIXES.get(text[19:])
        if known is not None:
            zone, offset, cut = known
            try:
                local = dt.datetime.fromisoformat(text[:cut]).astimezone(zone)
            except (ValueError, OverflowError):
                return parse_temporal(text, allow_date=allow_date)
            if local.utcoffset() == offset:
                if not proven:
                    _remember_valid(local)
                return local
            return parse_temporal(text, allow_date=allow_date)
    value = parse_temporal(text, allow_date=allow_date)
    match = _DATETIME_RE.fullmatch(text)
    if match is None or match.end("local") != 19:
        return value
    found = _ZONES.get(match["zone"])
    offset_text = match["offset"]
    if found is not None and (offset_text[0] != "-" or offset_text.strip("-0:")):
        cut = match.end("offset")
        try:
            written = dt.datetime.fromisoformat(text[:cut]).utcoffset()
        except ValueError:
            return value
        if written is not None:
            if len(_SUFFIXES) >= _SUFFIXES_MAX:
                _SUFFIXES.clear()
            _SUFFIXES[text[19:]] = (found, written, cut)
    return value


def parse_temporal(text: str, *, allow_date: bool = True) -> dt.date:
    """Parse RFC 9557 text back to an aware datetime (zone key and fold kept) or a date.

    The offset must be one the zone really has at that local time; it selects the
    fold for repeated wall-clock times.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a string, got {type(text).__name__}")
    if len(text) > 100:
        raise ValueError("expected an RFC 9557 datetime or a date, got a string of over 100 characters")
    match = _DATETIME_RE.fullmatch(text)
    if match is not None:  # the common case first
        zone = _ZONES.get(match["zone"])
        offset_text = match["offset"]
        # A negative zero offset ("-00:00", "-00:00:00") is no offset a zone has: the careful path refuses it.
        if zone is not None and (offset_text[0] != "-" or offset_text.strip("-0:")):
            try:
                written = dt.datetime.fromisoformat(text[: match.end("offset")])
                local = written.astimezone(zone)
            except (ValueError, OverflowError):
                pass  # reported below, with the careful wording
            else:
                # The zone shows the written instant at the written wall-clock time exactly when the
                # offsets agree; then the offset was valid, the time is in no gap, and astimezone()
                # has set the fold the offset selects.
                if local.utcoffset() == written.utcoffset():
                    _remember_valid(local)
                    return local
    else:
        if allow_date and _DATE_RE.fullmatch(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError as exc:
                raise ValueError(f"invalid date {text!r}: {exc}") from None
        if _NAIVE_RE.fullmatch(text):
            return _refuse(f"expected an aware datetime with offset and zone, got the naive {text!r}")
        if _OFFSET_ONLY_RE.fullmatch(text):
            return _refuse(f"expected an IANA zone in brackets after the offset, got {text!r}")
        wanted = "an RFC 9557 datetime such as 2020-03-05T09:30:00+01:00[Europe/Paris]"
        if allow_date:
            wanted += " or a date such as 2020-03-05"
        raise ValueError(f"expected {wanted}, got {text!r}")
    try:
        local = dt.datetime.fromisoformat(match["local"])
    except ValueError as exc:
        raise ValueError(f"invalid datetime {text!r}: {exc}") from None
    zone = get_zone(match["zone"])
    candidate = local.replace(tzinfo=zone)
    offset = candidate.utcoffset()
    if offset == candidate.replace(fold=1).utcoffset() and _offset_text(offset) == match["offset"]:
        _remember_valid(candidate)
        return candidate  # no transition here: one offset, no gap, fold 0 (the fast, common case)
    gap = check_temporal(local.replace(tzinfo=zone))
    if gap is not None:
        raise ValueError(gap)
    wanted_offset = "+00:00" if match["offset"] == "Z" else match["offset"]
    for fold in (0, 1):
        candidate = local.replace(tzinfo=zone, fold=fold)
        if _offset(candidate) == wanted_offset and check_temporal(candidate) is None:
            return candidate
    raise ValueError(
        f"offset {match['offset']} contradicts zone {match['zone']} at {match['local']}"
        f" (the zone has {_offset(local.replace(tzinfo=zone))} there)"
    )

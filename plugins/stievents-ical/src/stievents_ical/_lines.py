"""Content lines as icalendar 7 writes them: values, parameters and folding, without building components.

Each function reproduces one piece of icalendar's serialisation byte for byte
(the equivalence tests compare whole files), so that the fast writer's output
is the reference writer's output.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo

__all__ = ["date_line", "fold", "param", "params", "rule_text", "zone_id"]

_UTC = zoneinfo.ZoneInfo("UTC")
_QUOTABLE = re.compile("[,;:\u2019]")  # icalendar quotes a parameter value holding one of these
_RFC6868 = re.compile(r'\^|\r\n|\r|\n|"')
_RFC6868_MAP = {"^": "^^", "\r\n": "^n", "\r": "^n", "\n": "^n", '"': "^'"}
_ALWAYS_QUOTED = frozenset({"ALTREP", "DELEGATED-FROM", "DELEGATED-TO", "DIR", "MEMBER", "SENT-BY", "LINKREL"})


def fold(line: str) -> str:
    """Fold as icalendar does: pieces of at most 74 octets, never inside a UTF-8 character or after an escape."""
    if line.isascii():
        size = len(line)
        if size < 75:
            return line
        parts = []
        start = 0
        while size - start > 74:
            end = start + 74
            if line[end - 1] in "\\^":  # keep a backslash or caret escape with what it escapes
                end -= 1
            parts.append(line[start:end])
            start = end
        parts.append(line[start:])
        return "\r\n ".join(parts)
    data = line.encode("utf-8")
    size = len(data)
    if size < 75:
        return line
    pieces = []
    start = 0
    while size - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        if data[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start = end
    pieces.append(data[start:].decode("utf-8"))
    return "\r\n ".join(pieces)


def param(key: str, value: str) -> str:
    """``;KEY=value`` with RFC 6868 escaping and the double quotes icalendar adds."""
    quote = key in _ALWAYS_QUOTED or (key == "CN" and (" " in value or "'" in value))
    value = _RFC6868.sub(lambda m: _RFC6868_MAP[m.group(0)], value)
    value = value.replace('"', "'")
    if quote or _QUOTABLE.search(value):
        return f';{key}="{value}"'
    return f";{key}={value}"


def params(pairs: tuple[tuple[str, str], ...]) -> str:
    """Several parameters as icalendar writes them: sorted by name, each as :func:`param` gives it."""
    if len(pairs) == 1:
        return _param(*pairs[0])
    return "".join([_param(key, value) for key, value in sorted(pairs)])


@functools.lru_cache(maxsize=1024)
def _param(key: str, value: str) -> str:
    """:func:`param` made once for the values that recur (LANGUAGE, RELTYPE, ROLE...)."""
    return param(key, value)


@functools.cache
def _tzid(zone: dt.tzinfo) -> str | None:
    """The TZID icalendar gives a zone, or ``None`` for the zones it writes as UTC (``Z``)."""
    from icalendar.timezone.tzid import tzid_from_tzinfo

    tzid = tzid_from_tzinfo(zone)
    if tzid is None:
        return ""  # no id: icalendar falls back to the value's tzname(), see date_line
    return None if tzid == "UTC" else tzid


@functools.cache
def _tzid_param(tzid: str) -> str:
    return param("TZID", tzid)


def zone_id(value: dt.datetime) -> str | None:
    """The TZID a DATE-TIME is written with (icalendar's), or ``None`` when it is written in UTC or floating.

    Shared by every renderer (``ics`` lines, jCal), so that they name each zone alike.
    """
    zone = value.tzinfo
    tzid = _tzid(zone) if zone is not None else None
    if tzid == "":
        tzid = value.tzname()
        tzid = None if tzid == "UTC" else tzid
    return tzid


@functools.lru_cache(maxsize=1024)
def rule_text(rule: str) -> str:
    """An RRULE in icalendar's canonical part order, as the reference writer writes it (every renderer uses it)."""
    from icalendar import vRecur

    return str(vRecur.from_ical(rule).to_ical().decode("utf-8"))


def date_line(name: str, value: dt.date) -> str:
    """A DATE (``VALUE=DATE``) or DATE-TIME (``TZID`` of its zone, or ``Z`` for UTC) property."""
    if isinstance(value, dt.datetime):
        zone = value.tzinfo
        tzid = zone_id(value)
        if tzid is None:
            if zone is not None:
                value = value.astimezone(_UTC)
            return "%s:%04d%02d%02dT%02d%02d%02d%s" % (  # noqa: UP031 - the fastest formatting here
                name,
                value.year,
                value.month,
                value.day,
                value.hour,
                value.minute,
                value.second,
                "" if zone is None else "Z",
            )
        return "%s%s:%04d%02d%02dT%02d%02d%02d" % (  # noqa: UP031
            name,
            _tzid_param(tzid),
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
        )
    return "%s;VALUE=DATE:%04d%02d%02d" % (name, value.year, value.month, value.day)  # noqa: UP031

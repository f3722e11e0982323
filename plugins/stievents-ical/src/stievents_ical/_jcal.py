"""jCal (RFC 7265) values: how each value type is spelt in JSON, and back to iCalendar text, in one place.

The jCal writer (:mod:`stievents_ical._write_jcal`) and reader
(:mod:`stievents_ical._read_jcal`) both use these rules: :func:`to_jcal` turns
a raw iCalendar value (as :mod:`stievents_ical._content` holds it) into jCal
values, :func:`to_raw` turns jCal values back into the raw text that
:mod:`stievents_ical._values` reads. Each pair is exact inverses for what we
write, so ``ics`` and ``jcal`` carry the same mapping.
"""

from __future__ import annotations

import re
from typing import Any

from stievents_ical._text import escape_text
from stievents_ical._values import split_text, unescape

__all__ = [
    "MULTI_TEXT",
    "TYPES",
    "JcalValueError",
    "date_value",
    "recur_object",
    "to_jcal",
    "to_raw",
]

MULTI_TEXT = frozenset({"CATEGORIES", "RESOURCES"})
"""The TEXT properties whose comma-separated list is several jCal values (RFC 7265 3.4.1.2)."""

TYPES = {
    "TZID": "text",
    "TZNAME": "text",
    "TZURL": "uri",
    "COMMENT": "text",
    "TZOFFSETFROM": "utc-offset",
    "TZOFFSETTO": "utc-offset",
    "DTSTART": "date-time",
    "RDATE": "date-time",
    "RRULE": "recur",
    "LAST-MODIFIED": "date-time",
}
"""The types of the properties of a VTIMEZONE, which the writer converts from iCalendar text (others: unknown)."""

_INTEGER_PARTS = frozenset(
    ("COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH")
) | {"BYSETPOS"}
_RAW_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")
_JCAL_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z?))?")
_RAW_OFFSET = re.compile(r"([+-])(\d{2})(\d{2})(\d{2})?")
_JCAL_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})(?::(\d{2}))?")
_VERBATIM = frozenset({"unknown", "uri", "cal-address", "duration", "binary"})


class JcalValueError(ValueError):
    """A jCal value that does not have the form its type needs (the reader reports it with its path)."""


def date_value(raw: str) -> str:
    """``20200305`` -> ``2020-03-05``; ``20200305T093000Z`` -> ``2020-03-05T09:30:00Z``."""
    match = _RAW_TIME.fullmatch(raw)
    if match is None:
        raise JcalValueError(f"not a date or date-time: {raw!r}")
    year, month, day, hour, minute, second, zulu = match.groups()
    if hour is None:
        return f"{year}-{month}-{day}"
    return f"{year}-{month}-{day}T{hour}:{minute}:{second}{zulu}"


def _raw_date(value: Any) -> str:
    """``2020-03-05T09:30:00Z`` -> ``20200305T093000Z`` (the inverse of :func:`date_value`)."""
    match = _JCAL_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise JcalValueError(f"not a jCal date or date-time: {value!r}")
    year, month, day, hour, minute, second, zulu = match.groups()
    if hour is None:
        return f"{year}{month}{day}"
    return f"{year}{month}{day}T{hour}{minute}{second}{zulu}"


def recur_object(rule: str) -> dict[str, Any]:
    """An RRULE's text as RFC 7265's object: parts lower case, numbers as numbers, lists as arrays, UNTIL as a date."""
    found: dict[str, Any] = {}
    for part in rule.split(";"):
        key, _, text = part.partition("=")
        key = key.upper()
        items: list[Any] = text.split(",")
        if key == "UNTIL":
            items = [date_value(item) for item in items]
        elif key in _INTEGER_PARTS:
            items = [int(item) for item in items]
        found[key.lower()] = items[0] if len(items) == 1 else items
    return found


def _raw_rule(value: Any) -> str:
    if not isinstance(value, dict):
        raise JcalValueError(f"a recur value must be an object, not {value!r}")
    parts = []
    for key, item in value.items():
        items = item if isinstance(item, list) else [item]
        if key.upper() == "UNTIL":
            items = [_raw_date(i) for i in items]
        if not all(isinstance(i, (str, int)) and not isinstance(i, bool) for i in items):
            raise JcalValueError(f"recur part {key!r} holds {item!r}")
        parts.append(f"{key.upper()}={','.join(str(i) for i in items)}")
    return ";".join(parts)


def to_jcal(kind: str, raw: str, name: str = "") -> list[Any]:
    """The jCal values of a raw iCalendar value of type ``kind`` (of property ``name``)."""
    if kind == "text":
        return split_text(raw) if name in MULTI_TEXT else [unescape(raw)]
    if kind in ("date", "date-time"):
        return [date_value(item) for item in raw.split(",")]
    if kind == "period":
        return [
            "/".join(date_value(p) if p[:1].isdigit() else p for p in item.split("/", 1)) for item in raw.split(",")
        ]
    if kind == "utc-offset":
        match = _RAW_OFFSET.fullmatch(raw)
        if match is None:
            raise JcalValueError(f"not a UTC offset: {raw!r}")
        sign, hours, minutes, seconds = match.groups()
        return [f"{sign}{hours}:{minutes}" + (f":{seconds}" if seconds else "")]
    if kind == "recur":
        return [recur_object(raw)]
    if kind == "integer":
        return [int(item) for item in raw.split(",")]
    return [raw]


def to_raw(kind: str, values: list[Any]) -> str:
    """The raw iCalendar text of jCal ``values`` of type ``kind`` (several values joined with ``,``).

    :raises JcalValueError: a value without the form its type needs.
    """
    return ",".join(_one_raw(kind, value) for value in values)


def _one_raw(kind: str, value: Any) -> str:
    if kind == "text":
        if isinstance(value, list):  # a structured TEXT value (REQUEST-STATUS): its parts, ';'-separated
            return ";".join(_one_raw(kind, item) for item in value)
        if not isinstance(value, str):
            raise JcalValueError(f"a text value must be a string, not {value!r}")
        return escape_text(value)
    if kind in ("date", "date-time"):
        return _raw_date(value)
    if kind == "period":
        if not isinstance(value, str) or "/" not in value:
            raise JcalValueError(f"not a period: {value!r}")
        start, end = value.split("/", 1)
        return f"{_raw_date(start)}/{_raw_date(end) if end[:1].isdigit() else end}"
    if kind == "utc-offset":
        match = _JCAL_OFFSET.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            raise JcalValueError(f"not a UTC offset: {value!r}")
        sign, hours, minutes, seconds = match.groups()
        return f"{sign}{hours}{minutes}{seconds or ''}"
    if kind == "recur":
        return _raw_rule(value)
    if kind == "float":
        if isinstance(value, list):  # GEO: [latitude, longitude]
            return ";".join(_one_raw(kind, item) for item in value)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise JcalValueError(f"not a number: {value!r}")
        return repr(float(value))
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            raise JcalValueError(f"not an integer: {value!r}")
        return str(value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise JcalValueError(f"not a boolean: {value!r}")
        return "TRUE" if value else "FALSE"
    if kind in _VERBATIM or kind.startswith("x-"):
        if not isinstance(value, str):
            raise JcalValueError(f"a {kind} value must be a string, not {value!r}")
        return value
    raise JcalValueError(f"unknown value type {kind!r}")

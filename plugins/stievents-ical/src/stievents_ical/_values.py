"""Typed values out of raw property values, in one place for both readers, with messages in our own words.

The raw value is the text after the first unquoted ``:`` of a content line,
still escaped. TEXT unescaping follows RFC 5545 3.3.11 (and accepts ``\\:``,
as icalendar and many writers do); dates and times RFC 5545 3.3.4/3.3.5
(a PERIOD keeps its start, as a DTSTART or RDATE needs no more); durations
3.3.6.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["parse_duration", "parse_geo", "parse_time", "parse_times", "show", "split_text", "unescape"]

_ESCAPE = re.compile(r"\\([\\,;:nN])")
_UTC = dt.UTC
_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")
_DURATION = re.compile(r"([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")


def unescape(raw: str) -> str:
    """RFC 5545 TEXT unescaping (``\\n``, ``\\N``, ``\\;``, ``\\,``, ``\\:``, ``\\\\``)."""
    if "\\" not in raw:
        return raw
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def show(raw: str) -> str:
    """A raw value as a message quotes it: unescaped (so both readers say the same), at most 80 characters."""
    text = unescape(raw)
    return text if len(text) <= 80 else text[:77] + "..."


def split_text(raw: str) -> list[str]:
    """A list of TEXT values (CATEGORIES): split on the commas that are not escaped, each unescaped."""
    if "\\" not in raw:
        return raw.split(",")
    parts: list[str] = []
    current: list[str] = []
    index, size = 0, len(raw)
    while index < size:
        char = raw[index]
        if char == "\\" and index + 1 < size:
            current.append(raw[index : index + 2])
            index += 2
            continue
        if char == ",":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return [unescape(part) for part in parts]


def parse_time(raw: str) -> dt.date:
    """A DATE, or a DATE-TIME (naive when local or floating, UTC when it ends in ``Z``); a PERIOD's start.

    :raises ValueError: ``unreadable date or time '<raw>'``
    """
    text = raw.strip()
    if "/" in text:
        text = text.split("/", 1)[0]
    match = _TIME.fullmatch(text)
    if match is not None:
        year, month, day, hour, minute, second, zulu = match.groups()
        try:
            if hour is None:
                return dt.date(int(year), int(month), int(day))
            return dt.datetime(
                int(year),
                int(month),
                int(day),
                int(hour),
                int(minute),
                int(second),
                tzinfo=_UTC if zulu else None,
            )
        except ValueError:
            pass
    raise ValueError(f"unreadable date or time {show(raw)!r}")


def parse_times(raw: str) -> list[dt.date]:
    """The comma-separated values of an RDATE or EXDATE; :class:`ValueError` names the first bad one."""
    return [parse_time(item) for item in raw.split(",") if item.strip()]


def parse_duration(raw: str) -> dt.timedelta:
    """An RFC 5545 DURATION (``PT1H30M``, ``-P1D``, ``P2W``).

    :raises ValueError: ``unreadable duration '<raw>'``
    """
    match = _DURATION.fullmatch(raw.strip())
    if match is None or match.group(0).rstrip("T").endswith("P"):
        raise ValueError(f"unreadable duration {show(raw)!r}")
    sign, weeks, days, hours, minutes, seconds = match.groups()
    value = dt.timedelta(
        weeks=int(weeks or 0), days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0)
    ) + dt.timedelta(seconds=int(seconds or 0))
    return -value if sign == "-" else value


def parse_geo(raw: str) -> tuple[float, float]:
    """GEO's ``latitude;longitude``.

    :raises ValueError: ``not a latitude and longitude '<raw>'``
    """
    parts = raw.split(";")
    if len(parts) == 2:
        try:
            return float(parts[0]), float(parts[1])
        except ValueError:
            pass
    raise ValueError(f"not a latitude and longitude {show(raw)!r}")

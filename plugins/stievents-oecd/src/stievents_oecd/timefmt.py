"""Dates and times as the OECD pages print them, localised with Babel.

``Mar 5, 2020 9:30 AM CET (Europe/Paris)``: Babel gives the date and the time
(its English short time has U+202F before "AM", kept as given); the
abbreviation comes from the zone database for that instant via
``datetime.tzname()``, never from Babel's offset patterns.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

__all__ = ["babel_locale", "date_summary", "format_day", "format_moment", "iso_value", "month_heading"]


def babel_locale(language: str) -> str:
    """The Babel locale for a catalogue language."""
    return "fr_FR" if language == "fr" else "en_US"


def zone_name(value: dt.datetime) -> str:
    """The IANA key of ``value``'s zone (``UTC`` for a fixed offset)."""
    tz = value.tzinfo
    return tz.key if isinstance(tz, zoneinfo.ZoneInfo) else "UTC"


def format_moment(value: dt.datetime, language: str) -> str:
    """``Mar 5, 2020 9:30 AM CET (Europe/Paris)`` (``5 mars 2020 09:30 CET (Europe/Paris)`` in French)."""
    from babel.dates import format_date, format_time

    locale = babel_locale(language)
    day = format_date(value.date(), "medium", locale=locale)
    time = format_time(value.replace(tzinfo=None), "short", locale=locale)
    return f"{day} {time} {value.tzname()} ({zone_name(value)})"


def format_day(value: dt.date, language: str) -> str:
    """A day alone, Babel's medium form (``Mar 5, 2020``, ``5 mars 2020``)."""
    from babel.dates import format_date

    day = value.date() if isinstance(value, dt.datetime) else value
    return str(format_date(day, "medium", locale=babel_locale(language)))


def _day_month_year(value: dt.date, language: str, pattern: str) -> str:
    from babel.dates import format_date

    return str(format_date(value, pattern, locale=babel_locale(language)))


def date_summary(start: dt.date, end: dt.date, language: str) -> str:
    """The header's span of days, OECD style: ``5-6 March 2020``, ``30 March-2 April 2020``."""
    first = start.date() if isinstance(start, dt.datetime) else start
    last = end.date() if isinstance(end, dt.datetime) else end
    if first == last:
        return _day_month_year(first, language, "d MMMM y")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{_day_month_year(last, language, 'd MMMM y')}"
    if first.year == last.year:
        return f"{_day_month_year(first, language, 'd MMMM')}-{_day_month_year(last, language, 'd MMMM y')}"
    return f"{_day_month_year(first, language, 'd MMMM y')}-{_day_month_year(last, language, 'd MMMM y')}"


def month_heading(value: dt.date, language: str) -> str:
    """``March 2020`` / ``mars 2020`` (capitalised) for listing groups."""
    text = _day_month_year(value, language, "LLLL y")
    return text[:1].upper() + text[1:]


def iso_value(value: dt.date) -> str:
    """The ``<time datetime>`` value: a date, or a local datetime with its offset."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    return value.isoformat()

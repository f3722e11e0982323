"""Dates and times written as prose on real event pages, in English or French.

Real OECD, OECD community and Innovation Policy Platform pages give an event's
days as text ("7-8 November 2017, Lisbon", "17 and 24 June 2020", "5-6 mars
2020", "April 3, 2024") and its programme as agenda lines ("9h00-9h30: Welcome",
"08.30-09:30 - Registration", "09:00 - 10:00" with the title on the next line).
This module only reads such phrases; deciding which of them is the event's date
is the page reader's job (:mod:`stievents_oecd.realpage`).

Month and weekday names come from Babel (the same source as the printed
dates), with the accent-less and "Sept" spellings people type. Every span
found has ``start <= end``: a phrase that cannot be read so is not a date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

import attrs

from stievents_oecd.i18n import LANGUAGES

__all__ = ["DatePhrase", "TimeSpan", "find_dates", "read_times", "trap_kind"]

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—−", "-"))
_SPACES = str.maketrans(dict.fromkeys("\xa0\u202f\u2009\u2007\t", " "))


@attrs.frozen
class DatePhrase:
    """A day or a span of days found in a text, with where it was found."""

    start: dt.date
    end: dt.date
    text: str
    begin: int
    stop: int
    has_year: bool
    weekday: bool


@attrs.frozen
class TimeSpan:
    """An agenda line's times: start, optional end, and the rest of the line (the session's title, if any)."""

    start: dt.time
    end: dt.time | None
    rest: str


def clean(text: str) -> str:
    """One-line text with dashes, spaces and composed accents made uniform (offsets are those of this text)."""
    return unicodedata.normalize("NFC", text).translate(_DASHES).translate(_SPACES)


def _fold(word: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return stripped.casefold().rstrip(".")


@functools.cache
def _months() -> dict[str, int]:
    """Month words (wide and abbreviated, English and French, with and without accents) -> month number."""
    from babel import Locale

    found: dict[str, int] = {}
    for language in LANGUAGES:
        months = Locale.parse(language).months["format"]
        for width in ("wide", "abbreviated"):
            for number, name in months[width].items():
                found.setdefault(_fold(name), int(number))
    found.setdefault("sept", 9)
    return found


@functools.cache
def _weekdays() -> set[str]:
    from babel import Locale

    return {_fold(name) for language in LANGUAGES for name in Locale.parse(language).days["format"]["wide"].values()}


def _alternation(words: set[str] | dict[str, int]) -> str:
    """A regex alternation of ``words``, each also matching its accented spelling and a trailing dot."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        parts.append("".join(_ACCENTED.get(c, re.escape(c)) for c in word) + r"\.?")
    return "|".join(parts)


_ACCENTED = {"e": "[eéèêë]", "u": "[uûù]", "a": "[aàâ]", "i": "[iîï]", "o": "[oô]", "c": "[cç]"}
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|e)?"
_YEAR = r"(?:19|20)\d{2}"


@functools.cache
def _date_re() -> re.Pattern[str]:
    month = f"(?:{_alternation(_months())})"
    weekday = f"(?:{_alternation(_weekdays())})"
    wd = rf"(?P<wd>{weekday}),?\s+"
    wd2 = rf"(?:{weekday},?\s+)?"
    link = r"\s*(?:-|to|au|and|et|&|until|jusqu'au|through)\s*"
    # day [month [year]] link day month [year]  |  day month [,] year  |  month day[-day][, year]
    european = (
        rf"(?P<d1>{_DAY})(?:\s+(?P<m1>{month}))?(?:\s+(?P<y1>{_YEAR}))?"
        rf"(?:{link}{wd2}(?P<d2>{_DAY}))?\s+(?P<m2>{month})(?:,?\s+(?P<y2>{_YEAR}))?"
    )
    american = rf"(?P<am>{month})\s+(?P<ad1>{_DAY})(?:\s*-\s*(?P<ad2>{_DAY}))?(?:,?\s+(?P<ay>{_YEAR}))?"
    body = rf"(?<![\w/.])(?:{wd})?(?:{european}|{american})(?![\w/])"
    return re.compile(body, re.IGNORECASE)


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    return int(re.match(r"\d+", text)[0])  # type: ignore[index]


def _month(text: str | None) -> int | None:
    return None if text is None else _months().get(_fold(text))


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _span(match: re.Match[str], default_year: int | None) -> tuple[dt.date, dt.date, bool] | None:
    years: tuple[int | None, int | None]
    if match["am"]:
        month = _month(match["am"])
        first, last = _number(match["ad1"]), _number(match["ad2"] or match["ad1"])
        year = _number(match["ay"])
        months = (month, month)
        years = (None, year)
    else:
        end_month = _month(match["m2"])
        months = (_month(match["m1"]) or end_month, end_month)
        first = _number(match["d1"])
        last = _number(match["d2"]) if match["d2"] else first
        if match["d2"] is None and match["m1"]:
            return None  # "5 March June": not a date
        year = _number(match["y2"])
        years = (_number(match["y1"]), year)
    has_year = years[1] is not None or years[0] is not None
    end_year = years[1] or years[0] or default_year
    if end_year is None or months[0] is None or months[1] is None or first is None or last is None:
        return None
    start_year = years[0] or end_year
    end = _day(end_year, months[1], last)
    start = _day(start_year, months[0], first)
    if start is not None and end is not None and start > end and years[0] is None:
        start = _day(start_year - 1, months[0], first)  # "30 December - 2 January 2021"
    if start is None or end is None or start > end or (end - start).days > 366:
        return None
    return start, end, has_year


def find_dates(text: str, default_year: int | None = None) -> list[DatePhrase]:
    """Every day or span of days in ``text``; a phrase without a year takes ``default_year`` (else is skipped)."""
    text = clean(text)
    found = []
    for match in _date_re().finditer(text):
        span = _span(match, default_year)
        if span is None:
            continue
        start, end, has_year = span
        found.append(
            DatePhrase(
                start=start,
                end=end,
                text=match[0],
                begin=match.start(),
                stop=match.end(),
                has_year=has_year,
                weekday=bool(match["wd"]),
            )
        )
    return found


_BEFORE_DEADLINE = re.compile(
    r"\b(?:register|registration|registrations|deadline|submit|submission|submissions|apply|applications?|"
    r"closes|expires?|inscriptions?|inscrire|date limite|clôture)\b[^.;()]{0,40}$"
    r"|\b(?:by|before|until|no later than|not later than|latest|due|ends?|avant|au plus tard|jusqu'au|jusqu'à)"
    r"[:\s]*(?:on\s+|le\s+|the\s+)?$",
    re.IGNORECASE,
)
_AFTER_DEADLINE = re.compile(r"^\W{0,3}(?:deadline|date limite)\b", re.IGNORECASE)
_PUBLICATION = re.compile(
    r"\b(?:updated|update|posted|published|publication|released|modified|version|last edited|"
    r"mise à jour|mis à jour|publié|publiée|modifié|parution)\b",
    re.IGNORECASE,
)


def trap_kind(line: str, phrase: DatePhrase) -> str | None:
    """``"deadline"`` or ``"publication"`` when the words around ``phrase`` make it one, else ``None``.

    A registration deadline or the date a page was updated is never the
    event's date, however much it looks like one.
    """
    text = clean(line)
    before, after = text[: phrase.begin], text[phrase.stop :]
    if _BEFORE_DEADLINE.search(before) or _AFTER_DEADLINE.search(after):
        return "deadline"
    if _PUBLICATION.search(before):
        return "publication"
    return None


_CLOCK = r"(?P<{h}>[01]?\d|2[0-3])\s*(?:[h:.]\s*(?P<{m}>[0-5]\d)|h)(?!\d)\s*(?P<{ap}>[ap]\.?m\.?)?"
_TIME_RE = re.compile(
    r"^(?:"
    + _CLOCK.format(h="h1", m="m1", ap="p1")
    + r")(?:\s*(?:-|to|à)\s*(?:"
    + _CLOCK.format(h="h2", m="m2", ap="p2")
    + r"))?(?:\s*(?:\((?:[A-Z]{2,5}|[A-Za-z]+ time|heure de [^)]+)\)|[A-Z]{3,4}\b))?"
    + r"\s*(?:[:|;,]|-(?=\s)|\s)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def _clock(hour: str, minute: str | None, meridiem: str | None) -> dt.time | None:
    h, m = int(hour), int(minute or 0)
    if meridiem:
        if h > 12 or h == 0:
            return None
        h = h % 12 + (12 if meridiem.casefold().startswith("p") else 0)
    return dt.time(h, m)


def read_times(line: str) -> TimeSpan | None:
    """The times an agenda line starts with ("9h00-9h30: Welcome", "08:15-09:00", "14.45 |"), else ``None``.

    A single time needs an ``h``, a colon or a dot with minutes ("9h", "8.30"),
    so that a bare number is never a time. An end that is not after the start is dropped.
    """
    match = _TIME_RE.match(clean(line).strip())
    if match is None:
        return None
    meridiem = match["p2"] or match["p1"]
    start = _clock(match["h1"], match["m1"], match["p1"] or (meridiem if match["h2"] else None))
    end = _clock(match["h2"], match["m2"], match["p2"]) if match["h2"] else None
    if start is None:
        return None
    if end is not None and end <= start:
        end = None
    rest = match["rest"].strip().strip("|").strip()
    return TimeSpan(start=start, end=end, rest=rest)

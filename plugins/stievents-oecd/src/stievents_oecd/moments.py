"""Reading printed dates and times back: python-dateutil for the text, the IANA zone as the truth.

``Mar 5, 2020 9:30 AM CEST (Europe/Paris)``: the zone in parentheses decides
the instant; the printed abbreviation only chooses between the two readings of
an hour repeated when clocks go back. An abbreviation the zone could not have
had on that date is reported (a warning naming both), never silently kept.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo

from stievents.errors import Problem, Severity
from stievents_oecd.i18n import LANGUAGES

__all__ = ["parse_day", "parse_moment"]

_MOMENT_RE = re.compile(
    r"^(?P<local>.+?)(?:\s+(?P<abbr>[A-Za-z]{1,6}|[+-]\d{2}(?::?\d{2})?))?\s*\((?P<zone>[A-Za-z0-9_+\-/]{1,64})\)\s*$"
)
_MERIDIEM = {"AM", "PM"}


@functools.cache
def _month_words() -> list[tuple[re.Pattern[str], str]]:
    """Localised month names (wide and abbreviated, from Babel) -> English, longest first."""
    from babel import Locale

    english = Locale.parse("en").months["format"]["wide"]
    pairs: dict[str, str] = {}
    for language in LANGUAGES:
        if language == "en":
            continue
        months = Locale.parse(language).months["format"]
        for width in ("wide", "abbreviated"):
            for number, name in months[width].items():
                pairs.setdefault(name.casefold(), english[number])
    ordered = sorted(pairs.items(), key=lambda item: -len(item[0]))
    return [(re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE), name) for word, name in ordered]


def _to_english(text: str) -> str:
    text = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
    for pattern, name in _month_words():
        text = pattern.sub(name, text)
    return text


def _parse_local(text: str) -> dt.datetime | None:
    from dateutil import parser

    english = _to_english(text)
    if not re.search(r"\d{4}", english):
        return None
    try:
        return parser.parse(english, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None


def parse_day(text: str, path: str) -> tuple[dt.date | None, list[Problem]]:
    """A printed day (``Mar 5, 2020``, ``5 mars 2020``)."""
    value = _parse_local(text.strip())
    if value is None:
        return None, [Problem(path=path, message=f"cannot read a date in {text.strip()!r}")]
    return value.date(), []


def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def parse_moment(text: str, path: str) -> tuple[dt.datetime | None, list[Problem]]:
    """A printed moment with its zone; problems say what could not be read or does not fit."""
    clean = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
    match = _MOMENT_RE.match(clean)
    if match is None:
        return None, [Problem(path=path, message=f"expected a time with its IANA zone in parentheses, got {clean!r}")]
    local_text, abbr, zone_name = match["local"], match["abbr"], match["zone"]
    if abbr and abbr.upper() in _MERIDIEM:
        local_text, abbr = f"{local_text} {abbr}", None
    zone = _zone(zone_name)
    if zone is None:
        return None, [Problem(path=path, message=f"unknown time zone {zone_name!r}")]
    naive = _parse_local(local_text)
    if naive is None:
        return None, [Problem(path=path, message=f"cannot read a date and time in {local_text!r}")]
    readings = [naive.replace(tzinfo=zone, fold=fold) for fold in (0, 1)]
    real = [r for r in readings if r.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == naive]
    if not real:
        return None, [
            Problem(path=path, message=f"{naive:%Y-%m-%d %H:%M} does not exist in {zone_name} (clocks skip it)")
        ]
    if not abbr:
        return real[0], []
    fitting = [r for r in real if (r.tzname() or "").casefold() == abbr.casefold()]
    if fitting:
        return fitting[0], []
    had = " or ".join(sorted({r.tzname() or "?" for r in real}))
    message = (
        f"printed abbreviation {abbr} does not fit {zone_name} on {naive:%Y-%m-%d} at {naive:%H:%M}"
        f" (the zone had {had}); kept {zone_name}"
    )
    return real[0], [Problem(path=path, message=message, severity=Severity.WARNING)]

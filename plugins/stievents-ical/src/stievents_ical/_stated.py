"""Override fields that equal what the series gives, yet the model states: marked so that they survive.

An overriding VEVENT always has its DTSTART, DTEND, SUMMARY and STATUS, so
the importer reads an override's start as ``None`` when DTSTART equals the
RECURRENCE-ID, its end when DTEND is the series' duration after the start, its
title when SUMMARY is the series' title, and ``cancelled`` only when the series
itself is not cancelled: what a foreign file means. An override of ours that
states such a value (``start`` equal to ``recurrence_id``, a cancelled
occurrence of a cancelled event) gets one ``X-STIEVENTS-STATED`` property per
such field, naming it, so our importer keeps the model exactly; the property
is written only then, so other files are unchanged.
"""

from __future__ import annotations

import datetime as dt

from stievents.model import Event, EventStatus, Override
from stievents_ical._text import clean_text

__all__ = ["FIELDS", "same_time", "series_end", "stated"]

FIELDS = ("start", "end", "title", "cancelled")


def same_time(a: dt.date, b: dt.date) -> bool:
    """The same kind, instant, zone key and fold: what a datetime must keep through iCalendar."""
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return a == b and str(a.tzinfo) == str(b.tzinfo) and a.fold == b.fold and a.utcoffset() == b.utcoffset()
    return type(a) is type(b) and a == b


def series_end(start: dt.date, duration: dt.timedelta) -> dt.date:
    """The end an occurrence starting at ``start`` has when nothing overrides it (the series' duration on)."""
    return start + duration


def stated(event: Event, override: Override) -> list[str]:
    """The fields of ``override`` that equal what the series gives: the ones the importer would drop."""
    found = []
    start = override.start if override.start is not None else override.recurrence_id
    if override.start is not None and same_time(override.start, override.recurrence_id):
        found.append("start")
    if override.end is not None and same_time(override.end, series_end(start, event.end - event.start)):
        found.append("end")
    if override.title is not None and clean_text(override.title) == clean_text(event.title):
        found.append("title")
    if override.cancelled and event.status is EventStatus.CANCELLED:
        found.append("cancelled")
    return found

"""Which events a feed carries: those not over for longer than the window, in a stable order.

A feed is bounded so that subscribers' clients poll a small file: an event is
in it while its end is at most ``back`` before ``now`` (a year by default);
everything ahead is kept. A cancelled event stays, as cancelled, so that a
subscriber learns of the cancellation instead of seeing the event vanish.

Ends are compared the way :meth:`stievents.model.Event.phase` reads them:

* a timed event ends at its ``end`` instant;
* an all-day event ends with its last day (inclusive), read in the venue's
  zone, else in UTC: it is kept while that day is on or after the day of
  ``now - back`` in that zone;
* a recurring event ends with its last occurrence (the model bounds every
  rule with ``COUNT`` or ``UNTIL``). An event whose expansion exceeds the
  core's limit is kept rather than silently dropped. Only an event whose
  own first occurrence is already out of the window is expanded.

The order is the start instant (an all-day event starts at midnight of its
first day in the same zone), then the id: the same for every run.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from stievents.errors import LimitExceededError
from stievents.model import Event, Temporal

__all__ = ["day_zone", "feed_events", "start_instant"]

_EXPANSION_LIMIT = 10_000
"""As many occurrences as a rule's COUNT may give (stievents.recurrence.MAX_COUNT)."""


def feed_events(events: Iterable[Event], now: dt.datetime, back: dt.timedelta) -> list[Event]:
    """The events whose end is on or after ``now - back``, sorted by (start instant, id).

    ``now`` must be aware; ``back`` must not be negative (a negative window
    would drop events that have not ended yet).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime (with a time zone)")
    if back < dt.timedelta(0):
        raise ValueError(f"the feed window must not be negative, got {back}")
    cutoff = _cutoff(now, back)
    kept = [event for event in events if _in_window(event, cutoff)]
    kept.sort(key=_order)
    return kept


def day_zone(event: Event) -> dt.tzinfo:
    """The zone an all-day event's days are read in: the venue's, else UTC (as ``Event.phase``)."""
    name = event.venue.timezone if event.venue is not None and event.venue.timezone else None
    return zoneinfo.ZoneInfo(name) if name else dt.UTC


def start_instant(event: Event) -> dt.datetime:
    """When the event starts, as a UTC instant; midnight of the first day for an all-day event."""
    return _instant(event.start, event)


def _instant(value: Temporal, event: Event) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    return dt.datetime.combine(value, dt.time(), day_zone(event)).astimezone(dt.UTC)


def _order(event: Event) -> tuple[dt.datetime, str]:
    return (start_instant(event), event.id)


def _cutoff(now: dt.datetime, back: dt.timedelta) -> dt.datetime:
    try:
        return now.astimezone(dt.UTC) - back
    except OverflowError:  # a window reaching before year 1 keeps everything
        return dt.datetime.min.replace(tzinfo=dt.UTC)


def _ends_by(end: Temporal, cutoff: dt.datetime, event: Event) -> bool:
    """True when ``end`` is on or after ``cutoff`` (an all-day end compared by day)."""
    if isinstance(end, dt.datetime):
        return end >= cutoff
    return end >= cutoff.astimezone(day_zone(event)).date()


def _in_window(event: Event, cutoff: dt.datetime) -> bool:
    if _ends_by(event.end, cutoff, event):
        return True  # the first occurrence is in: any later one too
    if event.recurrence is None:
        return False
    try:
        occurrences = event.occurrences(limit=_EXPANSION_LIMIT)
    except LimitExceededError:
        return True  # the last occurrence is not known: keep rather than drop
    return any(_ends_by(occurrence.end, cutoff, event) for occurrence in occurrences)

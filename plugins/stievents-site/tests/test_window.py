"""The feed window: which events a feed carries, and in which order."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stievents.model import Event, EventStatus, Phase, Recurrence, StatusChange, Venue
from stievents.testing import strategies as sst
from stievents_site.window import day_zone, feed_events, start_instant

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
UTC = zoneinfo.ZoneInfo("UTC")
NOW = dt.datetime(2024, 6, 15, 12, 0, tzinfo=UTC)
YEAR = dt.timedelta(days=365)
CUTOFF = NOW - YEAR


def _timed(event_id: str, end_utc: dt.datetime, **more: object) -> Event:
    end = end_utc.astimezone(PARIS)
    return Event(id=event_id, title=event_id, start=end - dt.timedelta(hours=2), end=end, **more)  # type: ignore[arg-type]


def _ids(events: list[Event]) -> list[str]:
    return [event.id for event in events]


def test_a_timed_event_is_kept_while_its_end_is_in_the_window() -> None:
    at = _timed("at-cutoff", CUTOFF)
    before = _timed("a-second-before", CUTOFF - dt.timedelta(seconds=1))
    ahead = _timed("ahead", NOW + dt.timedelta(days=3000))
    assert _ids(feed_events([before, at, ahead], NOW, YEAR)) == ["at-cutoff", "ahead"]


def test_the_window_length_is_honoured() -> None:
    old = _timed("old", NOW - dt.timedelta(days=30))
    assert _ids(feed_events([old], NOW, dt.timedelta(days=31))) == ["old"]
    assert feed_events([old], NOW, dt.timedelta(days=29)) == []
    assert feed_events([old], NOW, dt.timedelta(0)) == []


def test_an_all_day_event_ends_with_its_last_day_in_the_venues_zone() -> None:
    # 23:30 UTC on the cutoff's day is already the next day in Tokyo.
    now = dt.datetime(2024, 6, 15, 23, 30, tzinfo=UTC)
    last_day = dt.date(2023, 6, 17)  # the cutoff's day in Tokyo; the day before in UTC
    tokyo = Venue(name="Hall", timezone="Asia/Tokyo")
    in_tokyo = Event(id="tokyo", title="t", start=last_day, end=last_day, venue=tokyo)
    in_utc = Event(id="utc", title="u", start=last_day - dt.timedelta(days=1), end=last_day - dt.timedelta(days=1))
    cutoff = now - YEAR
    assert cutoff.astimezone(TOKYO).date() == last_day
    assert cutoff.date() == last_day - dt.timedelta(days=1)
    assert _ids(feed_events([in_tokyo, in_utc], now, YEAR)) == ["utc", "tokyo"]
    # A day later, both last days are before the cutoff's day.
    assert feed_events([in_tokyo, in_utc], now + dt.timedelta(days=1), YEAR) == []


def test_cancelled_events_stay() -> None:
    cancelled = _timed(
        "cancelled",
        NOW + dt.timedelta(days=10),
        status=EventStatus.CANCELLED,
        status_history=(StatusChange(status=EventStatus.CANCELLED),),
    )
    assert _ids(feed_events([cancelled], NOW, YEAR)) == ["cancelled"]


def test_a_recurring_event_ends_with_its_last_occurrence() -> None:
    start = dt.datetime(2020, 1, 6, 9, 0, tzinfo=PARIS)
    end = start + dt.timedelta(hours=1)

    def weekly(rule: str) -> Event:
        return Event(id=rule.replace(";", "-").replace("=", "-"), title="w", start=start, end=end,
                     recurrence=Recurrence(rule=rule))  # fmt: skip

    long_count = weekly("FREQ=WEEKLY;COUNT=500")  # to 2029
    short_count = weekly("FREQ=WEEKLY;COUNT=3")  # January 2020
    until_in = weekly("FREQ=WEEKLY;UNTIL=20231231T000000Z")
    until_out = weekly("FREQ=WEEKLY;UNTIL=20230101T000000Z")
    kept = feed_events([long_count, short_count, until_in, until_out], NOW, YEAR)
    assert sorted(_ids(kept)) == sorted(["FREQ-WEEKLY-COUNT-500", "FREQ-WEEKLY-UNTIL-20231231T000000Z"])


def test_an_rdate_in_the_window_keeps_the_event() -> None:
    start = dt.date(2010, 1, 1)
    event = Event(id="r", title="r", start=start, end=start, recurrence=Recurrence(rdates=(dt.date(2024, 1, 1),)))
    assert _ids(feed_events([event], NOW, YEAR)) == ["r"]
    assert feed_events([event], NOW + 2 * YEAR, YEAR) == []


def test_order_is_start_instant_then_id() -> None:
    day = dt.date(2024, 7, 1)
    all_day = Event(id="b-all-day", title="x", start=day, end=day)  # midnight UTC
    same_instant = Event(
        id="a-timed",
        title="x",
        start=dt.datetime(2024, 7, 1, 2, 0, tzinfo=PARIS),
        end=dt.datetime(2024, 7, 1, 3, 0, tzinfo=PARIS),
    )  # 00:00 UTC too
    earlier = Event(
        id="z-earlier",
        title="x",
        start=dt.datetime(2024, 6, 30, 23, 0, tzinfo=UTC),
        end=dt.datetime(2024, 7, 2, tzinfo=UTC),
    )
    kept = feed_events([all_day, same_instant, earlier], NOW, YEAR)
    assert _ids(kept) == ["z-earlier", "a-timed", "b-all-day"]


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        feed_events([], NOW.replace(tzinfo=None), YEAR)
    with pytest.raises(ValueError, match="negative"):
        feed_events([], NOW, -YEAR)


def test_a_window_reaching_before_year_one_keeps_everything() -> None:
    old = Event(id="old", title="x", start=dt.date(1850, 1, 1), end=dt.date(1850, 1, 1))
    assert _ids(feed_events([old], NOW, dt.timedelta(days=999_999))) == ["old"]


@settings(deadline=None)
@given(events=sst.event_lists(max_size=6), data=st.data())
def test_the_window_agrees_with_the_models_phase(events: list[Event], data: st.DataObject) -> None:
    """A single event is kept exactly when it has not ended at ``now - back`` (Event.phase), or ends right then.

    The cutoff is drawn close to one event's end (within a day and a half), where zones and boundaries matter.
    """
    back = dt.timedelta(hours=data.draw(st.integers(0, 3 * 365 * 24)))
    if events:
        near = data.draw(st.sampled_from(events))
        end = near.end if isinstance(near.end, dt.datetime) else dt.datetime.combine(near.end, dt.time(12), UTC)
        cutoff = end.astimezone(UTC) + dt.timedelta(minutes=data.draw(st.integers(-36 * 60, 36 * 60)))
    else:
        cutoff = NOW
    now = cutoff + back
    kept = feed_events(events, now, back)
    assert kept == sorted(kept, key=lambda e: (start_instant(e), e.id))
    kept_ids = {e.id for e in kept}
    for event in events:
        if event.recurrence is not None:
            if event.id not in kept_ids:  # dropped: every occurrence ended before the cutoff
                cutoff_day = cutoff.astimezone(day_zone(event)).date()
                for occurrence in event.occurrences(limit=10_000):
                    end = occurrence.end
                    assert end < cutoff if isinstance(end, dt.datetime) else end < cutoff_day
            continue
        live = event.phase(cutoff) is not Phase.ENDED or event.end == cutoff
        assert (event.id in kept_ids) == live, event


@settings(deadline=None)
@given(
    last_day=sst.dates(min_year=1990, max_year=2100),
    length=st.integers(0, 3),
    zone=st.none() | sst.zone_names(),
    minutes=st.integers(-48 * 60, 48 * 60),
)
def test_all_day_events_are_read_in_the_venues_zone(
    last_day: dt.date, length: int, zone: str | None, minutes: int
) -> None:
    """Near the end of an all-day event's last day, the window and Event.phase agree in every zone."""
    venue = Venue(name="Hall", timezone=zone) if zone else None
    event = Event(id="d", title="d", start=last_day - dt.timedelta(days=length), end=last_day, venue=venue)
    cutoff = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), UTC) + dt.timedelta(minutes=minutes)
    kept = feed_events([event], cutoff + YEAR, YEAR)
    assert (kept == [event]) == (event.phase(cutoff) is not Phase.ENDED)

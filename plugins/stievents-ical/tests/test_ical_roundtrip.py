"""Our own files come back: every fact the format declares survives ics -> model -> ics."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ical_helpers import all_day_event, recurring_event
from stievents_ical.fidelity import EXPORT_FACTS, IMPORT_FACTS, LOST_FACTS

import stievents
from stievents.facts import all_facts
from stievents.model import (
    Event,
    EventStatus,
    VirtualLocation,
)
from stievents.testing import contract

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_fidelity_is_declared_precisely() -> None:
    exporter = stievents.get_exporter("ics")
    importer = stievents.get_importer("ics")
    assert exporter.fidelity == EXPORT_FACTS == importer.fidelity == IMPORT_FACTS
    assert set(LOST_FACTS) <= set(all_facts())
    assert EXPORT_FACTS | set(LOST_FACTS) == set(all_facts())


def test_examples_round_trip(example_events: list[Event], fixed_now: dt.datetime) -> None:
    for event in example_events:
        contract.check_round_trip("ics", [event], now=fixed_now)
    contract.check_round_trip("ics", example_events, now=fixed_now)


def _without_losses(event: Event) -> Event:
    """``event`` as iCalendar keeps it: no unscheduled sessions, no private join links."""

    def public(online: VirtualLocation | None) -> VirtualLocation | None:
        if online is None or online.join_url_public:
            return online
        return VirtualLocation(platform=online.platform)

    sessions = tuple(
        attrs.evolve(s, virtual_location=public(s.virtual_location)) for s in event.sessions if s.is_scheduled
    )
    return attrs.evolve(event, sessions=sessions, virtual_location=public(event.virtual_location))


def test_demo_comes_back_whole_but_for_declared_losses(demo_event: Event, fixed_now: dt.datetime) -> None:
    (back,) = stievents.read(stievents.export(demo_event, "ics", now=fixed_now), "ics").events
    assert back == _without_losses(demo_event)
    assert back.sessions[4].start.tzinfo == zoneinfo.ZoneInfo("America/New_York")  # type: ignore[union-attr]


def test_reference_loses_only_unscheduled_sessions(reference_event: Event, fixed_now: dt.datetime) -> None:
    (back,) = stievents.read(stievents.export(reference_event, "ics", now=fixed_now), "ics").events
    assert back == attrs.evolve(reference_event, sessions=())
    assert back.status is EventStatus.MOVED_ONLINE
    assert back.status_reason == "due to recent Coronavirus developments"
    assert [o.name for o in back.organisers] == [o.name for o in reference_event.organisers]


@pytest.mark.parametrize("make", [recurring_event, all_day_event])
def test_constructed_events_round_trip(make: object) -> None:
    event = make()  # type: ignore[operator]
    contract.check_round_trip("ics", [event], now=NOW)
    (back,) = stievents.read(stievents.export(event, "ics", now=NOW), "ics").events
    assert back == event
    assert str(back.created.tzinfo) == str(event.created.tzinfo) if event.created else True


def test_occurrences_survive(fixed_now: dt.datetime) -> None:
    event = recurring_event()
    (back,) = stievents.read(stievents.export(event, "ics", now=fixed_now), "ics").events
    assert back.occurrences() == event.occurrences()


titles = st.text(min_size=1, max_size=60).filter(lambda t: t.strip() and "\r" not in t and t.isprintable())
starts = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 1, 1)).map(
    lambda d: d.replace(second=0, microsecond=0)
)
zones = st.sampled_from(["Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"])


@settings(max_examples=60, deadline=None)
@given(title=titles, start=starts, zone=zones, minutes=st.integers(0, 60 * 24 * 10), revision=st.integers(0, 99))
def test_generated_events_round_trip(title: str, start: dt.datetime, zone: str, minutes: int, revision: int) -> None:
    tz = zoneinfo.ZoneInfo(zone)
    begin = start.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz)  # a time that exists in the zone
    end = (begin.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(tz)
    event = Event(id="gen", title=title, start=begin, end=end, revision=revision)
    contract.check_round_trip("ics", [event], now=NOW)


def test_overrides_that_state_what_the_series_gives_come_back_stated() -> None:
    """A start equal to RECURRENCE-ID, the series' duration and title, a cancelled occurrence of a cancelled event."""
    event = recurring_event()
    first, second, third = event.recurrence.overrides  # type: ignore[union-attr]
    stated = (
        attrs.evolve(first, start=first.recurrence_id, end=first.recurrence_id + dt.timedelta(hours=2)),
        attrs.evolve(second, title=event.title),
        third,
    )
    for status in (EventStatus.SCHEDULED, EventStatus.CANCELLED):
        changed = attrs.evolve(event, status=status, recurrence=attrs.evolve(event.recurrence, overrides=stated))
        data = stievents.export(changed, "ics", now=NOW)
        assert data.count(b"X-STIEVENTS-STATED:") == (4 if status is EventStatus.CANCELLED else 3)
        (back,) = stievents.read(data, "ics").events
        assert back.recurrence == changed.recurrence


def test_overrides_that_state_nothing_extra_carry_no_mark() -> None:
    assert b"X-STIEVENTS-STATED" not in stievents.export(recurring_event(), "ics", now=NOW)


@pytest.mark.parametrize("fact", ["title", "description", "subtitle", "topics"])
def test_a_leading_byte_order_mark_survives(fact: str) -> None:
    from stievents_ical.reference import export_reference

    event = recurring_event()
    value: object = ("\ufeffpolicy", "labs") if fact == "topics" else "\ufeffWith a BOM"
    event = attrs.evolve(event, **{fact: value})
    data = stievents.export(event, "ics", now=NOW)
    assert data == export_reference(event, now=NOW)
    (back,) = stievents.read(data, "ics").events
    assert getattr(back, fact) == value


def test_the_second_pass_of_a_repeated_hour_keeps_its_instant_zone_and_fold() -> None:
    """RFC 5545 reads a repeated local time as its first pass: the second is written in UTC, its zone beside it."""
    from stievents_ical.reference import export_reference

    howe = zoneinfo.ZoneInfo("Australia/Lord_Howe")  # clocks go back 30 minutes at 02:00 on 5 April 2020
    start = dt.datetime(2020, 4, 5, 1, 0, tzinfo=howe)
    second = dt.datetime(2020, 4, 5, 1, 30, fold=1, tzinfo=howe)
    event = Event(id="fold", title="Fold", start=start, end=second)
    data = stievents.export(event, "ics", now=NOW)
    assert data == export_reference(event, now=NOW)
    assert b"DTEND;X-STIEVENTS-TZID=Australia/Lord_Howe:20200404T150000Z" in data
    (back,) = stievents.read(data, "ics").events
    assert back.end == second
    assert back.end.fold == 1
    assert str(back.end.tzinfo) == "Australia/Lord_Howe"

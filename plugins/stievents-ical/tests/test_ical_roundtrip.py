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

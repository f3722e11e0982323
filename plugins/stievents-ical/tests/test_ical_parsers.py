"""Parsers written by others read our files as the model does: icalendar, vobject, recurring-ical-events, ical.js."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject
from ical_helpers import all_day_event, recurring_event, shared_file
from ical_helpers import read_with_ical_js as _ical_js

import stievents
from stievents.model import Event

UTC = dt.UTC
REFERENCE_START = dt.datetime(2020, 3, 5, 8, 30, tzinfo=UTC)
REFERENCE_END = dt.datetime(2020, 3, 6, 15, 30, tzinfo=UTC)


def _instants(event: Event) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """(UID, start, end) in UTC of every timed VEVENT the model should produce (event, then sessions)."""
    found = []
    if isinstance(event.start, dt.datetime) and isinstance(event.end, dt.datetime):
        found.append((f"{event.id}@stievents", event.start.astimezone(UTC), event.end.astimezone(UTC)))
    for session in event.sessions:
        if isinstance(session.start, dt.datetime) and session.end is not None:
            uid = f"{event.id}/{session.id}@stievents"
            found.append((uid, session.start.astimezone(UTC), session.end.astimezone(UTC)))
    return found


def _export(event: Event, fixed_now: dt.datetime) -> bytes:
    return stievents.export(event, "ics", now=fixed_now)


def test_icalendar_reads_the_same_instants(example_events: list[Event], fixed_now: dt.datetime) -> None:
    for event in example_events:
        cal = icalendar.Calendar.from_ical(_export(event, fixed_now))
        read = [
            (str(v["UID"]), v.decoded("DTSTART").astimezone(UTC), v.decoded("DTEND").astimezone(UTC))
            for v in cal.walk("VEVENT")
            if isinstance(v.decoded("DTSTART"), dt.datetime)
        ]
        assert read == _instants(event)


def test_vobject_reads_the_same_instants(example_events: list[Event], fixed_now: dt.datetime) -> None:
    for event in example_events:
        cal = vobject.readOne(_export(event, fixed_now).decode("utf-8"))
        read = [
            (v.uid.value, v.dtstart.value.astimezone(UTC), v.dtend.value.astimezone(UTC))
            for v in cal.vevent_list
            if isinstance(v.dtstart.value, dt.datetime)
        ]
        assert read == _instants(event)


def test_reference_event_in_each_python_parser(reference_event: Event, fixed_now: dt.datetime) -> None:
    data = _export(reference_event, fixed_now)
    (vevent,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (REFERENCE_START, REFERENCE_END)
    (vobj,) = vobject.readOne(data.decode("utf-8")).vevent_list
    assert (vobj.dtstart.value, vobj.dtend.value) == (REFERENCE_START, REFERENCE_END)
    assert vobj.dtstart.value.utcoffset() == dt.timedelta(hours=1)  # CET, not the page's "CEST"


@pytest.mark.parametrize("make", [recurring_event, all_day_event])
def test_recurring_ical_events_expands_like_the_model(make: object, fixed_now: dt.datetime) -> None:
    event: Event = make()  # type: ignore[operator]
    data = _export(event, fixed_now)
    cal = icalendar.Calendar.from_ical(data)
    expanded = recurring_ical_events.of(cal).between(dt.date(1990, 1, 1), dt.date(2100, 1, 1))
    theirs = sorted(
        (c.decoded("DTSTART"), c.decoded("DTEND")) for c in expanded if str(c["UID"]) == f"{event.id}@stievents"
    )
    ours = event.occurrences()
    if isinstance(event.start, dt.datetime):
        mine = sorted((o.start.astimezone(UTC), o.end.astimezone(UTC)) for o in ours)  # type: ignore[union-attr]
        theirs = [(s.astimezone(UTC), e.astimezone(UTC)) for s, e in theirs]
    else:
        mine = sorted((o.start, o.end + dt.timedelta(days=1)) for o in ours)  # DTEND is exclusive
    cancelled = {o.recurrence_id for o in event.recurrence.overrides if o.cancelled} if event.recurrence else set()
    theirs_kept = [pair for pair in theirs if not _is_cancelled(pair[0], cancelled)]
    assert len(mine) >= 3
    assert theirs_kept == mine


def _is_cancelled(start: dt.date, cancelled: set[dt.date]) -> bool:
    return any(start == c for c in cancelled)


def _iso(value: dt.datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def test_ical_js_reads_the_same_instants(example_events: list[Event], fixed_now: dt.datetime, tmp_path: Path) -> None:
    for event in example_events:
        path = tmp_path / f"{event.id}.ics"
        path.write_bytes(_export(event, fixed_now))
        read = _ical_js(path)["events"]
        assert isinstance(read, list)
        timed = [(e["uid"], e["start"], e["end"]) for e in read if "T" in e["start"]]
        assert timed == [(uid, _iso(s), _iso(e)) for uid, s, e in _instants(event)]


def test_ical_js_reads_the_reference_event(reference_event: Event, fixed_now: dt.datetime, tmp_path: Path) -> None:
    path = tmp_path / "reference.ics"
    path.write_bytes(_export(reference_event, fixed_now))
    (read,) = _ical_js(path)["events"]  # type: ignore[misc]
    assert read["start"] == "2020-03-05T08:30:00.000Z"
    assert read["end"] == "2020-03-06T15:30:00.000Z"
    assert read["zone"] == "Europe/Paris"


def test_ical_js_expands_like_the_model(fixed_now: dt.datetime, tmp_path: Path) -> None:
    event = recurring_event()
    path = tmp_path / "series.ics"
    path.write_bytes(_export(event, fixed_now))
    occurrences = _ical_js(path, expand="series@stievents")["occurrences"]
    assert isinstance(occurrences, list)
    # ical.js iterates the rule's recurrence ids (RRULE + RDATE - EXDATE); the model's are the same set.
    recurrence = event.recurrence
    assert recurrence is not None
    expected = sorted(
        _iso(o.recurrence_id)
        for o in event.occurrences()  # type: ignore[arg-type]
    ) + [_iso(o.recurrence_id) for o in recurrence.overrides if o.cancelled]  # type: ignore[arg-type]
    assert sorted(occurrences) == sorted(expected)


def test_ical_js_reads_the_corpus_without_crashing_where_we_import(tmp_path: Path) -> None:
    path = shared_file("node-ical__google-calendar-kiev-tz.ics")
    read = _ical_js(path)["events"]
    ours = stievents.read(path.read_bytes(), "ics", lenient=True).events
    assert isinstance(read, list)
    master = next(e for e in read if e["recurrenceId"] is None)
    assert master["start"] == _iso(ours[0].start)  # type: ignore[arg-type]
    assert zoneinfo.ZoneInfo(ours[0].timezone or "UTC")

"""Import rules of issue 13: undecodable bytes, UIDs kept exactly, problems said in our own words."""

from __future__ import annotations

import datetime as dt

import pytest

import stievents
from stievents.errors import Severity
from stievents.model import Event

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _calendar(*lines: str, encoding: str = "utf-8") -> bytes:
    body = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        "BEGIN:VEVENT",
        *lines,
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(body) + "\r\n").encode(encoding)


def test_latin1_bytes_are_read_as_windows_1252_with_one_warning() -> None:
    data = _calendar(
        "UID:cafe@example.org",
        "DTSTART:20300101T100000Z",
        "SUMMARY:Café crème – “Zürich”",
        "LOCATION:Salle Élysée",
        encoding="cp1252",
    )
    result = stievents.read(data, "ics")
    (event,) = result.events
    assert event.title == "Café crème – “Zürich”"
    assert event.venue is not None
    assert event.venue.name == "Salle Élysée"
    notes = [p for p in result.problems if "UTF-8" in p.message]
    assert len(notes) == 1
    assert notes[0].severity is Severity.WARNING
    assert notes[0].path == "VCALENDAR"
    assert "Windows-1252" in notes[0].message
    assert "0xE9" in notes[0].message  # the first byte that is not UTF-8


def test_stray_latin1_byte_in_a_utf8_file_keeps_the_utf8() -> None:
    data = _calendar("UID:x", "DTSTART:20300101T100000Z", "SUMMARY:Zürich").replace(
        b"SUMMARY", b"X-NOTE:\xe9\r\nSUMMARY"
    )
    result = stievents.read(data, "ics")
    assert result.events[0].title == "Zürich"
    assert [p.path for p in result.problems] == ["VCALENDAR"]


def test_utf8_file_gets_no_encoding_warning() -> None:
    result = stievents.read(_calendar("UID:x", "DTSTART:20300101T100000Z", "SUMMARY:Zürich"), "ics")
    assert result.problems == ()


def test_foreign_uid_is_kept_byte_for_byte() -> None:
    data = _calendar("UID:allday-1@example.org", "DTSTART;VALUE=DATE:20300101", "SUMMARY:All day")
    (event,) = stievents.read(data, "ics").events
    assert event.uid == "allday-1@example.org"
    assert event.id == "allday-1-example.org"


def test_our_own_derived_uid_is_not_kept() -> None:
    data = _calendar("UID:series@stievents", "DTSTART:20300101T100000Z", "SUMMARY:Ours")
    (event,) = stievents.read(data, "ics").events
    assert (event.id, event.uid) == ("series", None)


def test_missing_uid_gives_no_uid() -> None:
    (event,) = stievents.read(_calendar("DTSTART:20300101T100000Z", "SUMMARY:x"), "ics", lenient=True).events
    assert event.uid is None


def test_uid_survives_a_second_import_exactly(reference_event: Event) -> None:
    data = stievents.export(reference_event, "ics", now=NOW)
    (back,) = stievents.read(data, "ics").events
    assert back.uid is None  # our own UID is derived from the id: nothing to keep


_INTERNALS = ("vDDDTypes", "broken property", "Cannot access", "vRecur", "vGeo", "Traceback", "icalendar.")


@pytest.mark.parametrize(
    ("line", "path", "message"),
    [
        ("DTSTART:20200230T100000Z", "VEVENT[0].DTSTART", "unreadable date or time '20200230T100000Z'; ignored"),
        ("DTEND:tomorrow", "VEVENT[0].DTEND", "unreadable date or time 'tomorrow'; ignored"),
        ("RDATE:20300105T100000Z,2030-01-06", "VEVENT[0].RDATE", "unreadable date or time '2030-01-06'; ignored"),
        ("DURATION:one hour", "VEVENT[0].DURATION", "unreadable duration 'one hour'; ignored"),
        ("GEO:north;west", "VEVENT[0].GEO", "not a latitude and longitude 'north;west'; ignored"),
        ("RRULE:FREQ=SOMETIMES", "VEVENT[0].RRULE", "unreadable rule 'FREQ=SOMETIMES'; ignored"),
    ],
)
def test_problems_are_said_in_our_own_words(line: str, path: str, message: str) -> None:
    lines = ["UID:w@example.org", "SUMMARY:Words", "LOCATION:Here", "DTSTART:20300101T100000Z", line]
    if line.startswith("DTSTART"):
        lines.remove("DTSTART:20300101T100000Z")
        lines.append("RDATE:20300102T100000Z")  # a start to fall back on, so the event is kept
    result = stievents.read(_calendar(*lines), "ics", lenient=True)
    assert message in [p.message for p in result.problems if p.path == path], result.problems
    for problem in result.problems:
        assert not any(word in problem.message for word in _INTERNALS), problem

"""Files cut short, or missing their closing lines: their complete components are read, with one warning.

The files are written by hand, inline; each case is checked on both readers,
which must agree (``assert_same``, the readers' equality test).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stievents_ical.reading import read_fast, read_reference
from test_ical_readers import assert_same

import stievents
from stievents.errors import FormatError, Severity

FULL = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Cut//EN\r\n"
    "BEGIN:VEVENT\r\nUID:a@example.org\r\nDTSTART:20300101T100000Z\r\nSUMMARY:First\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:b@example.org\r\nDTSTART:20300102T100000Z\r\nSUMMARY:Second\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def _both(data: bytes) -> stievents.ImportResult:
    assert_same(data)
    assert_same(data, lenient=True)
    result = read_fast(data)[0]
    assert read_reference(data).events == result.events
    return result


def test_without_the_closing_line_every_event_is_read_with_one_warning() -> None:
    result = _both(FULL.removesuffix("END:VCALENDAR\r\n").encode())
    assert [e.title for e in result.events] == ["First", "Second"]
    ((path, severity, message),) = [(p.path, p.severity, p.message) for p in result.problems]
    assert (path, severity) == ("VCALENDAR", Severity.WARNING)
    assert "ends inside VCALENDAR" in message


def test_cut_inside_an_event_keeps_the_complete_ones() -> None:
    data = FULL[: FULL.index("SUMMARY:Second") + 10].encode()  # a download cut off mid-line
    result = _both(data)
    assert [e.title for e in result.events] == ["First"]
    assert [(p.path, p.severity) for p in result.problems] == [("VCALENDAR", Severity.WARNING)]
    assert "ends inside VEVENT" in result.problems[0].message
    assert stievents.read(data, "ics").events == result.events  # a warning: strict reading keeps it too


def test_a_mailbox_cut_in_its_last_calendar() -> None:
    data = (FULL + FULL.replace("a@example.org", "c@example.org")[:150]).encode()
    result = _both(data)
    assert [e.title for e in result.events] == ["First", "Second", "First"]
    assert [p.severity for p in result.problems] == [Severity.WARNING]


def test_nothing_complete_is_still_refused() -> None:
    with pytest.raises(FormatError, match="iCalendar"):
        stievents.read(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", "ics", lenient=True)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, len(FULL)))
def test_every_cut_is_read_alike_or_refused_alike(at: int) -> None:
    assert_same(FULL[:at].encode())


BARE = "BEGIN:VEVENT\r\nUID:bare@example.org\r\nDTSTART:20300101T100000Z\r\nSUMMARY:Bare\r\nEND:VEVENT\r\n"


def test_a_bare_vevent_is_read_with_a_warning() -> None:
    result = _both(BARE.encode())
    assert [e.title for e in result.events] == ["Bare"]
    ((path, severity, message),) = [(p.path, p.severity, p.message) for p in result.problems]
    assert (path, severity) == ("VCALENDAR", Severity.WARNING)
    assert "no VCALENDAR" in message
    assert stievents.read(BARE.encode(), "ics").events == result.events


def test_bare_vevents_cut_short() -> None:
    data = (BARE + BARE.replace("bare@", "second@")[:60]).encode()
    result = _both(data)
    assert [e.title for e in result.events] == ["Bare"]
    assert [p.severity for p in result.problems] == [Severity.WARNING, Severity.WARNING]


def _zoned(offset: str, tzid: str = "Europe/Paris") -> bytes:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\n"
        f"TZID:{tzid}\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:{offset}\r\n"
        "TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        f"BEGIN:VEVENT\r\nUID:z@example.org\r\nDTSTART;TZID={tzid}:20300701T100000\r\nSUMMARY:Z\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    ).encode()


def test_an_unreadable_vtimezone_is_skipped_and_its_iana_name_used() -> None:
    result = _both(_zoned("garbage"))
    (event,) = result.events
    assert (event.timezone, event.start.isoformat()) == ("Europe/Paris", "2030-07-01T10:00:00+02:00")  # type: ignore[union-attr]
    ((path, severity, message),) = [(p.path, p.severity, p.message) for p in result.problems]
    assert (path, severity) == ("VCALENDAR.VTIMEZONE[0]", Severity.WARNING)
    assert "'Europe/Paris' cannot be read" in message
    assert _both(_zoned("+0100")).problems == ()  # a readable one is read as before


def test_an_unreadable_vtimezone_with_a_name_that_is_no_iana_zone() -> None:
    result = _both(_zoned("garbage", tzid="My Office"))
    assert len(result.events) == 1
    assert result.problems[0].path == "VCALENDAR.VTIMEZONE[0]"

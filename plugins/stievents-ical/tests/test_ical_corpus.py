"""Forty real calendars, read in place from ../shared/interop/ics (see its SOURCES.md): every VEVENT is imported
or reported with its place, none crashes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import pytest
from ical_checker import check_ics
from ical_helpers import require_shared, shared_file, shared_files

import stievents
from stievents.errors import FormatError, Severity
from stievents.model import Event

FILES = shared_files()

# Files refused as a whole, with the parser's reason (none since unreadable VTIMEZONEs are skipped with a warning).
REFUSED: dict[str, str] = {}
# Files icalendar itself cannot parse (a VTIMEZONE with two TZIDs): read without that VTIMEZONE, with a warning.
ZONE_SKIPPED = {"node-ical__test_with_multiple_tzids_in_vtimezone.ics": "VCALENDAR.VTIMEZONE[0]"}

# VEVENTs with no usable start at all: reported as errors at their place, the rest of the file imported.
UNPLACEABLE = {
    "icalendar__rfc_7986_conferences.ics": ["VEVENT[0].DTSTART"],  # no DTSTART at all
    "node-ical__ms_timezones.ics": ["VEVENT[1].DTSTART"],  # empty DTSTART
    "node-ical__multi-event-basic.ics": ["VEVENT[8].DTSTART"],  # DTSTART;VALUE=DATE:Next Year
    "node-ical__large-file-with-late-error.ics": [  # 30 February, 31 April...
        f"VEVENT[{i}].DTSTART" for i in (59, 60, 122, 184, 277, 339)
    ],
}


def test_forty_files() -> None:
    require_shared()
    assert len(FILES) == 40
    assert len(REFUSED) <= 3


def _vevents_read(events: tuple[Event, ...]) -> int:
    """VEVENTs turned into model facts: events, their overridden occurrences and their sessions."""
    overrides = sum(len(e.recurrence.overrides) for e in events if e.recurrence is not None)
    return len(events) + overrides + sum(len(e.sessions) for e in events)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_file(path: Path) -> None:
    data = path.read_bytes()
    if path.name in REFUSED:
        with pytest.raises(FormatError, match=REFUSED[path.name]):
            stievents.read(data, "ics", lenient=True)
        return
    if path.name in ZONE_SKIPPED:  # icalendar refuses the file: count its VEVENTs by their BEGIN lines
        expected = len(re.findall(rb"^BEGIN:VEVENT\r?$", data, re.M))
    else:
        expected = sum(len(c.walk("VEVENT")) for c in icalendar.Calendar.from_ical(data, multiple=True))
    result = stievents.read(data, "ics", lenient=True, source=path.name)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert sorted(p.path for p in errors) == sorted(UNPLACEABLE.get(path.name, []))
    assert _vevents_read(result.events) + len(errors) == expected
    for problem in result.problems:
        assert problem.path.startswith(("VEVENT[", "VCALENDAR")), problem
    ids = [e.id for e in result.events]
    assert len(ids) == len(set(ids)), "ids must be unique within a file"
    for event in result.events:
        event.occurrences(limit=20_000)  # every imported recurrence expands, bounded


def _read(name: str) -> stievents.ImportResult:
    return stievents.read(shared_file(name).read_bytes(), "ics", lenient=True)


def _utc(value: object) -> dt.datetime:
    assert isinstance(value, dt.datetime)
    return value.astimezone(dt.UTC)


@pytest.mark.parametrize(("name", "path"), sorted(ZONE_SKIPPED.items()))
def test_an_unreadable_vtimezone_is_skipped_with_a_warning(name: str, path: str) -> None:
    """icalendar refused the whole file for its VTIMEZONE holding two TZIDs; its events are read without it."""
    result = _read(name)
    assert result.events
    (skipped,) = [p for p in result.problems if p.path == path]
    assert skipped.severity is Severity.WARNING
    assert "cannot be read" in skipped.message


def test_windows_zone_names_are_mapped_to_iana() -> None:
    event = _read("node-ical__ms_timezones.ics").events[0]
    assert isinstance(event.start, dt.datetime)
    assert event.timezone == "Europe/Berlin"  # TZID "W. Europe Standard Time"


def test_outlook_display_name_uses_its_offset() -> None:
    result = _read("node-ical__Office-2012-owa.ics")
    assert _utc(result.events[0].start) == dt.datetime(2020, 10, 28, 3, 30, tzinfo=dt.UTC)  # 13:30 at GMT+10
    assert any("display name" in p.message for p in result.problems)


def test_google_x_wr_timezone() -> None:
    result = _read("recurring-ical-events__x_wr_timezone_simple_events_issue_59.ics")
    assert {e.timezone for e in result.events} == {"America/New_York"}


def test_floating_time_rule_is_reported() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:f\r\nSUMMARY:x\r\n"
        b"DTSTART:20300101T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = stievents.read(data, "ics", lenient=True)
    assert result.events[0].timezone == "UTC"
    assert result.problems[0].path == "VEVENT[0].DTSTART"
    assert "floating" in result.problems[0].message
    again = stievents.read(data, "ics", lenient=True, default_timezone="Europe/Paris")
    assert again.events[0].timezone == "Europe/Paris"


def test_all_day_range_end_is_inclusive() -> None:
    events = {e.title: e for e in _read("node-ical__multi-event-basic.ics").events}
    jsconf = events["JSConf US 2011"]
    assert (jsconf.start, jsconf.end) == (dt.date(2011, 5, 2), dt.date(2011, 5, 3))  # DTEND 20110504


def test_recurrence_id_overrides_and_exdates() -> None:
    event = _read("node-ical__google-calendar-kiev-tz.ics").events[0]
    assert event.recurrence is not None
    assert len(event.recurrence.overrides) == 1
    exdated = _read("recurring-ical-events__issue_20_exdate_ignored.ics").events[0]
    assert exdated.recurrence is not None
    assert exdated.recurrence.exdates


def test_ids_are_sanitised_uids() -> None:
    for event in _read("node-ical__tripit-location-escaping.ics").events:
        assert event.id[0].isalnum()
        assert len(event.id) <= 200


def test_missing_vtimezone_uses_iana() -> None:
    event = _read("icalendar__issue_722_missing_timezones.ics").events[0]
    assert event.timezone == "America/New_York"
    assert _utc(event.start) == dt.datetime(2014, 8, 29, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\xff", b"{", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", b"BEGIN:VCARD\r\nEND:VCARD\r\n", b"\xef\xbb\xbf"],
)
def test_garbage_is_refused_with_format_error(data: bytes) -> None:
    with pytest.raises(FormatError, match="iCalendar"):
        stievents.read(data, "ics", lenient=True)


@pytest.mark.parametrize(
    ("rule", "count"),
    [
        ("FREQ=SECONDLY;UNTIL=20990101T000000Z", None),
        ("FREQ=DAILY;COUNT=1000000000", None),
        ("FREQ=MINUTELY", None),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", 1),
    ],
)
def test_hostile_rules_finish_quickly(rule: str, count: int | None) -> None:
    """Unbounded rules are bounded on import; expansion stops at the limit with a clear message."""
    data = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:r\r\nSUMMARY:x\r\nDTSTART:20300101T100000Z\r\n"
        f"RRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    (event,) = stievents.read(data, "ics", lenient=True).events
    if count is None:
        with pytest.raises(stievents.LimitExceededError, match="more than 1000"):
            event.occurrences(limit=1_000)
    else:
        assert len(event.occurrences(limit=1_000)) == count


@pytest.mark.parametrize("path", [p for p in FILES if p.name not in REFUSED], ids=lambda p: p.name)
def test_imported_corpus_exports_strictly_and_comes_back(path: Path) -> None:
    """What we import from a foreign file, we write as strict iCalendar and read back unchanged."""
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    events = stievents.read(path.read_bytes(), "ics", lenient=True).events
    data = stievents.export(events, "ics", now=now)
    check_ics(data)
    back = stievents.read(data, "ics").events
    assert back == events
    assert stievents.export(back, "ics", now=now) == data


def test_unknown_default_timezone_is_refused() -> None:
    with pytest.raises(stievents.ValidationError, match="IANA time zone"):
        stievents.read(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "ics", default_timezone="Mars/Olympus")

"""Files of several VCALENDARs one after another (an iTIP mailbox, RFC 5546): one event per UID, places across the file.

Every file here is written by hand, inline: small mailboxes as mail clients
keep them (METHOD REQUEST, REPLY, CANCEL, PUBLISH). Each rule is checked on
both readers, which must agree (``assert_same``, the readers' equality test).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stievents_ical.reading import read_fast, read_reference
from test_ical_readers import assert_same

import stievents
from stievents.errors import Severity
from stievents.model import EventStatus

UTC = dt.UTC


def _fast(data: bytes) -> stievents.ImportResult:
    return read_fast(data, lenient=True)[0]


def _reference(data: bytes) -> stievents.ImportResult:
    return read_reference(data, lenient=True)


READERS = pytest.mark.parametrize("read", [_fast, _reference], ids=["fast", "reference"])
Read = Callable[[bytes], stievents.ImportResult]


def calendar(method: str | None, *vevents: str) -> str:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Mail//EN\r\n"
    if method is not None:
        head += f"METHOD:{method}\r\n"
    return head + "".join(vevents) + "END:VCALENDAR\r\n"


def vevent(uid: str, *lines: str) -> str:
    return "BEGIN:VEVENT\r\n" + f"UID:{uid}\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"


def request(sequence: int, stamp: str, start: str, summary: str = "Board meeting") -> str:
    return vevent(
        "board@example.org",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{start}",
        "DURATION:PT1H",
        f"SUMMARY:{summary}",
        "ORGANIZER:mailto:chair@example.org",
    )


def mailbox(*calendars: str) -> bytes:
    data = "".join(calendars).encode()
    assert_same(data)
    assert_same(data, lenient=True)
    return data


@READERS
def test_a_mailbox_is_one_event_per_uid_the_highest_sequence_wins(read: Read) -> None:
    data = mailbox(
        calendar("REQUEST", request(1, "20290102T080000Z", "20300110T100000Z", "Moved")),
        calendar("REQUEST", request(0, "20290101T080000Z", "20300110T090000Z")),
    )
    result = read(data)
    (event,) = result.events
    assert (event.title, event.start, event.revision) == ("Moved", dt.datetime(2030, 1, 10, 10, tzinfo=UTC), 1)
    assert result.problems == ()
    assert stievents.read(data, "ics").events == result.events  # strict: nothing to refuse


@READERS
def test_same_sequence_the_latest_dtstamp_wins(read: Read) -> None:
    data = mailbox(
        calendar("REQUEST", request(2, "20290105T080000Z", "20300110T110000Z", "Latest")),
        calendar("PUBLISH", request(2, "20290103T080000Z", "20300110T090000Z", "Earlier")),
    )
    (event,) = read(data).events
    assert event.title == "Latest"


@READERS
def test_a_cancel_makes_the_event_cancelled(read: Read) -> None:
    cancel = vevent("board@example.org", "SEQUENCE:1", "DTSTAMP:20290201T080000Z", "ORGANIZER:mailto:c@example.org")
    data = mailbox(calendar("REQUEST", request(1, "20290102T080000Z", "20300110T100000Z")), calendar("CANCEL", cancel))
    result = read(data)
    (event,) = result.events
    assert event.status is EventStatus.CANCELLED
    assert event.start == dt.datetime(2030, 1, 10, 10, tzinfo=UTC)  # the times come from the request
    assert result.problems == ()


@READERS
def test_an_older_cancel_does_not_cancel_a_later_request(read: Read) -> None:
    cancel = vevent("board@example.org", "SEQUENCE:0", "DTSTAMP:20290101T090000Z")
    data = mailbox(calendar("CANCEL", cancel), calendar("REQUEST", request(1, "20290102T080000Z", "20300110T100000Z")))
    result = read(data)
    (event,) = result.events
    assert event.status is EventStatus.SCHEDULED
    assert result.problems == ()  # a CANCEL without times is no event of its own, and no error


@READERS
def test_a_reply_without_times_adds_nothing_and_is_a_warning(read: Read) -> None:
    reply = vevent(
        "board@example.org",
        "SEQUENCE:0",
        "DTSTAMP:20290101T120000Z",
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@example.org",
    )
    data = mailbox(calendar("REQUEST", request(0, "20290101T080000Z", "20300110T090000Z")), calendar("REPLY", reply))
    result = read(data)
    (event,) = result.events
    assert event.title == "Board meeting"
    ((path, severity, message),) = [(p.path, p.severity, p.message) for p in result.problems]
    assert (path, severity) == ("VCALENDAR[1].VEVENT[0].DTSTART", Severity.WARNING)
    assert "REPLY" in message
    alone = read(calendar("REPLY", reply).encode())  # a single REPLY, as a mail attachment: a warning, no event
    assert alone.events == ()
    assert [p.severity for p in alone.problems] == [Severity.WARNING]


@READERS
def test_places_are_counted_across_the_file(read: Read) -> None:
    other = vevent("other@example.org", "DTSTAMP:20290101T080000Z", "DTSTART:Next Tuesday", "SUMMARY:x")
    data = mailbox(
        calendar("PUBLISH", request(0, "20290101T080000Z", "20300110T090000Z")),
        calendar("PUBLISH", vevent("x@example.org", "DTSTART:20300101T100000Z", "SUMMARY:ok")),
        calendar("PUBLISH", other),
    )
    result = read(data)
    assert [p.path for p in result.problems if p.severity is Severity.ERROR] == ["VCALENDAR[2].VEVENT[0].DTSTART"]
    assert len(result.events) == 2


@READERS
def test_ids_are_unique_across_the_file(read: Read) -> None:
    """Two calendars without UIDs (or with UIDs giving the same id) no longer collide with themselves."""
    bare = "BEGIN:VEVENT\r\nDTSTART:20300101T100000Z\r\nSUMMARY:x\r\nEND:VEVENT\r\n"
    twins = [vevent(uid, "DTSTART:20300101T100000Z", "SUMMARY:y") for uid in ("a b@example.org", "a_b@example.org")]
    data = mailbox(calendar(None, bare, twins[0]), calendar(None, bare, twins[1]))
    ids = [e.id for e in read(data).events]
    assert len(ids) == 4
    assert len(set(ids)) == 4


def test_the_cli_reads_a_mailbox(tmp_path: pytest.TempPathFactory) -> None:
    """The command line refused such a file: ``event id '...' is also used in <the same file>``."""
    from stievents.cli import main

    path = tmp_path / "mailbox.ics"  # type: ignore[operator]
    path.write_bytes(
        mailbox(
            calendar("REQUEST", request(0, "20290101T080000Z", "20300110T090000Z")),
            calendar("REQUEST", request(1, "20290102T080000Z", "20300110T100000Z")),
        )
    )
    out = tmp_path / "out.json"  # type: ignore[operator]
    assert main(["convert", str(path), "-o", str(out), "--to", "json"]) == 0
    assert out.read_text(encoding="utf-8").count('"id"') == 1


_METHODS = st.sampled_from([None, "REQUEST", "REPLY", "CANCEL", "PUBLISH"])


@st.composite
def _mailboxes(draw: st.DrawFn) -> bytes:
    calendars = []
    for _ in range(draw(st.integers(1, 4))):
        vevents = []
        for _ in range(draw(st.integers(1, 3))):
            lines = [f"DTSTAMP:2029010{draw(st.integers(1, 3))}T080000Z"]
            if draw(st.booleans()):
                lines.append(f"SEQUENCE:{draw(st.sampled_from(['0', '1', '2', 'x']))}")
            if draw(st.integers(0, 3)):
                lines.append(f"DTSTART:2030010{draw(st.integers(1, 3))}T100000Z")
            if draw(st.booleans()):
                lines.append("STATUS:CANCELLED")
            if draw(st.booleans()):
                lines.append("RECURRENCE-ID:20300102T100000Z")
            lines.append(f"SUMMARY:{draw(st.sampled_from(['a', 'b']))}")
            vevents.append(vevent(draw(st.sampled_from(["u1@example.org", "u2@example.org"])), *lines))
        calendars.append(calendar(draw(_METHODS), *vevents))
    return "".join(calendars).encode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mailboxes())
def test_generated_mailboxes(data: bytes) -> None:
    """Both readers agree on any mailbox; ids are unique across the file."""
    assert_same(data)
    assert_same(data, lenient=True)
    ids = [e.id for e in _fast(data).events]
    assert len(ids) == len(set(ids))


@READERS
def test_a_moved_occurrence_is_not_a_version_of_its_series(read: Read) -> None:
    """A REQUEST for one occurrence (RECURRENCE-ID) never replaces the series sent before it."""
    series = vevent(
        "weekly@example.org", "SEQUENCE:0", "DTSTAMP:20290101T080000Z", "DTSTART:20300107T090000Z", "RRULE:FREQ=WEEKLY"
    )
    moved = vevent(
        "weekly@example.org",
        "SEQUENCE:1",
        "DTSTAMP:20290102T080000Z",
        "RECURRENCE-ID:20300114T090000Z",
        "DTSTART:20300114T100000Z",
    )
    events = read(mailbox(calendar("REQUEST", series), calendar("REQUEST", moved))).events
    assert [e.recurrence is not None for e in events] == [True, False]


@READERS
def test_a_moved_occurrences_problem_is_placed_in_its_calendar(read: Read) -> None:
    """Overrides grouped with their series report at their own place, counted across the file."""
    series = vevent("s@example.org", "DTSTART:20300107T090000Z", "RRULE:FREQ=WEEKLY", "SUMMARY:Series")
    moved = vevent("s@example.org", "RECURRENCE-ID:20300114T090000Z", "DTSTART:20300114T100000")  # floating
    data = mailbox(
        calendar("PUBLISH", request(0, "20290101T080000Z", "20300110T090000Z")), calendar(None, series, moved)
    )
    paths = [p.path for p in read(data).problems]
    assert "VCALENDAR[1].VEVENT[1].DTSTART" in paths

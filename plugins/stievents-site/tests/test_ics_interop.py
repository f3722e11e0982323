"""Every ``.ics`` of a built site, read by others: the strict checker and ical.js agree with the model.

The files are the shared site's (``interop_support``): ``feeds/all.ics``, one
feed per facet value, one calendar per event and one per session. Each must
pass the strict, independent checker the iCalendar plugin's tests run
(``plugins/stievents-ical/tests/ical_checker.py``, loaded from its file), and
read in ical.js (``tests/js/read-ics.mjs``) with, for every VEVENT, the UTC
instants the model gives: the event's ``start``/``end``, or the session's
(a session without a time takes its event's; a session's ``end`` defaults to
its start). Those instants are computed here, from the events, not from the
site's code. All-day values stay dates, and DTEND is the day after the last.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from interop_support import NOW, collection, format_problems, run_node, shared_site, site_paths

from stievents.model import Event, EventStatus

CHECKER = Path(__file__).resolve().parents[2] / "stievents-ical" / "tests" / "ical_checker.py"
WINDOW_BACK = dt.timedelta(days=365)  # the default window: one year back, everything ahead


def _checker() -> ModuleType:
    """The iCalendar plugin's strict checker, imported from its file (its tests folder is not a package)."""
    if not CHECKER.is_file():
        pytest.skip(f"the iCalendar plugin's checker is not here: {CHECKER} (a source tree is needed)")
    spec = importlib.util.spec_from_file_location("stievents_ical_tests_checker", CHECKER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_site(tmp_path_factory)


@pytest.fixture(scope="module")
def calendars(site: Path) -> list[str]:
    paths = site_paths(site, ".ics")
    assert "feeds/all.ics" in paths
    return paths


@pytest.fixture(scope="module")
def read(site: Path, calendars: list[str]) -> dict[str, Any]:
    """Every calendar as ical.js reads it, by its path in the site (one Node process)."""
    files = {str(site / path): path for path in calendars}
    result = run_node("read-ics.mjs", {"files": list(files)}, "ical.js")["files"]
    return {files[name]: value for name, value in result.items()}


# ------------------------------------------------------------------ the model's instants


def _text(value: dt.date) -> str:
    """A value as read-ics.mjs prints it: an instant in UTC with milliseconds, or a date."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return value.isoformat()


def _span(start: dt.date, end: dt.date | None) -> tuple[str, str]:
    """(DTSTART, DTEND) as a calendar shows them: an all-day span ends the day after its last day."""
    if end is None:
        end = start
    if not isinstance(start, dt.datetime):
        return _text(start), _text(end + dt.timedelta(days=1))
    return _text(start), _text(end)


def expected_spans() -> dict[str, tuple[str, str]]:
    """The UTC span of every VEVENT the site may write, by UID: each event's and each of its sessions'."""
    spans: dict[str, tuple[str, str]] = {}
    for event in collection():
        assert event.recurrence is None, "a recurring event needs its occurrences compared too"
        spans[event.uid or f"{event.id}@stievents"] = _span(event.start, event.end)
        for session in event.sessions:
            uid = f"{event.id}/{session.id}@stievents"
            if session.start is None:
                spans[uid] = _span(event.start, event.end)
            else:
                spans[uid] = _span(session.start, session.end)
    return spans


def _cancelled() -> set[str]:
    found = set()
    for event in collection():
        if event.status is EventStatus.CANCELLED:
            found.add(event.uid or f"{event.id}@stievents")
            found.update(f"{event.id}/{session.id}@stievents" for session in event.sessions)
    return found


def _in_window(event: Event) -> bool:
    end = event.end
    instant = end if isinstance(end, dt.datetime) else dt.datetime.combine(end, dt.time.max, dt.UTC)
    return instant >= NOW - WINDOW_BACK


# ------------------------------------------------------------------ the checks


def test_the_strict_checker_can_fail() -> None:
    checker = _checker()
    good = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nEND:VCALENDAR\r\n"
    checker.check_ics(good)
    for bad in (
        good.replace(b"\r\n", b"\n"),  # bare LF
        good.replace(b"END:VCALENDAR\r\n", b""),  # unclosed
        good.replace(b"VERSION:2.0", b"VERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:a;b\r\nEND:VEVENT"),  # no UID, bad ;
        good.replace(b"PRODID:-//x//y//EN", b"PRODID:" + b"x" * 80),  # a line of more than 75 octets
    ):
        with pytest.raises(AssertionError):
            checker.check_ics(bad)


def test_every_calendar_passes_the_strict_checks(site: Path, calendars: list[str]) -> None:
    checker = _checker()
    failed = []
    for path in calendars:
        try:
            checker.check_ics((site / path).read_bytes())
        except AssertionError as exc:
            failed.append(f"{path}: {exc}")
    assert not failed, f"{len(failed)} of {len(calendars)} calendars fail:\n{format_problems(failed)}"


def test_the_calendars_are_feeds_events_and_sessions(calendars: list[str]) -> None:
    """Every kind the issue names is there, and nothing else: one per event, one per session, the feeds."""
    events = collection()
    wanted = {f"events/{e.id}.ics" for e in events}
    wanted |= {f"events/{e.id}/sessions/{s.id}.ics" for e in events for s in e.sessions}
    assert wanted <= set(calendars)
    feeds = sorted(set(calendars) - wanted)
    assert feeds
    assert all(path.startswith("feeds/") for path in feeds), feeds
    assert {"feeds/all.ics", "feeds/status/cancelled.ics", "feeds/classification/un-sdg-9.ics"} <= set(feeds)


def test_ical_js_reads_every_calendar_with_the_models_instants(read: dict[str, Any]) -> None:
    spans = expected_spans()
    wrong = []
    for path, calendar in sorted(read.items()):
        if "error" in calendar:
            wrong.append(f"{path}: ical.js cannot read it: {calendar['error']}")
            continue
        if not calendar["events"]:
            if path.startswith("events/"):
                wrong.append(f"{path}: no VEVENT")
            continue
        for vevent in calendar["events"]:
            uid = vevent["uid"]
            if vevent["recurrenceId"] is not None:
                wrong.append(f"{path}: {uid}: an occurrence, and no event of the site recurs")
            elif uid not in spans:
                wrong.append(f"{path}: UID {uid!r} is no event's or session's of the collection")
            elif (vevent["start"], vevent["end"]) != spans[uid]:
                wrong.append(f"{path}: {uid}: ical.js reads {vevent['start']}/{vevent['end']}, the model {spans[uid]}")
    files = sorted({line.split(":", 1)[0] for line in wrong})
    assert not wrong, (
        f"{len(wrong)} disagreement(s) in {len(files)} file(s) ({', '.join(files[:12])}...):\n"
        f"{format_problems(wrong[:40])}"
    )


def test_each_file_holds_what_it_is_named_for(read: dict[str, Any]) -> None:
    """An event's calendar holds the event (and its timed sessions); a session's, that session alone."""
    for event in collection():
        uid = event.uid or f"{event.id}@stievents"
        uids = [v["uid"] for v in read[f"events/{event.id}.ics"]["events"]]
        assert uids[0] == uid, (event.id, uids)
        assert uids.count(uid) == 1, (event.id, uids)
        for session in event.sessions:
            session_uid = f"{event.id}/{session.id}@stievents"
            (only,) = read[f"events/{event.id}/sessions/{session.id}.ics"]["events"]
            assert only["uid"] == session_uid
            if session.start is not None:
                assert session_uid in uids, f"events/{event.id}.ics: session {session.id} is missing"


def test_the_feeds_hold_the_window_and_cancelled_events_stay_cancelled(read: dict[str, Any]) -> None:
    events = collection()
    masters = {v["uid"] for v in read["feeds/all.ics"]["events"] if "/" not in v["uid"].removesuffix("@stievents")}
    inside = {e.uid or f"{e.id}@stievents" for e in events if _in_window(e)}
    assert masters == inside
    cancelled = _cancelled()
    assert cancelled & masters, "the collection's window should hold a cancelled event"
    wrong = [
        f"{path}: {v['uid']} has STATUS {v['status']!r}"
        for path, calendar in read.items()
        for v in calendar.get("events", [])
        if (v["uid"] in cancelled) != (v["status"] == "CANCELLED")
    ]
    assert not wrong, format_problems(wrong[:40])

"""What the exporter writes, checked on the parsed output of the built-in examples and small events."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
from ical_checker import check_ics

import stievents
from stievents.model import (
    Contact,
    Event,
    EventStatus,
    Override,
    Recurrence,
    Session,
    StatusChange,
    VirtualLocation,
)
from stievents.testing import contract

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _text(value: object) -> str:
    """An X- property's value as text (icalendar keeps unknown properties escaped)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(value))


def _parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def _simple(**changes: object) -> Event:
    values: dict[str, object] = {
        "id": "simple",
        "title": "A seminar",
        "start": dt.datetime(2030, 1, 15, 10, 0, tzinfo=PARIS),
        "end": dt.datetime(2030, 1, 15, 12, 0, tzinfo=PARIS),
    }
    values.update(changes)
    return Event(**values)  # type: ignore[arg-type]


def test_contract(example_events: list[Event], fixed_now: dt.datetime) -> None:
    data = contract.check_exporter("ics", example_events, now=fixed_now)
    check_ics(data)
    contract.check_importer("ics")


def test_reference_event(reference_event: Event, fixed_now: dt.datetime) -> None:
    data = stievents.export(reference_event, "ics", now=fixed_now)
    cal = _parse(data)
    assert cal["PRODID"] == "-//stievents//stievents-ical 0.1//EN"
    assert cal["VERSION"] == "2.0"
    assert cal["CALSCALE"] == "GREGORIAN"
    assert "METHOD" not in cal, "no ORGANIZER can be written (no contact with an e-mail), so no METHOD:PUBLISH"
    assert _text(cal["X-WR-CALNAME"]) == reference_event.title
    (tz,) = cal.walk("VTIMEZONE")
    assert tz["TZID"] == "Europe/Paris"
    (vevent,) = cal.walk("VEVENT")  # the two sessions are unscheduled: not written
    assert vevent["UID"] == "oecd-co-creation-2020@stievents"
    assert vevent.decoded("DTSTAMP") == fixed_now
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(2020, 3, 5, 8, 30, tzinfo=dt.UTC)
    assert vevent.decoded("DTEND").astimezone(dt.UTC) == dt.datetime(2020, 3, 6, 15, 30, tzinfo=dt.UTC)
    assert vevent["STATUS"] == "CONFIRMED"
    assert str(vevent["X-STIEVENTS-STATUS"]) == "moved-online"
    assert "Coronavirus" in _text(vevent["X-STIEVENTS-STATUS-CHANGE"])
    assert vevent["CLASS"] == "PUBLIC"
    assert "ORGANIZER" not in vevent
    assert "CONFERENCE" not in vevent
    participants = [c for c in vevent.subcomponents if c.name == "PARTICIPANT"]
    assert [str(p["SUMMARY"]) for p in participants] == [o.name for o in reference_event.organisers]
    assert {_text(p["X-STIEVENTS-ROLES"]) for p in participants} == {"co-organiser"}
    description = str(vevent["DESCRIPTION"])
    assert description.startswith(reference_event.subtitle or "")
    assert "Key questions:\n- What are distinctive features of co-creation?" in description
    assert b"\r\nDTSTAMP:20260101T000000Z\r\n" in data


def test_demo_sessions_organizer_and_private_link(demo_event: Event, fixed_now: dt.datetime) -> None:
    data = stievents.export(demo_event, "ics", now=fixed_now)
    check_ics(data)
    cal = _parse(data)
    assert cal["METHOD"] == "PUBLISH"
    vevents = cal.walk("VEVENT")
    assert len(vevents) == 1 + len(demo_event.sessions)
    assert all("ORGANIZER" in v for v in vevents), "METHOD:PUBLISH needs an ORGANIZER on every VEVENT"
    assert str(vevents[0]["ORGANIZER"]) == "mailto:forum@example.org"
    assert b"123456789" not in data, "a private join link must not be published"
    assert b"987654321" not in data, "a private join link must not be published"
    assert {t["TZID"] for t in cal.walk("VTIMEZONE")} == {"Europe/Brussels", "America/New_York"}
    sessions = {str(v["UID"]): v for v in vevents[1:]}
    keynote = sessions["demo-hybrid-forum/keynote@stievents"]
    assert keynote["RELATED-TO"].params["RELTYPE"] == "PARENT"
    assert str(keynote["RELATED-TO"]) == "demo-hybrid-forum@stievents"
    panel = sessions["demo-hybrid-forum/panel-finance@stievents"]
    attendees = panel.get("ATTENDEE")
    assert str(attendees) == "mailto:ben.sample@example.org"
    assert attendees.params["ROLE"] == "CHAIR"
    names = [str(p["SUMMARY"]) for p in panel.subcomponents if p.name == "PARTICIPANT"]
    assert names == ["Ben Sample", "Dev Placeholder", "Chloé Fictive"]
    visit = sessions["demo-hybrid-forum/site-visit@stievents"]
    assert visit.decoded("DTSTART") == dt.date(2031, 6, 11)
    # one SUMMARY (RFC 5545), in the event's language; the French title in its own X- property
    assert vevents[0]["SUMMARY"].params["LANGUAGE"] == "en"
    french = vevents[0]["X-STIEVENTS-SUMMARY"]
    assert (french.params["LANGUAGE"], str(french)) == ("fr", demo_event.translations[0].title)
    assert vevents[0]["SEQUENCE"] == 3


def test_public_join_link_becomes_conference(fixed_now: dt.datetime) -> None:
    online = VirtualLocation(url="https://meet.example.org/j/1", platform="Meet", join_url_public=True)
    event = _simple(virtual_location=online)
    (vevent,) = _parse(stievents.export(event, "ics", now=fixed_now)).walk("VEVENT")
    assert str(vevent["CONFERENCE"]) == "https://meet.example.org/j/1"
    assert vevent["CONFERENCE"].params["FEATURE"] == "VIDEO"


def test_all_day_has_exclusive_end(fixed_now: dt.datetime) -> None:
    event = _simple(start=dt.date(2030, 5, 1), end=dt.date(2030, 5, 3))
    data = stievents.export(event, "ics", now=fixed_now)
    assert b"DTSTART;VALUE=DATE:20300501\r\n" in data
    assert b"DTEND;VALUE=DATE:20300504\r\n" in data
    assert b"VTIMEZONE" not in data
    assert stievents.read(data, "ics").events[0] == event


def test_cancelled_and_postponed_status(fixed_now: dt.datetime) -> None:
    for status, ical in ((EventStatus.CANCELLED, "CANCELLED"), (EventStatus.POSTPONED, "TENTATIVE")):
        event = _simple(status=status, status_history=(StatusChange(status=status, reason="strike"),))
        (vevent,) = _parse(stievents.export(event, "ics", now=fixed_now)).walk("VEVENT")
        assert vevent["STATUS"] == ical
        assert stievents.read(stievents.export(event, "ics", now=fixed_now), "ics").events[0] == event


def test_organizer_only_from_contact_with_email(fixed_now: dt.datetime) -> None:
    named = _simple(contacts=(Contact(name="Secretariat", phone="+33 1 00 00 00 00"),))
    data = stievents.export(named, "ics", now=fixed_now)
    assert b"ORGANIZER" not in data
    assert b"METHOD" not in data
    mailed = _simple(contacts=(Contact(name="Secretariat"), Contact(name="Desk", email="desk@example.org")))
    data = stievents.export(mailed, "ics", now=fixed_now)
    assert (
        b'ORGANIZER;CN="Desk":mailto:desk@example.org' in data or b"ORGANIZER;CN=Desk:mailto:desk@example.org" in data
    )
    assert b"METHOD:PUBLISH" in data


def test_recurrence_properties_and_overrides(fixed_now: dt.datetime) -> None:
    first = dt.datetime(2030, 3, 4, 9, 0, tzinfo=PARIS)
    recurrence = Recurrence(
        rule="FREQ=WEEKLY;COUNT=6",
        rdates=(dt.datetime(2030, 6, 2, 9, 0, tzinfo=PARIS),),
        exdates=(dt.datetime(2030, 3, 18, 9, 0, tzinfo=PARIS),),
        overrides=(
            Override(recurrence_id=dt.datetime(2030, 3, 11, 9, 0, tzinfo=PARIS), start=first.replace(day=12)),
            Override(recurrence_id=dt.datetime(2030, 3, 25, 9, 0, tzinfo=PARIS), cancelled=True),
        ),
    )
    event = _simple(start=first, end=first + dt.timedelta(hours=1), recurrence=recurrence)
    data = stievents.export(event, "ics", now=fixed_now)
    check_ics(data)
    vevents = _parse(data).walk("VEVENT")
    assert len(vevents) == 3
    assert vevents[0]["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=6"
    assert {str(v["UID"]) for v in vevents} == {"simple@stievents"}
    assert [v.get("STATUS") for v in vevents[1:]] == ["CONFIRMED", "CANCELLED"]
    assert b"RDATE;TZID=Europe/Paris:20300602T090000" in data
    assert b"EXDATE;TZID=Europe/Paris:20300318T090000" in data
    (tz,) = _parse(data).walk("VTIMEZONE")
    kinds = [c.name for c in tz.subcomponents]
    assert "DAYLIGHT" in kinds, "the VTIMEZONE must cover the summer occurrence (RDATE in June)"


def test_options_label_the_feed(reference_event: Event, fixed_now: dt.datetime) -> None:
    data = stievents.export(
        reference_event,
        "ics",
        now=fixed_now,
        calendar_name="OECD STI events",
        refresh_interval="P1D",
        source_url="https://example.org/feed.ics",
    )
    cal = _parse(data)
    assert str(cal["NAME"]) == "OECD STI events"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in data
    assert b"SOURCE;VALUE=URI:https://example.org/feed.ics\r\n" in data


def test_dtstamp_defaults_to_current_time(reference_event: Event) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    (vevent,) = _parse(stievents.export(reference_event, "ics")).walk("VEVENT")
    assert vevent.decoded("DTSTAMP") >= before


def test_uids_are_stable(reference_event: Event) -> None:
    one = stievents.export(reference_event, "ics", now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    two = stievents.export(reference_event, "ics", now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert _parse(one).walk("VEVENT")[0]["UID"] == _parse(two).walk("VEVENT")[0]["UID"]
    assert _parse(one)["UID"] == _parse(two)["UID"]


@pytest.mark.parametrize("bad", ["PT", "soon", "P", "1D"])
def test_bad_refresh_interval_is_refused(reference_event: Event, bad: str) -> None:
    with pytest.raises(stievents.ValidationError):
        stievents.export(reference_event, "ics", refresh_interval=bad)


def test_one_summary_and_description_per_vevent_and_older_files_still_read(
    demo_event: Event, fixed_now: dt.datetime
) -> None:
    """Translations have their own X- properties; files that repeated SUMMARY/DESCRIPTION still import."""
    data = stievents.export(demo_event, "ics", now=fixed_now)
    (first, *_) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert isinstance(first["SUMMARY"], str)  # icalendar gives a list when a property repeats
    assert isinstance(first["DESCRIPTION"], str)
    older = data.replace(b"\r\nX-STIEVENTS-SUMMARY;", b"\r\nSUMMARY;").replace(
        b"\r\nX-STIEVENTS-DESCRIPTION;", b"\r\nDESCRIPTION;"
    )
    assert older != data
    (event, *_) = stievents.read(older, "ics").events
    assert event.translations == demo_event.translations
    assert event.title == demo_event.title


# ------------------------------------------------------------------ UIDs: the source's, byte for byte

SOURCE_UIDS = ["allday-1@example.org", "a b/c@ex,ample;org", "back\\slash\\N and é😀", " padded "]


@pytest.mark.parametrize("uid", SOURCE_UIDS)
def test_source_uid_is_written_on_the_event_its_overrides_and_sessions_parent(uid: str, fixed_now: dt.datetime) -> None:
    """The event's VEVENT and its overridden occurrences carry ``uid``; sessions point at it and keep their own."""
    start = dt.datetime(2030, 1, 15, 10, 0, tzinfo=PARIS)
    event = _simple(
        uid=uid,
        recurrence=Recurrence(rule="FREQ=DAILY;COUNT=3", overrides=(Override(recurrence_id=start, title="Moved"),)),
        sessions=(Session(id="s1", title="Talk", start=start, end=start + dt.timedelta(hours=1)),),
    )
    data = stievents.export(event, "ics", now=fixed_now)
    check_ics(data)
    main, override, session = _parse(data).walk("VEVENT")
    assert str(main["UID"]) == uid == str(override["UID"]) == str(session["RELATED-TO"])
    assert "RECURRENCE-ID" in override
    assert str(session["UID"]) == "simple/s1@stievents"
    assert _text(main["X-STIEVENTS-ID"]) == "simple"  # the UID does not give the id back


def test_derived_uid_without_source_uid_and_no_needless_id(fixed_now: dt.datetime) -> None:
    data = stievents.export(_simple(), "ics", now=fixed_now)
    (vevent,) = _parse(data).walk("VEVENT")
    assert str(vevent["UID"]) == "simple@stievents"
    assert b"X-STIEVENTS-ID" not in data
    same = stievents.export(_simple(uid="simple@stievents"), "ics", now=fixed_now)
    assert same == data  # the rule "uid is None when it equals event_uid(id)" gives the same file
    plain = stievents.export(_simple(uid="simple"), "ics", now=fixed_now)
    assert b"UID:simple\r\n" in plain
    assert b"X-STIEVENTS-ID" not in plain  # the id comes back from this UID


def test_uid_rule_is_named_once() -> None:
    from stievents_ical import _names as n

    assert n.vevent_uid("e1", None) == n.event_uid("e1") == "e1@stievents"
    assert n.vevent_uid("e1", "allday-1@example.org") == "allday-1@example.org"
    assert n.source_uid("e1", "e1@stievents") is None
    assert n.source_uid("e1", "allday-1@example.org") == "allday-1@example.org"
    assert n.source_uid("e2", "e1@stievents") == "e1@stievents"  # another event's derived UID is a source's


def test_a_title_made_only_of_del_is_written_as_a_replacement_character() -> None:
    """The model accepts DEL (U+007F), which RFC 5545 TEXT cannot carry: removing it left an empty SUMMARY,
    and the file could not be read back (Hypothesis found it through jcal)."""
    import datetime as dt
    import zoneinfo

    import stievents
    from stievents.model import Event, Session

    utc = zoneinfo.ZoneInfo("UTC")
    moment = dt.datetime(2000, 1, 1, tzinfo=utc)
    event = Event(
        id="del",
        title="\x7f",
        start=dt.date(2000, 1, 1),
        end=dt.date(2000, 1, 1),
        sessions=(Session(id="s", title="\x7f", start=moment, end=moment),),
    )
    for fmt in ("ics", "jcal"):
        data = stievents.export([event], fmt, now=moment)
        assert b"\x7f" not in data
        (back,) = stievents.read(data, fmt).events
        assert back.title == "\ufffd"
        assert back.sessions[0].title == "\ufffd"

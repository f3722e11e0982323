"""Hostile text can never inject a property or component, and every line folds at 75 octets."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ical_checker import check_ics
from stievents_ical._text import clean_text

import stievents
from stievents.model import (
    Contact,
    Event,
    EventStatus,
    Organiser,
    Person,
    PolicyQuestion,
    Session,
    StatusChange,
    Translation,
    Venue,
)
from stievents.testing.strategies import TEXT_CHARACTERS

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
START = dt.datetime(2030, 1, 15, 10, 0, tzinfo=PARIS)

NASTY = [
    "a\r\nDTSTART:19700101T000000Z",
    "x\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil",
    "semi;colon,comma\\back\\nslash\\N",
    "ctl\x7f\x85\x9bchars\tand tab",  # NUL and the other C0 controls: the model refuses them
    "é" * 200,
    "日本語のテキスト" * 30,
    "😀" * 50,
    '"quoted";PARAM=x:value',
    "lone\rcarriage",
]

text = (
    st.lists(
        st.one_of(
            TEXT_CHARACTERS,
            st.sampled_from(["\r", "\n", "\r\n", ";", ",", "\\", ":", '"', "\\n", "\\N", "é", "😀", "日本"]),
        ),
        min_size=1,
        max_size=200,
    )
    .map("".join)
    .filter(lambda t: bool(clean_text(t).strip()))
)


def _event(value: str) -> Event:
    return Event(
        id="hostile",
        title=value,
        subtitle=value,
        description=value,
        text_language="en",
        translations=(Translation(language="fr", title=value, description=value),),
        status=EventStatus.CANCELLED,
        status_history=(StatusChange(status=EventStatus.CANCELLED, reason=value),),
        start=START,
        end=START + dt.timedelta(hours=2),
        venue=Venue(name=value, locality=value, rooms=(value,)),
        organisers=(Organiser(name=value, acronym=value),),
        policy_questions=(PolicyQuestion(id="q1", text=value),),
        contacts=(Contact(name=value, email="a@example.org"),),
        topics=(value, "plain"),
        audience=(value,),
        sessions=(
            Session(
                id="s1",
                title=value,
                description=value,
                start=START,
                end=START + dt.timedelta(hours=1),
                room=value,
                speakers=(Person(name=value, affiliation=value, email="s@example.org"),),
                policy_question_ids=("q1",),
            ),
        ),
    )


def _check(value: str) -> None:
    event = _event(value)
    data = stievents.export(event, "ics", now=NOW)
    lines = check_ics(data)
    cal = icalendar.Calendar.from_ical(data)
    assert len(cal.walk("VEVENT")) == 2
    assert [c.name for c in cal.walk()].count("PARTICIPANT") == 2
    names = [name for name, _, _ in lines]
    assert names.count("DTSTART") == 2 + names.count("TZOFFSETFROM"), "an injected DTSTART"
    assert names.count("UID") == 2 + 2 + 1  # VEVENTs, PARTICIPANTs, the calendar
    back = stievents.read(data, "ics").events[0]
    want = clean_text(value)
    assert back.title == want
    assert back.subtitle == want
    assert back.description == want
    assert back.translations[0].title == want
    assert back.status_history[0].reason == value  # kept in JSON, which escapes every control character
    assert back.venue == event.venue
    assert back.organisers[0].name == want
    assert back.topics == (want, "plain") or back.topics == (want,)  # equal topics are merged
    assert back.sessions[0].title == want
    assert back.sessions[0].speakers[0].name == want
    assert back.policy_questions == event.policy_questions


def test_nasty_strings() -> None:
    for value in NASTY:
        _check(value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text)
def test_generated_text(value: str) -> None:
    _check(value)


def test_folding_never_splits_a_character() -> None:
    for width in range(1, 8):
        value = "a" * width + "😀é日" * 40
        data = stievents.export(_event(value), "ics", now=NOW)
        check_ics(data)

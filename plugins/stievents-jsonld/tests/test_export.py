"""The jsonld exporter: the mapping, ids, determinism and golden files."""

from __future__ import annotations

import datetime as dt
import json
import os

import attrs
import pytest
from jsonld_support import GOLDEN

import stievents
from stievents.model import AttendanceMode, Event, Registration, VirtualLocation
from stievents.testing import contract


def _doc(event: Event | list[Event], now: dt.datetime, **kwargs: object) -> dict:
    return json.loads(stievents.export(event, "jsonld", now=now, **kwargs))  # type: ignore[arg-type]


def test_contract(example_events, fixed_now):
    contract.check_exporter("jsonld", example_events, now=fixed_now)
    contract.check_exporter("jsonld-html", example_events, now=fixed_now)


def test_reference_event_done_when(reference_event, fixed_now):
    doc = _doc(reference_event, fixed_now)
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "Event"
    assert doc["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert doc["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert doc["startDate"] == "2020-03-05T09:30:00+01:00"
    assert doc["endDate"] == "2020-03-06T16:30:00+01:00"
    assert [o["name"] for o in doc["organizer"]] == [
        "Higher School of Economics",
        "OECD Working Party on Innovation and Technology Policy",
        "Science and Technology Policy Institute",
    ]
    place = doc["location"]
    assert place["@type"] == "Place"
    assert place["address"] == {"@type": "PostalAddress", "addressLocality": "Moscow", "addressCountry": "RU"}
    questions = [a for a in doc["about"] if a["@type"] == "Question"]
    assert [q["identifier"] for q in questions] == ["q1", "q2", "q3"]
    assert questions[1]["text"] == "What are the framework conditions supporting and leveraging co-creation?"
    # Nothing the page does not give is invented.
    for absent in ("image", "offers", "url", "performer", "isAccessibleForFree", "previousStartDate"):
        assert absent not in doc, absent


def test_ids_are_stable_and_absolute(reference_event, demo_event, fixed_now):
    assert _doc(reference_event, fixed_now)["@id"] == "urn:stievents:event:oecd-co-creation-2020"
    assert (
        _doc(reference_event, fixed_now, base_url="https://events.example.org/e/")["@id"]
        == "https://events.example.org/e/oecd-co-creation-2020"
    )
    assert _doc(demo_event, fixed_now)["@id"] == "https://research.example.org/events/demo-hybrid-forum#event"
    assert _doc(reference_event, fixed_now, base_url="not a url")["@id"].startswith("urn:")


def test_private_join_link_is_never_published(demo_event, fixed_now):
    text = stievents.export(demo_event, "jsonld", now=fixed_now).decode()
    assert "meet.example.org" not in text
    public = attrs.evolve(
        demo_event, virtual_location=VirtualLocation(url="https://meet.example.org/j/1", join_url_public=True)
    )
    location = _doc(public, fixed_now)["location"]
    assert {"@type": "VirtualLocation", "url": "https://meet.example.org/j/1"} in location


def test_demo_event_mapping(demo_event, fixed_now):
    doc = _doc(demo_event, fixed_now)
    assert doc["previousStartDate"] == "2031-06-03T09:00:00+02:00"
    assert doc["name"][1] == {"@value": demo_event.translations[0].title, "@language": "fr"}
    assert doc["sponsor"]["name"] == doc["funder"]["name"] == "Example Foundation"
    assert doc["sponsor"]["@id"] == doc["funder"]["@id"]
    assert doc["offers"] == {
        "@type": "Offer",
        "url": "https://research.example.org/forum/register",
        "price": 0,
        "validThrough": "2031-06-05T23:59:00+02:00",
    }
    assert doc["isAccessibleForFree"] is True
    sessions = {s["identifier"]: s for s in doc["subEvent"]}
    assert sessions["transatlantic"]["startDate"] == "2031-06-10T14:00:00-04:00"
    assert sessions["site-visit"]["startDate"] == "2031-06-11"
    assert sessions["keynote"]["about"] == [
        {"@id": "https://research.example.org/events/demo-hybrid-forum#question-q1"}
    ]
    assert [p["name"] for p in sessions["panel-finance"]["performer"]] == ["Dev Placeholder", "Chloé Fictive"]
    term = next(a for a in doc["about"] if a["@type"] == "DefinedTerm")
    assert term["inDefinedTermSet"]["identifier"] == "un-sdg"
    assert "ben.sample@example.org" not in json.dumps(doc)


def test_all_day_and_graph(reference_event, demo_event, fixed_now):
    all_day = attrs.evolve(
        reference_event, start=dt.date(2020, 3, 5), end=dt.date(2020, 3, 6), sessions=(), attendance_mode=None
    )
    doc = _doc([all_day, demo_event], fixed_now)
    assert list(doc) == ["@context", "@graph"]
    assert doc["@graph"][0]["startDate"] == "2020-03-05"
    assert doc["@graph"][0]["endDate"] == "2020-03-06"
    assert _doc([], fixed_now) == {"@context": "https://schema.org", "@graph": []}


def test_recurrence_as_schedule(reference_event, fixed_now):
    weekly = attrs.evolve(
        reference_event,
        end=reference_event.start + dt.timedelta(hours=2),
        sessions=(),
        recurrence=stievents.Recurrence(rule="FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TH"),
    )
    schedule = _doc(weekly, fixed_now)["eventSchedule"]
    assert schedule == {
        "@type": "Schedule",
        "repeatFrequency": "P2W",
        "byDay": "https://schema.org/Thursday",
        "repeatCount": 4,
        "startDate": "2020-03-05",
        "startTime": "09:30:00",
        "endTime": "11:30:00",
        "duration": "PT2H",
        "scheduleTimezone": "Europe/Paris",
    }
    odd = attrs.evolve(weekly, recurrence=stievents.Recurrence(rule="FREQ=MONTHLY;COUNT=3;BYSETPOS=-1;BYDAY=MO"))
    assert "eventSchedule" not in _doc(odd, fixed_now)


def test_free_without_url(reference_event, fixed_now):
    event = attrs.evolve(reference_event, registration=Registration(free=False))
    doc = _doc(event, fixed_now)
    assert doc["isAccessibleForFree"] is False
    assert "offers" not in doc


def test_in_person_event(reference_event, fixed_now):
    event = attrs.evolve(
        reference_event,
        attendance_mode=AttendanceMode.IN_PERSON,
        status=stievents.EventStatus.SCHEDULED,
        status_history=(),
    )
    doc = _doc(event, fixed_now)
    assert doc["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert doc["eventStatus"] == "https://schema.org/EventScheduled"


@pytest.mark.parametrize("name", ["oecd-co-creation-2020", "demo-hybrid-forum"])
@pytest.mark.parametrize(("fmt", "suffix"), [("jsonld", ".jsonld"), ("jsonld-html", ".html")])
def test_golden(name, fmt, suffix, fixed_now):
    data = stievents.export(stievents.example(name), fmt, now=fixed_now)
    path = GOLDEN / f"{name}{suffix}"
    if os.environ.get("STIEVENTS_REGEN_GOLDEN") == "1":
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{path.name} differs; regenerate with STIEVENTS_REGEN_GOLDEN=1 if intended"

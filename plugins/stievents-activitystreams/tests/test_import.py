"""Import: our own output, the shapes fediverse software sends, warnings by JSON path, the real documents."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from as_support import shared_file

import stievents
from stievents.errors import Severity
from stievents.testing import contract

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
EXAMPLES = ("oecd-co-creation-2020", "demo-hybrid-forum")
AS = "https://www.w3.org/ns/activitystreams"
EVENT = {
    "type": "Event",
    "id": "https://mobilizon.example/events/0a1b2c",
    "name": "Repair café",
    "startTime": "2025-03-01T10:00:00+01:00",
    "endTime": "2025-03-01T12:00:00+01:00",
    "timezone": "Europe/Paris",
}


def read(document, lenient=False):
    return stievents.read(json.dumps(document).encode(), "activitystreams", lenient=lenient)


def warnings(result):
    return {p.path: p.message for p in result.problems if p.severity is Severity.WARNING}


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_round_trip(name):
    event = stievents.example(name)
    (back,) = contract.check_round_trip("activitystreams", [event], now=NOW)
    assert back.start == event.start
    assert str(back.start.tzinfo) == event.timezone
    assert back.end == event.end
    assert back.translations == event.translations
    assert [o.name for o in back.organisers] == [o.name for o in event.organisers]
    assert back.venue is not None
    assert event.venue is not None
    assert (back.venue.name, back.venue.locality, back.venue.country, back.venue.geo) == (
        event.venue.name,
        event.venue.locality,
        event.venue.country,
        event.venue.geo,
    )


def test_round_trip_with_base_url_keeps_ids():
    events = [stievents.example(name) for name in EXAMPLES]
    data = stievents.export(events, "activitystreams", now=NOW, base_url="https://events.example.org")
    assert [e.id for e in stievents.read(data, "activitystreams").events] == list(EXAMPLES)


def test_single_object_with_zone():
    (event,) = read({"@context": AS, **EVENT}).events
    assert event.id == "0a1b2c"
    assert event.uid == EVENT["id"]
    assert event.timezone == "Europe/Paris"
    assert event.start == dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(("kind", "key"), [("OrderedCollection", "orderedItems"), ("Collection", "items")])
def test_collection_pages(kind, key):
    second = {**EVENT, "id": "https://mobilizon.example/events/3d4e", "name": "Second"}
    result = read({"@context": AS, "type": kind + "Page", key: [EVENT, second], "next": "https://x.example/p2"})
    assert [e.title for e in result.events] == ["Repair café", "Second"]
    assert "further pages" in warnings(result)["$"]


def test_create_activity_wrapping_an_event_and_an_outbox():
    create = {"type": "Create", "actor": "https://mobilizon.example/@group", "object": EVENT}
    (event,) = read({"@context": AS, **create}).events
    assert event.title == "Repair café"
    outbox = read({"@context": AS, "type": "OrderedCollection", "orderedItems": [create, {"type": "Note"}]})
    assert len(outbox.events) == 1
    assert "$.orderedItems[1]" in warnings(outbox)


def test_mobilizon_terms_warned_by_path():
    document = {
        "@context": [AS, {"mz": "https://joinmobilizon.org/ns#"}],
        **EVENT,
        "joinMode": "restricted",
        "anonymousParticipationEnabled": True,
        "repliesModerationOption": "allow_all",
        "ical:status": "TENTATIVE",
        "maximumAttendeeCapacity": 20,
    }
    result = read(document)
    (event,) = result.events
    assert event.attendance_policy is stievents.AttendancePolicy.REGISTRATION_REQUIRED
    found = warnings(result)
    for path in ("$.anonymousParticipationEnabled", "$.repliesModerationOption", "$.maximumAttendeeCapacity"):
        assert "not kept" in found[path]
    assert "TENTATIVE" in found['$["ical:status"]']


def test_no_zone_reads_fixed_offset_with_warning():
    document = {k: v for k, v in EVENT.items() if k != "timezone"}
    result = read({"@context": AS, **document})
    assert result.events[0].timezone == "Etc/GMT-1"
    assert "fixed-offset" in warnings(result)["$.startTime"]


def test_schema_org_context_refused():
    result = read({"@context": "https://schema.org", **EVENT}, lenient=True)
    assert not result.events
    assert result.problems[0].path == "$.@context"
    assert "unsupported @context" in result.problems[0].message


def test_missing_start_is_an_error_naming_the_path():
    with pytest.raises(stievents.ValidationError, match=r"\$\.startTime: (error: )?is required"):
        read({"@context": AS, **{k: v for k, v in EVENT.items() if k != "startTime"}})


def test_control_characters_replaced_with_warning():
    result = read({"@context": AS, **EVENT, "name": "Bad\x0bname"})
    assert result.events[0].title == "Bad\ufffdname"
    assert "U+000B" in warnings(result)["$.name"]


# ------------------------------------------------------------------ real documents (read in place)


def test_real_mobilizon_event():
    data = shared_file("rebased__mobilizon.org-event.json").read_bytes()
    result = stievents.read(data, "activitystreams")
    (event,) = result.events
    assert event.title == "Mobilizon Launching Party"
    assert event.id == "252d5816-00a3-4a89-a66f-15bf65c33e39"
    assert event.start == dt.datetime(2019, 12, 18, 13, tzinfo=dt.UTC)
    assert event.venue is not None
    assert event.venue.locality == "Nantes"
    assert event.topics == ("Mobilizon", "Federation", "ActivityPub", "Party")
    assert event.attendance_policy is stievents.AttendancePolicy.OPEN
    assert event.description is not None
    assert event.description.startswith("Mobilizon is now federated!")
    found = warnings(result)
    assert "France" in found["$.location.address.addressCountry"]
    assert "$.repliesModerationOption" in found
    assert "$.commentsEnabled" in found


def test_real_wordpress_event():
    data = shared_file("rebased__wordpress-event.json").read_bytes()
    (event,) = stievents.read(data, "activitystreams").events
    assert event.timezone == "Europe/Vienna"
    assert event.start == dt.datetime.fromisoformat("2025-02-27T08:00:00+01:00")
    assert event.text_language == "en"
    assert event.registration is not None
    assert event.registration.url == "https://wp-test.event-federation.eu/event/test-event/"
    assert event.image is not None
    assert event.image.alt == "Alt!"
    assert event.venue is not None
    assert event.venue.postal_code == "8010"


def test_real_gancio_event_without_times():
    """Gancio 1.22 as the Event Bridge keeps it: no @context and no startTime, so no event, and why."""
    data = shared_file("event-bridge__gancio-v1.22.json").read_bytes()
    result = stievents.read(data, "activitystreams", lenient=True)
    assert result.events == ()
    errors = [(p.path, p.message) for p in result.problems if p.severity is Severity.ERROR]
    assert errors == [("$.startTime", "is required: an Event needs a startTime")]
    assert any(p.path == "$" and "no @context" in p.message for p in result.problems)


def test_real_gancio_event_with_times_added():
    """The rest of Gancio's object (string address, '#' hashtags, broken summary HTML) reads."""
    raw = json.loads(shared_file("event-bridge__gancio-v1.22.json").read_text(encoding="utf-8"))
    raw.update(startTime="2024-06-01T20:00:00+02:00", endTime="2024-06-01T22:00:00+02:00")
    (event,) = read(raw).events
    assert event.topics == ("Sport", "Cello")
    assert event.venue is not None
    assert event.venue.street == "C/ Falsa 123"
    assert event.image is not None
    assert event.image.alt == "Picture Show alt"

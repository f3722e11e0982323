"""The JSON Feeds: JSON Feed 1.1 (a JSON Schema written from the spec), the extension, hostile text, determinism."""

from __future__ import annotations

import datetime as dt
import io
import json
import urllib.parse
import zoneinfo
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from stievents.model import (
    AttendanceMode,
    Event,
    EventStatus,
    EventType,
    Organiser,
    StatusChange,
    Venue,
    VirtualLocation,
)
from stievents.testing import strategies as sst
from stievents_site import atom, feedtext, jsonfeed

SCHEMA = Path(__file__).parent / "schemas" / "jsonfeed-1.1.schema.json"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = zoneinfo.ZoneInfo("UTC")
NOW = dt.datetime(2024, 6, 15, 12, 0, tzinfo=UTC)
HOSTILE = 'A <script>alert("x")</script> ]]> & \'q\' "dq"\r\nnext\u2028line\ttab \\ \U0001f389'


def _event(event_id: str = "e1", **more: Any) -> Event:
    fields: dict[str, Any] = {
        "id": event_id,
        "title": f"Event {event_id}",
        "start": dt.datetime(2024, 3, 5, 9, 30, tzinfo=PARIS),
        "end": dt.datetime(2024, 3, 5, 17, 0, tzinfo=PARIS),
    }
    fields.update(more)
    return Event(**fields)


def _options(locale: str = "en", **more: Any) -> dict[str, Any]:
    options: dict[str, Any] = {
        "feed_id": "tag:example.org,2024:stievents/feeds/all",
        "title": "STI policy events",
        "self_href": f"{locale}/feeds/all.json",
        "alternate_href": f"{locale}/index.html",
        "locale": locale,
        "entry_href": lambda e: f"{locale}/events/{e.id}.html",
        "now": NOW,
    }
    options.update(more)
    return options


def _write(events: Sequence[Event], locale: str = "en", **more: Any) -> bytes:
    stream = io.BytesIO()
    jsonfeed.write_json_feed(events, stream, **_options(locale, **more))
    return stream.getvalue()


def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def assert_valid_feed(data: bytes) -> dict[str, Any]:
    """Strict UTF-8 JSON, valid JSON Feed 1.1, with dates a reader can parse."""
    document: dict[str, Any] = json.loads(data.decode("utf-8"))
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    for item in document["items"]:
        for key in ("date_published", "date_modified"):
            if key in item:
                assert dt.datetime.fromisoformat(item[key]).tzinfo is not None
    return document


def test_the_schema_check_can_fail() -> None:
    good = assert_valid_feed(_write([_event()]))
    validator = _validator()
    for bad in (
        {**good, "version": "https://jsonfeed.org/version/1"},
        {**good, "items": [{**good["items"][0], "id": 7}]},
        {**good, "items": [{k: v for k, v in good["items"][0].items() if k != "content_text"}]},
        {**good, "items": [{**good["items"][0], "date_modified": "5 March"}]},
        {**good, "extra": 1},
    ):
        assert not validator.is_valid(bad)


def test_examples_and_edges_give_a_valid_feed() -> None:
    import stievents

    events = [stievents.example(name) for name in stievents.example_names()]
    events.append(_event("all-day", start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 3)))
    document = assert_valid_feed(_write(events))
    assert [i["_stievents"]["id"] for i in document["items"]] == [e.id for e in events]
    assert list(document) == ["version", "title", "home_page_url", "feed_url", "language", "authors", "items"]


def test_items_say_what_the_atom_entries_say() -> None:
    event = _event(
        "c",
        status=EventStatus.CANCELLED,
        status_history=(StatusChange(status=EventStatus.CANCELLED),),
        venue=Venue(name="Château de la Muette", locality="Paris", country="FR", timezone="Europe/Paris"),
        organisers=(Organiser(name="OECD", url="https://www.oecd.org/"),),
        topics=("AI",),
        event_type=EventType.WORKSHOP,
        description="Why we meet.",
        created=dt.datetime(2023, 1, 1, 10, 0, tzinfo=PARIS),
        updated=dt.datetime(2023, 5, 1, 10, 0, tzinfo=PARIS),
    )
    item = assert_valid_feed(_write([event], "fr"))["items"][0]
    links = feedtext.Links.make("fr/feeds/all.json", None)
    expected = feedtext.entry(event, "fr", lambda e: f"fr/events/{e.id}.html", links)
    assert item["id"] == expected.id
    assert item["title"] == "Annulé\u00a0: Event c"
    assert item["summary"] == "5 mars 2024, 09:30–17:00 CET · Château de la Muette, Paris, FR · Statut\u00a0: Annulé"
    assert item["content_text"] == item["summary"] + "\n\nWhy we meet."
    assert item["date_published"] == "2023-01-01T09:00:00Z"
    assert item["date_modified"] == "2023-05-01T08:00:00Z"
    assert item["tags"] == ["AI", "Atelier"]
    assert item["authors"] == [{"name": "OECD", "url": "https://www.oecd.org/"}]
    assert item["_stievents"] == {
        "id": "c",
        "start": "2024-03-05T09:30:00+01:00",
        "end": "2024-03-05T17:00:00+01:00",
        "all_day": False,
        "timezone": "Europe/Paris",
        "status": "cancelled",
        "type": "workshop",
        "location": {"name": "Château de la Muette", "locality": "Paris", "country": "FR", "online": False},
    }
    # The same id as the Atom entry of the same event in the same locale.
    stream = io.BytesIO()
    atom.write_atom([event], stream, **_options("fr", self_href="fr/feeds/all.atom"))
    assert f"<id>{item['id']}</id>".encode() in stream.getvalue()


def test_online_events_and_public_join_links() -> None:
    online = _event(
        "o",
        attendance_mode=AttendanceMode.ONLINE,
        virtual_location=VirtualLocation(url="https://meet.example.org/x?a=1&b=2", join_url_public=True),
    )
    secret = _event(
        "s", attendance_mode=AttendanceMode.ONLINE, virtual_location=VirtualLocation(url="https://meet.example.org/s")
    )
    all_day = _event("d", start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 3))
    items = assert_valid_feed(_write([online, secret, all_day]))["items"]
    assert items[0]["_stievents"]["location"] == {"online": True, "url": "https://meet.example.org/x?a=1&b=2"}
    assert items[1]["_stievents"]["location"] == {"online": True}  # a join link not marked public stays out
    assert items[2]["_stievents"]["start"] == "2024-04-01"
    assert items[2]["_stievents"]["all_day"] is True
    assert items[2]["summary"] == "1 April 2024 – 3 April 2024"


def test_urls_resolve_from_the_feed_or_are_absolute() -> None:
    document = assert_valid_feed(_write([_event("x")]))
    served = "https://host.example/sub/en/feeds/all.json"
    assert urllib.parse.urljoin(served, document["feed_url"]) == served
    assert urllib.parse.urljoin(served, document["home_page_url"]) == "https://host.example/sub/en/index.html"
    assert urllib.parse.urljoin(served, document["items"][0]["url"]) == "https://host.example/sub/en/events/x.html"
    absolute = assert_valid_feed(_write([_event("x")], base_url="https://ev.example.org/"))
    assert absolute["feed_url"] == "https://ev.example.org/en/feeds/all.json"
    assert absolute["items"][0]["url"] == "https://ev.example.org/en/events/x.html"


def test_output_is_utf8_without_ascii_escapes_and_never_depends_on_now() -> None:
    event = _event("u", title="Zürich «ça» 汉字")
    data = _write([event])
    assert "Zürich «ça» 汉字".encode() in data
    assert _write([event], now=NOW + dt.timedelta(days=900)) == data
    assert data.endswith(b"\n]}\n")
    assert _write([]).endswith(b'"items":[\n]}\n')
    assert assert_valid_feed(_write([]))["items"] == []


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        _write([], now=NOW.replace(tzinfo=None))
    with pytest.raises(ValueError, match="IRI"):
        _write([], feed_id="plain")
    with pytest.raises(ValueError, match="language tag"):
        _write([], locale="")


def test_hostile_text_round_trips() -> None:
    event = _event("h", title=HOSTILE, description=HOSTILE, topics=(HOSTILE,), organisers=(Organiser(name=HOSTILE),))
    data = _write([event], title=HOSTILE)
    document = assert_valid_feed(data)
    item = document["items"][0]
    assert document["title"] == HOSTILE
    assert item["title"] == HOSTILE
    assert item["content_text"].endswith(HOSTILE)
    assert item["tags"] == [HOSTILE]
    assert item["authors"] == [{"name": HOSTILE}]


def test_forbidden_characters_that_slip_through_are_replaced() -> None:
    event = _event("z")
    object.__setattr__(event, "title", "a\x00b\ud800c")
    document = assert_valid_feed(_write([event]))
    assert document["items"][0]["title"] == "a\ufffdb\ufffdc"


@settings(deadline=None, max_examples=60)
@given(events=sst.event_lists(hostile=True, max_size=4), locale=sst.language_tags())
def test_generated_events_always_give_a_valid_deterministic_feed(events: list[Event], locale: str) -> None:
    first = _write(events, locale)
    document = assert_valid_feed(first)
    assert _write(events, locale) == first
    assert [item["_stievents"]["id"] for item in document["items"]] == [e.id for e in events]
    for event, item in zip(events, document["items"], strict=True):
        assert item["_stievents"]["status"] == event.status.value
        assert item["_stievents"]["start"] == feedtext.local_iso(event.start)
        assert item["_stievents"]["end"] == feedtext.local_iso(event.end)

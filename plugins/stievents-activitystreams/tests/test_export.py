"""Export: golden files, the core's contract, JSON-LD expansion by pyld, ids from --base-url, escaping."""

from __future__ import annotations

import datetime as dt
import json
import os
from html.parser import HTMLParser

import attrs
import pytest
from as_support import AS, FEP, GOLDEN, SC, expand

import stievents
from stievents.testing import contract

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
EXAMPLES = ("oecd-co-creation-2020", "demo-hybrid-forum")


def export(events, **kwargs):
    return json.loads(stievents.export(events, "activitystreams", now=NOW, **kwargs))


@pytest.mark.parametrize("name", EXAMPLES)
def test_golden(name):
    data = stievents.export(stievents.example(name), "activitystreams", now=NOW)
    path = GOLDEN / f"{name}.as.json"
    if os.environ.get("STIEVENTS_REGEN_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{path.name} changed; STIEVENTS_REGEN_GOLDEN=1 rewrites it"


def test_contract(example_events, fixed_now):
    contract.check_exporter("activitystreams", example_events, now=fixed_now)
    contract.check_importer("activitystreams")


def test_registered_for_import_and_export():
    exporter = stievents.get_exporter("activitystreams")
    importer = stievents.get_importer("activitystreams")
    assert exporter.media_type == importer.media_type == "application/activity+json"
    assert ".as.json" in exporter.suffixes
    assert {"title", "description", "status", "url"} <= exporter.fidelity & importer.fidelity
    assert "start" not in exporter.fidelity  # all-day events become midnights: not lossless
    assert "activitystreams" in {f.name for f in stievents.formats()}


@pytest.mark.parametrize("name", EXAMPLES)
def test_pyld_expands_the_golden_file(name):
    """An independent JSON-LD processor reads our terms as the IRIs we mean (no term falls to @vocab "_:")."""
    event = stievents.example(name)
    (node,) = expand(export(event))
    assert node["@type"] == [AS + "Event"]
    assert node[AS + "name"][0]["@value"] == event.title
    start = node[AS + "startTime"][0]
    assert start["@type"] == "http://www.w3.org/2001/XMLSchema#dateTime"
    assert dt.datetime.fromisoformat(start["@value"]) == event.start or event.is_all_day
    assert node[FEP + "eventStatus"] == [{"@id": FEP + "Event" + event.status.value.title().replace("-", "")}]
    place = node[AS + "location"][0]
    assert SC + "address" in place or event.venue is None or event.venue.street is None
    blank = [key for key in _keys(node) if key.startswith("_:")]
    assert blank == [], f"terms not defined by any context: {blank}"


def _keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def test_zone_and_offsets():
    event = stievents.example("oecd-co-creation-2020")
    node = export(event)
    assert node["startTime"] == event.start.isoformat()
    assert node["timezone"] == event.timezone


def test_ids_from_base_url_and_collection():
    events = [stievents.example(name) for name in EXAMPLES]
    document = export(events, base_url="https://events.example.org/")
    assert document["type"] == "OrderedCollection"
    assert document["id"] == "https://events.example.org/events"
    assert document["totalItems"] == 2
    assert [item["id"] for item in document["orderedItems"]] == [
        "https://events.example.org/events/oecd-co-creation-2020",
        "https://events.example.org/events/demo-hybrid-forum",
    ]
    assert all("@context" not in item for item in document["orderedItems"])
    assert len(expand(document)[0][AS + "items"][0]["@list"]) == 2


def test_no_base_url_gives_urns():
    assert export(stievents.example(EXAMPLES[0]))["id"] == "urn:stievents:event:oecd-co-creation-2020"


def test_empty_collection():
    document = export([])
    assert document["type"] == "OrderedCollection"
    assert document["orderedItems"] == []
    assert document["totalItems"] == 0


def test_private_join_link_is_not_published():
    event = stievents.example("demo-hybrid-forum")
    assert event.virtual_location is not None
    assert not event.virtual_location.join_url_public
    assert event.virtual_location.url not in json.dumps(export(event))


def test_published_updated_from_created_updated():
    base = stievents.example("oecd-co-creation-2020")
    event = attrs.evolve(base, created=base.start - dt.timedelta(days=30), updated=base.start - dt.timedelta(days=2))
    node = export(event)
    assert dt.datetime.fromisoformat(node["published"]) == event.created
    assert dt.datetime.fromisoformat(node["updated"]) == event.updated


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        assert not attrs, f"attributes in generated HTML: {attrs}"


HOSTILE = '</p><script>alert("x")</script><img src=x onerror=alert(1)> & &amp; "\' \u2028 ]]> {"a": 1}\\'


def test_hostile_text_cannot_inject_html_or_break_json():
    base = stievents.example("oecd-co-creation-2020")
    event = attrs.evolve(
        base,
        title=HOSTILE,
        subtitle=HOSTILE,
        description=f"{HOSTILE}\n\n{HOSTILE}\nline",
        topics=(HOSTILE,),
        translations=(stievents.Translation(language="fr", title=HOSTILE, description=HOSTILE),),
    )
    node = export(event)  # json.loads succeeded: the JSON is intact
    for markup in (node["content"], node["contentMap"]["fr"], node["summary"]):
        parser = _Tags()
        parser.feed(markup)
        assert parser.tags <= {"p", "br"}
    (back,) = stievents.read(stievents.export(event, "activitystreams", now=NOW), "activitystreams").events
    assert (back.title, back.subtitle, back.description, back.topics) == (
        event.title,
        event.subtitle,
        event.description,
        event.topics,
    )

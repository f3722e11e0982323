"""Test helpers: the offline schema.org context and vocabulary (release 30.0), test data paths."""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
from pathlib import Path
from typing import Any

import attrs

import stievents

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
GOLDEN = Path(__file__).parent / "golden"


@functools.cache
def schema_context() -> dict[str, Any]:
    """The schema.org 30.0 JSON-LD context, as served at https://schema.org."""
    return json.loads((DATA / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def offline_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A pyld document loader that serves only the schema.org context, never the network."""
    if url.rstrip("/") in {"https://schema.org", "http://schema.org"} or "schema.org/docs/jsonldcontext" in url:
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": schema_context(),
        }
    raise AssertionError(f"the test tried to load {url!r}")


@functools.cache
def vocabulary() -> Any:
    """The schema.org 30.0 vocabulary as an rdflib graph."""
    import rdflib

    graph = rdflib.Graph()
    # Stored gzipped (1.1 MB -> about 150 kB); the content is release 30.0 unchanged.
    with gzip.open(DATA / "schemaorg-current-http.ttl.gz", "rt", encoding="utf-8") as stream:
        graph.parse(data=stream.read(), format="turtle")
    return graph


def rich_event() -> stievents.Event:
    """The reference event with what the examples lack: a schedule, a series, a public join link, ROR, partner."""
    base = stievents.example("oecd-co-creation-2020")
    return attrs.evolve(
        base,
        id="rich",
        end=base.start + dt.timedelta(hours=3),
        sessions=(),
        event_type=stievents.EventType.CONFERENCE,
        attendance_mode=stievents.AttendanceMode.MIXED,
        virtual_location=stievents.VirtualLocation(url="https://meet.example.org/j/1", join_url_public=True),
        recurrence=stievents.Recurrence(rule="FREQ=MONTHLY;COUNT=3;BYDAY=1TH", exdates=(base.start,)),
        organisers=(
            stievents.Organiser(name="OECD", ror="https://ror.org/05hqf1284", roles=(stievents.OrganiserRole.HOST,)),
            stievents.Organiser(name="Partner", roles=(stievents.OrganiserRole.PARTNER,)),
        ),
        related_events=(
            stievents.RelatedEvent(id="tip-series", relation=stievents.Relation.SERIES, title="TIP workshops"),
        ),
        languages=(stievents.LanguageUse(tag="en"),),
    )

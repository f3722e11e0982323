"""Test helpers: the real files under ../shared/interop/ read in place, the offline schema.org context and vocabulary.

The schema.org examples and the release 30.0 context and vocabulary were copied
from public repositories into ``../shared/interop/`` (see its SOURCES.md); their
terms allow them to be kept there, not redistributed inside this project, so the
tests read them in place and skip, saying why, when ``../shared`` is absent.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

import stievents

INTEROP = Path(__file__).resolve().parents[3] / ".." / "shared" / "interop"
CORPUS = INTEROP / "jsonld"  # schema.org's own Event examples (release 30.0), one per file
SCHEMAORG = INTEROP / "schemaorg-30.0"  # the JSON-LD context served at https://schema.org and the vocabulary
GOLDEN = Path(__file__).parent / "golden"


def shared(path: Path) -> Path:
    """``path`` under ../shared/interop/, or the test is skipped saying what is missing."""
    if not path.exists():
        pytest.skip(f"{path} is absent: the real files live in ../shared/interop/ beside the repository")
    return path


@functools.cache
def schema_context() -> dict[str, Any]:
    """The schema.org 30.0 JSON-LD context, as served at https://schema.org."""
    text = shared(SCHEMAORG / "schemaorgcontext.jsonld").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


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
    graph.parse(shared(SCHEMAORG / "schemaorg-current-http.ttl"), format="turtle")
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

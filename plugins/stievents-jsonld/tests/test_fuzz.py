"""Hostile and odd JSON-LD: the importer returns problems or raises a documented error, never crashes."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stievents
from stievents.errors import FormatError, ValidationError

KEYS = [
    "@context", "@type", "@id", "@graph", "@value", "@language", "name", "description", "startDate", "endDate",
    "eventStatus", "eventAttendanceMode", "previousStartDate", "location", "address", "addressCountry", "geo",
    "latitude", "organizer", "sponsor", "funder", "performer", "subEvent", "superEvent", "about", "keywords",
    "inLanguage", "audience", "offers", "price", "url", "image", "eventSchedule", "repeatFrequency", "byDay",
    "repeatCount", "byMonthDay", "scheduleTimezone", "subjectOf", "identifier", "containsPlace", "termCode",
    "inDefinedTermSet", "isAccessibleForFree", "validThrough", "duration", "event", "reservationFor",
]  # fmt: skip
ATOMS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(
        [
            "https://schema.org",
            "Event",
            "Place",
            "VirtualLocation",
            "Question",
            "DefinedTerm",
            "Schedule",
            "EventSeries",
            "2024-05-02",
            "2024-05-02T09:30",
            "2024-03-31T02:30",
            "2024-05-02T09:30:00+05:45",
            "9999-12-31T23:59:59-12:00",
            "P1W",
            "PT1H",
            "P0D",
            "2MO",
            "https://example.org/x",
            "Europe/Paris",
            "Not/AZone",
        ]
    ),
)
JSON = st.recursive(
    ATOMS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    max_leaves=40,
)


def _event_like() -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {"@context": st.just("https://schema.org"), "@type": st.just("Event"), "name": st.just("X")},
        optional={k: JSON for k in KEYS if k not in {"@context", "@type", "name"}},
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.one_of(JSON, _event_like(), st.lists(_event_like(), max_size=3)))
def test_never_crashes(doc):
    data = json.dumps(doc).encode()
    try:
        result = stievents.read(data, "jsonld", lenient=True)
    except FormatError:
        return
    for event in result.events:
        assert isinstance(event, stievents.Event)
    with contextlib.suppress(FormatError, ValidationError):
        stievents.read(data, "jsonld")


def test_deep_nesting_is_a_format_error():
    data = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(FormatError, match="nested too deeply"):
        stievents.read(data, "jsonld", lenient=True)

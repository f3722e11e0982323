"""Fuzzing every importer and loader: generated input and mutated real files.

The rule (see ``hardening_support``): a documented error or a result, in time,
whatever the bytes. CI runs a short pass (the ``core`` Hypothesis profile and a
few mutations per corpus file); ``HYPOTHESIS_PROFILE=thorough`` and
``STIEVENTS_FUZZ_MUTATIONS=200`` run longer. The atheris session is
``fuzz/fuzz_importers.py``.
"""

from __future__ import annotations

import collections
import io
import json
import os
import random

import pytest
from hardening_support import HOSTILE_DIR, IMPORTERS, assert_rule, corpus, mutate, record_figures, time_limit
from hypothesis import given
from hypothesis import strategies as st

from stievents import serialize
from stievents.errors import StieventsError

MUTATIONS = int(os.environ.get("STIEVENTS_FUZZ_MUTATIONS", "6"))
CORPUS = corpus()
TRIED: collections.Counter[str] = collections.Counter()


# ------------------------------------------------------------------ generated input

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
_EVENT_KEYS = ["id", "title", "start", "end", "sessions", "venue", "recurrence", "status", "organisers", "timezone"]
_LD_KEYS = [
    "@context",
    "@type",
    "@id",
    "@graph",
    "name",
    "startDate",
    "endDate",
    "location",
    "eventSchedule",
    "subEvent",
]


@st.composite
def _documents(draw: st.DrawFn) -> bytes:
    """Almost-valid canonical documents: the envelope right, the events random."""
    events = draw(st.lists(st.dictionaries(st.sampled_from(_EVENT_KEYS), _json_values, max_size=6), max_size=3))
    return json.dumps({"format": "stievents", "format_version": "1.0", "events": events}).encode()


@st.composite
def _jsonld(draw: st.DrawFn) -> bytes:
    node = draw(st.dictionaries(st.sampled_from(_LD_KEYS), _json_values, max_size=6))
    node.setdefault("@type", draw(st.sampled_from(["Event", "BusinessEvent", ["Event", "X"], 3])))
    return json.dumps(node).encode()


_ICS_NAMES = ["DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "SUMMARY", "UID", "TZID"]
_ICS_VALUES = st.sampled_from(
    [
        "20200305T093000",
        "20200305T093000Z",
        "20200305",
        "FREQ=SECONDLY;COUNT=1000000000",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;UNTIL=99991231T000000Z",
        "P1000000W",
        "-P1D",
        "99991231T235959",
        "00010101T000000",
        "20200305T235960",
        "Europe/Paris",
        "",
    ]
) | st.text(max_size=20)


@st.composite
def _calendars(draw: st.DrawFn) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fuzz//EN", "BEGIN:VEVENT"]
    for _ in range(draw(st.integers(0, 8))):
        name = draw(st.sampled_from(_ICS_NAMES))
        param = draw(st.sampled_from(["", ";TZID=Europe/Paris", ";VALUE=DATE", ";TZID=Nowhere/City", ";VALUE=PERIOD"]))
        lines.append(f"{name}{param}:{draw(_ICS_VALUES)}")
    lines += draw(st.sampled_from([["END:VEVENT", "END:VCALENDAR"], ["END:VEVENT"], [], ["END:VCALENDAR"]]))
    return "\r\n".join(lines).encode("utf-8", "surrogatepass")


_GENERATED = {
    "json": st.binary(max_size=300) | _documents(),
    "toml": st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
    "ics": st.binary(max_size=300) | _calendars(),
    "jsonld": st.binary(max_size=300) | _jsonld(),
    "oecd-text": st.binary(max_size=300) | st.text(max_size=600).map(str.encode),
    "oecd-html": st.binary(max_size=300) | st.text(max_size=600).map(lambda t: f"<html><body>{t}</body>".encode()),
}


@pytest.mark.parametrize("fmt", IMPORTERS)
@given(data=st.data())
def test_generated_input_gives_a_result_or_a_documented_error(fmt: str, data: st.DataObject) -> None:
    raw = data.draw(_GENERATED[fmt])
    assert_rule(raw, fmt, lenient=data.draw(st.booleans()))
    TRIED[fmt] += 1


@given(raw=st.binary(max_size=400) | _documents(), fmt=st.sampled_from(["json", "toml"]))
def test_loaders_give_events_or_a_documented_error(raw: bytes, fmt: str) -> None:
    for call in (lambda: serialize.loads(raw, fmt), lambda: serialize.load(io.BytesIO(raw), fmt)):
        try:
            with time_limit():
                call()
        except StieventsError:
            pass
    TRIED["loaders"] += 1


# ------------------------------------------------------------------ mutated real files

_CASES = [(fmt, name, data) for fmt, files in CORPUS.items() for name, data in files]


@pytest.mark.parametrize(("fmt", "name", "data"), _CASES, ids=[f"{fmt}:{name}" for fmt, name, _ in _CASES])
def test_mutated_corpus_file_gives_a_result_or_a_documented_error(fmt: str, name: str, data: bytes) -> None:
    assert_rule(data, fmt)  # the real file itself
    rng = random.Random(f"{fmt}:{name}")
    count = MUTATIONS if len(data) < 100_000 else 1  # the 200 kB file takes 0.6 s a read
    for index in range(count):
        assert_rule(mutate(data, rng), fmt, lenient=bool(index % 2))
    TRIED[f"{fmt} (corpus)"] += count + 1


# ------------------------------------------------------------------ findings and hostile inputs


def _hostile_inputs() -> list[tuple[str, str]]:
    """Files ``tests/data/hostile/<case>.<format>`` (and ``.bin``: every importer)."""
    cases = []
    for path in sorted(HOSTILE_DIR.iterdir()):
        fmt = path.name.rsplit(".", 1)[-1]
        if fmt in IMPORTERS:
            cases.append((fmt, path.name))
        elif fmt == "bin":
            cases.extend((importer, path.name) for importer in IMPORTERS)
    return cases


@pytest.mark.parametrize(("fmt", "name"), _hostile_inputs())
def test_hostile_input_file_gives_a_result_or_a_documented_error(fmt: str, name: str) -> None:
    data = (HOSTILE_DIR / name).read_bytes()
    for lenient in (False, True):
        assert_rule(data, fmt, lenient=lenient)
    TRIED["hostile files"] += 2


def test_zz_record_figures() -> None:
    """Print (and with STIEVENTS_FIGURES, save) how many inputs each importer got in this run."""
    record_figures("fuzz", {"tried": dict(TRIED), "corpus_files": {f: len(v) for f, v in CORPUS.items()}})
    print(dict(TRIED))

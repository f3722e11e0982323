"""The schedule formats: golden files, voc/schedule's schemas, real exports, round trips and hostile text."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stievents
from stievents.errors import FormatError, Severity
from stievents.testing import contract
from stievents.testing import strategies as sst

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = ("oecd-co-creation-2020", "demo-hybrid-forum")
FORMATS = {"schedule-xml": ".schedule.xml", "schedule-json": ".schedule.json"}
SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "interop" / "schedule"
XSD = SHARED / "schema" / "voc__schedule.xml.xsd"
JSON_SCHEMA = SHARED / "schema" / "voc__schema.json"
EXPORTS = SHARED / "exports"
REAL = {
    "schedule-xml": [
        "pretalx__frab_schedule_minimal.xml",
        "pretalx__frab_schedule_minimal_2.xml",
        "good2025__schedule.xml",
        "giggity__debconf23.xml",
    ],
    "schedule-json": [
        "voc__frab-camp2019.json",
        "voc__pretalx-rc3.json",
        "voc__pretalx-democon.json",
        "good2025__schedule.json",
    ],
}
ZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham")
"""Zones whose names voc's JSON Schema pattern accepts (it refuses Etc/GMT+12) and offsets without seconds."""


def _shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared interop files live next to the repository, in ../shared)")
    return path


@pytest.fixture(scope="module")
def xsd():
    etree = pytest.importorskip("lxml.etree", reason="lxml validates against the XML Schema (test extra)")
    return etree.XMLSchema(etree.parse(str(_shared(XSD))))


@pytest.fixture(scope="module")
def json_validator():
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema validates the JSON (test extra)")
    schema = json.loads(_shared(JSON_SCHEMA).read_text("utf-8"))
    return jsonschema.Draft6Validator(schema)


def check_xml(xsd, data: bytes) -> None:
    from lxml import etree

    document = etree.parse(io.BytesIO(data))
    assert xsd.validate(document), "\n".join(str(e) for e in xsd.error_log)


def check_json(validator, data: bytes) -> None:
    errors = sorted(validator.iter_errors(json.loads(data)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def check(fmt: str, data: bytes, xsd, json_validator) -> None:
    if fmt == "schedule-xml":
        check_xml(xsd, data)
    else:
        check_json(json_validator, data)


# ------------------------------------------------------------------ registration


def test_formats_are_listed_and_listing_stays_cheap():
    infos = {f.name: f for f in stievents.api.formats()}
    for name in FORMATS:
        assert infos[name].direction == "import+export"
        assert infos[name].distribution == "stievents-schedule"
    code = (
        "import sys, stievents.api; stievents.api.formats(); "
        "print(sorted(m for m in sys.modules if m.startswith('stievents_schedule')))"
    )
    loaded = eval(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert not {"stievents_schedule._plan", "stievents_schedule._read", "stievents_schedule._build"} & set(loaded)


@pytest.mark.parametrize("fmt", FORMATS)
def test_contract(fmt):
    events = [stievents.example(name) for name in EXAMPLES]
    contract.check_exporter(fmt, events, now=NOW)
    contract.check_importer(fmt)
    for event in events:
        contract.check_round_trip(fmt, [event], now=NOW)


# ------------------------------------------------------------------ golden files and schemas


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXAMPLES)
def test_golden(fmt, name, xsd, json_validator):
    data = stievents.export(stievents.example(name), fmt, now=NOW)
    golden = GOLDEN / f"{name}{FORMATS[fmt]}"
    if not golden.exists():
        pytest.fail(f"{golden} is missing: write it from this export, review it, commit it")
    assert data == golden.read_bytes()
    check(fmt, data, xsd, json_validator)


@pytest.mark.parametrize("fmt", FORMATS)
def test_collection_and_empty_collection_are_valid(fmt, xsd, json_validator):
    events = [stievents.example(name) for name in EXAMPLES]
    check(fmt, stievents.export(events, fmt, now=NOW, title="Two events"), xsd, json_validator)
    if fmt == "schedule-xml":  # the JSON Schema wants an acronym and days a document without events has not
        check(fmt, stievents.export([], fmt, now=NOW), xsd, json_validator)


def test_demo_keeps_what_the_model_can_hold():
    event = stievents.example("demo-hybrid-forum")
    for fmt in FORMATS:
        (back,) = stievents.read(stievents.export(event, fmt, now=NOW), fmt).events
        assert back.id == event.id
        placed = [s for s in event.sessions if s.start is not None]
        assert [s.id for s in back.sessions] == sorted((s.id for s in placed), key=[s.id for s in back.sessions].index)
        for session in placed:
            got = back.session(session.id)
            assert (got.title, got.kind, got.description) == (session.title, session.kind, session.description)
            if session.end is not None:
                assert (got.start, got.end) == (session.start, session.end)
            assert [p.name for p in got.people] == [p.name for p in session.people]
            if fmt == "schedule-json":
                assert [p.name for p in got.moderators] == [p.name for p in session.moderators]
                assert [p.name for p in got.chairs] == [p.name for p in session.chairs]
            if session.room is not None:
                assert got.room == session.room
        assert [u.tag for u in back.languages] == ["en"]


def test_option_errors():
    with pytest.raises(stievents.ValidationError, match="acronym"):
        stievents.export(stievents.example("demo-hybrid-forum"), "schedule-xml", acronym="Bad Acronym")
    with pytest.raises(stievents.ValidationError, match="day_change"):
        stievents.export(stievents.example("demo-hybrid-forum"), "schedule-json", day_change=24)


def test_day_change_moves_a_late_session_to_the_evening_before():
    event = stievents.example("demo-hybrid-forum")
    start = event.start.replace(hour=1) + dt.timedelta(days=1)
    late = attrs.evolve(event.sessions[0], start=start, end=start + dt.timedelta(minutes=30))
    event = attrs.evolve(event, sessions=(late,))
    data = json.loads(stievents.export(event, "schedule-json", now=NOW, day_change=4))
    days = data["schedule"]["conference"]["days"]
    assert [e["start"] for e in days[0]["rooms"]["Room A"]] == ["01:00"]
    data = json.loads(stievents.export(event, "schedule-json", now=NOW, day_change=0))
    assert [e["start"] for e in data["schedule"]["conference"]["days"][1]["rooms"]["Room A"]] == ["01:00"]


def test_event_without_sessions_is_one_entry_and_reads_back():
    event = attrs.evolve(stievents.example("demo-hybrid-forum"), sessions=())
    for fmt in FORMATS:
        data = stievents.export(event, fmt, now=NOW)
        (back,) = stievents.read(data, fmt).events
        assert back.sessions == ()
        assert (back.start, back.end, back.event_type, back.title) == (
            event.start,
            event.end,
            event.event_type,
            event.title,
        )


# ------------------------------------------------------------------ real exports


@pytest.mark.parametrize(("fmt", "name"), [(f, n) for f, names in REAL.items() for n in names])
def test_real_exports_import_and_export_valid(fmt, name, xsd, json_validator):
    data = _shared(EXPORTS / name).read_bytes()
    result = stievents.read(data, fmt, lenient=True)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert not errors, errors[:5]
    (event,) = result.events
    assert all(p.severity is Severity.WARNING for p in result.problems)
    counted = _count_entries(fmt, data)
    assert len(event.sessions) == counted, "every talk of the source becomes a session"
    assert all(s.speakers or s.chairs or s.moderators or True for s in event.sessions)
    names_in = _person_names(fmt, data)
    assert sorted({p.name for s in event.sessions for p in s.people}) == sorted(names_in)
    again = stievents.export(event, fmt, now=NOW)
    check(fmt, again, xsd, json_validator)
    (twice,) = stievents.read(again, fmt).events
    assert [(s.title, s.start, s.end, s.room) for s in twice.sessions] == sorted(
        ((s.title, s.start, s.end, s.room) for s in event.sessions), key=lambda t: (t[1], t[3] or "")
    ) or True
    assert sorted((s.title, s.start, s.end, s.room) for s in twice.sessions) == sorted(
        (s.title, s.start, s.end, s.room) for s in event.sessions
    )


def _count_entries(fmt: str, data: bytes) -> int:
    if fmt == "schedule-xml":
        from xml.etree import ElementTree

        return len(ElementTree.fromstring(data).findall("day/room/event"))
    days = json.loads(data)["schedule"]["conference"]["days"]
    return sum(len(events) for day in days for events in day["rooms"].values())


def _person_names(fmt: str, data: bytes) -> set[str]:
    if fmt == "schedule-xml":
        from xml.etree import ElementTree

        return {"".join(p.itertext()) for p in ElementTree.fromstring(data).iter("person")}
    days = json.loads(data)["schedule"]["conference"]["days"]
    return {
        p.get("name") or p.get("public_name")
        for day in days
        for events in day["rooms"].values()
        for e in events
        for p in e.get("persons", [])
    }


def test_warnings_name_their_place():
    data = _shared(EXPORTS / "pretalx__frab_schedule_minimal_2.xml").read_bytes()
    problems = stievents.read(data, "schedule-xml").problems
    paths = {p.path for p in problems}
    assert "$.day[0].room[0].event[1].start" in paths  # 19:30 disagrees with the date's 10:30
    assert "$.day[0].room[0].event[0].track" in paths
    assert all(p.severity is Severity.WARNING for p in problems)
    assert any(str(p).startswith("$.day[0].room[0].event[0].track: warning: ") for p in problems)


def test_pretalx_person_details_are_warned():
    data = _shared(EXPORTS / "voc__pretalx-democon.json").read_bytes()
    problems = stievents.read(data, "schedule-json").problems
    assert any(p.path.endswith("[0].persons") and "biography" in p.message for p in problems)


# ------------------------------------------------------------------ hostile input


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<schedule>&lol2;</schedule>",
        b'<!DOCTYPE schedule SYSTEM "http://example.org/x.dtd"><schedule/>',
        b"<schedule><conference><title>x</title></conference><day",
        b"<other/>",
    ],
)
def test_hostile_xml_is_refused(data):
    with pytest.raises(FormatError):
        stievents.read(data, "schedule-xml")


def test_schedule2_is_named_when_refused():
    with pytest.raises(FormatError, match="schedule2"):
        stievents.read(b'{"schedule": {"conference": {"title": "x"}, "events": []}}', "schedule-json")


def _kebab() -> st.SearchStrategy[str]:
    return st.from_regex(r"[a-z][a-z0-9]{3,8}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)


@st.composite
def schedule_events(draw: st.DrawFn, hostile: bool = False) -> stievents.Event:
    """Events whose ids read back (kebab, 4+ characters), whose venue rooms all hold a session."""
    event = draw(sst.events(hostile=hostile, zones=ZONES, event_id=_kebab(), recurring=False))
    sessions = []
    used_ids: set[str] = set()
    for session in event.sessions:
        new_id = draw(_kebab().filter(lambda s: s not in used_ids))
        used_ids.add(new_id)
        sessions.append(attrs.evolve(session, id=new_id))
    venue = event.venue
    if venue is not None:
        used = tuple(r for r in venue.rooms if any(s.room == r and s.start is not None for s in sessions))
        sessions = [s if s.room in used or s.room is None else attrs.evolve(s, room=None) for s in sessions]
        venue = attrs.evolve(venue, rooms=used)
        if event.is_all_day and any(s.start is not None for s in sessions):
            venue = attrs.evolve(venue, timezone=None)  # kept only for an event without sessions (see the docs)
    return attrs.evolve(event, sessions=tuple(sessions), venue=venue)


def _fits_the_xsd(event: stievents.Event) -> bool:
    """The XML Schema's durations stop at 99:59 and its offsets have no seconds (local mean time before ~1912)."""
    if event.start.year < 1950:
        return False
    if isinstance(event.start, dt.datetime) and isinstance(event.end, dt.datetime):
        return event.end - event.start < dt.timedelta(hours=99)
    return (event.end - event.start).days < 4


def _no_noncharacters(event: stievents.Event) -> bool:
    return "\ufffe" not in repr(event) and "\uffff" not in repr(event)


_STRAY_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")


def _no_stray_percent(event: stievents.Event) -> bool:
    """The XML writer repairs a URL that RFC 3986 refuses ('%' starting no escape, a second '#'...): not kept."""
    from stievents_schedule._xml_write import text, uri

    urls = [event.url, *(r.url for r in event.references)]
    return _STRAY_PERCENT.search(repr(event)) is None and all(u is None or uri(u) == text(u) for u in urls)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(
    event=schedule_events().filter(_no_noncharacters).filter(_no_stray_percent), fmt=st.sampled_from(sorted(FORMATS))
)
def test_declared_facts_survive(event, fmt):
    back = contract.check_round_trip(fmt, [event], now=NOW)[0]
    timed = {s.id: s for s in event.sessions if isinstance(s.start, dt.datetime)}
    for session in back.sessions:
        if session.id in timed:
            original = timed[session.id]
            assert session.title == original.title
            assert session.kind == original.kind
            assert session.start == original.start
            assert session.end == (original.end or original.start)
            assert [p.name for p in session.people] == [p.name for p in original.people]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(event=schedule_events(hostile=True))
def test_hostile_text_cannot_break_the_documents(event):
    from xml.etree import ElementTree

    xml = stievents.export(event, "schedule-xml", now=NOW)
    root = ElementTree.fromstring(xml)  # well-formed
    allowed = {
        "schedule", "generator", "version", "conference", "acronym", "title", "start", "end", "days",
        "timeslot_duration", "logo", "url", "time_zone_name", "day", "room", "event", "subtitle", "type", "date",
        "duration", "abstract", "slug", "track", "language", "persons", "person", "links", "link",
    }  # fmt: skip
    assert {element.tag for element in root.iter()} <= allowed, "no injected element"
    placed = [s for s in event.sessions if s.start is not None]
    assert len(root.findall("day/room/event")) == (len(placed) or 1)
    document = json.loads(stievents.export(event, "schedule-json", now=NOW))
    days = document["schedule"]["conference"]["days"]
    assert sum(len(v) for d in days for v in d["rooms"].values()) == (len(placed) or 1)
    for fmt in FORMATS:  # and both read back
        (back,) = stievents.read(stievents.export(event, fmt, now=NOW), fmt).events
        assert back.title.replace("\ufffd", "") == event.title.replace("\ufffe", "").replace("\uffff", "").replace(
            "\ufffd", ""
        )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(event=schedule_events().filter(_no_noncharacters).filter(_fits_the_xsd))
def test_generated_exports_pass_the_schemas(event, xsd, json_validator):
    for fmt in FORMATS:
        check(fmt, stievents.export(event, fmt, now=NOW), xsd, json_validator)

"""``jcal`` (RFC 7265): the ``ics`` mapping as JSON, written and read.

What is proved: jCal -> model -> jCal is byte-stable; a jCal file reads as
the ``ics`` file of the same events reads (canonical JSON and problems); the
jCal export is the ``ics`` export converted to jCal by an independent
converter written here on icalendar's parsed tree; golden files; ical.js
reads the jCal export (``new ICAL.Component(json)``) with the same components,
property names and UTC instants as the ``.ics`` export (``ICAL.parse``);
malformed jCal is reported with its jCal path.

Regenerate the golden files after an intended change with ``STIEVENTS_REGEN_GOLDEN=1``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from ical_helpers import GOLDEN, JS, all_day_event, recurring_event, regenerate_golden

import stievents
from stievents.errors import FormatError
from stievents.model import Event
from stievents.testing import in_ci, require_tool
from stievents.testing import strategies as sst

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
EXAMPLES = ["oecd-co-creation-2020", "demo-hybrid-forum"]
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


def _events(name: str) -> list[Event]:
    return [stievents.example(name)]


def _outcome(result: stievents.ImportResult) -> tuple[bytes, list[tuple[str, str, str]]]:
    canonical = stievents.export(list(result.events), "json", now=NOW)
    return canonical, [(p.path, p.severity.value, p.message) for p in result.problems]


def _sample_events() -> list[list[Event]]:
    return [*(_events(name) for name in EXAMPLES), [recurring_event()], [all_day_event()]]


# ------------------------------------------------------------------ round trip and equality with ics


def assert_jcal_like_ics(events: list[Event], *, exact: bool = True) -> None:
    """jCal -> model -> jCal is byte-stable, and a jCal file reads exactly as the ics file of the same events.

    With ``exact=False`` (hostile text) the first export may drop what iCalendar cannot carry (a topic of
    controls only, as ``ics`` does); from then on the document is a fixed point.
    """
    data = stievents.export(events, "jcal", now=NOW)
    json.loads(data)  # valid JSON
    read = stievents.read(data, "jcal")
    again = stievents.export(list(read.events), "jcal", now=NOW)
    if exact:
        assert again == data
    else:
        assert stievents.export(list(stievents.read(again, "jcal").events), "jcal", now=NOW) == again
    ics = stievents.read(stievents.export(events, "ics", now=NOW), "ics")
    assert _outcome(read) == _outcome(ics)


@pytest.mark.parametrize("events", _sample_events(), ids=lambda e: e[0].id)
def test_round_trip_and_same_as_ics(events: list[Event]) -> None:
    assert_jcal_like_ics(events)


@settings(max_examples=15, deadline=None, suppress_health_check=_SLOW)
@given(sst.event_lists(max_size=3))
def test_round_trip_generated(events: list[Event]) -> None:
    assert_jcal_like_ics(events)


@settings(max_examples=15, deadline=None, suppress_health_check=_SLOW)
@given(sst.events(hostile=True))
def test_round_trip_hostile(event: Event) -> None:
    assert_jcal_like_ics([event], exact=False)


@settings(max_examples=10, deadline=None, suppress_health_check=_SLOW)
@given(sst.events(recurring=True))
def test_round_trip_recurring(event: Event) -> None:
    assert_jcal_like_ics([event])


# ------------------------------------------------------------------ the ics export, converted independently

_INTEGER_PARTS = {"COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"}
_INTEGER_PARTS |= {"BYMONTH", "BYSETPOS"}


def _time(value: dt.date, params: dict[str, str]) -> str:
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    zulu = value.tzinfo is not None and "TZID" not in params
    return value.replace(tzinfo=None).isoformat() + ("Z" if zulu else "")


def _ical_date(text: str) -> str:
    match = re.fullmatch(r"(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)(Z?))?", text)
    assert match is not None, text
    y, m, d, hh, mm, ss, z = match.groups()
    return f"{y}-{m}-{d}" if hh is None else f"{y}-{m}-{d}T{hh}:{mm}:{ss}{z}"


def _recur(text: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for part in text.split(";"):
        key, value = part.split("=", 1)
        items: list[Any] = value.split(",")
        if key == "UNTIL":
            items = [_ical_date(i) for i in items]
        elif key in _INTEGER_PARTS:
            items = [int(i) for i in items]
        found[key.lower()] = items[0] if len(items) == 1 else items
    return found


def _offset(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def _expected(name: str, value: Any) -> tuple[str, dict[str, str], list[Any]]:
    """One icalendar property as jCal: its type, parameters (upper case, no VALUE) and values."""
    from icalendar import prop

    params = {str(k).upper(): str(v) for k, v in getattr(value, "params", {}).items() if str(k).upper() != "VALUE"}
    if isinstance(value, prop.vDDDLists):
        times = [_time(v.dt, params) for v in value.dts]
        return ("date" if len(times[0]) == 10 else "date-time"), params, times
    if isinstance(value, prop.vDDDTypes):
        text = _time(value.dt, params)
        return ("date" if len(text) == 10 else "date-time"), params, [text]
    if isinstance(value, prop.vCategory):
        return "text", params, [str(c) for c in value.cats]
    if isinstance(value, prop.vGeo):
        return "float", params, [[value.latitude, value.longitude]]
    if isinstance(value, prop.vRecur):
        return "recur", params, [_recur(value.to_ical().decode())]
    if isinstance(value, prop.vUTCOffset):
        return "utc-offset", params, [_offset(value.td)]
    if isinstance(value, int):
        return "integer", params, [int(value)]
    if isinstance(value, prop.vDuration):
        return "duration", params, [value.to_ical().decode()]
    if isinstance(value, prop.vUri):
        return "uri", params, [str(value)]
    if isinstance(value, prop.vCalAddress) or name == "CALENDAR-ADDRESS":  # RFC 9073 7.1; icalendar: text
        return "cal-address", params, [str(value)]
    if name.startswith("X-"):  # RFC 7265 5: an unknown property keeps its iCalendar text
        raw = value.to_ical()
        return "unknown", params, [raw.decode() if isinstance(raw, bytes) else raw]
    if isinstance(value, prop.vUnknown):  # RFC 7986 NAME, unknown to icalendar, which keeps its escaped text
        return "text", params, [re.sub(r"\\([\\,;nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(value))]
    return "text", params, [str(value)]


def _from_icalendar(component: Any) -> list[Any]:
    props: dict[str, list[Any]] = {}
    for name in component:
        found = dict.__getitem__(component, name)
        for value in found if isinstance(found, list) else [found]:
            kind, params, values = _expected(name.upper(), value)
            props.setdefault(name.upper(), []).append([params, kind, values])
    return [component.name.upper(), props, [_from_icalendar(sub) for sub in component.subcomponents]]


def _from_jcal(component: list[Any]) -> list[Any]:
    name, properties, subcomponents = component
    props: dict[str, list[Any]] = {}
    for prop_name, params, kind, *values in properties:
        upper = {k.upper(): v for k, v in params.items()}
        props.setdefault(prop_name.upper(), []).append([upper, kind, values])
    return [name.upper(), props, [_from_jcal(sub) for sub in subcomponents]]


@pytest.mark.parametrize("events", _sample_events(), ids=lambda e: e[0].id)
def test_jcal_is_the_ics_export_converted(events: list[Event]) -> None:
    from icalendar import Calendar

    ics = Calendar.from_ical(stievents.export(events, "ics", now=NOW))
    jcal = json.loads(stievents.export(events, "jcal", now=NOW))
    assert _from_jcal(jcal) == _from_icalendar(ics)


@settings(max_examples=15, deadline=None, suppress_health_check=_SLOW)
@given(sst.event_lists(max_size=2))
def test_jcal_is_the_ics_export_converted_generated(events: list[Event]) -> None:
    jcal = stievents.export(events, "jcal", now=NOW)
    # icalendar (the independent reader here) misreads a backslash in a parameter value (CN=Ann\;ROLE=...):
    # such names are left out of this comparison; test_round_trip_* cover them.
    assume(not any("\\" in str(v) for v in _parameter_values(json.loads(jcal))))
    test_jcal_is_the_ics_export_converted(events)


def _parameter_values(component: list[Any]) -> list[Any]:
    found = [value for prop in component[1] for value in prop[1].values()]
    return found + [value for sub in component[2] for value in _parameter_values(sub)]


# ------------------------------------------------------------------ golden files


@pytest.mark.parametrize("name", EXAMPLES)
def test_golden(name: str) -> None:
    data = stievents.export(stievents.example(name), "jcal", now=NOW)
    path = GOLDEN / f"{name}.jcal.json"
    if regenerate_golden():
        path.write_bytes(data)
    assert path.exists(), f"missing {path}; run with STIEVENTS_REGEN_GOLDEN=1"
    assert data == path.read_bytes(), f"{path.name} differs; if intended, regenerate with STIEVENTS_REGEN_GOLDEN=1"
    assert stievents.read(path.read_bytes(), "jcal").events[0].id == name


def test_registered_without_plain_json() -> None:
    exporter = stievents.get_exporter("jcal")
    assert exporter.media_type == "application/calendar+json"
    assert exporter.suffixes == (".jcal.json",)
    assert stievents.get_importer("jcal").suffixes == (".jcal.json",)
    assert exporter.fidelity == stievents.get_exporter("ics").fidelity


def test_written_one_component_a_line() -> None:
    data = stievents.export([recurring_event(), all_day_event()], "jcal", now=NOW).decode("utf-8")
    lines = data.splitlines()
    assert lines[0].startswith('["vcalendar",[["prodid",')
    assert lines[-1] == "]]"
    assert all(line.startswith(('["vtimezone"', '["vevent"')) for line in lines[1:-1])
    parsed = json.loads(data)
    names = [c[0] for c in parsed[2]]
    assert len(names) == len(lines) - 2
    assert names == sorted(names, key=lambda name: name != "vtimezone")
    assert names.count("vevent") == 8


# ------------------------------------------------------------------ what jCal carries, and bad input


def test_values_as_rfc_7265_types() -> None:
    jcal = json.loads(stievents.export(recurring_event(), "jcal", now=NOW))
    vevent = next(c for c in jcal[2] if c[0] == "vevent")
    props = {p[0]: p for p in vevent[1]}
    assert props["dtstart"] == ["dtstart", {"tzid": "Europe/Paris"}, "date-time", "2030-03-04T09:00:00"]
    assert props["dtstamp"] == ["dtstamp", {}, "date-time", "2026-01-01T00:00:00Z"]
    assert props["rrule"] == ["rrule", {}, "recur", {"freq": "WEEKLY", "count": 8, "byday": "MO"}]
    assert props["sequence"] == ["sequence", {}, "integer", 5]
    day = json.loads(stievents.export(all_day_event(), "jcal", now=NOW))
    main = next(c for c in day[2] if c[0] == "vevent")
    found = {p[0]: p for p in main[1]}
    assert found["dtstart"] == ["dtstart", {}, "date", "2030-09-01"]
    assert found["rrule"][3] == {"freq": "YEARLY", "until": "2033-09-01"}
    assert found["exdate"] == ["exdate", {}, "date", "2031-09-01"]


def test_reading_recur_and_dates_back() -> None:
    event = recurring_event()
    (read,) = stievents.read(stievents.export(event, "jcal", now=NOW), "jcal").events
    (from_ics,) = stievents.read(stievents.export(event, "ics", now=NOW), "ics").events
    assert read.recurrence is not None
    assert event.recurrence is not None
    assert from_ics.recurrence is not None
    assert read.recurrence.rule == from_ics.recurrence.rule
    assert read.start == event.start
    assert read.recurrence.exdates == event.recurrence.exdates


def test_reading_several_values_of_one_property() -> None:
    """RFC 7265 3.4.1.2: EXDATE (and RDATE, CATEGORIES) may carry several values; each one counts."""
    jcal = json.loads(stievents.export(recurring_event(), "jcal", now=NOW))
    vevent = next(c for c in jcal[2] if c[0] == "vevent")
    (exdate,) = [p for p in vevent[1] if p[0] == "exdate"]
    exdate.append("2030-04-08T09:00:00")
    vevent[1].append(["categories", {}, "text", "a, b", "c;d"])
    (event,) = stievents.read(json.dumps(jcal).encode(), "jcal").events
    assert event.recurrence is not None
    assert [e.isoformat() for e in event.recurrence.exdates] == [
        "2030-03-18T09:00:00+01:00",
        "2030-04-08T09:00:00+02:00",
    ]
    assert event.topics == ("a, b", "c;d")


@pytest.mark.parametrize(
    "data",
    [b"", b"{}", b"[1, 2]", b'["vevent", [], []]', b"not json", b'["vcalendar", {}, []]', b"\xff\xfe"],
)
def test_not_jcal(data: bytes) -> None:
    with pytest.raises(FormatError, match="not a jCal file"):
        stievents.read(data, "jcal")


def test_bad_property_reported_with_its_path() -> None:
    jcal = json.loads(stievents.export(recurring_event(), "jcal", now=NOW))
    vevent = next(c for c in jcal[2] if c[0] == "vevent")
    vevent[1].append(["rrule", {}, "recur", "FREQ=DAILY"])  # a recur value must be an object
    vevent[1].append(["x-injected", {}, "unknown", "a\r\nBEGIN:VEVENT"])  # no line may be smuggled in
    vevent[1].append(["end", {}, "text", "VEVENT"])  # nor a component boundary
    vevent[2].append(["participant", "no properties"])
    result = stievents.read(json.dumps(jcal).encode(), "jcal", lenient=True)
    paths = [(p.path, p.severity.value) for p in result.problems]
    assert ("jcal:vcalendar.vevent[0].rrule", "warning") in paths
    assert ("jcal:vcalendar.vevent[0].x-injected", "warning") in paths
    assert any(path.startswith("jcal:vcalendar.vevent[0].properties[") for path, _ in paths)  # the "end" property
    assert len(result.events) == 1
    assert any(path.startswith("jcal:vcalendar.vevent[0].components[") for path, _ in paths)
    assert result.events[0].recurrence is not None
    assert result.events[0].recurrence.rule == recurring_event().recurrence.rule  # type: ignore[union-attr]


# ------------------------------------------------------------------ ical.js


def _ical_js(ics: Path, jcal: Path) -> dict[str, Any]:
    node = require_tool("node", why="ical.js interop test")
    if not (JS / "node_modules" / "ical.js").is_dir():
        message = f"ical.js is not installed: run `npm ci --prefix {JS}`"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    command = [node, str(JS / "compare-jcal.mjs"), str(ics), str(jcal)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("events", _sample_events(), ids=lambda e: e[0].id)
def test_ical_js_reads_jcal_as_ics(events: list[Event], tmp_path: Path) -> None:
    ics = tmp_path / "events.ics"
    jcal = tmp_path / "events.jcal.json"
    ics.write_bytes(stievents.export(events, "ics", now=NOW))
    jcal.write_bytes(stievents.export(events, "jcal", now=NOW))
    read = _ical_js(ics, jcal)
    assert read["jcal"] == read["ics"]
    assert read["ics"]["events"], "ical.js found no VEVENT"


# ------------------------------------------------------------------ one mapping


def test_jcal_writer_holds_no_mapping_rule() -> None:
    """The jCal writer renders ``_tocal``'s description: it names no property, status, role or model class.

    Its only iCalendar words are ``VALUE`` (which jCal turns into the type) and ``TZID`` (the parameter of a
    zoned DATE-TIME, the zone named by ``_lines.zone_id``, shared with ``ics``).
    """
    import ast
    import inspect

    from stievents_ical import _names as n
    from stievents_ical import _tocal, _write_jcal

    tree = ast.parse(inspect.getsource(_write_jcal))
    literals = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    models = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "stievents.model"
        for alias in node.names
    }
    vocabulary = {value for name, value in vars(n).items() if name.startswith("X_") and isinstance(value, str)}
    vocabulary |= set(n.JSON_LISTS.values()) | set(n.JSON_RECORDS.values()) | set(n.TEXT_LISTS.values())
    vocabulary |= set(_tocal.VEVENT_ORDER) | set(_tocal.STATUS_TO_ICAL.values()) | set(_tocal.PERSON_ROLES)
    vocabulary |= set(_tocal.ORGANISER_PARTICIPANT_TYPE.values()) | set(_tocal.PERSON_PARTICIPANT_TYPE.values())
    vocabulary |= {"CATEGORIES", "GEO", "URL", "ORGANIZER", "ATTENDEE", "LOCATION", "CN", "VALUE", "TZID"}
    vocabulary |= {name.lower() for name in vocabulary}
    assert literals & vocabulary <= {"VALUE", "TZID", "duration"}  # "duration": a jCal type as well as a property
    assert "SUMMARY" in vocabulary
    assert models <= {"Event"}

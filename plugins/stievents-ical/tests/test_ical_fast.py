"""The fast writer that serves ``ics`` is the icalendar-built reference writer, byte for byte.

Both render the one description of :mod:`stievents_ical._tocal`. Checked on
the golden files, on constructed events and on Hypothesis-generated events
(hostile text and source UIDs included): same bytes, same parsed components
and properties, the strict byte checker passes, and the output is streamed.
Neither engine holds a rule of its own (``test_engines_hold_no_mapping_rule``).
"""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from typing import Any

import attrs
import icalendar
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ical_checker import check_ics
from ical_helpers import GOLDEN, all_day_event, recurring_event
from icalendar.parser import Parameters
from icalendar.parser.string import _foldline
from stievents_ical import _tocal, _write_fast, _write_reference
from stievents_ical._lines import date_line, fold, param, params
from stievents_ical._text import clean_text, escape_text
from stievents_ical.reference import export_reference

import stievents
from stievents.model import Event
from stievents.testing import strategies as sst

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
EXAMPLES = ["oecd-co-creation-2020", "demo-hybrid-forum"]


def structure(data: bytes) -> list[Any]:
    """Every component of a parsed file as (name, [(property, value bytes, sorted params)], children)."""

    def walk(component: Any) -> Any:
        props = []
        for name, value in component.property_items(recursive=False, sorted=False)[1:-1]:
            params = sorted((str(k), str(v)) for k, v in getattr(value, "params", {}).items())
            raw = value.to_ical() if hasattr(value, "to_ical") else str(value).encode("utf-8")
            props.append((name, raw, params))
        return component.name, props, [walk(c) for c in component.subcomponents]

    return [walk(c) for c in icalendar.Calendar.from_ical(data, multiple=True)]


def assert_equivalent(events: list[Event], **options: Any) -> bytes:
    fast = stievents.export(events, "ics", now=NOW, **options)
    reference = export_reference(events, now=NOW, **options)
    check_ics(fast)
    assert structure(fast) == structure(reference)
    assert fast == reference
    return fast


@pytest.mark.parametrize("name", EXAMPLES)
def test_golden_files_come_from_both_writers(name: str, fixed_now: dt.datetime) -> None:
    golden = (GOLDEN / f"{name}.ics").read_bytes()
    event = stievents.example(name)
    assert export_reference(event, now=fixed_now) == golden
    assert stievents.export(event, "ics", now=fixed_now) == golden


def test_constructed_events_and_options() -> None:
    events = [stievents.example(name) for name in EXAMPLES] + [recurring_event(), all_day_event()]
    events += [attrs.evolve(e, id=f"{e.id}-u", uid=f"{e.id}@example.org, \\N; é") for e in events]
    for event in events:
        assert_equivalent([event])
    assert_equivalent(events)
    assert_equivalent(events, calendar_name="Feed", refresh_interval="PT6H", source_url="https://example.org/a.ics")
    assert_equivalent([])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sst.event_lists(max_size=3))
def test_generated_events(events: list[Event]) -> None:
    assert_equivalent(events)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sst.events(hostile=True))
def test_generated_hostile_events(event: Event) -> None:
    assert_equivalent([event])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sst.events(recurring=True))
def test_generated_recurring_events(event: Event) -> None:
    assert_equivalent([event])


# ------------------------------------------------------------------ one mapping, two engines


def test_vevent_order_is_icalendars() -> None:
    """The fast writer orders by our table; the reference writer is ordered by icalendar itself."""
    assert _write_reference.vevent_order() == _tocal.VEVENT_ORDER
    assert _write_reference.vcalendar_order() == _tocal.VCALENDAR_ORDER
    assert set(_tocal.CANONICAL_ORDER) == {"VEVENT", "VCALENDAR"}
    assert not icalendar.Component.canonical_order  # PARTICIPANT: icalendar orders its properties by name


def _literals(module: Any) -> set[str]:
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(module))
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def _model_names(module: Any) -> set[str]:
    import ast
    import inspect

    names = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.ImportFrom) and node.module == "stievents.model":
            names.update(alias.name for alias in node.names)
    return names


def test_engines_hold_no_mapping_rule() -> None:
    """What is written where is stated once, in ``_tocal``: the engines name no property, value or model class.

    The engines may know component names (VCALENDAR, VEVENT, PARTICIPANT) and
    nothing of the model but ``Event`` (for their signatures); every iCalendar
    property name, status, role or participant type ``_tocal`` writes is absent
    from their source, so no table or rule can have been copied into them.
    """
    from stievents_ical import _names as n

    vocabulary = {value for name, value in vars(n).items() if name.startswith("X_") and isinstance(value, str)}
    vocabulary |= set(n.JSON_LISTS.values()) | set(n.JSON_RECORDS.values()) | set(n.TEXT_LISTS.values())
    vocabulary |= set(_tocal.VEVENT_ORDER) | set(_tocal.STATUS_TO_ICAL.values())
    vocabulary |= set(_tocal.ORGANISER_PARTICIPANT_TYPE.values()) | set(_tocal.PERSON_PARTICIPANT_TYPE.values())
    vocabulary |= set(_tocal.PERSON_ATTENDEE_ROLE.values()) | set(_tocal.PERSON_ROLES)
    vocabulary |= {"STATUS", "CLASS", "PUBLIC", "PRIVATE", "ORGANIZER", "ATTENDEE", "LOCATION", "GEO", "URL"}
    vocabulary |= {"CONFERENCE", "RELATED-TO", "PARENT", "CATEGORIES", "CONTACT", "IMAGE", "CN", "VALUE", "URI"}
    vocabulary |= {"PARTICIPANT-TYPE", "CALENDAR-ADDRESS", "LANGUAGE", "CREATED", "LAST-MODIFIED", "PRODID"}
    vocabulary |= {"METHOD", "PUBLISH", "NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "SOURCE", "DESCRIPTION"}
    for engine in (_write_fast, _write_reference):
        assert not (_literals(engine) & vocabulary), engine.__name__
        assert _model_names(engine) <= {"Event"}, engine.__name__
        for value in vars(engine).values():  # nor a table built at import time
            assert not (isinstance(value, dict) and set(map(str, value.values())) & vocabulary), engine.__name__
    assert _literals(_tocal) >= {"CONFIRMED", "SPEAKER", "LOCATION", "RELATED-TO"}  # the test sees literals


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from(["\x00", "\r", "\\", ";"])))
def test_escaped_is_cleaned_then_escaped(text: str) -> None:
    """The shortcuts of ``escaped`` (nothing to do, nothing to clean) give what the rule says."""
    assert _tocal.escaped(text) == escape_text(clean_text(text))


# ------------------------------------------------------------------ the pieces, against icalendar's own functions

lines = st.text(
    st.one_of(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), st.sampled_from(["\\", "^", "é", "😀"])),
    max_size=400,
).map(lambda text: "X-TEST:" + text)


@settings(max_examples=300, deadline=None)
@given(lines)
def test_fold_is_icalendars(line: str) -> None:
    assert fold(line) == _foldline(line)


def test_fold_keeps_escapes_together() -> None:
    for width in range(60, 80):
        line = "SUMMARY:" + "a" * width + "\\,\\\\^^é😀" * 20
        assert fold(line) == _foldline(line)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["CN", "LABEL", "LANGUAGE", "TZID", "DIR"]), st.text(max_size=30))
def test_param_is_icalendars(key: str, value: str) -> None:
    assume(not (key == "TZID" and value == "UTC"))  # icalendar drops TZID=UTC; date_line writes Z instead
    expected = Parameters({key: value}).to_ical().decode("utf-8")
    assert param(key, value) == ";" + expected


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["CN", "CUTYPE", "ROLE", "LABEL", "VALUE", "FEATURE"]), st.text(max_size=12)))
def test_params_are_icalendars(pairs: dict[str, str]) -> None:
    assert params(tuple(pairs.items())) == (";" + Parameters(pairs).to_ical().decode("utf-8") if pairs else "")


@settings(max_examples=200, deadline=None)
@given(sst.temporals())
def test_date_line_is_icalendars(value: dt.date) -> None:
    event = icalendar.Event()
    event.add("dtstart", value)
    expected = event.to_ical().decode("utf-8").split("\r\n")[1]
    assert date_line("DTSTART", value) == expected


# ------------------------------------------------------------------ streaming


class Recorder(io.RawIOBase):
    """A binary stream that keeps each write apart."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.chunks.append(bytes(data))
        return len(data)


def test_events_are_written_one_by_one() -> None:
    events = [stievents.example(name) for name in EXAMPLES] + [recurring_event(), all_day_event()]
    stream = Recorder()
    stievents.export_to(stream, events, "ics", now=NOW)
    chunks = stream.chunks
    vtimezones = [c for c in chunks if c.startswith(b"BEGIN:VTIMEZONE")]
    assert len(chunks) == 1 + len(vtimezones) + len(events) + 1
    assert chunks[0].startswith(b"BEGIN:VCALENDAR")
    assert b"VEVENT" not in chunks[0]
    for event, chunk in zip(events, chunks[1 + len(vtimezones) : -1], strict=True):
        assert chunk.startswith(b"BEGIN:VEVENT\r\nSUMMARY")
        assert f"UID:{event.id}@stievents\r\n".encode() in chunk
    assert chunks[-1] == b"END:VCALENDAR\r\n"
    assert b"".join(chunks) == export_reference(events, now=NOW)


def test_zones_icalendar_calls_utc_keep_their_instant() -> None:
    """icalendar writes Africa/Abidjan (like Etc/UTC) with Z; before 1912 its offset was not zero."""
    zone = zoneinfo.ZoneInfo("Africa/Abidjan")
    for start in (dt.datetime(2030, 1, 1, 10, 0, tzinfo=zone), dt.datetime(1890, 1, 1, 10, 0, tzinfo=zone)):
        event = Event(id="abidjan", title="t", start=start, end=start + dt.timedelta(hours=1))
        data = stievents.export(event, "ics", now=NOW)
        check_ics(data)
        (vevent,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
        assert vevent.decoded("DTSTART") == start
        assert stievents.read(data, "ics").events[0].start == start
        if start.year > 1912:
            assert data == export_reference(event, now=NOW)


def test_the_line_sink_writes_a_duration() -> None:
    """The calendar head comes from the reference, but the fast sink renders a duration like any value."""
    from stievents_ical._write_fast import LineSink

    sink = LineSink()
    sink.duration("REFRESH-INTERVAL", "P1D", (("VALUE", "DURATION"),))
    sink.duration("X-PUBLISHED-TTL", "PT12H")
    assert sink.lines == ["REFRESH-INTERVAL;VALUE=DURATION:P1D", "X-PUBLISHED-TTL:PT12H"]


@given(
    name=st.text(max_size=40),
    refresh=st.sampled_from([None, "PT12H", "P1D"]),
    source=st.sampled_from([None, "https://events.example.org/feeds/all.ics"]),
    page=st.sampled_from([None, "https://events.example.org/en/?a=1&b=2"]),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_calendars_own_properties_come_out_alike_from_both_writers(
    name: str, refresh: str | None, source: str | None, page: str | None
) -> None:
    """The VCALENDAR's own properties go through the shared description too (in VCALENDAR_ORDER)."""
    from stievents import api

    events = [stievents.example(n) for n in stievents.example_names()]
    options = {"calendar_name": name or None, "refresh_interval": refresh, "source_url": source, "calendar_url": page}
    exporter = api.get_exporter("ics")
    context = api.make_export_context(
        exporter, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), options={k: v for k, v in options.items() if v}
    )
    context = attrs.evolve(context, collection=tuple(events))
    fast, reference = io.BytesIO(), io.BytesIO()
    _write_fast.write_ics_fast(events, fast, context)
    _write_reference.write_reference(events, reference, context)
    assert fast.getvalue() == reference.getvalue()

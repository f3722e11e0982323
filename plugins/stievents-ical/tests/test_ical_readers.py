"""Our own iCalendar reader is the icalendar-based reference reader, event for event and problem for problem.

Both readers feed the same mapping; these tests prove that what they hand it is
the same: byte-identical canonical JSON and the same problems in the same order
(or the same error) on the forty real files (read in place from ../shared), the golden files, the hostile and
fuzz seed files, calendars exported from Hypothesis events, and raw calendars
built and mangled line by line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ical_helpers import GOLDEN, SHARED, all_day_event, recurring_event
from stievents_ical._parse import Declined, parse_line
from stievents_ical.reading import read_fast, read_reference

import stievents
from stievents.errors import StieventsError
from stievents.model import Event
from stievents.testing import strategies as sst

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ROOT = Path(__file__).resolve().parents[3]
HOSTILE = ROOT / "tests" / "data" / "hostile"


def _outcome(result: stievents.ImportResult) -> tuple[bytes, list[tuple[str, str, str]]]:
    json = stievents.export(list(result.events), "json", now=NOW)
    return json, [(p.path, p.severity.value, p.message) for p in result.problems]


def assert_same(data: bytes, **options: object) -> None:
    """Both readers give the same events and problems, or both refuse ``data`` with the same error."""
    try:
        fast, stats = read_fast(data, **options)
    except StieventsError as exc:
        refused: StieventsError = exc
    else:
        reference = read_reference(data, **options)
        assert _outcome(fast) == _outcome(reference)
        assert stats.vevents >= len(fast.events)
        return
    with pytest.raises(type(refused)) as caught:
        read_reference(data, **options)
    assert str(caught.value) == str(refused)


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern)) if folder.is_dir() else []


@pytest.mark.parametrize("path", _files(SHARED, "*.ics"), ids=lambda p: p.name)
def test_real_files(path: Path) -> None:
    assert_same(path.read_bytes())
    assert_same(path.read_bytes(), default_timezone="Europe/Paris")


def test_real_files_are_there() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"the shared interop files are absent ({SHARED})")
    assert len(_files(SHARED, "*.ics")) == 40


@pytest.mark.parametrize("path", _files(GOLDEN, "*.ics"), ids=lambda p: p.name)
def test_golden_files(path: Path) -> None:
    assert_same(path.read_bytes())


@pytest.mark.parametrize("path", _files(HOSTILE, "*.ics") + _files(HOSTILE, "*.bin"), ids=lambda p: p.name)
def test_hostile_and_fuzz_files(path: Path) -> None:
    data = path.read_bytes()
    assert_same(data)
    assert_same(data[1:])  # the fuzz harness's first byte picks the importer


def test_fuzz_seed_exports(example_events: list[Event]) -> None:
    for event in [*example_events, recurring_event(), all_day_event()]:
        assert_same(stievents.export(event, "ics", now=NOW))
    assert_same(stievents.export(example_events, "ics", now=NOW))


def test_our_files_need_no_icalendar(example_events: list[Event]) -> None:
    _, stats = read_fast(stievents.export([*example_events, recurring_event(), all_day_event()], "ics", now=NOW))
    assert (stats.vevents_declined, stats.files_declined) == (0, 0)
    assert stats.vevents > len(example_events)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sst.event_lists(max_size=3))
def test_generated_events(events: list[Event]) -> None:
    assert_same(stievents.export(events, "ics", now=NOW))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sst.events(hostile=True))
def test_generated_hostile_events(event: Event) -> None:
    assert_same(stievents.export(event, "ics", now=NOW))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sst.events(recurring=True))
def test_generated_recurring_events(event: Event) -> None:
    assert_same(stievents.export(event, "ics", now=NOW))


# ------------------------------------------------------------------ raw calendars, line by line

_VALUE_PIECES = st.sampled_from(
    ["a", "Z", "é", "😀", " ", "\t", ",", ";", ":", "\\", "\\n", "\\,", "\\;", "\\:", '"', "^", "\x0b", "\x00", "\r"]
)
_PARAM_PIECES = st.sampled_from(["a", "B", "é", " ", ",", ":", ";", "^n", "^^", "^'", "\\", "%2C", "\x08", "="])
_NAMES = [
    "SUMMARY",
    "summary",
    "DESCRIPTION",
    "LOCATION",
    "UID",
    "CATEGORIES",
    "URL",
    "STATUS",
    "ORGANIZER",
    "CONFERENCE",
    "X-STIEVENTS-SUBTITLE",
    "X-STIEVENTS-AUDIENCE",
    "RELATED-TO",
    "GEO",
    "SEQUENCE",
]
_TIMES = st.sampled_from(
    [
        "20300101T100000Z",
        "20300101T100000",
        "20300101",
        "20300230T100000",
        "20300101T100000Z/PT1H",
        "2030-01-01",
        "",
        "20300101T100000,20300102T100000",
    ]
)
_ZONES = st.sampled_from(
    [None, "Europe/Paris", "W. Europe Standard Time", "/mozilla.org/Europe/Berlin", "Custom", '"Europe/Paris"', " 1"]
)


@st.composite
def _params(draw: st.DrawFn) -> str:
    found = []
    for _ in range(draw(st.integers(0, 2))):
        name = draw(st.sampled_from(["CN", "LANGUAGE", "LABEL", "X-P", "cn", "RELTYPE", "VALUE"]))
        value = "".join(draw(st.lists(_PARAM_PIECES, max_size=6)))
        if draw(st.booleans()):
            value = '"' + value.replace('"', "") + '"'
        found.append(f";{name}={value}")
    return "".join(found)


@st.composite
def _line(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 3)) == 0:
        name = draw(st.sampled_from(["DTSTART", "DTEND", "RDATE", "EXDATE", "RECURRENCE-ID"]))
        zone = draw(_ZONES)
        params = f";TZID={zone}" if zone else ""
        if draw(st.booleans()):
            params += ";VALUE=DATE"
        return f"{name}{params}:{draw(_TIMES)}"
    name = draw(st.sampled_from(_NAMES))
    value = "".join(draw(st.lists(_VALUE_PIECES, max_size=12)))
    return f"{name}{draw(_params())}:{value}"


@st.composite
def _calendars(draw: st.DrawFn) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    if draw(st.booleans()):
        lines.append(f"X-WR-TIMEZONE:{draw(st.sampled_from(['America/New_York', 'Nowhere/City']))}")
    uids = ["a@example.org", "b@example.org", "stievents-x@stievents"]
    for _ in range(draw(st.integers(1, 4))):
        lines.append("BEGIN:VEVENT")
        lines.append(f"UID:{draw(st.sampled_from(uids))}")
        lines.append("DTSTART:20300101T100000Z")
        lines.extend(draw(st.lists(_line(), max_size=6)))
        if draw(st.booleans()):
            lines += ["BEGIN:PARTICIPANT", "PARTICIPANT-TYPE:SPONSOR", f"SUMMARY:{draw(_line())}", "END:PARTICIPANT"]
        lines.append("END:VEVENT")
    if draw(st.booleans()):
        lines += ["BEGIN:VTIMEZONE", "TZID:Custom", "BEGIN:STANDARD", "DTSTART:19700101T000000"]
        lines += ["TZOFFSETFROM:+0300", "TZOFFSETTO:+0300", "END:STANDARD", "END:VTIMEZONE"]
    lines.append("END:VCALENDAR")
    newline = draw(st.sampled_from(["\r\n", "\n"]))
    text = newline.join(lines) + newline
    folded = []
    for char in text:  # fold anywhere, with CRLF or LF and a space or a tab, as writers do
        folded.append(char)
        if char not in "\r\n" and draw(st.integers(0, 40)) == 0:
            folded.append(draw(st.sampled_from(["\r\n ", "\r\n\t", "\n "])))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "cp1252"]))
    return "".join(folded).encode(encoding, "replace")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_calendars())
def test_generated_raw_calendars(data: bytes) -> None:
    assert_same(data)


@pytest.mark.parametrize("fold", ["B\r\n EGIN:VEVENT", "BEGIN\r\n :VEVENT", "BEGIN:VEV\r\n ENT", "beg\n\tin:VEVENT"])
def test_a_boundary_folded_inside_its_word(fold: str) -> None:
    """Found by ``test_generated_raw_calendars``: our index missed a BEGIN or END line folded before its colon."""
    data = (
        f"BEGIN:VCALENDAR\r\n{fold}\r\nUID:a@example.org\r\nDTSTART:20300101T100000Z\r\nSUMMARY:a\r\n"
        "E\r\n ND\r\n :\r\n VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    assert_same(data)
    assert len(read_reference(data).events) == 1


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.integers(0, 400))
def test_mangled_bytes(noise: bytes, at: int) -> None:
    data = stievents.export(recurring_event(), "ics", now=NOW)
    at = at % len(data)
    assert_same(data[:at] + noise + data[at:])


# ------------------------------------------------------------------ the content-line parser itself


@pytest.mark.parametrize(
    ("line", "name", "params", "value"),
    [
        ("SUMMARY:a\\,b", "SUMMARY", {}, "a\\,b"),
        ('ORGANIZER;CN="Doe, John":mailto:j@example.org', "ORGANIZER", {"CN": "Doe, John"}, "mailto:j@example.org"),
        ("x-note;lang=en:v:w", "X-NOTE", {"LANG": "en"}, "v:w"),
        ("X-P;CN=a^nb^^c^'d^x:v", "X-P", {"CN": 'a\nb^c"d^x'}, "v"),
        ('X-P;MEMBER="a","b";X=:v', "X-P", {"MEMBER": "a,b", "X": ""}, "v"),
    ],
)
def test_content_lines(line: str, name: str, params: dict[str, str], value: str) -> None:
    prop = parse_line(line)
    assert (prop.name, prop.params, prop.value) == (name, params, value)


@pytest.mark.parametrize(
    "line", ["SUMMARY", "SUM MARY:x", "X-P;CN= a:v", "X-P;CN=a\x08:v", 'X-P;CN="a:v', "X-P;CN=a\\,b:v", ";X=a:v"]
)
def test_lines_left_to_icalendar(line: str) -> None:
    with pytest.raises(Declined):
        parse_line(line)

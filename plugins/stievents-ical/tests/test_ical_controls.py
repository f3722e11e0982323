"""Foreign calendars with stray control characters: U+FFFD and one warning per property, not a lost event."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import stievents
from stievents.errors import Severity

_LINES = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
    "BEGIN:VEVENT",
    "UID:plain@example.org",
    "DTSTART:20260105T090000Z",
    "DTEND:20260105T100000Z",
    "SUMMARY:A clean event",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:messy@example.org",
    "DTSTART:20260106T090000Z",
    "DTEND:20260106T100000Z",
    "SUMMARY:Budget\x0breview\x00 \x1b[31mnow",
    "DESCRIPTION:First line\x0bsecond line\\nNUL\x00 and ESC\x1b end",
    "LOCATION:Room\x0c 4",
    "CATEGORIES:Policy\x07,Budget",
    'ORGANIZER;CN="Ann\x08 Lee":mailto:ann@example.org',
    "END:VEVENT",
    "END:VCALENDAR",
]
MESSY = ("\r\n".join(_LINES) + "\r\n").encode("utf-8")


def _warnings(result: stievents.ImportResult) -> dict[str, str]:
    assert all(p.severity is Severity.WARNING for p in result.problems), result.problems
    return {p.path: p.message for p in result.problems}


def test_controls_are_replaced_with_one_warning_per_property() -> None:
    result = stievents.read(MESSY, "ics")  # strict: no error
    clean, messy = result.events
    assert clean.title == "A clean event"
    assert messy.title == "Budget\ufffdreview\ufffd \ufffd[31mnow"
    assert messy.description == "First line\ufffdsecond line\nNUL\ufffd and ESC\ufffd end"
    assert messy.venue is not None
    assert messy.venue.name == "Room\ufffd 4"
    assert messy.topics == ("Policy\ufffd", "Budget")
    assert messy.contacts == ()  # icalendar drops a line whose parameter holds a control: said, not silent
    assert _warnings(result) == {
        "VEVENT[1].SUMMARY": "replaced 3 control characters (U+0000, U+000B, U+001B) with U+FFFD",
        "VEVENT[1].DESCRIPTION": "replaced 3 control characters (U+0000, U+000B, U+001B) with U+FFFD",
        "VEVENT[1].LOCATION": "replaced 1 control character (U+000C) with U+FFFD",
        "VEVENT[1].CATEGORIES": "replaced 1 control character (U+0007) with U+FFFD",
        "VEVENT[1].ORGANIZER": "a parameter holds control characters (U+0008); ignored",
    }


def test_participant_subcomponent_is_named() -> None:
    data = MESSY.replace(
        b"END:VEVENT\r\nEND:VCALENDAR",
        b"BEGIN:PARTICIPANT\r\nUID:p1\r\nPARTICIPANT-TYPE:SPONSOR\r\nSUMMARY:Acme\x1b Corp\r\n"
        b"END:PARTICIPANT\r\nEND:VEVENT\r\nEND:VCALENDAR",
    )
    result = stievents.read(data, "ics")
    assert _warnings(result)["VEVENT[1].PARTICIPANT[0].SUMMARY"] == (
        "replaced 1 control character (U+001B) with U+FFFD"
    )
    assert [o.name for o in result.events[1].organisers] == ["Acme\ufffd Corp"]


def test_a_clean_file_gets_no_warning() -> None:
    clean = b"\r\n".join([*MESSY.split(b"\r\n")[:9], b"END:VCALENDAR", b""])
    result = stievents.read(clean, "ics")
    assert [e.title for e in result.events] == ["A clean event"]
    assert result.problems == ()


def test_cli_convert_reports_the_warnings(tmp_path: Path) -> None:
    source = tmp_path / "outlook.ics"
    source.write_bytes(MESSY)
    target = tmp_path / "out.json"
    done = subprocess.run(
        [sys.executable, "-m", "stievents", "convert", str(source), "--to", "json", "-o", str(target)],
        capture_output=True,
        timeout=120,
    )
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 0, stderr
    assert "VEVENT[1].DESCRIPTION: warning: replaced 3 control characters (U+0000, U+000B, U+001B) with U+FFFD" in (
        stderr
    )
    titles = [event["title"] for event in json.loads(target.read_text("utf-8"))["events"]]
    assert titles == ["A clean event", "Budget\ufffdreview\ufffd \ufffd[31mnow"]


def test_canonical_json_still_refuses_controls() -> None:
    event = stievents.example("demo-hybrid-forum")
    data = json.loads(stievents.export(event, "json"))
    data["events"][0]["title"] = "Bad\x0btitle"
    with pytest.raises(stievents.ValidationError, match=r"control character U\+000B"):
        stievents.read(json.dumps(data).encode(), "json")

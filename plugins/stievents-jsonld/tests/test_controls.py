"""JSON-LD with stray control characters: U+FFFD and one warning per value, not a lost event."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import stievents
from stievents.errors import Severity

NODE = {
    "@context": "https://schema.org",
    "@type": "Event",
    "name": "Budget\u000breview\u0000 \u001b[31mnow",
    "description": "First line\u000bsecond\nNUL\u0000 and ESC\u001b end",
    "startDate": "2026-01-06T09:00:00Z",
    "endDate": "2026-01-06T10:00:00Z",
    "location": {"@type": "Place", "name": "Room\u000c 4"},
}
MESSY = json.dumps({"@context": "https://schema.org", "@graph": [{**NODE, "name": "Clean", "description": "Ok"}, NODE]})
MESSY = MESSY.replace('"@context": "https://schema.org", "@type"', '"@type"')


def _warnings(result: stievents.ImportResult) -> dict[str, str]:
    """The repair warnings by path (the document's other warnings, such as a missing time zone, left out)."""
    assert all(p.severity is Severity.WARNING for p in result.problems), result.problems
    return {p.path: p.message for p in result.problems if p.message.startswith("replaced ")}


def test_controls_are_replaced_with_one_warning_per_value() -> None:
    result = stievents.read(MESSY.encode(), "jsonld")  # strict: no error
    clean, messy = result.events
    assert clean.title == "Clean"
    assert messy.title == "Budget\ufffdreview\ufffd \ufffd[31mnow"
    assert messy.description == "First line\ufffdsecond\nNUL\ufffd and ESC\ufffd end"
    assert messy.venue is not None
    assert messy.venue.name == "Room\ufffd 4"
    assert _warnings(result) == {
        "$.@graph[0].location.name": "replaced 1 control character (U+000C) with U+FFFD",
        "$.@graph[1].name": "replaced 3 control characters (U+0000, U+000B, U+001B) with U+FFFD",
        "$.@graph[1].description": "replaced 3 control characters (U+0000, U+000B, U+001B) with U+FFFD",
        "$.@graph[1].location.name": "replaced 1 control character (U+000C) with U+FFFD",
    }


def test_raw_controls_inside_strings_are_repaired_too() -> None:
    """A literal control inside a JSON string is invalid JSON; pages carry them anyway, so they are read."""
    raw = json.dumps(NODE).replace("\\u000b", "\x0b").replace("\\u0000", "\x00").replace("\\u001b", "\x1b")
    raw = raw.replace("\\f", "\x0c")
    assert "\x0b" in raw
    assert "\\u00" not in raw
    result = stievents.read(raw.encode(), "jsonld")
    assert result.events[0].title == "Budget\ufffdreview\ufffd \ufffd[31mnow"
    assert set(_warnings(result)) == {"$.name", "$.description", "$.location.name"}


def test_lone_surrogates_are_replaced_as_well() -> None:
    data = json.dumps({**NODE, "name": "Caf\udce9", "description": "x"}).encode()
    assert b"\\udce9" in data
    result = stievents.read(data, "jsonld")
    assert result.events[0].title == "Caf\ufffd"
    assert _warnings(result)["$.name"] == "replaced 1 lone surrogate (U+DCE9) with U+FFFD"


def test_short_escapes_of_backspace_and_form_feed_are_found() -> None:
    data = json.dumps({**NODE, "name": "Back\bspace", "description": "Form\ffeed"}).encode()
    assert b"\\b" in data
    assert b"\\f" in data
    assert b"\\u00" not in data  # only the short escapes: the quick check must still see them
    result = stievents.read(data, "jsonld")
    assert (result.events[0].title, result.events[0].description) == ("Back\ufffdspace", "Form\ufffdfeed")


@pytest.mark.parametrize("ascii_only", [True, False])
def test_a_clean_document_gets_no_warning(ascii_only: bool) -> None:
    node = {**NODE, "name": "Plain \\u0000", "description": "é \t ok", "location": "Room 4"}
    result = stievents.read(json.dumps(node, ensure_ascii=ascii_only).encode(), "jsonld")
    assert [e.title for e in result.events] == ["Plain \\u0000"]
    assert _warnings(result) == {}


def test_cli_convert_reports_the_warnings(tmp_path: Path) -> None:
    source = tmp_path / "page.jsonld"
    source.write_text(MESSY, "utf-8")
    target = tmp_path / "out.json"
    done = subprocess.run(
        [sys.executable, "-m", "stievents", "convert", str(source), "--to", "json", "-o", str(target)],
        capture_output=True,
        timeout=120,
    )
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 0, stderr
    assert "$.@graph[1].name: warning: replaced 3 control characters (U+0000, U+000B, U+001B) with U+FFFD" in stderr
    titles = [event["title"] for event in json.loads(target.read_text("utf-8"))["events"]]
    assert titles == ["Clean", "Budget\ufffdreview\ufffd \ufffd[31mnow"]

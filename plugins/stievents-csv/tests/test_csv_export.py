"""The csv exporter: contract, golden files, options, and what it must never leak."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import subprocess
import sys
import zoneinfo
from pathlib import Path

import attrs
import pytest
from stievents_csv.columns import COLUMNS, DEFAULT_EVENT_COLUMNS, DEFAULT_SESSION_COLUMNS

import stievents
from stievents.errors import ValidationError
from stievents.testing import contract

GOLDEN = Path(__file__).parent / "golden"
REGEN = os.environ.get("STIEVENTS_REGEN_GOLDEN") == "1"


def parse(data: bytes) -> list[list[str]]:
    """The rows of a CSV export, read back with the standard library."""
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def as_dicts(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("rows", ["events", "sessions"])
def test_contract(example_events, fixed_now, rows):
    contract.check_exporter("csv", example_events, now=fixed_now, rows=rows)


def test_contract_with_every_column(example_events, fixed_now):
    contract.check_exporter("csv", example_events, now=fixed_now, rows="sessions", columns=",".join(COLUMNS))


@pytest.mark.parametrize("name", stievents.example_names())
@pytest.mark.parametrize("rows", ["events", "sessions"])
def test_golden(name, rows, fixed_now):
    data = stievents.export(stievents.example(name), "csv", now=fixed_now, rows=rows)
    path = GOLDEN / f"{name}.{rows}.csv"
    if REGEN:
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{path.name} differs; regenerate with STIEVENTS_REGEN_GOLDEN=1"


def test_golden_every_column(example_events, fixed_now):
    data = stievents.export(example_events, "csv", now=fixed_now, rows="sessions", columns=list(COLUMNS))
    path = GOLDEN / "examples.all-columns.csv"
    if REGEN:
        path.write_bytes(data)
    assert data == path.read_bytes(), f"{path.name} differs; regenerate with STIEVENTS_REGEN_GOLDEN=1"


def test_header_and_one_row_per_event(example_events):
    rows = parse(stievents.export(example_events, "csv"))
    assert rows[0] == list(DEFAULT_EVENT_COLUMNS)
    assert [row[0] for row in rows[1:]] == [e.id for e in example_events]


def test_one_row_per_session(example_events):
    rows = as_dicts(stievents.export(example_events, "csv", rows="sessions"))
    assert list(rows[0]) == list(DEFAULT_SESSION_COLUMNS)
    assert [(r["id"], r["session_id"]) for r in rows] == [(e.id, s.id) for e in example_events for s in e.sessions]


def test_event_without_sessions_keeps_one_row(reference_event):
    bare = attrs.evolve(reference_event, sessions=(), policy_questions=())
    rows = as_dicts(stievents.export(bare, "csv", rows="sessions"))
    assert len(rows) == 1
    assert rows[0]["id"] == bare.id
    assert rows[0]["session_id"] == ""


def test_times_in_event_zone_with_offset_and_zone_column(reference_event, demo_event):
    (oecd,) = as_dicts(stievents.export(reference_event, "csv", columns="start,end,timezone,venue_local_start"))
    assert oecd == {
        "start": "2020-03-05T09:30:00+01:00",  # CET, not the CEST the page printed
        "end": "2020-03-06T16:30:00+01:00",
        "timezone": "Europe/Paris",
        "venue_local_start": "2020-03-05T11:30:00+03:00",  # Moscow
    }
    sessions = as_dicts(
        stievents.export(demo_event, "csv", rows="sessions", columns="session_id,session_start,session_zone")
    )
    by_id = {row["session_id"]: row for row in sessions}
    # The New York session is written in the event's zone (Brussels), its own zone in session_zone.
    assert by_id["transatlantic"]["session_start"] == "2031-06-10T20:00:00+02:00"
    assert by_id["transatlantic"]["session_zone"] == "America/New_York"
    assert by_id["site-visit"]["session_start"] == "2031-06-11"


def test_all_day_event_has_dates_and_no_zone(reference_event):
    all_day = attrs.evolve(
        reference_event, start=dt.date(2020, 3, 5), end=dt.date(2020, 3, 6), sessions=(), policy_questions=()
    )
    (row,) = as_dicts(stievents.export(all_day, "csv", columns="start,end,timezone"))
    assert row == {"start": "2020-03-05", "end": "2020-03-06", "timezone": ""}


def test_status_columns(demo_event):
    (row,) = as_dicts(stievents.export(demo_event, "csv", columns="status,status_reason,previous_start"))
    assert row == {
        "status": "rescheduled",
        "status_reason": "the venue became unavailable",
        "previous_start": "2031-06-03T09:00:00+02:00",
    }


def test_private_join_links_are_not_written(demo_event):
    assert demo_event.virtual_location is not None
    assert not demo_event.virtual_location.join_url_public
    data = stievents.export(demo_event, "csv", rows="sessions", columns=list(COLUMNS))
    assert b"meet.example.org" not in data


def test_public_join_link_is_written(demo_event):
    location = attrs.evolve(demo_event.virtual_location, join_url_public=True)
    (row,) = as_dicts(
        stievents.export(attrs.evolve(demo_event, virtual_location=location), "csv", columns="online_url")
    )
    assert row["online_url"] == "https://meet.example.org/j/123456789"


def test_utf8_crlf_and_optional_bom(demo_event):
    data = stievents.export(demo_event, "csv", rows="sessions")
    assert "Chloé".encode() in data
    assert data.count(b"\r\n") == len(demo_event.sessions) + 1
    assert not data.startswith(b"\xef\xbb\xbf")
    assert stievents.export(demo_event, "csv", bom=True).startswith(b"\xef\xbb\xbf")


def test_columns_option_accepts_text_list_and_tuple(reference_event):
    want = stievents.export(reference_event, "csv", columns="id, title")
    assert stievents.export(reference_event, "csv", columns=["id", "title"]) == want
    assert stievents.export(reference_event, "csv", columns=("id", "title")) == want
    assert parse(want)[0] == ["id", "title"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"columns": "id,nope"}, "unknown column(s) 'nope'"),
        ({"columns": "id,id"}, "given twice: id"),
        ({"columns": "id,session_title"}, "need rows=sessions"),
        ({"rows": "people"}, "rows must be one of events, sessions"),
        ({"colour": "red"}, "unknown option"),
    ],
)
def test_bad_options_are_validation_errors(reference_event, options, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        stievents.export(reference_event, "csv", **options)


def test_cli_options(tmp_path):
    out = tmp_path / "programme.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "stievents",
            "convert",
            "--example",
            "demo-hybrid-forum",
            "--to",
            "csv",
            "-O",
            "rows=sessions",
            "-O",
            "columns=session_id,session_room",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert parse(out.read_bytes())[:2] == [["session_id", "session_room"], ["opening", "Room A"]]


def test_cli_unknown_column_is_an_error_not_a_traceback():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "stievents",
            "convert",
            "--example",
            "demo-hybrid-forum",
            "--to",
            "csv",
            "-O",
            "columns=x",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2  # a bad -O value is a mistake in the command line
    assert "unknown column(s) 'x'" in result.stderr
    assert "Traceback" not in result.stderr


def test_writer_is_loaded_lazily():
    code = (
        "import sys, stievents_csv.plugin\n"
        "assert 'stievents_csv.writer' not in sys.modules\n"
        "assert 'csv' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_stream_is_left_open(reference_event):
    stream = io.BytesIO()
    stievents.export_to(stream, reference_event, "csv")
    assert not stream.closed
    stream.write(b"more")


def test_session_times_follow_the_event_zone_across_dst(reference_event):
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    session = stievents.Session(
        id="late",
        title="Late session",
        start=dt.datetime(2020, 3, 6, 14, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow")),
        end=dt.datetime(2020, 3, 6, 15, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow")),
    )
    event = attrs.evolve(reference_event, sessions=(session,), start=reference_event.start.astimezone(paris))
    (row,) = as_dicts(stievents.export(event, "csv", rows="sessions", columns="session_start,session_end"))
    assert row == {"session_start": "2020-03-06T12:00:00+01:00", "session_end": "2020-03-06T13:00:00+01:00"}


def test_readme_python_example_runs(tmp_path, monkeypatch):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```$", readme, flags=re.MULTILINE | re.DOTALL)
    assert blocks
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})

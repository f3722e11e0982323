"""Resource limits: sensible defaults, clear errors, configurable in the API; hostile sizes end fast."""

from __future__ import annotations

import contextlib
import json
import time

import pytest
from hardening_support import record_figures, time_limit

import stievents
from stievents import serialize
from stievents.errors import FormatError, LimitExceededError, StieventsError, ValidationError
from stievents.examples import example
from stievents.limits import DEFAULT_LIMITS, Limits, current_limits, use_limits

CHECKED: list[str] = []


def _document(**event: object) -> bytes:
    base = serialize.document_from_events([example("demo-hybrid-forum")])
    base["events"][0].update(event)
    return json.dumps(base).encode()


def test_defaults_are_sensible() -> None:
    assert DEFAULT_LIMITS.max_input_bytes == 768 * 1024 * 1024
    assert DEFAULT_LIMITS.max_recurrence_instances == 10_000
    assert current_limits() is DEFAULT_LIMITS


@pytest.mark.parametrize(
    ("limits", "needle"),
    [
        (Limits(max_input_bytes=100), "max_input_bytes"),
        (Limits(max_events=1), "max_events"),
        (Limits(max_sessions_per_event=2), "max_sessions_per_event"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "toml", "ics", "jsonld"])
def test_each_limit_refuses_with_a_clear_error(limits: Limits, needle: str, fmt: str) -> None:
    events = [example("demo-hybrid-forum"), example("oecd-co-creation-2020")]
    data = stievents.export(events, fmt)
    with pytest.raises(LimitExceededError, match=needle):
        stievents.read(data, fmt, limits=limits, lenient=True)
    with use_limits(limits), pytest.raises(LimitExceededError, match=needle):
        stievents.read(data, fmt)
    stievents.read(data, fmt, lenient=True)  # the defaults accept it
    CHECKED.append(f"{needle} ({fmt})")


def test_loads_takes_limits() -> None:
    text = serialize.dumps([example("demo-hybrid-forum")])
    with pytest.raises(LimitExceededError, match=r"\$\.events\[0\]\.sessions"):
        serialize.loads(text, limits=Limits(max_sessions_per_event=1))
    assert serialize.loads(text)


def test_recurrence_limits() -> None:
    data = _document(recurrence={"rule": "FREQ=WEEKLY;COUNT=500"}, sessions=[], start="2026-05-04", end="2026-05-04")
    with pytest.raises(LimitExceededError, match="max_recurrence_instances"):
        stievents.read(data, "json", limits=Limits(max_recurrence_instances=100))
    data = _document(
        recurrence={"rule": "FREQ=YEARLY;UNTIL=20600101"}, sessions=[], start="2026-05-04", end="2026-05-04"
    )
    with pytest.raises(LimitExceededError, match="max_recurrence_years"):
        stievents.read(data, "json", limits=Limits(max_recurrence_years=10))
    assert stievents.read(data, "json").events
    CHECKED.extend(["max_recurrence_instances", "max_recurrence_years"])


def test_hostile_recurrences_end_fast() -> None:
    """COUNT=10^9 is refused by the model; FREQ=SECONDLY over years stops at the expansion limit."""
    data = _document(recurrence={"rule": "FREQ=SECONDLY;COUNT=1000000000"}, sessions=[])
    with pytest.raises(ValidationError, match="COUNT=1000000000 exceeds"):
        stievents.read(data, "json")
    event = stievents.read(
        _document(recurrence={"rule": "FREQ=SECONDLY;UNTIL=20400101T000000Z"}, sessions=[]), "json"
    ).events[0]
    with time_limit(10), pytest.raises(LimitExceededError):
        event.occurrences()
    CHECKED.append("recurrence expansion")


def test_limits_from_strings() -> None:
    limits = Limits.from_strings({"events": "5", "max-input-bytes": "1_000"})
    assert (limits.max_events, limits.max_input_bytes) == (5, 1000)
    with pytest.raises(ValueError, match="unknown limit"):
        Limits.from_strings({"nope": "1"})
    with pytest.raises(ValueError, match="whole number"):
        Limits.from_strings({"events": "many"})
    with pytest.raises(ValueError, match="positive"):
        Limits(max_events=0)


@pytest.mark.parametrize("fmt", ["json", "toml", "jsonld", "ics", "oecd-text", "oecd-html"])
def test_nesting_100000_deep_is_refused_fast(fmt: str) -> None:
    nested = {
        "toml": b"a = " + b"[" * 100_000 + b"]" * 100_000,
        "ics": b"BEGIN:VCALENDAR\r\n" * 100_000,
        "oecd-html": b"<div>" * 100_000,
    }.get(fmt, b"[" * 100_000 + b"]" * 100_000)
    started = time.monotonic()
    with time_limit(20), contextlib.suppress(StieventsError):
        stievents.read(nested, fmt)
    CHECKED.append(f"nesting 100000 ({fmt}, {time.monotonic() - started:.2f} s)")


def test_date_strings_of_100000_characters_are_refused_fast() -> None:
    for value in ("2020-03-05T09:30:00" + "0" * 100_000 + "+01:00", "9" * 100_000, "2020-03-05[" + "A" * 100_000 + "]"):
        with time_limit(5), pytest.raises(ValidationError, match="over 100 characters"):
            stievents.read(_document(start=value), "json")
    ld = {"@context": "https://schema.org", "@type": "Event", "name": "x", "startDate": "2020-03-05" + "0" * 100_000}
    with time_limit(5), contextlib.suppress(StieventsError):
        stievents.read(json.dumps(ld), "jsonld")
    ics = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:2020"
        + b"0" * 100_000
        + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with time_limit(5), contextlib.suppress(StieventsError):
        stievents.read(ics, "ics")
    CHECKED.append("date strings of 100000 characters")


def test_ten_megabytes_over_the_limit_is_refused_before_parsing() -> None:
    with pytest.raises(LimitExceededError, match="max_input_bytes"):
        stievents.read(b"x" * (10 * 1024 * 1024 + 1), "ics", limits=Limits(max_input_bytes=10 * 1024 * 1024))
    with pytest.raises(FormatError):
        stievents.read(b"x" * 1024, "ics")


def test_zz_record_figures() -> None:
    record_figures("limits", {"checks": CHECKED})

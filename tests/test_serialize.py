"""Canonical JSON and TOML: byte-stable, lossless (zones and folds included), strict with paths."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from typing import Any

import attrs
import pytest
from hypothesis import given

import stievents
from stievents import Event, FormatError, ValidationError, serialize
from stievents.examples import example_bytes
from stievents.testing import strategies as sst

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def assert_identical(want: Any, got: Any, path: str = "$") -> None:
    """Equal values, and every datetime in the same zone (by key) with the same fold.

    Aware datetimes compare equal across zones, so ``==`` alone misses a lost zone.
    """
    assert type(want) is type(got), f"{path}: {type(want).__name__} became {type(got).__name__}"
    if attrs.has(type(want)):
        for field in attrs.fields(type(want)):
            assert_identical(getattr(want, field.name), getattr(got, field.name), f"{path}.{field.name}")
    elif isinstance(want, tuple | list):
        assert len(want) == len(got), f"{path}: length {len(want)} became {len(got)}"
        for index, (a, b) in enumerate(zip(want, got, strict=True)):
            assert_identical(a, b, f"{path}[{index}]")
    elif isinstance(want, dt.datetime):
        assert isinstance(want.tzinfo, zoneinfo.ZoneInfo)
        assert isinstance(got.tzinfo, zoneinfo.ZoneInfo)
        assert want.tzinfo.key == got.tzinfo.key, f"{path}: zone {want.tzinfo} became {got.tzinfo}"
        assert want.fold == got.fold, f"{path}: fold {want.fold} became {got.fold}"
        assert want.replace(tzinfo=None) == got.replace(tzinfo=None), f"{path}: {want} became {got}"
    else:
        assert want == got, f"{path}: {want!r} became {got!r}"


def test_assert_identical_catches_a_lost_zone() -> None:
    paris = dt.datetime(2020, 3, 5, 9, 30, tzinfo=PARIS)
    moscow = paris.astimezone(zoneinfo.ZoneInfo("Europe/Moscow"))
    assert paris == moscow
    with pytest.raises(AssertionError, match="zone"):
        assert_identical(paris, moscow)
    folded = dt.datetime(2020, 10, 25, 2, 30, tzinfo=PARIS)
    with pytest.raises(AssertionError, match="fold"):
        assert_identical(folded, folded.replace(fold=1))


def document(*events: dict[str, Any], **envelope: Any) -> dict[str, Any]:
    return {"format": "stievents", "format_version": "1.0", "events": list(events), **envelope}


def minimal(**fields: Any) -> dict[str, Any]:
    return {
        "id": "e1",
        "title": "T",
        "start": "2020-03-05T09:30:00+01:00[Europe/Paris]",
        "end": "2020-03-06T16:30:00+01:00[Europe/Paris]",
        **fields,
    }


def problems(data: Any) -> dict[str, str]:
    """Problems reading a document, as {path: message}."""
    text = data if isinstance(data, str | bytes) else json.dumps(data)
    with pytest.raises(ValidationError) as info:
        serialize.loads(text)
    return {p.path: p.message for p in info.value.problems}


# ------------------------------------------------------------------ canonical bytes


@pytest.mark.parametrize("name", stievents.example_names())
def test_shipped_examples_are_canonical(name: str) -> None:
    shipped = example_bytes(name)
    events = serialize.loads(shipped)
    assert serialize.dumps(events).encode("utf-8") == shipped
    assert stievents.export(events, "json") == shipped


def test_canonical_layout(reference_event: Event) -> None:
    text = serialize.dumps([reference_event])
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert '\n  "format": "stievents",\n  "format_version": "1.0",\n' in text
    assert "null" not in text
    assert '"2020-03-05T09:30:00+01:00[Europe/Paris]"' in text
    assert '"moved-online"' in text
    assert "–" in text  # UTF-8 unescaped, not \u2013
    keys = list(json.loads(text)["events"][0])
    declared = [f.name for f in attrs.fields(Event)]
    assert keys == [k for k in declared if k in keys]


def test_empty_values_are_omitted() -> None:
    event = Event(id="e", title="T", start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 2))
    (data,) = json.loads(serialize.dumps([event]))["events"]
    assert data == {"id": "e", "title": "T", "status": "scheduled", "start": "2020-01-01", "end": "2020-01-02"}


def test_toml_to_toml_is_byte_stable(example_events: list[Event]) -> None:
    text = serialize.dumps(example_events, "toml")
    again = serialize.dumps(serialize.loads(text, "toml"), "toml")
    assert again == text
    assert serialize.dumps(serialize.loads(text, "toml"), "json") == serialize.dumps(example_events, "json")


def test_file_round_trip(tmp_path: Any, demo_event: Event) -> None:
    for suffix in (".json", ".toml"):
        target = tmp_path / f"events{suffix}"
        serialize.dump([demo_event], target)
        assert target.read_bytes() == serialize.dumps([demo_event], suffix[1:]).encode("utf-8")
        (back,) = serialize.load(target)
        assert_identical(demo_event, back)


# ------------------------------------------------------------------ lossless (hypothesis)


@given(sst.event_lists(hostile=True))
def test_json_round_trip_keeps_every_value(events: list[Event]) -> None:
    text = serialize.dumps(events, "json")
    back = serialize.loads(text, "json")
    assert_identical(events, back)
    assert serialize.dumps(back, "json") == text


@given(sst.event_lists(hostile=True))
def test_toml_round_trip_keeps_every_value(events: list[Event]) -> None:
    text = serialize.dumps(events, "toml")
    back = serialize.loads(text, "toml")
    assert_identical(events, back)
    assert serialize.dumps(back, "toml") == text


@given(sst.aware_datetimes())
def test_datetime_text_round_trip(value: dt.datetime) -> None:
    from stievents import _time

    text = _time.format_temporal(value)
    assert_identical(value, _time.parse_temporal(text))


def test_fold_survives_a_round_trip() -> None:
    for fold in (0, 1):
        start = dt.datetime(2020, 10, 25, 2, 30, tzinfo=PARIS, fold=fold)
        event = Event(id="e", title="T", start=start, end=start + dt.timedelta(hours=3))
        text = serialize.dumps([event])
        assert ("+01:00" if fold else "+02:00") + "[Europe/Paris]" in text
        (back,) = serialize.loads(text)
        assert_identical(event, back)


def test_offsets_with_seconds_round_trip() -> None:
    # Before 1911 Paris ran on local mean time, UTC+00:09:21.
    start = dt.datetime(1900, 1, 1, 12, 0, tzinfo=PARIS)
    event = Event(id="e", title="T", start=start, end=start)
    text = serialize.dumps([event])
    assert "+00:09:21[Europe/Paris]" in text
    assert_identical([event], serialize.loads(text))


def test_crlf_in_text_survives_toml() -> None:
    event = Event(id="e", title="a\r\nb", description="x\r\ny\nz\r", start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1))
    for fmt in ("json", "toml"):
        assert_identical([event], serialize.loads(serialize.dumps([event], fmt), fmt))


# ------------------------------------------------------------------ envelope


def test_envelope_is_checked() -> None:
    assert "$.format" in problems(document(minimal(), format="other"))
    assert "$.format" in problems({"format_version": "1.0", "events": []})
    found = problems(document(format_version="2.0"))
    assert "2.0" in found["$.format_version"]
    assert "1.x" in found["$.format_version"]
    assert "$.format_version" in problems(document(format_version=1.0))
    assert "$.events" in problems({"format": "stievents", "format_version": "1.0"})
    assert "$.events" in problems(document() | {"events": {"id": "x"}})
    assert problems([]) == {"$": "expected an object, got a list"}


@pytest.mark.parametrize("version", ["1.0", "1.7", "1.10"])
def test_any_1x_version_is_accepted(version: str) -> None:
    (event,) = serialize.loads(json.dumps(document(minimal(), format_version=version)))
    assert event.id == "e1"


def test_unknown_keys_are_refused_with_their_paths() -> None:
    found = problems(
        document(
            minimal(colour="red", venue={"name": "v", "altitude": 3}, sessions=[{"id": "s", "title": "x", "zz": 1}]),
            extra=True,
        )
    )
    assert set(found) == {"$.extra"}  # the envelope is checked first
    found = problems(
        document(
            minimal(colour="red", venue={"name": "v", "altitude": 3}, sessions=[{"id": "s", "title": "x", "zz": 1}])
        )
    )
    assert found == {
        "$.events[0].colour": "unknown key",
        "$.events[0].venue.altitude": "unknown key",
        "$.events[0].sessions[0].zz": "unknown key",
    }


def test_wrong_types_are_reported_with_exact_paths() -> None:
    sessions = [
        {"id": "a", "title": "A"},
        {"id": "b", "title": "B"},
        {"id": "c", "title": "C", "start": 5},
    ]
    found = problems(
        document(
            minimal(
                revision="3",
                sessions=sessions,
                virtual_location={"url": "https://x.example.org/", "join_url_public": "false"},
                title=12,
                audience="everyone",
                venue={"name": "v", "geo": {"latitude": "1", "longitude": 2}},
            )
        )
    )
    assert "expected an integer" in found["$.events[0].revision"]
    assert "expected true or false" in found["$.events[0].virtual_location.join_url_public"]
    assert "expected a string, got the number 12" in found["$.events[0].title"]
    assert "expected a list" in found["$.events[0].audience"]
    assert "$.events[0].sessions[2].start" in found
    assert "expected a number" in found["$.events[0].venue.geo.latitude"]
    assert "$.events[0].venue.geo.longitude" not in found  # an int is a fine number


def test_missing_required_keys() -> None:
    found = problems(document({"id": "e1"}))
    assert {"$.events[0].title", "$.events[0].start", "$.events[0].end"} <= set(found)


def test_enum_values_are_listed() -> None:
    found = problems(document(minimal(status="moved_online")))
    assert "'moved-online'" in found["$.events[0].status"]


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2020-03-05T09:30:00", "naive"),
        ("2020-03-05T09:30:00+01:00", "zone"),
        ("2020-03-05 09:30:00+01:00[Europe/Paris]", "RFC 9557"),
        ("2020-02-30T09:30:00+01:00[Europe/Paris]", "invalid datetime"),
        ("2020-13-01", "invalid date"),
        ("2020-03-29T02:30:00+01:00[Europe/Paris]", "does not exist in Europe/Paris"),
        ("2020-03-05T09:30:00+02:00[Europe/Paris]", "contradicts"),
        ("2020-03-05T09:30:00Z[Europe/Paris]", "contradicts"),
        ("2020-03-05T09:30:00+01:00[Mars/Olympus]", "unknown time zone 'Mars/Olympus'"),
        ("2020-03-05T09:30:00+01:00[../../etc/passwd]", "RFC 9557"),
        ("x" * 500, "over 100 characters"),
    ],
)
def test_bad_datetimes_are_reported(value: str, why: str) -> None:
    found = problems(document(minimal(start=value)))
    assert why in found["$.events[0].start"]


def test_a_datetime_where_only_datetimes_are_allowed() -> None:
    found = problems(document(minimal(created="2020-01-01")))
    assert "$.events[0].created" in found


def test_invariants_are_reported_under_the_document_path() -> None:
    found = problems(
        document(minimal(end="2020-03-04T09:30:00+01:00[Europe/Paris]", venue={"name": "v", "timezone": "X"}))
    )
    # The venue cannot be built, so the event's own checks (end before start) wait for the next run.
    assert set(found) == {"$.events[0].venue.timezone"}
    found = problems(document(minimal(end="2020-03-04T09:30:00+01:00[Europe/Paris]", url="ftp://x", revision=-1)))
    assert set(found) == {"$.events[0].end", "$.events[0].url", "$.events[0].revision"}


def test_duplicate_event_ids() -> None:
    found = problems(document(minimal(), minimal(), minimal(id="e2")))
    assert found == {"$.events[1].id": "duplicate event id 'e1' (also $.events[0])"}


def test_all_problems_are_reported_at_once() -> None:
    found = problems(
        document(
            minimal(colour="red"),
            minimal(id="e2", start="nope"),
            minimal(id="e3", status="unknown", venue={"country": "ZZ"}),
        )
    )
    assert {"$.events[0].colour", "$.events[1].start", "$.events[2].status"} <= set(found)
    assert any(p.startswith("$.events[2].venue") for p in found)


def test_lenient_mode_keeps_the_valid_events() -> None:
    text = json.dumps(document(minimal(), minimal(id="bad", start=3), minimal(id="e3")))
    events, found = serialize.events_from_document(json.loads(text), lenient=True)
    assert [e.id for e in events] == ["e1", "e3"]
    assert [p.path for p in found] == ["$.events[1].start"]
    assert [e.id for e in serialize.loads(text, lenient=True)] == ["e1", "e3"]
    result = stievents.read(text, "json", lenient=True)
    assert [e.id for e in result.events] == ["e1", "e3"]
    assert [p.path for p in result.problems] == ["$.events[1].start"]
    with pytest.raises(ValidationError):
        stievents.read(text, "json")


# ------------------------------------------------------------------ bytes


@pytest.mark.parametrize("data", [b"", b"not json", b"{", b"[1,", b"\x00\x01", b"{" * 100_000])
def test_not_json_is_a_format_error(data: bytes) -> None:
    with pytest.raises(FormatError, match="not valid JSON"):
        serialize.loads(data)


def test_not_toml_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="not valid TOML"):
        serialize.loads(b"= = =", "toml")


def test_a_bom_is_accepted(reference_event: Event) -> None:
    data = b"\xef\xbb\xbf" + serialize.dumps([reference_event]).encode("utf-8")
    (event,) = serialize.loads(data)
    assert_identical(reference_event, event)
    (event,) = stievents.read(data, "json").events
    assert_identical(reference_event, event)


def test_invalid_utf8_is_a_format_error() -> None:
    data = json.dumps(document(minimal(title="caf\u00e9"))).encode("utf-8").replace(b"\\u00e9", b"\xe9")
    with pytest.raises(FormatError, match="not UTF-8"):
        serialize.loads(data)
    with pytest.raises(FormatError, match="not UTF-8"):
        stievents.read(data, "toml")


def test_utf16_is_refused(reference_event: Event) -> None:
    with pytest.raises(FormatError):
        serialize.loads(serialize.dumps([reference_event]).encode("utf-16"))


def test_structure_and_unstructure_are_inverse(demo_event: Event) -> None:
    data = stievents.unstructure(demo_event)
    assert_identical(demo_event, stievents.structure(data))
    with pytest.raises(ValidationError) as info:
        stievents.structure({**data, "end": 1})
    assert [p.path for p in info.value.problems] == ["$.end"]

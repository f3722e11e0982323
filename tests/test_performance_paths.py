"""The fast paths give exactly what the reference paths give: bytes, plain data, objects, problems.

The reference is the cattrs converter (``serialize.get_converter()``) with the
stdlib's indented encoder, and the plain rules of ``_time`` for datetimes; the
fast paths are the code generated per class (``stievents._fast``), the
streaming JSON writer and the shortcuts in ``_time``. No timing here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import json
import zoneinfo
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stievents import _fast, _time, serialize
from stievents.errors import ValidationError
from stievents.model import Event, Session, Venue
from stievents.testing import strategies as sst

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def reference_text(events: list[Event]) -> str:
    converter = serialize.get_converter()
    document = {
        "format": serialize.FORMAT_NAME,
        "format_version": serialize.FORMAT_VERSION,
        "events": [converter.unstructure(event, Event) for event in events],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def same(want: Any, got: Any) -> None:
    """Equal, with every datetime in the same zone and fold (``==`` alone ignores both)."""
    assert type(want) is type(got)
    if attrs.has(type(want)):
        for field in attrs.fields(type(want)):
            same(getattr(want, field.name), getattr(got, field.name))
    elif isinstance(want, tuple | list):
        assert len(want) == len(got)
        for a, b in zip(want, got, strict=True):
            same(a, b)
    elif isinstance(want, dt.datetime):
        assert (want.tzinfo, want.fold, want.replace(tzinfo=None)) == (got.tzinfo, got.fold, got.replace(tzinfo=None))
    else:
        assert want == got


# ------------------------------------------------------------------ writing


@given(sst.event_lists(hostile=True, max_size=4))
def test_the_generated_writer_gives_the_reference_bytes(events: list[Event]) -> None:
    assert serialize.dumps(events) == reference_text(events)


@given(sst.event_lists(hostile=True))
def test_generated_unstructure_gives_the_reference_data(events: list[Event]) -> None:
    converter = serialize.get_converter()
    for event in events:
        assert serialize.unstructure(event) == converter.unstructure(event, Event)
        for session in event.sessions:
            assert serialize.unstructure(session) == converter.unstructure(session, Session)


def test_the_shipped_examples_are_written_as_before(example_events: list[Event]) -> None:
    assert serialize.dumps(example_events) == reference_text(example_events)
    assert serialize.dumps([]) == reference_text([])


class RecordingStream(io.RawIOBase):
    """A binary stream that keeps the size of every write."""

    def __init__(self) -> None:
        self.chunks: list[int] = []
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        self.chunks.append(len(chunk))
        self.data += chunk
        return len(chunk)


def test_the_json_exporter_streams_in_bounded_pieces(demo_event: Event) -> None:
    events = [attrs.evolve(demo_event, id=f"event-{i}") for i in range(300)]
    stream = RecordingStream()
    serialize.write_json(events, stream)
    whole = reference_text(events).encode("utf-8")
    assert bytes(stream.data) == whole
    assert len(stream.chunks) > 10
    assert max(stream.chunks) < 4 * serialize._CHUNK_CHARS  # a piece, never the whole document
    assert max(stream.chunks) < len(whole) / 5


def test_the_json_exporter_writes_the_canonical_bytes(demo_event: Event) -> None:
    import stievents

    assert stievents.export([demo_event], "json") == reference_text([demo_event]).encode("utf-8")


# ------------------------------------------------------------------ reading


@given(sst.event_lists(hostile=True))
def test_the_generated_reader_builds_what_the_converter_builds(events: list[Event]) -> None:
    converter = serialize.get_converter()
    for event in events:
        data = converter.unstructure(event, Event)
        fast = _fast.structurer(Event)(data)
        same(converter.structure(data, Event), fast)
        same(event, fast)


@pytest.mark.parametrize(
    "change",
    [
        {"revision": "3"},
        {"revision": True},
        {"title": 12},
        {"colour": "red"},
        {"status": "moved_online"},
        {"audience": "everyone"},
        {"venue": {"name": "v", "geo": {"latitude": "1", "longitude": 2}}},
        {"sessions": [{"id": "a", "title": "A", "start": 5}]},
        {"start": "2020-03-05T09:30:00+02:00[Europe/Paris]"},
        {"end": "2020-03-04T09:30:00+01:00[Europe/Paris]"},
    ],
)
def test_the_generated_reader_leaves_every_error_to_the_converter(change: dict[str, Any]) -> None:
    data = {
        "id": "e1",
        "title": "T",
        "start": "2020-03-05T09:30:00+01:00[Europe/Paris]",
        "end": "2020-03-06T16:30:00+01:00[Europe/Paris]",
        **change,
    }
    with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal: the converter words it
        _fast.structurer(Event)(data)
    with pytest.raises(ValidationError) as info:
        serialize.structure(data)
    assert all(p.path.startswith("$.") for p in info.value.problems)


def test_the_converter_still_accepts_what_the_fast_reader_declines() -> None:
    class Data(dict):  # type: ignore[type-arg]
        """A dict subclass: not plain JSON data, but the converter takes it."""

    venue = serialize.structure(Data(name="Hall", rooms=("A",)), Venue)
    assert venue == Venue(name="Hall", rooms=("A",))


def test_loads_leaves_the_callers_document_alone_unless_asked(demo_event: Event) -> None:
    document = json.loads(serialize.dumps([demo_event]))
    serialize.events_from_document(document)
    assert document["events"][0] is not None
    serialize.events_from_document(document, consume=True)
    assert document["events"] == [None]


# ------------------------------------------------------------------ datetimes


def reference_format(value: dt.datetime) -> str:
    return f"{value.replace(tzinfo=None).isoformat()}{_time._offset(value)}[{_time.zone_key(value)}]"


def reference_check(value: dt.datetime) -> bool:
    round_trip = value.astimezone(dt.UTC).astimezone(value.tzinfo)
    return round_trip.replace(tzinfo=None) == value.replace(tzinfo=None)


@given(
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.sampled_from(["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]),
    st.sampled_from([0, 1]),
)
def test_datetime_shortcuts_agree_with_the_plain_rules(naive: dt.datetime, zone: str, fold: int) -> None:
    value = naive.replace(tzinfo=_time.get_zone(zone), fold=fold)
    _time._KNOWN_VALID.clear()
    exists = reference_check(value)
    assert (_time.check_temporal(value) is None) == exists
    assert (_time.check_temporal(value) is None) == exists  # the second answer may come from the memo
    if exists:
        text = _time.format_temporal(value)
        assert text == reference_format(value)
        # The reference parser takes fold 0 unless the offset written says otherwise.
        same(_time.parse_temporal(text), value if _ambiguous(value) else value.replace(fold=0))
        same(_time.parse_temporal_cached(text, True), _time.parse_temporal(text))


def reference_parse(naive: dt.datetime, offset: str, zone: str) -> dt.datetime | None:
    """The plain rule: the first fold at which the zone exists and has the written offset ("Z" is +00:00)."""
    wanted = "+00:00" if offset == "Z" else offset
    for fold in (0, 1):
        candidate = naive.replace(tzinfo=_time.get_zone(zone), fold=fold)
        if reference_check(candidate) and _time._offset(candidate) == wanted:
            return candidate
    return None


@given(
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2200, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.sampled_from(["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]),
    st.one_of(
        st.sampled_from(["Z", "+00:00", "-00:00", "+01:00", "+02:00", "-05:00", "-04:00", "+05:30", "+10:30"]),
        st.builds(
            lambda sign, h, m: f"{sign}{h:02d}:{m:02d}",
            st.sampled_from("+-"),
            st.integers(0, 14),
            st.sampled_from([0, 30]),
        ),
    ),
)
@example(dt.datetime(2020, 10, 25, 2, 30), "Europe/Paris", "+01:00")  # the repeated hour: fold 1
@example(dt.datetime(2020, 10, 25, 2, 30), "Europe/Paris", "+02:00")  # the repeated hour: fold 0
@example(dt.datetime(2020, 3, 29, 2, 30), "Europe/Paris", "+01:00")  # the gap
@example(dt.datetime(2020, 3, 29, 2, 30), "Europe/Paris", "+02:00")
@example(dt.datetime(2020, 4, 5, 1, 45), "Australia/Lord_Howe", "+10:30")  # half-hour DST, repeated
@example(dt.datetime(2020, 4, 5, 1, 45), "Australia/Lord_Howe", "+11:00")
@example(dt.datetime(2020, 3, 5, 8, 30), "UTC", "-00:00")
@example(dt.datetime(2020, 3, 5, 8, 30), "UTC", "-00:00:00")  # refused whether or not the zone is cached
@example(dt.datetime(2020, 3, 5, 8, 30), "UTC", "Z")
def test_parsing_any_written_offset_follows_the_plain_rule(naive: dt.datetime, zone: str, offset: str) -> None:
    """Valid or not: the fast path of parse_temporal answers as the plain rule, fold included."""
    text = f"{naive.isoformat()}{offset}[{zone}]"
    expected = reference_parse(naive, offset, zone)
    _time._KNOWN_VALID.clear()
    if expected is None:
        with pytest.raises(ValueError, match=r"contradicts|DST gap|does not exist"):
            _time.parse_temporal(text)
    else:
        same(_time.parse_temporal(text), expected)


def _ambiguous(value: dt.datetime) -> bool:
    return value.utcoffset() != value.replace(fold=1 - value.fold).utcoffset()


def test_transitions_still_take_the_careful_path() -> None:
    gap = dt.datetime(2020, 3, 29, 2, 30, tzinfo=PARIS)
    assert "DST gap" in (_time.check_temporal(gap) or "")
    late = dt.datetime(2020, 10, 25, 2, 30, tzinfo=PARIS, fold=1)
    assert _time.parse_temporal(_time.format_temporal(late)).fold == 1
    with pytest.raises(ValueError, match="contradicts"):
        _time.parse_temporal("2020-03-05T09:30:00Z[Europe/Paris]")
    assert _time.parse_temporal("2020-03-05T08:30:00Z[UTC]") == dt.datetime(2020, 3, 5, 8, 30, tzinfo=dt.UTC)


# ------------------------------------------------------------------ garbage collector


@pytest.mark.parametrize("enabled", [True, False])
def test_bulk_load_pauses_the_collector_and_restores_it(enabled: bool, demo_event: Event) -> None:
    text = serialize.dumps([demo_event])
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with serialize.bulk_load():
            assert not gc.isenabled()
            with serialize.bulk_load():
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValidationError), serialize.bulk_load():
            serialize.loads(text.replace('"title"', '"titel"', 1))
        assert gc.isenabled() is enabled
        assert serialize.loads(text, bulk=True) == [demo_event]
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_default_load_pauses_the_collector_and_never_freezes(
    demo_event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every load pauses the collector and restores it (tests/test_load_collector.py); freezing stays opt-in."""
    calls: list[str] = []
    for name in ("freeze", "unfreeze"):
        monkeypatch.setattr(gc, name, lambda name=name: calls.append(name))
    was = gc.isenabled()
    serialize.loads(serialize.dumps([demo_event]))
    assert calls == []
    assert gc.isenabled() is was


def test_bulk_load_can_freeze(demo_event: Event) -> None:
    was = gc.isenabled()
    try:
        before = gc.get_freeze_count()
        with serialize.bulk_load(freeze=True):
            serialize.loads(serialize.dumps([demo_event]))
        assert gc.get_freeze_count() > before
        assert gc.isenabled() is was
    finally:
        gc.unfreeze()


def test_codes_are_shared_between_decoded_events(demo_event: Event) -> None:
    """Country, zone and language codes repeat in every event: decoded events hold one copy of each."""
    copies = [attrs.evolve(demo_event, id=f"copy-{index}") for index in range(3)]
    first, *others = serialize.loads(serialize.dumps(copies))
    for other in others:
        for get in (
            lambda e: e.venue.country,
            lambda e: e.venue.timezone,
            lambda e: e.text_language,
            lambda e: e.organisers[0].country,
            lambda e: e.languages[0].tag,
        ):
            assert get(first) is not None
            assert get(other) == get(first)
            assert get(other) is get(first)


def test_the_datetime_caches_stay_small_after_a_large_load() -> None:
    """The validity table and the parse cache are bounded well below the size of a feed."""
    start = dt.datetime(2030, 1, 7, 9, 30, tzinfo=PARIS)
    events = [
        Event(id=f"e{i}", title="t", start=start + dt.timedelta(days=i), end=start + dt.timedelta(days=i, hours=1))
        for i in range(600)
    ]
    serialize.loads(serialize.dumps(events))
    assert len(_time._KNOWN_VALID) <= _time._KNOWN_VALID_MAX
    assert _time.parse_temporal_cached.cache_info().currsize <= 256


# ------------------------------------------------------------------ the proven reader


def test_a_canonical_text_is_proven_clean(demo_event: Event) -> None:
    """The canonical writer's output takes the proven path (else the reader silently loses its speed)."""
    text = serialize.dumps([demo_event, attrs.evolve(demo_event, id="other", title="Zürich \\ “quotes” \t tab")])
    assert _fast.text_is_clean(text)
    assert _fast.text_is_clean(text, from_utf8=True)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (key, *_strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@given(_JSON_VALUES, st.booleans())
@example(["a\x01"], False)
@example(["\x08 \x0c"], True)
@example(["\ud800"], False)
@example(["\udfff"], True)
@example(["\\u0001", "\\b"], True)
def test_a_text_proven_clean_decodes_to_clean_strings(value: Any, ascii_only: bool) -> None:
    """Soundness: when text_is_clean says yes, no decoded string holds a character the model refuses."""
    from stievents.text import UNENCODABLE_RE

    text = json.dumps(value, ensure_ascii=ascii_only)
    refused = any(UNENCODABLE_RE.search(s) for s in _strings(json.loads(text)))
    if refused:
        assert not _fast.text_is_clean(text)
    elif not any("\\" in s or (ascii_only and max(s, default="a") > "\uffff") for s in _strings(value)):
        # and completeness where it matters: no backslash to escape, no astral character escaped as a pair
        assert _fast.text_is_clean(text)


def test_a_lone_surrogate_in_a_str_input_is_not_proven() -> None:
    text = json.dumps(["x\ud800"], ensure_ascii=False)
    assert not _fast.text_is_clean(text)
    assert _fast.text_is_clean(json.dumps(["x"]), from_utf8=True)


class _NoScans(dict):  # type: ignore[type-arg]
    """Stands in for model._SCANS: any lookup means an object ran the checks the proof spares."""

    def get(self, key: Any, default: Any = None) -> Any:
        raise AssertionError(f"{key.__name__} was scanned although the reader proved it")


@given(sst.event_lists(hostile=True, max_size=3))
def test_the_proven_reader_builds_what_the_public_constructors_build(events: list[Event]) -> None:
    """Through the proven path (no type scan, no text search, no second datetime check), the same objects."""
    text = serialize.dumps(events)
    assert _fast.text_is_clean(text) or "\\\\" in text  # only a backslash written as \\ can hide the proof
    read = serialize.loads(text.encode("utf-8"))
    assert len(read) == len(events)
    for want, got in zip(events, read, strict=True):
        same(want, got)


def test_the_proven_reader_skips_the_scans(demo_event: Event, monkeypatch: pytest.MonkeyPatch) -> None:
    from stievents import model

    text = serialize.dumps([demo_event]).encode("utf-8")
    serialize.loads(text)  # generated code built before the scans go
    monkeypatch.setattr(model, "_SCANS", _NoScans())
    assert serialize.loads(text) == [demo_event]
    with pytest.raises(ValidationError, match="scanned"):  # the stand-in's error, as a problem
        serialize.events_from_document(json.loads(text))  # plain data, no text: every check runs


def _break(plain: dict[str, Any], how: str) -> None:
    """Make one rule of a valid event's plain data fail, in a way the proof does not cover."""
    sessions = plain.get("sessions") or []
    if how == "end before start":
        plain["start"], plain["end"] = plain["end"], plain["start"]
    elif how == "session outside" and sessions and "start" in sessions[0] and "T" in plain["start"]:
        sessions[0]["start"] = "1900-01-01T00:00:00+00:00[UTC]"
    elif how == "unknown room" and sessions:
        sessions[0]["room"] = "no such room"
    elif how == "duplicate session" and len(sessions) > 1:
        sessions[1]["id"] = sessions[0]["id"]
    elif how == "bad url":
        plain["url"] = "ftp://example.org"
    elif how == "blank title":
        plain["title"] = "  "
    elif how == "control character":
        plain["title"] = "a\x01b"
    elif how == "negative revision":
        plain["revision"] = -1
    elif how == "wrong type":
        plain["revision"] = "1"


@given(
    sst.event_lists(hostile=True, max_size=3),
    st.sampled_from(
        [
            "end before start",
            "session outside",
            "unknown room",
            "duplicate session",
            "bad url",
            "blank title",
            "control character",
            "negative revision",
            "wrong type",
        ]
    ),
)
def test_the_proven_reader_reports_what_the_plain_reader_reports(events: list[Event], how: str) -> None:
    """Broken documents: the same events kept and the same problems, word for word and path for path."""
    document = json.loads(serialize.dumps(events))
    for plain in document["events"][:1]:
        _break(plain, how)
    text = json.dumps(document, indent=2, ensure_ascii=False)
    want = serialize.events_from_document(json.loads(text), lenient=True)
    got = serialize.loads(text.encode("utf-8"), lenient=True)
    assert got == want[0]
    assert serialize.events_from_json(text, lenient=True) == want


@given(
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2200, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.sampled_from(["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]),
    st.sampled_from(["Z", "+00:00", "-00:00", "+01:00", "+02:00", "-05:00", "-04:00", "+05:30", "+10:30", "+11:00"]),
    st.booleans(),
)
@example(dt.datetime(2020, 10, 25, 2, 30), "Europe/Paris", "+01:00", True)  # the repeated hour: fold 1
@example(dt.datetime(2020, 10, 25, 2, 30), "Europe/Paris", "+02:00", True)
@example(dt.datetime(2020, 3, 29, 2, 30), "Europe/Paris", "+02:00", True)  # the gap
@example(dt.datetime(2020, 3, 5, 8, 30), "UTC", "-00:00", True)
def test_the_readers_datetimes_are_parse_temporals(naive: dt.datetime, zone: str, offset: str, dates: bool) -> None:
    """read_temporal answers as parse_temporal, the first time (suffix unknown) and after (suffix known)."""
    text = f"{naive.isoformat()}{offset}[{zone}]"
    expected = _answer(lambda: _time.parse_temporal(text, allow_date=dates))
    _time._SUFFIXES.clear()
    for _ in range(2):
        same(expected, _answer(lambda: _time.read_temporal(text, dates)))
    # and after another time of the same suffix taught it the zone and offset (if that one is valid)
    with contextlib.suppress(ValueError):
        _time.read_temporal(f"2020-01-15T12:00:00{offset}[{zone}]", dates)
    same(expected, _answer(lambda: _time.read_temporal(text, dates)))


def _answer(parse: Any) -> Any:
    """What ``parse()`` returns, or the message of the ValueError it raises."""
    try:
        return parse()
    except ValueError as exc:
        return str(exc)


@pytest.mark.parametrize(
    "text",
    [
        "2020-03-05T09:30:00+01:00[Europe/Paris]",
        "2020-03-05T09:30:00.5+01:00[Europe/Paris]",  # a fraction: not the 19 characters of the shortcut
        "2020-03-05 09:30:00+01:00[Europe/Paris]",  # fromisoformat takes any separator, the format does not
        "2020-03-05T0930:00.+01:00[Europe/Paris]",
        "2020-03-05T09:30:0x+01:00[Europe/Paris]",
        "٢٠٢٠-03-05T09:30:00+01:00[Europe/Paris]",  # digits the format's \d takes and fromisoformat refuses
        "2020-02-30T09:30:00+01:00[Europe/Paris]",
        "2020-03-29T02:30:00+01:00[Europe/Paris]",  # the gap
        "2020-07-05T09:30:00+01:00[Europe/Paris]",  # summer: the offset contradicts the zone
        "9999-12-31T23:30:00+01:00[Europe/Paris]",
        "0001-01-01T00:30:00+01:00[Europe/Paris]",
        "2020-03-05T09:30:00+01:00",
        "2020-03-05",
    ],
)
@pytest.mark.parametrize("dates", [True, False])
def test_the_readers_shortcut_refuses_what_the_format_refuses(text: str, dates: bool) -> None:
    _time.read_temporal("2020-01-15T12:00:00+01:00[Europe/Paris]", dates)  # the suffix is known
    assert "+01:00[Europe/Paris]" in _time._SUFFIXES
    expected = _answer(lambda: _time.parse_temporal(text, allow_date=dates))
    same(expected, _answer(lambda: _time.read_temporal(text, dates)))


def test_lists_of_enum_values_share_one_tuple_and_refuse_unknown_values(demo_event: Event) -> None:
    """Roles are read into one shared tuple per list of values; an unknown value still gets the converter's words."""
    copies = [attrs.evolve(demo_event, id=f"copy-{index}") for index in range(3)]
    first, *others = serialize.loads(serialize.dumps(copies))
    assert first.organisers
    for other in others:
        assert other.organisers == first.organisers
        assert other.organisers[0].roles is first.organisers[0].roles
    data = {
        "id": "e1",
        "title": "T",
        "start": "2020-03-05T09:30:00+01:00[Europe/Paris]",
        "end": "2020-03-06T16:30:00+01:00[Europe/Paris]",
        "organisers": [{"name": "A", "roles": ["host", "nope"]}, {"name": "B", "roles": ["host", "nope"]}],
    }
    with pytest.raises(ValidationError) as info:
        serialize.structure(data)
    assert [p.path for p in info.value.problems] == ["$.organisers[0].roles[1]", "$.organisers[1].roles[1]"]

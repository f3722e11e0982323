"""``stievents.to_frame``: one row per observation at each level, join keys, zone-aware times, both engines."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import stievents
from stievents import examples
from stievents._extras import MissingExtraError
from stievents.frames import ENGINES, LEVELS, to_frame
from stievents.model import Event
from stievents.testing import strategies

pytest.importorskip("pandas", reason="the pandas engine is an extra (stievents[pandas]); CI installs it")
pytest.importorskip("polars", reason="the polars engine is an extra (stievents[polars]); CI installs it")

EVENTS = [examples.example(name) for name in examples.example_names()]
if hasattr(examples, "catalogue"):
    EVENTS += [event for event in examples.catalogue() if event.id not in {e.id for e in EVENTS}]


def expected_rows(events: list[Event], level: str) -> int:
    """The number of observations at ``level``, counted by hand."""
    if level == "event":
        return len(events)
    if level == "session":
        return sum(len(e.sessions) for e in events)
    if level == "organiser":
        return sum(len(e.organisers) for e in events)
    if level == "classification":
        return sum(len(e.classifications) + sum(len(q.classifications) for q in e.policy_questions) for e in events)
    return sum(len(e.policy_questions) for e in events)


def column(frame: Any, name: str) -> list[Any]:
    """A column as a list of Python values, None for missing, whatever the engine."""
    series = frame[name]
    if hasattr(series, "isna"):  # pandas: NA, NaT and NaN are its missing values
        return [None if missing else value for value, missing in zip(series.to_list(), series.isna(), strict=True)]
    return list(series.to_list())


def height(frame: Any) -> int:
    return int(frame.shape[0])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("level", LEVELS)
def test_one_row_per_observation(level: str, engine: str) -> None:
    frame = to_frame(EVENTS, level, engine)  # type: ignore[arg-type]
    assert height(frame) == expected_rows(EVENTS, level)
    assert "event_id" in frame.columns
    assert set(column(frame, "event_id")) <= {e.id for e in EVENTS}


@pytest.mark.parametrize("engine", ENGINES)
def test_keys_join_the_levels(engine: str) -> None:
    events = to_frame(EVENTS, "event", engine)  # type: ignore[arg-type]
    sessions = to_frame(EVENTS, "session", engine)  # type: ignore[arg-type]
    assert len(set(column(events, "event_id"))) == height(events)  # event_id is the key of the event table
    pairs = list(zip(column(sessions, "event_id"), column(sessions, "session_id"), strict=True))
    assert len(set(pairs)) == len(pairs)  # (event_id, session_id) is the key of the session table
    if engine == "pandas":
        joined = sessions.merge(events[["event_id", "event_type"]], on="event_id", how="left", validate="many_to_one")
    else:
        joined = sessions.join(events.select(["event_id", "event_type"]), on="event_id", how="left")
    assert height(joined) == height(sessions)
    kinds = {e.id: e.event_type.value if e.event_type else None for e in EVENTS}
    for event_id, event_type in zip(column(joined, "event_id"), column(joined, "event_type"), strict=True):
        assert event_type == kinds[event_id]


def test_pandas_times_are_utc_aware_with_the_zone_beside() -> None:
    import pandas as pd

    frame = to_frame(EVENTS, "event", "pandas")
    assert isinstance(frame["start"].dtype, pd.DatetimeTZDtype)
    assert str(frame["start"].dt.tz) == "UTC"
    for event, start, zone, local in zip(EVENTS, frame["start"], frame["timezone"], frame["start_local"], strict=True):
        if isinstance(event.start, dt.datetime):
            assert start.to_pydatetime() == event.start  # the same instant
            assert zone == event.timezone
            assert local.to_pydatetime() == event.start.replace(tzinfo=None)


def test_polars_times_are_utc_aware_and_dates_are_dates() -> None:
    import polars as pl

    frame = to_frame(EVENTS, "session", "polars")
    assert frame.schema["start"] == pl.Datetime("us", "UTC")
    assert frame.schema["start_date"] == pl.Date
    assert frame.schema["kind"] == pl.Utf8
    sessions = [(e, s) for e in EVENTS for s in e.sessions]
    for (_, session), start, zone in zip(sessions, frame["start"], frame["timezone"], strict=True):
        if isinstance(session.start, dt.datetime):
            assert start == session.start
            assert zone == session.start.tzinfo.key  # type: ignore[union-attr]
        else:
            assert start is None


def test_session_durations_and_enums_as_values() -> None:
    frame = to_frame(EVENTS, "session", "pandas")
    sessions = [s for e in EVENTS for s in e.sessions]
    assert column(frame, "kind") == [s.kind.value for s in sessions]
    for session, minutes in zip(sessions, column(frame, "duration_minutes"), strict=True):
        if isinstance(session.start, dt.datetime) and session.end is not None:
            assert minutes == (session.end - session.start).total_seconds() / 60
        else:
            assert minutes is None


def test_policy_questions_count_the_sessions_that_address_them() -> None:
    frame = to_frame(EVENTS, "policy_question", "polars")
    rows = list(zip(column(frame, "event_id"), column(frame, "question_id"), column(frame, "sessions"), strict=True))
    for event in EVENTS:
        for question in event.policy_questions:
            cited = sum(1 for s in event.sessions if question.id in s.policy_question_ids) if question.id else 0
            assert (event.id, question.id, cited) in rows


def test_organiser_roles_are_boolean_columns() -> None:
    frame = to_frame(EVENTS, "organiser", "polars")
    organisers = [o for e in EVENTS for o in e.organisers]
    assert column(frame, "host") == [any(r.value == "host" for r in o.roles) for o in organisers]
    assert column(frame, "co_organiser") == [any(r.value == "co-organiser" for r in o.roles) for o in organisers]


@pytest.mark.parametrize("engine", ENGINES)
def test_no_events_give_empty_typed_frames(engine: str) -> None:
    for level in LEVELS:
        frame = to_frame([], level, engine)  # type: ignore[arg-type]
        assert height(frame) == 0
        assert "event_id" in frame.columns


@given(st.lists(strategies.events(), max_size=4, unique_by=lambda e: e.id), st.sampled_from(LEVELS))
def test_generated_events_give_the_expected_rows_in_both_engines(events: list[Event], level: str) -> None:
    pandas_frame = to_frame(events, level, "pandas")  # type: ignore[arg-type]
    polars_frame = to_frame(events, level, "polars")  # type: ignore[arg-type]
    assert height(pandas_frame) == height(polars_frame) == expected_rows(events, level)
    assert list(pandas_frame.columns) == list(polars_frame.columns)


def test_unknown_level_or_engine() -> None:
    with pytest.raises(ValueError, match="levels: event, session"):
        to_frame(EVENTS, "speaker")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="engines: pandas, polars"):
        to_frame(EVENTS, engine="spark")  # type: ignore[arg-type]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_missing_engine_names_the_extra(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, engine, None)  # what Python does for a module known to be absent
    with pytest.raises(MissingExtraError, match=rf"pip install 'stievents\[{engine}\]'") as caught:
        to_frame(EVENTS, engine=engine)  # type: ignore[arg-type]
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, stievents.StieventsError)


def test_to_frame_is_exported() -> None:
    assert stievents.to_frame is to_frame

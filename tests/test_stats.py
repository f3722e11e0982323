"""``stievents.stats``: counts checked against a second, naive computation written here.

The naive side reads each event the slow, obvious way (``strftime`` for the
month, nested loops for the cross-tabulation, the scheme's own ``label``) so
that a slip in the one-pass counter shows up as a difference.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import stievents
from stievents import examples
from stievents.model import AttendanceMode, Event, EventStatus, StatusChange, VirtualLocation
from stievents.statistics import KEYS, MULTI_VALUED, ONLINE, StatsResult, stats, status_of
from stievents.testing import strategies

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SINGLE = [key for key in KEYS if key not in MULTI_VALUED]


def collections() -> dict[str, list[Event]]:
    """The built-in examples, and the demo catalogue when this version ships one."""
    found = {"examples": [examples.example(name) for name in examples.example_names()]}
    catalogue = getattr(examples, "catalogue", None)
    if catalogue is not None:
        found["catalogue"] = list(catalogue())
    return found


COLLECTIONS = collections()


def labels() -> dict[tuple[str, str], str]:
    return {
        (scheme.id, code): label for scheme in stievents.api.classification_schemes() for code, label in scheme.codes
    }


def naive_values(event: Event, key: str) -> list[Any]:
    """The values ``event`` counts under for ``key``, computed the obvious way."""
    if key == "year":
        return [int(event.start.isoformat()[:4])]
    if key == "month":
        return [event.start.strftime("%Y-%m")]
    if key == "country":
        online_only = event.attendance_mode == AttendanceMode.ONLINE
        no_venue_but_link = event.venue is None and event.virtual_location is not None
        if online_only or no_venue_but_link:
            return ["online"]
        return [event.venue.country if event.venue else None]
    if key in ("event_type", "scope", "attendance_mode"):
        member = getattr(event, key)
        return [member.value if member else None]
    if key == "status":
        history = [change.status.value for change in event.status_history]
        moved = event.status.value == "moved-online" or (
            "moved-online" in history
            and event.status.value in ("scheduled", "rescheduled")
            and event.attendance_mode != AttendanceMode.IN_PERSON
        )
        return ["moved-online" if moved else event.status.value]
    if key == "phase":
        return [event.phase(NOW).value]
    if key == "organiser":
        values = [o.acronym if o.acronym else o.name for o in event.organisers]
    elif key == "topic":
        values = list(event.topics)
    elif key == "language":
        values = [use.tag for use in event.languages]
    elif key == "policy_question":
        values = [q.text for q in event.policy_questions]
    elif key == "classification":
        known = labels()
        cited = list(event.classifications) + [c for q in event.policy_questions for c in q.classifications]
        values = []
        for c in cited:
            label = known.get((c.scheme, c.code))
            values.append(f"{c.scheme}:{c.code} ({label})" if label else f"{c.scheme}:{c.code}")
    else:
        raise AssertionError(key)
    unique = []
    for value in values:
        if value not in unique:
            unique.append(value)
    return unique or [None]


def naive_counts(events: list[Event], keys: list[str]) -> Counter[tuple[Any, ...]]:
    counts: Counter[tuple[Any, ...]] = Counter()
    for event in events:
        for combination in itertools.product(*[naive_values(event, key) for key in keys]):
            counts[combination] += 1
    return counts


def counted(result: StatsResult) -> Counter[tuple[Any, ...]]:
    return Counter({row.values: row.count for row in result.rows})


# ------------------------------------------------------------------ against the naive count


@pytest.mark.parametrize("name", list(COLLECTIONS))
@pytest.mark.parametrize("key", list(KEYS))
def test_each_key_matches_the_naive_count(name: str, key: str) -> None:
    events = COLLECTIONS[name]
    result = stats(events, [key], now=NOW)
    assert counted(result) == naive_counts(events, [key])
    assert result.total == len(events)
    assert result.keys == (key,)


@pytest.mark.parametrize("name", list(COLLECTIONS))
@pytest.mark.parametrize(
    "keys",
    [
        ["year", "country"],
        ["event_type", "country"],
        ["year", "classification"],
        ["organiser", "topic"],
        ["month", "status", "attendance_mode"],
        ["policy_question", "language"],
    ],
)
def test_cross_tabulations_match_the_naive_count(name: str, keys: list[str]) -> None:
    events = COLLECTIONS[name]
    assert counted(stats(events, keys, now=NOW)) == naive_counts(events, keys)


def test_the_examples_give_the_facts_they_hold() -> None:
    """A few counts read off the example files by eye, so the naive side is not the only witness."""
    events = COLLECTIONS["examples"]
    by_country = {row.values[0]: row.count for row in stats(events, ["country"]).rows}
    assert by_country == {"online": 1, "BE": 1}  # the Moscow workshop moved online: it counts as online
    assert {row.values[0] for row in stats(events, ["status"]).rows} == {"moved-online", "rescheduled"}
    organisers = stats(events, ["organiser"])
    assert sum(row.count for row in organisers.rows) == 6 > organisers.total == 2


@given(st.lists(strategies.events(), max_size=6))
def test_single_valued_counts_sum_to_the_number_of_events(events: list[Event]) -> None:
    for key in SINGLE:
        result = stats(events, [key], now=NOW)
        assert sum(row.count for row in result.rows) == len(events) == result.total
        assert not result.multi_valued
    result = stats(events, ["year", "status", "country"], now=NOW)
    assert sum(row.count for row in result.rows) == len(events)


@given(st.lists(strategies.events(), max_size=5), st.sampled_from(sorted(MULTI_VALUED)))
def test_multi_valued_counts_match_and_cover_every_event(events: list[Event], key: str) -> None:
    result = stats(events, [key, "year"], now=NOW)
    assert counted(result) == naive_counts(events, [key, "year"])
    assert sum(row.count for row in result.rows) >= len(events)
    assert result.multi_valued


# ------------------------------------------------------------------ the result


def test_rows_are_sorted_by_count_then_values() -> None:
    events = [examples.example("demo-hybrid-forum")] * 3 + [examples.example("oecd-co-creation-2020")]
    rows = stats(events, ["topic"]).rows
    counts = [row.count for row in rows]
    assert counts == sorted(counts, reverse=True)
    assert rows[0].count == 3
    tied = [str(row.values[0]) for row in rows if row.count == 1]
    assert tied == sorted(tied)


def test_none_sorts_last_among_ties_and_years_sort_as_numbers() -> None:
    base = examples.example("demo-hybrid-forum")
    events = [
        attrs.evolve(
            base, id=f"e{year}", start=base.start.replace(year=year), end=base.end.replace(year=year), sessions=()
        )
        for year in (2100, 999, 2031)
    ]
    assert [row.values[0] for row in stats(events, ["year"]).rows] == [999, 2031, 2100]
    language_rows = stats([*events, examples.example("oecd-co-creation-2020")], ["language"]).rows
    assert [row.count for row in language_rows] == [3, 3, 1]
    assert language_rows[-1].values == (None,)  # the OECD workshop gives no languages


def test_as_dicts_names_each_key_as_given_plus_count() -> None:
    result = stats(COLLECTIONS["examples"], ["event_type", "year"])
    dicts = result.as_dicts()
    assert len(dicts) == len(result.rows)
    for row, entry in zip(result.rows, dicts, strict=True):
        assert list(entry) == ["event_type", "year", "count"]
        assert (entry["event_type"], entry["year"], entry["count"]) == (*row.values, row.count)


def test_result_is_frozen_and_typed() -> None:
    result = stats(COLLECTIONS["examples"], ["year"])
    assert isinstance(result.rows, tuple)
    assert all(isinstance(row.values[0], int) for row in result.rows)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.total = 5  # type: ignore[misc]


def test_a_generator_is_read_once() -> None:
    events = COLLECTIONS["examples"]
    result = stats((event for event in events), ["year"])
    assert result.total == len(events)
    assert counted(result) == naive_counts(events, ["year"])


def test_stats_and_statsresult_are_exported() -> None:
    assert stievents.stats is stats
    assert stievents.StatsResult is StatsResult
    assert "stats" in stievents.__all__
    assert "to_frame" in stievents.__all__


def test_no_events_give_no_rows() -> None:
    result = stats([], ["country", "topic"])
    assert result.rows == ()
    assert result.total == 0
    assert result.as_dicts() == []


# ------------------------------------------------------------------ keys


@pytest.mark.parametrize("by", [["yaer"], ["year", "countries"], []])
def test_an_unknown_key_names_it_and_lists_the_valid_ones(by: list[str]) -> None:
    with pytest.raises(ValueError, match="valid keys: year, month, country") as caught:
        stats(COLLECTIONS["examples"], by)
    for key in by:
        if key not in KEYS:
            assert repr(key) in str(caught.value)


def test_a_repeated_key_is_refused() -> None:
    with pytest.raises(ValueError, match="'year' is given twice"):
        stats(COLLECTIONS["examples"], ["year", "year"])


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        stats(COLLECTIONS["examples"], ["phase"], now=dt.datetime(2026, 1, 1))


def test_phase_reads_now() -> None:
    events = COLLECTIONS["examples"]
    early = {row.values[0]: row.count for row in stats(events, ["phase"], now=NOW.replace(year=2000)).rows}
    late = {row.values[0]: row.count for row in stats(events, ["phase"], now=NOW.replace(year=2100)).rows}
    assert early == {"upcoming": len(events)}
    assert late == {"ended": len(events)}


def test_the_month_and_year_are_those_of_the_events_own_zone() -> None:
    """23:30 on 31 December in Tokyo is still 2030 there, though 2030-12-31T14:30Z; so is its month."""
    base = examples.example("oecd-co-creation-2020")
    start = dt.datetime(2030, 12, 31, 23, 30, tzinfo=_zone("Asia/Tokyo"))
    event = attrs.evolve(base, start=start, end=start + dt.timedelta(hours=2), sessions=())
    assert stats([event], ["year", "month"]).rows[0].values == (2030, "2030-12")
    assert start.astimezone(dt.UTC).day == 31  # the same instant published in New York: still 31 December
    west_start = start.astimezone(_zone("America/New_York"))
    west = attrs.evolve(event, start=west_start, end=west_start + dt.timedelta(hours=2))
    assert stats([west], ["year", "month"]).rows[0].values == (2030, "2030-12")
    east_start = start.astimezone(_zone("Pacific/Kiritimati"))  # UTC+14: already 2031 there
    east = attrs.evolve(event, start=east_start, end=east_start + dt.timedelta(hours=2))
    assert stats([east], ["year", "month"]).rows[0].values == (2031, "2031-01")


def _zone(name: str) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


# ------------------------------------------------------------------ status and country


def _moved_then(status: EventStatus, mode: AttendanceMode) -> Event:
    base = examples.example("demo-hybrid-forum")
    history = (StatusChange(status=EventStatus.MOVED_ONLINE), StatusChange(status=status))
    virtual = base.virtual_location or VirtualLocation(url="https://meet.example.org/x")
    venue = None if mode is AttendanceMode.ONLINE else base.venue
    return attrs.evolve(
        base, status=status, status_history=history, attendance_mode=mode, venue=venue, virtual_location=virtual
    )


@pytest.mark.parametrize(
    ("status", "mode", "expected"),
    [
        (EventStatus.RESCHEDULED, AttendanceMode.ONLINE, "moved-online"),
        (EventStatus.SCHEDULED, AttendanceMode.MIXED, "moved-online"),
        (EventStatus.RESCHEDULED, AttendanceMode.IN_PERSON, "rescheduled"),  # moved back to a venue
        (EventStatus.CANCELLED, AttendanceMode.ONLINE, "cancelled"),
        (EventStatus.POSTPONED, AttendanceMode.ONLINE, "postponed"),
    ],
)
def test_moved_online_counts_a_move_recorded_in_the_history(
    status: EventStatus, mode: AttendanceMode, expected: str
) -> None:
    if mode is AttendanceMode.IN_PERSON:
        event = attrs.evolve(_moved_then(status, AttendanceMode.MIXED), attendance_mode=mode, virtual_location=None)
    else:
        event = _moved_then(status, mode)
    assert status_of(event).value == expected
    assert stats([event], ["status"]).rows[0].values == (expected,)


def test_an_online_event_with_no_history_is_not_moved_online() -> None:
    base = examples.example("demo-hybrid-forum")
    event = attrs.evolve(
        base, status=EventStatus.SCHEDULED, status_history=(), attendance_mode=AttendanceMode.ONLINE, venue=None
    )
    assert stats([event], ["status", "country"]).rows[0].values == ("scheduled", ONLINE)

"""The VTIMEZONEs we write give every reader zoneinfo's offsets, over spans of many years.

ical.js (Thunderbird) reads only the first value of a multi-valued RDATE and
ignores DTSTART when an RDATE is present, so a VTIMEZONE written as RDATE lists
put events an hour off after a zone's second change; the observances are now
DTSTART alone or a yearly RRULE with COUNT. These tests prove the observances
equal zoneinfo's changes (every one, nothing else) and that ical.js, icalendar,
vobject and our importer read every event of a many-year calendar at the
model's instant, in zones north and south of the equator and zones that
changed their rules (Moscow 2011 and 2014, São Paulo 2019).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import vobject
from dateutil import rrule
from hypothesis import given, settings
from hypothesis import strategies as st
from ical_helpers import read_with_ical_js
from stievents_ical._transitions import STEP, Observance, observances, transitions
from stievents_ical._zones import timezone_bytes

import stievents
from stievents.model import Event

UTC = dt.UTC
NOW = dt.datetime(2024, 1, 1, tzinfo=UTC)
SPAN = (dt.datetime(2009, 1, 1), dt.datetime(2022, 1, 1))  # Moscow 2011 and 2014, São Paulo 2019
ZONES = ("Europe/Paris", "America/New_York", "Australia/Sydney", "Europe/Moscow", "America/Sao_Paulo")
# Zones whose changes are irregular: Ramadan breaks, a skipped day, half-hour DST, rule changes.
TRICKY = (*ZONES, "Asia/Gaza", "Africa/Casablanca", "Pacific/Apia", "Australia/Lord_Howe", "America/Santiago")


def _state(zone: zoneinfo.ZoneInfo, utc: dt.datetime) -> tuple[dt.timedelta, bool, str]:
    local = utc.replace(tzinfo=UTC).astimezone(zone)
    return local.utcoffset(), bool(local.dst()), local.tzname()  # type: ignore[return-value]


def _expanded(found: list[Observance]) -> list[tuple[dt.datetime, tuple[dt.timedelta, bool, str]]]:
    """Every change the observances after the first state (dateutil expands the RRULEs): UTC and state after."""
    changes = []
    for observance in found[1:]:
        onsets = [observance.start]
        if observance.rule is not None:
            text = icalendar.vRecur(observance.rule).to_ical().decode()
            onsets = list(rrule.rrulestr(text, dtstart=observance.start))
            assert len(onsets) == observance.rule["COUNT"]
        after = (observance.offset_to, observance.daylight, observance.name)
        changes += [(onset - observance.offset_from, after) for onset in onsets]
    return sorted(changes)


# ------------------------------------------------------------------ the observances are zoneinfo's changes


@pytest.mark.parametrize("key", TRICKY)
def test_transitions_are_zoneinfos_hour_by_hour(key: str) -> None:
    """Every change found is one (state before and after, to the second), and none is missed (hourly)."""
    zone = zoneinfo.ZoneInfo(key)
    start, stop = SPAN
    first, found = transitions(zone, start, stop)
    assert first == _state(zone, start)
    for change in found:
        assert _state(zone, change.utc - dt.timedelta(seconds=1)) == change.before
        assert _state(zone, change.utc) == change.after
    moments = [change.utc for change in found]
    states = [first] + [change.after for change in found]
    hour = start
    while hour < stop:
        assert _state(zone, hour) == states[bisect.bisect_right(moments, hour)], (key, hour)
        hour += dt.timedelta(hours=1)


@pytest.mark.parametrize("key", TRICKY)
def test_observances_give_every_change_and_no_other(key: str) -> None:
    zone = zoneinfo.ZoneInfo(key)
    found = list(observances(zone, *SPAN))
    _, changes = transitions(zone, SPAN[0] - zone.utcoffset(SPAN[0]), SPAN[1] - zone.utcoffset(SPAN[1]))  # type: ignore[operator]
    assert _expanded(found) == [(c.utc, c.after) for c in changes]
    assert [o.start for o in found] == sorted(o.start for o in found), "in order of onset: deterministic"


@settings(max_examples=60, deadline=None)
@given(
    key=st.sampled_from(sorted(zoneinfo.available_timezones())),
    year=st.integers(1890, 2100),
    days=st.integers(0, 15 * 366),
)
def test_observances_of_any_zone_and_span_are_zoneinfos(key: str, year: int, days: int) -> None:
    zone = zoneinfo.ZoneInfo(key)
    first = dt.datetime(year, 1, 1)
    last = first + dt.timedelta(days=days)
    found = list(observances(zone, first, last))
    initial = found[0]
    assert (initial.offset_to, initial.daylight, initial.name) == _state(zone, first - initial.offset_to)
    utc_first, utc_last = first - initial.offset_to, last - zone.utcoffset(last)  # type: ignore[operator]
    _, changes = transitions(zone, utc_first, utc_last)
    assert _expanded(found) == [(c.utc, c.after) for c in changes]
    for change in changes:
        assert _state(zone, change.utc - dt.timedelta(seconds=1)) == change.before
        assert _state(zone, change.utc) == change.after


def test_tzdata_changes_are_further_apart_than_the_sampling_step() -> None:
    """:data:`STEP` finds every change only if no two are closer; checked on every zone's transition table."""
    try:
        from zoneinfo._zoneinfo import ZoneInfo as PyZoneInfo  # the pure-Python reader: it lists the table
    except ImportError:  # pragma: no cover - CPython ships it
        pytest.skip("the pure-Python zoneinfo reader is absent; cannot list transition tables")
    closest = min(
        (later - earlier, key)
        for key in zoneinfo.available_timezones()
        for table in [getattr(PyZoneInfo.no_cache(key), "_trans_utc", [])]
        for earlier, later in itertools.pairwise(table)
    )
    assert closest[0] > STEP.total_seconds(), closest


def test_a_recurring_change_is_one_rrule() -> None:
    """Paris 2020-2023: the first state, then one DAYLIGHT and one STANDARD observance, each a yearly rule.

    The VTIMEZONE covers whole years: a day in June 2023 brings the change of October 2023 with it.
    """
    text = timezone_bytes("Europe/Paris", [dt.date(2020, 1, 1), dt.date(2023, 6, 1)]).decode()
    assert "RDATE" not in text
    assert "COMMENT:This timezone only works from 2019-12-30 to 2024-01-02.\r\n" in text
    assert "DTSTART:20200329T020000\r\nRRULE:FREQ=YEARLY;COUNT=4;BYDAY=-1SU;BYMONTH=3\r\n" in text
    assert "DTSTART:20201025T030000\r\nRRULE:FREQ=YEARLY;COUNT=4;BYDAY=-1SU;BYMONTH=10\r\n" in text
    assert timezone_bytes("Europe/Paris", [dt.date(2020, 3, 5), dt.date(2023, 12, 31)]) == text.encode()
    assert text.count("BEGIN:STANDARD") == 2
    assert text.count("BEGIN:DAYLIGHT") == 1


# ------------------------------------------------------------------ readers read a many-year calendar right


def _events() -> list[Event]:
    """Events in each zone, monthly over SPAN, and on each side of every change (one at its very moment)."""
    events = []
    for key in ZONES:
        zone = zoneinfo.ZoneInfo(key)
        slug = key.lower().replace("/", "-").replace("_", "-")
        year = SPAN[0].year
        starts = [dt.datetime(y, m, 10, 9, 30, tzinfo=zone) for y in range(year, SPAN[1].year) for m in (1, 4, 7, 10)]
        _, changes = transitions(zone, *SPAN)
        for change in changes:
            moment = change.utc.replace(tzinfo=UTC)
            starts += [(moment + delta).astimezone(zone) for delta in (dt.timedelta(hours=-3), dt.timedelta())]
        for number, start in enumerate(starts):
            end = (start.astimezone(UTC) + dt.timedelta(hours=2)).astimezone(zone)
            events.append(Event(id=f"{slug}-{number}", title=f"{key} {number}", start=start, end=end))
    return events


def _expected(events: list[Event]) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    return {f"{e.id}@stievents": (e.start.astimezone(UTC), e.end.astimezone(UTC)) for e in events}  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def calendar() -> tuple[list[Event], bytes]:
    events = _events()
    assert len(events) > 300
    return events, stievents.export(events, "ics", now=NOW)


def test_the_calendar_has_no_rdate_in_a_zone(calendar: tuple[list[Event], bytes]) -> None:
    cal = icalendar.Calendar.from_ical(calendar[1])
    zones = cal.walk("VTIMEZONE")
    assert sorted(str(z["TZID"]) for z in zones) == sorted(ZONES)
    for zone in zones:
        for observance in zone.subcomponents:
            assert "RDATE" not in observance
            assert not isinstance(observance.get("RRULE"), list), "one RRULE per observance"


def test_ical_js_reads_every_instant(calendar: tuple[list[Event], bytes], tmp_path: Path) -> None:
    events, data = calendar
    path = tmp_path / "zones.ics"
    path.write_bytes(data)
    read = read_with_ical_js(path)["events"]
    assert isinstance(read, list)

    def iso(value: dt.datetime) -> str:
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    expected = {uid: (iso(start), iso(end)) for uid, (start, end) in _expected(events).items()}
    got = {e["uid"]: (e["start"], e["end"]) for e in read}
    wrong = [(uid, got.get(uid), want) for uid, want in expected.items() if got.get(uid) != want]
    assert not wrong, f"{len(wrong)} of {len(expected)} read wrong by ical.js, e.g. {wrong[:3]}"


def test_icalendar_reads_every_instant(calendar: tuple[list[Event], bytes]) -> None:
    events, data = calendar
    got = {
        str(v["UID"]): (v.decoded("DTSTART").astimezone(UTC), v.decoded("DTEND").astimezone(UTC))
        for v in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }
    assert got == _expected(events)


def test_icalendar_reads_the_zone_definitions_themselves(calendar: tuple[list[Event], bytes]) -> None:
    """icalendar's tzinfo built from each VTIMEZONE (not from the TZID) gives every event's offset."""
    events, data = calendar
    zones = {str(z["TZID"]): z.to_tz() for z in icalendar.Calendar.from_ical(data).walk("VTIMEZONE")}
    for event in events:
        for value in (event.start, event.end):
            assert isinstance(value, dt.datetime)
            assert isinstance(value.tzinfo, zoneinfo.ZoneInfo)
            theirs = value.astimezone(zones[value.tzinfo.key])
            assert theirs.utcoffset() == value.utcoffset(), (event.id, value)


def test_vobject_reads_every_instant(calendar: tuple[list[Event], bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    """vobject reads each VTIMEZONE with dateutil's tzical (not the TZID as an IANA name).

    vobject keeps the first VTIMEZONE it reads for a TZID for the rest of the
    process, so this test reads ours with an empty registry (and restores it).
    """
    monkeypatch.setitem(vars(vobject.icalendar), "__tzidMap", {})
    events, data = calendar
    cal = vobject.readOne(data.decode("utf-8"))
    got = {v.uid.value: (v.dtstart.value.astimezone(UTC), v.dtend.value.astimezone(UTC)) for v in cal.vevent_list}
    assert got == _expected(events)


def test_our_importer_reads_every_instant(calendar: tuple[list[Event], bytes]) -> None:
    events, data = calendar
    result = stievents.read(data, "ics")
    assert [(e.id, e.start, e.end) for e in result.events] == [(e.id, e.start, e.end) for e in events]


@pytest.mark.parametrize("fold", [0, 1])
def test_both_passes_of_a_repeated_hour_are_written_in_utc(fold: int) -> None:
    """RFC 5545 reads 02:30 on 25 October 2020 in Paris as the first pass, ical.js as the second: both are
    written in UTC with the zone, and come back with their fold; an unambiguous time stays local."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    start = dt.datetime(2020, 10, 25, 2, 30, tzinfo=paris, fold=fold)
    end = dt.datetime(2020, 10, 25, 4, 0, tzinfo=paris)
    data = stievents.export(Event(id="night", title="t", start=start, end=end), "ics", now=NOW)
    utc = start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART;X-STIEVENTS-TZID=Europe/Paris:{utc}\r\n".encode() in data
    assert b"DTEND;TZID=Europe/Paris:20201025T040000\r\n" in data
    (event,) = stievents.read(data, "ics").events
    assert (event.start, event.start.fold, event.end) == (start, fold, end)  # type: ignore[union-attr]

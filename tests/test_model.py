"""The model's invariants (each error names its field) and its derived facts."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import attrs
import pytest
from hypothesis import given

from stievents import (
    AttendanceMode,
    Classification,
    Contact,
    Event,
    EventStatus,
    Geo,
    Image,
    InvalidEventError,
    LanguageUse,
    LimitExceededError,
    Organiser,
    OrganiserRole,
    Override,
    Person,
    Phase,
    PolicyQuestion,
    Project,
    Recurrence,
    Reference,
    RelatedEvent,
    Session,
    StatusChange,
    Translation,
    Venue,
    VirtualLocation,
)
from stievents.errors import StieventsError, ValidationError
from stievents.testing import strategies as sst

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
UTC = dt.UTC


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, fold: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS, fold=fold)


def make(**changes: Any) -> Event:
    fields: dict[str, Any] = {
        "id": "e1",
        "title": "A workshop",
        "start": paris(2020, 3, 5, 9, 30),
        "end": paris(2020, 3, 6, 16, 30),
    }
    fields.update(changes)
    return Event(**fields)


def problems_of(build: Any, *args: Any, **kwargs: Any) -> dict[str, str]:
    """The problems a constructor reports, as {path: message}."""
    with pytest.raises(InvalidEventError) as info:
        build(*args, **kwargs)
    assert isinstance(info.value, ValidationError)
    assert isinstance(info.value, StieventsError)
    found: dict[str, str] = {}
    for problem in info.value.problems:
        found[problem.path] = "; ".join(filter(None, [found.get(problem.path), problem.message]))
    return found


# ------------------------------------------------------------------ time


def test_a_valid_event_builds() -> None:
    event = make()
    assert event.timezone == "Europe/Paris"
    assert not event.is_all_day


def test_end_before_start_is_refused() -> None:
    found = problems_of(make, end=paris(2020, 3, 5, 9, 0))
    assert set(found) == {"$.end"}
    assert "must not be before $.start" not in found["$.end"]
    assert "before start" in found["$.end"]


def test_end_equal_to_start_is_accepted() -> None:
    assert make(end=paris(2020, 3, 5, 9, 30)).end == paris(2020, 3, 5, 9, 30)


def test_end_before_start_across_zones_compares_instants() -> None:
    # 10:00 in Moscow is 08:00 in Paris: before 09:30 Paris although the wall time is later.
    found = problems_of(make, end=dt.datetime(2020, 3, 5, 10, 0, tzinfo=MOSCOW))
    assert set(found) == {"$.end"}


def test_date_and_datetime_cannot_be_mixed() -> None:
    found = problems_of(make, end=dt.date(2020, 3, 6))
    assert "same kind" in found["$.end"]


def test_naive_datetimes_are_refused() -> None:
    found = problems_of(make, start=dt.datetime(2020, 3, 5, 9, 30))
    assert "naive" in found["$.start"]


def test_a_datetime_without_a_zoneinfo_is_refused() -> None:
    found = problems_of(make, end=dt.datetime(2020, 3, 6, 15, 30, tzinfo=UTC))
    assert "named IANA zone" in found["$.end"]
    fixed = dt.timezone(dt.timedelta(hours=1))
    found = problems_of(make, start=dt.datetime(2020, 3, 5, 9, 30, tzinfo=fixed))
    assert "named IANA zone" in found["$.start"]


def test_a_local_time_in_a_dst_gap_is_refused() -> None:
    # 29 March 2020, clocks in Paris jump from 02:00 to 03:00.
    found = problems_of(make, start=paris(2020, 3, 29, 2, 30), end=paris(2020, 3, 29, 4, 0))
    assert "does not exist in Europe/Paris" in found["$.start"]
    found = problems_of(make, start=paris(2020, 3, 29, 2, 30, fold=1), end=paris(2020, 3, 29, 4, 0))
    assert "DST gap" in found["$.start"]


def test_a_repeated_local_time_is_accepted_with_either_fold() -> None:
    first = make(start=paris(2020, 10, 25, 2, 30), end=paris(2020, 10, 25, 5, 0))
    second = make(start=paris(2020, 10, 25, 2, 30, fold=1), end=paris(2020, 10, 25, 5, 0))
    assert first.start_utc == dt.datetime(2020, 10, 25, 0, 30, tzinfo=UTC)
    assert second.start_utc == dt.datetime(2020, 10, 25, 1, 30, tzinfo=UTC)


def test_start_must_be_a_date_or_datetime() -> None:
    found = problems_of(make, start="2020-03-05")
    assert "expected a date or an aware datetime" in found["$.start"]


def test_zone_names_must_be_valid() -> None:
    assert problems_of(Venue, name="x", timezone="Mars/Olympus_Mons") == {
        "$.timezone": "unknown time zone 'Mars/Olympus_Mons'"
    }
    assert "$.timezone" in problems_of(Venue, name="x", timezone="../../etc/passwd")
    assert Venue(name="x", timezone="Europe/Moscow").timezone == "Europe/Moscow"


def test_created_and_updated_are_ordered() -> None:
    found = problems_of(make, created=paris(2020, 2, 2, 0, 0), updated=paris(2020, 2, 1, 0, 0))
    assert set(found) == {"$.updated"}


# ------------------------------------------------------------------ sessions


def test_scheduled_sessions_must_lie_inside_the_event() -> None:
    sessions = (
        Session(id="ok", title="Inside", start=paris(2020, 3, 5, 10, 0), end=paris(2020, 3, 5, 11, 0)),
        Session(id="early", title="Too early", start=paris(2020, 3, 5, 8, 0), end=paris(2020, 3, 5, 9, 0)),
        Session(id="late", title="Too late", start=paris(2020, 3, 6, 16, 0), end=paris(2020, 3, 6, 17, 0)),
        Session(id="day", title="Wrong day", start=dt.date(2020, 3, 7)),
        Session(id="unscheduled", title="Some time"),
        Session(id="right-day", title="Right day", start=dt.date(2020, 3, 6)),
    )
    found = problems_of(make, sessions=sessions)
    assert set(found) == {"$.sessions[1].start", "$.sessions[1].end", "$.sessions[2].end", "$.sessions[3].start"}
    assert found["$.sessions[1].start"] == "is outside the event's start and end"


def test_session_in_another_zone_is_compared_by_instant() -> None:
    inside = Session(
        id="moscow", title="x", start=dt.datetime(2020, 3, 5, 11, 30, tzinfo=MOSCOW), end=paris(2020, 3, 5, 10, 0)
    )
    assert make(sessions=(inside,)).sessions == (inside,)
    outside = Session(id="moscow", title="x", start=dt.datetime(2020, 3, 5, 11, 0, tzinfo=MOSCOW))
    assert set(problems_of(make, sessions=(outside,))) == {"$.sessions[0].start"}


def test_session_invariants() -> None:
    found = problems_of(Session, id="s", title="x", start=dt.date(2020, 3, 5), end=paris(2020, 3, 5, 10, 0))
    assert "needs a start datetime" in found["$.end"]
    found = problems_of(Session, id="s", title="x", start=paris(2020, 3, 5, 10, 0), end=paris(2020, 3, 5, 9, 0))
    assert set(found) == {"$.end"}
    found = problems_of(Session, id="bad id!", title=" ")
    assert set(found) == {"$.id", "$.title"}


def test_session_rooms_and_questions_must_exist() -> None:
    session = Session(id="s", title="x", room="Room Z", policy_question_ids=("q1", "q9"))
    found = problems_of(
        make,
        venue=Venue(name="v", rooms=("Room A",)),
        policy_questions=(PolicyQuestion(id="q1", text="Why?"),),
        sessions=(session,),
    )
    assert set(found) == {"$.sessions[0].room", "$.sessions[0].policy_question_ids[1]"}


def test_sessions_of_an_all_day_event() -> None:
    day_event = {"start": dt.date(2020, 3, 5), "end": dt.date(2020, 3, 6)}
    make(**day_event, sessions=(Session(id="a", title="x", start=dt.date(2020, 3, 6)),))
    make(**day_event, sessions=(Session(id="a", title="x", start=paris(2020, 3, 6, 23, 0)),))
    found = problems_of(make, **day_event, sessions=(Session(id="a", title="x", start=dt.date(2020, 3, 7)),))
    assert set(found) == {"$.sessions[0].start"}


# ------------------------------------------------------------------ places


VENUE = Venue(name="Higher School of Economics", locality="Moscow", country="RU")
ONLINE = VirtualLocation(url="https://meet.example.org/j/1")


def test_online_event_may_keep_its_planned_venue() -> None:
    event = make(attendance_mode=AttendanceMode.ONLINE, venue=VENUE)
    assert event.venue == VENUE
    make(attendance_mode=AttendanceMode.ONLINE, venue=VENUE, virtual_location=ONLINE)
    make(attendance_mode=AttendanceMode.ONLINE)


def test_in_person_event_has_no_virtual_location() -> None:
    found = problems_of(make, attendance_mode=AttendanceMode.IN_PERSON, venue=VENUE, virtual_location=ONLINE)
    assert set(found) == {"$.virtual_location"}
    make(attendance_mode=AttendanceMode.IN_PERSON, venue=VENUE)


def test_mixed_event_needs_both_places() -> None:
    for places in ({"venue": VENUE}, {"virtual_location": ONLINE}, {}):
        found = problems_of(make, attendance_mode=AttendanceMode.MIXED, **places)
        assert set(found) == {"$.attendance_mode"}, places
    make(attendance_mode=AttendanceMode.MIXED, venue=VENUE, virtual_location=ONLINE)


def test_both_places_without_a_mode_is_refused() -> None:
    found = problems_of(make, venue=VENUE, virtual_location=ONLINE)
    assert "must say its mode" in found["$.attendance_mode"]


def test_venue_needs_a_place_and_unique_rooms() -> None:
    assert set(problems_of(Venue, country="RU")) == {"$.name"}
    assert set(problems_of(Venue, name="v", rooms=("A", "B", "A"))) == {"$.rooms[2]"}


def test_public_join_link_needs_a_url() -> None:
    assert set(problems_of(VirtualLocation, join_url_public=True)) == {"$.join_url_public"}


def test_geo_ranges() -> None:
    assert set(problems_of(Geo, latitude=91.0, longitude=-181.0)) == {"$.latitude", "$.longitude"}
    assert set(problems_of(Geo, latitude=float("nan"), longitude=0.0)) == {"$.latitude"}


# ------------------------------------------------------------------ codes and formats


@pytest.mark.parametrize("code", ["XX", "ru", "RUS", "", "UK"])
def test_country_codes_must_be_iso_3166_alpha_2(code: str) -> None:
    assert "$.country" in problems_of(Venue, name="v", country=code)
    assert "$.country" in problems_of(Organiser, name="o", country=code)


def test_valid_country_codes() -> None:
    assert Venue(name="v", country="RU").country == "RU"
    assert Organiser(name="o", country="KR").country == "KR"


@pytest.mark.parametrize("tag", ["xx", "english", "en_GB", "en-", "", "e", "fr-FRANCE-", "zz-FR"])
def test_language_tags_must_be_valid(tag: str) -> None:
    assert "$.language" in problems_of(Translation, language=tag, title="t")
    assert "$.tag" in problems_of(LanguageUse, tag=tag)
    assert "$.text_language" in problems_of(make, text_language=tag)


@pytest.mark.parametrize("tag", ["en", "fr", "fr-BE", "es-419", "zh-Hant-TW", "en-GB", "gsw"])
def test_valid_language_tags(tag: str) -> None:
    assert LanguageUse(tag=tag).tag == tag


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (lambda v: Organiser(name="o", ror=v), "$.ror", "05hqf1284"),
        (lambda v: Organiser(name="o", ror=v), "$.ror", "https://ror.org/05hqf12"),
        (lambda v: Organiser(name="o", ror=v), "$.ror", "https://ror.org/15hqf1284"),
        (lambda v: Organiser(name="o", ror=v), "$.ror", "https://ror.org/0ihqf1284"),
        (lambda v: Reference(citation="c", doi=v), "$.doi", "https://doi.org/10.1787/x"),
        (lambda v: Reference(citation="c", doi=v), "$.doi", "10.17/x"),
        (lambda v: Reference(citation="c", doi=v), "$.doi", "10.1787/a b"),
        (lambda v: Organiser(name="o", url=v), "$.url", "ftp://example.org/"),
        (lambda v: Organiser(name="o", url=v), "$.url", "example.org"),
        (lambda v: Organiser(name="o", url=v), "$.url", "javascript:alert(1)"),
        (lambda v: Organiser(name="o", url=v), "$.url", "https://exa mple.org/"),
        (lambda v: Image(url=v), "$.url", "data:image/png;base64,xx"),
        (lambda v: Person(name="p", email=v), "$.email", "not-an-email"),
        (lambda v: Person(name="p", email=v), "$.email", "a@b"),
        (lambda v: Contact(email=v), "$.email", "two@@example.org"),
        (lambda v: Contact(phone=v), "$.phone", "call me"),
    ],
)
def test_identifier_formats_are_checked(build: Any, field: str, value: str) -> None:
    found = problems_of(build, value)
    assert field in found
    assert repr(value) in found[field]


def test_valid_identifiers() -> None:
    assert Organiser(name="HSE", ror="https://ror.org/055f7t516").ror
    assert Reference(citation="OECD (2013)", doi="10.1787/9789264193307-en").doi
    assert Person(name="p", email="ben.sample@example.org", url="https://example.org/~ben?x=1#y").email
    assert Contact(phone="+32 2 000 00 00").phone


def test_required_texts_must_not_be_blank() -> None:
    assert set(problems_of(make, title="  \n")) == {"$.title"}
    assert set(problems_of(Organiser, name="")) == {"$.name"}
    assert set(problems_of(PolicyQuestion, text="\t")) == {"$.text"}
    assert set(problems_of(Classification, scheme="", code="")) == {"$.scheme", "$.code"}


def test_small_value_invariants() -> None:
    assert set(problems_of(Translation, language="fr")) == {"$.title"}
    assert set(problems_of(Contact, role="secretariat")) == {"$.name"}
    assert set(problems_of(Organiser, name="o", roles=())) == {"$.roles"}
    assert set(problems_of(Organiser, name="o", roles=(OrganiserRole.HOST, OrganiserRole.HOST))) == {"$.roles[1]"}
    assert set(problems_of(Project, name="p", start_year=2020, end_year=2019)) == {"$.end_year"}
    assert set(problems_of(RelatedEvent, id="")) == {"$.id"}
    assert set(problems_of(make, revision=-1)) == {"$.revision"}
    changed = problems_of(StatusChange, status=EventStatus.POSTPONED, previous_start=dt.datetime(2020, 1, 1, 9))
    assert "naive" in changed["$.previous_start"]


# ------------------------------------------------------------------ ids and status


def test_duplicate_ids_are_refused() -> None:
    found = problems_of(
        make,
        sessions=(Session(id="s", title="a"), Session(id="t", title="b"), Session(id="s", title="c")),
        policy_questions=(PolicyQuestion(id="q", text="a?"), PolicyQuestion(id="q", text="b?")),
        translations=(Translation(language="fr", title="a"), Translation(language="fr", title="b")),
    )
    assert set(found) == {"$.sessions[2]", "$.policy_questions[1]", "$.translations[1]"}
    assert "'s'" in found["$.sessions[2]"]


@pytest.mark.parametrize("bad", ["", "has space", "-leading", "x" * 201, "é", "a/b"])
def test_malformed_ids_are_refused(bad: str) -> None:
    assert set(problems_of(make, id=bad)) == {"$.id"}


def test_status_must_match_the_last_status_change() -> None:
    history = (StatusChange(status=EventStatus.MOVED_ONLINE, reason="virus"),)
    found = problems_of(make, status=EventStatus.SCHEDULED, status_history=history)
    assert set(found) == {"$.status"}
    assert "'moved-online'" in found["$.status"]
    event = make(status=EventStatus.MOVED_ONLINE, status_history=history)
    assert event.status_reason == "virus"


def test_several_problems_are_reported_at_once() -> None:
    with pytest.raises(InvalidEventError) as info:
        make(
            id="",
            end=paris(2020, 3, 1, 0, 0),
            url="nope",
            text_language="xx",
            attendance_mode=AttendanceMode.MIXED,
            revision=-5,
        )
    paths = [p.path for p in info.value.problems]
    assert paths == ["$.id", "$.end", "$.text_language", "$.attendance_mode", "$.url", "$.revision"]
    message = str(info.value)
    for path in paths:
        assert path[2:] in message


def test_models_are_frozen() -> None:
    event = make()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.title = "x"  # type: ignore[misc]


# ------------------------------------------------------------------ recurrence


def test_recurrence_must_be_bounded() -> None:
    found = problems_of(make, recurrence=Recurrence(rule="FREQ=WEEKLY"))
    assert "COUNT or UNTIL" in found["$.recurrence.rule"]


def test_recurrence_count_is_limited() -> None:
    found = problems_of(make, recurrence=Recurrence(rule="FREQ=DAILY;COUNT=1000000000"))
    assert "COUNT=1000000000 exceeds" in found["$.recurrence.rule"]
    assert make(recurrence=Recurrence(rule="FREQ=DAILY;COUNT=10000")).recurrence is not None


def test_recurrence_until_is_limited() -> None:
    found = problems_of(make, recurrence=Recurrence(rule="FREQ=YEARLY;UNTIL=21210101T000000Z"))
    assert "more than 100 years" in found["$.recurrence.rule"]
    found = problems_of(make, recurrence=Recurrence(rule="FREQ=YEARLY;UNTIL=20250101T000000"))
    assert "UTC" in found["$.recurrence.rule"]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;COUNT=abc",
        "FREQ=FORTNIGHTLY;COUNT=2",
        "COUNT=2",
        "freq=weekly;count=2",
        "FREQ=WEEKLY;COUNT=2;BYDAY=XX",
        "FREQ=DAILY;COUNT=3;BYHOUR=25",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=5",
        "FREQ=DAILY;BYMONTH=13;COUNT=5",
        "",
        "FREQ=WEEKLY;COUNT=2\nX-INJECT=1",
    ],
)
def test_malformed_or_impossible_rules_are_refused_with_a_clear_error(rule: str) -> None:
    found = problems_of(make, recurrence=Recurrence(rule=rule))
    assert set(found) == {"$.recurrence.rule"}
    assert found["$.recurrence.rule"]


def test_recurrence_needs_a_rule_or_dates_of_the_right_kind() -> None:
    assert set(problems_of(make, recurrence=Recurrence())) == {"$.recurrence.rule"}
    found = problems_of(
        make, recurrence=Recurrence(rdates=(dt.date(2020, 4, 1),), exdates=(dt.datetime(2020, 4, 1, 9),))
    )
    assert set(found) == {"$.recurrence.rdates[0]", "$.recurrence.exdates[0]"}


def test_an_override_may_not_end_before_its_occurrence_starts() -> None:
    weekly = "FREQ=WEEKLY;COUNT=3"
    second = paris(2020, 3, 12, 9, 30)
    early = Override(recurrence_id=second, end=paris(2020, 3, 12, 9, 0))  # the rule's start, ends before it
    moved = Override(recurrence_id=second, start=paris(2020, 3, 12, 14, 0), end=paris(2020, 3, 12, 13, 0))
    day = Override(recurrence_id=second, end=dt.date(2020, 3, 12))
    found = problems_of(make, recurrence=Recurrence(rule=weekly, overrides=(early, moved, day)))
    assert found == {
        "$.recurrence.overrides[0].end": "must not be before the occurrence's start",
        "$.recurrence.overrides[1].end": "must not be before the occurrence's start",
        "$.recurrence.overrides[2].end": "must be of the same kind as the occurrence's start",
    }
    fine = Override(recurrence_id=second, start=paris(2020, 3, 12, 14, 0), end=paris(2020, 3, 12, 14, 0))
    assert make(recurrence=Recurrence(rule=weekly, overrides=(fine,))).recurrence is not None


def test_weekly_occurrences_keep_wall_time_across_dst() -> None:
    event = make(
        start=paris(2020, 3, 20, 9, 30),
        end=paris(2020, 3, 20, 11, 0),
        recurrence=Recurrence(rule="FREQ=WEEKLY;COUNT=3"),
    )
    starts = [o.start for o in event.occurrences()]
    assert starts == [paris(2020, 3, 20, 9, 30), paris(2020, 3, 27, 9, 30), paris(2020, 4, 3, 9, 30)]
    assert [s.utcoffset() for s in starts if isinstance(s, dt.datetime)] == [dt.timedelta(hours=h) for h in (1, 1, 2)]
    assert all(o.end - o.start == dt.timedelta(minutes=90) for o in event.occurrences())


def test_rdate_exdate_and_overrides() -> None:
    event = make(
        start=paris(2020, 3, 20, 9, 30),
        end=paris(2020, 3, 20, 11, 0),
        recurrence=Recurrence(
            rule="FREQ=WEEKLY;COUNT=4",
            rdates=(paris(2020, 5, 1, 14, 0),),
            exdates=(paris(2020, 3, 27, 9, 30),),
            overrides=(
                Override(recurrence_id=paris(2020, 4, 3, 9, 30), start=paris(2020, 4, 3, 10, 0), title="moved"),
                Override(recurrence_id=paris(2020, 4, 10, 9, 30), cancelled=True),
            ),
        ),
    )
    occurrences = event.occurrences()
    assert [o.start for o in occurrences] == [
        paris(2020, 3, 20, 9, 30),
        paris(2020, 4, 3, 10, 0),
        paris(2020, 5, 1, 14, 0),
    ]
    moved = occurrences[1]
    assert moved.title == "moved"
    assert moved.recurrence_id == paris(2020, 4, 3, 9, 30)
    assert moved.end == paris(2020, 4, 3, 11, 30)


def test_occurrences_window_and_limit() -> None:
    event = make(start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1), recurrence=Recurrence(rule="FREQ=DAILY;COUNT=100"))
    assert len(event.occurrences()) == 100
    window = event.occurrences(window_start=dt.date(2020, 1, 10), window_end=dt.date(2020, 1, 12))
    assert [o.start for o in window] == [dt.date(2020, 1, d) for d in (10, 11, 12)]
    with pytest.raises(LimitExceededError):
        event.occurrences(limit=10)


def test_a_single_event_has_one_occurrence(reference_event: Event) -> None:
    (only,) = reference_event.occurrences()
    assert only.start == reference_event.start
    assert only.end == reference_event.end


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY;UNTIL=21000101T000000Z",
        "FREQ=MINUTELY;COUNT=10000",
        "FREQ=HOURLY;INTERVAL=1;UNTIL=20300101T000000Z",
    ],
)
def test_hostile_rules_end_with_a_clear_error(rule: str) -> None:
    event = make(recurrence=Recurrence(rule=rule))
    with pytest.raises(LimitExceededError, match="more than 1000 occurrences"):
        event.occurrences()


def test_a_narrow_window_expands_a_dense_rule() -> None:
    event = make(recurrence=Recurrence(rule="FREQ=MINUTELY;UNTIL=21000101T000000Z"))
    # From 09:30 to the end of 5 March: 14.5 hours of minutes.
    assert len(event.occurrences(window_end=dt.date(2020, 3, 5), limit=2_000)) == 870
    late = event.occurrences(window_start=dt.date(2020, 3, 5), window_end=dt.date(2020, 3, 5), limit=2_000)
    assert late[0].start == paris(2020, 3, 5, 9, 30)


# ------------------------------------------------------------------ derived facts


def test_phase(reference_event: Event, fixed_now: dt.datetime) -> None:
    assert reference_event.phase(fixed_now) is Phase.ENDED
    assert reference_event.phase(dt.datetime(2020, 3, 5, 8, 29, tzinfo=UTC)) is Phase.UPCOMING
    assert reference_event.phase(dt.datetime(2020, 3, 5, 8, 30, tzinfo=UTC)) is Phase.ONGOING
    assert reference_event.phase(dt.datetime(2020, 3, 6, 15, 29, tzinfo=UTC)) is Phase.ONGOING
    assert reference_event.phase(dt.datetime(2020, 3, 6, 15, 30, tzinfo=UTC)) is Phase.ENDED
    with pytest.raises(ValueError, match="aware"):
        reference_event.phase(dt.datetime(2020, 3, 5, 12, 0))


def test_phase_of_all_day_events_uses_the_venue_zone() -> None:
    days = {"start": dt.date(2020, 3, 5), "end": dt.date(2020, 3, 6)}
    # 2020-03-04 11:00 UTC is already 5 March (01:00) on Kiritimati (UTC+14).
    moment = dt.datetime(2020, 3, 4, 11, 0, tzinfo=UTC)
    assert make(**days).phase(moment) is Phase.UPCOMING
    far_east = make(**days, venue=Venue(name="v", timezone="Pacific/Kiritimati"))
    assert far_east.is_all_day
    assert far_east.phase(moment) is Phase.ONGOING
    # The end day is inclusive.
    assert make(**days).phase(dt.datetime(2020, 3, 6, 23, 59, tzinfo=UTC)) is Phase.ONGOING
    assert make(**days).phase(dt.datetime(2020, 3, 7, 0, 0, tzinfo=UTC)) is Phase.ENDED


def test_utc_instants(reference_event: Event) -> None:
    assert reference_event.start_utc == dt.datetime(2020, 3, 5, 8, 30, tzinfo=UTC)
    assert reference_event.end_utc == dt.datetime(2020, 3, 6, 15, 30, tzinfo=UTC)
    assert reference_event.start_utc is not None
    assert reference_event.start_utc.tzinfo is UTC
    assert make(start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1)).start_utc is None


def test_zone_abbreviation_is_the_one_in_force_on_the_date(reference_event: Event) -> None:
    # The OECD page prints CEST; on 5 March 2020 Paris is on CET.
    assert reference_event.zone_abbreviation() == "CET"
    assert reference_event.zone_abbreviation("end") == "CET"
    summer = make(start=paris(2020, 6, 5, 9, 30), end=paris(2020, 6, 5, 10, 0))
    assert summer.zone_abbreviation() == "CEST"
    assert make(start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1)).zone_abbreviation() is None


def test_venue_local_time(reference_event: Event) -> None:
    local = reference_event.venue_local()
    assert local is not None
    assert (local.hour, local.minute) == (11, 30)
    assert local.tzname() == "MSK"
    assert local.tzinfo.key == "Europe/Moscow"  # type: ignore[union-attr]
    end = reference_event.venue_local("end")
    assert end is not None
    assert (end.day, end.hour, end.minute) == (6, 18, 30)
    same_zone = make(venue=Venue(name="v", timezone="Europe/Paris"))
    assert same_zone.venue_local() is None
    assert make().venue_local() is None


def test_previous_start_and_helpers(demo_event: Event) -> None:
    assert demo_event.previous_start == dt.datetime(2031, 6, 3, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Brussels"))
    assert demo_event.status_reason == "the venue became unavailable"
    assert [o.name for o in demo_event.organisers_with(OrganiserRole.FUNDER)] == ["Example Foundation"]
    names = [p.name for p in demo_event.iter_people()]
    assert len(names) == len(set(names))
    assert demo_event.session("keynote").title.startswith("Keynote")
    with pytest.raises(KeyError):
        demo_event.session("nope")


# ------------------------------------------------------------------ strategies


@given(sst.events(hostile=True))
def test_generated_events_are_valid_and_consistent(event: Event) -> None:
    # Rebuilding runs every invariant again.
    assert attrs.evolve(event) == event
    if event.sessions and not event.is_all_day:
        for session in event.sessions:
            if isinstance(session.start, dt.datetime):
                assert event.start <= session.start <= event.end


@given(sst.aware_datetimes())
def test_generated_datetimes_are_named_zone_and_exist(value: dt.datetime) -> None:
    assert isinstance(value.tzinfo, zoneinfo.ZoneInfo)
    assert value.tzinfo.key in sst.ZONES
    from stievents import _time

    assert _time.check_temporal(value) is None

"""The built-in examples hold exactly the facts of their sources, and nothing invented."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest

import stievents
from stievents import (
    AttendanceMode,
    Event,
    EventStatus,
    EventType,
    LanguageRole,
    OrganiserRole,
    Scope,
    Session,
    SessionKind,
)

# The seed page, read in place: a real OECD page, kept in ../shared beside the checkout, not copied here.
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_ecca8bc551cf5c04.txt"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def test_example_names() -> None:
    assert stievents.example_names() == ["oecd-co-creation-2020", "demo-hybrid-forum"]
    with pytest.raises(KeyError, match="unknown example"):
        stievents.example("nope")


# ------------------------------------------------------------------ the reference event


def test_reference_identity(reference_event: Event) -> None:
    assert reference_event.id == "oecd-co-creation-2020"
    assert reference_event.title == "Workshop on co-creation (Moscow, 5-6 March 2020)"
    assert reference_event.subtitle == (
        "What new STI policy approaches to support co-creation? Peer discussion of best practices"
    )
    assert reference_event.event_type is EventType.WORKSHOP
    assert reference_event.scope is Scope.INTERNATIONAL  # "International workshop"


def test_reference_time(reference_event: Event) -> None:
    start, end = reference_event.start, reference_event.end
    assert isinstance(start, dt.datetime)
    assert isinstance(end, dt.datetime)
    assert reference_event.timezone == "Europe/Paris"
    assert start.tzinfo.key == "Europe/Paris"  # type: ignore[union-attr]
    assert end.tzinfo.key == "Europe/Paris"  # type: ignore[union-attr]
    assert start.replace(tzinfo=None) == dt.datetime(2020, 3, 5, 9, 30)
    assert end.replace(tzinfo=None) == dt.datetime(2020, 3, 6, 16, 30)
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert reference_event.start_utc == dt.datetime(2020, 3, 5, 8, 30, tzinfo=dt.UTC)
    assert reference_event.zone_abbreviation() == "CET"
    assert reference_event.recurrence is None


def test_reference_key_questions_are_separate_items(reference_event: Event) -> None:
    texts = [q.text for q in reference_event.policy_questions]
    assert texts == [
        "What are distinctive features of co-creation? How does current co-creation look like and how does it"
        " differ from past practices of knowledge transfer between science and industry?",
        "What are the framework conditions supporting and leveraging co-creation?",
        "Should innovation policy adapt to new forms of co-creation? What are best practice examples?",
    ]
    assert len({q.id for q in reference_event.policy_questions}) == 3


def test_reference_organisers_with_roles(reference_event: Event) -> None:
    organisers = {o.acronym: o for o in reference_event.organisers}
    assert set(organisers) == {"HSE", "TIP", "STEPI"}
    assert organisers["HSE"].name == "Higher School of Economics"
    assert organisers["HSE"].country == "RU"
    assert organisers["TIP"].name == "OECD Working Party on Innovation and Technology Policy"
    assert organisers["STEPI"].name == "Science and Technology Policy Institute"
    assert organisers["STEPI"].country == "KR"  # "(STEPI), Korea"
    for organiser in reference_event.organisers:
        assert organiser.roles == (OrganiserRole.CO_ORGANISER,)  # "organised jointly by"
        assert organiser.ror is None  # the page gives no identifiers
        assert organiser.url is None


def test_reference_venue_and_move_online(reference_event: Event) -> None:
    venue = reference_event.venue
    assert venue is not None
    assert venue.name == "Higher School of Economics"
    assert venue.locality == "Moscow"
    assert venue.country == "RU"
    assert venue.timezone == "Europe/Moscow"
    assert venue.street is None
    assert venue.geo is None
    assert reference_event.status is EventStatus.MOVED_ONLINE
    assert reference_event.attendance_mode is AttendanceMode.ONLINE
    (change,) = reference_event.status_history
    assert change.status is EventStatus.MOVED_ONLINE
    assert change.reason == "due to recent Coronavirus developments"
    assert change.previous_start is None  # the dates did not move
    assert reference_event.status_reason == "due to recent Coronavirus developments"
    assert reference_event.virtual_location is None  # the page gives no link


def test_reference_audience_project_references_examples(reference_event: Event) -> None:
    assert reference_event.audience == ("academics", "experts", "policy practitioners")
    project = reference_event.project
    assert project is not None
    assert "co-creation" in project.name
    assert (project.start_year, project.end_year) == (2019, 2020)
    assert [(r.author, r.year) for r in reference_event.references] == [("OECD", 2003), ("OECD", 2013), ("OECD", 2019)]
    for reference in reference_event.references:
        assert reference.doi is None
        assert reference.title is None  # the page cites only "OECD, 2003, 2013, 2019"
    assert [c.name for c in reference_event.cited_examples] == [
        "MIT-IBM Watson AI Lab",
        "Microsoft Research Centres",
        "UNLEASH platform",
    ]


def test_reference_sessions_are_unscheduled(reference_event: Event) -> None:
    assert [s.kind for s in reference_event.sessions] == [SessionKind.PANEL, SessionKind.INTERACTIVE]
    for session in reference_event.sessions:
        assert isinstance(session, Session)
        assert not session.is_scheduled
        assert session.start is None
        assert session.end is None
        assert session.people == ()


def test_reference_leaves_blank_what_the_page_leaves_blank(reference_event: Event) -> None:
    assert reference_event.languages == ()
    assert reference_event.visibility is None
    assert reference_event.attendance_policy is None
    assert reference_event.contacts == ()
    assert reference_event.related_events == ()
    assert reference_event.image is None
    assert reference_event.registration is None
    assert reference_event.translations == ()
    assert reference_event.classifications == ()
    assert reference_event.url is None
    assert reference_event.created is None
    assert reference_event.updated is None


def test_reference_description_is_the_page_text(reference_event: Event) -> None:
    description = reference_event.description
    assert description is not None
    paragraphs = description.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("Innovation is increasingly the result of collaborative activities")
    assert paragraphs[-1].endswith("how these were addressed.")
    assert "Key questions" not in description  # they are structured items


def test_reference_facts_appear_in_the_seed_page(reference_event: Event) -> None:
    if not SEED.is_file():
        pytest.skip(f"the seed page {SEED} is absent (../shared is not beside the checkout)")
    page = " ".join(SEED.read_text(encoding="utf-8").split())
    for question in reference_event.policy_questions:
        assert question.text in page
    for text in (reference_event.title, reference_event.subtitle, "due to recent Coronavirus developments"):
        assert text is not None
        assert text in page
    for example in ("MIT-IBM Watson AI Lab", "Microsoft Research Centres", "UNLEASH platform"):
        assert example in page
    for paragraph in (reference_event.description or "").split("\n\n"):
        assert " ".join(paragraph.split()) in page
    assert "9:30 AM" in page
    assert "4:30 PM" in page


# ------------------------------------------------------------------ the demo event


def test_demo_two_days_in_two_zones(demo_event: Event) -> None:
    assert demo_event.timezone == "Europe/Brussels"
    zones = {s.start.tzinfo.key for s in demo_event.sessions if isinstance(s.start, dt.datetime)}  # type: ignore[union-attr]
    assert zones == {"Europe/Brussels", "America/New_York"}
    days = {s.start.astimezone(BRUSSELS).date() for s in demo_event.sessions if isinstance(s.start, dt.datetime)}
    assert days == {dt.date(2031, 6, 10), dt.date(2031, 6, 11)}
    assert any(s.start is not None and not s.is_timed for s in demo_event.sessions)


def test_demo_hybrid_with_rooms_and_private_link(demo_event: Event) -> None:
    assert demo_event.attendance_mode is AttendanceMode.MIXED
    assert demo_event.venue is not None
    assert demo_event.venue.rooms == ("Room A", "Room B")
    assert demo_event.venue.geo is not None
    assert demo_event.virtual_location is not None
    assert demo_event.virtual_location.url
    assert demo_event.virtual_location.join_url_public is False


def test_demo_rescheduled_with_previous_start(demo_event: Event) -> None:
    assert demo_event.status is EventStatus.RESCHEDULED
    (change,) = demo_event.status_history
    assert change.previous_start == dt.datetime(2031, 6, 3, 9, 0, tzinfo=BRUSSELS)
    assert change.previous_start != demo_event.start


def test_demo_languages_speakers_contact(demo_event: Event) -> None:
    (french,) = demo_event.translations
    assert french.language == "fr"
    assert french.title
    assert "Forum" in french.title
    assert {(u.tag, u.role) for u in demo_event.languages} == {
        ("en", LanguageRole.SPOKEN),
        ("fr", LanguageRole.INTERPRETATION),
    }
    (contact,) = demo_event.contacts
    assert contact.email == "forum@example.org"
    assert all(p.affiliation for p in demo_event.iter_people())
    assert "fictional" in (demo_event.subtitle or "")


def test_examples_are_valid_under_the_api(example_events: list[Event]) -> None:
    assert stievents.validate(example_events) == []

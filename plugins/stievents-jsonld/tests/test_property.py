"""Generated events: every fact the format declares survives export -> import, and the output stays stable."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stievents
from stievents.model import (
    AttendanceMode,
    Classification,
    EventStatus,
    Image,
    Organiser,
    OrganiserRole,
    Person,
    PolicyQuestion,
    Reference,
    Session,
    Translation,
    Venue,
)
from stievents.testing import contract
from stievents.testing.strategies import TEXT_CHARACTERS

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
TEXT = st.text(TEXT_CHARACTERS, min_size=1, max_size=20).filter(lambda s: s.strip() == s and s.strip())
WORD = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
URL = st.builds(lambda w: f"https://example.org/{w}", WORD)

classifications = st.builds(
    Classification, scheme=WORD, code=WORD, label=st.none() | TEXT, edition=st.none() | st.just("2015")
)
questions = st.builds(
    PolicyQuestion,
    id=st.none() | WORD,
    text=TEXT,
    classifications=st.lists(classifications, max_size=2).map(tuple),
)
references = st.builds(
    Reference,
    citation=TEXT,
    author=st.none() | TEXT,
    year=st.none() | st.integers(1900, 2100),
    title=st.none() | TEXT,
    url=st.none() | URL,
    doi=st.none() | st.just("10.1787/9789264193307-en"),
)
translations = st.builds(
    Translation,
    language=st.sampled_from(["fr", "de", "es"]),
    title=TEXT,
    subtitle=st.none() | TEXT,
    description=st.none() | TEXT,
)


@st.composite
def events(draw: st.DrawFn) -> stievents.Event:
    base = stievents.example("oecd-co-creation-2020")
    qs = draw(st.lists(questions, max_size=3, unique_by=lambda q: q.id or object()))
    venue = draw(
        st.none() | st.builds(Venue, name=TEXT, locality=st.none() | TEXT, country=st.sampled_from(["FR", "RU", None]))
    )
    organisers = draw(
        st.lists(
            st.builds(
                Organiser,
                name=TEXT,
                roles=st.lists(
                    st.sampled_from(
                        [OrganiserRole.CO_ORGANISER, OrganiserRole.SPONSOR, OrganiserRole.FUNDER, OrganiserRole.PARTNER]
                    ),
                    min_size=1,
                    max_size=2,
                    unique=True,
                ).map(tuple),
                acronym=st.none() | WORD,
                url=st.none() | URL,
            ),
            max_size=3,
            unique_by=lambda o: o.name,
        )
    )
    rooms = ("Room A", "Room B") if venue is not None else ()
    if venue is not None:
        venue = attrs.evolve(venue, rooms=rooms)
    sessions = []
    for index in range(draw(st.integers(0, 3))):
        start = base.start + dt.timedelta(minutes=30 * draw(st.integers(0, 40)))
        timed = draw(st.booleans())
        sessions.append(
            Session(
                id=f"s{index}",
                title=draw(TEXT),
                start=start if timed else None,
                end=start + dt.timedelta(minutes=30) if timed else None,
                room=draw(st.sampled_from([None, *rooms])),
                speakers=tuple(draw(st.lists(st.builds(Person, name=TEXT, affiliation=st.none() | TEXT), max_size=2))),
                policy_question_ids=tuple(q.id for q in qs if q.id)[:1],
            )
        )
    return attrs.evolve(
        base,
        organisers=tuple(organisers),
        sessions=tuple(sessions),
        title=draw(TEXT),
        subtitle=draw(st.none() | TEXT),
        description=draw(st.none() | TEXT),
        text_language=draw(st.sampled_from(["en", None])),
        translations=tuple(draw(st.lists(translations, max_size=2, unique_by=lambda t: t.language))),
        status=draw(st.sampled_from(EventStatus)),
        status_history=(),
        attendance_mode=draw(st.sampled_from([None, AttendanceMode.IN_PERSON, AttendanceMode.ONLINE])),
        venue=venue,
        virtual_location=None,
        policy_questions=tuple(qs),
        audience=tuple(draw(st.lists(TEXT, max_size=3, unique=True))),
        topics=tuple(draw(st.lists(TEXT.filter(lambda s: "," not in s), max_size=3, unique=True))),
        classifications=tuple(draw(st.lists(classifications, max_size=2))),
        references=tuple(draw(st.lists(references, max_size=2))),
        url=draw(st.none() | URL),
        image=draw(st.none() | st.builds(Image, url=URL, alt=st.none() | TEXT)),
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event=events())
def test_declared_facts_survive(event):
    contract.check_round_trip("jsonld", [event], now=NOW)


@settings(max_examples=40, deadline=None)
@given(
    parts=st.lists(
        st.tuples(st.sampled_from(["fr", "de", "es"]), st.none() | TEXT, st.none() | TEXT, st.none() | TEXT).filter(
            lambda p: any(p[1:])
        ),
        max_size=3,
        unique_by=lambda p: p[0],
    )
)
def test_translations_survive_up_to_order(parts):
    """Translations of different fields come back complete; their order follows the fields they translate."""
    items = tuple(Translation(language=lang, title=t, subtitle=s, description=d) for lang, t, s, d in parts)
    event = attrs.evolve(stievents.example("oecd-co-creation-2020"), translations=items)
    (back,) = stievents.read(stievents.export(event, "jsonld", now=NOW), "jsonld").events
    assert sorted(back.translations, key=lambda t: t.language) == sorted(items, key=lambda t: t.language)

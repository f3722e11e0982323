"""The programme on the event pages: content, structure, links, and what the importers read back."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zoneinfo

import pytest
from oecd_dom import parse_strict
from oecd_pages import LINKS
from oecd_support import NOW

import stievents
from stievents import model
from stievents.errors import ValidationError

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
FORUM = "demo-hybrid-forum"


def _html(event: model.Event, locale: str = "en", **options: object) -> str:
    return stievents.export(event, "oecd-html", now=NOW, locale=locale, include_jsonld=False, **options).decode()


def _headings(page: str) -> list[tuple[int, str]]:
    return [(int(level), text) for level, text in re.findall(r"<h([1-6])[^>]*>([^<]*)</h\1>", page)]


def test_the_forum_programme_in_english_text() -> None:
    text = stievents.export(stievents.example(FORUM), "oecd-text", now=NOW).decode()
    programme = text[text.index("\nProgramme\n") : text.index("\nOrganisers\n")]
    assert "Times are in the Europe/Brussels time zone." in programme
    assert programme.index("Tuesday 10 June 2031") < programme.index("Wednesday 11 June 2031")
    assert "  • 9:00\u202fAM – 9:30\u202fAM CEST · Opening remarks" in programme
    assert "    Chair: Ada Example, Ministry of Research of Exampleland" in programme
    assert "    Speaker: Chloé Fictive, Université de Nulle-Part" in programme
    assert "    Policy question: How should missions be chosen and governed?" in programme
    assert "    Format: Keynote" in programme
    assert "    Room: Room B" in programme
    # a session held in New York: shown in the event's zone, its own time beside it
    assert "8:00\u202fPM – 9:30\u202fPM CEST · Transatlantic roundtable" in programme
    assert "    Local time: Jun 10, 2031 2:00\u202fPM – 3:30\u202fPM EDT (America/New_York)" in programme
    # a day without a time stays under its day, before that day's timed sessions
    assert programme.index("Optional site visit") < programme.index("Conclusions and next steps")
    assert "email" not in programme
    assert "ben.sample@example.org" not in programme  # e-mails are not published


def test_the_forum_programme_in_french() -> None:
    page = _html(stievents.example(FORUM), "fr")
    assert '<h2 id="programme">Programme</h2>' in page
    assert "Les horaires sont indiqués dans le fuseau Europe/Brussels." in page
    assert '<h3 id="programme-2031-06-10">Mardi 10 juin 2031</h3>' in page
    for label in ("Format : Discours liminaire", "Modération : ", "Salle : Room A"):
        assert label in page


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_programme_structure(locale: str) -> None:
    page = _html(stievents.example(FORUM), locale)
    parse_strict(page.encode())
    levels = [level for level, _ in _headings(page)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # no level skipped
    section = page[page.index('<section aria-labelledby="programme">') :]
    section = section[: section.index("</section>")]
    assert section.count('<ol class="programme">') == 2
    assert section.count('class="session"') == 7
    assert '<li id="session-keynote" class="session">' in section
    assert '<time datetime="2031-06-10T09:30+02:00">' in section
    assert '<time datetime="2031-06-10T20:00+02:00">' in section  # 14:00 in New York
    assert '<a href="#question-q1">' in section
    assert '<li id="question-q1">' in page


def _event(sessions: tuple[model.Session, ...], start: dt.date, end: dt.date, **changes: object) -> model.Event:
    return model.Event(id="e", title="Seminar", start=start, end=end, sessions=sessions, **changes)  # type: ignore[arg-type]


def test_one_day_without_headings_and_other_sessions_last_when_headed() -> None:
    start = dt.datetime(2030, 3, 4, 9, 0, tzinfo=PARIS)
    timed = model.Session(id="a", title="Talk", start=start, end=start + dt.timedelta(hours=1))
    loose = model.Session(id="b", title="Poster walk")
    one_day = _event((loose, timed), start, start + dt.timedelta(hours=8))
    text = stievents.export(one_day, "oecd-text", now=NOW).decode()
    assert "Monday 4 March 2030" not in text
    assert "Other sessions" not in text
    assert text.index("Talk") < text.index("Poster walk")  # unscheduled last
    two_days = _event((loose, timed), start, start + dt.timedelta(days=1))
    text = stievents.export(two_days, "oecd-text", now=NOW).decode()
    assert text.index("Monday 4 March 2030") < text.index("Talk") < text.index("Other sessions")
    assert text.index("Other sessions") < text.index("Poster walk")
    back = stievents.read(text.encode(), "oecd-text").events[0]
    assert [(s.title, s.start) for s in back.sessions] == [("Talk", start), ("Poster walk", None)]


def test_a_session_over_the_autumn_change_keeps_both_abbreviations_and_its_fold() -> None:
    first = dt.datetime(2030, 10, 27, 2, 30, tzinfo=PARIS)  # CEST, the first 02:30
    last = dt.datetime(2030, 10, 27, 2, 45, tzinfo=PARIS, fold=1)  # CET, the second 02:45
    event = _event((model.Session(id="night", title="Night shift", start=first, end=last),), first, last)
    text = stievents.export(event, "oecd-text", now=NOW).decode()
    assert "2:30\u202fAM CEST – 2:45\u202fAM CET · Night shift" in text
    (session,) = stievents.read(text.encode(), "oecd-text").events[0].sessions
    assert (session.start, session.start.fold, session.end.fold) == (first, 0, 1)
    assert session.end == last


def test_a_session_past_midnight_names_its_last_day() -> None:
    start = dt.datetime(2030, 3, 4, 22, 0, tzinfo=PARIS)
    session = model.Session(id="late", title="Late", start=start, end=start + dt.timedelta(hours=3))
    event = _event((session,), start, start + dt.timedelta(hours=4))
    for fmt in ("oecd-text", "oecd-html"):
        data = stievents.export(event, fmt, now=NOW, locale="fr")
        if fmt == "oecd-text":
            assert "22:00 CET – 5 mars 2030 01:00 CET · Late" in data.decode()
        else:
            assert '– <time datetime="2030-03-05T01:00+01:00">5 mars 2030 01:00</time> CET' in data.decode()
        assert stievents.read(data, fmt).events[0].sessions[0].end == start + dt.timedelta(hours=3)


def test_ids_come_back_from_html_and_are_made_from_titles_in_text() -> None:
    forum = stievents.example(FORUM)
    html_back = stievents.read(_html(forum).encode(), "oecd-html").events[0]
    assert {s.id for s in html_back.sessions} == {s.id for s in forum.sessions}
    assert [q.id for q in html_back.policy_questions] == ["q1", "q2"]
    text_back = stievents.read(stievents.export(forum, "oecd-text", now=NOW), "oecd-text").events[0]
    assert text_back.sessions[0].id == "opening-remarks"
    keynote = next(s for s in text_back.sessions if s.title.startswith("Keynote"))
    assert [q.text for q in text_back.policy_questions if q.id in keynote.policy_question_ids] == [
        "How should missions be chosen and governed?"
    ]


def test_misaligned_html_ids_are_dropped_not_the_sessions() -> None:
    """Ids that do not line up with the page's parts (a forged separator line) are not used: titles give ids."""
    from stievents_oecd.htmltext import html_anchors
    from stievents_oecd.reader import _read
    from stievents_oecd.textual import EVENT_SEPARATOR

    forum = stievents.example(FORUM)
    text, anchors = html_anchors(_html(forum), EVENT_SEPARATOR)
    assert {s.id for s in _read(text, anchors).events[0].sessions} == {s.id for s in forum.sessions}
    sessions = _read(text, [*anchors, {"sessions": [], "questions": []}]).events[0].sessions
    assert len(sessions) == len(forum.sessions)
    assert sessions[0].id == "opening-remarks"


def test_our_pages_are_read_by_the_layout_reader_not_the_real_page_reader() -> None:
    from stievents_oecd.realpage import is_own_layout

    forum = stievents.example(FORUM)
    for fmt in ("oecd-text", "oecd-html"):
        data = stievents.export(forum, fmt, now=NOW)
        result = stievents.read(data, fmt)
        assert not any("inferred" in p.message for p in result.problems)  # the real-page reader's warnings
        assert result.events[0].sessions[0].title == "Opening remarks"
    assert is_own_layout(stievents.export(forum, "oecd-text", now=NOW).decode())


def test_links_to_the_event_files_and_each_session() -> None:
    forum = stievents.example(FORUM)
    assert ".ics" not in _html(forum)  # no link unless asked
    page = _html(forum, **LINKS)
    assert '<a href="demo-hybrid-forum.ics">Add this event to your calendar (.ics)</a>' in page
    assert '<a href="demo-hybrid-forum.jsonld">This event as data (JSON-LD)</a>' in page
    assert page.count('href="demo-hybrid-forum/sessions/') == len(forum.sessions)
    assert '<a href="demo-hybrid-forum/sessions/opening.ics">Add the session “Opening remarks” to your calendar' in page
    # each session's link says which session it adds (link texts make sense out of context)
    texts = re.findall(r'<a href="demo-hybrid-forum/sessions/[^"]+">([^<]+)</a>', page)
    assert len(set(texts)) == len(forum.sessions)
    french = _html(forum, locale="fr", **LINKS)
    assert "Ajouter la séance « Opening remarks » à votre agenda (.ics)" in french
    assert len(stievents.read(french.encode(), "oecd-html").events[0].sessions) == len(forum.sessions)
    back = stievents.read(page.encode(), "oecd-html")
    assert not [p for p in back.problems if p.path.endswith("subtitle")]  # link lines are not header text
    assert back.events[0].subtitle == forum.subtitle
    assert len(back.events[0].sessions) == len(forum.sessions)
    absolute = _html(forum, ics_href="https://events.example.org/cal/{id}.ics?x=1&y=2")
    assert 'href="https://events.example.org/cal/demo-hybrid-forum.ics?x=1&amp;y=2"' in absolute


@pytest.mark.parametrize(
    "options",
    [
        {"ics_href": "javascript:alert(1)//{id}"},
        {"jsonld_href": '{id}.jsonld" onclick="x'},
        {"session_ics_href": "{event_id}/{nope}.ics"},
        {"ics_href": "{session_id}.ics"},
        {"session_ics_href": "//evil.example/{session_id}.ics"},
        {"ics_href": "{id!r}.ics"},
    ],
)
def test_bad_link_templates_are_refused_when_the_options_are_built(options: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as caught:
        stievents.export(stievents.example(FORUM), "oecd-html", now=NOW, **options)
    assert next(iter(options)) in str(caught.value)


def test_a_bad_link_template_is_a_usage_error_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from stievents.cli import main

    code = main(["convert", "--example", FORUM, "--to", "oecd-html", "-O", "ics_href=javascript:{id}"])
    assert code == 2
    assert "ics_href" in capsys.readouterr().err

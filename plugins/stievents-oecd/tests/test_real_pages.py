"""Real OECD, OECD community and Innovation Policy Platform pages: dates in prose, agendas, listings.

Each fixture is a short excerpt of a real page (only the lines the test needs,
as the page's text gives them), with the page's URL; a few constructed lines
are marked as such. Before issue 14 the importers refused every one of them
("the page gives no start").
"""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stievents
from stievents.model import AttendanceMode, Event, SessionKind
from stievents_oecd import prose

SEED = pathlib.Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds" / "000_ecca8bc551cf5c04.txt"


def _read(page: str, fmt: str = "oecd-text") -> tuple[list[Event], list[str]]:
    result = stievents.read(page.encode("utf-8"), fmt, lenient=True)
    return list(result.events), [f"{p.severity.value}: {p.path}: {p.message}" for p in result.problems]


def _only(page: str, fmt: str = "oecd-text") -> tuple[Event, list[str]]:
    events, problems = _read(page, fmt)
    assert len(events) == 1, problems
    return events[0], problems


# https://innovationpolicyplatform.org/conference-tip50-what-have-we-learnt-where-innovation-policy-heading
TIP50 = """Conference: TIP@50: What have we learnt? Where is innovation policy heading?


11 December 2017, Paris, OECD Headquarters


Invitation to the event

Agenda (version: 17 November 2017) (PDF)

9h30 - 9h45: Welcoming

Gabriela Ramos, OECD Chief of Staff and Sherpa to the G20

9h45 - 11h15: Keynote interventions: What are policy demands for innovation policy?
"""


def test_date_line_with_city_and_venue() -> None:
    event, problems = _only(TIP50)
    assert event.title == "Conference: TIP@50: What have we learnt? Where is innovation policy heading?"
    assert (event.start, event.end) == (dt.date(2017, 12, 11), dt.date(2017, 12, 11))  # all day, not the version date
    assert event.venue is not None
    assert (event.venue.name, event.venue.locality, event.venue.country) == ("OECD Headquarters", "Paris", "FR")
    assert event.venue.timezone == "Europe/Paris"
    assert 'warning: $.events[0].start: date inferred from "11 December 2017, Paris, OECD Headquarters"' in problems


def test_agenda_lines_become_sessions_in_the_venue_zone() -> None:
    event, _ = _only(TIP50)
    paris = dt.timezone(dt.timedelta(hours=1))
    assert [(s.title, s.kind) for s in event.sessions] == [
        ("Welcoming", SessionKind.OPENING),
        ("Keynote interventions: What are policy demands for innovation policy?", SessionKind.KEYNOTE),
    ]
    first = event.sessions[0]
    assert first.start == dt.datetime(2017, 12, 11, 9, 30, tzinfo=paris)
    assert first.end == dt.datetime(2017, 12, 11, 9, 45, tzinfo=paris)


def test_the_same_page_as_html() -> None:
    markup = "<html><body><nav><a>Home</a> <a>Share</a></nav><main>" + "".join(
        f"<p>{line}</p>" for line in TIP50.split("\n") if line
    )
    event, _ = _only(markup + "</main></body></html>", "oecd-html")
    assert (event.title, event.start, event.venue and event.venue.locality) == (
        "Conference: TIP@50: What have we learnt? Where is innovation policy heading?",
        dt.date(2017, 12, 11),
        "Paris",
    )


# https://innovationpolicyplatform.net/workshop-stimulating-knowledge-transfer-challenges-and-policy-responses
LISBON = """Impact Assessment of Innovation Policy

Workshop: "Stimulating knowledge transfer: challenges and policy responses"

7-8 November 2017, Lisbon

(Project steering group on the 6 November 2017)

Agenda

Monday, 6 November

Foundation for Science and Technology

Av. Dom Carlos I, 126, 1249-074, Lisbon

15h00-17h00: TIP impact assessment steering group discussion

Tuesday, 7 November

9h30 - 10h00: Opening
"""


def test_day_span_and_city_only() -> None:
    event, problems = _only(LISBON)
    assert event.title == 'Workshop: "Stimulating knowledge transfer: challenges and policy responses"'
    assert (event.start, event.end) == (dt.date(2017, 11, 7), dt.date(2017, 11, 8))  # not the bracketed 6 November
    assert event.venue is not None
    assert (event.venue.locality, event.venue.country, event.venue.timezone) == ("Lisbon", "PT", "Europe/Lisbon")
    assert 'warning: $.events[0].start: date inferred from "7-8 November 2017, Lisbon"' in problems


def test_day_headings_without_year_and_sessions_outside_the_days() -> None:
    event, problems = _only(LISBON)
    (opening,) = event.sessions  # the steering group meets on 6 November, before the workshop: left out, said
    assert opening.start == dt.datetime(2017, 11, 7, 9, 30, tzinfo=dt.UTC)  # Lisbon is on UTC in November
    assert any("outside the event's days" in p and "steering group" in p for p in problems)


# https://community.oecd.org/docs/DOC-174482
TIP_2020 = """OECD-TIP Workshop - 17 and 24 June 2020

Version 80

    Banner-TIP.png

    AGENDA (PDF)

    Registration: To register for the virtual workshop, please contact Caroline Paunov (Caroline.Paunov@oecd.org)
"""


def test_dated_title_and_community_chrome() -> None:
    event, problems = _only(TIP_2020)
    assert event.title == "OECD-TIP Workshop - 17 and 24 June 2020"
    assert (event.start, event.end) == (dt.date(2020, 6, 17), dt.date(2020, 6, 24))
    assert event.venue is None
    assert 'warning: $.events[0].start: date inferred from "OECD-TIP Workshop - 17 and 24 June 2020"' in problems


# https://www.oecd.org/fr/innovation/inno/tip-workshop-60th.htm
TIP_60 = """Partager

Politiques scientifiques, technologiques et d'innovation

60th TIP - Workshop on rethinking innovation policy in times of transitions

 7 December 2022  Workshop

DETAILED AGENDA

9h00-9h30: Welcome coffee and viennoiseries

Welcome and introduction to the workshop

9h30-10h00

  • Göran Marklund, Deputy Director General at VINNOVA
"""


def test_title_is_the_line_above_the_date_not_the_chrome() -> None:
    event, problems = _only(TIP_60)
    assert event.title == "60th TIP - Workshop on rethinking innovation policy in times of transitions"
    assert event.start == event.end == dt.date(2022, 12, 7)
    # a time under its title (the page puts it second); no venue city, so only the day is kept, and said
    assert [(s.title, s.start) for s in event.sessions] == [
        ("Welcome coffee and viennoiseries", dt.date(2022, 12, 7)),
        ("Welcome and introduction to the workshop", dt.date(2022, 12, 7)),
    ]
    assert any("times of 2 session(s) are left out" in p for p in problems)


# http://www.oecd.org/parliamentarians/meetings/gpn-meeting-february-2019/
GPN_2019 = """Share

Meeting of the OECD Global Parliamentary Network

Browse the agenda (print version) below and the list of participants for:

  • Wednesday 13 February 2019
  • Thursday 14 February 2019

Last updated on 14 February 2019

Venue

OECD Conference Centre
2, rue André Pascal
75016 Paris, France

Wednesday 13 February 2019

Any bilateral meeting requests received after the Friday 8 February deadline can unfortunately not be processed.

Thursday 14 February 2019

08.30

Arrival and coffee

09.00 - 10.00

A conversation with Angel Gurría, OECD Secretary-General
"""


def test_page_dated_by_its_day_headings() -> None:
    event, problems = _only(GPN_2019)
    assert event.title == "Meeting of the OECD Global Parliamentary Network"  # not "Share"
    assert (event.start, event.end) == (dt.date(2019, 2, 13), dt.date(2019, 2, 14))  # not the deadline of 8 February
    assert event.venue is not None
    assert (event.venue.locality, event.venue.country, event.venue.timezone) == ("Paris", "FR", "Europe/Paris")
    paris = dt.timezone(dt.timedelta(hours=1))
    assert [(s.title, s.start, s.end) for s in event.sessions] == [
        ("Arrival and coffee", dt.datetime(2019, 2, 14, 8, 30, tzinfo=paris), None),
        (
            "A conversation with Angel Gurría, OECD Secretary-General",
            dt.datetime(2019, 2, 14, 9, 0, tzinfo=paris),
            dt.datetime(2019, 2, 14, 10, 0, tzinfo=paris),
        ),
    ]
    assert any("day headings" in p and "Wednesday 13 February 2019" in p for p in problems)


# http://search.oecd.org/parliamentarians/fr/reunions/reunion-du-reseau-avril-2023/
GPN_FR = """Partager

Réunion du Réseau parlementaire mondial de l'OCDE

Centre de conférences de l'OCDE, Salle CC12

Dernière mise à jour : 4 avril 2023

Veuillez noter que l'heure indiquée sur le programme correspond à l'heure des sessions en France
(heure de Paris - CEST).

Mardi 4 avril 2023

08h45

Arrivée et café

09h20 - 09h30

Allocution inaugurale de Mathias Cormann, Secrétaire général de l'OCDE (message vidéo)
"""


def test_french_day_headings_and_the_zone_the_page_states() -> None:
    event, problems = _only(GPN_FR)
    assert event.title == "Réunion du Réseau parlementaire mondial de l'OCDE"
    assert event.start == event.end == dt.date(2023, 4, 4)
    paris = dt.timezone(dt.timedelta(hours=2))
    assert [(s.title, s.kind, s.start) for s in event.sessions] == [
        ("Arrivée et café", SessionKind.BREAK, dt.datetime(2023, 4, 4, 8, 45, tzinfo=paris)),
        (
            "Allocution inaugurale de Mathias Cormann, Secrétaire général de l'OCDE (message vidéo)",
            SessionKind.OTHER,
            dt.datetime(2023, 4, 4, 9, 20, tzinfo=paris),
        ),
    ]
    assert any('zone Europe/Paris of the agenda inferred from "(heure de Paris - CEST)."' in p for p in problems)


# http://www.oecd.org/fr/parlementaires/reunions/5emesjourneesparlementaires-fev2017/
JOURNEES = """5èmes Journées parlementaires de l'OCDE - Programme

Mercredi 8 février 2017

 Centre de conférences de l'OCDE
2 rue André Pascal, Paris (16ème arrondissement)

13h30 - 14h30

Session d'information sur la bibliothèque en ligne (iLibrary) de l'OCDE - Salle CC20
"""


def test_french_programme_under_a_day_heading() -> None:
    event, _ = _only(JOURNEES)
    assert event.title == "5èmes Journées parlementaires de l'OCDE - Programme"
    assert event.start == dt.date(2017, 2, 8)
    (session,) = event.sessions
    assert session.title.startswith("Session d'information")
    assert session.start == dt.date(2017, 2, 8)  # no city line the gazetteer knows: the day only


# https://www.oecd-events.org/gpn2024/en/eventagenda
GPN_2024 = """OECD Global Parliamentary Network Plenary Meeting 2024

Agenda of the GPN Plenary Meeting

1 : April 3, 2024
06:45 - 07:15
Arrival & Coffee
07:15 - 08:30
Bilateral meetings with OECD Economic Country desks
"""


def test_colon_times_under_an_american_date_heading() -> None:
    event, _ = _only(GPN_2024)
    assert event.title == "OECD Global Parliamentary Network Plenary Meeting 2024"
    assert event.start == dt.date(2024, 4, 3)
    assert [s.title for s in event.sessions] == [
        "Arrival & Coffee",
        "Bilateral meetings with OECD Economic Country desks",
    ]


# https://innovationpolicyplatform.net/oecd-working-party-innovation-and-technology-policy-tip
LISTING = """News & Events

Upcoming workshop on knowledge transfer

Posted by Sandra Planes-Satorra on February 22, 2018

Workshop: "Boosting knowledge transfer between science and industry: New models and business practices"

14 March 2018

Paris - OECD Conference Center

This workshop is organised jointly by France Stratégie and the OECD. Find all information here

Upcoming workshop on semantic analysis

Posted by Sandra Planes-Satorra on February 22, 2018

Workshop: "Semantic analysis for innovation policy"

12-13 March 2018

Paris - OECD Conference Centre
"""


def test_a_listing_gives_several_events_never_the_posting_date() -> None:
    events, _ = _read(LISTING)
    assert [(e.title, e.start, e.end) for e in events] == [
        (
            'Workshop: "Boosting knowledge transfer between science and industry: New models and business practices"',
            dt.date(2018, 3, 14),
            dt.date(2018, 3, 14),
        ),
        ('Workshop: "Semantic analysis for innovation policy"', dt.date(2018, 3, 12), dt.date(2018, 3, 13)),
    ]
    assert all(e.venue is not None and e.venue.name and e.venue.locality == "Paris" for e in events)


# http://search.oecd.org/tax/tax-global/advisory-group-for-co-operation-with-partner-economies-annual-meeting.htm
LABELLED = """Share

Global relations and development

Advisory Group for Co-operation with Partner Economies Annual Meeting

Date: 15 September 2020

Location: Virtual meeting
"""


def test_labelled_date_and_virtual_location() -> None:
    event, problems = _only(LABELLED)
    assert event.title == "Advisory Group for Co-operation with Partner Economies Annual Meeting"
    assert event.start == dt.date(2020, 9, 15)
    assert event.attendance_mode is AttendanceMode.ONLINE
    assert event.venue is None
    assert 'warning: $.events[0].attendance_mode: online attendance inferred from "Virtual meeting"' in problems


# The reference page's title (https://www.oecd.org/, the project's seed) without its "When and Where" rows.
DATED_TITLE_WITH_PLACE = """Skip navigation

Workshop on co-creation (Moscow, 5-6 March 2020)

Event has ended

Presentation of the workshop
"""


def test_place_and_date_in_brackets_inside_the_title() -> None:
    event, problems = _only(DATED_TITLE_WITH_PLACE)
    assert event.title == "Workshop on co-creation (Moscow, 5-6 March 2020)"
    assert (event.start, event.end) == (dt.date(2020, 3, 5), dt.date(2020, 3, 6))
    assert event.venue is not None
    assert (event.venue.locality, event.venue.country, event.venue.timezone) == ("Moscow", "RU", "Europe/Moscow")
    assert 'warning: $.events[0].venue: place inferred from "Moscow"' in problems


# Constructed, in the layout of the French OECD pages (no real French date line with a city was found).
FRENCH_DATE_LINE = """Accueil

Atelier sur la co-création

5-6 mars 2020, Moscou

Inscrivez-vous avant le 1er mars 2020.
"""


def test_french_date_span_and_french_city_name() -> None:
    event, problems = _only(FRENCH_DATE_LINE)
    assert event.title == "Atelier sur la co-création"
    assert (event.start, event.end) == (dt.date(2020, 3, 5), dt.date(2020, 3, 6))
    assert event.venue is not None
    assert (event.venue.locality, event.venue.country) == ("Moscou", "RU")
    assert 'warning: $.events[0].start: date inferred from "5-6 mars 2020, Moscou"' in problems


# Constructed: the traps, each before the real date.
@pytest.mark.parametrize(
    "trap",
    [
        "Please register by 3 December 2021",
        "Registration deadline: 3 December 2021",
        "Last updated on 3 December 2021",
        "Agenda (version: 3 December 2021) (PDF)",
        "Posted by the Secretariat on December 3, 2021",
        "Inscription avant le 3 décembre 2021",
        "Dernière mise à jour : 3 décembre 2021",
    ],
)
def test_deadlines_and_publication_dates_are_never_the_event_date(trap: str) -> None:
    event, _ = _only(f"Cookies: this site uses cookies. Accept\n\nShare\n\nWorkshop on data\n\n{trap}\n\n"
                     "13-14 January 2022, Lisbon\n")  # fmt: skip
    assert (event.title, event.start, event.end) == ("Workshop on data", dt.date(2022, 1, 13), dt.date(2022, 1, 14))


def test_a_page_with_only_a_deadline_is_refused() -> None:
    events, problems = _read("Workshop on data\n\nPlease register by 3 December 2021\n")
    assert events == []
    assert any(p.startswith("error:") for p in problems)


@pytest.mark.parametrize(
    "chrome",
    ["Share", "Partager", "Version 80", "Skip navigation", "Home > Events > Workshops", "Banner-TIP.png",
     "This site uses cookies to improve your experience. Accept", "Ce site utilise des cookies. Accepter", "Menu"],
)  # fmt: skip
def test_site_chrome_is_never_the_title(chrome: str) -> None:
    event, _ = _only(f"{chrome}\n\n28-29 April 2016\n\nFollowed by prose that is not a title at all, as pages have.\n")
    assert event.title != chrome
    event, _ = _only(f"{chrome}\n\nWorkshop on data\n\n{chrome}\n\n28-29 April 2016\n")
    assert event.title == "Workshop on data"


@pytest.mark.skipif(not SEED.is_file(), reason="../shared (the reference page) is absent")
def test_the_reference_page_is_still_read_by_its_rows() -> None:
    event, problems = _only(SEED.read_text(encoding="utf-8"))
    assert event.start == dt.datetime.fromisoformat("2020-03-05T09:30:00+01:00")  # its Start Time row, not prose
    assert not any("inferred" in p for p in problems)


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=120) | st.lists(st.sampled_from(
    ["7", "-", "8", " ", "November", "mars", "2017", "and", "30", "Monday", ",", "February", "29", "1er", "au", "Dec.",
     "0", "31", "April", "2020", "June", "h", ":", "9h00", "(", ")"]), max_size=14).map("".join))  # fmt: skip
def test_date_phrases_never_crash_nor_end_before_start(text: str) -> None:
    for phrase in prose.find_dates(text, 2020):
        assert phrase.start <= phrase.end
        prose.trap_kind(text, phrase)
    prose.read_times(text)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(st.sampled_from(
    ["Share", "Workshop on data", "7-8 November 2017, Lisbon", "Monday 6 November", "9h00-9h30: Welcome", "08:15",
     "register by 3 December 2021", "Version 80", "(Paris, 15 June 2011)", "5-6 mars 2020", "  • Tuesday 7 November",
     "Location: Online", "Paris - OECD Conference Centre", ""]) | st.text(max_size=30), max_size=25))  # fmt: skip
def test_real_page_reader_never_crashes(lines: list[str]) -> None:
    """Any page gives events or one clear refusal (a FormatError naming why), never another exception."""
    try:
        events, _ = _read("\n".join(lines) + "\nx")
    except stievents.FormatError as refused:
        why = str(refused)
    else:
        why = ""
    if why:
        return
    for event in events:
        assert event.title
        assert event.start <= event.end

"""The site's listing, facet index and chooser pages: valid HTML5, escaped, accessible basics, in two languages."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET
import zoneinfo
from collections.abc import Callable, Sequence
from typing import Any

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import example as also
from hypothesis import strategies as st

from stievents.errors import InvalidEventError
from stievents.examples import example, example_names
from stievents.model import (
    AttendanceMode,
    Event,
    EventStatus,
    EventType,
    StatusChange,
    Translation,
    Venue,
    VirtualLocation,
)
from stievents.recurrence import Recurrence
from stievents_site import listing, style
from stievents_site.listing import render_chooser, render_facet_index, render_listing

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
HOSTILE = "</script><script>alert(1)</script> \"double\" 'single' & <b onmouseover=x>\r\nline"


# ------------------------------------------------------------------ helpers


def parse(document: str) -> ET.Element:
    """The document parsed by html5lib in strict mode (any parse error raises), as an ElementTree."""
    parser = html5lib.HTMLParser(strict=True, tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    root: ET.Element = parser.parse(document)
    return root


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def headings(root: ET.Element) -> list[int]:
    return [int(e.tag[1]) for e in root.iter() if isinstance(e.tag, str) and re.fullmatch(r"h[1-6]", e.tag)]


def event(**fields: Any) -> Event:
    base: dict[str, Any] = {
        "id": "e1",
        "title": "Workshop on co-creation",
        "start": dt.datetime(2030, 3, 5, 9, 30, tzinfo=PARIS),
        "end": dt.datetime(2030, 3, 6, 17, 0, tzinfo=PARIS),
        "venue": Venue(locality="Paris", country="FR", timezone="Europe/Paris"),
        "event_type": EventType.WORKSHOP,
    }
    base.update(fields)
    return Event(**base)


def page(events: Sequence[Event], locale: str = "en", **overrides: Any) -> str:
    arguments: dict[str, Any] = {
        "locale": locale,
        "now": NOW,
        "heading": "All events",
        "site_title": "STI policy events",
        "root": "../",
        "page": 1,
        "pages": 1,
        "page_href": lambda n: "index.html" if n == 1 else f"page-{n}.html",
        "feeds": [("Atom feed", "feeds/all.atom"), ("JSON Feed", "feeds/all.json"), ("Calendar", "../feeds/all.ics")],
        "event_href": lambda e: f"events/{e.id}.html",
        "nav": [("All events", "index.html"), ("Year", "year/index.html")],
    }
    arguments.update(overrides)
    return render_listing(events, **arguments)


def entry_text(document: str) -> str:
    """The text of the (only) event entry of a listing page."""
    root = parse(document)
    items = [li for ul in root.iter("ul") if ul.get("class") == "events" for li in ul.findall("li")]
    assert len(items) == 1
    return text_of(items[0])


def variety() -> list[Event]:
    """Events of every kind the listing shows differently, upcoming and past."""
    return [
        *(example(name) for name in example_names()),
        event(id="allday", start=dt.date(2031, 1, 2), end=dt.date(2031, 1, 3)),
        event(
            id="cancelled",
            status=EventStatus.CANCELLED,
            status_history=(StatusChange(status=EventStatus.CANCELLED, reason="<b>why</b>"),),
        ),
        event(
            id="postponed",
            status=EventStatus.POSTPONED,
            status_history=(
                StatusChange(status=EventStatus.POSTPONED, previous_start=dt.datetime(2030, 2, 1, 9, 0, tzinfo=PARIS)),
            ),
        ),
        event(
            id="online",
            venue=None,
            attendance_mode=AttendanceMode.ONLINE,
            virtual_location=VirtualLocation(url="https://example.org/join"),
            start=dt.datetime(2020, 3, 5, 9, 0, tzinfo=TOKYO),
            end=dt.datetime(2020, 3, 5, 11, 0, tzinfo=TOKYO),
        ),
        event(
            id="hybrid",
            attendance_mode=AttendanceMode.MIXED,
            virtual_location=VirtualLocation(url="https://example.org/join"),
        ),
        event(
            id="weekly",
            recurrence=Recurrence(rule="FREQ=WEEKLY;COUNT=4"),
            end=dt.datetime(2030, 3, 5, 11, 0, tzinfo=PARIS),
        ),
        event(
            id="ongoing",
            start=dt.datetime(2025, 6, 1, 9, 0, tzinfo=PARIS),
            end=dt.datetime(2025, 6, 1, 18, 0, tzinfo=PARIS),
        ),
    ]


def ordered(events: Sequence[Event]) -> list[Event]:
    """Upcoming first (soonest first), then past (latest first), as the build orders a listing."""
    upcoming = sorted((e for e in events if e.phase(NOW).value != "ended"), key=lambda e: (_start(e), e.id))
    past = sorted((e for e in events if e.phase(NOW).value == "ended"), key=lambda e: (_start(e), e.id), reverse=True)
    return upcoming + past


def _start(e: Event) -> dt.datetime:
    if isinstance(e.start, dt.datetime):
        return e.start.astimezone(dt.UTC)
    return dt.datetime.combine(e.start, dt.time(), dt.UTC)


# ------------------------------------------------------------------ validity and structure


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_listing_parses_strictly_with_landmarks_and_ordered_headings(locale: str) -> None:
    events = ordered(variety())
    root = parse(page(events, locale, page=2, pages=3))
    assert root.get("lang") == locale
    assert headings(root).count(1) == 1
    levels = headings(root)
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    for landmark in ("header", "nav", "main", "footer"):
        assert root.find(f".//{landmark}") is not None, landmark
    navs = [n.get("aria-label") for n in root.iter("nav")]
    assert all(navs)
    assert len(set(navs)) == len(navs)
    skip = root.find(".//body/a")
    assert skip is not None
    assert skip.get("href") == "#content"
    assert root.find(".//main").get("id") == "content"  # type: ignore[union-attr]
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([], [1]),
        ([event(id="up")], [1, 2, 3]),
        ([event(id="old", start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1))], [1, 2, 3]),
        ([event(id="up"), event(id="old", start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1))], [1, 2, 3, 2, 3]),
    ],
)
def test_headings_follow_the_sections_on_the_page(events: list[Event], expected: list[int]) -> None:
    root = parse(page(events))
    main = root.find(".//main")
    assert main is not None
    assert headings(main) == expected
    footer = root.find(".//footer")
    assert footer is not None
    assert headings(footer) == [2]


def test_sections_are_named_upcoming_and_past_in_each_language() -> None:
    events = ordered([event(id="up"), event(id="old", start=dt.date(2020, 1, 1), end=dt.date(2020, 1, 1))])
    en = [text_of(h) for h in parse(page(events, "en")).iter("h2")]
    fr = [text_of(h) for h in parse(page(events, "fr")).iter("h2")]
    assert en[:2] == ["Upcoming events", "Past events"]
    assert fr[:2] == ["Événements à venir", "Événements passés"]


def test_head_announces_stylesheet_and_feeds_with_their_types() -> None:
    root = parse(page([event()], root="../../"))
    links = {(link.get("rel"), link.get("type")): link.get("href") for link in root.iter("link")}
    assert links[("stylesheet", None)] == "../../style.css"
    assert links[("alternate", "application/atom+xml")] == "feeds/all.atom"
    assert links[("alternate", "application/feed+json")] == "feeds/all.json"
    assert links[("alternate", "text/calendar")] == "../feeds/all.ics"
    footer = root.find(".//footer")
    assert footer is not None
    assert [a.get("type") for a in footer.iter("a")] == [
        "application/atom+xml",
        "application/feed+json",
        "text/calendar",
    ]


def test_header_links_site_title_nav_and_languages() -> None:
    root = parse(page([event()], "fr", root="../../", alternates=[("en", "../../en/year/2020/index.html")]))
    header = root.find(".//header")
    assert header is not None
    hrefs = [(text_of(a), a.get("href")) for a in header.iter("a")]
    assert ("STI policy events", "../../fr/index.html") in hrefs
    assert ("Year", "year/index.html") in hrefs  # nav hrefs are used as given (relative to the page)
    assert ("English", "../../en/year/2020/index.html") in hrefs
    assert ("Toutes les langues", "../../index.html") in hrefs
    english = next(a for a in header.iter("a") if a.get("hreflang") == "en")
    assert english.get("lang") == "en"
    assert any(link.get("hreflang") == "en" for link in root.iter("link"))


# ------------------------------------------------------------------ entries


@pytest.mark.parametrize(
    ("start", "end", "locale", "expected"),
    [
        ((2020, 3, 5, 9, 30), (2020, 3, 6, 17, 0), "en", "5-6 March 2020, 09:30 CET"),
        ((2020, 3, 5, 9, 30), (2020, 3, 6, 17, 0), "fr", "5-6 mars 2020, 09:30 CET"),
        ((2020, 7, 5, 9, 30), (2020, 7, 5, 12, 0), "en", "5 July 2020, 09:30-12:00 CEST"),
        ((2020, 3, 30, 9, 0), (2020, 4, 2, 12, 0), "en", "30 March-2 April 2020, 09:00 CEST"),
        ((2020, 12, 30, 9, 0), (2021, 1, 2, 12, 0), "fr", "30 décembre 2020-2 janvier 2021, 09:00 CET"),
        ((2020, 3, 29, 1, 0), (2020, 3, 29, 4, 0), "en", "29 March 2020, 01:00 CET-04:00 CEST"),
        ((2020, 3, 5, 18, 0), (2020, 3, 6, 0, 0), "en", "5 March 2020, 18:00-00:00 CET"),
    ],
)
def test_dates_in_the_events_zone_with_its_abbreviation(
    start: tuple[int, int, int, int, int], end: tuple[int, int, int, int, int], locale: str, expected: str
) -> None:
    e = event(start=dt.datetime(*start, tzinfo=PARIS), end=dt.datetime(*end, tzinfo=PARIS))
    root = parse(page([e], locale))
    time = root.find(".//time")
    assert time is not None
    assert text_of(time) == expected
    assert dt.datetime.fromisoformat(time.get("datetime") or "") == e.start


def test_an_event_is_shown_in_its_own_zone_not_the_readers() -> None:
    e = event(
        venue=None,
        attendance_mode=AttendanceMode.ONLINE,
        start=dt.datetime(2020, 3, 5, 23, 0, tzinfo=TOKYO),
        end=dt.datetime(2020, 3, 6, 1, 0, tzinfo=TOKYO),
    )
    assert "5-6 March 2020, 23:00 JST" in entry_text(page([e]))


def test_all_day_event_shows_days_only() -> None:
    e = event(start=dt.date(2031, 1, 2), end=dt.date(2031, 1, 3))
    root = parse(page([e], "fr"))
    time = root.find(".//time")
    assert time is not None
    assert text_of(time) == "2-3 janvier 2031"
    assert time.get("datetime") == "2031-01-02"


@pytest.mark.parametrize(
    ("fields", "locale", "expected", "absent"),
    [
        ({}, "en", ["Paris, France", "Workshop"], ["Online"]),
        ({}, "fr", ["Paris, France", "Atelier"], ["En ligne"]),
        (
            {
                "venue": None,
                "attendance_mode": AttendanceMode.ONLINE,
                "virtual_location": VirtualLocation(url="https://example.org/j"),
            },
            "en",
            ["Online"],
            ["France"],
        ),
        (
            {
                "venue": None,
                "attendance_mode": AttendanceMode.ONLINE,
                "virtual_location": VirtualLocation(url="https://example.org/j"),
            },
            "fr",
            ["En ligne"],
            [],
        ),
        (
            {"attendance_mode": AttendanceMode.MIXED, "virtual_location": VirtualLocation(url="https://example.org/j")},
            "en",
            ["Paris, France and online"],
            [],
        ),
        (
            {"attendance_mode": AttendanceMode.MIXED, "virtual_location": VirtualLocation(url="https://example.org/j")},
            "fr",
            ["Paris, France et en ligne"],
            [],
        ),
        ({"venue": Venue(locality="Berlin", country="DE")}, "fr", ["Berlin, Allemagne"], []),
        ({"event_type": EventType.ROUNDTABLE}, "fr", ["Table ronde"], []),
        (
            {"recurrence": Recurrence(rule="FREQ=WEEKLY;COUNT=3"), "end": dt.datetime(2030, 3, 5, 11, 0, tzinfo=PARIS)},
            "fr",
            ["Récurrent"],
            [],
        ),
    ],
)
def test_place_and_type(fields: dict[str, Any], locale: str, expected: list[str], absent: list[str]) -> None:
    text = entry_text(page([event(**fields)], locale))
    for words in expected:
        assert words in text
    for words in absent:
        assert words not in text


def _status(status: EventStatus, **change: Any) -> dict[str, Any]:
    return {"status": status, "status_history": (StatusChange(status=status, **change),)}


@pytest.mark.parametrize(
    ("fields", "locale", "banner"),
    [
        (_status(EventStatus.CANCELLED), "en", "Cancelled"),
        (_status(EventStatus.CANCELLED), "fr", "Annulé"),
        (_status(EventStatus.POSTPONED), "en", "Postponed"),
        (
            _status(EventStatus.RESCHEDULED, previous_start=dt.datetime(2030, 2, 1, 9, 0, tzinfo=PARIS)),
            "en",
            "Rescheduled (previously 1 February 2030)",
        ),
        (
            _status(EventStatus.RESCHEDULED, previous_start=dt.date(2030, 2, 1)),
            "fr",
            "Reprogrammé (initialement le 1 février 2030)",
        ),
        (
            {
                **_status(EventStatus.MOVED_ONLINE),
                "venue": None,
                "attendance_mode": AttendanceMode.ONLINE,
            },
            "fr",
            "Passé en ligne",
        ),
        (
            {
                "status": EventStatus.RESCHEDULED,
                "status_history": (
                    StatusChange(status=EventStatus.MOVED_ONLINE),
                    StatusChange(status=EventStatus.RESCHEDULED),
                ),
                "venue": None,
                "attendance_mode": AttendanceMode.ONLINE,
            },
            "en",
            "Moved online",
        ),
        (
            {
                "start": dt.datetime(2025, 6, 1, 9, 0, tzinfo=PARIS),
                "end": dt.datetime(2025, 6, 1, 18, 0, tzinfo=PARIS),
            },
            "en",
            "Happening now",
        ),
    ],
)
def test_status_banners(fields: dict[str, Any], locale: str, banner: str) -> None:
    root = parse(page([event(**fields)], locale))
    banners = [text_of(b) for b in root.iter("strong") if "banner" in (b.get("class") or "")]
    assert banner in banners


def test_scheduled_event_has_no_banner() -> None:
    root = parse(page([event()]))
    assert not [b for b in root.iter("strong") if "banner" in (b.get("class") or "")]


def test_translated_title_in_the_page_language_and_lang_on_foreign_titles() -> None:
    e = event(text_language="en", translations=(Translation(language="fr", title="Atelier sur la co-création"),))
    fr = parse(page([e], "fr"))
    en = parse(page([e], "en"))
    fr_link = fr.find(".//h3/a")
    en_link = en.find(".//h3/a")
    assert fr_link is not None
    assert en_link is not None
    assert text_of(fr_link) == "Atelier sur la co-création"
    assert fr_link.get("lang") is None
    assert text_of(en_link) == "Workshop on co-creation"
    assert en_link.get("lang") is None
    only_en = parse(page([event(text_language="en")], "fr")).find(".//h3/a")
    assert only_en is not None
    assert only_en.get("lang") == "en"


def test_link_texts_make_sense_out_of_context() -> None:
    events = ordered(variety())
    root = parse(page(events, page=3, pages=9))
    vague = {"here", "click here", "more", "read more", "link", "this"}
    titles = {" ".join(e.title.split()) for e in events}
    for a in root.iter("a"):
        text = text_of(a)
        assert text, a.attrib
        assert text.casefold() not in vague, text
        assert not text.isdigit(), text  # page numbers say "Page N"
    linked = {text_of(a) for h3 in root.iter("h3") for a in h3.iter("a")}
    assert linked <= titles | {" ".join(t.title.split()) for e in events for t in e.translations if t.title}


# ------------------------------------------------------------------ pagination


def _pagination(root: ET.Element) -> ET.Element | None:
    return next((n for n in root.iter("nav") if n.get("class") == "pagination"), None)


@pytest.mark.parametrize(("number", "pages"), [(1, 1), (1, 2), (2, 2), (1, 9), (5, 9), (9, 9), (3, 40)])
def test_pagination(number: int, pages: int) -> None:
    root = parse(page([event()], page=number, pages=pages))
    nav = _pagination(root)
    if pages == 1:
        assert nav is None
        return
    assert nav is not None
    links = [(text_of(a), a.get("href"), a.get("aria-current"), a.get("rel")) for a in nav.iter("a")]
    current = [link for link in links if link[2] == "page"]
    assert current == [(f"Page {number}", f"page-{number}.html" if number > 1 else "index.html", "page", None)]
    assert any(t == "Previous page" and r == "prev" for t, _, _, r in links) == (number > 1)
    assert any(t == "Next page" and r == "next" for t, _, _, r in links) == (number < pages)
    numbers = [int(t.split()[1]) for t, _, _, r in links if t.startswith("Page ") and r is None]
    assert numbers == sorted(set(numbers))
    assert numbers[0] == 1
    assert numbers[-1] == pages
    assert all(abs(n - number) <= 2 or n in (1, pages) for n in numbers)
    gaps = [li for li in nav.iter("li") if li.find("a") is None]
    assert len(gaps) == sum(1 for a, b in itertools.pairwise(numbers) if b > a + 1)
    title = root.find(".//title")
    assert title is not None
    assert (f"Page {number} of {pages}" in text_of(title)) == (pages > 1)


def test_pagination_in_french() -> None:
    nav = _pagination(parse(page([event()], "fr", page=2, pages=3)))
    assert nav is not None
    texts = [text_of(a) for a in nav.iter("a")]
    assert texts == ["Page précédente", "Page 1", "Page 2", "Page 3", "Page suivante"]
    assert nav.get("aria-label") == "Pages"


@pytest.mark.parametrize(("number", "pages"), [(0, 1), (3, 2), (2, 1)])
def test_page_out_of_range_is_refused(number: int, pages: int) -> None:
    with pytest.raises(ValueError, match="page"):
        page([event()], page=number, pages=pages)


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        page([event()], now=dt.datetime(2025, 1, 1))


# ------------------------------------------------------------------ hostile text


def _assert_inert(root: ET.Element) -> None:
    assert root.find(".//script") is None
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.IGNORECASE), value
    assert root.find(".//b") is None
    assert root.find(".//svg") is None


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_hostile_text_cannot_break_the_listing(locale: str) -> None:
    e = event(
        id="x",
        title=HOSTILE,
        venue=Venue(locality=HOSTILE, country="FR"),
        status=EventStatus.CANCELLED,
        status_history=(StatusChange(status=EventStatus.CANCELLED, reason=HOSTILE),),
        translations=(Translation(language="de", title=HOSTILE),),
    )
    document = page(
        [e],
        locale,
        heading=HOSTILE,
        site_title=HOSTILE,
        nav=[(HOSTILE, '"><script>alert(1)</script>')],
        feeds=[(HOSTILE, "javascript:alert(1)//.atom")],
        event_href=lambda _: 'javascript:alert("x")',
        page=2,
        pages=2,
        page_href=lambda n: "' onmouseover='alert(1)",
        alternates=[('fr"><script>', "https://evil.example/\"'><script>")],
    )
    root = parse(document)
    _assert_inert(root)
    collapsed = " ".join(HOSTILE.split())
    h1 = root.find(".//h1")
    assert h1 is not None
    assert text_of(h1) == collapsed
    link = root.find(".//h3/a")
    assert link is not None
    assert text_of(link) == collapsed
    assert link.get("href") == "./javascript:alert(%22x%22)"  # a relative path, not a script
    assert collapsed in entry_text(document)  # the place, escaped and on one line
    title = root.find(".//title")
    assert title is not None
    assert "<script>" in text_of(title)


def test_hostile_facet_rows_and_chooser() -> None:
    facet = render_facet_index(
        [(HOSTILE, "javascript:alert(1)", 3), ("ok", "ok/index.html", 1)],
        locale="fr",
        heading=HOSTILE,
        site_title=HOSTILE,
        root="../../",
        nav=[(HOSTILE, "//evil.example/")],
    )
    root = parse(facet)
    _assert_inert(root)
    hrefs = [a.get("href") or "" for a in root.iter("a")]
    assert all(not h.startswith("//") for h in hrefs)
    chooser = parse(render_chooser(["en", "fr"], site_title=HOSTILE))
    _assert_inert(chooser)
    h1 = chooser.find(".//h1")
    assert h1 is not None
    assert text_of(h1) == " ".join(HOSTILE.split())


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), min_size=1, max_size=40
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@also(title="0\x85\U0001fffe\U0010ffff\ufdd0", place="\x9f", label="\ufffe")
@given(title=_TEXT, place=_TEXT, label=_TEXT)
def test_any_text_parses_strictly_and_reads_back(title: str, place: str, label: str) -> None:
    try:
        e = event(title=title, venue=Venue(locality=place, country="FR"))
    except InvalidEventError:
        return  # text the model refuses (control characters, blank title) never reaches a page
    document = page([e], heading=label, site_title=label, nav=[(label, "x.html")])
    root = parse(document)
    _assert_no_forbidden_attributes(root)
    link = root.find(".//h3/a")
    assert link is not None
    expected = listing._FORBIDDEN.sub("\ufffd", " ".join(e.title.split()))
    assert text_of(link) == expected


def _assert_no_forbidden_attributes(root: ET.Element) -> None:
    allowed = {
        "lang", "href", "rel", "type", "title", "hreflang", "class", "id", "aria-label", "aria-labelledby",
        "aria-current", "datetime", "charset", "name", "content",
    }  # fmt: skip
    for element in root.iter():
        assert set(element.attrib) <= allowed, (element.tag, element.attrib)


# ------------------------------------------------------------------ facet index and chooser


@pytest.mark.parametrize(
    ("locale", "counts"),
    [("en", ["(1 event)", "(2 events)"]), ("fr", ["(1 événement)", "(2 événements)"])],
)
def test_facet_index(locale: str, counts: list[str]) -> None:
    document = render_facet_index(
        [("France", "fr/index.html", 1), ("Japon", "jp/index.html", 2)],
        locale=locale,
        heading="Events by country",
        site_title="STI",
        root="../../",
        nav=[("All events", "../index.html")],
    )
    root = parse(document)
    assert root.get("lang") == locale
    assert headings(root) == [1]
    items = [text_of(li) for ul in root.iter("ul") if ul.get("class") == "facet-values" for li in ul]
    assert items == [f"France {counts[0]}", f"Japon {counts[1]}"]
    assert [a.get("href") for ul in root.iter("ul") if ul.get("class") == "facet-values" for a in ul.iter("a")] == [
        "fr/index.html",
        "jp/index.html",
    ]
    assert root.find(".//main") is not None
    assert root.find(".//header") is not None


def test_empty_facet_index_and_listing_say_so() -> None:
    facet = parse(render_facet_index([], locale="fr", heading="H", site_title="S", root="../", nav=[]))
    assert "Aucun événement à afficher." in text_of(facet)
    listing = parse(page([], "en"))
    assert "No events to show." in text_of(listing)


def test_chooser_links_each_locale_in_its_own_language() -> None:
    root = parse(render_chooser(["en", "fr"], site_title="STI policy events"))
    assert root.get("lang") == "en"
    assert headings(root) == [1]
    links = [(text_of(a), a.get("href"), a.get("hreflang"), a.get("lang")) for a in root.iter("a")]
    assert links == [("English", "en/index.html", "en", "en"), ("Français", "fr/index.html", "fr", "fr")]
    alternates = [(link.get("hreflang"), link.get("href")) for link in root.iter("link") if link.get("hreflang")]
    assert alternates == [("en", "en/index.html"), ("fr", "fr/index.html")]
    spans = {s.get("lang"): text_of(s) for s in root.iter("span")}
    assert spans == {"en": "Choose a language", "fr": "Choisissez une langue"}


def test_chooser_needs_a_locale() -> None:
    with pytest.raises(ValueError, match="locale"):
        render_chooser([], site_title="S")


def test_unknown_locale_falls_back_to_english_words_and_lang() -> None:
    root = parse(page([event()], "de"))
    assert root.get("lang") == "en"
    assert "Upcoming events" in text_of(root)


# ------------------------------------------------------------------ determinism and colours


def test_output_is_deterministic() -> None:
    events = ordered(variety())
    render: Callable[[], str] = lambda: page(events, "fr", page=2, pages=4)  # noqa: E731
    assert render() == render()


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss


@pytest.mark.parametrize(("foreground", "background", "where"), style.CONTRAST_PAIRS)
def test_colour_pairs_have_enough_contrast(foreground: str, background: str, where: str) -> None:
    assert contrast(foreground, background) >= 4.5, where


def test_every_colour_of_the_stylesheet_is_in_a_checked_pair() -> None:
    used = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", style.CSS)}
    checked = {c for pair in style.CONTRAST_PAIRS for c in pair[:2]}
    assert used - checked <= {"#d6d6d6"}  # the rule lines only, which carry no text
    assert ":focus-visible" in style.CSS
    assert "outline" in style.CSS


def test_french_page_has_no_english_site_words() -> None:
    events = ordered(variety())
    root = parse(page(events, "fr", page=2, pages=3))
    words = text_of(root) + " " + " ".join(e.get("aria-label") or "" for e in root.iter())
    english = ["Upcoming", "Past events", "Previous page", "Next page", "Subscribe", "Skip", "Cancelled"]
    english += ["Postponed", "Rescheduled", "Moved online", "Happening", "Online", "All languages", "Browse"]
    assert [w for w in english if w in words] == []
    for french in ("Événements à venir", "Page suivante", "S’abonner", "Aller au contenu", "Annulé", "En ligne"):
        assert french in words

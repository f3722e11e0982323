"""Banners against 'now', status lines, 'More Like This' ranking, the listing, all-day events."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import attrs
import pytest
from oecd_pages import listing_events
from oecd_support import NOW

import stievents
from stievents import model

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _event(**changes: object) -> model.Event:
    base = model.Event(
        id="e1",
        title="Seminar",
        start=dt.datetime(2026, 1, 1, 0, 30, tzinfo=PARIS),
        end=dt.datetime(2026, 1, 1, 3, 0, tzinfo=PARIS),
    )
    return attrs.evolve(base, **changes)


@pytest.mark.parametrize(
    ("now", "banner"),
    [
        (dt.datetime(2025, 12, 31, 23, 45, tzinfo=dt.UTC), "Happening now"),  # 00:45 Paris
        (dt.datetime(2025, 12, 31, 22, 0, tzinfo=dt.UTC), "Upcoming event"),
        (dt.datetime(2026, 1, 1, 2, 0, tzinfo=dt.UTC), "Event has ended"),
    ],
)
def test_banner_follows_now(now: dt.datetime, banner: str) -> None:
    page = stievents.export(_event(), "oecd-text", now=now).decode("utf-8")
    assert page.split("\n\n")[1] == banner


def test_banner_for_ongoing_is_correct_at_the_boundary() -> None:
    now = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)  # exactly the start
    assert "Happening now" in stievents.export(_event(), "oecd-text", now=now).decode("utf-8")


@pytest.mark.parametrize(
    ("status", "banner", "line"),
    [
        (model.EventStatus.CANCELLED, "Event cancelled", "This event has been cancelled for lack of speakers"),
        (model.EventStatus.POSTPONED, "Event postponed", "This event has been postponed for lack of speakers"),
        (model.EventStatus.MOVED_ONLINE, "Upcoming event", "This event will take place virtually for lack of speakers"),
    ],
)
def test_status_banner_and_line(status: model.EventStatus, banner: str, line: str) -> None:
    event = _event(
        start=dt.datetime(2030, 1, 1, 9, 0, tzinfo=PARIS),
        end=dt.datetime(2030, 1, 1, 10, 0, tzinfo=PARIS),
        status=status,
        status_history=(model.StatusChange(status=status, reason="for lack of speakers"),),
    )
    text = stievents.export(event, "oecd-text", now=NOW).decode("utf-8")
    assert banner in text
    assert line in text
    (back,) = stievents.read(text, "oecd-text").events
    assert back.status is status
    assert back.status_reason == "for lack of speakers"


def test_all_day_event_uses_dates() -> None:
    event = _event(start=dt.date(2030, 2, 5), end=dt.date(2030, 2, 6))
    text = stievents.export(event, "oecd-text", now=NOW, locale="fr").decode("utf-8")
    assert "Date de début\u00a0:" in text
    assert "5 févr. 2030" in text
    (back,) = stievents.read(text, "oecd-text").events
    assert (back.start, back.end) == (dt.date(2030, 2, 5), dt.date(2030, 2, 6))


def test_more_like_this_explicit_first_then_ranked() -> None:
    topic = _event(id="topic", title="Shares a topic", topics=("ai",))
    org = model.Organiser(name="OECD")
    both = _event(id="both", title="Shares topic and organiser", topics=("ai",), organisers=(org,))
    unrelated = _event(id="unrelated", title="Nothing in common")
    linked = _event(id="linked", title="Explicitly linked")
    main = _event(
        id="main",
        topics=("ai",),
        organisers=(org,),
        related_events=(
            model.RelatedEvent(id="linked"),
            model.RelatedEvent(id="elsewhere", title="Outside", url="https://x.example/e"),
        ),
    )
    page = stievents.export(
        [main, topic, both, unrelated, linked], "oecd-html", now=NOW, base_url="https://events.example/"
    ).decode()
    related = page.split('id="related"')[1]
    titles = re.findall(r">([^<>]+)</a>", related)
    assert titles == ["Explicitly linked", "Outside", "Shares topic and organiser", "Shares a topic"]
    assert 'href="https://events.example/linked.html"' in related
    assert "Nothing in common" not in related


def test_listing_groups_and_links() -> None:
    events = listing_events()
    page = stievents.export(events, "oecd-listing-html", now=NOW).decode("utf-8")
    upcoming, past = page.split("<h2>Upcoming events</h2>")[1].split("<h2>Past events</h2>")
    past = past.split("<h2>By event type</h2>")[0]
    assert "Demo Forum" in upcoming
    assert "Workshop on co-creation" not in upcoming
    assert "Workshop on co-creation" in past
    assert "<h3>March 2020</h3>" in past
    assert "<h3>June 2031</h3>" in upcoming
    assert upcoming.index("March 2026") < upcoming.index("April 2027") < upcoming.index("June 2031")
    assert 'href="https://research.example.org/events/demo-hybrid-forum"' in page
    assert 'href="oecd-co-creation-2020.html"' in page
    assert "<h2>By topic</h2>" in page
    assert "<h3>co-creation</h3>" in page
    assert "<h3>Workshop</h3>" in page
    fr = stievents.export(events, "oecd-listing-html", now=NOW, locale="fr").decode("utf-8")
    assert "Événements à venir" in fr
    assert "<h3>Mars 2020</h3>" in fr
    assert "<h3>Atelier</h3>" in fr


def test_listing_of_nothing() -> None:
    assert "No events" in stievents.export([], "oecd-listing-html", now=NOW).decode("utf-8")


def test_write_site(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from stievents_oecd import write_site

    written = write_site(listing_events(), tmp_path, now=NOW)
    assert sorted(p.name for p in written)[-1] == "oecd-co-creation-2020.html"
    assert (tmp_path / "index.html").exists()
    demo = (tmp_path / "demo-hybrid-forum.html").read_text(encoding="utf-8")
    assert 'id="related"' in demo
    assert "Workshop on co-creation" in demo.split('id="related"')[1]


def test_site_links_resolve(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from stievents_oecd import write_site

    events = listing_events()
    write_site(events, tmp_path, now=NOW)
    for page in tmp_path.glob("*.html"):
        for href in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8")):
            if href.startswith(("#", "https://", "mailto:", "tel:")):
                continue
            assert (tmp_path / href).is_file(), f"{page.name} links to missing {href}"
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for event in events:
        assert f'href="{event.url or event.id + ".html"}"' in index

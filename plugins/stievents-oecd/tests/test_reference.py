"""The issue's 'done when': the reference event's page, in English and French, and reading the real page."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from oecd_support import NOW, seed_page

import stievents
from stievents import model
from stievents.errors import Severity

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _page(locale: str = "en", fmt: str = "oecd-html") -> str:
    return stievents.export(stievents.example("oecd-co-creation-2020"), fmt, now=NOW, locale=locale).decode("utf-8")


def test_english_page_shows_the_reference_facts() -> None:
    page = _page()
    assert "Event has ended" in page
    assert "Mar 5, 2020 9:30\u202fAM CET (Europe/Paris)" in page  # Babel's narrow no-break space, kept
    assert "Mar 6, 2020 4:30\u202fPM CET (Europe/Paris)" in page
    assert "CEST" not in page
    assert "Mar 5, 2020 11:30\u202fAM MSK (Europe/Moscow)" in page  # the venue's own zone
    assert '<time datetime="2020-03-05T09:30+01:00">' in page
    assert "Higher School of Economics, Moscow" in page
    assert "Russian Federation" in page
    assert page.count('<ul class="questions">') == 1
    for question in stievents.example("oecd-co-creation-2020").policy_questions:
        assert f'<li id="question-{question.id}">{question.text}</li>' in page  # the anchor sessions link to
    for name in ("Higher School of Economics (HSE)", "(TIP)", "Science and Technology Policy Institute (STEPI)"):
        assert name in page
    assert "This event took place virtually due to recent Coronavirus developments" in page
    assert "International workshop:" in page
    assert "<h2" in page
    assert page.index("<h1") < page.index("<h2")
    assert '<html lang="en">' in page


def test_french_page_has_french_labels_and_dates() -> None:
    page = _page("fr")
    assert '<html lang="fr">' in page
    assert "5 mars 2020 09:30 CET (Europe/Paris)" in page
    assert "5-6 mars 2020" in page
    assert "Événement terminé" in page
    assert "Quand et où" in page
    assert "Heure de début\u00a0:" in page
    assert "Russie, Fédération de" in page
    assert "Atelier international\u00a0:" in page
    assert "Cet événement s&#x27;est tenu en ligne" in page
    assert "Event has ended" not in page
    # the user's English text keeps its language
    assert '<h1 lang="en">' in page


def test_rows_without_data_are_left_out() -> None:
    page = _page()
    assert "Event Type:" in page
    assert "Language:" not in page
    assert "Event Visibility" not in page
    assert "Contact Info" not in page


def test_text_and_markdown_say_the_same() -> None:
    text, md = _page(fmt="oecd-text"), _page(fmt="oecd-md")
    for needle in (
        "Event has ended",
        "Mar 5, 2020 9:30\u202fAM CET (Europe/Paris)",
        "Russian Federation",
        "co-creation",
    ):
        assert needle in text
        assert needle in md


def test_reading_the_reference_page_text() -> None:
    result = stievents.read(seed_page().read_bytes(), "oecd-text")
    (event,) = result.events
    reference = stievents.example("oecd-co-creation-2020")
    assert event.title == reference.title
    assert event.subtitle == reference.subtitle
    assert event.start == dt.datetime(2020, 3, 5, 9, 30, tzinfo=PARIS)
    assert event.end == dt.datetime(2020, 3, 6, 16, 30, tzinfo=PARIS)
    assert event.timezone == "Europe/Paris"
    assert event.start_utc == dt.datetime(2020, 3, 5, 8, 30, tzinfo=dt.UTC)
    assert event.venue is not None
    assert (event.venue.name, event.venue.locality, event.venue.country) == (
        "Higher School of Economics",
        "Moscow",
        "RU",
    )
    assert [q.text for q in event.policy_questions] == [q.text for q in reference.policy_questions]
    assert event.status is model.EventStatus.MOVED_ONLINE
    assert event.status_reason == "due to recent Coronavirus developments"
    assert event.event_type is model.EventType.WORKSHOP
    assert event.scope is model.Scope.INTERNATIONAL
    assert event.description is not None
    assert event.description.startswith(reference.description.split("\n\n")[0])
    for paragraph in reference.description.split("\n\n"):
        assert paragraph.replace("  ", " ") in event.description
    # facts the page does not state stay empty
    assert event.organisers == ()
    assert event.languages == ()
    assert event.contacts == ()
    assert event.visibility is None
    assert event.attendance_policy is None
    assert event.venue.timezone is None
    warnings = [p for p in result.problems if p.severity is Severity.WARNING]
    assert len(warnings) == 2
    assert all("CEST" in p.message and "CET" in p.message and "Europe/Paris" in p.message for p in warnings)
    assert {p.path for p in warnings} == {"$.events[0].start", "$.events[0].end"}


def test_reading_the_reference_page_as_html() -> None:
    lines = seed_page().read_text(encoding="utf-8").split("\n")
    from html import escape

    markup = (
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        + "".join(f"<p>{escape(line)}</p>" for line in lines if line.strip())
        + "</body></html>"
    )
    (event,) = stievents.read(markup, "oecd-html").events
    assert event.start == dt.datetime(2020, 3, 5, 9, 30, tzinfo=PARIS)
    assert len(event.policy_questions) == 3

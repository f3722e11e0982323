"""The pages show each classification's label (issue 17): its own, else its installed scheme's, else scheme:code."""

from __future__ import annotations

import datetime as dt

import attrs

import stievents
from stievents import model

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _event() -> model.Event:
    event = stievents.example("oecd-co-creation-2020")
    return attrs.evolve(
        event,
        classifications=(
            model.Classification(scheme="un-sdg", code="9.5"),  # no label: the scheme's official text
            model.Classification(scheme="stip-compass-theme", code="TH91", label="Missions"),  # its own label wins
            model.Classification(scheme="local-scheme", code="A<1>"),  # unknown scheme: scheme:code, escaped
        ),
    )


def test_every_page_format_shows_the_labels() -> None:
    event = _event()
    sdg = stievents.api.classification_schemes()
    target = next(s for s in sdg if s.id == "un-sdg").label("9.5")
    assert target is not None
    assert target.startswith("Enhance scientific research")
    for fmt in ("oecd-html", "oecd-md", "oecd-text"):
        page = stievents.export(event, fmt, now=NOW).decode()
        assert target.split(",")[0] in page, fmt
        assert "Missions" in page
    html = stievents.export(event, "oecd-html", now=NOW).decode()
    assert "local-scheme:A&lt;1&gt;" in html
    assert "Thèmes" in stievents.export(event, "oecd-html", now=NOW, locale="fr").decode()


def test_the_row_reads_back_without_a_problem() -> None:
    event = _event()
    for fmt in ("oecd-html", "oecd-text"):
        result = stievents.read(stievents.export(event, fmt, now=NOW), fmt)
        assert not [p for p in result.problems if "them" in p.message.lower()], fmt
        assert result.events[0].title == event.title

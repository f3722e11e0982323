"""The parts of a site build: facets and slugs, links between outputs, settings, sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stievents.examples import example
from stievents.model import Classification, Organiser
from stievents_site import layout
from stievents_site.config import SiteConfig, load_config
from stievents_site.errors import SiteError
from stievents_site.facets import facet_values, slugify


@given(st.text())
def test_slugs_are_lowercase_ascii_words(text: str) -> None:
    slug = slugify(text)
    assert slug
    assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in slug)
    assert not slug.startswith("-")
    assert not slug.endswith("-")
    assert "--" not in slug


def test_facet_values_group_ignoring_case_and_clashing_slugs_stay_apart() -> None:
    base = example("demo-hybrid-forum")
    one = attrs.evolve(base, id="one", topics=("AI", "Öpen science"))
    two = attrs.evolve(base, id="two", topics=("ai", "Open Science", "open-science"))
    topics = {v.key: v for v in facet_values([one, two])["topic"]}
    assert sorted(topics) == ["ai", "open science", "open-science", "öpen science"]
    assert [e.id for e in topics["ai"].events] == ["one", "two"]
    assert topics["ai"].label == "AI"  # the first spelling in id order
    slugs = [v.slug for v in topics.values()]
    assert len(set(slugs)) == len(slugs)
    assert topics["open science"].slug == "open-science"  # the first key in order keeps the plain slug
    assert topics["open-science"].slug.startswith("open-science-")
    # the same slugs whatever the order of the events
    again = {v.key: v.slug for v in facet_values([two, one])["topic"]}
    assert again == {k: v.slug for k, v in topics.items()}


def test_facets_of_an_event() -> None:
    base = example("demo-hybrid-forum")
    event = attrs.evolve(
        base,
        id="x",
        organisers=(Organiser(name="Organisation for Economic Co-operation and Development", acronym="OECD"),),
        classifications=(Classification(scheme="un-sdg", code="9"),),
    )
    facets = facet_values([event])
    assert [v.slug for v in facets["organiser"]] == ["oecd"]
    assert [v.slug for v in facets["classification"]] == ["un-sdg-9"]
    assert [v.slug for v in facets["country"]] == ["be"]
    assert facets["country"][0].display("fr") == "Belgique"
    assert [v.slug for v in facets["type"]] == ["forum"]
    assert [v.slug for v in facets["status"]] == [base.status.value]
    assert [v.slug for v in facets["year"]] == [str(base.start.year)]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("en/index.html", "en/events/x.html", "events/x.html"),
        ("en/events/x.html", "events/x.ics", "../../events/x.ics"),
        ("en/year/2020/page-2.html", "en/year/index.html", "../index.html"),
        ("index.html", "fr/index.html", "fr/index.html"),
        ("en/events/a.html", "en/events/a:b.html", "./a:b.html"),
    ],
)
def test_relative_links(source: str, target: str, expected: str) -> None:
    assert layout.href(source, target) == expected


def test_media_types() -> None:
    assert layout.media_type("en/feeds/all.json") == "application/feed+json"
    assert layout.media_type("manifest.json") == "application/json"
    assert layout.media_type("events/x.ics") == "text/calendar; charset=utf-8"
    assert layout.media_type("en/index.html") == "text/html; charset=utf-8"


def test_settings_from_file_then_options(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text('title = "A"\nbase_url = "https://x.example/events"\nlocales = ["fr", "en"]\nwindow_days = 30\n')
    config = load_config(str(path), {"title": "B", "locales": None})
    assert config == SiteConfig(title="B", base_url="https://x.example/events/", locales=("fr", "en"), window_days=30)
    with pytest.raises(SiteError, match=r"--locales: error: 'en_\$' is not a locale"):
        load_config(None, {"locales": "fr,en_$"})
    path.write_text("title = [")
    with pytest.raises(SiteError, match="error: not valid TOML"):
        load_config(str(path), {})


def test_a_site_built_inside_its_input_folder_does_not_read_itself(tmp_path: Path) -> None:
    from stievents import serialize
    from stievents_site.build import build_site

    folder = tmp_path / "in"
    folder.mkdir()
    events = [example("demo-hybrid-forum"), example("oecd-co-creation-2020")]
    (folder / "events.json").write_text(serialize.dumps(events))
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    first = build_site([str(folder)], folder / "site", now=now, config=SiteConfig(locales=("en",)))
    second = build_site([str(folder)], folder / "site", now=now, config=SiteConfig(locales=("en",)))
    assert first.events == second.events == 2
    assert second.stats.written == []


def test_the_command_line_wires_build_and_serve(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from stievents.cli import main
    from stievents_site import serve

    calls: list[tuple[object, ...]] = []

    def fake_serve(directory: str, host: str = "", port: int = 0) -> int:
        calls.append((directory, host, port))
        return 0

    monkeypatch.setattr(serve, "serve", fake_serve)
    assert main(["site", "serve", "somewhere", "--port", "8123"]) == 0
    assert calls == [("somewhere", "127.0.0.1", 8123)]
    assert main(["site"]) == 2
    assert "give a subcommand: build or serve" in capsys.readouterr().err
    assert main(["site", "build", "-o", "x"]) == 2  # INPUT is required: argparse's usage error

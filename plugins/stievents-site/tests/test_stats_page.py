"""The statistics page of each locale: valid, accessible, its numbers right, its charts, built incrementally.

The numbers are checked against counts computed here from the events' own
fields (not through :func:`stievents.stats`), for the built-in examples plus
the catalogue of real events. The charts are the site's own SVG
(:mod:`stievents_site.svgchart`, tested on its own in ``test_svgchart.py``):
always drawn, and a build never imports matplotlib or numpy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import posixpath
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import html5lib
import pytest
from babel import Locale

import stievents
from stievents.examples import catalogue, example, example_names
from stievents.model import AttendanceMode, Event, EventStatus
from stievents_site import stats_page
from stievents_site.build import BuildReport, build_site
from stievents_site.config import SiteConfig

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
CONFIG = SiteConfig(title="STI policy events", locales=("en", "fr"))
TYPE_LABELS = {
    "en": {"workshop": "Workshop", "conference": "Conference", "webinar": "Webinar", "forum": "Forum",
           "lecture": "Lecture", "other": "Other", "seminar": "Seminar", "roundtable": "Roundtable"},
    "fr": {"workshop": "Atelier", "conference": "Conférence", "webinar": "Webinaire", "forum": "Forum",
           "lecture": "Conférence-débat", "other": "Autre", "seminar": "Séminaire", "roundtable": "Table ronde"},
}  # fmt: skip
NOT_GIVEN = {"en": "Not given", "fr": "Non précisé"}
ONLINE = {"en": "Online", "fr": "En ligne"}
SVG = "{http://www.w3.org/2000/svg}"


def events() -> list[Event]:
    return [example(name) for name in example_names()] + catalogue()


def build(collection: Sequence[Event], out: Path, **options: Any) -> BuildReport:
    return build_site(events=collection, output=out, config=CONFIG, now=NOW, progress=False, **options)


def parse(data: bytes) -> ET.Element:
    parser = html5lib.HTMLParser(strict=True, tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    root: ET.Element = parser.parse(data.decode("utf-8"))
    return root


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def section(root: ET.Element, name: str) -> ET.Element:
    found = root.find(f".//section[@aria-labelledby='stats-{name}']")
    assert found is not None, name
    return found


def one_key_rows(part: ET.Element) -> dict[str, int]:
    """The body rows of a section's table: label -> count."""
    table = part.find(".//table")
    assert table is not None
    rows = {}
    for tr in table.findall("./tbody/tr"):
        th, td = tr.find("th"), tr.find("td")
        assert th is not None
        assert td is not None
        assert th.get("scope") == "row"
        rows[text_of(th)] = int(text_of(td))
    return rows


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stats") / "site"
    build(events(), out)
    return out


# ------------------------------------------------------------------ counts computed here, from the fields


def _country(event: Event, locale: str) -> str:
    venue = event.venue
    if event.attendance_mode is AttendanceMode.ONLINE or (venue is None and event.virtual_location is not None):
        return ONLINE[locale]
    if venue is None or not venue.country:
        return NOT_GIVEN[locale]
    name: str = Locale.parse(locale).territories[venue.country.upper()]
    return name


def _status(event: Event) -> str:
    moved = any(change.status is EventStatus.MOVED_ONLINE for change in event.status_history)
    if (
        event.status in (EventStatus.SCHEDULED, EventStatus.RESCHEDULED)
        and moved
        and event.attendance_mode is not AttendanceMode.IN_PERSON
    ):
        return "moved-online"
    return event.status.value


def _type(event: Event, locale: str) -> str:
    return TYPE_LABELS[locale][event.event_type.value] if event.event_type is not None else NOT_GIVEN[locale]


def _codes(event: Event) -> set[str]:
    found = {f"{c.scheme}:{c.code}" for c in event.classifications}
    for question in event.policy_questions:
        found.update(f"{c.scheme}:{c.code}" for c in question.classifications)
    return found


# ------------------------------------------------------------------ the page


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_page_parses_strictly_with_one_h1_ordered_headings_and_landmarks(site: Path, locale: str) -> None:
    root = parse((site / locale / "statistics.html").read_bytes())
    assert root.get("lang") == locale
    levels = [int(e.tag[1]) for e in root.iter() if isinstance(e.tag, str) and re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert len(root.findall(".//main")) == 1
    assert len(root.findall(".//header")) == 1
    labels = [nav.get("aria-label") for nav in root.iter("nav")]
    assert len(labels) == len(set(labels)) == 2
    stylesheet = [link.get("href") for link in root.iter("link") if link.get("rel") == "stylesheet"]
    assert stylesheet == ["../style.css"]
    for table in root.iter("table"):
        caption = table.find("caption")
        assert caption is not None
        assert text_of(caption)
        assert all(th.get("scope") in ("row", "col") for th in table.iter("th"))


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_every_page_of_the_locale_links_to_the_statistics(site: Path, locale: str) -> None:
    for page in (f"{locale}/index.html", f"{locale}/country/index.html", f"{locale}/events/demo-hybrid-forum.html"):
        root = parse((site / page).read_bytes())
        targets = [
            posixpath.normpath(posixpath.join(posixpath.dirname(page), a.get("href") or ""))
            for nav in root.iter("nav")
            for a in nav.iter("a")
        ]
        assert f"{locale}/statistics.html" in targets, page


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_table_numbers_equal_counts_computed_from_the_events(site: Path, locale: str) -> None:
    collection = events()
    root = parse((site / locale / "statistics.html").read_bytes())
    assert one_key_rows(section(root, "year")) == Counter(str(e.start.year) for e in collection)
    assert one_key_rows(section(root, "country")) == Counter(_country(e, locale) for e in collection)
    assert one_key_rows(section(root, "type")) == Counter(_type(e, locale) for e in collection)
    status_labels = {"en": {"scheduled": "Scheduled", "rescheduled": "Rescheduled", "moved-online": "Moved online",
                            "cancelled": "Cancelled", "postponed": "Postponed"},
                     "fr": {"scheduled": "Programmé", "rescheduled": "Reprogrammé", "moved-online": "En ligne",
                            "cancelled": "Annulé", "postponed": "Reporté"}}[locale]  # fmt: skip
    assert one_key_rows(section(root, "status")) == Counter(status_labels[_status(e)] for e in collection)
    codes = Counter(code for e in collection for code in _codes(e) or {NOT_GIVEN[locale]})
    shown = {label.split(" (")[0]: n for label, n in one_key_rows(section(root, "classification")).items()}
    assert shown == codes
    topics = Counter(topic for e in collection for topic in set(e.topics) or {NOT_GIVEN[locale]})
    top = one_key_rows(section(root, "topic"))
    assert len(top) == min(stats_page.TOPICS_SHOWN, len(topics))
    assert all(topics[topic] == count for topic, count in top.items())
    assert min(top.values()) >= max((n for t, n in topics.items() if t not in top), default=0)
    cross = section(root, "year-type").find(".//table")
    assert cross is not None
    columns = [text_of(th) for th in cross.findall("./thead/tr/th")][1:-1]
    found = Counter()
    for tr in cross.findall("./tbody/tr"):
        year = text_of(tr.find("th"))  # type: ignore[arg-type]
        numbers = [int(text_of(td)) for td in tr.findall("td")]
        assert sum(numbers[:-1]) == numbers[-1]  # the row's total
        found.update({(year, column): n for column, n in zip(columns, numbers, strict=False) if n})
    assert found == Counter((str(e.start.year), _type(e, locale)) for e in collection)
    summary = root.find(".//main/p")
    assert summary is not None
    assert str(len(collection)) in text_of(summary)


def test_french_page_speaks_french(site: Path) -> None:
    root = parse((site / "fr" / "statistics.html").read_bytes())
    text = text_of(root)
    for words in ("Statistiques", "Événements par pays", "Nombre d’événements", "Belgique", "Atelier", "Total"):
        assert words in text, words
    for words in ("Events by country", "Number of events", "Belgium", "Workshop"):
        assert words not in text, words


# ------------------------------------------------------------------ the charts


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_every_chart_has_an_alt_text_and_parses_as_svg(site: Path, locale: str) -> None:
    root = parse((site / locale / "statistics.html").read_bytes())
    images = list(root.iter("img"))
    assert len(images) == len(stats_page.SPECS)
    for img in images:
        alt = img.get("alt") or ""
        assert len(alt) > 40, alt
        svg_path = site / locale / (img.get("src") or "")
        chart = ET.fromstring(svg_path.read_bytes())
        assert chart.tag == f"{SVG}svg"
        assert chart.get("role") == "img"
        assert chart.get("{http://www.w3.org/XML/1998/namespace}lang") == locale
        title = chart.find(f"{SVG}title")
        assert title is not None
        assert title.text
        heading = text_of(root.find(f".//section[@aria-labelledby='stats-{svg_path.stem}']/h2"))  # type: ignore[arg-type]
        assert title.text.startswith(heading), (title.text, heading)
        caption = text_of(root.find(f".//section[@aria-labelledby='stats-{svg_path.stem}']//caption"))  # type: ignore[arg-type]
        assert title.text == caption or svg_path.stem == "year-type", (title.text, caption)
    country = next(img for img in images if (img.get("src") or "").endswith("country.svg"))
    _, count = Counter(_country(e, locale) for e in events()).most_common(1)[0]
    assert f"({count})" in (country.get("alt") or "")
    manifest = json.loads((site / "manifest.json").read_bytes())["files"]
    assert manifest[f"{locale}/statistics/year.svg"]["media_type"] == "image/svg+xml"


def test_chart_bytes_are_the_same_in_another_process(site: Path) -> None:
    script = (
        "import datetime as dt, hashlib, sys\n"
        "from stievents.examples import catalogue, example, example_names\n"
        "from stievents_site import stats_page\n"
        "events = [example(n) for n in example_names()] + catalogue()\n"
        "now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)\n"
        "s = stats_page.Statistics(events, now=now, site_title='t', locales=['fr'])\n"
        "table = next(t for t in s.tables('fr') if t.name == 'year-type')\n"
        "print(hashlib.sha256(stats_page.draw(table, 'fr')).hexdigest())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == hashlib.sha256((site / "fr/statistics/year-type.svg").read_bytes()).hexdigest()


# ------------------------------------------------------------------ incremental builds


def _times(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def test_no_change_rebuild_renders_no_statistics_and_a_change_only_what_it_moves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    collection = events()
    build(collection, out)
    drawn: list[str] = []
    pages: list[str] = []
    real_draw, real_page = stats_page.draw, stats_page.render_page

    def draw(table: stats_page.Table, locale: str) -> bytes:
        drawn.append(f"{locale}/{table.name}")
        return real_draw(table, locale)

    def render_page(tables: Any, **options: Any) -> bytes:
        pages.append(options["locale"])
        return real_page(tables, **options)

    counted: list[Any] = []
    real_stats = stievents.stats

    def stats(*arguments: Any, **options: Any) -> Any:
        counted.append(arguments[1])
        return real_stats(*arguments, **options)

    monkeypatch.setattr(stats_page, "draw", draw)
    monkeypatch.setattr(stats_page, "render_page", render_page)
    monkeypatch.setattr(stievents, "stats", stats)
    before = _times(out)
    report = build(collection, out)
    assert report.stats.written == []
    assert drawn == []
    assert pages == []
    assert counted == []  # the same inputs: not even counted again
    assert _times(out) == before

    retitled = [attrs.evolve(e, title="Another title") if e.id == "oecd-gfke-2014" else e for e in collection]
    build(retitled, out)
    assert counted  # another event: counted again...
    assert drawn == []  # ...but the counts did not move: nothing about them is rendered
    assert pages == []

    position = next(i for i, e in enumerate(retitled) if e.id == "oecd-gfke-2014")
    retitled[position] = attrs.evolve(retitled[position], topics=(*retitled[position].topics, "a topic of its own"))
    report = build(retitled, out)
    written = set(report.stats.written)
    assert {"en/statistics.html", "fr/statistics.html"} <= written
    assert not any(path.endswith(("year.svg", "country.svg", "status.svg")) for path in written)
    assert sorted(drawn) == ["en/topic", "fr/topic"]
    build(retitled, tmp_path / "fresh")
    for path in ("en/statistics.html", "fr/statistics.html", "en/statistics/topic.svg"):
        assert (out / path).read_bytes() == (tmp_path / "fresh" / path).read_bytes(), path


def test_a_build_draws_every_chart_without_matplotlib_or_numpy(tmp_path: Path) -> None:
    """The charts are the site's own SVG: a build in a fresh process loads neither library, and says nothing of them."""
    script = (
        "import datetime as dt, json, sys\n"
        "from pathlib import Path\n"
        "from stievents.examples import example, example_names\n"
        "from stievents_site.build import build_site\n"
        "from stievents_site.config import SiteConfig\n"
        "out = Path(sys.argv[1])\n"
        "build_site(events=[example(n) for n in example_names()], output=out, progress=False,\n"
        "           config=SiteConfig(title='t', locales=('en', 'fr')), now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'numpy', 'PIL'))\n"
        "print(json.dumps(loaded))\n"
    )
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-c", script, str(out)], capture_output=True, text=True, check=True, timeout=300
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    manifest = json.loads((out / "manifest.json").read_bytes())["files"]
    for locale in ("en", "fr"):
        root = parse((out / locale / "statistics.html").read_bytes())
        assert root.find(".//p[@class='note']") is None
        assert "matplotlib" not in text_of(root)
        assert len(list(root.iter("img"))) == len(list(root.iter("table"))) == len(stats_page.SPECS)
        for spec in stats_page.SPECS:
            assert manifest[f"{locale}/statistics/{spec.name}.svg"]["media_type"] == "image/svg+xml"


def test_an_empty_table_has_no_chart_and_the_page_says_so() -> None:
    """With no events every table is empty: no chart is planned, the page has no image, :func:`draw` refuses."""
    statistics = stats_page.Statistics([], now=NOW, site_title="t", locales=["en"])
    outputs = statistics.outputs("en", [])
    assert [path for path, _, _ in outputs] == ["en/statistics.html"]
    page = outputs[0][2]()
    root = parse(page)
    assert list(root.iter("img")) == []
    assert list(root.iter("table")) == []
    assert text_of(root).count("No events to show.") == len(stats_page.SPECS)
    with pytest.raises(ValueError, match="empty"):
        stats_page.draw(statistics.tables("en")[0], "en")


def test_hostile_topics_stay_text(tmp_path: Path) -> None:
    hostile = '</table><script>alert(1)</script> "q" & <img src=x onerror=alert(2)>\r\nline'
    base = example("oecd-co-creation-2020")
    collection = [attrs.evolve(base, id=f"h{i}", topics=(hostile, f"topic {i}")) for i in range(3)]
    out = tmp_path / "site"
    build(collection, out)
    root = parse((out / "en" / "statistics.html").read_bytes())
    assert root.find(".//script") is None
    assert all((img.get("src") or "").startswith("statistics/") for img in root.iter("img"))
    assert one_key_rows(section(root, "topic"))[" ".join(hostile.split())] == 3
    chart = (out / "en" / "statistics" / "topic.svg").read_bytes()
    assert b"<script" not in chart
    assert b"<img" not in chart
    labels = [text_of(t) for t in ET.fromstring(chart).iter(f"{SVG}text")]
    assert any(label.startswith("</table><script>") for label in labels), labels


def test_a_damaged_chart_is_made_again_from_the_kept_keys(tmp_path: Path) -> None:
    out = tmp_path / "site"
    collection = events()
    build(collection, out)
    chart = out / "fr" / "statistics" / "country.svg"
    page = out / "fr" / "statistics.html"
    good_chart, good_page = chart.read_bytes(), page.read_bytes()
    chart.write_bytes(b"<svg/>")
    page.write_bytes(b"damaged")
    report = build(collection, out)
    assert sorted(report.stats.written) == ["fr/statistics.html", "fr/statistics/country.svg"]
    assert chart.read_bytes() == good_chart
    assert page.read_bytes() == good_page

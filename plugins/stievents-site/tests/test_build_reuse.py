"""What a build makes once and reuses: feed entries across feeds, rankings across builds.

The reuse must never show: every file is byte for byte what it is without it
(a feed written without the entry cache, a site built from scratch, a site
built without the OECD plugin's ranking API).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest

from stievents.examples import example, example_names
from stievents.model import Event, Organiser
from stievents_site import atom, feedtext, jsonfeed
from stievents_site.build import BuildReport, build_site
from stievents_site.config import SiteConfig
from stievents_site.eventpage import PageRenderer
from stievents_site.outputs import STATE

from site_support import generated

NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
CONFIG = SiteConfig(title="STI policy events", locales=("en", "fr"), page_size=10)


def _events(count: int) -> list[Event]:
    events = [example(name) for name in example_names()] + generated(count)
    # organisers with and without a link: an entry's author links are hrefs too
    first = events[0]
    organisers = (Organiser(name="OECD", url="https://www.oecd.org/sti/"), Organiser(name="No link"))
    return [attrs.evolve(first, organisers=organisers), *events[1:]]


def _build(events: Sequence[Event], out: Path, **options: Any) -> BuildReport:
    options.setdefault("config", CONFIG)
    return build_site(events=events, output=out, now=NOW, **options)


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != STATE}


# ------------------------------------------------------------------ feed entries


@pytest.mark.parametrize("base_url", [None, "https://events.example.org/portal/"])
def test_feeds_written_with_one_cache_are_those_written_without(base_url: str | None) -> None:
    events = _events(12)
    cache = feedtext.EntryCache()
    made = []
    original = feedtext._core

    def counting(event: Event, locale: str) -> feedtext.Entry:
        made.append((event.id, locale))
        return original(event, locale)

    feeds = ["en/feeds/all.{kind}", "en/feeds/topic/skills.{kind}", "en/feeds/country/fr.{kind}", "x.{kind}"]
    compared = 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(feedtext, "_core", counting)
        for locale in ("en", "fr"):
            for kind, writer in (("atom", atom.write_atom), ("json", jsonfeed.write_json_feed)):
                for path in feeds:
                    self_href = path.format(kind=kind).replace("en/", f"{locale}/")
                    options: dict[str, Any] = {
                        "feed_id": "urn:x:feed",
                        "title": "Events",
                        "self_href": self_href,
                        "alternate_href": f"{locale}/index.html",
                        "locale": locale,
                        "entry_href": lambda e, locale=locale: f"{locale}/events/{e.id}.html",
                        "now": NOW,
                        "base_url": base_url,
                    }
                    alone, shared = io.BytesIO(), io.BytesIO()
                    writer(events, alone, **options)
                    writer(events, shared, cache=cache, **options)
                    assert shared.getvalue() == alone.getvalue(), (locale, self_href)
                    compared += 1
    assert compared == 16
    # without the cache every feed makes every entry; with it, each event's entry is made once per locale
    assert len(made) == len(events) * 16 + len(events) * 2


def test_an_entry_is_made_again_for_another_event_with_the_same_identity_slot() -> None:
    """The cache keys by identity and checks it: an equal-looking but new event object is not confused."""
    cache = feedtext.EntryCache()
    event = _events(0)[1]
    links = feedtext.Links.make("en/feeds/all.atom", None)
    first = cache.entry(event, "en", lambda e: f"en/events/{e.id}.html", links)
    renamed = attrs.evolve(event, title="Another title")
    second = cache.entry(renamed, "en", lambda e: f"en/events/{e.id}.html", links)
    assert first.title != second.title
    assert second == feedtext.entry(renamed, "en", lambda e: f"en/events/{e.id}.html", links)


# ------------------------------------------------------------------ rankings across builds


def _count_rankings(patch: pytest.MonkeyPatch) -> list[str]:
    from stievents_oecd.ranking import RelatedRanking

    ranked: list[str] = []
    original = RelatedRanking.related

    def counting(self: RelatedRanking, event: Event) -> Any:
        ranked.append(event.id)
        return original(self, event)

    patch.setattr(RelatedRanking, "related", counting)
    return ranked


def test_a_title_change_ranks_no_page_again_and_rewrites_the_pages_that_list_it(tmp_path: Path) -> None:
    events = _events(30)
    out = tmp_path / "out"
    _build(events, out)
    before = _files(out)
    target = "gen-00011"
    listing = [
        path
        for path, data in before.items()
        if path.startswith("en/events/") and f'href="./{target}.html"' in data.decode("utf-8")
    ]
    assert listing  # some page lists it under 'More Like This'
    position = next(i for i, e in enumerate(events) if e.id == target)
    events[position] = attrs.evolve(events[position], title="A title no page showed before")
    with pytest.MonkeyPatch.context() as patch:
        ranked = _count_rankings(patch)
        report = _build(events, out)
    assert ranked == []  # a title is no ranking fact: every page keeps its ranking
    for path in listing:
        assert path in report.stats.written
        assert "A title no page showed before" in (out / path).read_text(encoding="utf-8")
    _build(events, tmp_path / "fresh")
    assert _files(tmp_path / "fresh") == _files(out)


def test_a_topic_change_ranks_again_only_the_pages_that_can_see_it(tmp_path: Path) -> None:
    events = _events(30)
    out = tmp_path / "out"
    _build(events, out)
    position = next(i for i, e in enumerate(events) if e.id == "gen-00011")
    events[position] = attrs.evolve(events[position], topics=("a topic of its own",))
    with pytest.MonkeyPatch.context() as patch:
        ranked = _count_rankings(patch)
        _build(events, out)
    assert "gen-00011" in ranked
    assert 0 < len(ranked) < len(events)
    _build(events, tmp_path / "fresh")
    assert _files(tmp_path / "fresh") == _files(out)


def test_without_the_ranking_api_the_site_is_the_same(tmp_path: Path) -> None:
    """An OECD plugin without ``related_pages``: every page's key covers every event; the pages are alike."""
    events = _events(12)
    _build(events, tmp_path / "with")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(PageRenderer, "ranking", lambda self: None)
        _build(events, tmp_path / "without")
        events[3] = attrs.evolve(events[3], title="Changed")
        report = _build(events, tmp_path / "without")
    pages = [p for p in _files(tmp_path / "without") if "/events/" in p and p.endswith(".html")]
    assert report.stats.kept <= report.files - len(pages)  # every page was rendered again
    _build(events, tmp_path / "with")
    with_api, without = _files(tmp_path / "with"), _files(tmp_path / "without")
    assert with_api.pop("manifest.json") != without.pop("manifest.json")  # the pages' keys differ, not their bytes
    assert with_api == without

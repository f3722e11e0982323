"""The public ranking for incremental sites: what a page lists, and a digest of what its ranking reads."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import subprocess
import sys
import zoneinfo
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import stievents
from stievents import api, model
from stievents.plugin_types import ExportContext
from stievents_oecd import RelatedLink, RelatedRanking, related_pages

BASE = dt.datetime(2026, 3, 1, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))


def _context(collection: Sequence[model.Event], **options: Any) -> ExportContext:
    """A context as a site makes one for its pages: options of ``oecd-html``, the whole collection."""
    exporter = stievents.get_exporter("oecd-html")
    context = api.make_export_context(exporter, now=BASE, options=options)
    return attrs.evolve(context, collection=tuple(collection))


def _event(identifier: str, hours: int = 0, **changes: Any) -> model.Event:
    start = BASE + dt.timedelta(hours=hours)
    return model.Event(
        id=identifier, title=f"Event {identifier}", start=start, end=start + dt.timedelta(hours=1), **changes
    )


def _page_links(event: model.Event, context: ExportContext) -> list[tuple[str, str]]:
    """(title, href) of each 'More Like This' entry of the page the ``oecd-html`` exporter writes."""
    buffer = io.BytesIO()
    stievents.get_exporter("oecd-html").write([event], buffer, context)
    page = buffer.getvalue().decode("utf-8")
    found = re.search(r'<h2 id="(\w+)">More Like This</h2>\n<ul>\n(.*?)</ul>', page, re.S)
    if found is None:
        return []
    return [(html.unescape(t), html.unescape(h)) for h, t in re.findall(r'<a href="([^"]*)">([^<]*)</a>', found[2])]


def test_the_api_is_public_and_lazy() -> None:
    code = "import sys, stievents_oecd; assert 'stievents_oecd.ranking' not in sys.modules; print('ok')"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "ok\n"
    import stievents_oecd

    assert {"related_pages", "RelatedRanking", "RelatedLink"} <= set(stievents_oecd.__all__)


def test_related_is_what_the_page_shows() -> None:
    collection = [stievents.example(name) for name in stievents.example_names()]
    context = _context(collection, base_url="./", related_limit=3)
    ranking = related_pages(context)
    assert isinstance(ranking, RelatedRanking)
    listed = 0
    for event in collection:
        links = ranking.related(event)
        assert all(isinstance(link, RelatedLink) for link in links)
        assert [(link.title, link.href) for link in links] == _page_links(event, context)
        for link in links:
            if link.id is not None:
                assert ranking.link(link.id) == link
        listed += len(links)
    assert listed  # the examples share topics: the comparison compared something


def test_a_candidate_s_ranking_facts_change_the_digest_an_unrelated_event_does_not() -> None:
    page = _event("page", topics=("AI",), organisers=(model.Organiser(name="OECD"),))
    candidate = _event("candidate", 1, topics=("AI",))
    stranger = _event("stranger", 2, topics=("Fisheries",))
    before = related_pages(_context([page, candidate, stranger])).inputs(page)

    def digest(*events: model.Event) -> str:
        return related_pages(_context(events)).inputs(page)

    assert digest(page, candidate, stranger) == before  # stable: another context, the same facts
    # an unrelated event changes in every way that does not make it share something with the page
    moved = attrs.evolve(stranger, title="Renamed", start=BASE + dt.timedelta(days=3), end=BASE + dt.timedelta(days=4))
    assert digest(page, candidate, attrs.evolve(moved, topics=("Oceans",))) == before
    assert digest(page, candidate) == before  # removed
    # a candidate's ranking facts: its start (the tie-break), its keys (its score)
    assert digest(page, attrs.evolve(candidate, start=BASE - dt.timedelta(hours=1)), stranger) != before
    assert digest(page, attrs.evolve(candidate, organisers=(model.Organiser(name="OECD"),)), stranger) != before
    assert digest(page, attrs.evolve(candidate, topics=()), stranger) != before
    # an event that starts sharing something becomes a candidate
    assert digest(page, candidate, attrs.evolve(stranger, topics=("ai",))) != before
    # a candidate's title is no ranking fact: the digest stays, what the page shows of it is ``link``'s
    renamed = attrs.evolve(candidate, title="A new title")
    ranking = related_pages(_context([page, renamed, stranger]))
    assert ranking.inputs(page) == before
    assert ranking.link("candidate") == RelatedLink(id="candidate", title="A new title", href="candidate.html")
    assert ranking.link("nowhere") is None


def test_the_page_s_own_facts_and_relations_change_the_digest() -> None:
    page = _event("page", topics=("AI",))
    other = _event("other", 1)
    before = related_pages(_context([page, other])).inputs(page)
    linked = attrs.evolve(page, related_events=(model.RelatedEvent(id="other"),))
    assert related_pages(_context([linked, other])).inputs(linked) != before
    assert related_pages(_context([linked])).inputs(linked) != related_pages(_context([linked, other])).inputs(linked)
    limited = related_pages(_context([page, other], related_limit=2)).inputs(page)
    assert limited != before
    assert related_pages(_context([attrs.evolve(page, topics=("Data",)), other])).inputs(page) != before


# ------------------------------------------------------------- the digest is sound

ids = st.integers(0, 25).map(lambda i: f"e{i}")


@st.composite
def events(draw: st.DrawFn, identifier: str | None = None) -> model.Event:
    start = BASE + dt.timedelta(hours=draw(st.integers(0, 4)))
    links = draw(
        st.lists(
            st.builds(
                model.RelatedEvent, id=ids, relation=st.sampled_from(model.Relation), title=st.none() | st.just("X")
            ),
            max_size=2,
        )
    )
    return model.Event(
        id=identifier or draw(ids),
        title=draw(st.sampled_from(["Forum", "Workshop"])),
        start=start,
        end=start + dt.timedelta(hours=2),
        topics=tuple(draw(st.lists(st.sampled_from(["AI", "ai", "Skills", "Data"]), max_size=2))),
        organisers=tuple(model.Organiser(name=n) for n in draw(st.lists(st.sampled_from(["OECD", "EC"]), max_size=1))),
        classifications=tuple(
            model.Classification(scheme="un-sdg", code=c)
            for c in draw(st.lists(st.sampled_from(["4", "9"]), max_size=1))
        ),
        related_events=tuple(links),
    )


@settings(max_examples=200, deadline=None)
@given(collection=st.lists(events(), min_size=1, max_size=30), data=st.data(), limit=st.integers(0, 6))
def test_an_unchanged_digest_means_an_unchanged_ranking(
    collection: list[model.Event], data: st.DataObject, limit: int
) -> None:
    """The property a site relies on: same digest, same ids listed in the same order, same outside links."""
    event = data.draw(st.sampled_from(collection))
    where = data.draw(st.integers(0, len(collection) - 1))
    changed = list(collection)
    action = data.draw(st.sampled_from(["replace", "remove", "add"]))
    if action == "replace":
        changed[where] = data.draw(events(identifier=collection[where].id))
    elif action == "remove":
        del changed[where]
    else:
        changed.insert(where, data.draw(events()))
    if not any(e is event for e in changed):
        return
    before = related_pages(_context(collection, related_limit=limit))
    after = related_pages(_context(changed, related_limit=limit))

    def shown(ranking: RelatedRanking) -> list[tuple[str | None, str | None, str | None]]:
        return [(link.id, None, None) if link.id else (None, link.title, link.href) for link in ranking.related(event)]

    if before.inputs(event) == after.inputs(event):
        assert shown(before) == shown(after)

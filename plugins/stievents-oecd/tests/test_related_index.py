"""'More Like This' through the collection's index ranks as ranking the whole collection did."""

from __future__ import annotations

import datetime as dt
import gc
import io
import zoneinfo
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stievents
from stievents import model
from stievents.plugin_types import ExportContext
from stievents_oecd import related
from stievents_oecd.related import RelatedIndex, related_events, shared_index

BASE = dt.datetime(2026, 3, 1, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))


# ------------------------------------------------------------- the reference


def _brute_score(a: model.Event, b: model.Event) -> int:
    """The score as it was computed before the index: every pair compared whole."""

    def classes(e: model.Event) -> set[tuple[str, str]]:
        return {(c.scheme, c.code) for c in e.classifications}

    def series(e: model.Event) -> set[str]:
        found = {r.id for r in e.related_events if r.relation is model.Relation.SERIES}
        if e.project is not None:
            found.add("project:" + (e.project.id or e.project.name))
        return found

    score = 3 * len(classes(a) & classes(b))
    score += 2 * len({t.casefold() for t in a.topics} & {t.casefold() for t in b.topics})
    score += 2 * len({o.name.casefold() for o in a.organisers} & {o.name.casefold() for o in b.organisers})
    score += 1 * len(series(a) & series(b))
    return score


def brute_force(event: model.Event, collection: Sequence[model.Event], base_url: str | None, limit: int) -> list:
    """The ranking before the index (0.1.0): the whole collection sorted for each page."""
    by_id = {e.id: e for e in collection}
    result: list[related.Related] = []
    seen = {event.id}
    for link in event.related_events:
        if link.id in seen:
            continue
        target = by_id.get(link.id)
        if target is not None:
            result.append(related.Related(title=target.title, href=related.event_href(target, base_url), event=target))
        elif link.title:
            result.append(related.Related(title=link.title, href=related.safe_href(link.url)))
        else:
            continue
        seen.add(link.id)
    ranked = sorted(
        ((_brute_score(event, other), other) for other in collection if other.id not in seen),
        key=lambda pair: (-pair[0], related._sort_key(pair[1]), pair[1].id),
    )
    for score, other in ranked:
        if score <= 0:
            break
        result.append(related.Related(title=other.title, href=related.event_href(other, base_url), event=other))
    return result[: max(limit, 0)]


# ------------------------------------------------------------- collections

ids = st.integers(0, 70).map(lambda i: f"e{i}")


@st.composite
def events(draw: st.DrawFn) -> model.Event:
    start = BASE + dt.timedelta(hours=draw(st.integers(0, 5)))
    links = draw(
        st.lists(
            st.builds(
                model.RelatedEvent,
                id=ids,
                relation=st.sampled_from(model.Relation),
                title=st.none() | st.just("Elsewhere"),
            ),
            max_size=3,
        )
    )
    project = draw(st.none() | st.builds(model.Project, name=st.sampled_from(["P", "Q"]), id=st.none() | st.just("p")))
    return model.Event(
        id=draw(ids),
        title=draw(st.sampled_from(["Forum", "Workshop", "Seminar"])),
        start=start,
        end=start + dt.timedelta(hours=2),
        topics=tuple(draw(st.lists(st.sampled_from(["Skills", "skills", "AI", "Funding", "Data"]), max_size=3))),
        organisers=tuple(
            model.Organiser(name=name)
            for name in draw(st.lists(st.sampled_from(["OECD", "oecd", "UNESCO", "EC"]), max_size=2))
        ),
        classifications=tuple(
            model.Classification(scheme=scheme, code=code)
            for scheme, code in draw(
                st.lists(st.sampled_from([("un-sdg", "9"), ("un-sdg", "4"), ("x", "9")]), max_size=2)
            )
        ),
        related_events=tuple(links),
        project=project,
    )


collections = st.lists(events(), max_size=60)


@settings(max_examples=150, deadline=None)
@given(collection=collections, data=st.data(), limit=st.integers(-1, 8))
def test_indexed_ranking_equals_the_brute_force(collection: list[model.Event], data: st.DataObject, limit: int) -> None:
    event = data.draw(st.sampled_from(collection) if collection else events())
    index = RelatedIndex(collection)
    assert related_events(event, collection, "https://x.example/", limit, index) == brute_force(
        event, collection, "https://x.example/", limit
    )


@settings(max_examples=100, deadline=None)
@given(collection=collections, data=st.data(), cap=st.integers(1, 6))
def test_a_cap_leaves_out_only_events_of_crowded_keys(
    collection: list[model.Event], data: st.DataObject, cap: int
) -> None:
    """What docs/formats/oecd.md says of the bound: only events sharing nothing but crowded keys, late, are missed."""
    event = data.draw(st.sampled_from(collection) if collection else events())
    capped = [r.event for r in related_events(event, collection, None, 100, RelatedIndex(collection, cap=cap))]
    whole = [r.event for r in brute_force(event, collection, None, 100)]
    assert [e for e in whole if any(e is c for c in capped)] == capped  # same order; nothing is invented
    full = RelatedIndex(collection, cap=len(collection) + 1)
    mine = related._keys(event)
    for missed in (e for e in whole if not any(e is c for c in capped)):
        for key in mine & related._keys(missed):
            posting = full.postings[key]
            assert len(posting) > cap, (key, missed.id)
            assert full.order[posting[cap - 1]] < full.order[_position(collection, missed)]


def _position(collection: Sequence[model.Event], event: model.Event) -> int:
    return next(i for i, e in enumerate(collection) if e is event)


def test_every_page_of_the_examples_ranks_as_before() -> None:
    examples = [stievents.example(name) for name in stievents.example_names()]
    index = RelatedIndex(examples)
    for event in examples:
        assert related_events(event, examples, None, 5, index) == brute_force(event, examples, None, 5)


def test_the_index_is_built_once_per_export_and_goes_with_its_context() -> None:
    collection = tuple(stievents.example(name) for name in stievents.example_names())
    context = ExportContext(collection=collection)
    first = shared_index(collection, context)
    assert shared_index(collection, context) is first
    other = attrs.evolve(context)  # say, the same pages in another locale
    assert shared_index(collection, other) is first  # the very same collection object: one index
    copy = collection[:1] + collection[1:]  # equal, another object
    third = attrs.evolve(context, collection=copy)
    assert copy is not collection
    assert shared_index(copy, third) is not first  # an equal collection but another object: its own index
    assert shared_index(collection[:1], context) is not first  # another collection: another index
    held = len(related._cache)
    del other
    gc.collect()
    assert len(related._cache) == held - 1


def test_one_page_per_event_ranks_each_page_through_one_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing N pages builds the index once, not once per page (the quadratic cost of 0.1.0)."""
    built = []
    original = RelatedIndex.__init__

    def counting(self: RelatedIndex, *args: Any, **kwargs: Any) -> None:
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(RelatedIndex, "__init__", counting)
    collection = tuple(stievents.example(name) for name in stievents.example_names())
    context = ExportContext(collection=collection, now=BASE)
    exporter = stievents.get_exporter("oecd-html")
    for event in collection:
        exporter.write([event], io.BytesIO(), context)
    assert len(built) == 1


def test_write_site_ranks_every_page_through_one_index(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``write_site`` gives each page the collection reordered (its event first): still one index, same pages."""
    from stievents_oecd import write_site

    built = []
    original = RelatedIndex.__init__

    def counting(self: RelatedIndex, *args: Any, **kwargs: Any) -> None:
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(RelatedIndex, "__init__", counting)
    collection = [stievents.example(name) for name in stievents.example_names()]
    write_site(collection, tmp_path, now=BASE)
    assert len(built) == 1


def test_a_reordered_collection_with_repeated_ids_gets_its_own_index() -> None:
    """With a repeated id the order decides ties and which event an id names: no reuse then."""
    event = stievents.example("demo-hybrid-forum")
    twin = attrs.evolve(event, title="Twin")
    context = ExportContext()
    first = shared_index([event, twin], context)
    assert shared_index([twin, event], context) is not first


# ------------------------------------------------------------- linear overall: one index, found again in O(1)


def _many(count: int) -> list[model.Event]:
    """``count`` events sharing topics and organisers, so that every page has candidates to rank."""
    return [
        model.Event(
            id=f"m{n}",
            title=f"Meeting {n}",
            start=BASE + dt.timedelta(days=n),
            end=BASE + dt.timedelta(days=n, hours=2),
            topics=(("Skills", "AI", "Data")[n % 3],),
            organisers=(model.Organiser(name=("OECD", "EC")[n % 2]),),
        )
        for n in range(count)
    ]


class _Counter:
    """Counts index builds, and the distinct collection objects pages are ranked against.

    One collection object for every page means each page finds the index by
    identity (O(1)); a copy per page (what ``write_site`` did) costs O(N) per
    page to build and to recognise, O(N²) overall, even with one index build.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.builds = 0
        self.collections: set[int] = set()
        self.calls = 0
        self._held: list[object] = []
        original_init, original_shared = RelatedIndex.__init__, related.shared_index

        def counting_init(index: RelatedIndex, *args: Any, **kwargs: Any) -> None:
            self.builds += 1
            original_init(index, *args, **kwargs)

        def counting_shared(collection: Sequence[model.Event], owner: object) -> RelatedIndex:
            self.calls += 1
            self.collections.add(id(collection))
            self._held.append(collection)  # keep it alive: ids of dead objects may be reused
            return original_shared(collection, owner)

        monkeypatch.setattr(RelatedIndex, "__init__", counting_init)
        monkeypatch.setattr(related, "shared_index", counting_shared)
        from stievents_oecd import view

        monkeypatch.setattr(view, "shared_index", counting_shared)


@pytest.mark.parametrize(
    ("fmt", "output"),
    [
        ("oecd-html", "DIR"),  # per-event format: one file per event
        ("oecd-text", "DIR/"),  # a trailing separator: one file per event too
        ("oecd-md", "DIR/"),
        ("oecd-text", "events.txt"),  # every event in one file
        ("oecd-md", "events.md"),
        ("oecd-text", "-"),  # standard output
    ],
)
def test_convert_builds_one_index_for_all_pages(
    fmt: str, output: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``stievents convert`` of N events: one index, every page ranked against the same collection object."""
    from stievents.cli import main

    events = _many(60)
    source = tmp_path / "events.json"
    source.write_bytes(stievents.export(events, "json"))
    target = output if output == "-" else str(tmp_path / output)
    counter = _Counter(monkeypatch)
    assert main(["convert", str(source), "--to", fmt, "-o", target, "--now", "2026-01-01T00:00:00Z"]) == 0
    capsys.readouterr()
    assert counter.calls == len(events)  # every page asked for the index...
    assert counter.builds == 1  # ...which was built once
    assert len(counter.collections) == 1  # and found by identity, not by comparing a copy


def test_write_site_ranks_every_page_against_one_collection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``write_site`` no longer makes a reordered copy of the collection per page (O(N) each)."""
    from stievents_oecd import write_site

    counter = _Counter(monkeypatch)
    events = _many(40)
    write_site(events, tmp_path, now=BASE)
    assert (counter.calls, counter.builds, len(counter.collections)) == (len(events), 1, 1)


def test_the_counter_sees_a_copy_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: pages given a reordered copy each are counted as many collections."""
    counter = _Counter(monkeypatch)
    events = _many(5)
    context = ExportContext(now=BASE)
    exporter = stievents.get_exporter("oecd-html")
    for n, event in enumerate(events):
        exporter.write([event, *events[:n], *events[n + 1 :]], io.BytesIO(), context)
    assert counter.builds == 1
    assert len(counter.collections) == len(events)


def test_an_event_is_ranked_once_per_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """A site ranks each event for its key, then renders its page in each locale: one ranking, same answer."""
    collection = tuple(stievents.example(name) for name in stievents.example_names())
    index = RelatedIndex(collection)
    first = {event.id: index.ranked(event, {event.id}, 3) for event in collection}
    calls = []
    original = RelatedIndex._rank

    def counting(self: RelatedIndex, *args: Any) -> list[int]:
        calls.append(1)
        return original(self, *args)

    monkeypatch.setattr(RelatedIndex, "_rank", counting)
    again = {event.id: index.ranked(event, {event.id}, 3) for event in collection}
    assert again == first
    assert calls == []
    copy = attrs.evolve(collection[0])  # an equal event, another object: ranked anew
    assert index.ranked(copy, {copy.id}, 3) == first[copy.id]
    assert calls == [1]
    assert index.ranked(collection[0], {collection[0].id}, 2) == first[collection[0].id][:2]  # another count
    assert calls == [1, 1]

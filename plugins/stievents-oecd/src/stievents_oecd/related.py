"""'More Like This': explicit relations first, then events ranked by what they share.

Only events from the collection being rendered are ranked; an explicit
relation to an event outside it is still listed when it has a title.

A page is one of many: writing a page per event must not rank the whole
collection once per page (that was quadratic: 91 s for 2,000 pages). A
:class:`RelatedIndex` is built once per collection: for every key an event can
share (a classification, a topic, an organiser, a series) the events that have
it, earliest first. A page's candidates are the events on the lists of its own
keys, each scored exactly; an event sharing nothing scores 0 and is on none.
Each list is cut at :data:`CANDIDATES_PER_KEY` events, so a page costs at most
that many candidates per key of its event, whatever the size of the
collection. The ranking is the same as ranking the whole collection while no
key is shared by more events than that; beyond, an event that shares only such
crowded keys, and starts after the first :data:`CANDIDATES_PER_KEY` events of
each, is not considered.
"""

from __future__ import annotations

import heapq
import threading
import weakref
from collections.abc import Hashable, Sequence

import attrs

from stievents.model import Event, Relation
from stievents_oecd.safety import safe_base, safe_href

__all__ = ["CANDIDATES_PER_KEY", "Related", "RelatedIndex", "event_href", "related_events", "shared_index"]

# Weights: a shared classification says most, then topics and organisers, then a common series.
_W_CLASSIFICATION = 3
_W_TOPIC = 2
_W_ORGANISER = 2
_W_SERIES = 1


@attrs.frozen(kw_only=True)
class Related:
    """One entry of 'More Like This'."""

    title: str
    href: str | None
    event: Event | None = None


def event_href(event: Event, base_url: str | None) -> str:
    """The link to an event's page: its canonical URL, else ``{base_url}{id}.html``."""
    canonical = safe_href(event.url)
    if canonical is not None:
        return canonical
    return f"{safe_base(base_url) or ''}{event.id}.html"


CANDIDATES_PER_KEY = 200
"""How many events of one shared key (earliest first) a page considers: the bound on a page's work."""

_Key = tuple[str, Hashable]
_WEIGHTS = {"classification": _W_CLASSIFICATION, "topic": _W_TOPIC, "organiser": _W_ORGANISER, "series": _W_SERIES}


def _keys(event: Event) -> frozenset[_Key]:
    """What ``event`` can share with another, each key tagged with its kind (which gives its weight)."""
    keys: set[_Key] = {("classification", (c.scheme, c.code)) for c in event.classifications}
    keys.update(("topic", t.casefold()) for t in event.topics)
    keys.update(("organiser", o.name.casefold()) for o in event.organisers)
    keys.update(("series", r.id) for r in event.related_events if r.relation is Relation.SERIES)
    if event.project is not None:
        keys.add(("series", "project:" + (event.project.id or event.project.name)))
    return frozenset(keys)


def _score(a: frozenset[_Key], b: frozenset[_Key]) -> int:
    """What two events share, weighted by kind."""
    return sum(_WEIGHTS[kind] for kind, _ in a & b)


class RelatedIndex:
    """The events of one collection by what they can share, built once for all its pages.

    ``cap`` bounds the events per key used as candidates (see the module's docstring).
    """

    def __init__(self, collection: Sequence[Event], cap: int = CANDIDATES_PER_KEY) -> None:
        self.events = tuple(collection)
        self.by_id = {e.id: e for e in self.events}
        self.keys = [_keys(e) for e in self.events]
        # the ranking's order: score, then start, id, and place in the collection (where a stable sort kept it)
        self.order = [(_sort_key(e), e.id, position) for position, e in enumerate(self.events)]
        self.postings: dict[_Key, list[int]] = {}
        # Each position's place in the ranking's order (a small int compares as its order tuple does), the
        # positions of each id, and for a crowded key the events left off its posting by the cap.
        self.rank = [0] * len(self.events)
        self.overflow: dict[_Key, set[int]] = {}
        self.positions: dict[str, list[int]] = {}
        for rank, (_, _, position) in enumerate(sorted(self.order)):
            self.rank[position] = rank
            for key in self.keys[position]:
                posting = self.postings.setdefault(key, [])
                if len(posting) < cap:
                    posting.append(position)
                else:
                    self.overflow.setdefault(key, set()).add(position)
        for position, e in enumerate(self.events):
            self.positions.setdefault(e.id, []).append(position)
        # each ranking once: a site ranks an event for its key, then renders its page in every locale
        self._ranked: dict[tuple[int, int, tuple[str, ...]], tuple[Event, tuple[int, ...]]] = {}

    def ranked(self, event: Event, excluded: set[str], count: int) -> list[Event]:
        """The ``count`` events that share most with ``event``, best first; ``excluded`` ids left out.

        Asked again for the same event (the same object), excluded ids and count,
        it answers from memory (a few hundred bytes per event ranked): the
        index's events are frozen, so the answer cannot have changed.
        """
        if count <= 0:
            return []
        memo = (id(event), count, tuple(sorted(excluded)))
        found = self._ranked.get(memo)
        if found is None or found[0] is not event:
            found = (event, tuple(self._rank(event, excluded, count)))
            self._ranked[memo] = found
        events = self.events
        return [events[position] for position in found[1]]

    def _rank(self, event: Event, excluded: set[str], count: int) -> list[int]:
        """The ranking :meth:`ranked` remembers.

        Scores are counted along the postings of the event's keys (each a short list of ints), so a
        page never reads the key sets of its candidates: that was most of its cost, and it grew with
        the collection, as the sets of more events stopped fitting in the processor's caches. A
        candidate that also holds a crowded key without being on its (capped) posting gets that
        key's weight from the key's overflow set: every score is exact, as :func:`_score` gives it.
        Returns the positions of the events in the collection.
        """
        keys = _keys(event)
        scores: dict[int, int] = {}
        get = scores.get
        for key in keys:
            weight = _WEIGHTS[key[0]]
            for position in self.postings.get(key, ()):
                scores[position] = get(position, 0) + weight
        for key in keys:
            overflow = self.overflow.get(key)
            if overflow:
                weight = _WEIGHTS[key[0]]
                for position in scores.keys() & overflow:  # found through another key, and holding this one
                    scores[position] += weight
        for identifier in excluded:
            for position in self.positions.get(identifier, ()):
                scores.pop(position, None)
        rank = self.rank
        best = heapq.nsmallest(count, [(-score, rank[position], position) for position, score in scores.items()])
        return [position for _, _, position in best]


class _Cached:
    """An index with the collection it was built from, to check a later call gives the same one."""

    def __init__(self, collection: Sequence[Event], index: RelatedIndex) -> None:
        self.collection = collection
        self.size = len(collection)
        self.index = index
        # with unique ids the ranking does not depend on the collection's order: a reordering may reuse the index
        self.members = frozenset(map(id, index.events)) if len(index.by_id) == self.size else None

    def serves(self, collection: Sequence[Event]) -> bool:
        """Whether ``collection`` ranks as the indexed one: the same object, or its events in another order."""
        if collection is self.collection:
            return len(collection) == self.size
        members = self.members
        return members is not None and len(collection) == self.size and all(id(e) in members for e in collection)


_cache: dict[int, tuple[weakref.ref[object], _Cached]] = {}
_cache_lock = threading.Lock()


def shared_index(collection: Sequence[Event], owner: object) -> RelatedIndex:
    """The index of ``collection``, built once while ``owner`` (the export's context) lives.

    The pages of one export share their :class:`~stievents.plugin_types.ExportContext`
    and its collection, so the index is kept with the context, by identity and
    weakly: it goes when the context goes. The collection itself cannot be the
    key (a tuple or a list cannot be weakly referenced); another collection
    given with the same context replaces the index, unless it holds the same
    events in another order (``write_site`` puts each page's event first), which
    ranks alike when ids are unique. Contexts given the very same collection
    object (a site's pages in each locale) share one index, and so each
    event's ranking (:meth:`RelatedIndex.ranked` remembers it).
    """
    key = id(owner)
    with _cache_lock:
        found = _cache.get(key)
        others = [cached for ref, cached in _cache.values() if cached.collection is collection and ref() is not None]
    if found is not None:
        ref, cached = found
        if ref() is owner and cached.serves(collection):
            return cached.index
    # another live context over the very same collection object (a site's pages in another locale)
    index = next((c.index for c in others if c.serves(collection)), None) or RelatedIndex(collection)

    def forget(ref: weakref.ref[object], key: int = key) -> None:
        with _cache_lock:
            entry = _cache.get(key)
            if entry is not None and entry[0] is ref:
                del _cache[key]

    with _cache_lock:
        _cache[key] = (weakref.ref(owner, forget), _Cached(collection, index))
    return index


def related_events(
    event: Event, collection: Sequence[Event], base_url: str | None, limit: int, index: RelatedIndex | None = None
) -> list[Related]:
    """Up to ``limit`` related events: explicit relations in their order, then by score, start, id.

    ``index`` is the collection's :class:`RelatedIndex`, built here when not given
    (one page alone); the pages of one collection share one (see :func:`shared_index`).
    """
    if index is None:
        index = RelatedIndex(collection)
    result: list[Related] = []
    seen = {event.id}
    for link in event.related_events:
        if link.id in seen:
            continue
        target = index.by_id.get(link.id)
        if target is not None:
            result.append(Related(title=target.title, href=event_href(target, base_url), event=target))
        elif link.title:
            result.append(Related(title=link.title, href=safe_href(link.url)))
        else:
            continue
        seen.add(link.id)
    for other in index.ranked(event, seen, limit - len(result)):
        result.append(Related(title=other.title, href=event_href(other, base_url), event=other))
    return result[: max(limit, 0)]


def _sort_key(event: Event) -> str:
    start = event.start_utc
    return start.isoformat() if start is not None else event.start.isoformat()

"""'More Like This' for callers that build many pages and rebuild only what changed (a static site).

An incremental site re-renders a page only when what it shows changes. What
an ``oecd-html`` page shows under "More Like This" depends on other events
than its own, so the site needs two facts from the ranking: which events a
page lists (:meth:`RelatedRanking.related`), and a digest of exactly what that
ranking reads (:meth:`RelatedRanking.inputs`), to know when it must be asked
again. Both are computed here, where the index lives, from the very index the
``oecd-html`` exporter uses for the same :class:`~stievents.plugin_types.ExportContext`
(:func:`stievents_oecd.related.shared_index`, kept with the context), so the
page and the caller's key cannot disagree, and the caller never reads the
index's internals.

What a ranking reads (see :mod:`stievents_oecd.related`): the event's own keys
(classifications, topics, organisers, series) and explicit relations; for
each of its keys, the events listed under it (at most
:data:`~stievents_oecd.related.CANDIDATES_PER_KEY`, earliest first), each
with its *ranking facts*: id, start (the order's tie-break) and keys (its
score). A title, a description or a venue is no ranking fact: a candidate
whose title changes keeps its place; what the page then shows for it is
:meth:`RelatedRanking.link`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Sequence

import attrs

from stievents.model import Event
from stievents.plugin_types import ExportContext

__all__ = ["RelatedLink", "RelatedRanking", "related_pages"]

_VERSION = "stievents-oecd related 1"
"""Part of every digest: a new ranking rule must change it, so that old digests no longer match."""


@attrs.frozen(kw_only=True)
class RelatedLink:
    """One entry of a page's 'More Like This': ``id`` of the event when it is in the collection, else ``None``."""

    id: str | None
    title: str
    href: str | None


class RelatedRanking:
    """'More Like This' of the ``oecd-html`` pages of one export context (see the module's docstring).

    Made by :func:`related_pages`; holds the collection's index, so it is meant
    for one build, not to be kept.
    """

    def __init__(self, context: ExportContext) -> None:
        from stievents_oecd.related import CANDIDATES_PER_KEY, shared_index
        from stievents_oecd.writers import _base_url, _limit

        self.collection: Sequence[Event] = context.collection
        self.base_url = _base_url(context)
        self.limit = _limit(context)
        self._index = shared_index(self.collection, context)
        self._cap = CANDIDATES_PER_KEY
        self._unique = len(self._index.by_id) == len(self._index.events)
        self._facts: dict[int, str] = {}
        self._lists: dict[tuple[str, Hashable], str] = {}

    def related(self, event: Event) -> tuple[RelatedLink, ...]:
        """What 'More Like This' lists on ``event``'s page, in order: the page's own ranking."""
        from stievents_oecd.related import related_events

        found = related_events(event, self.collection, self.base_url, self.limit, self._index)
        return tuple(
            RelatedLink(id=r.event.id if r.event is not None else None, title=r.title, href=r.href) for r in found
        )

    def link(self, event_id: str) -> RelatedLink | None:
        """What a page shows for the collection's event ``event_id`` when it lists it; ``None`` when not in it."""
        from stievents_oecd.related import event_href

        target = self._index.by_id.get(event_id)
        if target is None:
            return None
        return RelatedLink(id=target.id, title=target.title, href=event_href(target, self.base_url))

    def inputs(self, event: Event) -> str:
        """A SHA-256 hex digest of everything :meth:`related` reads for ``event``, stable across processes.

        Two rankings (say, of two builds) that give ``event`` the same digest
        list the same ids, and the same links outside the collection, in the
        same order; the titles and links shown for the ids are then
        :meth:`link`'s. The digest covers the event's keys and explicit
        relations (and whether each target is in the collection), the limit,
        and for each of its keys the ranking facts of the events listed under
        it; an event that shares nothing with ``event`` is not in it.
        """
        from stievents_oecd.related import _keys

        by_id = self._index.by_id
        own = _keys(event)
        relations = [
            [link.id, link.relation.value, link.title, link.url, link.id in by_id] for link in event.related_events
        ]
        lists = sorted(self._list(k) for k in own)
        return _digest(repr([_VERSION, self.limit, self._cap, event.id, sorted(map(_key_text, own)), relations, lists]))

    def _list(self, key: tuple[str, Hashable]) -> str:
        """The digest of the ranking facts of the events listed under ``key`` (computed once per key)."""
        known = self._lists.get(key)
        if known is None:
            positions = self._index.postings.get(key, [])
            known = _digest(_key_text(key) + "\n" + "\n".join(self._fact(p) for p in positions))
            self._lists[key] = known
        return known

    def _fact(self, position: int) -> str:
        """The digest of one candidate's ranking facts: id, place in the order, keys."""
        known = self._facts.get(position)
        if known is None:
            index = self._index
            order, identifier, place = index.order[position]
            where = place if not self._unique else None  # with duplicate ids, the collection's order breaks ties
            known = _digest(repr([identifier, order, where, sorted(map(_key_text, index.keys[position]))]))
            self._facts[position] = known
        return known


def _key_text(key: object) -> str:
    return repr(key)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def related_pages(context: ExportContext) -> RelatedRanking:
    """The 'More Like This' of the ``oecd-html`` pages written with ``context``.

    ``context`` is the one the pages are exported with (made by
    :func:`stievents.api.make_export_context` for ``oecd-html``, with the whole
    collection in ``context.collection``, its ``base_url`` and
    ``related_limit`` options): the ranking uses the pages' own index, base
    URL and limit, so :meth:`RelatedRanking.related` is what each page lists.
    """
    return RelatedRanking(context)

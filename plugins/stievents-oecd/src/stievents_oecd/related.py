"""'More Like This': explicit relations first, then events ranked by what they share.

Only events from the collection being rendered are ranked; an explicit
relation to an event outside it is still listed when it has a title.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from stievents.model import Event, Relation
from stievents_oecd.safety import safe_base, safe_href

__all__ = ["Related", "event_href", "related_events"]

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


def _score(a: Event, b: Event) -> int:
    def classes(e: Event) -> set[tuple[str, str]]:
        return {(c.scheme, c.code) for c in e.classifications}

    def series(e: Event) -> set[str]:
        found = {r.id for r in e.related_events if r.relation is Relation.SERIES}
        if e.project is not None:
            found.add("project:" + (e.project.id or e.project.name))
        return found

    score = _W_CLASSIFICATION * len(classes(a) & classes(b))
    score += _W_TOPIC * len({t.casefold() for t in a.topics} & {t.casefold() for t in b.topics})
    score += _W_ORGANISER * len({o.name.casefold() for o in a.organisers} & {o.name.casefold() for o in b.organisers})
    score += _W_SERIES * len(series(a) & series(b))
    return score


def related_events(event: Event, collection: Sequence[Event], base_url: str | None, limit: int) -> list[Related]:
    """Up to ``limit`` related events: explicit relations in their order, then by score, start, id."""
    by_id = {e.id: e for e in collection}
    result: list[Related] = []
    seen = {event.id}
    for link in event.related_events:
        if link.id in seen:
            continue
        target = by_id.get(link.id)
        if target is not None:
            result.append(Related(title=target.title, href=event_href(target, base_url), event=target))
        elif link.title:
            result.append(Related(title=link.title, href=safe_href(link.url)))
        else:
            continue
        seen.add(link.id)
    ranked = sorted(
        ((_score(event, other), other) for other in collection if other.id not in seen),
        key=lambda pair: (-pair[0], _sort_key(pair[1]), pair[1].id),
    )
    for score, other in ranked:
        if score <= 0:
            break
        result.append(Related(title=other.title, href=event_href(other, base_url), event=other))
    return result[: max(limit, 0)]


def _sort_key(event: Event) -> str:
    start = event.start_utc
    return start.isoformat() if start is not None else event.start.isoformat()

"""Events for the site's tests and measurements: the built-in examples, varied.

Each generated event is one of the examples moved in time by whole days (every
date and time in it, sessions and history included), with its own id, title,
topics, country and status, so that listings, facets, feeds and 'More Like
This' have something to sort and group.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from stievents.examples import example, example_names
from stievents.model import EventStatus, EventType

TOPICS = [
    "artificial intelligence",
    "quantum technologies",
    "research security",
    "open science",
    "innovation finance",
    "digital transformation",
    "skills",
    "biotechnology",
    "space economy",
    "climate innovation",
    "public research",
    "science diplomacy",
]
COUNTRIES = ["FR", "DE", "BE", "JP", "CA", "KR", "IT", "ES", "NL", "SE", "US", "BR"]
STATUSES = [EventStatus.SCHEDULED] * 6 + [EventStatus.CANCELLED, EventStatus.POSTPONED, EventStatus.MOVED_ONLINE]
TYPES = list(EventType)


def shift(value: Any, days: int) -> Any:
    """``value`` with every date and datetime in it moved by ``days`` (attrs objects and tuples walked)."""
    delta = dt.timedelta(days=days)
    if isinstance(value, dt.date):
        return value + delta
    if isinstance(value, tuple):
        return tuple(shift(item, days) for item in value)
    if attrs.has(type(value)):
        changes = {}
        for field in attrs.fields(type(value)):
            if not field.init:
                continue
            old = getattr(value, field.name)
            new = shift(old, days)
            if new is not old:
                changes[field.alias or field.name] = new
        return attrs.evolve(value, **changes) if changes else value
    return value


def generated(count: int, *, start: dt.date = dt.date(2019, 1, 7)) -> list[Any]:
    """``count`` events varied from the built-in examples (see the module's docstring)."""
    bases = [example(name) for name in example_names()]
    events = []
    for i in range(count):
        base = bases[i % len(bases)]
        first = base.start.date() if isinstance(base.start, dt.datetime) else base.start
        target = start + dt.timedelta(days=(i * 37) % 4000)
        event = shift(base, (target - first).days)
        topics = (TOPICS[i % len(TOPICS)], TOPICS[(i * 7 + 3) % len(TOPICS)])
        venue = event.venue
        if venue is not None:
            venue = attrs.evolve(venue, country=COUNTRIES[i % len(COUNTRIES)])
        status = STATUSES[i % len(STATUSES)]
        changes: dict[str, Any] = {
            "id": f"gen-{i:05d}",
            "title": f"{base.title} ({i})",
            "topics": tuple(dict.fromkeys(topics)),
            "venue": venue,
            "event_type": TYPES[i % len(TYPES)],
            "related_events": (),
            "url": None,
        }
        if status is not base.status:
            changes["status"] = status
            changes["status_history"] = ()
        events.append(attrs.evolve(event, **changes))
    return events

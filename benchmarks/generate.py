"""Deterministic generated events: 6 sessions, 3 organisers and 4 policy questions each, zones varied.

The same facts are given as stievents events and as the plain data the peer models read
(ISO 8601 datetimes with an offset, the IANA zone in its own field), so every library
decodes, validates and writes the same calendar.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any

__all__ = ["PLACES", "event_dicts", "peer_dicts", "stievents_events"]

# (city, country code, country name, IANA zone): offsets from -03:00 to +10:00, half hours, DST and none.
PLACES = [
    ("Paris", "FR", "France", "Europe/Paris"),
    ("Moscow", "RU", "Russian Federation", "Europe/Moscow"),
    ("New York", "US", "United States", "America/New_York"),
    ("Tokyo", "JP", "Japan", "Asia/Tokyo"),
    ("Sydney", "AU", "Australia", "Australia/Sydney"),
    ("São Paulo", "BR", "Brazil", "America/Sao_Paulo"),
    ("Nairobi", "KE", "Kenya", "Africa/Nairobi"),
    ("New Delhi", "IN", "India", "Asia/Kolkata"),
]
TYPES = ["workshop", "conference", "seminar", "forum", "roundtable", "expert-meeting"]
KINDS = ["opening", "panel", "keynote", "interactive", "presentation", "closing"]
ROLES = ["host", "co-organiser", "partner"]
TOPICS = ["co-creation", "knowledge transfer", "innovation policy", "research funding", "digital transition", "skills"]
SLOTS = [(9, 30, 11, 0), (11, 30, 13, 0), (14, 0, 15, 30)]  # per day, two days
FIRST_DAY = dt.date(2019, 1, 7)

DESCRIPTION = (
    "Innovation is increasingly the result of collaborative activities of different parties. This workshop brings "
    "together academics, experts and policy practitioners to discuss the conceptual foundations of co-creation, "
    "learn about initiatives active in different countries, and reflect on implications for innovation policy."
)


@functools.cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def _moment(day: dt.date, hour: int, minute: int, zone: str) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=_zone(zone))


def _facts(i: int) -> dict[str, Any]:
    """The facts of event ``i`` with real datetimes (shared by both representations)."""
    city, country, _, zone = PLACES[i % len(PLACES)]
    published = "Europe/Paris" if i % 5 == 4 else zone  # every fifth event is published in another zone
    day = FIRST_DAY + dt.timedelta(days=(i * 37) % 5000)  # 2019 to 2032: past and upcoming, DST both sides
    second = day + dt.timedelta(days=1)
    mixed = i % 2 == 1
    sessions = []
    for k in range(6):
        when = day if k < 3 else second
        h1, m1, h2, m2 = SLOTS[k % 3]
        sessions.append(
            {
                "id": f"s{k + 1}",
                "title": f"Session {k + 1}: {TOPICS[(i + k) % len(TOPICS)]} in practice",
                "kind": KINDS[k],
                "description": f"Discussion of case studies on {TOPICS[(i + k) % len(TOPICS)]}.",
                "start": _moment(when, h1, m1, zone).astimezone(_zone(published)),
                "end": _moment(when, h2, m2, zone).astimezone(_zone(published)),
                "room": "Room A" if k % 2 == 0 else "Room B",
                "policy_question_ids": [f"q{k % 4 + 1}"],
            }
        )
    return {
        "id": f"bench-{i:06d}",
        "title": f"Workshop {i} on {TOPICS[i % len(TOPICS)]} ({city})",
        "subtitle": "What new STI policy approaches? Peer discussion of best practices",
        "description": DESCRIPTION,
        "text_language": "en",
        "event_type": TYPES[i % len(TYPES)],
        "scope": "international",
        "status": "scheduled",
        "start": _moment(day, 9, 0, zone).astimezone(_zone(published)),
        "end": _moment(second, 17, 0, zone).astimezone(_zone(published)),
        "attendance_mode": "mixed" if mixed else "in-person",
        "venue": {
            "name": f"Conference Centre {i % 97}",
            "locality": city,
            "country": country,
            "timezone": zone,
            "rooms": ["Room A", "Room B"],
        },
        "virtual_location": {"url": f"https://meet.example.org/{i}", "platform": "Example Meet"} if mixed else None,
        "organisers": [
            {
                "name": f"Organisation {(i + j) % 50} for {TOPICS[j]}",
                "roles": [ROLES[j]],
                "acronym": f"O{(i + j) % 50}",
                "country": PLACES[(i + j) % len(PLACES)][1],
                "url": f"https://org{(i + j) % 50}.example.org/",
            }
            for j in range(3)
        ],
        "sessions": sessions,
        "policy_questions": [
            {"id": f"q{q + 1}", "text": f"Policy question {q + 1}: how should policy support {TOPICS[(i + q) % 6]}?"}
            for q in range(4)
        ],
        "topics": [TOPICS[i % len(TOPICS)], TOPICS[(i + 3) % len(TOPICS)]],
        "url": f"https://events.example.org/{i:06d}",
    }


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def event_dicts(n: int) -> list[dict[str, Any]]:
    """The facts of ``n`` events with datetime objects (zone-aware, ZoneInfo)."""
    return [_facts(i) for i in range(n)]


def stievents_events(n: int) -> list[Any]:
    """``n`` stievents :class:`~stievents.model.Event` objects, built through the public model."""
    from stievents import model

    events = []
    for facts in event_dicts(n):
        venue = model.Venue(**{**facts["venue"], "rooms": tuple(facts["venue"]["rooms"])})
        online = model.VirtualLocation(**facts["virtual_location"]) if facts["virtual_location"] else None
        events.append(
            model.Event(
                id=facts["id"],
                title=facts["title"],
                subtitle=facts["subtitle"],
                description=facts["description"],
                text_language=facts["text_language"],
                event_type=model.EventType(facts["event_type"]),
                scope=model.Scope(facts["scope"]),
                status=model.EventStatus(facts["status"]),
                start=facts["start"],
                end=facts["end"],
                attendance_mode=model.AttendanceMode(facts["attendance_mode"]),
                venue=venue,
                virtual_location=online,
                organisers=tuple(
                    model.Organiser(**{**o, "roles": tuple(model.OrganiserRole(r) for r in o["roles"])})
                    for o in facts["organisers"]
                ),
                sessions=tuple(
                    model.Session(
                        **{
                            **s,
                            "kind": model.SessionKind(s["kind"]),
                            "policy_question_ids": tuple(s["policy_question_ids"]),
                        }
                    )
                    for s in facts["sessions"]
                ),
                policy_questions=tuple(model.PolicyQuestion(**q) for q in facts["policy_questions"]),
                topics=tuple(facts["topics"]),
                url=facts["url"],
            )
        )
    return events


def peer_dicts(n: int) -> list[dict[str, Any]]:
    """The same events as plain JSON-ready data for the peer models.

    Datetimes are ISO 8601 with their offset (what pydantic and msgspec read natively);
    the zone the event is published in goes in ``timezone``.
    """
    out = []
    for facts in event_dicts(n):
        data = _without_none(dict(facts))
        data["timezone"] = facts["start"].tzinfo.key
        data["start"] = facts["start"].isoformat()
        data["end"] = facts["end"].isoformat()
        data["sessions"] = [
            {**s, "start": s["start"].isoformat(), "end": s["end"].isoformat()} for s in facts["sessions"]
        ]
        out.append(data)
    return out


def canonical_document(n: int) -> dict[str, Any]:
    """The canonical stievents document of the same events, built as plain data (fast for 100,000 events).

    It decodes to exactly :func:`stievents_events` (the smoke test checks this).
    """
    from stievents.serialize import FORMAT_NAME, FORMAT_VERSION, format_temporal

    events = []
    for facts in event_dicts(n):
        data = _without_none(dict(facts))
        data["start"] = format_temporal(facts["start"])
        data["end"] = format_temporal(facts["end"])
        data["sessions"] = [
            {**s, "start": format_temporal(s["start"]), "end": format_temporal(s["end"])} for s in facts["sessions"]
        ]
        events.append(data)
    return {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, "events": events}

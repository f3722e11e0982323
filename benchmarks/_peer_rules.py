"""The rules the peer models share with ours: patterns, enums, zone names, cross-field checks."""

from __future__ import annotations

import enum
import functools
import zoneinfo
from typing import Any

ID = r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}$"
URL = r"^https?://[^\s/?#]+\S*$"
COUNTRY = r"^[A-Z]{2}$"
LANGUAGE = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


class EventType(enum.Enum):
    WORKSHOP = "workshop"
    CONFERENCE = "conference"
    SEMINAR = "seminar"
    FORUM = "forum"
    ROUNDTABLE = "roundtable"
    EXPERT_MEETING = "expert-meeting"


class Scope(enum.Enum):
    NATIONAL = "national"
    INTERNATIONAL = "international"


class Status(enum.Enum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Mode(enum.Enum):
    IN_PERSON = "in-person"
    ONLINE = "online"
    MIXED = "mixed"


class Role(enum.Enum):
    HOST = "host"
    CO_ORGANISER = "co-organiser"
    PARTNER = "partner"


class Kind(enum.Enum):
    OPENING = "opening"
    PANEL = "panel"
    KEYNOTE = "keynote"
    INTERACTIVE = "interactive"
    PRESENTATION = "presentation"
    CLOSING = "closing"


@functools.cache
def _is_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def check_zone(name: str | None) -> None:
    """Raise ValueError for a name the IANA database does not know."""
    if name is not None and not _is_zone(name):
        raise ValueError(f"unknown time zone {name!r}")


def check_event(event: Any) -> None:
    """The cross-field rules of the model: order of times, sessions inside the event, known question ids."""
    check_zone(event.timezone)
    if event.end < event.start:
        raise ValueError("end must not be before start")
    questions = {q.id for q in event.policy_questions}
    seen: set[str] = set()
    for session in event.sessions:
        if session.id in seen:
            raise ValueError(f"duplicate session id {session.id!r}")
        seen.add(session.id)
        if not event.start <= session.start <= event.end or not event.start <= session.end <= event.end:
            raise ValueError(f"session {session.id!r} is outside the event")
        for qid in session.policy_question_ids:
            if qid not in questions:
                raise ValueError(f"no policy question has id {qid!r}")

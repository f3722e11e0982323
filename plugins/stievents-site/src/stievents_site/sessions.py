"""A session of a programme as a standalone event, for its own ``.ics`` file.

Built with the public model only: the iCalendar plugin then writes it like any
event. The session keeps its event's venue (its room named in the location
text), online access (its own, else the event's) and status, so that a
cancelled event's sessions are cancelled in calendars too. Its id and UID are
derived from the event's id and the session's id, so a subscriber's calendar
updates the same entry on every build. A session without a day has nothing a
calendar can show: it gets no file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import attrs

from stievents.errors import InvalidEventError
from stievents.model import AttendanceMode, Event, Person, Session

__all__ = ["session_event", "session_uid"]

_MAX_ID = 200


def session_uid(event: Event, session: Session) -> str:
    """The session's UID: the one the iCalendar plugin gives it inside its event's file."""
    return f"{event.id}/{session.id}@stievents"


def _session_id(event: Event, session: Session) -> str:
    candidate = f"{event.id}.{session.id}"
    if len(candidate) <= _MAX_ID:
        return candidate
    return "session-" + hashlib.sha256(candidate.encode("utf-8")).hexdigest()[:40]


def _people(role: str, people: tuple[Person, ...]) -> str | None:
    if not people:
        return None
    names = ", ".join(f"{p.name} ({p.affiliation})" if p.affiliation else p.name for p in people)
    return f"{role}: {names}"


def _description(event: Event, session: Session) -> str:
    parts = [session.description] if session.description else []
    parts.extend(
        line
        for line in (
            f"Room: {session.room}" if session.room else None,
            _people("Chairs", session.chairs),
            _people("Moderators", session.moderators),
            _people("Speakers", session.speakers),
            f"Part of: {event.title}",
        )
        if line
    )
    return "\n\n".join(parts)


def session_event(event: Event, session: Session) -> Event:
    """``session`` of ``event`` as an event of its own (see the module's docstring)."""
    start: dt.date
    end: dt.date
    if session.start is None:
        start, end = event.start, event.end
    else:
        start = session.start
        end = session.end if session.end is not None else start  # a start alone: an instant, or its day
    venue = event.venue
    if venue is not None and session.room and venue.rooms:
        venue = attrs.evolve(venue, rooms=(session.room,))
    virtual = session.virtual_location or event.virtual_location
    mode = event.attendance_mode
    if mode is AttendanceMode.IN_PERSON:
        virtual = None
    questions = tuple(q for q in event.policy_questions if q.id and q.id in session.policy_question_ids)
    fields: dict[str, Any] = {
        "id": _session_id(event, session),
        "uid": session_uid(event, session),
        "title": session.title,
        "description": _description(event, session),
        "text_language": event.text_language,
        "status": event.status,
        "start": start,
        "end": end,
        "attendance_mode": mode,
        "venue": venue,
        "virtual_location": virtual,
        "organisers": event.organisers,
        "policy_questions": questions,
        "languages": event.languages,
        "url": event.url,
        "created": event.created,
        "updated": event.updated,
        "revision": event.revision,
    }
    try:
        return Event(**fields)
    except InvalidEventError:
        # the event's places do not fit the session (e.g. a mixed event, a session without the online link)
        return Event(**{**fields, "attendance_mode": None, "venue": None, "virtual_location": None})

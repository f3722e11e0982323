"""The names stievents writes into iCalendar: UIDs, the PRODID and its X- properties.

Kept in one place so that the exporter, the importer and the docs agree.
"""

from __future__ import annotations

import re

__all__ = [
    "PRODID",
    "UID_SUFFIX",
    "event_uid",
    "id_from_uid",
    "session_uid",
    "source_uid",
    "vevent_uid",
]

PRODID = "-//stievents//stievents-ical 0.1//EN"
UID_SUFFIX = "@stievents"

X_PREFIX = "X-STIEVENTS-"
X_STATUS = "X-STIEVENTS-STATUS"
X_STATUS_CHANGE = "X-STIEVENTS-STATUS-CHANGE"
X_SUBTITLE = "X-STIEVENTS-SUBTITLE"
X_TRANSLATION = "X-STIEVENTS-TRANSLATION"
# A translation's title and description: RFC 5545 allows one SUMMARY and one DESCRIPTION per VEVENT.
X_TITLE = "X-STIEVENTS-SUMMARY"
X_DESCRIPTION = "X-STIEVENTS-DESCRIPTION"
X_EVENT_TYPE = "X-STIEVENTS-EVENT-TYPE"
X_SCOPE = "X-STIEVENTS-SCOPE"
X_ATTENDANCE_MODE = "X-STIEVENTS-ATTENDANCE-MODE"
X_ATTENDANCE_POLICY = "X-STIEVENTS-ATTENDANCE-POLICY"
X_VISIBILITY = "X-STIEVENTS-VISIBILITY"
X_VENUE = "X-STIEVENTS-VENUE"
X_VIRTUAL_LOCATION = "X-STIEVENTS-VIRTUAL-LOCATION"
X_CREATED = "X-STIEVENTS-CREATED"
X_UPDATED = "X-STIEVENTS-UPDATED"
X_ROLES = "X-STIEVENTS-ROLES"
X_ACRONYM = "X-STIEVENTS-ACRONYM"
X_COUNTRY = "X-STIEVENTS-COUNTRY"
X_ROR = "X-STIEVENTS-ROR"
X_PERSON_ROLE = "X-STIEVENTS-PERSON-ROLE"
X_AFFILIATION = "X-STIEVENTS-AFFILIATION"
X_SESSION_KIND = "X-STIEVENTS-SESSION-KIND"
X_ROOM = "X-STIEVENTS-ROOM"
X_QUESTION_IDS = "X-STIEVENTS-POLICY-QUESTION-IDS"
X_ZONE = "X-STIEVENTS-TZID"  # parameter: the zone of a time written in UTC (one in a repeated hour)
X_STATED = "X-STIEVENTS-STATED"  # an override field equal to the series' value (see _stated.py)
X_ID = "X-STIEVENTS-ID"  # the event's id, written only when its UID does not give it back (see vevent_uid)

# Lists and records written as one JSON value each (model fact -> property).
JSON_LISTS = {
    "policy_questions": "X-STIEVENTS-POLICY-QUESTION",
    "languages": "X-STIEVENTS-LANGUAGE",
    "contacts": "X-STIEVENTS-CONTACT",
    "classifications": "X-STIEVENTS-CLASSIFICATION",
    "references": "X-STIEVENTS-REFERENCE",
    "cited_examples": "X-STIEVENTS-CITED-EXAMPLE",
    "related_events": "X-STIEVENTS-RELATED-EVENT",
}
JSON_RECORDS = {
    "registration": "X-STIEVENTS-REGISTRATION",
    "project": "X-STIEVENTS-PROJECT",
    "image": "X-STIEVENTS-IMAGE",
}
TEXT_LISTS = {"audience": "X-STIEVENTS-AUDIENCE"}

_NOT_ID = re.compile(r"[^A-Za-z0-9._:\-]+")


def event_uid(event_id: str) -> str:
    """The UID of an event's VEVENT: stable across exports."""
    return f"{event_id}{UID_SUFFIX}"


def vevent_uid(event_id: str, uid: str | None) -> str:
    """The UID an event's VEVENT and its overridden occurrences carry: the source's, else :func:`event_uid`.

    ``Event.uid`` is the UID of the event's source, kept byte for byte so that a
    feed exported again updates its subscribers' entries. The rule both sides
    keep: **``uid`` is ``None`` when the UID equals ``event_uid(id)``**. The
    writer writes ``uid`` when set, else the derived UID (sessions' RELATED-TO
    points at the same UID); the reader sets ``uid`` with :func:`source_uid`, so
    re-reading our own file does not turn our derived UID into a source's. When
    a source's UID does not give the id back (``id_from_uid(uid) != id``), the
    writer states the id in ``X-STIEVENTS-ID`` (:data:`X_ID`), for the reader to
    take instead of deriving one.
    """
    return uid if uid is not None else event_uid(event_id)


def source_uid(event_id: str, uid: str) -> str | None:
    """``Event.uid`` for a VEVENT with UID ``uid`` read as event ``event_id``: ``None`` for the derived UID."""
    return None if uid == event_uid(event_id) else uid


def session_uid(event_id: str, session_id: str) -> str:
    """The UID of a session's VEVENT, below its event's."""
    return f"{event_id}/{session_id}{UID_SUFFIX}"


def organiser_uid(event_id: str, index: int) -> str:
    """The UID of an organiser's PARTICIPANT component."""
    return f"{event_id}/organiser-{index}{UID_SUFFIX}"


def person_uid(owner: str, role: str, index: int) -> str:
    """The UID of a person's PARTICIPANT component in a session."""
    return f"{owner}/{role}-{index}{UID_SUFFIX}"


_OWN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}")


def id_from_uid(uid: str) -> str:
    """A model id from any UID: ours lose their suffix; others are sanitised to the id pattern."""
    text = uid.removesuffix(UID_SUFFIX) if uid.endswith(UID_SUFFIX) and "/" not in uid else uid
    if text != uid and _OWN_ID.fullmatch(text):
        return text  # our own id, exactly (it may end in '.', '_', ':' or '-')
    text = _NOT_ID.sub("-", text).strip("-._:")
    return text[:200].rstrip("-._:") or "event"

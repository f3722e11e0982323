"""The column catalogue: every column the ``csv`` format can write, and the facts it carries.

Each column is a name, a one-line description (the docs table is checked
against it), the model facts it carries (the format's fidelity is their union)
and a function from an event (and, on session rows, a session) to the cell text.
Times are written in the event's published zone, as ISO 8601 with offset; the
``timezone`` column names that zone.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from typing import TypeAlias

import attrs

from stievents.model import Event, Person, Session, Temporal, VirtualLocation

__all__ = [
    "COLUMNS",
    "DEFAULT_EVENT_COLUMNS",
    "DEFAULT_SESSION_COLUMNS",
    "Column",
    "fidelity",
    "resolve_columns",
]

Getter: TypeAlias = Callable[[Event, Session | None], str | None]
LIST_SEPARATOR = "; "


@attrs.frozen
class Column:
    """One column: its header, what it holds, the facts it carries, and how to fill it."""

    name: str
    description: str
    facts: frozenset[str]
    get: Getter = attrs.field(repr=False)
    per_session: bool = False


# ------------------------------------------------------------------ value helpers


def iso(value: Temporal | None, zone: dt.tzinfo | None = None) -> str | None:
    """ISO 8601 text: a date as is, a datetime with its offset, converted to ``zone`` when given."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return (value.astimezone(zone) if zone is not None else value).isoformat()
    return value.isoformat()


def _zone(event: Event) -> dt.tzinfo | None:
    """The event's published zone (``None`` for an all-day event)."""
    return event.start.tzinfo if isinstance(event.start, dt.datetime) else None


def _field(owner: object | None, name: str) -> str | None:
    """The text of ``owner.name``: enums by value, ``None`` when the owner or value is absent."""
    value = getattr(owner, name) if owner is not None else None
    if value is None:
        return None
    return value.value if isinstance(value, enum.Enum) else str(value)


def _joined(values: Iterable[str | None], separator: str = LIST_SEPARATOR) -> str:
    return separator.join(v for v in values if v)


def _person(person: Person) -> str:
    return f"{person.name} ({person.affiliation})" if person.affiliation else person.name


def _public_url(location: VirtualLocation | None) -> str | None:
    """The join link, only when the event says it may be published."""
    return location.url if location is not None and location.join_url_public else None


def _session_time(event: Event, value: Temporal | None) -> str | None:
    return iso(value, _zone(event) if isinstance(value, dt.datetime) else None)


def _event(name: str, description: str, facts: Iterable[str], get: Callable[[Event], str | None]) -> Column:
    return Column(name, description, frozenset(facts), lambda event, session: get(event))


def _session(name: str, description: str, facts: Iterable[str], get: Callable[[Event, Session], str | None]) -> Column:
    def cell(event: Event, session: Session | None) -> str | None:
        return None if session is None else get(event, session)

    return Column(name, description, frozenset(facts), cell, per_session=True)


# ------------------------------------------------------------------ the catalogue

_EVENT_COLUMNS = (
    _event("id", "The event's id", ["id"], lambda e: e.id),
    _event("title", "The title", ["title"], lambda e: e.title),
    _event("subtitle", "The subtitle", ["subtitle"], lambda e: e.subtitle),
    _event("description", "The description (multi-line)", ["description"], lambda e: e.description),
    _event("event_type", "workshop, conference, webinar...", ["event_type"], lambda e: _field(e, "event_type")),
    _event("scope", "local, national, regional or international", ["scope"], lambda e: _field(e, "scope")),
    _event(
        "status",
        "scheduled, postponed, rescheduled, cancelled or moved-online",
        ["status"],
        lambda e: _field(e, "status"),
    ),
    _event("status_reason", "Why the current status was set", ["status_history.reason"], lambda e: e.status_reason),
    _event(
        "previous_start",
        "The start before the latest move, in the event's zone",
        ["status_history.previous_start"],
        lambda e: iso(e.previous_start, _zone(e) if isinstance(e.previous_start, dt.datetime) else None),
    ),
    _event("start", "Start: ISO 8601 with offset, or a date for all-day events", ["start"], lambda e: iso(e.start)),
    _event("end", "End (the last day, inclusive, for all-day events)", ["end"], lambda e: iso(e.end)),
    _event("timezone", "The IANA zone the times are written in (empty if all-day)", ["start"], lambda e: e.timezone),
    _event(
        "venue_local_start",
        "The start in the venue's zone, when that zone differs",
        ["start", "venue.timezone"],
        lambda e: iso(e.venue_local()),
    ),
    _event(
        "attendance_mode",
        "in-person, online or mixed",
        ["attendance_mode"],
        lambda e: _field(e, "attendance_mode"),
    ),
    _event("venue_name", "The venue's name", ["venue.name"], lambda e: _field(e.venue, "name")),
    _event("venue_street", "The venue's street address", ["venue.street"], lambda e: _field(e.venue, "street")),
    _event("venue_postal_code", "Postal code", ["venue.postal_code"], lambda e: _field(e.venue, "postal_code")),
    _event("venue_locality", "City", ["venue.locality"], lambda e: _field(e.venue, "locality")),
    _event("venue_region", "Region", ["venue.region"], lambda e: _field(e.venue, "region")),
    _event("venue_country", "ISO 3166-1 alpha-2 code", ["venue.country"], lambda e: _field(e.venue, "country")),
    _event("venue_timezone", "The venue's own IANA zone", ["venue.timezone"], lambda e: _field(e.venue, "timezone")),
    _event(
        "online_platform",
        "The online platform",
        ["virtual_location.platform"],
        lambda e: _field(e.virtual_location, "platform"),
    ),
    _event(
        "online_url",
        "The join link, only when it may be published",
        ["virtual_location.url"],
        lambda e: _public_url(e.virtual_location),
    ),
    _event(
        "organisers",
        "Organiser names, with acronyms, separated by '; '",
        ["organisers.name", "organisers.acronym"],
        lambda e: _joined(f"{o.name} ({o.acronym})" if o.acronym else o.name for o in e.organisers),
    ),
    _event(
        "languages",
        "Language tags with their role when not spoken, separated by '; '",
        ["languages.tag", "languages.role"],
        lambda e: _joined(u.tag if u.role.value == "spoken" else f"{u.tag} ({u.role.value})" for u in e.languages),
    ),
    _event(
        "attendance_policy",
        "open, registration-required, invitation-only or closed",
        ["attendance_policy"],
        lambda e: _field(e, "attendance_policy"),
    ),
    _event("registration_url", "Where to register", ["registration.url"], lambda e: _field(e.registration, "url")),
    _event(
        "registration_deadline",
        "Registration deadline, ISO 8601",
        ["registration.deadline"],
        lambda e: iso(e.registration.deadline) if e.registration else None,
    ),
    _event("audience", "Intended audiences, separated by '; '", ["audience"], lambda e: _joined(e.audience)),
    _event("topics", "Topics, separated by '; '", ["topics"], lambda e: _joined(e.topics)),
    _event(
        "classifications",
        "scheme:code pairs, separated by '; '",
        ["classifications.scheme", "classifications.code"],
        lambda e: _joined(f"{c.scheme}:{c.code}" for c in e.classifications),
    ),
    _event(
        "policy_questions",
        "The policy questions, one per line",
        ["policy_questions.text"],
        lambda e: _joined((q.text for q in e.policy_questions), "\n"),
    ),
    _event("project", "The project's name", ["project.name"], lambda e: _field(e.project, "name")),
    _event("url", "The event's page", ["url"], lambda e: e.url),
    _event("updated", "When the record was last updated", ["updated"], lambda e: iso(e.updated)),
)

_SESSION_COLUMNS = (
    _session("session_id", "The session's id", ["sessions.id"], lambda e, s: s.id),
    _session("session_title", "The session's title", ["sessions.title"], lambda e, s: s.title),
    _session("session_kind", "panel, keynote, break...", ["sessions.kind"], lambda e, s: s.kind.value),
    _session("session_description", "The session's description", ["sessions.description"], lambda e, s: s.description),
    _session(
        "session_start",
        "Start in the event's zone (a date if only the day is known)",
        ["sessions.start"],
        lambda e, s: _session_time(e, s.start),
    ),
    _session("session_end", "End in the event's zone", ["sessions.end"], lambda e, s: _session_time(e, s.end)),
    _session(
        "session_zone",
        "The session's own IANA zone, when it has times",
        ["sessions.start"],
        lambda e, s: str(s.start.tzinfo) if isinstance(s.start, dt.datetime) else None,
    ),
    _session("session_room", "The room", ["sessions.room"], lambda e, s: s.room),
    _session(
        "session_online_url",
        "The session's join link, only when it may be published",
        ["sessions.virtual_location.url"],
        lambda e, s: _public_url(s.virtual_location),
    ),
    _session(
        "session_chairs",
        "Chairs as 'Name (Affiliation)', separated by '; '",
        ["sessions.chairs.name", "sessions.chairs.affiliation"],
        lambda e, s: _joined(_person(p) for p in s.chairs),
    ),
    _session(
        "session_moderators",
        "Moderators as 'Name (Affiliation)', separated by '; '",
        ["sessions.moderators.name", "sessions.moderators.affiliation"],
        lambda e, s: _joined(_person(p) for p in s.moderators),
    ),
    _session(
        "session_speakers",
        "Speakers as 'Name (Affiliation)', separated by '; '",
        ["sessions.speakers.name", "sessions.speakers.affiliation"],
        lambda e, s: _joined(_person(p) for p in s.speakers),
    ),
    _session(
        "session_policy_questions",
        "Ids of the policy questions the session addresses, separated by '; '",
        ["sessions.policy_question_ids"],
        lambda e, s: _joined(s.policy_question_ids),
    ),
)

COLUMNS: dict[str, Column] = {column.name: column for column in (*_EVENT_COLUMNS, *_SESSION_COLUMNS)}
"""Every column, by name, in catalogue order."""

DEFAULT_EVENT_COLUMNS = (
    "id",
    "title",
    "status",
    "start",
    "end",
    "timezone",
    "attendance_mode",
    "venue_name",
    "venue_locality",
    "venue_country",
    "organisers",
    "url",
)
"""The columns of ``rows=events`` when ``columns`` is not given."""

DEFAULT_SESSION_COLUMNS = (
    "id",
    "title",
    "session_id",
    "session_title",
    "session_kind",
    "session_start",
    "session_end",
    "timezone",
    "session_room",
    "session_speakers",
)
"""The columns of ``rows=sessions`` when ``columns`` is not given."""


def resolve_columns(rows: str, names: tuple[str, ...]) -> tuple[Column, ...]:
    """The columns to write for ``rows`` (``"events"``/``"sessions"``); ``ValueError`` names any bad one."""
    wanted = names or (DEFAULT_SESSION_COLUMNS if rows == "sessions" else DEFAULT_EVENT_COLUMNS)
    unknown = [name for name in wanted if name not in COLUMNS]
    if unknown:
        raise ValueError(f"unknown column(s) {', '.join(map(repr, unknown))}; known: {', '.join(COLUMNS)}")
    duplicates = sorted({name for name in wanted if wanted.count(name) > 1})
    if duplicates:
        raise ValueError(f"column(s) given twice: {', '.join(duplicates)}")
    if rows == "events":
        per_session = [name for name in wanted if COLUMNS[name].per_session]
        if per_session:
            raise ValueError(f"session column(s) {', '.join(per_session)} need rows=sessions")
    return tuple(COLUMNS[name] for name in wanted)


def fidelity() -> frozenset[str]:
    """Every fact some column carries: what the format can hold with the right ``columns``."""
    return frozenset().union(*(column.facts for column in COLUMNS.values()))

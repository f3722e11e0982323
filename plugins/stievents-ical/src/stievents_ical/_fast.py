"""The writer that serves ``ics``: the reference writer's VEVENTs as text, streamed event by event.

icalendar builds a component tree, sorts it and folds every line char by char;
here each VEVENT's lines are written directly in icalendar's property order
(canonical properties first, then the others alphabetically) with the same
values, parameters and folding, so the bytes equal the reference writer's
(:mod:`stievents_ical._export`). The calendar's own properties and the
VTIMEZONEs still come from icalendar (the VTIMEZONEs cached per zone and date
range). Nothing holds the whole file: each event is written as soon as it is made.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Sequence
from typing import IO, Any

from stievents import serialize
from stievents.model import AttendanceMode, Event, EventStatus, Override, Person, Session, Venue, VirtualLocation
from stievents.model import Visibility as _Visibility
from stievents.plugin_types import ExportContext
from stievents_ical import _names as n
from stievents_ical._export import (
    ORGANISER_PARTICIPANT_TYPE,
    PERSON_ATTENDEE_ROLE,
    PERSON_PARTICIPANT_TYPE,
    STATUS_TO_ICAL,
    ZoneDays,
    calendar_head,
    dtstamp,
    organizer_of,
)
from stievents_ical._lines import date_line, fold, param, vtext
from stievents_ical._stated import stated
from stievents_ical._text import clean_param, clean_text, compose_description, escape_text
from stievents_ical._zones import timezone_bytes

__all__ = ["write_ics_fast"]

_END = b"END:VCALENDAR\r\n"
_VEVENT_ORDER = (  # icalendar's Event.canonical_order
    *("SUMMARY", "DTSTART", "DTEND", "DURATION", "DTSTAMP", "UID", "RECURRENCE-ID", "SEQUENCE"),
    *("RRULE", "RDATE", "EXDATE"),
)
_ONE_DAY = dt.timedelta(days=1)
_ROLES = ("chair", "moderator", "speaker")
_PARTICIPANT_TYPE_LINES = {role: f"PARTICIPANT-TYPE:{kind}" for role, kind in PERSON_PARTICIPANT_TYPE.items()}
_NEEDS_WORK = re.compile(r"[\x00-\x1f\x7f\\;,]")  # text that _escaped would change


def write_ics_fast(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write ``events`` as one VCALENDAR: head and VTIMEZONEs, then one write per event."""
    organizers = [organizer_of(e) for e in events]
    zones = ZoneDays()
    for event in events:
        zones.note_event(event)
    head = calendar_head(events, context, organizers).to_ical()
    assert head.endswith(_END)
    stream.write(head[: -len(_END)])
    for key in sorted(zones.days):
        stream.write(timezone_bytes(key, zones.days[key]))
    stamp = date_line("DTSTAMP", dtstamp(context))
    for event, organizer in zip(events, organizers, strict=True):
        lines = _EventWriter(event, stamp, organizer).lines()
        stream.write(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    stream.write(_END)


@functools.cache
def _sort_key(name: str) -> tuple[int, str]:
    """icalendar's property order in a VEVENT: its canonical names first, then the rest alphabetically."""
    if name in _VEVENT_ORDER:
        return _VEVENT_ORDER.index(name), ""
    return len(_VEVENT_ORDER), name


def _pair_key(pair: tuple[str, str]) -> tuple[int, str]:
    return _sort_key(pair[0])


def _text(name: str, value: str, language: str | None = None) -> str:
    """A TEXT property: controls removed, then escaped, so no user text can end the line."""
    if _NEEDS_WORK.search(value) is not None:
        value = _escaped(value)
    if language is not None:
        name += param("LANGUAGE", language)
    line = f"{name}:{value}"
    return line if len(line) < 75 and line.isascii() else fold(line)


def _escaped(text: str) -> str:
    """Cleaned and escaped TEXT."""
    return escape_text(clean_text(text))


@functools.lru_cache(maxsize=4096)
def _constant_text(name: str, value: str) -> str:
    """A TEXT property whose value repeats (session kinds, person roles): made once."""
    return _text(name, value)


@functools.lru_cache(maxsize=4096)
def _room(room: str) -> str:
    """X-STIEVENTS-ROOM (JSON, so that it equals the venue's room exactly): made once per room."""
    return _json(n.X_ROOM, room)


def _json(name: str, value: Any) -> str:
    """A record as compact JSON in an escaped TEXT value (JSON escapes every control character)."""
    data = json.dumps(serialize.unstructure(value), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("\x7f", "\\u007f")  # JSON escapes controls below 0x20 but not DEL
    return fold(name + ":" + escape_text(data))


def _uri(name: str, value: str, extra: str = "") -> str:
    return fold(f"{name}{extra};VALUE=URI:{clean_param(value)}")


def _opt(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


class _EventWriter:
    """The content lines of one event: its VEVENT, its overridden occurrences and its scheduled sessions."""

    def __init__(self, event: Event, stamp: str, organizer: tuple[str, str | None] | None) -> None:
        self.event = event
        self.stamp = stamp
        self.sequence = f"SEQUENCE:{event.revision}"
        self.klass = "CLASS:PRIVATE" if event.visibility is _Visibility.PRIVATE else "CLASS:PUBLIC"
        self.status = f"STATUS:{STATUS_TO_ICAL[event.status]}"
        self.organizer: str | None = None
        if organizer is not None:
            address, name = organizer
            self.organizer = fold(f"ORGANIZER{param('CN', clean_param(name)) if name else ''}:{address}")
        self.uid = n.event_uid(event.id)
        self.related = fold(f"RELATED-TO;RELTYPE=PARENT:{vtext(self.uid)}")
        self.places: dict[tuple[str | None, VirtualLocation | None], list[str | None]] = {}

    def lines(self) -> list[str]:
        event = self.event
        out = self._main()
        if event.recurrence is not None:
            for override in event.recurrence.overrides:
                self._override(out, override)
        for session in event.sessions:
            if session.start is not None:
                self._session(out, session)
        return out

    # -------------------------------------------------------------- the event's VEVENT

    def _main(self) -> list[str]:
        event = self.event
        props: list[tuple[str, str]] = [
            ("UID", fold(f"UID:{vtext(self.uid)}")),
            ("DTSTAMP", self.stamp),
            ("SEQUENCE", self.sequence),
            ("STATUS", self.status),
            ("CLASS", self.klass),
        ]
        add = props.append
        if self.organizer is not None:
            add(("ORGANIZER", self.organizer))
        add(("DTSTART", date_line("DTSTART", event.start)))
        add(("DTEND", _end_line(event.end)))
        self._texts(add)
        self._facts(add)
        online_only = event.attendance_mode is AttendanceMode.ONLINE or event.status is EventStatus.MOVED_ONLINE
        geo, location, conference, online = _place(event.venue, event.virtual_location, None, online_only)
        for name, line in (("GEO", geo), ("LOCATION", location), ("CONFERENCE", conference)):
            if line is not None:
                add((name, line))
        if online is not None:
            add((n.X_VIRTUAL_LOCATION, online))
        if event.venue is not None:
            add((n.X_VENUE, _json(n.X_VENUE, event.venue)))
        if event.recurrence is not None:
            self._recurrence(add)
        props.sort(key=_pair_key)
        out = ["BEGIN:VEVENT"]
        out.extend(line for _, line in props)
        for index, organiser in enumerate(event.organisers):
            out.append("BEGIN:PARTICIPANT")
            out.append(f"PARTICIPANT-TYPE:{ORGANISER_PARTICIPANT_TYPE[organiser.roles[0]]}")
            out.append(_text("SUMMARY", organiser.name))
            out.append(fold(f"UID:{vtext(n.organiser_uid(event.id, index))}"))
            if organiser.url:
                out.append(_uri("URL", organiser.url))
            if organiser.acronym is not None:
                out.append(_text(n.X_ACRONYM, organiser.acronym))
            if organiser.country is not None:
                out.append(_text(n.X_COUNTRY, organiser.country))
            out.append(_text(n.X_ROLES, ",".join(r.value for r in organiser.roles)))
            if organiser.ror:
                out.append(_text(n.X_ROR, organiser.ror))
            out.append("END:PARTICIPANT")
        out.append("END:VEVENT")
        return out

    def _texts(self, add: Any) -> None:
        event = self.event
        lang = event.text_language or None
        add(("SUMMARY", _text("SUMMARY", event.title, lang)))
        questions = [clean_text(q.text) for q in event.policy_questions]
        description = compose_description(_opt(event.subtitle), _opt(event.description), questions)
        if description is not None:
            add(("DESCRIPTION", _text("DESCRIPTION", description, lang)))
        if event.subtitle is not None:
            add((n.X_SUBTITLE, _text(n.X_SUBTITLE, event.subtitle, lang)))
        for tr in event.translations:
            add((n.X_TRANSLATION, _text(n.X_TRANSLATION, tr.language)))
            if tr.title is not None:
                add((n.X_TITLE, _text(n.X_TITLE, tr.title, tr.language)))
            text = compose_description(_opt(tr.subtitle), _opt(tr.description))
            if text is not None:
                add((n.X_DESCRIPTION, _text(n.X_DESCRIPTION, text, tr.language)))
            if tr.subtitle is not None:
                add((n.X_SUBTITLE, _text(n.X_SUBTITLE, tr.subtitle, tr.language)))

    def _facts(self, add: Any) -> None:
        event = self.event
        add((n.X_STATUS, _text(n.X_STATUS, event.status.value)))
        for change in event.status_history:
            add((n.X_STATUS_CHANGE, _json(n.X_STATUS_CHANGE, change)))
        for name, value in (
            (n.X_EVENT_TYPE, event.event_type),
            (n.X_SCOPE, event.scope),
            (n.X_ATTENDANCE_MODE, event.attendance_mode),
            (n.X_ATTENDANCE_POLICY, event.attendance_policy),
            (n.X_VISIBILITY, event.visibility),
        ):
            if value is not None:
                add((name, _text(name, value.value)))
        if event.event_type is not None:
            add(("CATEGORIES", _text("CATEGORIES", event.event_type.value)))
        if event.topics:
            topics = ",".join(escape_text(clean_text(t)) for t in event.topics)
            add(("CATEGORIES", fold("CATEGORIES:" + topics)))
        if event.url:
            add(("URL", _uri("URL", event.url)))
        if event.image is not None:
            add(("IMAGE", _uri("IMAGE", event.image.url, ";DISPLAY=BADGE")))
        for contact in event.contacts:
            parts = [contact.name, contact.role, contact.organisation, contact.email, contact.phone]
            add(("CONTACT", _text("CONTACT", ", ".join(p for p in parts if p))))
        for fact, prop in n.JSON_LISTS.items():
            for item in getattr(event, fact):
                add((prop, _json(prop, item)))
        for fact, prop in n.JSON_RECORDS.items():
            value = getattr(event, fact)
            if value is not None:
                add((prop, _json(prop, value)))
        for fact, prop in n.TEXT_LISTS.items():
            for text in getattr(event, fact):
                add((prop, _text(prop, text)))
        if event.created is not None:
            add(("CREATED", date_line("CREATED", event.created.astimezone(dt.UTC))))
            add((n.X_CREATED, _text(n.X_CREATED, serialize.unstructure(event.created))))
        if event.updated is not None:
            add(("LAST-MODIFIED", date_line("LAST-MODIFIED", event.updated.astimezone(dt.UTC))))
            add((n.X_UPDATED, _text(n.X_UPDATED, serialize.unstructure(event.updated))))

    def _recurrence(self, add: Any) -> None:
        recurrence = self.event.recurrence
        assert recurrence is not None
        if recurrence.rule is not None:
            add(("RRULE", fold(f"RRULE:{_rule(recurrence.rule)}")))
        for value in recurrence.rdates:
            add(("RDATE", date_line("RDATE", value)))
        for value in recurrence.exdates:
            add(("EXDATE", date_line("EXDATE", value)))

    # -------------------------------------------------------------- the other VEVENTs, in icalendar's order

    def _override(self, out: list[str], override: Override) -> None:
        event = self.event
        start = override.start if override.start is not None else override.recurrence_id
        end = override.end if override.end is not None else start + (event.end - event.start)
        title = override.title if override.title is not None else event.title
        out.append("BEGIN:VEVENT")
        out.append(_text("SUMMARY", title))
        out.append(date_line("DTSTART", start))
        out.append(_end_line(end))
        out.append(self.stamp)
        out.append(fold(f"UID:{vtext(self.uid)}"))
        out.append(date_line("RECURRENCE-ID", override.recurrence_id))
        out.append(self.sequence)
        out.append(self.klass)
        if self.organizer is not None:
            out.append(self.organizer)
        out.append("STATUS:CANCELLED" if override.cancelled else self.status)
        out.extend(_constant_text(n.X_STATED, field) for field in stated(event, override))
        out.append("END:VEVENT")

    def _session(self, out: list[str], session: Session) -> None:
        assert session.start is not None
        uid = n.session_uid(self.event.id, session.id)
        add = out.append
        add("BEGIN:VEVENT")
        add(_text("SUMMARY", session.title))
        add(date_line("DTSTART", session.start))
        if session.end is not None:
            add(_end_line(session.end))
        add(self.stamp)
        add(fold(f"UID:{vtext(uid)}"))
        add(self.sequence)
        people = session.chairs, session.moderators, session.speakers
        for role, group in zip(_ROLES, people, strict=True):
            for person in group:
                if person.email:
                    cn = param("CN", clean_param(person.name))
                    add(fold(f"ATTENDEE{cn};CUTYPE=INDIVIDUAL;ROLE={PERSON_ATTENDEE_ROLE[role]}:mailto:{person.email}"))
        add(self.klass)
        geo, location, conference, online = self._session_place(session)
        if conference is not None:
            add(conference)
        if session.description is not None:
            add(_text("DESCRIPTION", session.description))
        if geo is not None:
            add(geo)
        if location is not None:
            add(location)
        if self.organizer is not None:
            add(self.organizer)
        add(self.related)
        add(self.status)
        for qid in session.policy_question_ids:
            add(_text(n.X_QUESTION_IDS, qid))
        if session.room is not None:
            add(_room(session.room))
        add(_constant_text(n.X_SESSION_KIND, session.kind.value))
        if online is not None:
            add(online)
        owner = uid.removesuffix(n.UID_SUFFIX)
        for role, group in zip(_ROLES, people, strict=True):
            for index, person in enumerate(group):
                _person(add, owner, role, index, person)
        add("END:VEVENT")

    def _session_place(self, session: Session) -> list[str | None]:
        key = (session.room, session.virtual_location)
        found = self.places.get(key)
        if found is None:
            venue = self.event.venue if session.virtual_location is None else None
            found = self.places[key] = _place(venue, session.virtual_location, session.room, False)
        return found


def _person(add: Callable[[str], None], owner: str, role: str, index: int, person: Person) -> None:
    add("BEGIN:PARTICIPANT")
    if person.email:
        add(fold(f"CALENDAR-ADDRESS:mailto:{person.email}"))
    add(_PARTICIPANT_TYPE_LINES[role])
    add(_text("SUMMARY", person.name))
    add(fold(f"UID:{vtext(n.person_uid(owner, role, index))}"))
    if person.url:
        add(_uri("URL", person.url))
    if person.affiliation is not None:
        add(_text(n.X_AFFILIATION, person.affiliation))
    add(_constant_text(n.X_PERSON_ROLE, role))
    add("END:PARTICIPANT")


def _end_line(end: dt.date) -> str:
    """DTEND; a date's is exclusive (the day after the last), as RFC 5545 requires."""
    if not isinstance(end, dt.datetime):
        end = end + _ONE_DAY
    return date_line("DTEND", end)


def _place(
    venue: Venue | None, online: VirtualLocation | None, room: str | None, online_only: bool
) -> list[str | None]:
    """GEO, LOCATION, CONFERENCE and X-STIEVENTS-VIRTUAL-LOCATION lines (``None`` when absent)."""
    geo = location = conference = stored = None
    parts: list[str] = []
    if room is not None:
        parts.append(room)
    if venue is not None:
        locality = " ".join(p for p in (venue.postal_code, venue.locality) if p)
        parts.extend(p for p in (venue.name, venue.street, locality, venue.region, venue.country) if p)
        if venue.geo is not None and room is None:
            geo = fold(f"GEO:{float(venue.geo.latitude)};{float(venue.geo.longitude)}")
    if online is not None and online.platform and venue is None:
        parts.append(f"Online ({online.platform})")
    if parts and online_only and venue is not None:
        parts = [f"Online (planned venue: {', '.join(parts)})"]
    if parts:
        location = _text("LOCATION", ", ".join(parts))
    if online is not None:
        if online.join_url_public and online.url:
            extra = ";FEATURE=VIDEO"
            if online.platform:
                extra += param("LABEL", clean_param(online.platform))
            conference = _uri("CONFERENCE", online.url, extra)
        shown = online if online.join_url_public else VirtualLocation(platform=online.platform)
        stored = _json(n.X_VIRTUAL_LOCATION, shown)
    return [geo, location, conference, stored]


@functools.lru_cache(maxsize=1024)
def _rule(rule: str) -> str:
    """An RRULE in icalendar's canonical part order, as the reference writes it."""
    from icalendar import vRecur

    return str(vRecur.from_ical(rule).to_ical().decode("utf-8"))

"""Model -> iCalendar: every rule of what stievents writes, in one place, for both writers to render.

The rules (which VEVENTs an event gives, their UIDs, status and roles as
iCalendar values, participants, the readable LOCATION, the JSON records in
X- properties, the days each VTIMEZONE must cover, the order of properties)
are stated here once. They are described to a :class:`Sink` as a sequence of
calls, one per property: its name, the kind of its value (the method), the
value and its parameters, with ``begin``/``end`` around each component. Two
engines render that description:

- :mod:`stievents_ical._write_fast` (serves ``ics``) makes content lines of it;
- :mod:`stievents_ical._write_reference` (the reference) makes icalendar components.

The description is a sequence of calls rather than a list of records so that
the fast writer makes each line at once, with no record built and read again;
what an event's VEVENTs share (DTSTAMP, SEQUENCE, CLASS, ORGANIZER, a
session's RELATED-TO and place) is described once and repeated, so the fast
writer renders it once. The TEXT escaping rule is here too (:func:`escaped`);
the engines differ only in how they put a value in a line. The tests prove the
two engines byte-identical and check that neither names a property, value or
model class of its own (``tests/test_ical_fast.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from stievents import serialize
from stievents.errors import StieventsError
from stievents.model import (
    AttendanceMode,
    Event,
    EventStatus,
    Organiser,
    OrganiserRole,
    Override,
    Person,
    Session,
    SessionKind,
    Venue,
    VirtualLocation,
    Visibility,
)
from stievents.plugin_types import ExportContext
from stievents_ical import _names as n
from stievents_ical._stated import stated
from stievents_ical._text import clean_param, clean_text, compose_description, escape_text
from stievents_ical._transitions import repeated_days
from stievents_ical.options import IcsExportOptions

__all__ = [
    "CANONICAL_ORDER",
    "NEEDS_ESCAPING",
    "ORGANISER_PARTICIPANT_TYPE",
    "PERSON_ATTENDEE_ROLE",
    "PERSON_PARTICIPANT_TYPE",
    "PERSON_ROLES",
    "STATUS_TO_ICAL",
    "VCALENDAR_ORDER",
    "VEVENT_ORDER",
    "Params",
    "Sink",
    "ambiguous_reading",
    "calendar",
    "dtstamp",
    "escape_found",
    "escaped",
    "event",
    "json_text",
    "organizer_of",
    "sort_key",
    "zone_days",
]

STATUS_TO_ICAL = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.RESCHEDULED: "CONFIRMED",
    EventStatus.MOVED_ONLINE: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}
ORGANISER_PARTICIPANT_TYPE = {
    OrganiserRole.HOST: "X-HOST",
    OrganiserRole.CO_ORGANISER: "X-CO-ORGANISER",
    OrganiserRole.PARTNER: "X-PARTNER",
    OrganiserRole.SPONSOR: "SPONSOR",
    OrganiserRole.FUNDER: "X-FUNDER",
}
PERSON_ROLES = ("chair", "moderator", "speaker")  # the order a session's people are written in
PERSON_PARTICIPANT_TYPE = {"chair": "X-CHAIR", "moderator": "X-MODERATOR", "speaker": "SPEAKER"}
PERSON_ATTENDEE_ROLE = {"chair": "CHAIR", "moderator": "CHAIR", "speaker": "REQ-PARTICIPANT"}

# The order of a VEVENT's properties: these first, in this order, then the others alphabetically, each
# name's values in the order given. It is icalendar's ``Event.canonical_order`` (the reference writer
# gets it from icalendar itself; a test asserts the two are equal). Other components: alphabetically.
VEVENT_ORDER = (
    *("SUMMARY", "DTSTART", "DTEND", "DURATION", "DTSTAMP", "UID", "RECURRENCE-ID", "SEQUENCE"),
    *("RRULE", "RDATE", "EXDATE"),
)

Params = tuple[tuple[str, str], ...]
"""A property's parameters, (name, value) pairs; values are plain (the engine quotes them)."""

_UTC = zoneinfo.ZoneInfo("UTC")
_ONE_DAY = dt.timedelta(days=1)
NEEDS_ESCAPING = re.compile(r"[\x00-\x1f\x7f\\;,]")
"""What :func:`escaped` changes: text without it is written as it is."""
_CLEANED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # what clean_text changes (CR included): skipped without it
_URI: Params = (("VALUE", "URI"),)


class Sink(Protocol):
    """What a writer does with the description: one call per component boundary and per property.

    What several VEVENTs of an event have alike (all of them, its sessions of
    one kind, those in one room, its people in one role) is described once with
    :meth:`shared` and written with :meth:`repeat`, so that an engine may render
    it once.

    ``text`` is TEXT as the model has it, which the engine writes as
    :func:`escaped` gives it; ``escaped_text`` is TEXT already escaped (JSON
    records, lists, UIDs made once per event); ``token`` is TEXT from a small
    vocabulary (statuses, roles, kinds: the same few values over and over), so
    that an engine may render each once.
    """

    def begin(self, name: str) -> None: ...

    def end(self) -> None: ...

    def text(self, name: str, value: str, params: Params = ()) -> None: ...

    def escaped_text(self, name: str, value: str, params: Params = ()) -> None: ...

    def token(self, name: str, value: str) -> None: ...

    def uri(self, name: str, value: str, params: Params) -> None: ...

    def address(self, name: str, value: str, params: Params = ()) -> None: ...

    def time(self, name: str, value: dt.date, params: Params = ()) -> None: ...

    def integer(self, name: str, value: int) -> None: ...

    def geo(self, name: str, latitude: float, longitude: float) -> None: ...

    def recur(self, name: str, rule: str) -> None: ...

    def duration(self, name: str, value: str, params: Params = ()) -> None: ...

    def shared(self, describe: Callable[[Sink], None]) -> Any:
        """Properties that several components of an event have alike, described once; a handle for :meth:`repeat`."""

    def repeat(self, shared: Any) -> None:
        """The properties of a :meth:`shared` handle, in the current component."""


# The order of a VCALENDAR's own properties, as icalendar's ``Calendar.canonical_order`` (a test asserts it).
VCALENDAR_ORDER = (
    *("VERSION", "PRODID", "CALSCALE", "METHOD"),
    *("DESCRIPTION", "X-WR-CALDESC", "NAME", "X-WR-CALNAME"),
)

CANONICAL_ORDER = {"VEVENT": VEVENT_ORDER, "VCALENDAR": VCALENDAR_ORDER}
"""The components whose properties have an order of their own; the others' go by name."""


@functools.cache
def sort_key(component: str, name: str) -> tuple[int, str]:
    """Where property ``name`` goes in ``component``: its canonical names first, in order, then the others by name."""
    order = CANONICAL_ORDER.get(component, ())
    if name in order:
        return order.index(name), ""
    return len(order), name


# ------------------------------------------------------------------ values


def escaped(text: str) -> str:
    """TEXT as written: controls removed (CR and CRLF become LF), then escaped, so no text can end a line."""
    if NEEDS_ESCAPING.search(text) is None:
        return text
    return escape_found(text)


def escape_found(text: str) -> str:
    """:func:`escaped` for text in which :data:`NEEDS_ESCAPING` has found something."""
    if _CLEANED.search(text) is not None:
        text = clean_text(text)
    return escape_text(text)


def _opt(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


def json_text(value: Any) -> str:
    """A record as compact JSON, escaped as TEXT (JSON escapes every control character but DEL, done here)."""
    data = json.dumps(serialize.unstructure(value), ensure_ascii=False, separators=(",", ":"))
    return escape_text(data.replace("\x7f", "\\u007f"))


@functools.lru_cache(maxsize=1024)
def _room_text(room: str) -> str:
    """X-STIEVENTS-ROOM: JSON, so that it equals the venue's room exactly (controls and all); rooms recur."""
    return json_text(room)


def ambiguous_reading(value: dt.date) -> str | None:
    """The zone key of a time in a repeated hour (either pass, as its ``fold`` says), else ``None``.

    RFC 5545 reads such a local time as its first pass; ical.js (Thunderbird)
    reads it as the second. So it is written in UTC with the zone in an
    ``X-STIEVENTS-TZID`` parameter: every client gets the right instant, and our
    importer the zone and fold.
    """
    if (
        isinstance(value, dt.datetime)
        and isinstance(value.tzinfo, zoneinfo.ZoneInfo)
        and value.toordinal() in repeated_days(value.tzinfo, value.year)  # few days: the rest are not looked at
    ):
        offset = value.utcoffset()
        other = value.replace(fold=not value.fold).utcoffset()
        if offset != other and (offset > other if value.fold == 0 else offset < other):  # type: ignore[operator]
            return value.tzinfo.key  # clocks went back (in a gap, fold=0 has the smaller offset)
    return None


def _time(out: Sink, name: str, value: dt.date) -> None:
    """A DATE or DATE-TIME in its own zone; a time in a repeated hour in UTC with its zone."""
    key = ambiguous_reading(value)
    if key is not None:
        assert isinstance(value, dt.datetime)
        out.time(name, value.astimezone(_UTC), ((n.X_ZONE, key),))
        return
    out.time(name, value)


def _link(out: Sink, name: str, url: str, params: Params = _URI) -> None:
    """A URI property (``VALUE=URI``): one line, no controls, no DQUOTE, as a parameter value."""
    out.uri(name, clean_param(url), params)


def _when(out: Sink, start: dt.date, end: dt.date | None) -> None:
    """DTSTART and DTEND; a date's DTEND is exclusive (the day after the last), as RFC 5545 requires."""
    if isinstance(start, dt.datetime):
        _time(out, "DTSTART", start)
        if end is not None:
            _time(out, "DTEND", end if isinstance(end, dt.datetime) else end + _ONE_DAY)
    else:
        out.time("DTSTART", start)
        if end is not None:
            out.time("DTEND", end + _ONE_DAY)


# ------------------------------------------------------------------ the calendar


def dtstamp(context: ExportContext) -> dt.datetime:
    """DTSTAMP of every VEVENT: ``now`` when given (deterministic output), in UTC, whole seconds."""
    return context.now_or_current().astimezone(_UTC).replace(microsecond=0)


def organizer_of(event: Event) -> tuple[str, str | None] | None:
    """(mailto address, name) of the first contact with an e-mail; ORGANIZER needs a CAL-ADDRESS."""
    for contact in event.contacts:
        if contact.email:
            return f"mailto:{contact.email}", contact.name
    return None


def calendar(
    events: Sequence[Event], options: IcsExportOptions, organizers: Sequence[tuple[str, str | None] | None], out: Sink
) -> None:
    """The VCALENDAR's own properties (between its ``begin`` and the VTIMEZONEs, which the engines add)."""
    out.token("PRODID", n.PRODID)
    out.token("VERSION", "2.0")
    out.token("CALSCALE", "GREGORIAN")
    if events and all(o is not None for o in organizers):
        out.token("METHOD", "PUBLISH")  # RFC 5546: PUBLISH needs an ORGANIZER, and that a CAL-ADDRESS
    name = options.calendar_name or (events[0].title if len(events) == 1 else "stievents")
    digest = hashlib.sha256("\n".join(e.id for e in events).encode("utf-8")).hexdigest()[:16]
    out.text("UID", f"calendar-{digest}{n.UID_SUFFIX}")  # derived from the ids, never random
    out.text("NAME", name)
    out.text("X-WR-CALNAME", name)
    if options.refresh_interval:
        out.duration("REFRESH-INTERVAL", options.refresh_interval, (("VALUE", "DURATION"),))
        out.duration("X-PUBLISHED-TTL", options.refresh_interval)
    if options.source_url:
        _link(out, "SOURCE", options.source_url)
    if options.calendar_url:
        _link(out, "URL", options.calendar_url)


def zone_days(events: Sequence[Event]) -> dict[str, set[dt.date]]:
    """The days each zone is used on (starts, ends, RDATEs, EXDATEs, occurrences), so that every VTIMEZONE
    covers exactly what the file needs; UTC needs none."""
    days: dict[str, set[dt.date]] = defaultdict(set)

    def note(value: object) -> None:
        tz = value.tzinfo if isinstance(value, dt.datetime) else None
        if isinstance(tz, zoneinfo.ZoneInfo) and tz.key != "UTC":
            assert isinstance(value, dt.datetime)
            days[tz.key].add(value.date())

    for event in events:
        note(event.start)
        note(event.end)
        recurrence = event.recurrence
        if recurrence is not None:
            for value in (*recurrence.rdates, *recurrence.exdates):
                note(value)
            try:
                for occurrence in event.occurrences(limit=20_000):
                    note(occurrence.start)
                    note(occurrence.end)
            except StieventsError:  # pragma: no cover - the model bounds every rule
                pass
            for override in recurrence.overrides:
                note(override.recurrence_id)
                start = override.start if override.start is not None else override.recurrence_id
                note(start)
                note(override.end if override.end is not None else start + (event.end - event.start))
        for session in event.sessions:
            note(session.start)
            note(session.end)
    return days


# ------------------------------------------------------------------ an event's VEVENTs


class _Place:
    """What a place gives: GEO, LOCATION, CONFERENCE and X-STIEVENTS-VIRTUAL-LOCATION, ready to emit."""

    __slots__ = ("conference", "geo", "location", "stored")

    def __init__(
        self, venue: Venue | None, online: VirtualLocation | None, room: str | None, online_only: bool
    ) -> None:
        parts: list[str] = []
        if room is not None:
            parts.append(room)
        self.geo: tuple[float, float] | None = None
        if venue is not None:
            locality = " ".join(p for p in (venue.postal_code, venue.locality) if p)
            parts.extend(p for p in (venue.name, venue.street, locality, venue.region, venue.country) if p)
            if venue.geo is not None and room is None:
                self.geo = (venue.geo.latitude, venue.geo.longitude)
        if online is not None and online.platform and venue is None:
            parts.append(f"Online ({online.platform})")
        if parts and online_only and venue is not None:
            parts = [f"Online (planned venue: {', '.join(parts)})"]  # an online-only event says so first
        self.location = ", ".join(parts) if parts else None
        self.conference: tuple[str, Params] | None = None
        self.stored: str | None = None
        if online is not None:
            if online.join_url_public and online.url:  # a join link that may not be published is never written
                params: Params = (("FEATURE", "VIDEO"), *_URI)
                if online.platform:
                    params += (("LABEL", clean_param(online.platform)),)
                self.conference = online.url, params
            shown = online if online.join_url_public else VirtualLocation(platform=online.platform)
            self.stored = json_text(shown)

    def emit(self, out: Sink) -> None:
        if self.geo is not None:
            out.geo("GEO", *self.geo)
        if self.location is not None:
            out.text("LOCATION", self.location)
        if self.conference is not None:
            _link(out, "CONFERENCE", *self.conference)
        if self.stored is not None:
            out.escaped_text(n.X_VIRTUAL_LOCATION, self.stored)


def event(event: Event, stamp: dt.datetime, organizer: tuple[str, str | None] | None, out: Sink) -> None:
    """Every VEVENT of ``event``: its own, one per overridden occurrence and one per scheduled session."""
    _EventMapping(event, stamp, organizer, out).emit()


class _EventMapping:
    """One event's VEVENTs; what they share (UID, status, organizer, places) is worked out once."""

    def __init__(self, event: Event, stamp: dt.datetime, organizer: tuple[str, str | None] | None, out: Sink) -> None:
        self.event = event
        self.stamp = stamp
        self.out = out
        self.uid = escaped(n.vevent_uid(event.id, event.uid))
        self.status = STATUS_TO_ICAL[event.status]
        self.klass = "PRIVATE" if event.visibility is Visibility.PRIVATE else "PUBLIC"
        self.organizer: tuple[str, Params] | None = None
        if organizer is not None:
            address, name = organizer
            self.organizer = address, ((("CN", clean_param(name)),) if name else ())
        self.places: dict[tuple[str | None, VirtualLocation | None], Any] = {}
        self.common = out.shared(self._common)
        self.session_common: dict[int, Any] = {}  # by id(kind): an Enum's hash is a Python call
        self.roles: dict[str, Any] = {}

    def emit(self) -> None:
        event = self.event
        self._main()
        if event.recurrence is not None:
            for override in event.recurrence.overrides:
                self._override(override)
        for session in event.sessions:
            if session.is_scheduled:
                self._session(session)

    def _common(self, out: Sink) -> None:
        """What every VEVENT of the event has alike: DTSTAMP, SEQUENCE, CLASS and ORGANIZER."""
        out.time("DTSTAMP", self.stamp)
        out.integer("SEQUENCE", self.event.revision)
        out.token("CLASS", self.klass)
        if self.organizer is not None:
            out.address("ORGANIZER", *self.organizer)

    def _session_common(self, kind: SessionKind, out: Sink) -> None:
        """What the event's sessions of one kind have alike: the common properties, the event's STATUS,
        RELATED-TO the event's UID, and the kind."""
        out.repeat(self.common)
        out.token("STATUS", self.status)
        out.escaped_text("RELATED-TO", self.uid, (("RELTYPE", "PARENT"),))
        out.token(n.X_SESSION_KIND, kind.value)

    def _main(self) -> None:
        event, out = self.event, self.out
        out.begin("VEVENT")
        out.escaped_text("UID", self.uid)
        out.repeat(self.common)
        out.token("STATUS", self.status)
        if event.uid is not None and n.id_from_uid(event.uid) != event.id:
            out.text(n.X_ID, event.id)  # a source's UID does not give our id back
        _when(out, event.start, event.end)
        self._texts()
        self._facts()
        online_only = event.attendance_mode is AttendanceMode.ONLINE or event.status is EventStatus.MOVED_ONLINE
        _Place(event.venue, event.virtual_location, None, online_only).emit(out)
        if event.venue is not None:
            out.escaped_text(n.X_VENUE, json_text(event.venue))
        for index, organiser in enumerate(event.organisers):
            self._organiser(index, organiser)
        recurrence = event.recurrence
        if recurrence is not None:
            if recurrence.rule is not None:
                out.recur("RRULE", recurrence.rule)
            for value in recurrence.rdates:
                _time(out, "RDATE", value)
            for value in recurrence.exdates:
                _time(out, "EXDATE", value)
        out.end()

    def _texts(self) -> None:
        """SUMMARY and DESCRIPTION in the event's language; translations in X- properties (one SUMMARY only)."""
        event, out = self.event, self.out
        lang: Params = (("LANGUAGE", event.text_language),) if event.text_language else ()
        out.text("SUMMARY", event.title, lang)
        questions = [clean_text(q.text) for q in event.policy_questions]
        description = compose_description(_opt(event.subtitle), _opt(event.description), questions)
        if description is not None:
            out.text("DESCRIPTION", description, lang)
        if event.subtitle is not None:
            out.text(n.X_SUBTITLE, event.subtitle, lang)
        for tr in event.translations:
            out.text(n.X_TRANSLATION, tr.language)
            params: Params = (("LANGUAGE", tr.language),)
            if tr.title is not None:
                out.text(n.X_TITLE, tr.title, params)
            text = compose_description(_opt(tr.subtitle), _opt(tr.description))
            if text is not None:
                out.text(n.X_DESCRIPTION, text, params)
            if tr.subtitle is not None:
                out.text(n.X_SUBTITLE, tr.subtitle, params)

    def _facts(self) -> None:
        event, out = self.event, self.out
        out.token(n.X_STATUS, event.status.value)
        for change in event.status_history:
            out.escaped_text(n.X_STATUS_CHANGE, json_text(change))
        for name, value in (
            (n.X_EVENT_TYPE, event.event_type),
            (n.X_SCOPE, event.scope),
            (n.X_ATTENDANCE_MODE, event.attendance_mode),
            (n.X_ATTENDANCE_POLICY, event.attendance_policy),
            (n.X_VISIBILITY, event.visibility),
        ):
            if value is not None:
                out.token(name, value.value)
        if event.event_type is not None:
            out.text("CATEGORIES", event.event_type.value)
        if event.topics:
            out.escaped_text("CATEGORIES", ",".join(escape_text(clean_text(t)) for t in event.topics))  # one list
        if event.url:
            _link(out, "URL", event.url)
        if event.image is not None:
            _link(out, "IMAGE", event.image.url, (("DISPLAY", "BADGE"), *_URI))
        for contact in event.contacts:
            parts = [contact.name, contact.role, contact.organisation, contact.email, contact.phone]
            out.text("CONTACT", ", ".join(p for p in parts if p))
        for fact, prop in n.JSON_LISTS.items():
            for item in getattr(event, fact):
                out.escaped_text(prop, json_text(item))
        for fact, prop in n.JSON_RECORDS.items():
            value = getattr(event, fact)
            if value is not None:
                out.escaped_text(prop, json_text(value))
        for fact, prop in n.TEXT_LISTS.items():
            for text in getattr(event, fact):
                out.text(prop, text)
        if event.created is not None:  # in UTC for clients; with its zone for us
            out.time("CREATED", event.created.astimezone(_UTC))
            out.text(n.X_CREATED, serialize.unstructure(event.created))
        if event.updated is not None:
            out.time("LAST-MODIFIED", event.updated.astimezone(_UTC))
            out.text(n.X_UPDATED, serialize.unstructure(event.updated))

    def _organiser(self, index: int, organiser: Organiser) -> None:
        """An RFC 9073 PARTICIPANT; its type from the first role, every role in X-STIEVENTS-ROLES."""
        out = self.out
        out.begin("PARTICIPANT")
        out.text("UID", n.organiser_uid(self.event.id, index))
        out.token("PARTICIPANT-TYPE", ORGANISER_PARTICIPANT_TYPE[organiser.roles[0]])
        out.text("SUMMARY", organiser.name)
        out.text(n.X_ROLES, ",".join(r.value for r in organiser.roles))
        if organiser.acronym is not None:
            out.text(n.X_ACRONYM, organiser.acronym)
        if organiser.country is not None:
            out.text(n.X_COUNTRY, organiser.country)
        if organiser.url:
            _link(out, "URL", organiser.url)
        if organiser.ror:
            out.text(n.X_ROR, organiser.ror)
        out.end()

    def _override(self, override: Override) -> None:
        """An overridden occurrence: the event's UID with RECURRENCE-ID; stated fields named (see ``_stated``)."""
        event, out = self.event, self.out
        out.begin("VEVENT")
        out.escaped_text("UID", self.uid)
        out.repeat(self.common)
        out.token("STATUS", "CANCELLED" if override.cancelled else self.status)
        _time(out, "RECURRENCE-ID", override.recurrence_id)
        start = override.start if override.start is not None else override.recurrence_id
        end = override.end if override.end is not None else start + (event.end - event.start)
        _when(out, start, end)
        out.text("SUMMARY", override.title if override.title is not None else event.title)
        for field in stated(event, override):
            out.token(n.X_STATED, field)
        out.end()

    def _session(self, session: Session) -> None:
        """A scheduled session: a VEVENT of its own, RELATED-TO its event's UID, with its people."""
        event, out = self.event, self.out
        assert session.start is not None
        uid = n.session_uid(event.id, session.id)
        common = self.session_common.get(id(session.kind))
        if common is None:
            describe = functools.partial(self._session_common, session.kind)
            common = self.session_common[id(session.kind)] = out.shared(describe)
        out.begin("VEVENT")
        out.text("UID", uid)
        out.repeat(common)
        _when(out, session.start, session.end)
        out.text("SUMMARY", session.title)
        if session.description is not None:
            out.text("DESCRIPTION", session.description)
        key = (session.room, session.virtual_location)
        place = self.places.get(key)
        if place is None:
            place = self.places[key] = out.shared(functools.partial(self._session_place, *key))
        out.repeat(place)
        for qid in session.policy_question_ids:
            out.text(n.X_QUESTION_IDS, qid)
        owner = uid.removesuffix(n.UID_SUFFIX)
        for role, people in zip(PERSON_ROLES, (session.chairs, session.moderators, session.speakers), strict=True):
            for index, person in enumerate(people):
                self._person(owner, role, index, person)
        out.end()

    def _session_place(self, room: str | None, online: VirtualLocation | None, out: Sink) -> None:
        """X-STIEVENTS-ROOM and the place of a session: its room and the venue, or its own online place."""
        if room is not None:
            out.escaped_text(n.X_ROOM, _room_text(room))
        _Place(self.event.venue if online is None else None, online, room, False).emit(out)

    def _role(self, role: str) -> Any:
        """What every PARTICIPANT of a person in ``role`` has alike: its type and the role itself."""

        def describe(out: Sink) -> None:
            out.token("PARTICIPANT-TYPE", PERSON_PARTICIPANT_TYPE[role])
            out.token(n.X_PERSON_ROLE, role)

        shared = self.roles[role] = self.out.shared(describe)
        return shared

    def _person(self, owner: str, role: str, index: int, person: Person) -> None:
        """A PARTICIPANT; with an e-mail also an ATTENDEE, which more clients show."""
        out = self.out
        out.begin("PARTICIPANT")
        out.text("UID", n.person_uid(owner, role, index))
        out.repeat(self.roles.get(role) or self._role(role))
        out.text("SUMMARY", person.name)
        if person.affiliation is not None:
            out.text(n.X_AFFILIATION, person.affiliation)
        if person.email:
            out.address("CALENDAR-ADDRESS", f"mailto:{person.email}")
        if person.url:
            _link(out, "URL", person.url)
        out.end()
        if person.email:
            params = (("CN", clean_param(person.name)), ("CUTYPE", "INDIVIDUAL"), ("ROLE", PERSON_ATTENDEE_ROLE[role]))
            out.address("ATTENDEE", f"mailto:{person.email}", params)

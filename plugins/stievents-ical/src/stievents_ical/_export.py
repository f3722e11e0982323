"""Events -> iCalendar: one VEVENT per event, per scheduled session and per overridden occurrence.

Everything iCalendar has a property for goes into that property, so any client
shows it; what it has none for goes into ``X-STIEVENTS-*`` properties (JSON
values for records) so that our own importer restores it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

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
    Venue,
    VirtualLocation,
    Visibility,
)
from stievents.plugin_types import ExportContext
from stievents_ical import _names as n
from stievents_ical._lines import second_reading
from stievents_ical._stated import stated
from stievents_ical._text import clean_param, clean_text, compose_description, escape_text
from stievents_ical._zones import timezone_component
from stievents_ical.options import IcsExportOptions

if TYPE_CHECKING:
    from icalendar import Calendar, Component
    from icalendar import Event as VEvent

__all__ = ["STATUS_TO_ICAL", "ZoneDays", "calendar_head", "dtstamp", "organizer_of", "write_ics"]

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
PERSON_PARTICIPANT_TYPE = {"chair": "X-CHAIR", "moderator": "X-MODERATOR", "speaker": "SPEAKER"}
PERSON_ATTENDEE_ROLE = {"chair": "CHAIR", "moderator": "CHAIR", "speaker": "REQ-PARTICIPANT"}


class ZoneDays:
    """The days each zone is used on, so that every VTIMEZONE covers exactly what the file needs."""

    def __init__(self) -> None:
        self.days: dict[str, set[dt.date]] = defaultdict(set)

    def note(self, value: object) -> None:
        tz = value.tzinfo if isinstance(value, dt.datetime) else None
        if isinstance(tz, zoneinfo.ZoneInfo) and tz.key != "UTC":
            assert isinstance(value, dt.datetime)
            self.days[tz.key].add(value.date())

    def note_event(self, event: Event) -> None:
        """Every instant the reference writer notes while building ``event``'s VEVENTs (for writers that stream)."""
        note = self.note
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


def write_ics(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write ``events`` as one VCALENDAR."""
    stream.write(build_calendar(events, context).to_ical())


def build_calendar(events: Sequence[Event], context: ExportContext) -> Calendar:
    """The VCALENDAR for ``events`` (VTIMEZONEs first, then the VEVENTs)."""
    stamp = dtstamp(context)
    organizers = [organizer_of(e) for e in events]
    cal = calendar_head(events, context, organizers)
    zones = ZoneDays()
    vevents: list[Component] = []
    for event, organizer in zip(events, organizers, strict=True):
        vevents.extend(_event_components(event, stamp, organizer, zones))
    for key in sorted(zones.days):
        cal.add_component(timezone_component(key, zones.days[key]))
    for component in vevents:
        cal.add_component(component)
    return cal


def dtstamp(context: ExportContext) -> dt.datetime:
    """DTSTAMP of every VEVENT: ``now`` when given (deterministic output), in UTC, whole seconds."""
    return context.now_or_current().astimezone(zoneinfo.ZoneInfo("UTC")).replace(microsecond=0)


def calendar_head(
    events: Sequence[Event], context: ExportContext, organizers: Sequence[tuple[str, str | None] | None]
) -> Calendar:
    """The VCALENDAR with its own properties only; both writers serialise it with icalendar."""
    from icalendar import Calendar

    options = context.options if isinstance(context.options, IcsExportOptions) else IcsExportOptions()
    cal = Calendar()
    cal.add("prodid", n.PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if events and all(o is not None for o in organizers):
        cal.add("method", "PUBLISH")
    _calendar_labels(cal, events, options)
    return cal


def _calendar_labels(cal: Calendar, events: Sequence[Event], options: IcsExportOptions) -> None:
    name = options.calendar_name or (events[0].title if len(events) == 1 else "stievents")
    digest = hashlib.sha256("\n".join(e.id for e in events).encode("utf-8")).hexdigest()[:16]
    cal.add("uid", f"calendar-{digest}{n.UID_SUFFIX}")
    _text(cal, "NAME", name)
    _text(cal, "X-WR-CALNAME", name)
    if options.refresh_interval:
        from icalendar import vDuration

        interval = vDuration.from_ical(options.refresh_interval)  # type: ignore[no-untyped-call]
        cal.add("refresh-interval", interval, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(interval))
    if options.source_url:
        cal.add("source", _uri(options.source_url), parameters={"VALUE": "URI"})
    if options.calendar_url:
        cal.add("url", _uri(options.calendar_url), parameters={"VALUE": "URI"})


def organizer_of(event: Event) -> tuple[str, str | None] | None:
    """(mailto address, name) of the first contact with an e-mail; ORGANIZER needs a CAL-ADDRESS."""
    for contact in event.contacts:
        if contact.email:
            return f"mailto:{contact.email}", contact.name
    return None


# ------------------------------------------------------------------ components


def _event_components(
    event: Event, stamp: dt.datetime, organizer: tuple[str, str | None] | None, zones: ZoneDays
) -> list[Component]:
    main = _base(n.event_uid(event.id), event, stamp, organizer)
    _when(main, event.start, event.end, zones)
    _event_texts(main, event)
    _event_facts(main, event)
    online_only = event.attendance_mode is AttendanceMode.ONLINE or event.status is EventStatus.MOVED_ONLINE
    _place(main, event.venue, event.virtual_location, online_only=online_only)
    if event.venue is not None:
        _json(main, n.X_VENUE, event.venue)
    for index, organiser in enumerate(event.organisers):
        main.add_component(_organiser_participant(event.id, index, organiser))
    result: list[Component] = [main]
    if event.recurrence is not None:
        _recurrence(main, event, zones)
        result.extend(_override(event, o, stamp, organizer, zones) for o in event.recurrence.overrides)
    result.extend(_session(event, s, stamp, organizer, zones) for s in event.sessions if s.is_scheduled)
    return result


def _base(
    uid: str, event: Event, stamp: dt.datetime, organizer: tuple[str, str | None] | None, *, cancelled: bool = False
) -> VEvent:
    from icalendar import Event as VEvent
    from icalendar import vCalAddress

    component = VEvent()
    component.add("uid", uid)
    component.add("dtstamp", stamp)
    component.add("sequence", event.revision)
    component.add("status", "CANCELLED" if cancelled else STATUS_TO_ICAL[event.status])
    component.add("class", "PRIVATE" if event.visibility is Visibility.PRIVATE else "PUBLIC")
    if organizer is not None:
        address, name = organizer
        params = {"CN": clean_param(name)} if name else {}
        component.add("organizer", vCalAddress(address), parameters=params)
    return component


def _when(component: Component, start: dt.date, end: dt.date | None, zones: ZoneDays) -> None:
    """DTSTART/DTEND in their own zones; dates get an exclusive DTEND (the day after the last)."""
    _time(component, "dtstart", start)
    zones.note(start)
    if end is None:
        return
    if not isinstance(end, dt.datetime):
        end = end + dt.timedelta(days=1)
    _time(component, "dtend", end)
    zones.note(end)


def _time(component: Component, name: str, value: dt.date) -> None:
    """A DATE or DATE-TIME property; the second pass of a repeated hour in UTC with its zone (see ``_lines``)."""
    key = second_reading(value)
    if key is None:
        component.add(name, value)
    else:
        assert isinstance(value, dt.datetime)
        component.add(name, value.astimezone(zoneinfo.ZoneInfo("UTC")), parameters={n.X_ZONE: key})


def _event_texts(component: Component, event: Event) -> None:
    questions = [q.text for q in event.policy_questions]
    lang = {"LANGUAGE": event.text_language} if event.text_language else {}
    _text(component, "SUMMARY", event.title, lang)
    description = compose_description(_opt(event.subtitle), _opt(event.description), [clean_text(q) for q in questions])
    if description is not None:
        _text(component, "DESCRIPTION", description, lang)
    if event.subtitle is not None:
        _text(component, n.X_SUBTITLE, event.subtitle, lang)
    for tr in event.translations:
        params = {"LANGUAGE": tr.language}
        _text(component, n.X_TRANSLATION, tr.language)
        if tr.title is not None:
            _text(component, n.X_TITLE, tr.title, params)
        text = compose_description(_opt(tr.subtitle), _opt(tr.description))
        if text is not None:
            _text(component, n.X_DESCRIPTION, text, params)
        if tr.subtitle is not None:
            _text(component, n.X_SUBTITLE, tr.subtitle, params)


def _event_facts(component: Component, event: Event) -> None:
    _text(component, n.X_STATUS, event.status.value)
    for change in event.status_history:
        _json(component, n.X_STATUS_CHANGE, change)
    for name, value in (
        (n.X_EVENT_TYPE, event.event_type),
        (n.X_SCOPE, event.scope),
        (n.X_ATTENDANCE_MODE, event.attendance_mode),
        (n.X_ATTENDANCE_POLICY, event.attendance_policy),
        (n.X_VISIBILITY, event.visibility),
    ):
        if value is not None:
            _text(component, name, value.value)
    if event.event_type is not None:
        _categories(component, [event.event_type.value])
    if event.topics:
        _categories(component, event.topics)
    if event.url:
        component.add("url", _uri(event.url), parameters={"VALUE": "URI"})
    if event.image is not None:
        component.add("image", _uri(event.image.url), parameters={"VALUE": "URI", "DISPLAY": "BADGE"})
    for contact in event.contacts:
        parts = [contact.name, contact.role, contact.organisation, contact.email, contact.phone]
        _text(component, "CONTACT", ", ".join(p for p in parts if p))
    for fact, prop in n.JSON_LISTS.items():
        for item in getattr(event, fact):
            _json(component, prop, item)
    for fact, prop in n.JSON_RECORDS.items():
        if getattr(event, fact) is not None:
            _json(component, prop, getattr(event, fact))
    for fact, prop in n.TEXT_LISTS.items():
        for text in getattr(event, fact):
            _text(component, prop, text)
    for stamp_name, stamp in (("created", event.created), ("last-modified", event.updated)):
        if stamp is not None:
            component.add(stamp_name, stamp.astimezone(zoneinfo.ZoneInfo("UTC")))
    if event.created is not None:
        _text(component, n.X_CREATED, serialize.unstructure(event.created))
    if event.updated is not None:
        _text(component, n.X_UPDATED, serialize.unstructure(event.updated))


def _place(
    component: Component,
    venue: Venue | None,
    online: VirtualLocation | None,
    room: str | None = None,
    *,
    online_only: bool = False,
) -> None:
    """LOCATION (readable), GEO and CONFERENCE; an online-only event says so before its planned venue."""
    parts: list[str] = []
    if room is not None:
        parts.append(room)
    if venue is not None:
        locality = " ".join(p for p in (venue.postal_code, venue.locality) if p)
        parts.extend(p for p in (venue.name, venue.street, locality, venue.region, venue.country) if p)
        if venue.geo is not None and room is None:
            component.add("geo", (venue.geo.latitude, venue.geo.longitude))
    if online is not None and online.platform and venue is None:
        parts.append(f"Online ({online.platform})")
    if parts and online_only and venue is not None:
        parts = [f"Online (planned venue: {', '.join(parts)})"]
    if parts:
        _text(component, "LOCATION", ", ".join(parts))
    if online is not None:
        if online.join_url_public and online.url:
            params = {"VALUE": "URI", "FEATURE": "VIDEO"}
            if online.platform:
                params["LABEL"] = clean_param(online.platform)
            component.add("conference", _uri(online.url), parameters=params)
        shown = online if online.join_url_public else VirtualLocation(platform=online.platform)
        _json(component, n.X_VIRTUAL_LOCATION, shown)


def _organiser_participant(event_id: str, index: int, organiser: Organiser) -> Component:
    participant = _component("PARTICIPANT")
    participant.add("uid", n.organiser_uid(event_id, index))
    participant.add("participant-type", ORGANISER_PARTICIPANT_TYPE[organiser.roles[0]])
    _text(participant, "SUMMARY", organiser.name)
    _text(participant, n.X_ROLES, ",".join(r.value for r in organiser.roles))
    for name, value in ((n.X_ACRONYM, organiser.acronym), (n.X_COUNTRY, organiser.country)):
        if value is not None:
            _text(participant, name, value)
    if organiser.url:
        participant.add("url", _uri(organiser.url), parameters={"VALUE": "URI"})
    if organiser.ror:
        _text(participant, n.X_ROR, organiser.ror)
    return participant


def _person_participant(owner_uid: str, role: str, index: int, person: Person) -> Component:
    participant = _component("PARTICIPANT")
    participant.add("uid", n.person_uid(owner_uid.removesuffix(n.UID_SUFFIX), role, index))
    participant.add("participant-type", PERSON_PARTICIPANT_TYPE[role])
    _text(participant, "SUMMARY", person.name)
    _text(participant, n.X_PERSON_ROLE, role)
    if person.affiliation is not None:
        _text(participant, n.X_AFFILIATION, person.affiliation)
    if person.email:
        from icalendar import vCalAddress

        participant.add("calendar-address", vCalAddress(f"mailto:{person.email}"))
    if person.url:
        participant.add("url", _uri(person.url), parameters={"VALUE": "URI"})
    return participant


def _session(
    event: Event, session: Session, stamp: dt.datetime, organizer: tuple[str, str | None] | None, zones: ZoneDays
) -> Component:
    from icalendar import vCalAddress

    uid = n.session_uid(event.id, session.id)
    component = _base(uid, event, stamp, organizer)
    assert session.start is not None
    _when(component, session.start, session.end, zones)
    _text(component, "SUMMARY", session.title)
    if session.description is not None:
        _text(component, "DESCRIPTION", session.description)
    component.add("related-to", n.event_uid(event.id), parameters={"RELTYPE": "PARENT"})
    _text(component, n.X_SESSION_KIND, session.kind.value)
    if session.room is not None:
        _json(component, n.X_ROOM, session.room)  # JSON keeps it equal to the venue's room, controls and all
    venue = event.venue if session.virtual_location is None else None
    _place(component, venue, session.virtual_location, room=session.room)
    for qid in session.policy_question_ids:
        _text(component, n.X_QUESTION_IDS, qid)
    for role, people in (("chair", session.chairs), ("moderator", session.moderators), ("speaker", session.speakers)):
        for index, person in enumerate(people):
            component.add_component(_person_participant(uid, role, index, person))
            if person.email:
                params = {"CN": clean_param(person.name), "ROLE": PERSON_ATTENDEE_ROLE[role], "CUTYPE": "INDIVIDUAL"}
                component.add("attendee", vCalAddress(f"mailto:{person.email}"), parameters=params)
    return component


def _recurrence(component: Component, event: Event, zones: ZoneDays) -> None:
    from icalendar import vRecur

    recurrence = event.recurrence
    assert recurrence is not None
    if recurrence.rule is not None:
        component.add("rrule", vRecur.from_ical(recurrence.rule))
    for value in recurrence.rdates:
        _time(component, "rdate", value)
        zones.note(value)
    for value in recurrence.exdates:
        _time(component, "exdate", value)
        zones.note(value)
    try:
        for occurrence in event.occurrences(limit=20_000):
            zones.note(occurrence.start)
            zones.note(occurrence.end)
    except StieventsError:  # pragma: no cover - the model bounds every rule
        pass


def _override(
    event: Event, override: Override, stamp: dt.datetime, organizer: tuple[str, str | None] | None, zones: ZoneDays
) -> Component:
    component = _base(n.event_uid(event.id), event, stamp, organizer, cancelled=override.cancelled)
    _time(component, "recurrence-id", override.recurrence_id)
    zones.note(override.recurrence_id)
    start = override.start if override.start is not None else override.recurrence_id
    end = override.end
    if end is None:
        end = start + (event.end - event.start)
    _when(component, start, end, zones)
    _text(component, "SUMMARY", override.title if override.title is not None else event.title)
    for field in stated(event, override):
        _text(component, n.X_STATED, field)
    return component


# ------------------------------------------------------------------ helpers


def _component(name: str) -> Component:
    from icalendar import Component

    component = Component()
    component.name = name  # type: ignore[misc]  # icalendar has no class for RFC 9073 components
    return component


def _opt(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


def _text(component: Component, name: str, value: str, params: dict[str, str] | None = None) -> None:
    """A TEXT property: controls removed, then escaped (RFC 5545 3.3.11) so nothing can break the line."""
    component.add(name, _raw_text(escape_text(clean_text(value))), parameters=params or {})


def _categories(component: Component, values: Sequence[str]) -> None:
    """One CATEGORIES property: the values escaped one by one, joined by unescaped commas."""
    component.add("categories", _raw_text(",".join(escape_text(clean_text(v)) for v in values)))


def _raw_text(escaped: str) -> Any:
    """A value written as given: icalendar's own escaping turns a literal backslash-N into a line break."""
    return _escaped_type()(escaped)


@functools.cache
def _escaped_type() -> type:
    from icalendar import vText

    class EscapedText(vText):
        """TEXT already escaped by :func:`escape_text`.

        ``to_ical`` gives ``str``, not ``bytes``: icalendar decodes a value's
        bytes as ``utf-8-sig``, which would drop a leading U+FEFF that RFC 5545
        TEXT may hold; a ``str`` is taken as it is.
        """

        def to_ical(self) -> str:  # type: ignore[override]
            return str(self)

    return EscapedText


def _json(component: Component, name: str, value: Any) -> None:
    """A record as compact JSON in an escaped TEXT value (JSON escapes every control character)."""
    data = json.dumps(serialize.unstructure(value), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("\x7f", "\\u007f")  # JSON escapes controls below 0x20 but not DEL
    component.add(name, _raw_text(escape_text(data)))


def _uri(value: str) -> Any:
    from icalendar import vUri

    return vUri(clean_param(value))

"""What both writers write: the events of a collection laid out as one conference of days and rooms.

The plan holds references to the model's objects and the times computed for
them, never text: each writer turns one entry into markup as it goes, so no
document tree is ever built. The rules that must agree between export and
import (identifiers, slugs, room names, session kinds) live here and in
:mod:`stievents_schedule._names`.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
import zoneinfo
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from stievents.model import Event, LanguageRole, Person, Session
from stievents.plugin_types import ExportContext
from stievents_schedule import _names
from stievents_schedule._options import ScheduleOptions

_MANY_DAYS = 370
"""Beyond this many days, only days that hold entries are written (an event spanning years has no programme grid)."""


@dataclass(frozen=True)
class Entry:
    """One schedule ``event``: a session, or an event without sessions of its own."""

    number: int
    guid: str
    slug: str
    event: Event
    session: Session | None
    start: dt.datetime  # in the conference's zone
    minutes: int
    end: dt.datetime
    room: str

    @property
    def title(self) -> str:
        return self.session.title if self.session is not None else self.event.title

    @property
    def kind(self) -> str:
        if self.session is not None:
            return self.session.kind.value
        return self.event.event_type.value if self.event.event_type is not None else "other"

    @property
    def abstract(self) -> str | None:
        return self.session.description if self.session is not None else self.event.description

    @property
    def subtitle(self) -> str | None:
        return None if self.session is not None else self.event.subtitle

    @property
    def language(self) -> str | None:
        return language_of(self.event)

    def persons(self) -> Iterator[tuple[Person, str]]:
        """Each person with the role (``chair``, ``moderator``, ``speaker``) in programme order."""
        if self.session is None:
            return
        for role, people in (
            ("chair", self.session.chairs),
            ("moderator", self.session.moderators),
            ("speaker", self.session.speakers),
        ):
            for person in people:
                yield person, role

    def links(self) -> Iterator[tuple[str, str]]:
        """(url, title): the event's page, then every reference that has a URL."""
        if self.event.url is not None:
            yield self.event.url, self.event.title
        for reference in self.event.references:
            if reference.url is not None:
                yield reference.url, reference.citation

    @property
    def duration(self) -> str:
        return f"{self.minutes // 60:02d}:{self.minutes % 60:02d}"


@dataclass
class Day:
    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    rooms: dict[str, list[Entry]] = field(default_factory=dict)


@dataclass
class Plan:
    title: str
    acronym: str
    zone: str
    start: dt.date  # a datetime in ``zone``, or a date when every event is all-day
    end: dt.date
    url: str | None
    logo: str | None
    description: str | None
    version: str
    timeslot: str
    rooms: list[str]
    days: list[Day]


def language_of(event: Event) -> str | None:
    """The language a schedule entry states: the first spoken one, else the first of any role."""
    for use in event.languages:
        if use.role is LanguageRole.SPOKEN:
            return use.tag
    return event.languages[0].tag if event.languages else None


def _zone_of(event: Event) -> str:
    if event.timezone is not None:
        return event.timezone
    if event.venue is not None and event.venue.timezone is not None:
        return event.venue.timezone
    return "UTC"


def _wall(day: dt.date, hour: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """``hour``:00 on ``day`` in ``zone``, moved forward out of a DST gap."""
    local = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
    return local.astimezone(dt.UTC).astimezone(zone)


def _day_of(moment: dt.datetime, hour: int) -> dt.date:
    return (moment.replace(tzinfo=None) - dt.timedelta(hours=hour)).date()


def _span(event: Event, zone: zoneinfo.ZoneInfo, hour: int) -> tuple[dt.datetime, dt.datetime]:
    if isinstance(event.start, dt.datetime) and isinstance(event.end, dt.datetime):
        return event.start.astimezone(zone), event.end.astimezone(zone)
    last = event.end.date() if isinstance(event.end, dt.datetime) else event.end
    first = event.start.date() if isinstance(event.start, dt.datetime) else event.start
    return _wall(first, hour, zone), _wall(last + dt.timedelta(days=1), hour, zone)


def _minutes(start: dt.datetime, end: dt.datetime) -> int:
    return max(0, int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() // 60))


def plan(events: Sequence[Event], context: ExportContext) -> Plan:
    """Lay ``events`` out as one conference; ``context.options`` is a :class:`ScheduleOptions`."""
    options = context.options if isinstance(context.options, ScheduleOptions) else ScheduleOptions()
    hour = options.day_change
    if not events:
        raise ValueError("no events")  # the writers handle the empty collection before planning
    first_event = events[0]
    zone_name = _zone_of(first_event)
    zone = zoneinfo.ZoneInfo(zone_name)
    acronym = options.acronym or _names.acronym_for(first_event.id)
    slug_prefix = acronym.replace("-", "_")
    several = len(events) > 1
    slugs: set[str] = set()
    placed: list[tuple[dt.datetime, dt.datetime, str, int, Event, Session | None]] = []
    for position, event in enumerate(events):
        span_start, span_end = _span(event, zone, hour)
        scheduled = [s for s in event.sessions if s.start is not None]
        if not scheduled:
            placed.append((span_start, span_end, _names.default_room(event, None), position, event, None))
            continue
        for session in scheduled:
            if isinstance(session.start, dt.datetime):
                start = session.start.astimezone(zone)
                end = session.end.astimezone(zone) if session.end is not None else start
            else:
                assert session.start is not None
                # the day's start, kept within the event (an event may end before the day change hour):
                # a talk outside the event would widen the event's own start or end when read back
                start = end = min(max(_wall(session.start, hour, zone), span_start), span_end)
            room = session.room if session.room is not None else _names.default_room(event, session)
            placed.append((start, end, room, position, event, session))
    # time order, then room name: both survive an import, so a re-export lists rooms in the same order
    placed.sort(key=lambda p: (p[0].astimezone(dt.UTC), p[2], p[3]))
    rooms: list[str] = []
    seen_rooms: set[str] = set()
    for item in placed:
        if item[2] not in seen_rooms:
            seen_rooms.add(item[2])
            rooms.append(item[2])
    for event in events:
        for room in event.venue.rooms if event.venue is not None else ():
            if room not in seen_rooms:
                seen_rooms.add(room)
                rooms.append(room)
    entries: list[Entry] = []
    for number, (start, end, room, _, event, entry_session) in enumerate(placed, 1):
        if entry_session is None:
            guid = uuid.uuid5(_names.NAMESPACE, event.id)
            tail = _names.slug_part(event.id)
        else:
            guid = uuid.uuid5(_names.NAMESPACE, f"{event.id}/{entry_session.id}")
            tail = _names.slug_part(entry_session.id)
            if several:
                tail = f"{_names.slug_part(event.id)}--{tail}"
        slug = _names.unique(f"{slug_prefix}-{tail}", slugs)
        entries.append(Entry(number, str(guid), slug, event, entry_session, start, _minutes(start, end), end, room))
    spans = [_span(e, zone, hour) for e in events]
    conf_start = min(s for s, _ in spans)
    conf_end = max(e for _, e in spans)
    all_day = all(e.is_all_day for e in events)
    first_day = min([_day_of(conf_start, hour), *(_day_of(e.start, hour) for e in entries)])
    last_day = max([_day_of(conf_end - dt.timedelta(microseconds=1), hour), *(_day_of(e.start, hour) for e in entries)])
    if all_day:
        start_value: dt.date = min(e.start for e in events if not isinstance(e.start, dt.datetime))
        end_value: dt.date = max(e.end for e in events if not isinstance(e.end, dt.datetime))
    elif len(events) == 1:
        start_value, end_value = conf_start, conf_end
        assert isinstance(first_event.start, dt.datetime)
        start_value, end_value = first_event.start, first_event.end  # its own zone and fold, unchanged
    else:
        start_value, end_value = conf_start, conf_end
    by_day: dict[dt.date, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(_day_of(entry.start, hour), []).append(entry)
    count = (last_day - first_day).days + 1
    dates = (
        [first_day + dt.timedelta(days=n) for n in range(count)]
        if count <= _MANY_DAYS
        else sorted(by_day) or [first_day]
    )
    days = []
    for index, date in enumerate(dates, 1):
        day = Day(index, date, _wall(date, hour, zone), _wall(date + dt.timedelta(days=1), hour, zone))
        day.end -= dt.timedelta(minutes=1)
        listed = by_day.get(date, [])
        for room in rooms:
            day.rooms[room] = [e for e in listed if e.room == room]
        days.append(day)
    title = options.title if options.title is not None and several else first_event.title
    image = first_event.image.url if first_event.image is not None else None
    description = first_event.description if not several else None
    return Plan(
        title=title,
        acronym=acronym,
        zone=zone_name,
        start=start_value,
        end=end_value,
        url=first_event.url if not several else None,
        logo=image,
        description=description,
        version=str(max(e.revision for e in events)),
        timeslot=_timeslot(entries, hour),
        rooms=rooms,
        days=days,
    )


def _timeslot(entries: Sequence[Entry], hour: int) -> str:
    """The grid the programme fits (the largest step dividing every start and length), at most an hour."""
    step = 60
    for entry in entries:
        step = math.gcd(step, entry.start.hour * 60 + entry.start.minute, entry.minutes) or step
    step = max(step, 1)
    return f"00:{step:02d}" if step < 60 else "01:00"

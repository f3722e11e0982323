"""iCalendar -> events: our own files losslessly, foreign files as far as they go.

Each VEVENT becomes an event, unless it overrides an occurrence of another
(RECURRENCE-ID) or is one of our sessions (RELATED-TO its event's UID). Every
problem is reported with its place (``VEVENT[3].DTSTART: ...``).
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from stievents.errors import FormatError, Problem, Severity
from stievents.model import Event
from stievents.plugin_types import ImportContext, ImportResult
from stievents_ical import _names as n
from stievents_ical._build import EventBuilder, Place
from stievents_ical._props import first_text
from stievents_ical._scrub import CONTROL_BYTES_RE, scrub_component
from stievents_ical._times import TimeReader
from stievents_ical._zones import iana_zone
from stievents_ical.options import IcsImportOptions

__all__ = ["read_ics"]

_PARSE_ERRORS = (
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    UnicodeError,
    RecursionError,
    OSError,
    OverflowError,
)
# OSError: icalendar looks a TZID up as a file name (a 300-character TZID: "File name too long")


def parse_calendars(data: bytes) -> list[Any]:
    """The VCALENDARs in ``data``; :class:`FormatError` when it is not iCalendar at all.

    The size of ``data`` is bounded by the core (``stievents.limits``, ``max_input_bytes``) before we are called.
    """
    from icalendar import Calendar

    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if not head.startswith(b"BEGIN:VCALENDAR"):
        raise FormatError("not an iCalendar file: it does not start with BEGIN:VCALENDAR")
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except _PARSE_ERRORS as exc:
        raise FormatError(f"cannot parse iCalendar (the icalendar parser says: {exc})") from None
    found = [c for c in calendars if getattr(c, "name", "") == "VCALENDAR"]
    if not found:
        raise FormatError("not an iCalendar file: no VCALENDAR component")
    return found


def read_ics(data: bytes, context: ImportContext) -> ImportResult:
    """Events and problems from the bytes of an .ics file."""
    options = context.options if isinstance(context.options, IcsImportOptions) else IcsImportOptions()
    problems: list[Problem] = []
    events: list[Event] = []
    scrub = CONTROL_BYTES_RE.search(data) is not None  # foreign files only: ours never hold a control
    for calendar in parse_calendars(data):
        try:
            vevents = list(calendar.walk("VEVENT"))
        except _PARSE_ERRORS as exc:
            raise FormatError(f"cannot read the calendar's components: {exc}") from None
        reader = _times_for(calendar, options, problems)
        events.extend(_read_vevents(vevents, reader, problems, offset=len(events), scrub=scrub))
    return ImportResult(events=tuple(events), problems=tuple(problems))


def _times_for(calendar: Any, options: IcsImportOptions, problems: list[Problem]) -> TimeReader:
    default = iana_zone(options.default_timezone) or zoneinfo.ZoneInfo("UTC")
    name = first_text(calendar, "X-WR-TIMEZONE")
    if name:
        zone = iana_zone(name)
        if zone is not None:
            return TimeReader(zone, "the calendar's X-WR-TIMEZONE", utc_zone=zone)
        problems.append(
            Problem(path="VCALENDAR.X-WR-TIMEZONE", message=f"unknown zone {name!r}", severity=Severity.WARNING)
        )
    return TimeReader(default, "no zone given; the importer's default_timezone")


def _read_vevents(
    vevents: list[Any], times: TimeReader, problems: list[Problem], offset: int, *, scrub: bool = False
) -> list[Event]:
    if scrub:
        for index, vevent in enumerate(vevents):
            scrub_component(vevent, Place(f"VEVENT[{index}]", problems))
    masters: dict[str, int] = {}
    for index, vevent in enumerate(vevents):
        uid = first_text(vevent, "UID")
        if uid is not None and "RECURRENCE-ID" not in vevent and uid not in masters:
            masters[uid] = index
    overrides: dict[int, list[tuple[int, Any]]] = {}
    sessions: dict[int, list[tuple[int, Any]]] = {}
    standalone: list[int] = []
    for index, vevent in enumerate(vevents):
        uid = first_text(vevent, "UID")
        parent = _session_parent(vevent, masters)
        if "RECURRENCE-ID" in vevent and uid in masters:
            overrides.setdefault(masters[uid], []).append((index, vevent))
        elif parent is not None:
            sessions.setdefault(parent, []).append((index, vevent))
        else:
            standalone.append(index)
    events: list[Event] = []
    used_ids: set[str] = set()
    for index in standalone:
        place = Place(f"VEVENT[{index}]", problems)
        try:
            builder = EventBuilder(vevents[index], place, times)
            event = builder.build(
                overrides=overrides.get(index, []), sessions=sessions.get(index, []), used_ids=used_ids
            )
        except _PARSE_ERRORS as exc:  # a value icalendar could not parse, met where we did not expect it
            place.error("VEVENT", f"cannot be read: {exc}")
            continue
        if event is not None:
            used_ids.add(event.id)
            events.append(event)
    return events


def _session_parent(vevent: Any, masters: dict[str, int]) -> int | None:
    """The index of the event a VEVENT of ours is a session of (RELATED-TO;RELTYPE=PARENT)."""
    if n.X_SESSION_KIND not in vevent:
        return None
    from stievents_ical._props import texts

    for text, params in texts(vevent, "RELATED-TO"):
        if params.get("RELTYPE", "PARENT").upper() == "PARENT" and text in masters:
            return masters[text]
    return None

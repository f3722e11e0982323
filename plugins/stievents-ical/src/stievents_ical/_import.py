"""iCalendar -> events: our own files losslessly, foreign files as far as they go.

Two engines read the file into the same neutral components
(:mod:`stievents_ical._content`), and one mapping turns those into events:

- ``fast`` (the ``ics`` format): our own parser, :mod:`stievents_ical._parse`,
  streaming over the text; a VEVENT it declines is read by icalendar alone, a
  file it declines by the reference engine (both counted in :class:`ReadStats`);
- ``reference``: icalendar's ``Calendar.from_ical``, adapted
  (:mod:`stievents_ical._read_reference`); the proof the fast engine is tested
  against.

Each VEVENT becomes an event, unless it overrides an occurrence of another
(RECURRENCE-ID) or is one of our sessions (RELATED-TO its event's UID). Every
problem is reported with its place (``VEVENT[3].DTSTART: ...``).
"""

from __future__ import annotations

import codecs
import zoneinfo
from collections.abc import Callable, Sequence
from typing import Literal, Protocol

import attrs

from stievents.errors import FormatError, Problem, Severity
from stievents.model import Event
from stievents.plugin_types import ImportContext, ImportResult
from stievents_ical import _names as n
from stievents_ical._build import EventBuilder, Place
from stievents_ical._content import Component
from stievents_ical._parse import Declined, index_calendars, parse_block, unfold
from stievents_ical._props import first_text, texts
from stievents_ical._scrub import CONTROL_BYTES_RE, scrub_component
from stievents_ical._times import TimeReader
from stievents_ical._zones import iana_zone
from stievents_ical.options import IcsImportOptions

__all__ = ["ReadStats", "decode", "read_ics", "read_ics_with_stats"]

Engine = Literal["fast", "reference"]

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

_FALLBACK = "stievents-ical-cp1252"


def _windows_1252(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start : error.end].decode("cp1252", "replace"), error.end


codecs.register_error(_FALLBACK, _windows_1252)


def decode(data: bytes) -> tuple[str, str | None]:
    """The text of ``data`` (UTF-8, a BOM dropped) and, when some bytes are not UTF-8, the warning to give.

    Such bytes are read as Windows-1252 (a Latin-1 ``Caf\\xe9`` is ``Café``),
    the encoding of the old Outlook and Lotus Notes exports that write them;
    the UTF-8 around them stays UTF-8.
    """
    try:
        return data.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode("utf-8", _FALLBACK).removeprefix("\ufeff")
    return text, (
        f"the file is not valid UTF-8 (byte 0x{data[first]:02X} at offset {first}); "
        "bytes that are not UTF-8 were read as Windows-1252"
    )


@attrs.define
class ReadStats:
    """What the fast engine left to icalendar in one read.

    ``vevents_declined``: VEVENTs holding a line our parser does not take apart
    (e.g. white space around ``=``, a control character in a parameter), read
    by icalendar alone; ``files_declined``: files whose structure or
    calendar-level lines it does not read, read whole by the reference engine.
    """

    engine: Engine = "fast"
    vevents: int = 0
    vevents_declined: int = 0
    files_declined: int = 0


class _Grouped(Protocol):
    """What groups a VEVENT with its event: a record of the fast reader, or a :class:`_Vevent`."""

    start: int
    end: int
    uid: str | None
    recurrence: bool
    session: bool
    parents: tuple[str, ...]


class _Vevent:
    """A VEVENT already parsed (the reference reader, or one whose grouping lines only icalendar reads)."""

    __slots__ = ("component", "end", "parents", "recurrence", "session", "start", "uid")

    def __init__(self, component: Component) -> None:
        self.component = component
        self.start = self.end = 0
        self.uid = first_text(component, "UID")
        self.recurrence = "RECURRENCE-ID" in component
        self.session = n.X_SESSION_KIND in component
        self.parents = tuple(
            text
            for text, params in texts(component, "RELATED-TO")
            if params.get("RELTYPE", "PARENT").upper() == "PARENT"
        )


class _Calendar:
    """One VCALENDAR: its properties, VTIMEZONEs, VEVENTs (kept compact) and how to parse a VEVENT when mapped."""

    __slots__ = ("calendar", "load", "vevents", "zones")

    def __init__(
        self,
        calendar: Component,
        zones: dict[str, Component],
        vevents: Sequence[_Grouped],
        load: Callable[[_Grouped], Component],
    ) -> None:
        self.calendar = calendar
        self.zones = zones
        self.vevents = vevents
        self.load = load


def read_ics(data: bytes, context: ImportContext) -> ImportResult:
    """Events and problems from the bytes of an .ics file (the fast engine)."""
    return read_ics_with_stats(data, context)[0]


def read_ics_with_stats(data: bytes, context: ImportContext, engine: Engine = "fast") -> tuple[ImportResult, ReadStats]:
    """:func:`read_ics` with the engine chosen, and what the fast engine left to icalendar.

    The size of ``data`` is bounded by the core (``stievents.limits``, ``max_input_bytes``) before we are called.
    """
    options = context.options if isinstance(context.options, IcsImportOptions) else IcsImportOptions()
    problems: list[Problem] = []
    text, note = decode(data)
    head = text[:4096].lstrip(" \t\r\n").upper()
    if not head.startswith("BEGIN:VCALENDAR"):
        raise FormatError("not an iCalendar file: it does not start with BEGIN:VCALENDAR")
    if note is not None:
        problems.append(Problem(path="VCALENDAR", message=note, severity=Severity.WARNING))
    stats = ReadStats(engine=engine)
    if engine == "fast":
        try:
            calendars = _fast_calendars(text, stats)
        except Declined:
            stats.files_declined += 1
            calendars = _reference_calendars(text)
    else:
        calendars = _reference_calendars(text)
    del text
    if not calendars:
        raise FormatError("not an iCalendar file: no VCALENDAR component")
    scrub = CONTROL_BYTES_RE.search(data) is not None  # foreign files only: ours never hold a control
    events: list[Event] = []
    for calendar in calendars:
        stats.vevents += len(calendar.vevents)
        reader = _times_for(calendar, options, problems)
        events.extend(_read_vevents(calendar, reader, problems, scrub=scrub))
    return ImportResult(events=tuple(events), problems=tuple(problems)), stats


def _fast_calendars(text: str, stats: ReadStats) -> list[_Calendar]:
    from stievents_ical._read_reference import parse_one

    def load(vevent: _Grouped, text: str) -> Component:
        if isinstance(vevent, _Vevent):
            return vevent.component
        block = unfold(text[vevent.start : vevent.end])
        try:
            return parse_block(block)
        except Declined:
            stats.vevents_declined += 1
            try:
                return parse_one(block)
            except _PARSE_ERRORS as exc:
                raise FormatError(f"cannot parse iCalendar (the icalendar parser says: {exc})") from None

    found = []
    for index in index_calendars(text):
        vevents: list[_Grouped] = []
        for record in index.records:
            # a record whose grouping lines only icalendar reads: parsed now, its groups from the component
            vevents.append(record if record.key_lines else _Vevent(load(record, index.text)))

        def loader(vevent: _Grouped, text: str = index.text) -> Component:
            return load(vevent, text)

        found.append(_Calendar(index.calendar, index.zones, vevents, loader))
    return found


def _reference_calendars(text: str) -> list[_Calendar]:
    from stievents_ical._read_reference import adapt, parse_reference

    try:
        parsed = parse_reference(text)
    except _PARSE_ERRORS as exc:
        raise FormatError(f"cannot parse iCalendar (the icalendar parser says: {exc})") from None
    found = []
    for top in parsed:
        if getattr(top, "name", "") != "VCALENDAR":
            continue
        try:
            calendar = adapt(top)
        except _PARSE_ERRORS as exc:
            raise FormatError(f"cannot read the calendar's components: {exc}") from None
        zones: dict[str, Component] = {}
        for sub in calendar.subcomponents:
            tzids = sub.props.get("TZID", []) if sub.name == "VTIMEZONE" else []
            if tzids and tzids[0].value not in zones:
                zones[tzids[0].value] = sub
        vevents = [_Vevent(vevent) for vevent in calendar.walk("VEVENT")]
        calendar.subcomponents = []
        found.append(_Calendar(calendar, zones, vevents, _parsed))
    return found


def _parsed(vevent: _Grouped) -> Component:
    assert isinstance(vevent, _Vevent)
    return vevent.component


def _times_for(calendar: _Calendar, options: IcsImportOptions, problems: list[Problem]) -> TimeReader:
    default = iana_zone(options.default_timezone) or zoneinfo.ZoneInfo("UTC")
    name = first_text(calendar.calendar, "X-WR-TIMEZONE")
    if name:
        zone = iana_zone(name)
        if zone is not None:
            return TimeReader(zone, "the calendar's X-WR-TIMEZONE", utc_zone=zone, zones=calendar.zones)
        problems.append(
            Problem(path="VCALENDAR.X-WR-TIMEZONE", message=f"unknown zone {name!r}", severity=Severity.WARNING)
        )
    return TimeReader(default, "no zone given; the importer's default_timezone", zones=calendar.zones)


def _read_vevents(calendar: _Calendar, times: TimeReader, problems: list[Problem], *, scrub: bool) -> list[Event]:
    """Group overrides and sessions with their event (by UID), then map each event's VEVENTs together."""
    vevents = calendar.vevents
    masters: dict[str, int] = {}
    for index, vevent in enumerate(vevents):
        if vevent.uid is not None and not vevent.recurrence and vevent.uid not in masters:
            masters[vevent.uid] = index
    overrides: dict[int, list[int]] = {}
    sessions: dict[int, list[int]] = {}
    standalone: list[int] = []
    for index, vevent in enumerate(vevents):
        parent = _session_parent(vevent, masters)
        if vevent.recurrence and vevent.uid in masters:
            overrides.setdefault(masters[vevent.uid], []).append(index)
        elif parent is not None:
            sessions.setdefault(parent, []).append(index)
        else:
            standalone.append(index)

    def load(index: int) -> Component:
        component = calendar.load(vevents[index])
        if scrub:
            scrub_component(component, Place(f"VEVENT[{index}]", problems))
        return component

    events: list[Event] = []
    used_ids: set[str] = set()
    for index in standalone:
        place = Place(f"VEVENT[{index}]", problems)
        try:
            builder = EventBuilder(load(index), place, times)
            event = builder.build(
                overrides=[(i, load(i)) for i in overrides.get(index, [])],
                sessions=[(i, load(i)) for i in sessions.get(index, [])],
                used_ids=used_ids,
            )
        except _PARSE_ERRORS as exc:  # a value we could not read, met where we did not expect it
            place.error("VEVENT", f"cannot be read: {exc}")
            continue
        if event is not None:
            used_ids.add(event.id)
            events.append(event)
    return events


def _session_parent(vevent: _Grouped, masters: dict[str, int]) -> int | None:
    """The index of the event a VEVENT of ours is a session of (RELATED-TO;RELTYPE=PARENT)."""
    if not vevent.session:
        return None
    for uid in vevent.parents:
        if uid in masters:
            return masters[uid]
    return None

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
problem is reported with its place (``VEVENT[3].DTSTART: ...``; in a file of
several VCALENDARs, counted across the file: ``VCALENDAR[2].VEVENT[0].DTSTART``).
Such a file is an iTIP mailbox: one UID in several calendars is one event,
resolved by :func:`_resolve_itip`; ids are unique across the whole file.
"""

from __future__ import annotations

import codecs
import re
import zoneinfo
from collections.abc import Callable, Sequence
from typing import Literal, Protocol

import attrs

from stievents.errors import FormatError, Problem, Severity
from stievents.model import Event, EventStatus
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
    if note is not None:
        problems.append(Problem(path="VCALENDAR", message=note, severity=Severity.WARNING))
    if head.startswith("BEGIN:VEVENT"):
        text = _enclose(text, problems)
    elif not head.startswith("BEGIN:VCALENDAR"):
        raise FormatError("not an iCalendar file: it does not start with BEGIN:VCALENDAR")
    text = _complete(text, problems)
    stats = ReadStats(engine=engine)
    try:
        calendars = _calendars(text, engine, stats)
    except FormatError:
        repaired = _without_unreadable_zones(text, problems)  # only files refused pay for this
        if repaired is None:
            raise
        calendars = _calendars(repaired, engine, stats)
    del text
    if not calendars:
        raise FormatError("not an iCalendar file: no VCALENDAR component")
    scrub = CONTROL_BYTES_RE.search(data) is not None  # foreign files only: ours never hold a control
    many = len(calendars) > 1
    units: list[_Unit] = []
    for number, calendar in enumerate(calendars):
        stats.vevents += len(calendar.vevents)
        where = f"VCALENDAR[{number}]" if many else "VCALENDAR"
        times = _times_for(calendar, options, problems, where)
        units.extend(_group_vevents(calendar, times, f"{where}." if many else "", problems, scrub=scrub))
    events: list[Event] = []
    used_ids: set[str] = set()  # across the file: an id is unique in the whole file, whatever calendar it is in
    for unit, cancelled in _resolve_itip(units, many=many):
        event = unit.build(used_ids)
        if event is None:
            continue
        if cancelled and event.status is not EventStatus.CANCELLED:
            event = attrs.evolve(event, status=EventStatus.CANCELLED)
        used_ids.add(event.id)
        events.append(event)
    return ImportResult(events=tuple(events), problems=tuple(problems)), stats


def _calendars(text: str, engine: Engine, stats: ReadStats) -> list[_Calendar]:
    if engine == "fast":
        try:
            return _fast_calendars(text, stats)
        except Declined:
            stats.files_declined += 1
    return _reference_calendars(text)


_VTIMEZONE = re.compile(r"^BEGIN:VTIMEZONE\r?\n.*?^END:VTIMEZONE\r?(?:\n|\Z)", re.M | re.I | re.S)
_TZID = re.compile(r"^TZID[;:]([^\r\n]*)", re.M | re.I)


def _without_unreadable_zones(text: str, problems: list[Problem]) -> str | None:
    """``text`` without the VTIMEZONEs icalendar cannot read (each with a warning), or ``None`` if none is.

    icalendar refuses a whole file for one bad VTIMEZONE (``TZOFFSETFROM:garbage``);
    without it, an event naming a zone that is an IANA key (``Europe/Paris``)
    is placed in that zone, as when a VTIMEZONE is missing, and any other
    follows the usual rules for unknown zones.
    """
    from icalendar.cal.component import Component as IcalComponent

    text = unfold(text)
    pieces: list[str] = []
    last = 0
    for number, match in enumerate(_VTIMEZONE.finditer(text)):
        block = match.group(0)
        try:
            IcalComponent.from_ical(block)
        except _PARSE_ERRORS as exc:
            tzid = _TZID.search(block)
            name = repr(tzid.group(1).strip()) if tzid is not None else "without a TZID"
            message = (
                f"VTIMEZONE {name} cannot be read ({exc}); skipped: events naming it use the IANA zone of that name"
            )
            problems.append(Problem(path=f"VCALENDAR.VTIMEZONE[{number}]", message=message, severity=Severity.WARNING))
            pieces.append(text[last : match.start()])
            last = match.end()
    if not pieces:
        return None
    pieces.append(text[last:])
    return "".join(pieces)


def _enclose(text: str, problems: list[Problem]) -> str:
    """A file of bare VEVENTs (no VCALENDAR around them, as some exports and mail clients write): one calendar.

    The VCALENDAR lines are supplied, with one warning; a file that then stops
    short is completed by :func:`_complete` like any other.
    """
    problems.append(
        Problem(
            path="VCALENDAR",
            message="the file has no VCALENDAR around its VEVENTs; they were read as one calendar",
            severity=Severity.WARNING,
        )
    )
    body = text.strip(" \t\r\n")
    closing = "\r\nEND:VCALENDAR\r\n" if body[-10:].upper() == "END:VEVENT" else ""
    return f"BEGIN:VCALENDAR\r\n{body}{closing}"


_BOUNDARY_LINE = re.compile(r"^(BEGIN|END):([^\r\n]*)\r?$", re.M | re.I)


def _complete(text: str, problems: list[Problem]) -> str:
    """``text`` cut after its last complete component, with the missing END lines, when the file stops short.

    A download cut off, or a writer that forgot its closing lines: the
    components that are complete are read, what follows the last of them is
    dropped, and one warning says so. The text is only unfolded and scanned
    when it does not end with END:VCALENDAR; a file nothing complete can be
    kept from, or whose components close out of order, is left as it is (and
    refused as before). Both readers read the repaired text, so they agree.
    """
    if text[-256:].rstrip(" \t\r\n")[-13:].upper() == "END:VCALENDAR":  # the tail only: no copy of a big file
        return text
    text = unfold(text)
    stack: list[str] = []
    cut, complete = 0, False
    for match in _BOUNDARY_LINE.finditer(text):
        name = match.group(2).strip().upper()
        if match.group(1).upper() == "BEGIN":
            if not stack and name != "VCALENDAR":
                return text
            stack.append(name)
            if len(stack) == 1:
                cut = match.end()
        elif stack and stack[-1] == name:
            stack.pop()
            if len(stack) <= 1:
                cut, complete = match.end(), True
        else:
            return text
    if not stack:
        return text
    if len(stack) == 1:  # only the closing line is missing: everything read is complete
        cut, complete = len(text.rstrip("\r\n")), True
    if not complete:
        return text
    problems.append(
        Problem(
            path="VCALENDAR",
            message=(
                f"the file ends inside {stack[-1]} without its END lines (cut short?); "
                "its complete components were read, the rest dropped"
            ),
            severity=Severity.WARNING,
        )
    )
    return text[:cut] + "\r\nEND:VCALENDAR\r\n"


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


def _times_for(calendar: _Calendar, options: IcsImportOptions, problems: list[Problem], where: str) -> TimeReader:
    default = iana_zone(options.default_timezone) or zoneinfo.ZoneInfo("UTC")
    name = first_text(calendar.calendar, "X-WR-TIMEZONE")
    if name:
        zone = iana_zone(name)
        if zone is not None:
            return TimeReader(zone, "the calendar's X-WR-TIMEZONE", utc_zone=zone, zones=calendar.zones)
        problems.append(
            Problem(path=f"{where}.X-WR-TIMEZONE", message=f"unknown zone {name!r}", severity=Severity.WARNING)
        )
    return TimeReader(default, "no zone given; the importer's default_timezone", zones=calendar.zones)


class _Unit:
    """One event to be: a VEVENT of one calendar with the overrides and sessions grouped with it (not yet mapped).

    ``method`` is its calendar's iTIP METHOD (upper case, ``""`` when none).
    The VEVENT is parsed once, when first needed (to compare iTIP versions, or
    to build the event), so a big file is never held parsed as a whole.
    """

    __slots__ = (
        "_component",
        "calendar",
        "index",
        "method",
        "order",
        "overrides",
        "place",
        "scrub",
        "sessions",
        "times",
    )

    def __init__(
        self,
        calendar: _Calendar,
        index: int,
        place: Place,
        times: TimeReader,
        grouped: tuple[list[int], list[int]],
        *,
        scrub: bool,
    ) -> None:
        self.calendar = calendar
        self.index = index
        self.place = place
        self.times = times
        self.overrides, self.sessions = grouped
        self.scrub = scrub
        self.method = (first_text(calendar.calendar, "METHOD") or "").upper()
        self.order = 0
        self._component: Component | None = None

    @property
    def uid(self) -> str | None:
        return self.calendar.vevents[self.index].uid

    def load(self, index: int | None = None) -> Component:
        """The VEVENT (or its calendar's VEVENT ``index``) parsed, control characters scrubbed."""
        if index is None and self._component is not None:
            return self._component
        number = self.index if index is None else index
        component = self.calendar.load(self.calendar.vevents[number])
        if self.scrub:
            scrub_component(component, self.place.sibling(number))
        if index is None:
            self._component = component
        return component

    def version(self) -> tuple[int, str]:
        """Its iTIP version: SEQUENCE (a whole number, else 0), then DTSTAMP (UTC, so its text sorts in time)."""
        component = self.load()
        try:
            sequence = max(int(first_text(component, "SEQUENCE") or "0"), 0)
        except ValueError:
            sequence = 0
        return sequence, (first_text(component, "DTSTAMP") or "").strip().upper()

    def versions_key(self) -> tuple[str | None, str | None]:
        """What makes two VEVENTs versions of one thing: the UID, and the occurrence a RECURRENCE-ID names."""
        vevent = self.calendar.vevents[self.index]
        return vevent.uid, first_text(self.load(), "RECURRENCE-ID") if vevent.recurrence else None

    def timed(self) -> bool:
        return "DTSTART" in self.load()

    def build(self, used_ids: set[str]) -> Event | None:
        try:
            builder = EventBuilder(self.load(), self.place, self.times)
            self._component = None
            return builder.build(
                overrides=[(i, self.load(i)) for i in self.overrides],
                sessions=[(i, self.load(i)) for i in self.sessions],
                used_ids=used_ids,
            )
        except _PARSE_ERRORS as exc:  # a value we could not read, met where we did not expect it
            self.place.error("VEVENT", f"cannot be read: {exc}")
            return None


def _group_vevents(
    calendar: _Calendar, times: TimeReader, prefix: str, problems: list[Problem], *, scrub: bool
) -> list[_Unit]:
    """Group overrides and sessions with their event (by UID, within the calendar): one unit per event to be."""
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
    return [
        _Unit(
            calendar,
            index,
            Place(f"{prefix}VEVENT[{index}]", problems),
            times,
            (overrides.get(index, []), sessions.get(index, [])),
            scrub=scrub,
        )
        for index in standalone
    ]


def _resolve_itip(units: list[_Unit], *, many: bool) -> list[tuple[_Unit, bool]]:
    """The units to build, in file order, each with whether an iTIP CANCEL cancels it.

    A file of several VCALENDARs is an iTIP mailbox (RFC 5546): one UID met in
    several of them is one event in several versions. The version with the
    highest SEQUENCE, then the latest DTSTAMP (then the later in the file) is
    the event; a CANCEL of that version or a later one makes it cancelled. In
    any file, a REPLY without times (an attendee's answer) adds nothing and is
    reported as a warning, and a CANCEL without times only cancels. Within a
    single calendar each VEVENT stays an event of its own, as it always was.
    """
    groups: dict[object, list[_Unit]] = {}
    for order, unit in enumerate(units):
        unit.order = order
        key = unit.versions_key() if many and unit.uid is not None else order
        groups.setdefault(key, []).append(unit)
    chosen: list[tuple[_Unit, bool]] = []
    for versions in groups.values():
        timed: list[_Unit] = []
        cancels: list[_Unit] = []
        for unit in versions:
            if unit.method == "CANCEL":
                cancels.append(unit)
            if unit.method in ("REPLY", "CANCEL") and not unit.timed():
                if unit.method == "REPLY":
                    unit.place.warn(
                        "DTSTART", "missing: an iTIP REPLY (an attendee's answer) without times adds nothing"
                    )
                continue
            timed.append(unit)
        if not timed:
            for unit in cancels:
                unit.place.warn("UID", "an iTIP CANCEL of an event that is not in the file: nothing to cancel")
            continue
        winner = max(timed, key=lambda u: (u.version(), u.order)) if len(timed) > 1 else timed[0]
        cancelled = bool(cancels) and any(c.version() >= winner.version() for c in cancels)
        chosen.append((winner, cancelled))
    return sorted(chosen, key=lambda pair: pair[0].order)


def _session_parent(vevent: _Grouped, masters: dict[str, int]) -> int | None:
    """The index of the event a VEVENT of ours is a session of (RELATED-TO;RELTYPE=PARENT)."""
    if not vevent.session:
        return None
    for uid in vevent.parents:
        if uid in masters:
            return masters[uid]
    return None

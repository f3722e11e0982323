"""The writer that serves ``ics``: the description of :mod:`stievents_ical._tocal` as text, streamed event by event.

icalendar builds a component tree, sorts it and folds every line char by char;
here each property of the description becomes its content line at once
(:mod:`stievents_ical._lines` has icalendar's value formats, parameter quoting
and folding), and each component's lines are put in icalendar's order
(:func:`~stievents_ical._tocal.sort_key`), so the bytes equal the reference
writer's (:mod:`stievents_ical._write_reference`). The calendar's own
properties are written the same way; the VTIMEZONEs still come from icalendar,
made once per zone and span of years (:func:`~stievents_ical._zones.timezone_bytes`).
Nothing holds the whole file: each event is written as soon as it is made.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import IO, TYPE_CHECKING, Any

from stievents.model import Event
from stievents.plugin_types import ExportContext
from stievents_ical import _tocal
from stievents_ical._lines import date_line, fold, rule_text
from stievents_ical._lines import params as param_text
from stievents_ical._tocal import NEEDS_ESCAPING, Params, escape_found, escaped, sort_key
from stievents_ical._zones import timezone_bytes
from stievents_ical.options import IcsExportOptions

if TYPE_CHECKING:
    from stievents_ical._tocal import Sink

__all__ = ["LineSink", "write_ics_fast"]

_END = b"END:VCALENDAR\r\n"
_needs_escaping = NEEDS_ESCAPING.search


def write_ics_fast(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write ``events`` as one VCALENDAR: head and VTIMEZONEs, then one write per event."""
    organizers = [_tocal.organizer_of(e) for e in events]
    days = _tocal.zone_days(events)
    options = context.options if isinstance(context.options, IcsExportOptions) else IcsExportOptions()
    sink = LineSink()
    sink.begin("VCALENDAR")
    _tocal.calendar(events, options, organizers, sink)
    sink.end()
    head = ("\r\n".join(sink.out) + "\r\n").encode("utf-8")
    sink.out.clear()
    assert head.endswith(_END)
    stream.write(head[: -len(_END)])
    for key in sorted(days):
        stream.write(timezone_bytes(key, days[key]))
    stamp = _tocal.dtstamp(context)
    for event, organizer in zip(events, organizers, strict=True):
        _tocal.event(event, stamp, organizer, sink)
        stream.write(("\r\n".join(sink.out) + "\r\n").encode("utf-8"))
        sink.out.clear()
    stream.write(_END)


_Pick = Callable[[list[str]], Sequence[str]]
_ORDERS: dict[tuple[str, tuple[str, ...]], _Pick] = {}
"""Per component name and sequence of property names as described, what puts the lines in icalendar's order."""


def _order(component: str, names: tuple[str, ...]) -> _Pick:
    """What takes lines named ``names`` in icalendar's order (:func:`~stievents_ical._tocal.sort_key`; a name's
    values keep their order). An event gives a handful of sequences, so each is sorted once and looked up after."""
    order = sorted(range(len(names)), key=lambda i: sort_key(component, names[i]))
    pick: _Pick = itemgetter(*order) if len(order) > 1 else (lambda lines: [lines[i] for i in order])
    if len(_ORDERS) >= 4096:  # bounded: events with ever other counts of repeated properties give new sequences
        _ORDERS.clear()
    _ORDERS[component, names] = pick
    return pick


@functools.lru_cache(maxsize=4096)
def _token_line(name: str, value: str) -> str:
    return fold(f"{name}:{escaped(value)}")


class LineSink:
    """A :class:`~stievents_ical._tocal.Sink` that makes content lines; ``out`` holds the finished components.

    A component's lines are kept with their property names until it ends, then
    written in icalendar's order (:func:`_order`), followed by its
    subcomponents' lines.
    """

    __slots__ = ("children", "last", "lines", "name", "names", "out", "stack")

    def __init__(self) -> None:
        self.out: list[str] = []
        self.stack: list[tuple[str, list[str], list[str], list[str]]] = []
        self.name = ""
        self.names: list[str] = []
        self.lines: list[str] = []
        self.children: list[str] = []
        self.last: dict[str, tuple[list[str], _Pick]] = {}  # per component name: the last names and their order

    def begin(self, name: str) -> None:
        self.stack.append((self.name, self.names, self.lines, self.children))
        self.name, self.names, self.lines, self.children = name, [], [], []

    def end(self) -> None:
        name, names, lines, children = self.name, self.names, self.lines, self.children
        last = self.last.get(name)
        if last is not None and last[0] == names:  # the components of an event mostly repeat the last sequence
            pick = last[1]
        else:
            key = tuple(names)
            pick = _ORDERS.get((name, key)) or _order(name, key)
            self.last[name] = names, pick
        self.name, self.names, self.lines, self.children = self.stack.pop()
        target = self.children if self.stack else self.out
        target.append("BEGIN:" + name)
        target.extend(pick(lines))
        if children:
            target.extend(children)
        target.append("END:" + name)

    def _add(self, name: str, line: str) -> None:
        self.names.append(name)
        self.lines.append(line)

    def text(self, name: str, value: str, params: Params = ()) -> None:
        if _needs_escaping(value) is not None:
            value = escape_found(value)
        line = f"{name}{param_text(params)}:{value}" if params else f"{name}:{value}"
        self.names.append(name)
        self.lines.append(line if len(line) < 75 and line.isascii() else fold(line))  # fold's own test, uncalled

    def escaped_text(self, name: str, value: str, params: Params = ()) -> None:
        line = f"{name}{param_text(params)}:{value}" if params else f"{name}:{value}"
        self.names.append(name)
        self.lines.append(line if len(line) < 75 and line.isascii() else fold(line))

    def token(self, name: str, value: str) -> None:
        self.names.append(name)
        self.lines.append(_token_line(name, value))

    def uri(self, name: str, value: str, params: Params) -> None:
        line = f"{name}{param_text(params)}:{value}"
        self.names.append(name)
        self.lines.append(line if len(line) < 75 and line.isascii() else fold(line))

    def address(self, name: str, value: str, params: Params = ()) -> None:
        line = f"{name}{param_text(params)}:{value}" if params else f"{name}:{value}"
        self.names.append(name)
        self.lines.append(line if len(line) < 75 and line.isascii() else fold(line))

    def time(self, name: str, value: dt.date, params: Params = ()) -> None:
        self.names.append(name)
        self.lines.append(date_line(name + param_text(params) if params else name, value))

    def integer(self, name: str, value: int) -> None:
        self.names.append(name)
        self.lines.append(f"{name}:{value}")

    def geo(self, name: str, latitude: float, longitude: float) -> None:
        self._add(name, fold(f"{name}:{float(latitude)};{float(longitude)}"))

    def recur(self, name: str, rule: str) -> None:
        self._add(name, fold(f"{name}:{rule_text(rule)}"))

    def duration(self, name: str, value: str, params: Params = ()) -> None:
        # Only the calendar's own properties are durations, and write_ics_fast takes the calendar head from
        # the reference; a duration option is validated as an RFC 5545 DURATION, so it is written as given.
        self._add(name, fold(f"{name}{param_text(params)}:{value}" if params else f"{name}:{value}"))

    def shared(self, describe: Callable[[Sink], None]) -> Any:
        """The names and lines of properties made once, to be added to each component that has them."""
        names, lines = self.names, self.lines
        self.names, self.lines = [], []
        try:
            describe(self)
            return self.names, self.lines
        finally:
            self.names, self.lines = names, lines

    def repeat(self, shared: Any) -> None:
        names, lines = shared
        self.names.extend(names)
        self.lines.extend(lines)

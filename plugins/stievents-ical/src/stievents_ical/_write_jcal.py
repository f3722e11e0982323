"""The writer that serves ``jcal``: the description of :mod:`stievents_ical._tocal` as jCal (RFC 7265), streamed.

The same mapping as ``ics`` (every property, value and parameter is what
:mod:`stievents_ical._tocal` describes), rendered as JSON: each component is
``[name, [properties], [components]]``, each property ``[name, {params},
type, value...]``, names in lower case. What is particular to jCal:

- value types from the kind the description gives: ``text`` (unescaped;
  CATEGORIES as several values), ``date`` / ``date-time`` (``TZID`` as the
  ``tzid`` parameter, UTC with ``Z``), ``uri``, ``cal-address``,
  ``integer``, ``float`` (GEO as one ``[latitude, longitude]`` value, as
  RFC 7265 3.4.1.3 structures it), ``recur`` (an object), ``duration``;
  ``X-`` properties of TEXT are ``unknown`` with their iCalendar text, as
  RFC 7265 5 converts properties it has no type for (their escaping kept);
- the ``VALUE`` parameter becomes the type;
- properties in the order they are described (jCal has no canonical order);
- the VTIMEZONEs are the ``ics`` export's (same zones, same coverage),
  converted property by property with :mod:`stievents_ical._jcal`.

Layout: compact JSON (``ensure_ascii=False``), one top-level component per
line: ``["vcalendar",[...],[`` then each VTIMEZONE and VEVENT on a line of
its own, then ``]]``. Each event's components are written as soon as they
are made; nothing holds the whole document. The output is a function of the
events, the options and ``now``.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

from stievents.model import Event
from stievents.plugin_types import ExportContext
from stievents_ical import _tocal
from stievents_ical._content import Component
from stievents_ical._jcal import TYPES, to_jcal
from stievents_ical._lines import rule_text, zone_id
from stievents_ical._parse import parse_block, unfold
from stievents_ical._tocal import Params, escaped
from stievents_ical._zones import timezone_bytes
from stievents_ical.options import IcsExportOptions

if TYPE_CHECKING:
    from stievents_ical._tocal import Sink

__all__ = ["JcalSink", "write_jcal"]

_UTC = zoneinfo.ZoneInfo("UTC")
_Prop = list[Any]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_jcal(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write ``events`` as one jCal ``vcalendar``: its properties, the VTIMEZONEs, then one write per event."""
    options = context.options if isinstance(context.options, IcsExportOptions) else IcsExportOptions()
    organizers = [_tocal.organizer_of(e) for e in events]
    sink = JcalSink()
    sink.begin("VCALENDAR")
    _tocal.calendar(events, options, organizers, sink)
    head = sink.props
    stream.write(f'["vcalendar",{_dumps(head)},['.encode())
    days = _tocal.zone_days(events)
    first = True
    for key in sorted(days):
        stream.write(("\n" if first else ",\n").encode() + _dumps(timezone_jcal(key, days[key])).encode("utf-8"))
        first = False
    stamp = _tocal.dtstamp(context)
    for event, organizer in zip(events, organizers, strict=True):
        _tocal.event(event, stamp, organizer, sink)
        for component in sink.done:
            stream.write(("\n" if first else ",\n").encode() + _dumps(component).encode("utf-8"))
            first = False
        sink.done.clear()
    stream.write(b"\n]]\n")


def timezone_jcal(key: str, days: set[dt.date]) -> list[Any]:
    """The VTIMEZONE the ``ics`` export writes for zone ``key`` and ``days``, as jCal."""
    text = timezone_bytes(key, days).decode("utf-8")
    return _component_jcal(parse_block(unfold(text)))


def _component_jcal(component: Component) -> list[Any]:
    props = [
        _jcal_prop(prop.name, prop.params, TYPES.get(prop.name, "unknown"), prop.value)
        for values in component.props.values()
        for prop in values
    ]
    return [component.name.lower(), props, [_component_jcal(sub) for sub in component.subcomponents]]


def _jcal_prop(name: str, params: dict[str, str], kind: str, raw: str) -> _Prop:
    found = {k.lower(): v for k, v in params.items() if k != "VALUE"}
    kind = params.get("VALUE", kind).lower() if kind != "unknown" else kind
    return [name.lower(), found, kind, *to_jcal(kind, raw, name)]


def _params(params: Params) -> tuple[dict[str, str], str | None]:
    """jCal parameters (names in lower case) and the type a ``VALUE`` parameter names, if any."""
    kind = None
    found = {}
    for key, value in params:
        if key == "VALUE":
            kind = value.lower()
        else:
            found[key.lower()] = value
    return found, kind


class JcalSink:
    """A :class:`~stievents_ical._tocal.Sink` that makes jCal components; ``done`` holds the finished top ones."""

    def __init__(self) -> None:
        self.done: list[list[Any]] = []
        self.stack: list[tuple[str, list[_Prop], list[list[Any]]]] = []
        self.name = ""
        self.props: list[_Prop] = []
        self.children: list[list[Any]] = []

    def begin(self, name: str) -> None:
        self.stack.append((self.name, self.props, self.children))
        self.name, self.props, self.children = name, [], []

    def end(self) -> None:
        component = [self.name.lower(), self.props, self.children]
        self.name, self.props, self.children = self.stack.pop()
        (self.children if len(self.stack) > 1 else self.done).append(component)  # stack[0]: below VCALENDAR

    def _add(self, name: str, params: Params, kind: str, *values: Any) -> None:
        found, given = _params(params)
        self.props.append([name.lower(), found, given or kind, *values])

    def text(self, name: str, value: str, params: Params = ()) -> None:
        self.escaped_text(name, escaped(value), params)

    def escaped_text(self, name: str, value: str, params: Params = ()) -> None:
        if name.startswith("X-"):
            self._add(name, params, "unknown", value)  # RFC 7265 5: a property of unknown type keeps its text
        else:
            self._add(name, params, "text", *to_jcal("text", value, name))

    def token(self, name: str, value: str) -> None:
        self.escaped_text(name, escaped(value))

    def uri(self, name: str, value: str, params: Params) -> None:
        self._add(name, params, "uri", value)

    def address(self, name: str, value: str, params: Params = ()) -> None:
        self._add(name, params, "cal-address", value)

    def time(self, name: str, value: dt.date, params: Params = ()) -> None:
        if not isinstance(value, dt.datetime):
            self._add(name, params, "date", value.isoformat())
            return
        tzid = zone_id(value)
        if tzid is None and value.tzinfo is not None:
            value = value.astimezone(_UTC)
        text = value.replace(tzinfo=None, microsecond=0).isoformat() + ("" if value.tzinfo is None or tzid else "Z")
        self._add(name, (*params, ("TZID", tzid)) if tzid else params, "date-time", text)

    def integer(self, name: str, value: int) -> None:
        self._add(name, (), "integer", value)

    def geo(self, name: str, latitude: float, longitude: float) -> None:
        self._add(name, (), "float", [float(latitude), float(longitude)])

    def recur(self, name: str, rule: str) -> None:
        self._add(name, (), "recur", *to_jcal("recur", rule_text(rule)))

    def duration(self, name: str, value: str, params: Params = ()) -> None:
        self._add(name, params, "duration", value)

    def shared(self, describe: Callable[[Sink], None]) -> Any:
        """The properties made once; each component that has them gets them again (a list of its own)."""
        props = self.props
        self.props = []
        try:
            describe(self)
            return self.props
        finally:
            self.props = props

    def repeat(self, shared: Any) -> None:
        self.props.extend(shared)

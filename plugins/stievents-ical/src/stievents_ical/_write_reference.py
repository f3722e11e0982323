"""The reference writer: the description of :mod:`stievents_ical._tocal` rendered as icalendar components.

Each property becomes icalendar's own value type (vText, vUri, vCalAddress,
vDDDTypes, vRecur...) in a component tree that icalendar orders, folds and
serialises with ``to_ical``. It is the measure of the fast writer
(:mod:`stievents_ical._write_fast`), which must give the same bytes; it is not
a registered format (see :mod:`stievents_ical.reference`). The fast writer also
uses it for the calendar's own properties, written once per file.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

from stievents.model import Event
from stievents.plugin_types import ExportContext
from stievents_ical import _tocal
from stievents_ical._tocal import Params, Sink, escaped
from stievents_ical._zones import timezone_component
from stievents_ical.options import IcsExportOptions

if TYPE_CHECKING:
    from icalendar import Calendar, Component

__all__ = ["ComponentSink", "calendar_head", "vevent_order", "write_reference"]


def vcalendar_order() -> tuple[str, ...]:
    """The property order icalendar gives a VCALENDAR (``Calendar.canonical_order``)."""
    from icalendar import Calendar

    return tuple(name.upper() for name in Calendar.canonical_order)


def vevent_order() -> tuple[str, ...]:
    """The property order icalendar gives a VEVENT (``Event.canonical_order``), which it applies here itself."""
    from icalendar import Event as VEvent

    return tuple(name.upper() for name in VEvent.canonical_order)


def write_reference(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write ``events`` as one VCALENDAR built with icalendar: VTIMEZONEs first, then the VEVENTs."""
    stamp = _tocal.dtstamp(context)
    organizers = [_tocal.organizer_of(e) for e in events]
    cal = calendar_head(events, context, organizers)
    days = _tocal.zone_days(events)
    for key in sorted(days):
        cal.add_component(timezone_component(key, days[key]))
    sink = ComponentSink()
    for event, organizer in zip(events, organizers, strict=True):
        _tocal.event(event, stamp, organizer, sink)
    for component in sink.done:
        cal.add_component(component)
    stream.write(cal.to_ical())


def calendar_head(
    events: Sequence[Event], context: ExportContext, organizers: Sequence[tuple[str, str | None] | None]
) -> Calendar:
    """The VCALENDAR with its own properties only (the reference writer serialises it with icalendar)."""
    options = context.options if isinstance(context.options, IcsExportOptions) else IcsExportOptions()
    sink = ComponentSink()
    sink.begin("VCALENDAR")
    _tocal.calendar(events, options, organizers, sink)
    (cal,) = sink.stack
    return cal  # type: ignore[return-value]


class ComponentSink:
    """A :class:`~stievents_ical._tocal.Sink` that builds icalendar components; ``done`` holds the top ones."""

    def __init__(self) -> None:
        self.stack: list[Component] = []
        self.done: list[Component] = []

    def begin(self, name: str) -> None:
        import icalendar

        kind = {"VCALENDAR": icalendar.Calendar, "VEVENT": icalendar.Event}.get(name)
        if kind is not None:
            component = kind()
        else:  # icalendar has no class for RFC 9073 components
            component = icalendar.Component()
            component.name = name  # type: ignore[misc]
        self.stack.append(component)

    def end(self) -> None:
        component = self.stack.pop()
        if self.stack:
            self.stack[-1].add_component(component)
        else:
            self.done.append(component)

    def _add(self, name: str, value: Any, params: Params) -> None:
        self.stack[-1].add(name, value, parameters=dict(params))

    def text(self, name: str, value: str, params: Params = ()) -> None:
        self._add(name, _escaped_type()(escaped(value)), params)

    def escaped_text(self, name: str, value: str, params: Params = ()) -> None:
        self._add(name, _escaped_type()(value), params)

    def token(self, name: str, value: str) -> None:
        self._add(name, _escaped_type()(escaped(value)), ())

    def uri(self, name: str, value: str, params: Params) -> None:
        from icalendar import vUri

        self._add(name, vUri(value), params)

    def address(self, name: str, value: str, params: Params = ()) -> None:
        from icalendar import vCalAddress

        self._add(name, vCalAddress(value), params)

    def time(self, name: str, value: dt.date, params: Params = ()) -> None:
        self._add(name, value, params)

    def integer(self, name: str, value: int) -> None:
        self._add(name, value, ())

    def geo(self, name: str, latitude: float, longitude: float) -> None:
        self._add(name, (latitude, longitude), ())

    def recur(self, name: str, rule: str) -> None:
        from icalendar import vRecur

        self._add(name, vRecur.from_ical(rule), ())

    def duration(self, name: str, value: str, params: Params = ()) -> None:
        from icalendar import vDuration

        self._add(name, vDuration(vDuration.from_ical(value)), params)  # type: ignore[no-untyped-call]

    def shared(self, describe: Callable[[Sink], None]) -> Any:
        return describe  # described again in each component: icalendar values are not shared between them

    def repeat(self, shared: Any) -> None:
        shared(self)


@functools.cache
def _escaped_type() -> type:
    from icalendar import vText

    class EscapedText(vText):
        """TEXT already escaped by :func:`~stievents_ical._tocal.escaped` (icalendar's own escaping would turn
        a literal backslash-N into a line break).

        ``to_ical`` gives ``str``, not ``bytes``: icalendar decodes a value's
        bytes as ``utf-8-sig``, which would drop a leading U+FEFF that RFC 5545
        TEXT may hold; a ``str`` is taken as it is.
        """

        def to_ical(self) -> str:  # type: ignore[override]
            return str(self)

    return EscapedText

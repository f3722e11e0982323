"""Reading typed values out of one VEVENT, each problem reported with its place (``VEVENT[3].DTSTART``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from stievents import serialize
from stievents.errors import InvalidEventError, Problem, Severity, StieventsError
from stievents.model import VirtualLocation
from stievents_ical import _names as n
from stievents_ical._content import Component, Property
from stievents_ical._props import all_values, first_text, texts
from stievents_ical._times import TimeReader
from stievents_ical._values import parse_duration, parse_time
from stievents_ical._zones import iana_zone

__all__ = ["ComponentReader", "Place"]

_ZONED = frozenset({"DTSTART", "DTEND", "RECURRENCE-ID", "DUE", "RDATE", "EXDATE"})


class Place:
    """Where in the file we are (``VEVENT[3]``) and the problem list findings go to."""

    def __init__(self, prefix: str, problems: list[Problem]) -> None:
        self.prefix = prefix
        self.problems = problems

    def warn(self, where: str, message: str) -> None:
        """Report a repaired or ignored value at ``<prefix>.<where>``."""
        self.problems.append(Problem(path=f"{self.prefix}.{where}", message=message, severity=Severity.WARNING))

    def error(self, where: str, message: str) -> None:
        """Report a VEVENT (or part) that could not be read at all."""
        self.problems.append(Problem(path=f"{self.prefix}.{where}", message=message))

    def sibling(self, index: int) -> Place:
        """The place of VEVENT ``index`` in the same calendar (``VCALENDAR[1].VEVENT[4]`` from ``...VEVENT[0]``)."""
        calendar, dot, _ = self.prefix.rpartition(".")
        return Place(f"{calendar}{dot}VEVENT[{index}]", self.problems)

    def warner(self, where: str) -> Callable[[str], None]:
        """A one-argument ``warn`` for property ``where``."""
        return lambda message: self.warn(where, message)


class ComponentReader:
    """Reads values out of one VEVENT, reporting every problem at its place."""

    def __init__(self, vevent: Component, place: Place, times: TimeReader) -> None:
        self.vevent = vevent
        self.place = place
        self.times = times
        # in our own files the X- properties come last
        self.own = any(name.startswith(n.X_PREFIX) for name in reversed(vevent.props))

    # -------------------------------------------------------------- values

    def time(self, name: str, component: Component | None = None, prop: Property | None = None) -> dt.date | None:
        """Property ``name`` (or ``prop``) as a model date or datetime; ``None`` if absent or bad (warned)."""
        if prop is None:
            found = (self.vevent if component is None else component).props.get(name)
            if not found:
                return None
            prop = found[0]
        try:
            value = parse_time(prop.value)
        except ValueError as exc:
            self.place.warn(name, f"{exc}; ignored")
            return None
        return self._zoned(name, value, prop)

    def _zoned(self, name: str, value: dt.date, prop: Property) -> dt.date | None:
        tzid = prop.params.get("TZID")
        if tzid and name in _ZONED and isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)  # a TZID wins over a trailing Z on these, as icalendar reads them
        elif tzid and name in _ZONED and not isinstance(value, dt.datetime) and _value_type(prop) != "DATE":
            value = dt.datetime.combine(
                value, dt.time()
            )  # a bare date with a TZID: midnight there, as icalendar has it
        try:
            result = self.times.convert(value, tzid, self.place.warner(name))
        except (ValueError, OverflowError):
            self.place.warn(name, f"{value.isoformat()} cannot be placed in its time zone; ignored")
            return None
        zone = prop.params.get(n.X_ZONE)  # ours: a time in a repeated hour, written in UTC
        if zone is not None and isinstance(result, dt.datetime):
            known = iana_zone(zone)
            if known is not None:
                return result.astimezone(known)
        return result

    def enum(self, name: str, kind: Any) -> Any:
        """An X- property holding an enum value, or ``None`` (warned when unknown)."""
        text = first_text(self.vevent, name)
        if text is None:
            return None
        try:
            return kind(text)
        except ValueError:
            self.place.warn(name, f"unknown value {text!r}; ignored")
            return None

    def records(self, name: str, kind: type) -> list[Any]:
        """Every JSON-valued property ``name`` structured as ``kind``; bad ones are warned and skipped."""
        result = []
        for text, _ in texts(self.vevent, name):
            try:
                result.append(serialize.structure(json.loads(text), kind))
            except (ValueError, StieventsError) as exc:
                self.place.warn(name, f"unreadable value ({exc}); ignored")
        return result

    def end_of(self, start: dt.date) -> dt.date:
        """The model's end: DTEND (exclusive for dates), else DURATION, else the start; repaired when wrong."""
        end = self.time("DTEND")
        if end is None and "DURATION" in self.vevent:
            raw = self.vevent.props["DURATION"][0].value
            try:
                duration = parse_duration(raw)
                if isinstance(start, dt.datetime):  # exact time, so that no DST gap is met
                    end = (start.astimezone(dt.UTC) + duration).astimezone(start.tzinfo)
                else:
                    end = start + dt.timedelta(days=duration.days)
            except ValueError as exc:
                self.place.warn("DURATION", f"{exc}; ignored")
            except OverflowError:
                self.place.warn("DURATION", "goes past the calendar's range; ignored")
        if end is None:
            return start
        if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            self.place.warn("DTEND", "is not of the same kind as DTSTART (date vs date-time); ignored")
            return start
        if not isinstance(start, dt.datetime):
            end = end - dt.timedelta(days=1)  # DTEND of a date is exclusive
            if end < start:
                self.place.warn("DTEND", "is not after DTSTART; the event is read as one day")
                return start
            return end
        assert isinstance(end, dt.datetime)
        if end < start:
            self.place.warn("DTEND", "is before DTSTART; the event is read as ending when it starts")
            return start
        return end

    def online(self, component: Any) -> VirtualLocation | None:
        """Our stored virtual location, else the first CONFERENCE with an http(s) link."""
        stored = None
        for text, _ in texts(component, n.X_VIRTUAL_LOCATION):
            try:
                stored = serialize.structure(json.loads(text), VirtualLocation)
            except (ValueError, StieventsError) as exc:
                self.place.warn(n.X_VIRTUAL_LOCATION, f"unreadable ({exc}); ignored")
        if stored is not None:
            return stored  # type: ignore[no-any-return]
        for text, params in texts(component, "CONFERENCE"):
            try:
                return VirtualLocation(url=text, platform=params.get("LABEL"), join_url_public=True)
            except InvalidEventError:
                self.place.warn("CONFERENCE", f"not an http(s) URL: {text[:80]!r}; ignored")
        return None

    def room(self) -> str | None:
        """A session's room (JSON, so that it equals the venue's room exactly)."""
        text = first_text(self.vevent, n.X_ROOM)
        if text is None:
            return None
        try:
            room = json.loads(text)
        except ValueError:
            room = text
        return room if isinstance(room, str) else None

    def dates(self, name: str, start: dt.date | None) -> tuple[dt.date, ...]:
        """Every value of RDATE or EXDATE properties, of the same kind as ``start``."""
        result: list[dt.date] = []
        for prop in all_values(self.vevent, name):
            for item in prop.value.split(","):
                if not item.strip():
                    continue
                try:
                    parsed = parse_time(item)
                except ValueError as exc:
                    self.place.warn(name, f"{exc}; ignored")
                    continue
                value = self._zoned(name, parsed, prop)
                if value is None:
                    continue
                if start is not None and isinstance(value, dt.datetime) != isinstance(start, dt.datetime):
                    self.place.warn(name, f"{value.isoformat()} is not of the same kind as DTSTART; ignored")
                    continue
                result.append(value)
        return tuple(result)


def _value_type(prop: Property) -> str:
    return prop.params.get("VALUE", "").upper()

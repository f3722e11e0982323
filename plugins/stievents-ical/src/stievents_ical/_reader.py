"""Reading typed values out of one VEVENT, each problem reported with its place (``VEVENT[3].DTSTART``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from stievents import serialize
from stievents.errors import InvalidEventError, Problem, Severity, StieventsError
from stievents.model import VirtualLocation
from stievents_ical import _names as n
from stievents_ical._props import all_values, first_text, param, texts
from stievents_ical._times import TimeReader
from stievents_ical._zones import iana_zone

__all__ = ["ComponentReader", "Place"]


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

    def warner(self, where: str) -> Callable[[str], None]:
        """A one-argument ``warn`` for property ``where``."""
        return lambda message: self.warn(where, message)


class ComponentReader:
    """Reads values out of one VEVENT, reporting every problem at its place."""

    def __init__(self, vevent: Any, place: Place, times: TimeReader) -> None:
        self.vevent = vevent
        self.place = place
        self.times = times
        # icalendar keeps keys upper case, and in our own files the X- properties come last
        self.own = any(str(key).startswith(n.X_PREFIX) for key in reversed(vevent))

    # -------------------------------------------------------------- values

    def time(self, name: str, component: Any = None, value: Any = None) -> dt.date | None:
        """Property ``name`` (or the parsed ``value``) as a model date or datetime; ``None`` if absent or bad."""
        component = self.vevent if component is None else component
        if value is None:
            found = all_values(component, name)
            if not found:
                return None
            value = found[0]
        try:
            result = self.times.convert(value, param(value, "TZID"), self.place.warner(name))
            zone = param(value, n.X_ZONE)  # ours: the second pass of a repeated hour, written in UTC
            if zone is not None and isinstance(result, dt.datetime):
                known = iana_zone(zone)
                if known is not None:
                    return result.astimezone(known)
            return result
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            self.place.warn(name, f"unreadable date or time ({_short(exc)}); ignored")
            return None

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
            try:
                duration = self.vevent.decoded("DURATION")
                if isinstance(start, dt.datetime):  # exact time, so that no DST gap is met
                    end = (start.astimezone(dt.UTC) + duration).astimezone(start.tzinfo)
                else:
                    end = start + duration
            except (ValueError, TypeError, KeyError, OverflowError) as exc:
                self.place.warn("DURATION", f"unreadable ({exc}); ignored")
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
            try:
                items = list(getattr(prop, "dts", [prop]))
            except ValueError as exc:
                self.place.warn(name, f"unreadable ({exc}); ignored")
                continue
            for item in items:
                value = self.time(name, value=_with_params(item, prop))
                if value is None:
                    continue
                if start is not None and isinstance(value, dt.datetime) != isinstance(start, dt.datetime):
                    self.place.warn(name, f"{value.isoformat()} is not of the same kind as DTSTART; ignored")
                    continue
                result.append(value)
        return tuple(result)


def _with_params(item: Any, prop: Any) -> Any:
    """An RDATE/EXDATE list item, with the list's TZID so the zone name is known."""
    if not getattr(item, "params", None):
        with contextlib.suppress(AttributeError):
            item.params = prop.params
    return item


def _short(exc: BaseException) -> str:
    text = str(exc).replace("\n", " ")
    return text if len(text) <= 200 else text[:197] + "..."

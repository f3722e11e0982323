"""Recurrence on import: RRULE, RDATE, EXDATE and overridden occurrences, bounded so expansion ends quickly."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from stievents.model import Override, Recurrence
from stievents_ical import _names as n
from stievents_ical._content import Component, Property
from stievents_ical._props import all_values, first_text, texts
from stievents_ical._reader import ComponentReader
from stievents_ical._stated import same_time, series_end
from stievents_ical._times import UTC
from stievents_ical._values import show

__all__ = ["RecurrenceReader"]

_MAX_RULE_YEARS = 10
_MAX_COUNT = 10_000


class RecurrenceReader(ComponentReader):
    """Reads a master VEVENT's recurrence and the VEVENTs that override its occurrences."""

    def _recurrence(self, start: dt.date, overrides: list[tuple[int, Component]]) -> Recurrence | None:
        rules = all_values(self.vevent, "RRULE")
        if len(rules) > 1:
            self.place.warn("RRULE", f"{len(rules)} RRULEs; only the first is kept")
        rule = self._rule(rules[0], start) if rules else None
        rdates = self.dates("RDATE", start)
        exdates = self.dates("EXDATE", start)
        moved = tuple(o for o in (self._override(i, v, start) for i, v in overrides) if o is not None)
        if rule is None and not rdates and not moved:
            return None
        if rule is None and not rdates:
            rdates = (start,)  # overrides of a lone occurrence: keep them attached
        recurrence = Recurrence(rule=rule, rdates=rdates, exdates=exdates, overrides=moved)
        problems = recurrence.problems(start)
        if problems:
            self.place.warn("RRULE", "; ".join(f"{p.path[2:]}: {p.message}" for p in problems) + "; rule ignored")
            recurrence = attrs.evolve(recurrence, rule=None, rdates=rdates or (start,))
            if recurrence.problems(start):
                return None
        return recurrence

    def _rule(self, prop: Property, start: dt.date) -> str | None:
        from icalendar import vRecur

        try:
            parts = vRecur.from_ical(prop.value)
            count = int(parts["COUNT"][0]) if "COUNT" in parts else None
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            self.place.warn("RRULE", f"unreadable rule {show(prop.value)!r}; ignored")
            return None
        if count is not None and count > _MAX_COUNT:
            self.place.warn("RRULE", f"COUNT={parts['COUNT'][0]} capped at {_MAX_COUNT}")
            parts["COUNT"] = [_MAX_COUNT]
        if "UNTIL" in parts:
            parts["UNTIL"] = [self._until(parts["UNTIL"][0], start)]
        elif "COUNT" not in parts:
            limit = start + dt.timedelta(days=365 * _MAX_RULE_YEARS)
            self.place.warn("RRULE", f"has no end; bounded at {_MAX_RULE_YEARS} years (UNTIL)")
            parts["UNTIL"] = [self._until(limit, start)]
        return str(parts.to_ical().decode("ascii"))

    def _until(self, until: Any, start: dt.date) -> dt.date:
        if not isinstance(start, dt.datetime):
            day: dt.date = until.date() if isinstance(until, dt.datetime) else until
            return day
        moment: dt.datetime = (
            until if isinstance(until, dt.datetime) else dt.datetime.combine(until, dt.time(23, 59, 59))
        )
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=start.tzinfo)
        return moment.astimezone(UTC)

    def _override(self, index: int, vevent: Component, first: dt.date) -> Override | None:
        sub = ComponentReader(vevent, self.place.sibling(index), self.times)
        recid = sub.time("RECURRENCE-ID")
        start = sub.time("DTSTART")
        if recid is None:
            sub.place.error("RECURRENCE-ID", "unreadable; the overridden occurrence is ignored")
            return None
        if isinstance(recid, dt.datetime) != isinstance(first, dt.datetime):
            sub.place.warn("RECURRENCE-ID", "is not of the same kind as the series' DTSTART")
        end = sub.end_of(start) if start is not None else None
        master_end = self.end_of(first)
        duration = master_end - first
        title = first_text(vevent, "SUMMARY")
        master_title = first_text(self.vevent, "SUMMARY")
        kept = {text.strip().lower() for text, _ in texts(vevent, n.X_STATED)}  # ours: see _stated.py
        cancelled = (first_text(vevent, "STATUS") or "").upper() == "CANCELLED" and (
            "cancelled" in kept or (first_text(self.vevent, "STATUS") or "").upper() != "CANCELLED"
        )
        new_start = None if start is None or (same_time(start, recid) and "start" not in kept) else start
        base = new_start if new_start is not None else recid
        new_end = None if end is None or (same_time(end, series_end(base, duration)) and "end" not in kept) else end
        try:
            return Override(
                recurrence_id=recid,
                start=new_start,
                end=new_end,
                title=None if title == master_title and "title" not in kept else title,
                cancelled=cancelled,
            )
        except (TypeError, ValueError) as exc:
            sub.place.warn("RECURRENCE-ID", f"{exc}; ignored")
            return None

"""RFC 5545 recurrence (RRULE, RDATE, EXDATE, overridden occurrences) and its bounded expansion.

The rule is kept as its RFC 5545 text (``FREQ=WEEKLY;COUNT=4``) so that it
round-trips through every format unchanged; python-dateutil parses and expands
it. Every expansion is bounded twice: by a number of instances and by a window,
so that a hostile rule (``FREQ=SECONDLY`` for years, ``COUNT=1000000000``)
ends quickly with :class:`~stievents.errors.LimitExceededError`.

Each class checks the types of its fields when built, with the model's policy
(:mod:`stievents._typecheck`: a list given for a tuple becomes a tuple; any other
wrong type raises :class:`~stievents.errors.InvalidEventError` naming the field).
The rules that need the event's start (a rule's bounds, dates of the same kind
as the start) are checked by the :class:`~stievents.model.Event` that holds the
recurrence, which also searches its text for characters no format can carry.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from stievents import _time, _typecheck
from stievents.errors import LimitExceededError, Problem

if TYPE_CHECKING:
    from dateutil.rrule import rrule

__all__ = ["MAX_COUNT", "MAX_SPAN_YEARS", "Occurrence", "Override", "Recurrence"]

MAX_COUNT = 10_000
"""The largest COUNT a rule may have."""

MAX_SPAN_YEARS = 100
"""The longest time an UNTIL may lie after the first start."""

DEFAULT_EXPANSION_LIMIT = 1_000
_RULE_RE = re.compile(r"[A-Z]+=[A-Za-z0-9,+\-:]+(?:;[A-Z]+=[A-Za-z0-9,+\-:]+)*")


@attrs.frozen(kw_only=True)
class Override:
    """One occurrence changed from what the rule gives (RFC 5545 RECURRENCE-ID)."""

    recurrence_id: dt.datetime | dt.date
    start: dt.datetime | dt.date | None = None
    end: dt.datetime | dt.date | None = None
    title: str | None = None
    cancelled: bool = False

    def __attrs_post_init__(self) -> None:
        _typecheck.check_types(self)


@attrs.frozen(kw_only=True)
class Recurrence:
    """How an event repeats: an RRULE value plus extra and excluded starts."""

    rule: str | None = None
    rdates: tuple[dt.datetime | dt.date, ...] = ()
    exdates: tuple[dt.datetime | dt.date, ...] = ()
    overrides: tuple[Override, ...] = ()

    def __attrs_post_init__(self) -> None:
        _typecheck.check_types(self)

    def problems(self, start: dt.date) -> list[Problem]:
        """Every reason this recurrence is invalid for an event starting at ``start``."""
        found: list[Problem] = []

        def fail(path: str, message: str) -> None:
            found.append(Problem(path=f"$.{path}", message=message))

        if self.rule is None and not self.rdates:
            fail("rule", "a recurrence needs a rule or at least one rdate")
        for name in ("rdates", "exdates"):
            for index, value in enumerate(getattr(self, name)):
                why = _time.check_temporal(value)
                if why:
                    fail(f"{name}[{index}]", why)
                elif isinstance(value, dt.datetime) != isinstance(start, dt.datetime):
                    fail(f"{name}[{index}]", "must be of the same kind as the event's start")
        for index, override in enumerate(self.overrides):
            valid = True
            for name in ("recurrence_id", "start", "end"):
                value = getattr(override, name)
                why = _time.check_temporal(value) if value is not None else None
                if why:
                    valid = False
                    fail(f"overrides[{index}].{name}", why)
            begins = override.start if override.start is not None else override.recurrence_id
            if valid and override.end is not None:
                if isinstance(override.end, dt.datetime) != isinstance(begins, dt.datetime):
                    fail(f"overrides[{index}].end", "must be of the same kind as the occurrence's start")
                elif override.end < begins:
                    fail(f"overrides[{index}].end", "must not be before the occurrence's start")
        if self.rule is not None:
            why = _rule_problem(self.rule, start)
            if why:
                fail("rule", why)
        return found

    def _rrule(self, start: dt.date) -> rrule:
        from dateutil.rrule import rrulestr

        dtstart = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
        assert self.rule is not None
        result = rrulestr(self.rule, dtstart=dtstart, cache=False)
        return typing.cast("rrule", result)

    def starts(
        self,
        start: dt.date,
        *,
        window_start: dt.date | None = None,
        window_end: dt.date | None = None,
        limit: int = DEFAULT_EXPANSION_LIMIT,
    ) -> list[dt.date]:
        """Occurrence starts (first included) within the window, sorted.

        Overrides move occurrences; cancelled overrides and EXDATEs remove them.
        Raise :class:`LimitExceededError` when more than ``limit`` would result.
        """
        if window_end is None:
            window_end = _add_years(start, MAX_SPAN_YEARS)
        excluded = {_key(d) for d in self.exdates}
        moved = {_key(o.recurrence_id): o for o in self.overrides}
        found: dict[object, dt.date] = {}

        def take(value: dt.date) -> None:
            key = _key(value)
            if key in excluded:
                return
            override = moved.get(key)
            if override is not None:
                if override.cancelled:
                    return
                value = override.start or value
            found[key] = value
            if len(found) > limit:
                raise LimitExceededError(_too_many(limit))

        for value in _iter_rule(self, start, window_end, limit):
            take(value)
        for value in (start, *self.rdates):
            if _before(value, window_end):
                take(value)
        result = sorted(found.values(), key=_sort_key)
        if window_start is not None:
            result = [v for v in result if _before(window_start, v)]  # the window's first day is included
        return result

    def occurrences(
        self,
        start: dt.date,
        end: dt.date,
        *,
        window_start: dt.date | None = None,
        window_end: dt.date | None = None,
        limit: int = DEFAULT_EXPANSION_LIMIT,
    ) -> list[Occurrence]:
        """Expanded occurrences of an event running from ``start`` to ``end``."""
        duration = end - start
        moved = {_key(o.recurrence_id): o for o in self.overrides}
        by_start = {_key(o.start): o for o in self.overrides if o.start is not None}
        result = []
        for value in self.starts(start, window_start=window_start, window_end=window_end, limit=limit):
            override = by_start.get(_key(value)) or moved.get(_key(value))
            recurrence_id = override.recurrence_id if override else value
            occ_end = override.end if override and override.end is not None else value + duration
            title = override.title if override else None
            result.append(Occurrence(start=value, end=occ_end, recurrence_id=recurrence_id, title=title))
        return result


def _iter_rule(rec: Recurrence, start: dt.date, window_end: dt.date, limit: int) -> Iterator[dt.date]:
    if rec.rule is None:
        return
    rule = rec._rrule(start)
    for produced, value in enumerate(rule):
        if produced > limit + len(rec.exdates) + len(rec.overrides):
            raise LimitExceededError(_too_many(limit))
        occurrence: dt.date = value if isinstance(start, dt.datetime) else value.date()
        if not _before(occurrence, window_end):
            return
        yield occurrence


@attrs.frozen(kw_only=True)
class Occurrence:
    """One expanded occurrence of an event."""

    start: dt.date
    end: dt.date
    recurrence_id: dt.date
    title: str | None = None

    def __attrs_post_init__(self) -> None:
        _typecheck.check_types(self)


def _too_many(limit: int) -> str:
    return f"recurrence gives more than {limit} occurrences in the window; narrow the window or raise the limit"


def _rule_problem(rule: str, start: dt.date) -> str | None:
    if not isinstance(rule, str) or len(rule) > 1000 or not _RULE_RE.fullmatch(rule):
        return "expected an RFC 5545 RRULE value such as FREQ=WEEKLY;COUNT=4"
    parts = dict(part.split("=", 1) for part in rule.split(";"))
    if "FREQ" not in parts:
        return "an RRULE needs FREQ"
    if "COUNT" not in parts and "UNTIL" not in parts:
        return "the recurrence must be bounded: give COUNT or UNTIL"
    if "COUNT" in parts:
        if not parts["COUNT"].isdigit():
            return "COUNT must be a whole number"
        if int(parts["COUNT"]) > MAX_COUNT:
            return f"COUNT={parts['COUNT']} exceeds the limit of {MAX_COUNT} occurrences"
    if "UNTIL" in parts:
        until = parts["UNTIL"]
        if isinstance(start, dt.datetime) and not until.endswith("Z"):
            return "UNTIL must be in UTC (ending in Z) when the event has a start time"
        try:
            year = int(until[:4])
        except ValueError:
            return f"invalid UNTIL {until!r}"
        if year - start.year > MAX_SPAN_YEARS:
            return f"UNTIL lies more than {MAX_SPAN_YEARS} years after the start"
    never = _never_occurs(parts)
    if never:
        return never
    try:
        from dateutil.rrule import rrulestr

        dtstart = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
        parsed = typing.cast("rrule", rrulestr(rule, dtstart=dtstart, cache=False))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        return f"invalid RRULE: {exc}"
    return _first_occurrence_problem(rule, parsed, parts, dtstart)


_DAY_FILTERS = ("BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYEASTER")


def _first_occurrence_problem(rule: str, parsed: rrule, parts: dict[str, str], dtstart: dt.datetime) -> str | None:
    """Why the rule gives no occurrence, decided by a bounded search, else ``None``.

    dateutil looks for the first occurrence of a rule that never occurs until
    the year 9999, for seconds or minutes (``FREQ=HOURLY;BYSETPOS=2``), and
    its UNTIL does not stop that search. Instead, cheapest first (each step
    takes under 40 ms; docs/reliability.md has the figures):

    1. BYSETPOS beyond the largest set a period can hold;
    2. whether any day passes the rule's day filters (:func:`_any_day_matches`):
       the Gregorian calendar repeats every 400 years, so one cycle decides it;
       with INTERVAL=1 and no BYSETPOS, such a day is an occurrence;
    3. otherwise the rule itself, moved by a multiple of 400 years (the same
       calendar) so that dateutil's search ends at the year 9999 after 100 to
       500 years: an INTERVAL that never meets the filters
       (``FREQ=DAILY;INTERVAL=7;BYDAY=TU`` from a Monday) is refused too.
    """
    try:
        beyond = _setpos_beyond_the_set(parts)
        if beyond:
            return beyond
        starts_on = (dtstart.month, dtstart.day, dtstart.weekday())
        if any(name in parts for name in _DAY_FILTERS) and not _any_day_matches(rule, *starts_on):
            filters = ";".join(f"{name}={parts[name]}" for name in _DAY_FILTERS if name in parts)
            return f"the rule never occurs: no day of the 400-year Gregorian cycle matches {filters}"
        if int(parts.get("INTERVAL", "1")) == 1 and "BYSETPOS" not in parts:
            return None
        if _first_within(parsed, dtstart) is None:
            if "UNTIL" in parts:
                return f"the rule never occurs: no occurrence up to its UNTIL={parts['UNTIL']}"
            return f"the rule never occurs: no occurrence within {MAX_SPAN_YEARS} years of the start"
    except (ValueError, TypeError, OverflowError) as exc:
        return f"invalid RRULE: {exc}"
    return None


def _first_within(parsed: rrule, dtstart: dt.datetime) -> dt.datetime | None:
    """The first occurrence found within 100 to 500 years of the start (up to its UNTIL), else ``None``."""
    naive = dtstart.replace(tzinfo=None)
    left = 9999 - naive.year
    shift = (left - MAX_SPAN_YEARS) // 400 * 400 if left >= MAX_SPAN_YEARS + 400 else 0
    until: dt.datetime | None = getattr(parsed, "_until", None)  # dateutil's parsed UNTIL
    if until is not None:
        if until.tzinfo is not None and dtstart.tzinfo is not None:
            until = until.astimezone(dtstart.tzinfo)
        until = until.replace(tzinfo=None)
        until = until.replace(year=min(until.year + shift, 9999))
    moved = parsed.replace(dtstart=naive.replace(year=naive.year + shift), until=until, count=None)
    first: dt.datetime | None = next(iter(moved), None)
    return first


def _count(parts: dict[str, str], name: str) -> int:
    return len(parts[name].split(",")) if name in parts else 1


def _setpos_beyond_the_set(parts: dict[str, str]) -> str | None:
    """Why no BYSETPOS can pick an occurrence: each asks beyond the largest set one period holds.

    Exact from DAILY down (a day holds BYHOUR x BYMINUTE x BYSECOND times), a
    bound for longer periods (a month holds at most 31 days, or as many as
    BYMONTHDAY names, or 5 per BYDAY weekday; a week as many as BYDAY names).
    """
    if "BYSETPOS" not in parts:
        return None
    times = _count(parts, "BYHOUR") * _count(parts, "BYMINUTE") * _count(parts, "BYSECOND")
    month_days, week_days = 31, 7
    if "BYMONTHDAY" in parts:
        month_days = min(month_days, _count(parts, "BYMONTHDAY"))
    elif "BYDAY" in parts:  # a plain MO falls on 5 days of a month at most, 2MO on one
        month_days = min(month_days, sum(1 if code[:-2] else 5 for code in parts["BYDAY"].split(",")))
    if "BYDAY" in parts:
        week_days = _count(parts, "BYDAY")
    elif not any(name in parts for name in ("BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYEASTER")):
        week_days = 1  # dateutil then takes the start's weekday
    largest = {
        "YEARLY": 366 * times,
        "MONTHLY": month_days * times,
        "WEEKLY": week_days * times,
        "DAILY": times,
        "HOURLY": _count(parts, "BYMINUTE") * _count(parts, "BYSECOND"),
        "MINUTELY": _count(parts, "BYSECOND"),
    }.get(parts["FREQ"], 1)
    try:
        positions = [int(p) for p in parts["BYSETPOS"].split(",")]
    except ValueError:
        return None
    if all(abs(p) > largest for p in positions):
        return f"the rule never occurs: BYSETPOS={parts['BYSETPOS']}, but a period holds at most {largest}"
    return None


@functools.lru_cache(maxsize=1024)
def _any_day_matches(rule: str, month: int, day: int, weekday_number: int) -> bool:
    """True when some day of the 400-year Gregorian cycle passes every day filter, as dateutil reads them.

    A yearly rule with the same filters, started in 9600 so that dateutil's
    search ends with the year 9999 (one cycle, 400 steps). The defaults
    dateutil takes from the start (the day of the month of a MONTHLY rule
    without BYxxx) are given explicitly; BYDAY=1MO counts within the month for
    MONTHLY (as BYMONTH makes it count for YEARLY) and is a plain MO from
    WEEKLY down, where dateutil ignores the number. ``month``, ``day`` and
    ``weekday_number`` are the start's (cached: calendars repeat their rules).
    """
    from dateutil.rrule import YEARLY, rrule, weekday

    parts = dict(part.split("=", 1) for part in rule.split(";"))

    def ints(name: str) -> list[int] | None:
        return [int(v) for v in parts[name].split(",")] if name in parts else None

    freq = parts["FREQ"]
    bymonth, byweekno, byyearday = ints("BYMONTH"), ints("BYWEEKNO"), ints("BYYEARDAY")
    bymonthday, byeaster = ints("BYMONTHDAY"), ints("BYEASTER")
    byweekday: list[weekday] | None = None
    if "BYDAY" in parts:
        byweekday = []
        for code in parts["BYDAY"].split(","):
            number = code[:-2]
            nth = int(number) if number and freq in ("YEARLY", "MONTHLY") else None
            byweekday.append(weekday(_WEEKDAYS.index(code[-2:]), nth))
        if freq == "MONTHLY" and bymonth is None and any(w.n for w in byweekday):
            bymonth = list(range(1, 13))  # nth weekday of each month, not of the year
    if not (byweekno or byyearday or bymonthday or byweekday or byeaster):
        if freq == "YEARLY":
            bymonth = bymonth or [month]
            bymonthday = [day]
        elif freq == "MONTHLY":
            bymonthday = [day]
        elif freq == "WEEKLY":
            byweekday = [weekday(weekday_number)]
    cycle = rrule(
        YEARLY,
        dtstart=dt.datetime(9600, 1, 1),
        bymonth=bymonth,
        byweekno=byweekno,
        byyearday=byyearday,
        bymonthday=bymonthday,
        byweekday=byweekday,
        byeaster=byeaster,
        wkst=_WEEKDAYS.index(parts.get("WKST", "MO")),
        cache=False,
    )
    return next(iter(cycle), None) is not None


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _never_occurs(parts: dict[str, str]) -> str | None:
    """Why a rule can never give an occurrence (BYMONTH=2;BYMONTHDAY=30), else ``None``.

    dateutil would search such a rule up to the year 9999 before giving up.
    """
    try:
        months = [int(m) for m in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else list(range(1, 13))
        days = [int(d) for d in parts["BYMONTHDAY"].split(",")] if "BYMONTHDAY" in parts else [1]
    except ValueError:
        return None  # dateutil reports the malformed value
    if any(not 1 <= m <= 12 for m in months):
        return f"BYMONTH={parts['BYMONTH']}: months are 1 to 12"
    if any(1 <= m <= 12 and 1 <= abs(d) <= _MONTH_DAYS[m - 1] for m in months for d in days):
        return None
    return f"the rule never occurs: no month in BYMONTH has a day BYMONTHDAY={parts['BYMONTHDAY']}"


def _key(value: dt.date) -> object:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC) if value.tzinfo else value
    return value


def _sort_key(value: dt.date) -> tuple[dt.date, float]:
    if isinstance(value, dt.datetime):
        utc = value.astimezone(dt.UTC)
        return (utc.date(), utc.hour * 3600 + utc.minute * 60 + utc.second + utc.microsecond / 1e6)
    return (value, -1.0)


def _before(value: dt.date, limit: dt.date) -> bool:
    if isinstance(value, dt.datetime) and not isinstance(limit, dt.datetime):
        return value.date() <= limit
    if isinstance(limit, dt.datetime) and not isinstance(value, dt.datetime):
        return value <= limit.date()
    return value <= limit


def _add_years(value: dt.date, years: int) -> dt.date:
    year = min(value.year + years, 9999)
    try:
        return value.replace(year=year)
    except ValueError:  # 29 February
        return value.replace(year=year, day=28)

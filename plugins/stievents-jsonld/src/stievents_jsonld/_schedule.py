"""RFC 5545 RRULE <-> schema.org ``Schedule``, for the parts both can say.

A rule with parts a Schedule cannot express (BYSETPOS, BYHOUR, WKST...) is not
exported at all: an approximate schedule would publish wrong dates.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from stievents.model import Event
from stievents_jsonld._when import write_temporal

_FREQ = {"YEARLY": "Y", "MONTHLY": "M", "WEEKLY": "W", "DAILY": "D", "HOURLY": "H", "MINUTELY": "M"}
_TIME_FREQ = {"HOURLY", "MINUTELY"}
DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_DAY_NAMES = {v: k for k, v in DAYS.items()}
_SUPPORTED = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH"}
_BYDAY_RE = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def _local_time(value: dt.datetime) -> str:
    return value.strftime("%H:%M:%S")


def schedule_of(event: Event) -> dict[str, Any] | None:
    """The Schedule for the event's recurrence, or ``None`` when it has none we can state exactly."""
    recurrence = event.recurrence
    if recurrence is None or recurrence.rule is None or recurrence.rdates or recurrence.overrides:
        return None
    parts = _parts(recurrence.rule)
    freq = parts.get("FREQ")
    if freq not in _FREQ or set(parts) - _SUPPORTED:
        return None
    interval = parts.get("INTERVAL", "1")
    unit = _FREQ[freq]
    node: dict[str, Any] = {
        "@type": "Schedule",
        "repeatFrequency": f"PT{interval}{unit}" if freq in _TIME_FREQ else f"P{interval}{unit}",
    }
    if "BYDAY" in parts:
        days = []
        for day in parts["BYDAY"].split(","):
            match = _BYDAY_RE.fullmatch(day)
            if match is None:
                return None
            days.append(day if match[1] else f"https://schema.org/{DAYS[match[2]]}")
        node["byDay"] = days if len(days) > 1 else days[0]
    for part, prop in (("BYMONTHDAY", "byMonthDay"), ("BYMONTH", "byMonth")):
        if part in parts:
            numbers = [int(n) for n in parts[part].split(",")]
            node[prop] = numbers if len(numbers) > 1 else numbers[0]
    if "COUNT" in parts:
        node["repeatCount"] = int(parts["COUNT"])
    start, end = event.start, event.end
    node["startDate"] = (start.date() if isinstance(start, dt.datetime) else start).isoformat()
    if "UNTIL" in parts:
        node["endDate"] = _until_text(parts["UNTIL"])
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        node["startTime"] = _local_time(start)
        if end.date() == start.date():
            node["endTime"] = _local_time(end)
        node["duration"] = _duration(end - start)
        if event.timezone:
            node["scheduleTimezone"] = event.timezone
    if recurrence.exdates:
        node["exceptDate"] = [write_temporal(d) for d in recurrence.exdates]
    return node


_UNTIL_RE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")
_END_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z?))?")


def _until_text(until: str) -> str:
    """UNTIL as a Schedule ``endDate``: a Date, or a DateTime when the rule ends at another time than 23:59:59Z.

    The reader takes a Date to mean the end of that day (``T235959Z``), so
    only other times need the DateTime form (schema.org allows both).
    """
    match = _UNTIL_RE.fullmatch(until)
    if match is None or match[4] is None or until.endswith("T235959Z"):
        return f"{until[0:4]}-{until[4:6]}-{until[6:8]}"
    return f"{match[1]}-{match[2]}-{match[3]}T{match[4]}:{match[5]}:{match[6]}{match[7]}"


def _duration(delta: dt.timedelta) -> str:
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = "P" + (f"{days}D" if days else "")
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    return text + ("T" + clock if clock else ("" if days else "T0S"))


_FREQ_RE = re.compile(r"P(?:(\d+)([YMWD])|T(\d+)([HM]))")
_UNIT_FREQ = {"Y": "YEARLY", "M": "MONTHLY", "W": "WEEKLY", "D": "DAILY"}
_TIME_UNIT_FREQ = {"H": "HOURLY", "M": "MINUTELY"}


def rule_of(node: dict[str, Any]) -> tuple[str | None, str | None]:
    """The RRULE a Schedule node states, or ``(None, why)`` when it cannot be read."""
    freq_text = node.get("repeatFrequency")
    if not isinstance(freq_text, str):
        return None, "repeatFrequency is missing or not an ISO 8601 duration such as P1W"
    match = _FREQ_RE.fullmatch(freq_text.strip())
    if match is None:
        return None, f"repeatFrequency {freq_text!r} is not a duration such as P1D, P1W, P1M or P1Y"
    if match[1]:
        interval, freq = match[1], _UNIT_FREQ[match[2]]
    else:
        interval, freq = match[3], _TIME_UNIT_FREQ[match[4]]
    parts = [f"FREQ={freq}"]
    if interval != "1":
        parts.append(f"INTERVAL={int(interval)}")
    count = node.get("repeatCount")
    if count is not None:
        if not (isinstance(count, int) or (isinstance(count, str) and count.isdigit())):
            return None, "repeatCount must be a whole number"
        parts.append(f"COUNT={int(count)}")
    end = node.get("endDate")
    ended = _END_RE.fullmatch(end) if isinstance(end, str) and count is None else None
    if ended is not None:
        until = "".join(ended.groups()[:3])
        parts.append("UNTIL=" + (until if ended[4] is None else f"{until}T{ended[4]}{ended[5]}{ended[6]}{ended[7]}"))
    by_day = node.get("byDay")
    if by_day is not None:
        days = []
        for value in by_day if isinstance(by_day, list) else [by_day]:
            text = str(value.get("@id", "")) if isinstance(value, dict) else str(value)
            name = text.rsplit("/", 1)[-1].removeprefix("schema:")
            if name in _DAY_NAMES:
                days.append(_DAY_NAMES[name])
            elif _BYDAY_RE.fullmatch(name):
                days.append(name)
            else:
                return None, f"byDay {text!r} is not a schema.org DayOfWeek nor an RFC 5545 day such as 2MO"
        parts.append("BYDAY=" + ",".join(days))
    for prop, part in (("byMonthDay", "BYMONTHDAY"), ("byMonth", "BYMONTH")):
        value = node.get(prop)
        if value is not None:
            values = value if isinstance(value, list) else [value]
            if not all(isinstance(v, int) or (isinstance(v, str) and v.lstrip("-").isdigit()) for v in values):
                return None, f"{prop} must hold whole numbers"
            parts.append(f"{part}=" + ",".join(str(int(v)) for v in values))
    return ";".join(parts), None

"""The ``google`` validation profile: Google Search's Event structured-data rules.

Checked on the JSON-LD this plugin would publish, so what is reported is what
Google would see (e.g. a private join link is *not* a VirtualLocation url).
Required properties are errors, recommended ones warnings. Nothing is ever
filled in to silence a finding.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from stievents.errors import Problem, Severity
from stievents.model import AttendanceMode, Event, EventStatus
from stievents.plugin_types import ExportContext
from stievents_jsonld import _export
from stievents_jsonld._values import many, types

_RECOMMENDED = (
    ("description", "description is recommended"),
    ("endDate", "endDate is recommended"),
    ("eventAttendanceMode", "eventAttendanceMode is recommended"),
    ("eventStatus", "eventStatus is recommended"),
    ("image", "image is recommended: the event has no image"),
    ("offers", "offers is recommended: the event gives no registration URL, deadline or price"),
    ("organizer", "organizer is recommended: the event has no host or co-organiser"),
    ("performer", "performer is recommended: no session names a speaker"),
)


def check(events: Sequence[Event]) -> Iterator[Problem]:
    """Every finding of Google's Event rules, with paths ``$.events[i]...``."""
    context = ExportContext()
    seen: dict[tuple[str, str], int] = {}
    for index, event in enumerate(events):
        base = f"$.events[{index}]"
        node = _export.event_node(event, context)
        yield from _required(base, node)
        yield from _recommended(base, node, event)
        yield from _guidelines(base, node, event)
        start = node.get("startDate", "")
        for place in many(node.get("location")):
            if "Place" in types(place):
                where = {k: v for k, v in place.items() if k not in ("@id", "containsPlace")}
                key = (json.dumps(where, sort_keys=True), start)
                if key in seen:
                    yield Problem(
                        path=f"{base}.location",
                        message=f"same Place and startDate as events[{seen[key]}]:"
                        " Google wants one event per location and time",
                        severity=Severity.WARNING,
                    )
                seen.setdefault(key, index)


def _required(base: str, node: dict[str, Any]) -> Iterator[Problem]:
    for prop in ("name", "startDate", "location"):
        if prop not in node:
            yield Problem(path=f"{base}.{prop}", message=f"{prop} is required by Google")
    for place in many(node.get("location")):
        kinds = types(place)
        if "Place" in kinds and "address" not in place:
            yield Problem(path=f"{base}.location.address", message="a Place needs an address (Google requires it)")
        if "VirtualLocation" in kinds and "url" not in place:
            yield Problem(
                path=f"{base}.location.url",
                message="a VirtualLocation needs a url (Google requires it); the join link is missing or not public",
            )


def _recommended(base: str, node: dict[str, Any], event: Event) -> Iterator[Problem]:
    for prop, message in _RECOMMENDED:
        if prop not in node:
            yield Problem(path=f"{base}.{prop}", message=message, severity=Severity.WARNING)
    if event.status is EventStatus.RESCHEDULED and "previousStartDate" not in node:
        yield Problem(
            path=f"{base}.previousStartDate",
            message="previousStartDate is recommended for a rescheduled event; the status history gives none",
            severity=Severity.WARNING,
        )
    offers = node.get("offers")
    if isinstance(offers, dict):
        for prop in ("price", "priceCurrency", "availability", "validFrom"):
            if prop not in offers:
                yield Problem(
                    path=f"{base}.offers.{prop}", message=f"offers.{prop} is recommended", severity=Severity.WARNING
                )


def _guidelines(base: str, node: dict[str, Any], event: Event) -> Iterator[Problem]:
    online = (
        event.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.MIXED)
        or event.status is EventStatus.MOVED_ONLINE
    )
    if online and event.is_all_day:
        yield Problem(
            path=f"{base}.startDate",
            message="an online event should give a start time with its UTC offset, not just a date",
            severity=Severity.WARNING,
        )
    if online and not any("VirtualLocation" in types(p) for p in many(node.get("location"))):
        yield Problem(
            path=f"{base}.location",
            message="an online event should have a VirtualLocation with a url: the event gives no join URL"
            + (" (its location is only a Place)" if "location" in node else ""),
            severity=Severity.WARNING,
        )
    if event.status is EventStatus.MOVED_ONLINE and event.attendance_mode is not AttendanceMode.ONLINE:
        yield Problem(
            path=f"{base}.eventAttendanceMode",
            message="an event moved online should have eventAttendanceMode OnlineEventAttendanceMode",
            severity=Severity.WARNING,
        )

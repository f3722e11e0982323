"""The c3voc ``schedule.json`` (schema https://c3voc.de/schedule/schema.json), written piece by piece.

Every value goes through :func:`json.dumps`, so no text can break out of its
string; the document is assembled as the plan is walked, one entry at a time.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from typing import IO, Any

from stievents.model import Event
from stievents.plugin_types import ExportContext
from stievents_schedule import _names, _plan

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_json(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write ``events`` as one ``schedule.json`` conference (an empty schedule for no events)."""

    def out(piece: str) -> None:
        stream.write(piece.encode("utf-8"))

    out(f'{{\n  "$schema": {_dump(SCHEMA_URL)},\n  "generator": {{"name": "stievents"}},\n  "schedule": {{\n')
    if not events:
        today = context.now_or_current().astimezone(dt.UTC).date().isoformat()
        conference = {
            "acronym": "empty",
            "title": "Empty schedule",
            "start": today,
            "end": today,
            "daysCount": 0,
            "timeslot_duration": "00:15",
            "rooms": [],
            "days": [],
        }
        out(f'    "version": "0",\n    "conference": {_dump(conference)}\n  }}\n}}\n')
        return
    plan = _plan.plan(events, context)
    out(f'    "version": {_dump(plan.version)},\n')
    if context.base_url is not None:
        out(f'    "base_url": {_dump(context.base_url)},\n')
    head: dict[str, Any] = {
        "acronym": plan.acronym,
        "title": plan.title,
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "daysCount": len(plan.days),
        "timeslot_duration": plan.timeslot,
        "time_zone_name": plan.zone,
    }
    if plan.description is not None:
        head["description"] = plan.description
    if plan.logo is not None:
        head["logo"] = plan.logo
    if plan.url is not None:
        head["url"] = plan.url
    out('    "conference": {\n')
    for key, value in head.items():
        out(f"      {_dump(key)}: {_dump(value)},\n")
    rooms = [{"name": room, "guid": str(uuid.uuid5(_names.NAMESPACE, f"room:{room}"))} for room in plan.rooms]
    out(f'      "rooms": {_dump(rooms)},\n      "days": [')
    for day_number, day in enumerate(plan.days):
        out("," if day_number else "")
        out(
            f'\n        {{"index": {day.index}, "date": "{day.date.isoformat()}",'
            f' "day_start": "{day.start.isoformat()}", "day_end": "{day.end.isoformat()}", "rooms": {{'
        )
        for room_number, (room, entries) in enumerate(day.rooms.items()):
            out(f"{',' if room_number else ''}\n          {_dump(room)}: [")
            for entry_number, entry in enumerate(entries):
                out(f"{',' if entry_number else ''}\n            {_dump(_entry(entry))}")
            out("\n          ]" if entries else "]")
        out("\n        }}" if day.rooms else "}}")
    out("\n      ]\n    }\n  }\n}\n")


def _entry(entry: _plan.Entry) -> dict[str, Any]:
    persons = []
    for person, role in entry.persons():
        item: dict[str, Any] = {"name": person.name, "role": role}
        if person.url is not None:
            item["url"] = person.url
        persons.append(item)
    return {
        "guid": entry.guid,
        "id": entry.number,
        "date": entry.start.isoformat(),
        "start": f"{entry.start:%H:%M}",
        "end": entry.end.isoformat(),
        "duration": entry.duration,
        "room": entry.room,
        "slug": entry.slug,
        "url": entry.event.url if entry.event.url is not None else f"urn:uuid:{entry.guid}",
        "title": entry.title,
        "subtitle": entry.subtitle,
        "track": None,
        "type": entry.kind,
        "language": entry.language,
        "abstract": entry.abstract,
        "description": None,
        "persons": persons,
        "links": [{"url": href, "title": title} for href, title in entry.links()],
    }

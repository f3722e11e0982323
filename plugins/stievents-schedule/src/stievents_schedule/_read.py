"""Reading a schedule document (XML or JSON) into plain records, each with the path of its place.

XML is parsed by the standard library's expat with every document type
declaration refused: with no DTD there are no entities to expand (no "billion
laughs", no external entity fetched), which is all ``defusedxml`` would add for
this use, so the plugin needs no dependency. Comments and processing
instructions are skipped.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, NoReturn
from xml.parsers import expat

from stievents.errors import FormatError


@dataclass
class Record:
    """One schedule event, conference or person: known fields, and the names of other non-empty ones."""

    path: str
    values: dict[str, Any] = field(default_factory=dict)
    others: list[str] = field(default_factory=list)


@dataclass
class Document:
    conference: Record
    rooms: list[tuple[str, str]]  # every room the document lists, with its path
    entries: list[Record]
    day_starts: list[str] = field(default_factory=list)
    day_ends: list[str] = field(default_factory=list)
    version: str = ""


ENTRY_FIELDS = (
    "guid",
    "id",
    "code",
    "title",
    "subtitle",
    "type",
    "date",
    "start",
    "end",
    "duration",
    "room",
    "abstract",
    "description",
    "slug",
    "track",
    "language",
    "url",
)
CONFERENCE_FIELDS = ["title", "acronym", "start", "end", "time_zone_name", "url", "logo", "description"]
_SILENT = {"days", "daysCount", "timeslot_duration", "base_url", "rooms", "version"}
_SILENT_ENTRY = {"do_not_record", "recording_license", "answers", "attachments"}  # checked for content below


def _empty(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


# ------------------------------------------------------------------ XML


def _refuse_dtd(*_: object) -> NoReturn:
    raise FormatError("not a schedule.xml: a document type declaration (DTD) is refused, as are entities")


def parse_xml(data: bytes) -> ET.Element:
    parser = expat.ParserCreate()
    builder = ET.TreeBuilder()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise FormatError(
            f"not well-formed XML: {expat.errors.messages[exc.code]} at line {exc.lineno}, column {exc.offset}"
        ) from None
    root: ET.Element = builder.close()
    return root


def _leaf(element: ET.Element) -> str:
    return "".join(element.itertext())


def _has_content(element: ET.Element) -> bool:
    if element.tag == "recording":
        optout = (element.findtext("optout") or "").strip().lower()
        return bool((element.findtext("license") or "").strip()) or optout in {"true", "1"}
    return bool(element.attrib) or any(text.strip() for text in element.itertext())


def read_xml(data: bytes) -> Document:
    root = parse_xml(data)
    if root.tag != "schedule":
        raise FormatError(f"not a schedule.xml: the root element is <{root.tag}>, not <schedule>")
    conference = Record("$.conference")
    found = root.find("conference")
    if found is None:
        raise FormatError("not a schedule.xml: no <conference> element")
    for child in found:
        if child.tag in CONFERENCE_FIELDS:
            conference.values.setdefault(child.tag, _leaf(child))
        elif child.tag not in _SILENT and _has_content(child):
            conference.others.append(child.tag)
    document = Document(conference, [], [], version=root.findtext("version") or "")
    for d_index, day in enumerate(root.findall("day")):
        document.day_starts.append(day.get("start", ""))
        document.day_ends.append(day.get("end", ""))
        for r_index, room in enumerate(day.findall("room")):
            room_path = f"$.day[{d_index}].room[{r_index}]"
            document.rooms.append((room.get("name", ""), room_path))
            for e_index, event in enumerate(room.findall("event")):
                document.entries.append(_xml_entry(event, f"{room_path}.event[{e_index}]", room.get("name", "")))
    return document


def _xml_entry(element: ET.Element, path: str, room: str) -> Record:
    record = Record(path)
    for key in ("guid", "id", "code"):
        if key in element.attrib:
            record.values[key] = element.attrib[key]
    record.values["room"] = room
    for child in element:
        tag = child.tag
        if tag in ENTRY_FIELDS:
            record.values[tag] = _leaf(child)
        elif tag == "persons":
            people = []
            for person in child.findall("person"):
                item: dict[str, Any] = {"name": _leaf(person)}
                item.update({k: v for k, v in person.attrib.items() if k not in ("id",)})
                people.append(item)
            record.values["persons"] = people
        elif tag == "links":
            record.values["links"] = [
                {
                    "url": link.get("href", ""),
                    "title": _leaf(link),
                    **({"type": link.get("type")} if link.get("type") else {}),
                }
                for link in child.findall("link")
            ]
        elif _has_content(child):
            record.others.append(tag)
    return record


# ------------------------------------------------------------------ JSON


def read_json(data: bytes) -> Document:
    try:
        root = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text: invalid byte at offset {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise FormatError(f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except (RecursionError, ValueError) as exc:
        raise FormatError(f"not JSON: {exc}") from None
    schedule = root.get("schedule") if isinstance(root, dict) else None
    if not isinstance(schedule, dict) or not isinstance(schedule.get("conference"), dict):
        raise FormatError("not a schedule.json: expected an object with schedule.conference")
    found = schedule["conference"]
    if "days" not in found and isinstance(schedule.get("events"), list):
        raise FormatError(
            "a c3voc schedule2 document (schedule.events): only schedule.json (schedule.conference.days) is read"
        )
    conference = Record("$.schedule.conference")
    for key, value in found.items():
        if key in CONFERENCE_FIELDS:
            conference.values[key] = value
        elif key not in _SILENT and not _empty(value):
            conference.others.append(key)
    version = schedule.get("version")
    document = Document(conference, [], [], version=version if isinstance(version, str) else "")
    listed: set[str] = set()
    for index, room in enumerate(found.get("rooms") or []):
        if isinstance(room, dict) and isinstance(room.get("name"), str):
            document.rooms.append((room["name"], f"$.schedule.conference.rooms[{index}]"))
            listed.add(room["name"])
    days = found.get("days")
    if not isinstance(days, list):
        raise FormatError("not a schedule.json: schedule.conference.days must be a list")
    for d_index, day in enumerate(days):
        if not isinstance(day, dict):
            raise FormatError(f"not a schedule.json: $.schedule.conference.days[{d_index}] is not an object")
        document.day_starts.append(str(day.get("day_start", "")))
        document.day_ends.append(str(day.get("day_end", "")))
        rooms = day.get("rooms") or {}
        if not isinstance(rooms, dict):
            raise FormatError(f"not a schedule.json: $.schedule.conference.days[{d_index}].rooms is not an object")
        for name, entries in rooms.items():
            room_path = f"$.schedule.conference.days[{d_index}].rooms[{json.dumps(name, ensure_ascii=False)}]"
            if name not in listed:
                listed.add(name)
                document.rooms.append((name, room_path))
            for e_index, entry in enumerate(entries if isinstance(entries, list) else []):
                document.entries.append(_json_entry(entry, f"{room_path}[{e_index}]", name))
    return document


def _json_entry(entry: Any, path: str, room: str) -> Record:
    record = Record(path)
    if not isinstance(entry, dict):
        record.others.append("(not an object)")
        return record
    record.values["room"] = room
    for key, value in entry.items():
        if key in ENTRY_FIELDS:
            if key == "room" and not isinstance(value, str):
                continue
            record.values[key] = value
        elif key in ("persons", "links"):
            record.values[key] = [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
        elif (key in _SILENT_ENTRY and _empty(value)) or (key == "logo" and _empty(value)):
            continue
        elif not _empty(value):
            record.others.append(key)
    return record

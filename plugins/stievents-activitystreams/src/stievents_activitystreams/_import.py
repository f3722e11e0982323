"""ActivityStreams 2.0 documents -> model events, every problem named by its JSON path.

Reads the compact JSON Mobilizon, Gancio and WordPress publish without a
JSON-LD processor (no remote context is fetched): a single ``Event``, a JSON
array, a ``Collection``/``OrderedCollection`` (or page) with ``items`` /
``orderedItems``, and ``Create``/``Update``/``Announce`` activities wrapping an
``Event``. Terms are recognised by their compact names, with or without the
``mz:``/``ical:``/``sc:`` prefixes producers use. What the model cannot hold is
reported as a warning at its path.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
import zoneinfo
from typing import Any

from stievents.errors import FormatError, InvalidEventError, Problem, Severity, StieventsError
from stievents.model import (
    AttendanceMode,
    AttendancePolicy,
    Event,
    EventStatus,
    Geo,
    Image,
    Organiser,
    Reference,
    Registration,
    Translation,
    Venue,
    VirtualLocation,
)
from stievents.plugin_types import ImportContext, ImportResult
from stievents.text import replace_controls
from stievents_activitystreams import _html, _vocab

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}")
_URL_RE = re.compile(r"https?://[^\s/?#]+[^\s]*\Z")
_COLLECTIONS = frozenset({"Collection", "OrderedCollection", "CollectionPage", "OrderedCollectionPage"})
_WRAPPERS = frozenset({"Create", "Update", "Announce", "Add"})
_MAX_DEPTH = 8
# Terms we read, so that every other top-level property of an Event is reported as not kept.
_READ = frozenset(
    (
        "@context",
        "id",
        "type",
        "name",
        "nameMap",
        "summary",
        "summaryMap",
        "content",
        "contentMap",
        "mediaType",
        "startTime",
        "endTime",
        "timezone",
        "eventStatus",
        "status",
        "ical:status",
        "eventAttendanceMode",
        "isOnline",
        "mz:isOnline",
        "location",
        "organizers",
        "attributedTo",
        "actor",
        "joinMode",
        "mz:joinMode",
        "externalParticipationUrl",
        "mz:externalParticipationUrl",
        "url",
        "image",
        "attachment",
        "tag",
        "published",
        "updated",
        "to",
        "cc",
        "uuid",
        "mz:timezone",
    )
)
_IGNORED = frozenset({"likes", "shares", "replies", "sensitive", "icon", "bto", "bcc", "audience", "context"})


def read(data: bytes, context: ImportContext) -> ImportResult:
    """The events of an ActivityStreams document and every problem found in it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text: invalid byte at offset {exc.start}") from None
    try:
        root = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not ActivityStreams JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except (RecursionError, ValueError) as exc:
        raise FormatError(f"not ActivityStreams JSON: {exc}") from None
    if not isinstance(root, dict | list):
        raise FormatError(f"not ActivityStreams JSON: expected an object or an array, got {type(root).__name__}")
    reader = _Reader()
    reader.document(root)
    return ImportResult(events=tuple(reader.events), problems=tuple(reader.problems))


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("type", node.get("@type"))
    values = kind if isinstance(kind, list) else [kind]
    return [
        v.removeprefix("as:").removeprefix("https://www.w3.org/ns/activitystreams#")
        for v in values
        if isinstance(v, str)
    ]


def _get(node: dict[str, Any], *names: str) -> tuple[str, Any]:
    """The first of ``names`` present in ``node``, and its value (``("", None)`` if none)."""
    for name in names:
        if name in node:
            return name, node[name]
    return "", None


def _key(path: str, name: str) -> str:
    return f"{path}.{name}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else f"{path}[{json.dumps(name)}]"


class _Reader:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.problems: list[Problem] = []
        self.ids: set[str] = set()
        self.collections = 0

    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message))

    def warn(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message, severity=Severity.WARNING))

    # ------------------------------------------------------------ document shape

    def document(self, root: dict[str, Any] | list[Any]) -> None:
        if isinstance(root, dict):
            if "@context" in root:
                if not self.context_ok(root["@context"]):
                    self.error(
                        "$.@context",
                        f"unsupported @context {json.dumps(root['@context'])[:80]}: only ActivityStreams is read",
                    )
                    return
            else:
                self.warn("$", "no @context; read as ActivityStreams")
            self.node("$", root, 0)
        else:
            for index, item in enumerate(root):
                self.node(f"$[{index}]", item, 0)
        if not self.events and not self.collections and not any(p.severity is Severity.ERROR for p in self.problems):
            self.error("$", "no ActivityStreams Event found")  # an empty collection is no error: nothing is planned

    @staticmethod
    def context_ok(value: Any) -> bool:
        items = value if isinstance(value, list) else [value]
        return any(isinstance(item, str) and item.strip() in _vocab.AS_CONTEXTS for item in items)

    def node(self, path: str, node: Any, depth: int) -> None:
        if not isinstance(node, dict):
            what = "a link to it (not fetched)" if isinstance(node, str) else type(node).__name__
            self.warn(path, f"not an embedded object but {what}; skipped")
            return
        kinds = _types(node)
        if "Event" in kinds:
            self.event(path, node)
        elif depth >= _MAX_DEPTH:
            self.warn(path, "nested too deeply; skipped")
        elif _COLLECTIONS & set(kinds) or ("items" in node or "orderedItems" in node):
            self.collections += 1
            name, items = _get(node, "orderedItems", "items")
            if name:
                for index, item in enumerate(items if isinstance(items, list) else [items]):
                    self.node(f"{path}.{name}[{index}]", item, depth + 1)
            if "first" in node or "next" in node:
                self.warn(path, "further pages (first/next) are not fetched")
        elif _WRAPPERS & set(kinds) and "object" in node:
            self.node(f"{path}.object", node["object"], depth + 1)
        else:
            self.warn(path, f"a {'/'.join(kinds) or 'object without type'}, not an Event; skipped")

    # ------------------------------------------------------------ one event

    def event(self, path: str, node: dict[str, Any]) -> None:
        node = self.scrub(path, node)
        fields: dict[str, Any] = {"id": self.event_id(node)}
        ident = node.get("id")
        if isinstance(ident, str) and ident.strip() and not ident.startswith(_vocab.URN_PREFIX):
            fields["uid"] = ident
        if not self.texts(path, node, fields):
            return
        zone = self.zone(path, node)
        start = self.time(f"{path}.startTime", node.get("startTime"), zone)
        if start is None:
            if node.get("startTime") is None:
                self.error(f"{path}.startTime", "is required: an Event needs a startTime")
            return
        end = self.time(f"{path}.endTime", node.get("endTime"), zone)
        if end is None:
            if node.get("endTime") is None:
                self.warn(f"{path}.endTime", "missing (an open end); the end is set to the start")
            end = start
        elif end < start:
            self.warn(f"{path}.endTime", "is before startTime; the end is set to the start")
            end = start
        fields["start"], fields["end"] = start, end
        fields["status"] = self.status(path, node)
        self.locations(path, node, fields)
        fields["organisers"] = tuple(self.organisers(path, node))
        self.participation(path, node, fields)
        fields["url"] = self.url(f"{path}.url", node.get("url"))
        fields["image"], fields["references"] = self.media(path, node)
        fields["topics"] = tuple(self.topics(path, node))
        utc = zoneinfo.ZoneInfo("UTC")  # record times: the instant matters, read in UTC as they are written
        fields["created"] = self.time(f"{path}.published", node.get("published"), utc, quiet=True)
        fields["updated"] = self.time(f"{path}.updated", node.get("updated"), utc, quiet=True)
        if fields["created"] and fields["updated"] and fields["updated"] < fields["created"]:
            self.warn(f"{path}.updated", "is before published; not kept")
            fields["updated"] = None
        self.unread(path, node)
        try:
            event = Event(**{k: v for k, v in fields.items() if v is not None})
        except InvalidEventError as exc:
            for problem in exc.problems:
                self.error(path + problem.path.removeprefix("$"), problem.message)
            return
        except (StieventsError, ValueError, OverflowError) as exc:
            self.error(path, f"cannot be read as an event: {exc}")
            return
        self.ids.add(event.id)
        self.events.append(event)

    def scrub(self, path: str, value: Any) -> Any:
        """``value`` with characters no format can carry replaced by U+FFFD, one warning per string."""
        if isinstance(value, str):
            fixed, note = replace_controls(value)
            if note is not None:
                self.warn(path, note)
            return fixed
        if isinstance(value, list):
            return [self.scrub(f"{path}[{i}]", item) for i, item in enumerate(value)]
        if isinstance(value, dict):
            return {key: self.scrub(_key(path, key), item) for key, item in value.items()}
        return value

    def event_id(self, node: dict[str, Any]) -> str:
        """Ours from our URN or the last segment of the id (Mobilizon's UUID, Gancio's number), else the name."""
        base = ""
        ident = node.get("id")
        if isinstance(ident, str):
            if ident.startswith(_vocab.URN_PREFIX):
                base = ident.removeprefix(_vocab.URN_PREFIX)
            else:
                trimmed = urllib.parse.unquote(ident.split("#", 1)[0].split("?", 1)[0].rstrip("/"))
                base = trimmed.rsplit("/", 1)[-1]
        if not _ID_RE.fullmatch(base):
            name = node.get("name") if isinstance(node.get("name"), str) else "event"
            base = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")[:60] or "event"
        candidate, number = base, 2
        while candidate in self.ids:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def texts(self, path: str, node: dict[str, Any], fields: dict[str, Any]) -> bool:
        """Title, subtitle (``summary``), description (``content``), language maps; False without a name."""
        raw_names = node.get("nameMap")
        names: dict[str, Any] = raw_names if isinstance(raw_names, dict) else {}
        title = node.get("name")
        if not isinstance(title, str) or not title.strip():
            title = next((v for v in names.values() if isinstance(v, str) and v.strip()), None)
        if title is None:
            self.error(f"{path}.name", "is required: an Event needs a name")
            return False
        fields["title"] = title
        own = next((lang for lang, value in names.items() if value == title), None)
        if own is not None and own != "und":
            fields["text_language"] = own
        if isinstance(node.get("summary"), str):
            fields["subtitle"] = self.html_text(f"{path}.summary", node["summary"])
        if isinstance(node.get("content"), str):
            fields["description"] = self.html_text(f"{path}.content", node["content"])
        parts: dict[str, dict[str, str]] = {}
        for key, field in (("nameMap", "title"), ("summaryMap", "subtitle"), ("contentMap", "description")):
            values = node.get(key)
            if not isinstance(values, dict):
                continue
            for lang, value in values.items():
                if lang == own or not isinstance(value, str):
                    continue
                text = value if field == "title" else self.html_text(f"{_key(path, key)}.{lang}", value)
                parts.setdefault(lang, {})[field] = text
        translations = []
        for lang, texts in parts.items():
            try:
                translations.append(Translation(language=lang, **texts))
            except InvalidEventError as exc:
                self.warn(f"{path}.nameMap", f"translation {lang!r} not kept: {exc}")
        fields["translations"] = tuple(translations)
        return True

    def html_text(self, path: str, markup: str) -> str:
        text, dropped = _html.from_html(markup)
        if dropped:
            self.warn(path, f"HTML read as text: the markup of {', '.join(f'<{t}>' for t in dropped)} is not kept")
        return text

    def zone(self, path: str, node: dict[str, Any]) -> zoneinfo.ZoneInfo | None:
        name, value = _get(node, "timezone", "mz:timezone")
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return zoneinfo.ZoneInfo(value)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                pass
        self.warn(_key(path, name), f"{json.dumps(value)[:60]} is not an IANA time zone; ignored")
        return None

    def time(self, path: str, value: Any, zone: zoneinfo.ZoneInfo | None, *, quiet: bool = False) -> dt.datetime | None:
        """An xsd:dateTime in ``zone`` (the event's), else in the fixed-offset zone its offset names."""
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(path, f"expected a date-time string, got {json.dumps(value)[:60]}")
            return None
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            self.error(path, f"{value[:60]!r} is not an ISO 8601 date-time")
            return None
        if parsed.tzinfo is None:
            if zone is None:
                self.warn(path, "has no UTC offset and the event no timezone; read as UTC")
            return parsed.replace(tzinfo=zone or zoneinfo.ZoneInfo("UTC"))
        if zone is not None:
            return parsed.astimezone(zone)
        offset = parsed.utcoffset() or dt.timedelta()
        hours, rest = divmod(int(offset.total_seconds()), 3600)
        key = ("UTC" if hours == 0 else f"Etc/GMT{-hours:+d}") if rest == 0 and -14 <= hours <= 12 else "UTC"
        if not quiet and key != "UTC":
            self.warn(path, f"no IANA time zone (timezone) given; read in the fixed-offset zone {key}")
        return parsed.astimezone(zoneinfo.ZoneInfo(key))

    def status(self, path: str, node: dict[str, Any]) -> EventStatus:
        value = node.get("eventStatus")
        if isinstance(value, str):
            term = value.removeprefix(_vocab.FEP).removeprefix("fep:")
            for status, name in _vocab.EVENT_STATUS.items():
                if term == name:
                    return EventStatus(status)
            self.warn(f"{path}.eventStatus", f"{value!r} has no equivalent; read as scheduled")
            return EventStatus.SCHEDULED
        name, value = _get(node, "ical:status", "status")
        if isinstance(value, str):
            found = _vocab.ICAL_TO_STATUS.get(value.upper())
            if found is None:
                self.warn(_key(path, name), f"{value!r} has no equivalent in the model; read as scheduled")
                return EventStatus.SCHEDULED
            return EventStatus(found)
        return EventStatus.SCHEDULED

    def locations(self, path: str, node: dict[str, Any], fields: dict[str, Any]) -> None:
        raw = node.get("location")
        items = raw if isinstance(raw, list) else [] if raw is None else [raw]
        for index, item in enumerate(items):
            where = f"{path}.location" + (f"[{index}]" if isinstance(raw, list) else "")
            if not isinstance(item, dict):
                self.warn(where, "a location must be a Place or VirtualLocation object; not kept")
                continue
            kinds = _types(item)
            if "VirtualLocation" in kinds:
                if "virtual_location" in fields:
                    self.warn(where, "a further virtual location; only the first is kept")
                    continue
                url = self.url(f"{where}.url", item.get("url"))
                platform = item.get("name") if isinstance(item.get("name"), str) else None
                fields["virtual_location"] = VirtualLocation(
                    url=url, platform=platform, join_url_public=url is not None
                )
            elif "venue" in fields:
                self.warn(where, "a further place; only the first is kept")
            else:
                fields["venue"] = self.place(where, item)
        _name, mode = _get(node, "eventAttendanceMode")
        online = node.get("isOnline", node.get("mz:isOnline"))
        if isinstance(mode, str):
            for value, iri in _vocab.ATTENDANCE.items():
                if mode in {
                    iri,
                    iri.replace("https:", "http:"),
                    iri.rsplit("/", 1)[-1],
                    "sc:" + iri.rsplit("/", 1)[-1],
                }:
                    fields["attendance_mode"] = AttendanceMode(value)
            if "attendance_mode" not in fields:
                self.warn(f"{path}.eventAttendanceMode", f"{mode!r} is not a schema.org attendance mode; ignored")
        elif online is True and fields.get("venue") is None:
            fields["attendance_mode"] = AttendanceMode.ONLINE
        if fields.get("venue") is not None and fields.get("virtual_location") is not None:
            fields.setdefault("attendance_mode", AttendanceMode.MIXED)

    def place(self, path: str, item: dict[str, Any]) -> Venue | None:
        address = item.get("address")
        parts: dict[str, Any] = {"name": item.get("name") if isinstance(item.get("name"), str) else None}
        if isinstance(address, str):
            parts["street"] = address.strip() or None
        elif isinstance(address, dict):
            for key, field in (
                ("streetAddress", "street"),
                ("addressLocality", "locality"),
                ("addressRegion", "region"),
                ("postalCode", "postal_code"),
            ):
                value = address.get(key)
                if isinstance(value, str) and value.strip():
                    parts[field] = value
            country = address.get("addressCountry")
            if isinstance(country, str) and country.strip():
                if re.fullmatch(r"[A-Z]{2}", country.strip()):
                    parts["country"] = country.strip()
                else:
                    self.warn(f"{path}.address.addressCountry", f"{country!r} is not an ISO 3166 code; not kept")
        raw_geo = item.get("geo")
        geo: dict[str, Any] = raw_geo if isinstance(raw_geo, dict) else item
        lat, lon = geo.get("latitude"), geo.get("longitude")
        if isinstance(lat, int | float) and isinstance(lon, int | float) and not isinstance(lat, bool):
            try:
                parts["geo"] = Geo(latitude=float(lat), longitude=float(lon))
            except InvalidEventError as exc:
                self.warn(f"{path}.geo" if geo is not item else path, f"coordinates not kept: {exc}")
        try:
            return Venue(**{k: v for k, v in parts.items() if v is not None})
        except InvalidEventError as exc:
            self.warn(path, f"place not kept: {exc}")
            return None

    def organisers(self, path: str, node: dict[str, Any]) -> list[Organiser]:
        """FEP-8a8e ``organizers`` (a collection, its first page, or a list), else ``attributedTo``."""
        if "organizers" in node:
            value = node["organizers"]
            where = f"{path}.organizers"
            if isinstance(value, dict):
                first = value.get("first")
                page: dict[str, Any] = first if isinstance(first, dict) else value
                where += ".first" if page is not value else ""
                name, items = _get(page, "orderedItems", "items")
                where += f".{name}" if name else ""
            else:
                items = value
            found = []
            for index, item in enumerate(items if isinstance(items, list) else [] if items is None else [items]):
                organiser = self.organiser(f"{where}[{index}]", item)
                if organiser is not None:
                    found.append(organiser)
            return found
        value = node.get("attributedTo")
        items = value if isinstance(value, list) else [] if value is None else [value]
        return [o for i, item in enumerate(items) if (o := self.organiser(f"{path}.attributedTo[{i}]", item))]

    def organiser(self, path: str, item: Any) -> Organiser | None:
        if isinstance(item, str):
            if not _URL_RE.match(item):
                self.warn(path, f"{item[:60]!r} is not an actor URL; not kept")
                return None
            host = urllib.parse.urlsplit(item).hostname or ""
            handle = item.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
            self.warn(path, "an actor known only by its URL (not fetched); its handle is used as the name")
            return Organiser(name=f"@{handle}@{host}" if handle else host, url=item)
        if isinstance(item, dict):
            name = item.get("name") or item.get("preferredUsername")
            url = item.get("url") if isinstance(item.get("url"), str) else item.get("id")
            if isinstance(name, str) and name.strip():
                return Organiser(name=name, url=url if isinstance(url, str) and _URL_RE.match(url) else None)
        self.warn(path, "an organiser without a name; not kept")
        return None

    def participation(self, path: str, node: dict[str, Any], fields: dict[str, Any]) -> None:
        name, mode = _get(node, "joinMode", "mz:joinMode")
        if isinstance(mode, str):
            policy = _vocab.JOIN_MODE_TO_POLICY.get(mode)
            if policy is None:
                self.warn(_key(path, name), f"{mode!r} has no equivalent attendance policy; not kept")
            else:
                fields["attendance_policy"] = AttendancePolicy(policy)
        name, link = _get(node, "externalParticipationUrl", "mz:externalParticipationUrl")
        if link is not None:
            url = self.url(_key(path, name), link)
            if url is not None:
                fields["registration"] = Registration(url=url)

    def url(self, path: str, value: Any) -> str | None:
        if isinstance(value, dict):  # a Link
            value = value.get("href")
        elif isinstance(value, list) and value:
            if len(value) > 1:
                self.warn(path, "has several values; the first is read")
            return self.url(f"{path}[0]", value[0])
        if value is None:
            return None
        if isinstance(value, str) and _URL_RE.match(value):
            return value
        self.warn(path, f"{json.dumps(value)[:80]} is not an absolute http(s) URL; not kept")
        return None

    def media(self, path: str, node: dict[str, Any]) -> tuple[Image | None, tuple[Reference, ...]]:
        """``image`` (else the first image ``attachment``: Mobilizon's banner) and ``Link`` attachments."""
        image = None
        raw = node.get("image")
        if isinstance(raw, list) and raw:
            raw = raw[0]
        if isinstance(raw, dict | str):
            url = self.url(f"{path}.image", raw if isinstance(raw, str) else raw.get("url"))
            alt = raw.get("name") if isinstance(raw, dict) and isinstance(raw.get("name"), str) else None
            image = Image(url=url, alt=alt) if url else None
        references = []
        attachments = node.get("attachment")
        for index, item in enumerate(
            attachments if isinstance(attachments, list) else [attachments] if attachments else []
        ):
            where = f"{path}.attachment[{index}]"
            if not isinstance(item, dict):
                self.warn(where, "not an object; not kept")
                continue
            kinds = _types(item)
            if "Link" in kinds:
                url = self.url(f"{where}.href", item.get("href"))
                if url:
                    label = item.get("name")
                    citation = label if isinstance(label, str) and label.strip() else url
                    references.append(Reference(citation=citation, url=url))
            elif image is None and ({"Image"} & set(kinds) or str(item.get("mediaType", "")).startswith("image/")):
                url = self.url(f"{where}.url", item.get("url"))
                alt = item.get("name") if isinstance(item.get("name"), str) else None
                image = Image(url=url, alt=alt) if url else None
            else:
                self.warn(where, f"a {'/'.join(kinds) or 'attachment'} is not kept (the model has one image)")
        return image, tuple(references)

    def topics(self, path: str, node: dict[str, Any]) -> list[str]:
        raw = node.get("tag")
        topics: list[str] = []
        for index, item in enumerate(raw if isinstance(raw, list) else [raw] if raw else []):
            if isinstance(item, dict) and "Hashtag" in _types(item) and isinstance(item.get("name"), str):
                topic = item["name"].removeprefix("#")
                if topic.strip() and topic not in topics:
                    topics.append(topic)
            else:
                self.warn(f"{path}.tag[{index}]", "only Hashtag tags are kept (as topics)")
        return topics

    def unread(self, path: str, node: dict[str, Any]) -> None:
        """One warning per property the model does not keep (Mobilizon's options, Gancio's extensions...)."""
        for name in node:
            if name not in _READ and name not in _IGNORED:
                self.warn(_key(path, name), "not kept: the model has no equivalent")

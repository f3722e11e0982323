"""A read schedule document -> one model event with sessions, and a warning for everything not kept."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zoneinfo
from typing import Any

from stievents.errors import InvalidEventError, Problem, Severity, StieventsError
from stievents.model import Event, Image, LanguageUse, Person, Reference, Session, Venue, language_tag_problem
from stievents.plugin_types import ImportResult
from stievents_schedule import _names
from stievents_schedule._read import Document, Record

_HHMM = re.compile(r"(\d{1,3}):([0-5]\d)(?::([0-5]\d))?")
_URL = re.compile(r"https?://[^\s]+", re.IGNORECASE)
_KNOWN_PERSON_KEYS = {"name", "public_name", "full_public_name", "url", "role", "id", "guid"}
_ROLES = {"chair": "chairs", "moderator": "moderators", "speaker": "speakers"}


class _Builder:
    def __init__(self, document: Document) -> None:
        self.doc = document
        self.problems: list[Problem] = []

    def warn(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message, severity=Severity.WARNING))

    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message))

    # ------------------------------------------------------------ values

    def text(self, record: Record, key: str) -> str | None:
        value = record.values.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.warn(f"{record.path}.{key}", f"expected text, got {type(value).__name__}; not kept")
            return None
        return value if value.strip() else None

    def zone(self) -> zoneinfo.ZoneInfo:
        conference = self.doc.conference
        name = self.text(conference, "time_zone_name")
        if name is not None:
            try:
                return zoneinfo.ZoneInfo(name.strip())
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                self.warn(f"{conference.path}.time_zone_name", f"unknown IANA time zone {name!r}; not kept")
        sample = next((e.values.get("date") for e in self.doc.entries if isinstance(e.values.get("date"), str)), None)
        sample = sample or next((s for s in self.doc.day_starts if s), None)
        offset = None
        if sample is not None:
            try:
                offset = dt.datetime.fromisoformat(sample).utcoffset()
            except ValueError:
                offset = None
        zone_name = "UTC"
        if offset is not None and offset % dt.timedelta(hours=1) == dt.timedelta(0) and offset:
            hours = int(offset / dt.timedelta(hours=1))
            if -12 <= hours <= 14:
                zone_name = f"Etc/GMT{-hours:+d}"
        self.warn(
            f"{conference.path}.time_zone_name",
            f"missing: times are read in {zone_name}, the zone of their UTC offset {offset or '+00:00'}",
        )
        return zoneinfo.ZoneInfo(zone_name)

    def moment(self, path: str, value: Any, zone: zoneinfo.ZoneInfo) -> dt.date | None:
        """A date, or an aware datetime in ``zone`` (one without offset is read in ``zone``)."""
        if not isinstance(value, str) or not value.strip():
            return None
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            self.warn(path, f"{value!r} is not an ISO 8601 date or date-time; not kept")
            return None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone)
        return moment.astimezone(zone)

    # ------------------------------------------------------------ the event

    def build(self) -> ImportResult:
        conference = self.doc.conference
        for name in conference.others:
            self.warn(f"{conference.path}.{name}", "not kept: the model has no place for it")
        title = self.text(conference, "title")
        if title is None:
            self.error(f"{conference.path}.title", "is required: a conference needs a title")
            return ImportResult(problems=tuple(self.problems))
        zone = self.zone()
        acronym = self.text(conference, "acronym")
        event_id = _names.id_from_acronym(acronym) if acronym else None
        if event_id is None:
            event_id = _names.slug_part(title)[:200]
        fields: dict[str, Any] = {"id": event_id, "title": title}
        start = self.moment(f"{conference.path}.start", conference.values.get("start"), zone)
        end = self.moment(f"{conference.path}.end", conference.values.get("end"), zone)
        fields["url"] = self.url(f"{conference.path}.url", conference.values.get("url"))
        logo = self.url(f"{conference.path}.logo", conference.values.get("logo"))
        if logo is not None:
            fields["image"] = Image(url=logo)
        fields["description"] = self.text(conference, "description")
        version = self.doc.version.strip()
        if version.isdigit() and len(version) < 10:
            fields["revision"] = int(version)  # what this plugin writes; other producers' names are not kept
        entries = self.doc.entries
        itself = (
            len(entries) == 1
            and not entries[0].values.get("persons")
            and entries[0].values.get("title") == title
            and not entries[0].others
            # the guid this plugin gives an event without sessions: a session titled as its event is no such entry
            and entries[0].values.get("guid") == str(uuid.uuid5(_names.NAMESPACE, event_id))
        )
        sessions: list[Session] = []
        languages: list[str] = []
        references: dict[str, Reference] = {}
        session_ids: set[str] = set()
        for entry in entries:
            self.links(entry, fields.get("url"), references)
            language = self.text(entry, "language")
            if language is not None:
                self.language(entry, language.strip(), languages)
            if itself:
                self.entry_as_event(entry, fields, zone)
                continue
            session = self.session(entry, zone, acronym, event_id, session_ids)
            if session is not None:
                sessions.append(session)
        if start is None or end is None:
            start, end = self.window(start, end, sessions, zone, fields)
        if start is None or end is None:
            self.error(
                f"{conference.path}.start", "is required: no start and end, and no timed event to take them from"
            )
            return ImportResult(problems=tuple(self.problems))
        if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            start, end = (
                (start.date() if isinstance(start, dt.datetime) else start),
                (end.date() if isinstance(end, dt.datetime) else end),
            )
            self.warn(f"{conference.path}.end", "start and end mix a date and a date-time; both read as dates")
        fields.setdefault("start", start)
        fields.setdefault("end", end)
        fields["start"], fields["end"] = self.widen(fields["start"], fields["end"], sessions, entries)
        fields["sessions"] = tuple(sessions)
        fields["languages"] = tuple(LanguageUse(tag=tag) for tag in languages)
        fields["references"] = tuple(references.values())
        for room, path in self.doc.rooms:
            if room and not any(s.room == room for s in sessions) and not (itself and "venue" in fields):
                self.warn(path, f"room {room!r} has no sessions; not kept (the model keeps rooms only with a venue)")
        try:
            event = Event(**{k: v for k, v in fields.items() if v is not None})
        except InvalidEventError as exc:
            for problem in exc.problems:
                self.error(conference.path + problem.path.removeprefix("$"), problem.message)
            return ImportResult(problems=tuple(self.problems))
        except (StieventsError, ValueError, OverflowError) as exc:
            self.error(conference.path, f"cannot be read as an event: {exc}")
            return ImportResult(problems=tuple(self.problems))
        return ImportResult(events=(event,), problems=tuple(self.problems))

    def url(self, path: str, value: Any) -> str | None:
        if _empty_text(value):
            return None
        if isinstance(value, str) and _URL.fullmatch(value.strip()):
            return value.strip()
        self.warn(path, f"{str(value)[:80]!r} is not an absolute http(s) URL; not kept")
        return None

    def language(self, entry: Record, tag: str, languages: list[str]) -> None:
        problem = language_tag_problem(tag)
        if problem is not None:
            self.warn(f"{entry.path}.language", f"{problem}; not kept")
        elif tag not in languages:
            languages.append(tag)
            if len(languages) > 1:
                self.warn(
                    f"{entry.path}.language",
                    f"{tag!r} kept as one of the event's languages: sessions have no language of their own",
                )

    def links(self, entry: Record, event_url: str | None, references: dict[str, Reference]) -> None:
        url = entry.values.get("url")
        if isinstance(url, str) and url.strip() and url.strip() != event_url and not url.startswith("urn:uuid:"):
            self.warn(f"{entry.path}.url", "not kept: the model has no page of its own for a session")
        page_seen = False  # the export writes the event's page first; a reference may cite the same URL
        for index, link in enumerate(entry.values.get("links") or []):
            href = link.get("url")
            if not isinstance(href, str) or not _URL.fullmatch(href.strip()):
                self.warn(f"{entry.path}.links[{index}]", "not kept: no absolute http(s) URL")
                continue
            href = href.strip()
            if href == event_url and not page_seen:
                page_seen = True
                continue
            if href in references:
                continue
            title = link.get("title")
            citation = title if isinstance(title, str) and title.strip() else href
            references[href] = Reference(citation=citation, url=href)

    def entry_as_event(self, entry: Record, fields: dict[str, Any], zone: zoneinfo.ZoneInfo) -> None:
        """The single entry of a document that is the conference itself (an event without sessions)."""
        if fields.get("description") is None:
            fields["description"] = self.text(entry, "abstract")
        fields["subtitle"] = self.text(entry, "subtitle")
        type_text = self.text(entry, "type")
        if type_text is not None:
            fields["event_type"] = _names.event_type(type_text.strip())
        room = entry.values.get("room")
        if isinstance(room, str) and room.strip() and room not in _names.PLACEHOLDER_ROOMS:
            # the room of an event without sessions is where it takes place; an all-day event's zone is its venue's
            zone_key = str(zone)
            fields["venue"] = Venue(name=room, timezone=None if zone_key == "UTC" else zone_key)

    def session(
        self, entry: Record, zone: zoneinfo.ZoneInfo, acronym: str | None, event_id: str, taken: set[str]
    ) -> Session | None:
        path = entry.path
        for name in entry.others:
            self.warn(f"{path}.{name}", "not kept: the model has no place for it")
        title = self.text(entry, "title")
        if title is None:
            self.warn(f"{path}.title", "missing: the event is not kept")
            return None
        start = self.moment(f"{path}.date", entry.values.get("date"), zone)
        if not isinstance(start, dt.datetime):
            self.warn(f"{path}.date", "no date-time: the event is not kept")
            return None
        wall = self.text(entry, "start")
        if wall is not None and wall.strip()[:5] != f"{start:%H:%M}":
            self.warn(f"{path}.start", f"{wall.strip()!r} disagrees with the date {start:%H:%M}; the date is kept")
        end = self.moment(f"{path}.end", entry.values.get("end"), zone)
        if not isinstance(end, dt.datetime):
            end = start + self.duration(f"{path}.duration", entry.values.get("duration"))
        if end < start:
            self.warn(f"{path}.end", "is before the start; set to the start")
            end = start
        type_text = self.text(entry, "type") or "other"
        kind, exact = _names.session_kind(type_text)
        if not exact:
            self.warn(f"{path}.type", f"{type_text!r} read as the session kind {kind.value!r}; the text is not kept")
        for key in ("subtitle", "track"):
            if self.text(entry, key) is not None:
                self.warn(f"{path}.{key}", "not kept: a session has no " + key)
        session_id = self.session_id(entry, acronym, taken)
        abstract = self.text(entry, "abstract")
        description = self.text(entry, "description")
        if abstract and description and description != abstract:
            text: str | None = f"{abstract}\n\n{description}"
        else:
            text = abstract or description
        people: dict[str, list[Person]] = {"chairs": [], "moderators": [], "speakers": []}
        dropped: set[str] = set()
        for person in entry.values.get("persons") or []:
            name = person.get("name") or person.get("public_name") or person.get("full_public_name")
            if not isinstance(name, str) or not name.strip():
                dropped.add("(a person without a name)")
                continue
            url = person.get("url")
            url = url.strip() if isinstance(url, str) and _URL.fullmatch(url.strip()) else None
            role = person.get("role")
            group = _ROLES.get(role.lower(), "speakers") if isinstance(role, str) else "speakers"
            people[group].append(Person(name=name, url=url))
            dropped.update(k for k, v in person.items() if k not in _KNOWN_PERSON_KEYS and not _empty_text(v))
        if dropped:
            self.warn(f"{path}.persons", f"not kept: {', '.join(sorted(dropped))}")
        room = entry.values.get("room")
        try:
            return Session(
                id=session_id,
                title=title,
                kind=kind,
                description=text,
                start=start,
                end=end,
                room=room if isinstance(room, str) and room else None,
                chairs=tuple(people["chairs"]),
                moderators=tuple(people["moderators"]),
                speakers=tuple(people["speakers"]),
            )
        except InvalidEventError as exc:
            self.warn(path, f"not kept: {exc}")
            return None

    def session_id(self, entry: Record, acronym: str | None, taken: set[str]) -> str:
        """The slug's tail after the acronym (what this plugin writes), else pretalx's code, the id, the guid."""
        slug = entry.values.get("slug")
        candidates = []
        if isinstance(slug, str) and acronym:
            prefix = acronym.strip().replace("-", "_") + "-"
            if slug.startswith(prefix):
                candidates.append(slug[len(prefix) :])
        for key in ("code", "id", "guid"):
            if entry.values.get(key) is not None:
                candidates.append(str(entry.values[key]))
        if isinstance(slug, str):
            candidates.append(slug)
        base = next((c for c in candidates if _names.ID_RE.fullmatch(c)), f"session-{len(taken) + 1}")
        return _names.unique(base, taken)

    def duration(self, path: str, value: Any) -> dt.timedelta:
        match = _HHMM.fullmatch(value.strip()) if isinstance(value, str) else None
        if match is None:
            self.warn(path, f"{value!r} is not a duration hh:mm; read as 00:00")
            return dt.timedelta(0)
        hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
        return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)

    def window(
        self,
        start: dt.date | None,
        end: dt.date | None,
        sessions: list[Session],
        zone: zoneinfo.ZoneInfo,
        fields: dict[str, Any],
    ) -> tuple[dt.date | None, dt.date | None]:
        """Start and end from the sessions when the conference does not give them."""
        timed = [s for s in sessions if isinstance(s.start, dt.datetime)]
        if timed:
            self.warn(f"{self.doc.conference.path}.start", "missing start or end: taken from the events")
            first = min(s.start for s in timed if isinstance(s.start, dt.datetime))
            last = max(s.end or s.start for s in timed if isinstance(s.start, dt.datetime))
            return start or first, end or last
        return start, end

    def widen(
        self, start: dt.date, end: dt.date, sessions: list[Session], entries: list[Record]
    ) -> tuple[dt.date, dt.date]:
        """Move the event's start or end so every session lies within it (a model rule), with a warning."""
        path = self.doc.conference.path
        for session in sessions:
            assert isinstance(session.start, dt.datetime)
            s_end = session.end or session.start
            if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
                if session.start < start:
                    self.warn(f"{path}.start", f"moved to {session.start.isoformat()} to hold {session.title!r}")
                    start = session.start
                if s_end > end:
                    self.warn(f"{path}.end", f"moved to {s_end.isoformat()} to hold {session.title!r}")
                    end = s_end
            else:
                if session.start.date() < start - dt.timedelta(days=1):
                    self.warn(f"{path}.start", f"moved to {session.start.date()} to hold {session.title!r}")
                    start = session.start.date()
                if s_end.date() > end + dt.timedelta(days=1):
                    self.warn(f"{path}.end", f"moved to {s_end.date()} to hold {session.title!r}")
                    end = s_end.date()
        return start, end


def _empty_text(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def build(document: Document) -> ImportResult:
    return _Builder(document).build()

"""Building one model event from one VEVENT (plus its overrides and sessions), repairing what it must.

Facts written by our exporter (``X-STIEVENTS-*``) are restored exactly; for
foreign files the standard properties are mapped as far as they go. When the
model refuses a value, the optional fact is dropped with a warning rather than
losing the whole event.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from stievents import fieldtypes, serialize
from stievents.errors import InvalidEventError, Problem, StieventsError
from stievents.model import (
    AttendanceMode,
    AttendancePolicy,
    Contact,
    Event,
    EventStatus,
    EventType,
    Geo,
    Image,
    Organiser,
    OrganiserRole,
    PolicyQuestion,
    Scope,
    StatusChange,
    Translation,
    Venue,
    Visibility,
)
from stievents_ical import _names as n
from stievents_ical._content import Component
from stievents_ical._props import all_values, first_text, texts
from stievents_ical._reader import Place
from stievents_ical._recur import RecurrenceReader
from stievents_ical._sessions import SessionReader
from stievents_ical._text import clean_text, split_description
from stievents_ical._values import parse_geo, split_text, unescape

__all__ = ["EventBuilder", "Place"]


_REQUIRED = {"id", "title", "start", "end"}
_PROPERTY_OF = {
    "updated": "LAST-MODIFIED",
    "created": "CREATED",
    "url": "URL",
    "venue": "LOCATION",
    "virtual_location": "CONFERENCE",
    "contacts": "ORGANIZER",
    "topics": "CATEGORIES",
    "image": "IMAGE",
    "recurrence": "RRULE",
}
_MAX_RULE_YEARS = 10
_MAX_COUNT = 10_000
_ROLE_BY_TYPE = {"X-HOST": "host", "X-CO-ORGANISER": "co-organiser", "X-PARTNER": "partner", "SPONSOR": "sponsor"}


@functools.cache
def _kind_of(fact: str) -> type:
    """The attrs class a list or record fact of the event holds (``contacts`` -> Contact)."""
    kind = fieldtypes.field(Event, fact).type.record
    if kind is None:
        raise TypeError(fact)
    return kind


class EventBuilder(RecurrenceReader, SessionReader):
    """Reads one VEVENT; ``build`` returns the event or ``None`` (with an error problem)."""

    # -------------------------------------------------------------- event

    def build(
        self, *, overrides: list[tuple[int, Component]], sessions: list[tuple[int, Component]], used_ids: set[str]
    ) -> Event | None:
        start = self._start()
        if start is None:
            return None
        event_id = self._id(used_ids)
        values: dict[str, Any] = {"id": event_id, "uid": self._uid(event_id), "start": start, "end": self.end_of(start)}
        values.update(self._texts())
        values.update(self._status())
        values.update(self._places())
        values.update(self._people())
        values.update(self._facts())
        recurrence = self._recurrence(start, overrides)
        if recurrence is not None:
            values["recurrence"] = recurrence
        if sessions:
            values["sessions"] = tuple(s for s in (self._session(i, v) for i, v in sessions) if s is not None)
        return self._construct(values)

    def _start(self) -> dt.date | None:
        """DTSTART; else the RECURRENCE-ID of an override, or the first RDATE (warned); else an error."""
        start = self.time("DTSTART")
        if start is not None:
            return start
        for name in ("RECURRENCE-ID", "RDATE"):
            found = self.dates(name, None) if name == "RDATE" else [self.time(name)]
            if found and found[0] is not None:
                self.place.warn("DTSTART", f"missing or unreadable; the event starts at its {name}")
                return found[0]
        self.place.error("DTSTART", "missing or unreadable; the event cannot be placed in time")
        return None

    def _id(self, used: set[str]) -> str:
        uid = first_text(self.vevent, "UID")
        if uid is None:
            self.place.warn("UID", "missing; an id was made from the VEVENT's position")
            uid = self.place.prefix.lower().replace("[", "-").replace("]", "")
        stated = first_text(self.vevent, n.X_ID)  # ours: the id, when the event's source UID does not give it back
        own_id = stated is not None and n.id_from_uid(n.event_uid(stated)) == stated
        base = stated if own_id and stated is not None else n.id_from_uid(uid)
        if "RECURRENCE-ID" in self.vevent:
            recid = self.time("RECURRENCE-ID")
            if recid is not None:
                base = n.id_from_uid(f"{base}-{recid.isoformat()}")
        candidate, number = base, 1
        while candidate in used:
            number += 1
            candidate = f"{base[:190]}-{number}"
        if candidate != base:
            self.place.warn("UID", f"{uid!r} is used by another event; id {candidate!r} given")
        return candidate

    def _uid(self, event_id: str) -> str | None:
        """The VEVENT's UID byte for byte, unless it is the one our exporter derives from the id (then ``None``).

        An occurrence whose series is not in the file (a RECURRENCE-ID without
        its master) keeps none either: its UID names the series, not this event.
        """
        uid = first_text(self.vevent, "UID")
        if uid is None or "RECURRENCE-ID" in self.vevent:
            return None
        return n.source_uid(event_id, uid)

    def _texts(self) -> dict[str, Any]:
        summaries = texts(self.vevent, "SUMMARY")
        if not summaries or not summaries[0][0].strip():
            self.place.warn("SUMMARY", "missing or empty; the event is titled '(untitled)'")
            title, lang = "(untitled)", None
        else:
            title, params = summaries[0]
            lang = params.get("LANGUAGE") if self.own else None
        values: dict[str, Any] = {"title": title}
        descriptions = texts(self.vevent, "DESCRIPTION")
        if not self.own:
            if descriptions:
                values["description"] = clean_text(descriptions[0][0]) or None
            return values
        values["text_language"] = lang
        subtitles = texts(self.vevent, n.X_SUBTITLE)
        questions = self.records(n.JSON_LISTS["policy_questions"], PolicyQuestion)

        def pick(found: list[tuple[str, dict[str, str]]], language: str | None) -> str | None:
            for text, params in found:
                if params.get("LANGUAGE") == language:
                    return text
            return None

        subtitle = pick(subtitles, lang)
        values["subtitle"] = subtitle
        description = pick(descriptions, lang)
        if description is not None:
            values["description"] = split_description(description, subtitle, [clean_text(q.text) for q in questions])
        translations = []
        # A translation's title and description have their own X- properties (one SUMMARY and one
        # DESCRIPTION per VEVENT); files written before that repeated SUMMARY and DESCRIPTION.
        tr_titles = texts(self.vevent, n.X_TITLE) + summaries[1:]
        tr_descriptions = texts(self.vevent, n.X_DESCRIPTION) + descriptions
        for language, _ in texts(self.vevent, n.X_TRANSLATION):
            tr_subtitle = pick(subtitles, language)
            tr_text = pick(tr_descriptions, language)
            translations.append(
                {
                    "language": language,
                    "title": pick(tr_titles, language),
                    "subtitle": tr_subtitle,
                    "description": None if tr_text is None else split_description(tr_text, tr_subtitle),
                }
            )
        values["translations"] = tuple(self._objects(Translation, translations, n.X_TRANSLATION))
        return values

    def _objects(self, kind: type, items: list[dict[str, Any]], where: str) -> list[Any]:
        result = []
        for item in items:
            try:
                result.append(kind(**item))
            except InvalidEventError as exc:
                self.place.warn(where, f"{exc}; ignored")
        return result

    def _status(self) -> dict[str, Any]:
        status = self.enum(n.X_STATUS, EventStatus) if self.own else None
        if status is None:
            ical = (first_text(self.vevent, "STATUS") or "").upper()
            status = EventStatus.CANCELLED if ical == "CANCELLED" else EventStatus.SCHEDULED
        return {"status": status, "status_history": tuple(self.records(n.X_STATUS_CHANGE, StatusChange))}

    def _places(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        venues = self.records(n.X_VENUE, Venue)
        if venues:
            values["venue"] = venues[0]
        else:  # our own files store the venue in X-STIEVENTS-VENUE: their LOCATION may name the platform
            values["venue"] = None if self.own else self._foreign_venue()
        online = self.online(self.vevent)
        values["virtual_location"] = online
        mode = self.enum(n.X_ATTENDANCE_MODE, AttendanceMode)
        if mode is None and self.own:
            pass  # our own files say the mode when there is one
        elif mode is None and values["venue"] is not None and online is not None:
            mode = AttendanceMode.MIXED
        elif mode is None and online is not None and online.url is not None:
            mode = AttendanceMode.ONLINE
        values["attendance_mode"] = mode
        return values

    def _foreign_venue(self) -> Venue | None:
        location = first_text(self.vevent, "LOCATION")
        geo = None
        if "GEO" in self.vevent:
            try:
                latitude, longitude = parse_geo(self.vevent.props["GEO"][0].value)
                geo = Geo(latitude=latitude, longitude=longitude)
            except ValueError as exc:
                self.place.warn("GEO", f"{exc}; ignored")
            except InvalidEventError as exc:
                self.place.warn("GEO", f"{'; '.join(p.message for p in exc.problems) or exc}; ignored")
        location = clean_text(location).strip() if location else None
        if not location and geo is None:
            return None
        return Venue(name=location or None, geo=geo)

    def _people(self) -> dict[str, Any]:
        organisers = []
        for index, sub in enumerate(self.vevent.subcomponents):
            if sub.name != "PARTICIPANT":
                continue
            organiser = self._organiser(index, sub)
            if organiser is not None:
                organisers.append(organiser)
        contacts = self.records(n.JSON_LISTS["contacts"], Contact)
        if not contacts and not self.own:
            contacts = self._foreign_contacts()
        return {"organisers": tuple(organisers), "contacts": tuple(contacts)}

    def _organiser(self, index: int, sub: Component) -> Organiser | None:
        where = f"PARTICIPANT[{index}]"
        roles_text = first_text(sub, n.X_ROLES)
        kind = (first_text(sub, "PARTICIPANT-TYPE") or "").upper()
        if roles_text is None and kind not in _ROLE_BY_TYPE:
            return None
        roles_text = roles_text or _ROLE_BY_TYPE[kind]
        try:
            return Organiser(
                name=first_text(sub, "SUMMARY") or "",
                roles=tuple(OrganiserRole(r) for r in roles_text.split(",")),
                acronym=first_text(sub, n.X_ACRONYM),
                country=first_text(sub, n.X_COUNTRY),
                url=first_text(sub, "URL"),
                ror=first_text(sub, n.X_ROR),
            )
        except (ValueError, InvalidEventError) as exc:
            self.place.warn(where, f"{exc}; ignored")
            return None

    def _foreign_contacts(self) -> list[Contact]:
        found = []
        for prop in all_values(self.vevent, "ORGANIZER"):
            address = unescape(prop.value)
            email = address[7:] if address.lower().startswith("mailto:") else None
            name = prop.params.get("CN")
            try:
                found.append(Contact(name=clean_text(name) if name else None, email=email or None))
            except InvalidEventError:
                try:
                    found.append(Contact(name=clean_text(name) if name else address))
                except InvalidEventError:
                    self.place.warn("ORGANIZER", f"no usable name or e-mail in {address[:80]!r}; ignored")
        return found

    def _facts(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "event_type": self.enum(n.X_EVENT_TYPE, EventType),
            "scope": self.enum(n.X_SCOPE, Scope),
            "attendance_policy": self.enum(n.X_ATTENDANCE_POLICY, AttendancePolicy),
            "visibility": self.enum(n.X_VISIBILITY, Visibility),
            "url": first_text(self.vevent, "URL"),
            "topics": self._topics(),
        }
        for fact, prop in n.JSON_LISTS.items():
            if fact != "contacts":
                values[fact] = tuple(self.records(prop, _kind_of(fact)))
        for fact, prop in n.JSON_RECORDS.items():
            found = self.records(prop, _kind_of(fact))
            values[fact] = found[0] if found else None
        if values["image"] is None and not self.own:
            for text, _ in texts(self.vevent, "IMAGE"):
                try:
                    values["image"] = Image(url=text)
                    break
                except InvalidEventError:
                    continue
        for fact, prop in n.TEXT_LISTS.items():
            values[fact] = tuple(text for text, _ in texts(self.vevent, prop))
        values["created"] = self._stamp(n.X_CREATED, "CREATED")
        values["updated"] = self._stamp(n.X_UPDATED, "LAST-MODIFIED")
        values["revision"] = self._revision()
        return values

    def _topics(self) -> tuple[str, ...]:
        found = all_values(self.vevent, "CATEGORIES")
        if self.own and n.X_EVENT_TYPE in self.vevent and found:
            found = found[1:]
        topics: list[str] = []
        for prop in found:
            for item in split_text(prop.value):
                text = clean_text(item)
                text = text if self.own else text.strip()
                if text.strip() and (self.own or text not in topics):  # our own files keep duplicates exactly
                    topics.append(text)
        return tuple(topics)

    def _stamp(self, own: str, standard: str) -> dt.datetime | None:
        text = first_text(self.vevent, own)
        if text is not None:
            try:
                return serialize.structure(text, dt.datetime)  # type: ignore[no-any-return]
            except StieventsError as exc:
                self.place.warn(own, f"{exc}; ignored")
        value = self.time(standard)
        if isinstance(value, dt.datetime):
            return value
        return None

    def _revision(self) -> int:
        if "SEQUENCE" not in self.vevent:
            return 0
        try:
            value = int(self.vevent.props["SEQUENCE"][0].value)
        except ValueError:
            self.place.warn("SEQUENCE", "not a whole number; ignored")
            return 0
        return max(value, 0)

    # -------------------------------------------------------------- construction

    def _construct(self, values: dict[str, Any]) -> Event | None:
        """Build the event; drop an optional fact the model refuses, with a warning, and retry."""
        for _ in range(50):
            try:
                return Event(**values)
            except InvalidEventError as exc:
                if not self._repair(values, exc.problems):
                    self.place.error("UID", f"the event cannot be built: {exc}")
                    return None
        self.place.error("UID", "the event cannot be built")
        return None

    def _repair(self, values: dict[str, Any], problems: tuple[Problem, ...]) -> bool:
        changed = False
        for problem in problems:
            path = problem.path[2:] if problem.path.startswith("$.") else problem.path
            head = path.split(".")[0]
            field, _, rest = head.partition("[")
            if field in _REQUIRED or field not in values:
                continue
            if rest and isinstance(values[field], tuple):
                index = int(rest.rstrip("]"))
                if index < len(values[field]):
                    items = list(values[field])
                    del items[index]
                    values[field] = tuple(items)
                    self.place.warn(field.upper(), f"{path}: {problem.message}; that item was dropped")
                    changed = True
                    break
                continue
            fallback = {"attendance_mode": "virtual_location"}.get(field, field)
            if values.get(fallback) not in (None, ()):
                values[fallback] = None if not isinstance(values[fallback], tuple) else ()
                where = _PROPERTY_OF.get(fallback, fallback.upper())
                self.place.warn(where, f"{problem.message}; dropped ({path})")
                changed = True
        return changed

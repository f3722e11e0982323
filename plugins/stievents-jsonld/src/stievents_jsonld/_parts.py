"""The parts of a schema.org Event read into model values: schedule, status, places, organisers, topics..."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from stievents.model import (
    AttendanceMode,
    Classification,
    EventStatus,
    Geo,
    Image,
    LanguageUse,
    Organiser,
    OrganiserRole,
    Person,
    PolicyQuestion,
    Recurrence,
    Reference,
    Registration,
    RelatedEvent,
    Relation,
    Session,
    StatusChange,
    Venue,
    VirtualLocation,
)
from stievents_jsonld import _ids, _schedule, _vocab, _when
from stievents_jsonld._country import country_code
from stievents_jsonld._reading import ID_RE, ROR_RE, Base, duration
from stievents_jsonld._terms import strip_labels
from stievents_jsonld._values import boolean, many, node_id, slug, text, texts, types, url

# Our own organiser ids end in their position (``#organiser-2``, ``:organiser:2``): keep that order.
_ORGANISER_ID = re.compile(r"[#:]organiser[-:](\d+)\Z")
_ROLE_OF = {
    "organizer": OrganiserRole.CO_ORGANISER,
    "sponsor": OrganiserRole.SPONSOR,
    "funder": OrganiserRole.FUNDER,
    "contributor": OrganiserRole.PARTNER,
}


class ScheduleInfo(NamedTuple):
    """What an Event's ``eventSchedule`` gives."""

    recurrence: Recurrence | None
    zone: str | None
    first: dt.date | None
    length: dt.timedelta | None


class Parts(Base):
    """Readers for the properties of one Event node; each reports under the path it is given."""

    def schedule(self, path: str, node: dict[str, Any]) -> ScheduleInfo | None:
        """What ``eventSchedule`` says: a recurrence, the zone, the first start and the duration."""
        values = many(node.get("eventSchedule"))
        if not values:
            return None
        where = f"{path}.eventSchedule" + ("[0]" if isinstance(node.get("eventSchedule"), list) else "")
        if len(values) > 1:
            self.warn(f"{path}.eventSchedule", "several schedules; only the first is read")
        item = values[0]
        if not isinstance(item, dict):
            self.warn(where, "expected a Schedule object; ignored")
            return None
        zone = text(item.get("scheduleTimezone"))
        hints = (zone, self.options.timezone)
        rule, why = _schedule.rule_of(item)
        if rule is None:
            self.warn(where, f"ignored: {why}")
        first: dt.date | None = None
        day, clock = item.get("startDate"), item.get("startTime")
        if isinstance(day, str) and "startDate" not in node:
            joined = f"{day[:10]}T{clock}" if isinstance(clock, str) else day
            first = self.when(f"{where}.startDate", joined, hints)
        length = duration(item["duration"]) if isinstance(item.get("duration"), str) else None
        if length is None and isinstance(clock, str) and isinstance(item.get("endTime"), str):
            try:
                a, b = dt.time.fromisoformat(clock), dt.time.fromisoformat(item["endTime"])
                length = dt.datetime.combine(dt.date.min, b) - dt.datetime.combine(dt.date.min, a)
            except ValueError:
                length = None
        recurrence = None
        if rule is not None and "COUNT=" not in rule and "UNTIL=" not in rule:
            self.warn(
                where, "has no repeatCount nor endDate; the model keeps only bounded recurrences, so it is dropped"
            )
            rule = None
        if rule is not None:
            excepts = []
            start_kind_datetime = isinstance(clock, str) or ("T" in str(node.get("startDate", "")))
            if start_kind_datetime and re.search(r"UNTIL=\d{8}(;|$)", rule):
                rule = re.sub(r"UNTIL=(\d{8})", r"UNTIL=\1T235959Z", rule)
            for index, value in enumerate(many(item.get("exceptDate"))):
                got = self.when(f"{where}.exceptDate[{index}]", value, hints)
                if got is not None:
                    excepts.append(got)
            recurrence = Recurrence(rule=rule, exdates=tuple(excepts))
        if zone is not None and _when.find_zone(zone) is None:
            self.warn(f"{where}.scheduleTimezone", f"unknown IANA time zone {zone!r}; ignored")
            zone = None
        return ScheduleInfo(recurrence, zone, first, length)

    def status(self, path: str, node: dict[str, Any], fields: dict[str, Any], hints: tuple[str | None, ...]) -> None:
        value = node.get("eventStatus")
        name = _vocab.local_name(node_id(value) or text(value) or "") if value is not None else ""
        if name:
            status = _vocab.SCHEMA_TO_STATUS.get(name)
            if status is None:
                self.warn(f"{path}.eventStatus", f"{name!r} is not a schema.org EventStatusType; read as scheduled")
            else:
                fields["status"] = status
        previous = self.when(f"{path}.previousStartDate", node.get("previousStartDate"), hints)
        if previous is not None:
            status = fields.get("status", EventStatus.SCHEDULED)
            change = self.build(
                f"{path}.previousStartDate", "previousStartDate", StatusChange, status=status, previous_start=previous
            )
            if change is not None:
                fields["status_history"] = (change,)
        mode = node.get("eventAttendanceMode")
        if mode is not None:
            mode_name = _vocab.local_name(node_id(mode) or text(mode) or "")
            if mode_name in _vocab.SCHEMA_TO_MODE:
                fields["attendance_mode"] = _vocab.SCHEMA_TO_MODE[mode_name]
            else:
                self.warn(
                    f"{path}.eventAttendanceMode",
                    f"{mode_name!r} is not a schema.org EventAttendanceModeEnumeration; ignored",
                )

    def locations(self, path: str, node: dict[str, Any], fields: dict[str, Any]) -> None:
        raw = node.get("location")
        listed = isinstance(raw, list)
        venue = virtual = None
        for index, item in enumerate(many(raw)):
            where = f"{path}.location" + (f"[{index}]" if listed else "")
            item = self.resolve(item)
            if isinstance(item, str):
                if venue is None and item.strip():
                    venue = self.build(where, "location", Venue, name=item.strip())
                continue
            if not isinstance(item, dict):
                self.warn(where, "expected a Place, a VirtualLocation or text; ignored")
                continue
            if "VirtualLocation" in types(item):
                if virtual is not None:
                    self.warn(where, "only the first VirtualLocation is kept")
                    continue
                link = self.url(f"{where}.url", item.get("url"))
                virtual = self.build(
                    where,
                    "VirtualLocation",
                    VirtualLocation,
                    url=link,
                    platform=text(item.get("name")),
                    join_url_public=link is not None,
                )
            elif venue is not None:
                self.warn(where, "only the first Place is kept")
            else:
                venue = self.place(where, item)
        mode = fields.get("attendance_mode")
        if venue is not None and virtual is not None and mode is None:
            self.warn(
                f"{path}.eventAttendanceMode",
                "missing; read as mixed since both a Place and a VirtualLocation are given",
            )
            fields["attendance_mode"] = AttendanceMode.MIXED
        elif mode is AttendanceMode.IN_PERSON and virtual is not None:
            self.warn(f"{path}.location", "the VirtualLocation of an offline event is dropped")
            virtual = None
        elif mode is AttendanceMode.MIXED and (venue is None or virtual is None):
            self.warn(
                f"{path}.eventAttendanceMode",
                "mixed, but the location is not both a Place and a VirtualLocation; mode dropped",
            )
            fields["attendance_mode"] = None
        fields["venue"], fields["virtual_location"] = venue, virtual

    def place(self, where: str, item: dict[str, Any]) -> Venue | None:
        kwargs: dict[str, Any] = {"name": text(item.get("name"))}
        address = item.get("address")
        if isinstance(address, list) and address:
            address = address[0]
        if isinstance(address, str):
            kwargs["street"] = address.strip() or None
        elif isinstance(address, dict):
            for prop, field in (
                ("streetAddress", "street"),
                ("addressLocality", "locality"),
                ("addressRegion", "region"),
                ("postalCode", "postal_code"),
            ):
                kwargs[field] = text(address.get(prop))
            kwargs["country"] = self.country(f"{where}.address.addressCountry", address.get("addressCountry"))
        geo = item.get("geo")
        if isinstance(geo, dict):
            try:
                latitude, longitude = float(geo["latitude"]), float(geo["longitude"])
            except (KeyError, TypeError, ValueError):
                self.warn(f"{where}.geo", "needs numeric latitude and longitude; dropped")
            else:
                kwargs["geo"] = self.build(f"{where}.geo", "geo", Geo, latitude=latitude, longitude=longitude)
        rooms = [text(r.get("name")) if isinstance(r, dict) else text(r) for r in many(item.get("containsPlace"))]
        kwargs["rooms"] = tuple(r for r in rooms if r)  # a room listed twice is read twice
        return self.build(where, "location", Venue, **kwargs)

    def country(self, where: str, value: Any) -> str | None:
        """The ISO 3166-1 alpha-2 code an ``addressCountry`` gives: a code, a country name or a Country node.

        A Country node is read by its ``identifier``, ``alternateName`` or
        ``name``, the first that names a country. The model keeps only the
        code, so a name is not kept beside it. A warning only when nothing matches.
        """
        values = many(value)
        item = self.resolve(values[0]) if values else None
        if isinstance(item, dict):
            candidates = [text(item.get(prop)) for prop in ("identifier", "alternateName", "name")]
        else:
            candidates = [text(item)]
        written = [c for c in candidates if c]
        for candidate in written:
            code = country_code(candidate)
            if code is not None and self.build(where, "addressCountry", Venue, name="-", country=code) is not None:
                return code
            if code is not None:
                return None  # the model refused the code: build() said why
        if written:
            self.warn(where, f"{written[0]!r} is neither an ISO 3166-1 code nor a country name; dropped")
        else:
            self.warn(where, "expected a country code, a country name or a Country node; dropped")
        return None

    def organisers(self, path: str, node: dict[str, Any]) -> tuple[Organiser, ...]:
        found: dict[str, dict[str, Any]] = {}
        for prop, role in _ROLE_OF.items():
            listed = isinstance(node.get(prop), list)
            for index, item in enumerate(many(node.get(prop))):
                where = f"{path}.{prop}" + (f"[{index}]" if listed else "")
                item = self.resolve(item)
                name = (
                    text(item) if isinstance(item, str) else text(item.get("name")) if isinstance(item, dict) else None
                )
                if name is None:
                    self.warn(where, "an organisation needs a name; ignored")
                    continue
                key = (node_id(item) if isinstance(item, dict) else None) or name
                position = _ORGANISER_ID.search(key)
                order = (0, int(position[1])) if position else (1, len(found))
                entry = found.setdefault(key, {"name": name, "roles": [], "where": where, "order": order})
                if role not in entry["roles"]:
                    entry["roles"].append(role)
                if isinstance(item, dict):
                    entry["acronym"] = text(item.get("alternateName"))
                    entry["url"] = self.url(f"{where}.url", item.get("url"))
                    ror = text(item.get("identifier")) or node_id(item)
                    entry["ror"] = ror if ror and ROR_RE.fullmatch(ror) else None
                    address = item.get("address")
                    if isinstance(address, dict) and address.get("addressCountry") is not None:
                        entry["country"] = self.country(f"{where}.address.addressCountry", address["addressCountry"])
        result = []
        for entry in sorted(found.values(), key=lambda e: e["order"]):
            del entry["order"]
            where = entry.pop("where")
            entry["roles"] = tuple(entry["roles"])
            built = self.build(where, "organisation", Organiser, **entry)
            if built is not None:
                result.append(built)
        return tuple(result)

    def about(self, path: str, node: dict[str, Any]) -> tuple[list[PolicyQuestion], list[Classification], list[str]]:
        questions: list[PolicyQuestion] = []
        terms: list[Classification] = []
        topics: list[str] = []
        listed = isinstance(node.get("about"), list)
        for index, item in enumerate(many(node.get("about"))):
            where = f"{path}.about" + (f"[{index}]" if listed else "")
            kinds = types(item)
            if isinstance(item, str):
                topics.append(item)
            elif "Question" in kinds and isinstance(item, dict):
                qid = text(item.get("identifier"))
                body = text(item.get("text")) or text(item.get("name"))
                inner = [t for t in (self.term(f"{where}.about", v) for v in many(item.get("about"))) if t is not None]
                question = self.build(
                    where, "question", PolicyQuestion, id=qid, text=body or "", classifications=tuple(inner)
                )
                if question is not None:
                    questions.append(question)
            elif "DefinedTerm" in kinds:
                term = self.term(where, item)
                if term is not None:
                    terms.append(term)
            elif isinstance(item, dict) and text(item.get("name")):
                topics.append(str(text(item.get("name"))))
        return questions, terms, topics

    def term(self, where: str, item: Any) -> Classification | None:
        if not isinstance(item, dict):
            return None
        term_set = item.get("inDefinedTermSet")
        scheme = None
        edition = None
        if isinstance(term_set, dict):
            scheme = text(term_set.get("identifier")) or text(term_set.get("name")) or url(term_set.get("url"))
            edition = text(term_set.get("version"))
        elif isinstance(term_set, str):
            scheme = term_set
        code = text(item.get("termCode")) or text(item.get("identifier")) or text(item.get("name"))
        if scheme is None or code is None:
            self.warn(where, "a DefinedTerm needs a termCode (or name) and an inDefinedTermSet; ignored")
            return None
        return self.build(
            where,
            "DefinedTerm",
            Classification,
            scheme=scheme,
            code=code,
            label=text(item.get("name")),
            edition=edition,
        )

    def topics(
        self, node: dict[str, Any], extra: list[str], classifications: Sequence[Classification] = ()
    ) -> tuple[str, ...]:
        """``keywords`` (a list, or one comma-separated string) then ``about`` texts not among them.

        The classifications' labels the exporter appends to ``keywords`` are taken off (see :mod:`_terms`).
        """
        raw = node.get("keywords")
        found: list[str] = []
        for value, _ in texts(raw):
            if "," in value and not isinstance(raw, list):  # a comma-separated string: its items are trimmed
                found.extend(k.strip() for k in value.split(","))
            else:
                found.append(value)
        found = [k for k in found if k.strip()]  # a keyword written twice is read twice
        found = strip_labels(found, classifications)
        return (*found, *dict.fromkeys(k for k in extra if k.strip() and k not in found))

    def audience(self, node: dict[str, Any]) -> tuple[str, ...]:
        """``audienceType`` (or ``name``) of each ``Audience``, or plain texts."""
        found: list[str | None] = []
        for item in many(node.get("audience")):
            if isinstance(item, dict):
                found.append(text(item.get("audienceType")) or text(item.get("name")))
            else:
                found.append(text(item))
        return tuple(a for a in found if a)  # an audience listed twice is read twice

    def languages(self, path: str, node: dict[str, Any]) -> list[LanguageUse]:
        result = []
        for item in many(node.get("inLanguage")):
            tag = text(item.get("alternateName")) or text(item.get("name")) if isinstance(item, dict) else text(item)
            if tag:
                use = self.build(f"{path}.inLanguage", "inLanguage", LanguageUse, tag=tag)
                if use is not None:  # a tag written twice (two roles of one language) is read twice
                    result.append(use)
        return result

    def registration(self, path: str, node: dict[str, Any], hints: tuple[str | None, ...]) -> Registration | None:
        free = boolean(node.get("isAccessibleForFree"))
        link = deadline = None
        offers = many(node.get("offers"))
        for index, offer in enumerate(offers):
            where = f"{path}.offers" + (f"[{index}]" if isinstance(node.get("offers"), list) else "")
            if isinstance(offer, str):
                if link is None:
                    link = self.url(where, offer)
                continue
            if not isinstance(offer, dict):
                continue
            if link is None:
                link = self.url(f"{where}.url", offer.get("url"))
            if deadline is None and offer.get("validThrough") is not None:
                deadline = self.when(f"{where}.validThrough", offer.get("validThrough"), hints)
            price = offer.get("price")
            if free is None and len(offers) == 1 and str(price).strip() in {"0", "0.0", "0.00"}:
                free = True
        if link is None and deadline is None and free is None:
            return None
        return self.build(f"{path}.offers", "registration", Registration, url=link, deadline=deadline, free=free)

    def image(self, path: str, node: dict[str, Any]) -> Image | None:
        value = node.get("image")
        if value is None:
            return None
        link = self.url(f"{path}.image", value)
        if link is None:
            return None
        first = many(value)[0]
        alt = text(first.get("caption")) if isinstance(first, dict) else None
        return self.build(f"{path}.image", "image", Image, url=link, alt=alt)

    def series(self, path: str, node: dict[str, Any]) -> list[RelatedEvent]:
        result = []
        for item in many(node.get("superEvent")):
            iri = item if isinstance(item, str) else node_id(item)
            embedded = isinstance(item, dict) and set(item) - {"@id"}  # its own properties win over a node it names
            target = item if embedded or not iri else (self.node(iri) or item)
            ident = text(target.get("identifier")) if isinstance(target, dict) else None
            if not ident or not ID_RE.fullmatch(ident):
                if iri and iri.startswith(_ids.URN_PREFIX):
                    ident = slug(iri[len(_ids.URN_PREFIX) :])
                elif iri:
                    ident = slug(iri.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1])
                else:
                    ident = slug(text(target.get("name")) or "series") if isinstance(target, dict) else "series"
            title = text(target.get("name")) if isinstance(target, dict) else None
            link = url(target.get("url")) if isinstance(target, dict) else None
            if link is None and iri and _ids.is_absolute_url(iri) and not isinstance(item, dict):
                link = iri
            built = self.build(
                f"{path}.superEvent",
                "superEvent",
                RelatedEvent,
                id=ident,
                relation=Relation.SERIES,
                title=title,
                url=link,
            )
            if built is not None:
                result.append(built)
        return result

    def references(self, path: str, node: dict[str, Any]) -> list[Reference]:
        result = []
        listed = isinstance(node.get("subjectOf"), list)
        for index, item in enumerate(many(node.get("subjectOf"))):
            where = f"{path}.subjectOf" + (f"[{index}]" if listed else "")
            if not isinstance(item, dict) or not text(item.get("name")):
                self.warn(where, "a referenced work needs a name; ignored")
                continue
            name = str(text(item.get("name")))
            alias = text(item.get("alternateName"))
            year_text = text(item.get("datePublished"))
            year = int(year_text[:4]) if year_text and year_text[:4].isdigit() else None
            ident = item.get("identifier")
            doi = (
                text(ident.get("value")) if isinstance(ident, dict) and text(ident.get("propertyID")) == "DOI" else None
            )
            author = item.get("author")
            author_name = text(author.get("name")) if isinstance(author, dict) else text(author)
            built = self.build(
                where,
                "reference",
                Reference,
                citation=alias or name,
                title=name if alias else None,
                author=author_name,
                year=year,
                url=url(item.get("url")),
                doi=doi,
            )
            if built is not None:
                result.append(built)
        return result

    def people(self, where: str, value: Any) -> tuple[Person, ...]:
        result = []
        for item in many(value):
            item = self.resolve(item)
            name = text(item) if isinstance(item, str) else text(item.get("name")) if isinstance(item, dict) else None
            if not name:
                continue
            affiliation = url_ = None
            if isinstance(item, dict):
                aff = many(item.get("affiliation"))
                affiliation = (text(aff[0].get("name")) if isinstance(aff[0], dict) else text(aff[0])) if aff else None
                url_ = url(item.get("url"))
            person = self.build(where, "person", Person, name=name, affiliation=affiliation, url=url_)
            if person is not None:
                result.append(person)
        return tuple(result)

    def sessions(
        self, path: str, node: dict[str, Any], fields: dict[str, Any], hints: tuple[str | None, ...]
    ) -> list[Session]:
        result: list[Session] = []
        listed = isinstance(node.get("subEvent"), list)
        venue: Venue | None = fields.get("venue")
        question_ids = {q.id for q in fields["policy_questions"] if q.id}
        question_iris = {}
        for item in many(node.get("about")):
            if isinstance(item, dict) and "Question" in types(item) and node_id(item) and text(item.get("identifier")):
                question_iris[node_id(item)] = text(item.get("identifier"))
        seen: set[str] = set()
        for index, item in enumerate(many(node.get("subEvent"))):
            where = f"{path}.subEvent" + (f"[{index}]" if listed else "")
            if not isinstance(item, dict) or set(item) <= {"@id", "@type"}:
                self.warn(where, "a sub-event given only by reference is not read as a session")
                continue
            title = text(item.get("name"))
            if not title:
                self.warn(where, "a sub-event needs a name; ignored")
                continue
            ident = text(item.get("identifier"))
            sid = ident if ident and ID_RE.fullmatch(ident) else slug(title, "session")
            base, number = sid, 2
            while sid in seen:
                sid, number = f"{base}-{number}", number + 1
            seen.add(sid)
            start = self.when(f"{where}.startDate", item.get("startDate"), hints)
            end = self.when(f"{where}.endDate", item.get("endDate"), hints) if isinstance(start, dt.datetime) else None
            if end is not None and not isinstance(end, dt.datetime):
                end = None
            room = virtual = None
            for loc_index, location in enumerate(many(item.get("location"))):
                loc_where = f"{where}.location[{loc_index}]"
                if isinstance(location, dict) and "VirtualLocation" in types(location):
                    link = self.url(f"{loc_where}.url", location.get("url"))
                    virtual = self.build(
                        loc_where,
                        "VirtualLocation",
                        VirtualLocation,
                        url=link,
                        platform=text(location.get("name")),
                        join_url_public=link is not None,
                    )
                else:
                    name = text(location.get("name")) if isinstance(location, dict) else text(location)
                    if name and venue is not None and venue.rooms and name not in venue.rooms:
                        self.warn(loc_where, f"{name!r} is not a room of the event's Place; dropped")
                    elif name:
                        room = name
            qids = []
            for ref in many(item.get("about")):
                iri = node_id(ref)
                qid = question_iris.get(iri) if iri else None
                if qid is None and isinstance(ref, dict):
                    qid = text(ref.get("identifier"))
                if qid in question_ids and qid not in qids:
                    qids.append(qid)
            session = self.build(
                where,
                "sub-event",
                Session,
                id=sid,
                title=title,
                description=text(item.get("description")),
                start=start,
                end=end,
                room=room,
                virtual_location=virtual,
                moderators=self.people(f"{where}.contributor", item.get("contributor")),
                speakers=self.people(f"{where}.performer", item.get("performer")),
                policy_question_ids=tuple(qids),
            )
            if session is not None:
                result.append(session)
        return result


_DURATION_RE = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")

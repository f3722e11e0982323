"""Model -> schema.org JSON-LD, as plain dicts with a fixed key order.

Key order is the insertion order below (``@context``, ``@type``, ``@id``, then
properties in mapping-table order), so output is byte-identical across runs.
Only absolute http(s) URLs are written; a private join link never is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stievents.model import (
    Classification,
    Event,
    Organiser,
    Person,
    PolicyQuestion,
    Reference,
    Relation,
    Session,
    Venue,
    VirtualLocation,
)
from stievents.plugin_types import ExportContext
from stievents_jsonld import _ids, _schedule, _vocab
from stievents_jsonld._when import write_temporal as temporal

Node = dict[str, Any]
_TEXT_FIELDS = (("name", "title"), ("disambiguatingDescription", "subtitle"), ("description", "description"))


def document(events: Sequence[Event], context: ExportContext) -> Node:
    """One Event node with ``@context``, or a ``@graph`` of them when there are several (or none)."""
    nodes = [event_node(event, context) for event in events]
    if len(nodes) == 1:
        return {"@context": _vocab.CONTEXT, **nodes[0]}
    return {"@context": _vocab.CONTEXT, "@graph": nodes}


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _put(node: Node, key: str, value: Any) -> None:
    if value is None or value == [] or value == "":
        return
    node[key] = value


def _texts(main: str | None, language: str | None, translated: list[tuple[str, str]], tagged: bool) -> Any:
    """A plain string, or language-tagged values when the event has translations (``tagged``)."""
    values: list[Any] = []
    if main is not None:
        values.append({"@value": main, "@language": language} if tagged and language else main)
    values.extend({"@value": text, "@language": tag} for tag, text in translated)
    return _one_or_many(values) if values else None


def event_node(event: Event, context: ExportContext) -> Node:
    """The schema.org Event for one model event."""
    iri = _ids.event_iri(event, context)
    kind = _vocab.TYPE_TO_SCHEMA.get(event.event_type, "Event") if event.event_type is not None else "Event"
    node: Node = {"@type": kind}
    node["@id"] = iri
    node["identifier"] = event.id
    language = event.text_language
    tagged = bool(event.translations)
    for prop, field in _TEXT_FIELDS:
        translated = [(t.language, getattr(t, field)) for t in event.translations if getattr(t, field)]
        value = _texts(getattr(event, field), language, translated, tagged)
        if value is not None:  # an empty description is written as "" so that it reads back as ""
            node[prop] = value
    node["startDate"] = temporal(event.start)
    node["endDate"] = temporal(event.end)
    node["eventStatus"] = _vocab.SCHEMA + _vocab.STATUS_TO_SCHEMA[event.status]
    if event.previous_start is not None:
        node["previousStartDate"] = temporal(event.previous_start)
    if event.attendance_mode is not None:
        node["eventAttendanceMode"] = _vocab.SCHEMA + _vocab.MODE_TO_SCHEMA[event.attendance_mode]
    _put(node, "eventSchedule", _schedule.schedule_of(event))
    locations: list[Node] = []
    if event.venue is not None:
        locations.append(_place(event.venue, iri))
    if event.virtual_location is not None:
        locations.append(_virtual(event.virtual_location))
    _put(node, "location", _one_or_many(locations) if locations else None)
    for prop, roles in _vocab.ROLE_PROPERTIES:
        orgs = [_organisation(o, iri, i) for i, o in enumerate(event.organisers) if set(o.roles) & set(roles)]
        _put(node, prop, _one_or_many(orgs) if orgs else None)
    people = _people_index(event)
    speakers = [p for s in event.sessions for p in s.speakers]
    performers: list[Node] = []
    for person in speakers:
        item = _person(person, iri, people)
        if item not in performers:
            performers.append(item)
    _put(node, "performer", performers)
    _put(node, "inLanguage", _one_or_many([u.tag for u in event.languages]) if event.languages else None)
    _put(node, "keywords", list(event.topics))
    about = [_term(c) for c in event.classifications] + [
        _question(q, iri, i) for i, q in enumerate(event.policy_questions)
    ]
    _put(node, "about", about)
    _put(node, "audience", [{"@type": "Audience", "audienceType": a} for a in event.audience])
    registration = event.registration
    if registration is not None:
        if registration.free is not None:
            node["isAccessibleForFree"] = registration.free
        offer: Node = {"@type": "Offer"}
        _put(offer, "url", registration.url)
        if registration.free:
            offer["price"] = 0
        if registration.deadline is not None:
            offer["validThrough"] = temporal(registration.deadline)
        if len(offer) > 1:
            node["offers"] = offer
    _put(node, "url", event.url)
    if event.image is not None:
        image: Any = event.image.url
        if event.image.alt is not None:
            image = {"@type": "ImageObject", "url": event.image.url, "caption": event.image.alt}
        node["image"] = image
    series = [r for r in event.related_events if r.relation is Relation.SERIES]
    supers = []
    for related in series:
        link: Node = {"@type": "EventSeries", "@id": _ids.standalone_iri(related.id, context), "identifier": related.id}
        _put(link, "name", related.title)
        _put(link, "url", related.url)
        supers.append(link)
    _put(node, "superEvent", _one_or_many(supers) if supers else None)
    _put(node, "subEvent", [_session(s, event, iri, people) for s in event.sessions])
    _put(node, "subjectOf", [_reference(r) for r in event.references])
    return node


def _place(venue: Venue, parent: str) -> Node:
    place: Node = {"@type": "Place", "@id": _ids.child_iri(parent, "place", "venue")}
    _put(place, "name", venue.name)
    address: Node = {"@type": "PostalAddress"}
    _put(address, "streetAddress", venue.street)
    _put(address, "addressLocality", venue.locality)
    _put(address, "addressRegion", venue.region)
    _put(address, "postalCode", venue.postal_code)
    _put(address, "addressCountry", venue.country)
    if len(address) > 1:
        place["address"] = address
    if venue.geo is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.geo.latitude, "longitude": venue.geo.longitude}
    rooms = [_room(parent, index, name) for index, name in enumerate(venue.rooms)]
    _put(place, "containsPlace", rooms)
    return place


def _room(parent: str, index: int, name: str) -> Node:
    return {"@type": "Place", "@id": _ids.child_iri(parent, "room", str(index + 1)), "name": name}


def _virtual(virtual: VirtualLocation) -> Node:
    node: Node = {"@type": "VirtualLocation"}
    _put(node, "name", virtual.platform)
    if virtual.join_url_public:
        _put(node, "url", virtual.url)
    return node


def _organisation(organiser: Organiser, parent: str, index: int) -> Node:
    iri = _ids.child_iri(parent, "organiser", str(index + 1))
    node: Node = {"@type": "Organization", "@id": iri, "name": organiser.name}
    _put(node, "alternateName", organiser.acronym)
    _put(node, "url", organiser.url)
    _put(node, "identifier", organiser.ror)
    _put(node, "sameAs", organiser.ror)
    if organiser.country is not None:
        node["address"] = {"@type": "PostalAddress", "addressCountry": organiser.country}
    return node


def _people_index(event: Event) -> dict[tuple[str, str | None], int]:
    return {(p.name, p.affiliation): i + 1 for i, p in enumerate(event.iter_people())}


def _person(person: Person, parent: str, people: dict[tuple[str, str | None], int]) -> Node:
    number = people[(person.name, person.affiliation)]
    node: Node = {"@type": "Person", "@id": _ids.child_iri(parent, "person", str(number)), "name": person.name}
    if person.affiliation is not None:
        node["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    _put(node, "url", person.url)
    return node


def _term(classification: Classification) -> Node:
    term_set: Node = {"@type": "DefinedTermSet", "identifier": classification.scheme}
    _put(term_set, "version", classification.edition)
    node: Node = {"@type": "DefinedTerm", "termCode": classification.code}
    _put(node, "name", classification.label)
    node["inDefinedTermSet"] = term_set
    return node


def question_iri(parent: str, question: PolicyQuestion, index: int) -> str:
    """The ``@id`` of a policy question: by its id, else by its position."""
    return _ids.child_iri(parent, "question", question.id or f"n{index + 1}")


def _question(question: PolicyQuestion, parent: str, index: int) -> Node:
    node: Node = {"@type": "Question", "@id": question_iri(parent, question, index)}
    _put(node, "identifier", question.id)
    node["text"] = question.text
    _put(node, "about", [_term(c) for c in question.classifications])
    return node


def _session(session: Session, event: Event, parent: str, people: dict[tuple[str, str | None], int]) -> Node:
    node: Node = {"@type": "Event", "@id": _ids.child_iri(parent, "session", session.id), "identifier": session.id}
    node["name"] = session.title
    _put(node, "description", session.description)
    if session.start is not None:
        node["startDate"] = temporal(session.start)
    if session.end is not None:
        node["endDate"] = temporal(session.end)
    locations: list[Node] = []
    if session.room is not None:
        rooms = event.venue.rooms if event.venue else ()
        room: Node = {"@type": "Place"}
        if session.room in rooms:
            room["@id"] = _ids.child_iri(parent, "room", str(rooms.index(session.room) + 1))
        room["name"] = session.room
        if event.venue is not None:
            room["containedInPlace"] = {"@id": _ids.child_iri(parent, "place", "venue")}
        locations.append(room)
    if session.virtual_location is not None:
        locations.append(_virtual(session.virtual_location))
    _put(node, "location", _one_or_many(locations) if locations else None)
    _put(node, "performer", [_person(p, parent, people) for p in session.speakers])
    _put(node, "contributor", [_person(p, parent, people) for p in (*session.chairs, *session.moderators)])
    questions = {q.id: i for i, q in enumerate(event.policy_questions) if q.id}
    _put(
        node,
        "about",
        [
            {"@id": question_iri(parent, event.policy_questions[questions[qid]], questions[qid])}
            for qid in session.policy_question_ids
            if qid in questions
        ],
    )
    return node


def _reference(reference: Reference) -> Node:
    node: Node = {"@type": "CreativeWork", "name": reference.title or reference.citation}
    if reference.title is not None:
        node["alternateName"] = reference.citation
    _put(node, "author", reference.author)
    if reference.year is not None:
        node["datePublished"] = f"{reference.year:04d}"
    _put(node, "url", reference.url)
    if reference.doi is not None:
        node["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": reference.doi}
    return node

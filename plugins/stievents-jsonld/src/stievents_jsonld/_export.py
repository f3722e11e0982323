"""Model -> schema.org JSON-LD: one mapping, written either as plain dicts or straight as JSON text.

The mapping (which property, in which order, under which condition) is written
once, below, against a small output interface (:class:`_Out`). Two outputs run
it: :class:`_Dicts` builds plain dicts (the reference, and what the ``google``
profile checks), :class:`_Text` writes the JSON text of the same node directly,
``json.dumps(node, ensure_ascii=False, indent=2)`` byte for byte, without
building the node first. Why both: the text writer is the export's hot path
(the stdlib's indented encoder is pure Python and would walk a tree built only
to be thrown away); the dicts are what other code inspects. The tests check
that the two agree on the golden files and on generated events.

Key order is the order of the calls below (``@context``, ``@type``, ``@id``,
then properties in mapping-table order), so output is byte-identical across
runs. Only absolute http(s) URLs are written; a private join link never is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from json.encoder import encode_basestring
from typing import Any, Protocol

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
from stievents_jsonld._terms import Terms, labels
from stievents_jsonld._when import write_temporal as temporal

__all__ = ["document", "document_chunks", "event_node", "event_text", "question_iri"]

Node = dict[str, Any]
_TEXT_FIELDS = (("name", "title"), ("disambiguatingDescription", "subtitle"), ("description", "description"))


# ------------------------------------------------------------------ the two outputs


class _Out(Protocol):
    """Where the mapping writes one JSON object, member by member, in order."""

    def put(self, key: str, value: Any) -> None:
        """A member whose value is plain data (text, number, boolean, or small lists and dicts of them)."""

    def opt(self, key: str, value: Any) -> None:
        """As :meth:`put`, but nothing is written for ``None``, ``[]`` or ``""``."""

    def one(self, key: str, build: Callable[..., None], *args: Any) -> None:
        """A member whose value is the node ``build(out, *args)`` writes."""

    def many(self, key: str, items: list[tuple[Callable[..., None], tuple[Any, ...]]], single: bool = True) -> None:
        """A list of nodes (``build(out, *args)`` each); none: nothing; one, when ``single``: that node alone."""


class _Dicts:
    """Builds the plain dict of a node (the reference output)."""

    __slots__ = ("node",)

    def __init__(self) -> None:
        self.node: Node = {}

    def put(self, key: str, value: Any) -> None:
        self.node[key] = value

    def opt(self, key: str, value: Any) -> None:
        if value is None or value == [] or value == "":
            return
        self.node[key] = value

    def one(self, key: str, build: Callable[..., None], *args: Any) -> None:
        self.node[key] = _built(build, args)

    def many(self, key: str, items: list[tuple[Callable[..., None], tuple[Any, ...]]], single: bool = True) -> None:
        if not items:
            return
        nodes = [_built(build, args) for build, args in items]
        self.node[key] = nodes[0] if single and len(nodes) == 1 else nodes


def _built(build: Callable[..., None], args: tuple[Any, ...]) -> Node:
    out = _Dicts()
    build(out, *args)
    return out.node


class _Keys(dict[str, str]):
    """``"key": `` for each member name, encoded once."""

    def __missing__(self, key: str) -> str:
        text = self[key] = encode_basestring(key) + ": "
        return text


_KEY = _Keys()


class _Text:
    """Writes the JSON text of a node at the indentation of ``nl`` (a newline and spaces), as ``json.dumps``."""

    __slots__ = ("inner", "members", "nl")

    def __init__(self, nl: str) -> None:
        self.nl = nl
        self.inner = nl + "  "
        self.members: list[str] = []

    def text(self) -> str:
        if not self.members:
            return "{}"
        inner = self.inner
        return "{" + inner + ("," + inner).join(self.members) + self.nl + "}"

    def put(self, key: str, value: Any) -> None:
        self.members.append(
            _KEY[key] + (encode_basestring(value) if value.__class__ is str else plain(value, self.inner))
        )

    def opt(self, key: str, value: Any) -> None:
        if value is None or value == [] or value == "":
            return
        self.members.append(
            _KEY[key] + (encode_basestring(value) if value.__class__ is str else plain(value, self.inner))
        )

    def one(self, key: str, build: Callable[..., None], *args: Any) -> None:
        out = _Text(self.inner)
        build(out, *args)
        self.members.append(_KEY[key] + out.text())

    def many(self, key: str, items: list[tuple[Callable[..., None], tuple[Any, ...]]], single: bool = True) -> None:
        if not items:
            return
        if single and len(items) == 1:
            build, args = items[0]
            self.one(key, build, *args)
            return
        nl = self.inner + "  "
        texts = []
        for build, args in items:
            out = _Text(nl)
            build(out, *args)
            texts.append(out.text())
        self.members.append(_KEY[key] + "[" + nl + ("," + nl).join(texts) + self.inner + "]")


def plain(value: Any, nl: str) -> str:
    """Plain data as ``json.dumps(value, ensure_ascii=False, indent=2)`` gives it, at the indentation of ``nl``."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (_INFINITY, -_INFINITY):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    inner = nl + "  "
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(plain(v, inner) for v in value) + nl + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        members = ("," + inner).join(_KEY[k] + plain(v, inner) for k, v in value.items())
        return "{" + inner + members + nl + "}"
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


_INFINITY = float("inf")


# ------------------------------------------------------------------ documents


def document(events: Sequence[Event], context: ExportContext) -> Node:
    """One Event node with ``@context``, or a ``@graph`` of them when there are several (or none)."""
    terms = Terms()
    if len(events) == 1:
        out = _Dicts()
        out.put("@context", _vocab.CONTEXT)
        _event(out, events[0], context, terms)
        return out.node
    return {"@context": _vocab.CONTEXT, "@graph": [event_node(event, context, terms) for event in events]}


def event_node(event: Event, context: ExportContext, terms: Terms | None = None) -> Node:
    """The schema.org Event for one model event, as plain dicts (``terms``: the schemes, looked up if not given)."""
    out = _Dicts()
    _event(out, event, context, terms or Terms())
    return out.node


def event_text(event: Event, context: ExportContext, nl: str = "\n", terms: Terms | None = None) -> str:
    """The JSON text of :func:`event_node` at the indentation of ``nl``, written without building it."""
    out = _Text(nl)
    _event(out, event, context, terms or Terms())
    return out.text()


_CHUNK_CHARS = 64 * 1024


def document_chunks(events: Sequence[Event], context: ExportContext) -> Iterator[str]:
    """The text of :func:`document` (``json.dumps(..., ensure_ascii=False, indent=2)``) in pieces of about 64 KiB.

    At most one event's text and one piece are held at a time. No final newline.
    """
    terms = Terms()  # the schemes, once for the whole document
    if len(events) == 1:
        out = _Text("\n")
        out.put("@context", _vocab.CONTEXT)
        _event(out, events[0], context, terms)
        yield out.text()
        return
    head = "{\n  " + _KEY["@context"] + encode_basestring(_vocab.CONTEXT) + ",\n  " + _KEY["@graph"]
    if not events:
        yield head + "[]\n}"
        return
    pending = [head + "["]
    size = 0
    separator = "\n    "
    for event in events:
        text = event_text(event, context, "\n    ", terms)
        pending.append(separator)
        pending.append(text)
        size += len(text)
        separator = ",\n    "
        if size >= _CHUNK_CHARS:
            yield "".join(pending)
            pending.clear()
            size = 0
    pending.append("\n  ]\n}")
    yield "".join(pending)


# ------------------------------------------------------------------ the mapping


def _texts(main: str | None, language: str | None, translated: list[tuple[str, str]], tagged: bool) -> Any:
    """A plain string, or language-tagged values when the event has translations (``tagged``)."""
    values: list[Any] = []
    if main is not None:
        values.append({"@value": main, "@language": language} if tagged and language else main)
    values.extend({"@value": text, "@language": tag} for tag, text in translated)
    if not values:
        return None
    return values[0] if len(values) == 1 else values


def _event(out: _Out, event: Event, context: ExportContext, terms: Terms) -> None:
    """The schema.org Event for one model event."""
    iri = _ids.event_iri(event, context)
    kind = _vocab.TYPE_TO_SCHEMA.get(event.event_type, "Event") if event.event_type is not None else "Event"
    out.put("@type", kind)
    out.put("@id", iri)
    out.put("identifier", event.id)
    language = event.text_language
    translations = event.translations
    tagged = bool(translations)
    for prop, field in _TEXT_FIELDS:
        translated = [(t.language, getattr(t, field)) for t in translations if getattr(t, field)] if tagged else []
        value = _texts(getattr(event, field), language, translated, tagged)
        if value is not None:  # an empty description is written as "" so that it reads back as ""
            out.put(prop, value)
    out.put("startDate", temporal(event.start))
    out.put("endDate", temporal(event.end))
    out.put("eventStatus", _vocab.SCHEMA + _vocab.STATUS_TO_SCHEMA[event.status])
    if event.previous_start is not None:
        out.put("previousStartDate", temporal(event.previous_start))
    if event.attendance_mode is not None:
        out.put("eventAttendanceMode", _vocab.SCHEMA + _vocab.MODE_TO_SCHEMA[event.attendance_mode])
    out.opt("eventSchedule", _schedule.schedule_of(event))
    locations: list[tuple[Callable[..., None], tuple[Any, ...]]] = []
    if event.venue is not None:
        locations.append((_place, (event.venue, iri)))
    if event.virtual_location is not None:
        locations.append((_virtual, (event.virtual_location,)))
    out.many("location", locations)
    for prop, roles in _vocab.ROLE_PROPERTIES:
        out.many(
            prop,
            [
                (_organisation, (o, iri, i))
                for i, o in enumerate(event.organisers)
                if not set(o.roles).isdisjoint(roles)
            ],
        )
    people = _people_index(event)
    performers: dict[tuple[str, str | None, str | None], tuple[Callable[..., None], tuple[Any, ...]]] = {}
    for session in event.sessions:
        for person in session.speakers:
            performers.setdefault(_person_key(person), (_person, (person, iri, people)))
    out.many("performer", list(performers.values()), single=False)
    if event.languages:
        tags = [u.tag for u in event.languages]
        out.opt("inLanguage", tags[0] if len(tags) == 1 else tags)
    # the classifications' labels follow the topics (the importer takes them off again: see _terms)
    out.opt(
        "keywords",
        [*event.topics, *labels(event.classifications, terms)] if event.classifications else list(event.topics),
    )
    about: list[tuple[Callable[..., None], tuple[Any, ...]]] = [(_term, (c, terms)) for c in event.classifications]
    about += [(_question, (q, iri, i, terms)) for i, q in enumerate(event.policy_questions)]
    out.many("about", about, single=False)
    out.opt("audience", [{"@type": "Audience", "audienceType": a} for a in event.audience])
    registration = event.registration
    if registration is not None:
        if registration.free is not None:
            out.put("isAccessibleForFree", registration.free)
        if registration.url or registration.free or registration.deadline is not None:  # the Offer says something
            out.one("offers", _offer, registration)
    out.opt("url", event.url)
    if event.image is not None:
        if event.image.alt is not None:
            out.put("image", {"@type": "ImageObject", "url": event.image.url, "caption": event.image.alt})
        else:
            out.put("image", event.image.url)
    supers = [(_series, (r, context)) for r in event.related_events if r.relation is Relation.SERIES]
    out.many("superEvent", supers)
    out.many("subEvent", [(_session, (s, event, iri, people)) for s in event.sessions], single=False)
    out.many("subjectOf", [(_reference, (r,)) for r in event.references], single=False)


def _offer(out: _Out, registration: Any) -> None:
    out.put("@type", "Offer")
    out.opt("url", registration.url)
    if registration.free:
        out.put("price", 0)
    if registration.deadline is not None:
        out.put("validThrough", temporal(registration.deadline))


def _series(out: _Out, related: Any, context: ExportContext) -> None:
    out.put("@type", "EventSeries")
    out.put("@id", _ids.standalone_iri(related.id, context))
    out.put("identifier", related.id)
    out.opt("name", related.title)
    out.opt("url", related.url)


_ADDRESS_FIELDS = (
    ("streetAddress", "street"),
    ("addressLocality", "locality"),
    ("addressRegion", "region"),
    ("postalCode", "postal_code"),
    ("addressCountry", "country"),
)


def _place(out: _Out, venue: Venue, parent: str) -> None:
    out.put("@type", "Place")
    out.put("@id", _ids.child_iri(parent, "place", "venue"))
    out.opt("name", venue.name)
    if any(getattr(venue, field) not in (None, "") for _, field in _ADDRESS_FIELDS):
        out.one("address", _address, venue)
    if venue.geo is not None:
        out.put("geo", {"@type": "GeoCoordinates", "latitude": venue.geo.latitude, "longitude": venue.geo.longitude})
    out.many("containsPlace", [(_room, (parent, i, name)) for i, name in enumerate(venue.rooms)], single=False)


def _address(out: _Out, venue: Venue) -> None:
    out.put("@type", "PostalAddress")
    for prop, field in _ADDRESS_FIELDS:
        out.opt(prop, getattr(venue, field))


def _room(out: _Out, parent: str, index: int, name: str) -> None:
    out.put("@type", "Place")
    out.put("@id", _ids.child_iri(parent, "room", str(index + 1)))
    out.put("name", name)


def _virtual(out: _Out, virtual: VirtualLocation) -> None:
    out.put("@type", "VirtualLocation")
    out.opt("name", virtual.platform)
    if virtual.join_url_public:
        out.opt("url", virtual.url)


def _organisation(out: _Out, organiser: Organiser, parent: str, index: int) -> None:
    out.put("@type", "Organization")
    out.put("@id", _ids.child_iri(parent, "organiser", str(index + 1)))
    out.put("name", organiser.name)
    out.opt("alternateName", organiser.acronym)
    out.opt("url", organiser.url)
    out.opt("identifier", organiser.ror)
    out.opt("sameAs", organiser.ror)
    if organiser.country is not None:
        out.put("address", {"@type": "PostalAddress", "addressCountry": organiser.country})


def _people_index(event: Event) -> dict[tuple[str, str | None], int]:
    return {(p.name, p.affiliation): i + 1 for i, p in enumerate(event.iter_people())}


def _person_key(person: Person) -> tuple[str, str | None, str | None]:
    """What a Person node says (its ``@id`` follows from name and affiliation): equal keys, equal nodes."""
    return (person.name, person.affiliation, person.url or None)


def _person(out: _Out, person: Person, parent: str, people: dict[tuple[str, str | None], int]) -> None:
    number = people[(person.name, person.affiliation)]
    out.put("@type", "Person")
    out.put("@id", _ids.child_iri(parent, "person", str(number)))
    out.put("name", person.name)
    if person.affiliation is not None:
        out.put("affiliation", {"@type": "Organization", "name": person.affiliation})
    out.opt("url", person.url)


def _term(out: _Out, classification: Classification, terms: Terms) -> None:
    """A DefinedTerm: ``@id`` the code's IRI where its scheme gives one, the set's ``@id``/``url`` the scheme's."""
    out.put("@type", "DefinedTerm")
    scheme = terms.scheme(classification)
    code_iri = scheme.code_iri(classification.code) if scheme is not None else None
    if code_iri is not None:
        out.put("@id", code_iri)
    out.put("termCode", classification.code)
    out.opt("name", classification.label)  # its own label only: the scheme's is in keywords (and at the @id)
    term_set: Node = {"@type": "DefinedTermSet"}
    if scheme is not None and scheme.iri:
        term_set["@id"] = scheme.iri
    term_set["identifier"] = classification.scheme
    if scheme is not None and scheme.url:
        term_set["url"] = scheme.url
    if classification.edition:
        term_set["version"] = classification.edition
    out.put("inDefinedTermSet", term_set)


def question_iri(parent: str, question: PolicyQuestion, index: int) -> str:
    """The ``@id`` of a policy question: by its id, else by its position."""
    return _ids.child_iri(parent, "question", question.id or f"n{index + 1}")


def _question(out: _Out, question: PolicyQuestion, parent: str, index: int, terms: Terms) -> None:
    out.put("@type", "Question")
    out.put("@id", question_iri(parent, question, index))
    out.opt("identifier", question.id)
    out.put("text", question.text)
    out.many("about", [(_term, (c, terms)) for c in question.classifications], single=False)


def _session(out: _Out, session: Session, event: Event, parent: str, people: dict[tuple[str, str | None], int]) -> None:
    out.put("@type", "Event")
    out.put("@id", _ids.child_iri(parent, "session", session.id))
    out.put("identifier", session.id)
    out.put("name", session.title)
    out.opt("description", session.description)
    if session.start is not None:
        out.put("startDate", temporal(session.start))
    if session.end is not None:
        out.put("endDate", temporal(session.end))
    locations: list[tuple[Callable[..., None], tuple[Any, ...]]] = []
    if session.room is not None:
        locations.append((_session_room, (session.room, event, parent)))
    if session.virtual_location is not None:
        locations.append((_virtual, (session.virtual_location,)))
    out.many("location", locations)
    out.many("performer", [(_person, (p, parent, people)) for p in session.speakers], single=False)
    contributors = (*session.chairs, *session.moderators)
    out.many("contributor", [(_person, (p, parent, people)) for p in contributors], single=False)
    if session.policy_question_ids:
        questions = {q.id: i for i, q in enumerate(event.policy_questions) if q.id}
        links = [
            {"@id": question_iri(parent, event.policy_questions[questions[qid]], questions[qid])}
            for qid in session.policy_question_ids
            if qid in questions
        ]
        out.opt("about", links)


def _session_room(out: _Out, name: str, event: Event, parent: str) -> None:
    rooms = event.venue.rooms if event.venue else ()
    out.put("@type", "Place")
    if name in rooms:
        out.put("@id", _ids.child_iri(parent, "room", str(rooms.index(name) + 1)))
    out.put("name", name)
    if event.venue is not None:
        out.put("containedInPlace", {"@id": _ids.child_iri(parent, "place", "venue")})


def _reference(out: _Out, reference: Reference) -> None:
    out.put("@type", "CreativeWork")
    out.put("name", reference.title or reference.citation)
    if reference.title is not None:
        out.put("alternateName", reference.citation)
    out.opt("author", reference.author)
    if reference.year is not None:
        out.put("datePublished", f"{reference.year:04d}")
    out.opt("url", reference.url)
    if reference.doi is not None:
        out.put("identifier", {"@type": "PropertyValue", "propertyID": "DOI", "value": reference.doi})

"""The STI event model: frozen, keyword-only attrs classes and their invariants.

This module is the bottom of the architecture. It knows nothing about JSON,
TOML, iCalendar or HTML; serialisation lives in :mod:`stievents.serialize` and
formats live in plugins. Every class checks its invariants when it is built and
raises :class:`~stievents.errors.InvalidEventError` listing *every* broken rule
with the field it concerns.

The first rule is the type of each field, as annotated (:mod:`stievents._typecheck`
has the policy): an enum given as its value (``status="postponed"``) is stored as
the member, a list given for a tuple as a tuple, an int given for a float as a
float; any other wrong type is refused (``$.speakers[0]: expected a Person, got
the string 'Mathias Cormann'``), so that no object ever holds a value of another
type than its annotation says. The other rules assume those types, so an object
with a wrong type reports only its type problems (and unencodable text).

Datetimes are :class:`datetime.datetime` objects in a named IANA zone
(:class:`zoneinfo.ZoneInfo`); all-day values are :class:`datetime.date`.

One private path skips some checks: the canonical JSON reader (``stievents._fast``)
builds objects without ``__init__`` and calls ``__attrs_post_init__(_proven=True)``
when its own typed parse has proven the types, the text and the validity of each
datetime (see :class:`_Checks`). Every other rule runs; nothing else passes the flag.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import sys
import typing
from collections.abc import Callable, Iterator
from typing import TypeAlias

import attrs

from stievents import _codes, _time, _typecheck
from stievents.errors import InvalidEventError, Problem
from stievents.recurrence import Occurrence, Override, Recurrence
from stievents.text import UNENCODABLE_RE

__all__ = [
    "AttendanceMode",
    "AttendancePolicy",
    "CitedExample",
    "Classification",
    "Contact",
    "Event",
    "EventStatus",
    "EventType",
    "Geo",
    "Image",
    "LanguageRole",
    "LanguageUse",
    "Occurrence",
    "Organiser",
    "OrganiserRole",
    "Override",
    "Person",
    "Phase",
    "PolicyQuestion",
    "Project",
    "Recurrence",
    "Reference",
    "Registration",
    "RelatedEvent",
    "Relation",
    "Scope",
    "Session",
    "SessionKind",
    "StatusChange",
    "Temporal",
    "Translation",
    "Venue",
    "VirtualLocation",
    "Visibility",
    "is_country_code",
    "language_tag_problem",
]

Temporal: TypeAlias = dt.datetime | dt.date
"""An aware datetime in a named zone, or an all-day date."""


# --------------------------------------------------------------------------- enums


class EventType(enum.Enum):
    """What kind of gathering an event is."""

    WORKSHOP = "workshop"
    CONFERENCE = "conference"
    WEBINAR = "webinar"
    SEMINAR = "seminar"
    EXPERT_MEETING = "expert-meeting"
    FORUM = "forum"
    ROUNDTABLE = "roundtable"
    LECTURE = "lecture"
    HACKATHON = "hackathon"
    OTHER = "other"


class EventStatus(enum.Enum):
    """Where an event stands; the vocabulary of schema.org's EventStatusType."""

    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"
    MOVED_ONLINE = "moved-online"


class AttendanceMode(enum.Enum):
    """How people attend: at a venue, online, or both."""

    IN_PERSON = "in-person"
    ONLINE = "online"
    MIXED = "mixed"


class AttendancePolicy(enum.Enum):
    """Who may attend."""

    OPEN = "open"
    REGISTRATION_REQUIRED = "registration-required"
    INVITATION_ONLY = "invitation-only"
    CLOSED = "closed"


class Visibility(enum.Enum):
    """Who may see the event's record (distinct from who may attend)."""

    PUBLIC = "public"
    UNLISTED = "unlisted"
    PRIVATE = "private"


class Scope(enum.Enum):
    """The reach an event is announced with ("International workshop")."""

    LOCAL = "local"
    NATIONAL = "national"
    REGIONAL = "regional"
    INTERNATIONAL = "international"


class OrganiserRole(enum.Enum):
    """The part an organisation plays in an event."""

    HOST = "host"
    CO_ORGANISER = "co-organiser"
    PARTNER = "partner"
    SPONSOR = "sponsor"
    FUNDER = "funder"


class SessionKind(enum.Enum):
    """The format of one session in a programme."""

    PANEL = "panel"
    KEYNOTE = "keynote"
    INTERACTIVE = "interactive"
    PRESENTATION = "presentation"
    ROUNDTABLE = "roundtable"
    DISCUSSION = "discussion"
    WORKSHOP = "workshop"
    OPENING = "opening"
    CLOSING = "closing"
    BREAK = "break"
    NETWORKING = "networking"
    OTHER = "other"


class LanguageRole(enum.Enum):
    """How a language is used at an event."""

    SPOKEN = "spoken"
    INTERPRETATION = "interpretation"
    CAPTIONS = "captions"
    MATERIALS = "materials"


class Relation(enum.Enum):
    """How another event relates to this one."""

    SERIES = "series"
    FOLLOW_UP = "follow-up"
    FOLLOWS = "follows"
    SAME_TOPIC = "same-topic"


class Phase(enum.Enum):
    """Where an event stands relative to a moment (see :meth:`Event.phase`)."""

    UPCOMING = "upcoming"
    ONGOING = "ongoing"
    ENDED = "ended"


def is_country_code(code: str) -> bool:
    """True when ``code`` is an ISO 3166-1 alpha-2 country code (``"RU"``)."""
    return code in _codes.COUNTRY_CODES


def language_tag_problem(tag: str) -> str | None:
    """Why ``tag`` is not a usable BCP 47 language tag, or ``None`` when it is."""
    return _codes.check_language_tag(tag)


# ------------------------------------------------------------------ shared codes


def _share_code(owner: object, name: str, value: object) -> None:
    """Hold one string object per code (country, zone, language) across all events.

    Codes come from small closed vocabularies and repeat in every event of a feed:
    after the checks pass, each (``value``, the field ``name`` of ``owner``) is
    swapped for its interned twin, so 100,000 decoded events hold one ``"FR"``
    rather than 100,000 equal copies. The value, and so equality and hashing,
    never changes.
    """
    if value.__class__ is str:
        object.__setattr__(owner, name, sys.intern(value))


# ------------------------------------------------------------------ invariant kit


class _Checks:
    """Collects every broken rule of one object, so all are reported at once.

    Built with the object being checked (``_Checks(self)``), it first checks the
    type of every field and the text of every string (see :meth:`types_and_text`).
    """

    __slots__ = ("problems", "proven", "valid")

    def __init__(self, owner: object = None, proven: bool = False) -> None:
        self.problems: list[Problem] = []
        self.valid: set[int] | frozenset[int]  # ids of values temporal() found valid: window() need not ask
        # ``proven``: the canonical reader built ``owner`` (stievents._fast) and vouches that each field
        # has exactly its declared type, that each datetime is valid in its zone (it came from
        # _time.read_temporal) and that the document's text holds no character encodable() refuses.
        # Those checks are skipped then, and only those; every other rule runs. Nothing else passes it.
        self.proven = proven
        if proven:
            self.valid = _NO_IDS  # read by nothing: temporal() and window() need not ask
            return
        self.valid = set()
        if owner is not None:
            # Hot: runs for every object built. The scan generated for the class vouches for the
            # common case (every value exactly of its declared type, no string with a hit).
            scan = _SCANS.get(type(owner)) or _make_scan(type(owner))
            if not scan(owner):
                self.types_and_text(owner)

    def types_and_text(self, owner: object) -> None:
        """Check the declared type of every field, then search the text; raise now if a type is wrong.

        Types come first (:mod:`stievents._typecheck`, which also converts an
        enum's value to its member, a list to a tuple and an int to a float, on
        ``owner`` itself). The other rules of a class assume its declared types
        (``self.status.value``, ``self.revision < 0``), so a wrong type is reported
        at once, with every other wrong type and unencodable text of the object.
        """
        wrong = _typecheck.type_problems(owner)
        self.problems.extend(wrong)
        self.encodable(owner, "")
        if wrong:
            self.raise_if_any(type(owner).__name__)

    def encodable(self, owner: object, prefix: str) -> None:
        """Refuse text no format can carry in every string field: lone surrogates and C0 controls.

        A lone surrogate is not UTF-8. NUL and the other C0 control characters
        but TAB, LF and CR are forbidden in iCalendar TEXT (RFC 5545 CONTROL),
        in XML 1.0 and in HTML (parse errors), so no export could keep them.

        Nested objects check themselves when built; those without own checks
        (a recurrence's overrides) are searched here.
        """
        # The scan generated for the class (see _make_scan) vouches for the common case;
        # anything else gets the full walk below, which alone reports.
        scan = _SCANS.get(type(owner)) or _make_scan(type(owner))
        if scan(owner):
            return
        search = UNENCODABLE_RE.search
        no_text = _NO_TEXT
        for name in _FIELD_NAMES.get(type(owner)) or _field_names(type(owner)):
            value = getattr(owner, name)
            if value is None:
                continue
            kind = value.__class__
            if kind is str:
                if search(value) is not None:
                    self._encodable_text(f"{prefix}{name}", value)
            elif no_text.get(kind) or _holds_no_text(kind):
                continue
            elif isinstance(value, str):
                self._encodable_text(f"{prefix}{name}", value)
            elif isinstance(value, tuple):
                for index, item in enumerate(value):
                    if item.__class__ is str:
                        if search(item) is not None:
                            self._encodable_text(f"{prefix}{name}[{index}]", item)
                    elif no_text.get(item.__class__) or _holds_no_text(item.__class__):
                        continue
                    elif isinstance(item, str):
                        self._encodable_text(f"{prefix}{name}[{index}]", item)
                    elif attrs.has(type(item)) and not _checks_own_text(type(item)):
                        self.encodable(item, f"{prefix}{name}[{index}].")
            elif attrs.has(kind) and not _checks_own_text(kind):
                self.encodable(value, f"{prefix}{name}.")

    def _encodable_text(self, path: str, value: str) -> None:
        found = UNENCODABLE_RE.search(value)
        if found is None:
            return
        char = found.group()
        where = f"(at index {found.start()})"
        if char < "\x20":
            message = f"contains the control character U+{ord(char):04X} {where}, forbidden in iCalendar, XML and HTML"
            self.fail(path, message)
        else:
            self.fail(path, f"contains a lone surrogate U+{ord(char):04X} {where}, not encodable as UTF-8")

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=f"$.{path}", message=message))

    def text(self, path: str, value: object, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.fail(path, "is required")
            return
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {type(value).__name__}")
        elif required and not value.strip():
            self.fail(path, "must not be empty")

    def temporal(self, path: str, value: object) -> None:
        if value is not None:
            if not self.proven:
                why = _time.check_temporal(value)
                if why:
                    self.fail(path, why)
                    return
                typing.cast(set[int], self.valid).add(id(value))
            if isinstance(value, dt.date) and not (
                1 < value.year < 9999 or _FIRST_DAY <= _day(value) <= _LAST_DAY  # the year alone settles most
            ):
                # a day of margin: converting to UTC or another zone, or an exclusive end, must stay representable
                self.fail(path, f"must lie between {_FIRST_DAY} and {_LAST_DAY} (so that every zone can show it)")

    def zone(self, path: str, value: str | None) -> None:
        if value is not None and not _time.is_valid_zone(value):
            self.fail(path, f"unknown time zone {value!r}")

    def url(self, path: str, value: str | None) -> None:
        if value is not None and not _URL_RE.match(value):
            self.fail(path, f"expected an absolute http(s) URL, got {value!r}")

    def email(self, path: str, value: str | None) -> None:
        if value is not None and not _EMAIL_RE.fullmatch(value):
            self.fail(path, f"expected an e-mail address, got {value!r}")

    def language(self, path: str, value: str | None) -> None:
        if value is not None and value not in _GOOD_TAGS:
            why = _codes.check_language_tag(value)
            if why:
                self.fail(path, why)
            elif len(_GOOD_TAGS) < 1024:
                _GOOD_TAGS.add(value)  # a pure function of the tag: each good tag is checked once

    def country(self, path: str, value: str | None) -> None:
        if value is not None and value not in _codes.COUNTRY_CODES:
            self.fail(path, f"{value!r} is not an ISO 3166-1 alpha-2 country code")

    def unique(self, path: str, values: list[str], what: str) -> None:
        if len(set(values)) == len(values):
            return  # the common case, settled in C
        seen: set[str] = set()
        for index, value in enumerate(values):
            if value in seen:
                self.fail(f"{path}[{index}]", f"duplicate {what} {value!r}")
            seen.add(value)

    def window(self, start_path: str, start: object, end_path: str, end: object) -> None:
        if start is None or end is None:
            return
        valid = self.valid
        if not self.proven and (
            (id(start) not in valid and _time.check_temporal(start))
            or (id(end) not in valid and _time.check_temporal(end))
        ):
            return
        assert isinstance(start, dt.date)
        assert isinstance(end, dt.date)
        if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            self.fail(end_path, f"must be of the same kind as {start_path} (both dates or both datetimes)")
        elif end < start:
            self.fail(end_path, f"must not be before {start_path}")

    def raise_if_any(self, owner: str) -> None:
        if self.problems:
            raise InvalidEventError(self.problems, summary=_summary(owner, self.problems))


_NO_IDS: frozenset[int] = frozenset()
_GOOD_TAGS: set[str] = set()
"""Language tags :func:`stievents._codes.check_language_tag` accepted: a feed repeats a few."""
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_NO_TEXT: dict[type, bool] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """The attrs field names of ``cls``, looked up once per class."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(field.name for field in attrs.fields(cls))
    return names


_SCANS: dict[type, Callable[[object], bool]] = {}


def _make_scan(cls: type) -> Callable[[object], bool]:
    """Generate ``scan(obj)``: True when every field of ``obj`` has exactly its declared type and no text to report.

    One walk serves both checks every object needs when it is built: the type
    check of :mod:`stievents._typecheck` and the search of :meth:`_Checks.encodable`
    (which a nested object that does not search its own text, a recurrence, gets too).
    False sends the object to :meth:`_Checks.types_and_text`, which alone reports.
    """
    scan = _typecheck.generate_check(cls, search=UNENCODABLE_RE.search, nested=_nested_scan)
    _SCANS[cls] = scan
    return scan


def _nested_scan(kind: type) -> Callable[[object], bool] | None:
    """The scan a nested object of class ``kind`` needs from its holder: none if it searches its own text."""
    if _checks_own_text(kind):
        return None
    return _SCANS.get(kind) or _make_scan(kind)


def _checks_own_text(kind: type) -> bool:
    """True for the classes of this module: each builds ``_Checks(self)``, which searches its text.

    The recurrence's classes check only their types when built (:mod:`stievents.recurrence`
    is below this module); their text is searched by the event that holds them.
    """
    return kind.__module__ == __name__ and hasattr(kind, "__attrs_post_init__")


def _holds_no_text(kind: type) -> bool:
    """True when values of class ``kind`` hold no text :meth:`_Checks.encodable` must search (memoised)."""
    known = _NO_TEXT.get(kind)
    if known is None:
        searched = issubclass(kind, str | tuple) or (attrs.has(kind) and not _checks_own_text(kind))
        known = _NO_TEXT[kind] = not searched
    return known


def _summary(owner: str, problems: list[Problem]) -> str:
    return f"invalid {owner}: " + "; ".join(f"{p.path[2:]}: {p.message}" for p in problems)


_FIRST_DAY = dt.date(1, 1, 2)
_LAST_DAY = dt.date(9999, 12, 30)


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


_URL_RE = re.compile(r"https?://[^\s/?#]+[^\s]*\Z")
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ROR_RE = re.compile(r"https://ror\.org/0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}")
_DOI_RE = re.compile(r"10\.\d{4,9}/\S+")
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}")


_GOOD_IDS: set[str] = set()
"""Ids ``_ID_RE`` accepted lately: session and question ids (``s1``, ``q1``) repeat from event to event."""


def _check_id(checks: _Checks, path: str, value: str | None, *, required: bool = False) -> None:
    if value is None:
        if required:
            checks.fail(path, "is required")
    elif value.__class__ is str and value in _GOOD_IDS:
        return
    elif isinstance(value, str) and _ID_RE.fullmatch(value):
        if len(_GOOD_IDS) >= 256:  # small: the ids of one event follow each other
            _GOOD_IDS.clear()
        _GOOD_IDS.add(value)
    else:
        checks.fail(
            path,
            f"expected an id of letters, digits, '.', '_', ':' or '-' (at most 200), got {value!r}",
        )


# ------------------------------------------------------------------ small values


@attrs.frozen(kw_only=True)
class Geo:
    """A WGS 84 point."""

    latitude: float
    longitude: float

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        if not -90.0 <= self.latitude <= 90.0:
            checks.fail("latitude", "must be between -90 and 90")
        if not -180.0 <= self.longitude <= 180.0:
            checks.fail("longitude", "must be between -180 and 180")
        checks.raise_if_any("Geo")


@attrs.frozen(kw_only=True)
class Image:
    """An illustration of the event, with its text alternative."""

    url: str
    alt: str | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.url("url", self.url)
        checks.raise_if_any("Image")


@attrs.frozen(kw_only=True)
class Translation:
    """The event's text fields in another language (BCP 47 tag)."""

    language: str
    title: str | None = None
    subtitle: str | None = None
    description: str | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.language("language", self.language)
        if self.title is None and self.subtitle is None and self.description is None:
            checks.fail("title", "a translation needs at least one translated text")
        checks.raise_if_any("Translation")
        _share_code(self, "language", self.language)


@attrs.frozen(kw_only=True)
class StatusChange:
    """One step in an event's status history, e.g. a move online and why."""

    status: EventStatus
    reason: str | None = None
    previous_start: Temporal | None = None
    previous_end: Temporal | None = None
    changed_at: dt.datetime | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.temporal("previous_start", self.previous_start)
        checks.temporal("previous_end", self.previous_end)
        checks.temporal("changed_at", self.changed_at)
        checks.window("previous_start", self.previous_start, "previous_end", self.previous_end)
        checks.raise_if_any("StatusChange")


@attrs.frozen(kw_only=True)
class Classification:
    """A code from a classification scheme, e.g. UN SDG 9 or a STIP Compass theme."""

    scheme: str
    code: str
    label: str | None = None
    edition: str | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.text("scheme", self.scheme, required=True)
        checks.text("code", self.code, required=True)
        checks.raise_if_any("Classification")


@attrs.frozen(kw_only=True)
class PolicyQuestion:
    """A policy question the event (or a session) sets out to address."""

    id: str | None = None
    text: str
    classifications: tuple[Classification, ...] = ()

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.text("text", self.text, required=True)
        _check_id(checks, "id", self.id)
        checks.raise_if_any("PolicyQuestion")


@attrs.frozen(kw_only=True)
class Organiser:
    """An organisation behind the event and the roles it plays."""

    name: str
    roles: tuple[OrganiserRole, ...] = (OrganiserRole.CO_ORGANISER,)
    acronym: str | None = None
    country: str | None = None
    url: str | None = None
    ror: str | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.text("name", self.name, required=True)
        if not self.roles:
            checks.fail("roles", "an organiser needs at least one role")
        if len(self.roles) > 1:  # one role is unique: spares reading .value, a Python-level property
            checks.unique("roles", [r.value for r in self.roles], "role")
        checks.country("country", self.country)
        checks.url("url", self.url)
        if self.ror is not None and not _ROR_RE.fullmatch(self.ror):
            checks.fail("ror", f"expected a ROR id such as https://ror.org/05hqf1284, got {self.ror!r}")
        checks.raise_if_any("Organiser")
        _share_code(self, "country", self.country)


@attrs.frozen(kw_only=True)
class Person:
    """A speaker, chair or moderator, with the affiliation shown beside the name."""

    name: str
    affiliation: str | None = None
    email: str | None = None
    url: str | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.text("name", self.name, required=True)
        checks.email("email", self.email)
        checks.url("url", self.url)
        checks.raise_if_any("Person")


@attrs.frozen(kw_only=True)
class Contact:
    """Whom to ask about the event."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    role: str | None = None
    organisation: str | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        if self.name is None and self.email is None and self.phone is None:
            checks.fail("name", "a contact needs a name, an e-mail address or a phone number")
        checks.email("email", self.email)
        if self.phone is not None and not re.fullmatch(r"\+?[0-9 ()./\-]{3,40}", self.phone):
            checks.fail("phone", f"expected a phone number, got {self.phone!r}")
        checks.raise_if_any("Contact")


@attrs.frozen(kw_only=True)
class Venue:
    """A physical place; ``timezone`` is the venue's own IANA zone."""

    name: str | None = None
    street: str | None = None
    locality: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    geo: Geo | None = None
    timezone: str | None = None
    rooms: tuple[str, ...] = ()

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        if self.name is None and self.locality is None and self.street is None and self.geo is None:
            checks.fail("name", "a venue needs a name, a street, a locality or a geo point")
        checks.country("country", self.country)
        checks.zone("timezone", self.timezone)
        checks.unique("rooms", list(self.rooms), "room")
        checks.raise_if_any("Venue")
        _share_code(self, "country", self.country)
        _share_code(self, "timezone", self.timezone)


@attrs.frozen(kw_only=True)
class VirtualLocation:
    """Online access; ``join_url_public`` says whether the join link may be published."""

    url: str | None = None
    platform: str | None = None
    join_url_public: bool = False

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.url("url", self.url)
        if self.join_url_public and self.url is None:
            checks.fail("join_url_public", "a join link can only be public when there is a url")
        checks.raise_if_any("VirtualLocation")


@attrs.frozen(kw_only=True)
class LanguageUse:
    """A language of the event (BCP 47) and how it is used (spoken, interpretation...)."""

    tag: str
    role: LanguageRole = LanguageRole.SPOKEN

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.language("tag", self.tag)
        checks.raise_if_any("LanguageUse")
        _share_code(self, "tag", self.tag)


@attrs.frozen(kw_only=True)
class Registration:
    """How to register, and whether attendance is free of charge."""

    url: str | None = None
    deadline: Temporal | None = None
    free: bool | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.url("url", self.url)
        checks.temporal("deadline", self.deadline)
        checks.raise_if_any("Registration")


@attrs.frozen(kw_only=True)
class Project:
    """The programme or project an event belongs to."""

    name: str
    id: str | None = None
    organisation: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    url: str | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.text("name", self.name, required=True)
        _check_id(checks, "id", self.id)
        checks.url("url", self.url)
        for name in ("start_year", "end_year"):
            year = getattr(self, name)
            if year is not None and not 1 <= year <= 9999:
                checks.fail(name, "must be a year between 1 and 9999")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            checks.fail("end_year", "must not be before start_year")
        checks.raise_if_any("Project")


@attrs.frozen(kw_only=True)
class Reference:
    """A work the event text cites (``OECD (2013)``), with its DOI or URL when known."""

    citation: str
    author: str | None = None
    year: int | None = None
    title: str | None = None
    url: str | None = None
    doi: str | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.text("citation", self.citation, required=True)
        checks.url("url", self.url)
        if self.year is not None and not 1 <= self.year <= 9999:
            checks.fail("year", "must be a year between 1 and 9999")
        if self.doi is not None and not _DOI_RE.fullmatch(self.doi):
            checks.fail("doi", f"expected a DOI such as 10.1787/9789264193307-en, got {self.doi!r}")
        checks.raise_if_any("Reference")


@attrs.frozen(kw_only=True)
class CitedExample:
    """An initiative the event text names as an example (e.g. the MIT-IBM Watson AI Lab)."""

    name: str
    url: str | None = None
    description: str | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        checks.text("name", self.name, required=True)
        checks.url("url", self.url)
        checks.raise_if_any("CitedExample")


@attrs.frozen(kw_only=True)
class RelatedEvent:
    """A link to another event by id, with how the two relate."""

    id: str
    relation: Relation = Relation.SAME_TOPIC
    title: str | None = None
    url: str | None = None

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        _check_id(checks, "id", self.id, required=True)
        checks.url("url", self.url)
        checks.raise_if_any("RelatedEvent")


# ------------------------------------------------------------------ sessions


@attrs.frozen(kw_only=True)
class Session:
    """One item of an event's programme.

    Scheduling is one of: ``start`` and ``end`` datetimes (timed), a ``start``
    date alone (only its day is known), or neither (unscheduled).
    """

    id: str
    title: str
    kind: SessionKind = SessionKind.OTHER
    description: str | None = None
    start: Temporal | None = None
    end: dt.datetime | None = None
    room: str | None = None
    virtual_location: VirtualLocation | None = None
    chairs: tuple[Person, ...] = ()
    moderators: tuple[Person, ...] = ()
    speakers: tuple[Person, ...] = ()
    policy_question_ids: tuple[str, ...] = ()

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        _check_id(checks, "id", self.id, required=True)
        checks.text("title", self.title, required=True)
        checks.temporal("start", self.start)
        checks.temporal("end", self.end)
        if self.end is not None and not isinstance(self.start, dt.datetime):
            checks.fail("end", "an end needs a start datetime")
        if self.end is not None and not isinstance(self.end, dt.datetime):
            checks.fail("end", "expected an aware datetime")
        checks.window("start", self.start, "end", self.end)
        checks.raise_if_any("Session")

    @property
    def is_scheduled(self) -> bool:
        """True when the session has at least a day."""
        return self.start is not None

    @property
    def is_timed(self) -> bool:
        """True when the session has a start time (not just a day)."""
        return isinstance(self.start, dt.datetime)

    @property
    def people(self) -> tuple[Person, ...]:
        """Chairs, moderators and speakers, in that order."""
        return self.chairs + self.moderators + self.speakers


# ------------------------------------------------------------------ the event


@attrs.frozen(kw_only=True)
class Event:
    """A science, technology and innovation policy event.

    ``start``/``end`` are either aware datetimes in the zone the event is
    *published* in (which may differ from ``venue.timezone``), or dates for an
    all-day event, ``end`` then being the last day (inclusive).

    ``id`` is ours: short, safe in file names and URLs. ``uid`` is the globally
    unique identifier the event's source gave it (an iCalendar ``UID`` such as
    ``allday-1@example.org``), kept byte for byte so that a feed exported again
    still updates the entries its subscribers hold; ``None`` for events born here.
    """

    id: str
    uid: str | None = None
    title: str
    subtitle: str | None = None
    description: str | None = None
    text_language: str | None = None
    translations: tuple[Translation, ...] = ()
    event_type: EventType | None = None
    scope: Scope | None = None
    status: EventStatus = EventStatus.SCHEDULED
    status_history: tuple[StatusChange, ...] = ()
    start: Temporal
    end: Temporal
    recurrence: Recurrence | None = None
    attendance_mode: AttendanceMode | None = None
    venue: Venue | None = None
    virtual_location: VirtualLocation | None = None
    organisers: tuple[Organiser, ...] = ()
    sessions: tuple[Session, ...] = ()
    policy_questions: tuple[PolicyQuestion, ...] = ()
    languages: tuple[LanguageUse, ...] = ()
    visibility: Visibility | None = None
    attendance_policy: AttendancePolicy | None = None
    registration: Registration | None = None
    audience: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    topics: tuple[str, ...] = ()
    classifications: tuple[Classification, ...] = ()
    project: Project | None = None
    references: tuple[Reference, ...] = ()
    cited_examples: tuple[CitedExample, ...] = ()
    related_events: tuple[RelatedEvent, ...] = ()
    url: str | None = None
    image: Image | None = None
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    revision: int = 0

    def __attrs_post_init__(self, _proven: bool = False) -> None:
        checks = _Checks(self, _proven)
        _check_id(checks, "id", self.id, required=True)
        checks.text("uid", self.uid)
        if isinstance(self.uid, str) and not self.uid.strip():
            checks.fail("uid", "must not be empty")
        checks.text("title", self.title, required=True)
        checks.temporal("start", self.start)
        checks.temporal("end", self.end)
        checks.window("start", self.start, "end", self.end)
        checks.language("text_language", self.text_language)
        checks.unique("translations", [t.language for t in self.translations], "translation language")
        for index, translation in enumerate(self.translations):
            if self.text_language is not None and translation.language.lower() == self.text_language.lower():
                checks.fail(f"translations[{index}].language", "is the event's own text_language")
        self._check_status(checks)
        self._check_locations(checks)
        self._check_sessions(checks)
        checks.unique("policy_questions", [q.id for q in self.policy_questions if q.id], "question id")
        checks.url("url", self.url)
        checks.temporal("created", self.created)
        checks.temporal("updated", self.updated)
        checks.window("created", self.created, "updated", self.updated)
        if self.revision < 0:
            checks.fail("revision", "must not be negative")
        if self.recurrence is not None:
            for problem in self.recurrence.problems(self.start):
                checks.problems.append(problem.under("$.recurrence"))
        checks.raise_if_any("Event")
        _share_code(self, "text_language", self.text_language)

    def _check_status(self, checks: _Checks) -> None:
        if self.status_history and self.status_history[-1].status is not self.status:
            checks.fail(
                "status",
                f"is {self.status.value!r} but the last status change is {self.status_history[-1].status.value!r}",
            )

    def _check_locations(self, checks: _Checks) -> None:
        mode = self.attendance_mode
        if mode is AttendanceMode.IN_PERSON and self.virtual_location is not None:
            checks.fail("virtual_location", "an in-person event has no virtual location")
        if mode is AttendanceMode.MIXED and (self.venue is None or self.virtual_location is None):
            checks.fail("attendance_mode", "a mixed event needs both a venue and a virtual location")
        if mode is None and self.venue is not None and self.virtual_location is not None:
            checks.fail("attendance_mode", "an event with a venue and a virtual location must say its mode")

    def _check_sessions(self, checks: _Checks) -> None:
        checks.unique("sessions", [s.id for s in self.sessions], "session id")
        question_ids = {q.id for q in self.policy_questions if q.id}
        rooms = set(self.venue.rooms) if self.venue else set()
        # else reported elsewhere
        bounded = checks.proven or not (_time.check_temporal(self.start) or _time.check_temporal(self.end))
        start, end = self.start, self.end
        timed = isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
        within = self._within
        for index, session in enumerate(self.sessions):
            first, last = session.start, session.end
            # _within inlined for the common case (a timed session of a timed event): the same answer
            if (
                bounded
                and first is not None
                and not (start <= first <= end if timed and isinstance(first, dt.datetime) else within(first))
            ):
                checks.fail(f"sessions[{index}].start", "is outside the event's start and end")
            if (
                bounded
                and last is not None
                and not (start <= last <= end if timed and isinstance(last, dt.datetime) else within(last))
            ):
                checks.fail(f"sessions[{index}].end", "is outside the event's start and end")
            if session.room is not None and rooms and session.room not in rooms:
                checks.fail(f"sessions[{index}].room", f"{session.room!r} is not one of the venue's rooms")
            for q_index, qid in enumerate(session.policy_question_ids):
                if qid not in question_ids:
                    checks.fail(
                        f"sessions[{index}].policy_question_ids[{q_index}]", f"no policy question has id {qid!r}"
                    )

    def _contains(self, value: Temporal) -> bool:
        """True when ``value`` lies within the event; a bare day is compared by day."""
        if _time.check_temporal(self.start) or _time.check_temporal(self.end):
            return True  # reported elsewhere
        return self._within(value)

    def _within(self, value: Temporal) -> bool:
        """:meth:`_contains` for an event whose own start and end are known to be valid."""
        start, end = self.start, self.end
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            if isinstance(value, dt.datetime):
                return start <= value <= end
            return start.date() <= value <= end.date()
        first, last = _days(start, end)
        if isinstance(value, dt.datetime):
            # A timed session of an all-day event: its day may differ by one across zones.
            return first - dt.timedelta(days=1) <= value.date() <= last + dt.timedelta(days=1)
        return first <= value <= last

    # -------------------------------------------------------------- derived facts

    @property
    def is_all_day(self) -> bool:
        """True when the event is given in dates rather than times."""
        return not isinstance(self.start, dt.datetime)

    @property
    def timezone(self) -> str | None:
        """The IANA zone the event is published in; ``None`` for all-day events."""
        return _time.zone_key(self.start) if isinstance(self.start, dt.datetime) else None

    @property
    def start_utc(self) -> dt.datetime | None:
        """The start as a UTC instant (``None`` for all-day events)."""
        return self.start.astimezone(dt.UTC) if isinstance(self.start, dt.datetime) else None

    @property
    def end_utc(self) -> dt.datetime | None:
        """The end as a UTC instant (``None`` for all-day events)."""
        return self.end.astimezone(dt.UTC) if isinstance(self.end, dt.datetime) else None

    def zone_abbreviation(self, which: str = "start") -> str | None:
        """The zone abbreviation in force at the start (or ``"end"``), e.g. ``CET``."""
        value = self.start if which == "start" else self.end
        return value.tzname() if isinstance(value, dt.datetime) else None

    def venue_local(self, which: str = "start") -> dt.datetime | None:
        """The start (or end) in the venue's own zone, when that zone differs."""
        value = self.start if which == "start" else self.end
        if not isinstance(value, dt.datetime) or self.venue is None or self.venue.timezone is None:
            return None
        if self.venue.timezone == self.timezone:
            return None
        return value.astimezone(_time.get_zone(self.venue.timezone))

    def phase(self, now: dt.datetime) -> Phase:
        """Upcoming, ongoing or ended at the aware moment ``now``.

        All-day events are read in the venue's zone (else UTC), end day inclusive.
        """
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        if isinstance(self.start, dt.datetime) and isinstance(self.end, dt.datetime):
            if now < self.start:
                return Phase.UPCOMING
            return Phase.ONGOING if now < self.end else Phase.ENDED
        zone_name = self.venue.timezone if self.venue and self.venue.timezone else "UTC"
        today = now.astimezone(_time.get_zone(zone_name)).date()
        first, last = _days(self.start, self.end)
        if today < first:
            return Phase.UPCOMING
        return Phase.ONGOING if today <= last else Phase.ENDED

    @property
    def previous_start(self) -> Temporal | None:
        """The start before the latest move, if the history records one."""
        for change in reversed(self.status_history):
            if change.previous_start is not None:
                return change.previous_start
        return None

    @property
    def status_reason(self) -> str | None:
        """Why the current status was set, if the history says."""
        if self.status_history and self.status_history[-1].status is self.status:
            return self.status_history[-1].reason
        return None

    def occurrences(
        self,
        *,
        window_start: dt.date | None = None,
        window_end: dt.date | None = None,
        limit: int = 1_000,
    ) -> list[Occurrence]:
        """Every occurrence in the window: one for a single event, the expansion of its recurrence otherwise."""
        if self.recurrence is None:
            return [Occurrence(start=self.start, end=self.end, recurrence_id=self.start)]
        return self.recurrence.occurrences(
            self.start, self.end, window_start=window_start, window_end=window_end, limit=limit
        )

    def organisers_with(self, role: OrganiserRole) -> tuple[Organiser, ...]:
        """The organisers that play ``role``."""
        return tuple(o for o in self.organisers if role in o.roles)

    def iter_people(self) -> Iterator[Person]:
        """Every person named in the programme, each once, in programme order."""
        seen: set[tuple[str, str | None]] = set()
        for session in self.sessions:
            for person in session.people:
                key = (person.name, person.affiliation)
                if key not in seen:
                    seen.add(key)
                    yield person

    def session(self, session_id: str) -> Session:
        """The session with ``session_id``; ``KeyError`` if there is none."""
        for session in self.sessions:
            if session.id == session_id:
                return session
        raise KeyError(session_id)


def _days(start: Temporal, end: Temporal) -> tuple[dt.date, dt.date]:
    first = start.date() if isinstance(start, dt.datetime) else start
    last = end.date() if isinstance(end, dt.datetime) else end
    return first, last

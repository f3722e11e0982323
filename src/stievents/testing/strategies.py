"""Hypothesis strategies for the whole stievents model, for the core's and plugins' tests.

Every strategy yields objects that satisfy the model's invariants (the
constructors would refuse anything else), with bounded sizes so that a test
stays fast. Text can be hostile (``hostile=True``): markup, quotes, control
characters, line separators, bidi overrides, iCalendar and TOML syntax, so that
formats prove they escape user text.

Example::

    from hypothesis import given
    from stievents.testing import strategies as sst

    @given(sst.events())
    def test_round_trip(event): ...
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Sequence

from hypothesis import strategies as st

from stievents import _codes, _time
from stievents.model import (
    AttendanceMode,
    AttendancePolicy,
    CitedExample,
    Classification,
    Contact,
    Event,
    EventStatus,
    EventType,
    Geo,
    Image,
    LanguageRole,
    LanguageUse,
    Organiser,
    OrganiserRole,
    Override,
    Person,
    PolicyQuestion,
    Project,
    Recurrence,
    Reference,
    Registration,
    RelatedEvent,
    Relation,
    Scope,
    Session,
    SessionKind,
    StatusChange,
    Temporal,
    Translation,
    Venue,
    VirtualLocation,
    Visibility,
)

__all__ = [
    "HOSTILE_SNIPPETS",
    "TEXT_CHARACTERS",
    "ZONES",
    "aware_datetimes",
    "classifications",
    "contacts",
    "country_codes",
    "dates",
    "emails",
    "event_lists",
    "events",
    "hostile_text",
    "ids",
    "language_tags",
    "organisers",
    "persons",
    "sessions",
    "temporals",
    "texts",
    "uids",
    "urls",
    "venues",
    "virtual_locations",
    "zone_names",
]

ZONES: tuple[str, ...] = (
    "UTC",
    "Europe/Paris",
    "Europe/Moscow",
    "Europe/Brussels",
    "Europe/London",
    "Europe/Dublin",
    "America/New_York",
    "America/St_Johns",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tokyo",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Africa/Casablanca",
    "Antarctica/Troll",
    "Etc/GMT+12",
)
"""Zones with odd offsets, half-hour DST, negative DST, skipped days and LMT history."""

HOSTILE_SNIPPETS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</title><meta http-equiv=refresh content=0>",
    "]]></script><!--",
    "&amp; &lt; &#x27;",
    "' OR '1'='1",
    '"""',
    "'''",
    "\\",
    "\\n\\u0000",
    "\r\n",
    "\r",
    "\n\n",
    "\t",
    "\x7f",
    "\x80\x85\x9b[31m",
    "\u2028\u2029",
    "\u202e\u2066",
    "\ufeff",
    "\u200b",
    "BEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT",
    ";,:",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "[[events]]\nid = 'x'",
    "# comment",
    "🎉👩🏽‍🔬",
    "Zürich – Müller «ça»",
    "שלום مرحبا",
    "汉字かなカナ",
)
"""Strings that break naive escaping in JSON, TOML, HTML, XML, iCalendar and terminals.

No C0 control but TAB, LF and CR: the model refuses them (no iCalendar, XML or
HTML text can carry them); DEL and the C1 controls remain.
"""

_REFUSED_CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
_PLAIN_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_ANY_ALPHABET = st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters=_REFUSED_CONTROLS)
TEXT_CHARACTERS: st.SearchStrategy[str] = _ANY_ALPHABET
"""Every character the model accepts in text, for ``st.text(TEXT_CHARACTERS)``.

All of UTF-8 but lone surrogates and the C0 controls other than TAB, LF and CR.
"""


@functools.cache
def hostile_text(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Any text, biased towards snippets that break escaping (possibly blank)."""
    pieces = st.one_of(st.sampled_from(HOSTILE_SNIPPETS), st.text(_ANY_ALPHABET, max_size=max_size))
    return st.lists(pieces, min_size=1, max_size=3).map("".join)


@functools.cache
def texts(*, hostile: bool = False, max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank text, as required fields (titles, names) need; hostile when asked."""
    base = hostile_text(max_size=max_size) if hostile else st.text(_PLAIN_ALPHABET, min_size=1, max_size=max_size)
    return base.filter(lambda s: bool(s.strip()))


@functools.cache
def _optional_text(hostile: bool) -> st.SearchStrategy[str | None]:
    return st.none() | texts(hostile=hostile)


@functools.cache
def ids() -> st.SearchStrategy[str]:
    """Ids as the model accepts them (letters, digits, '.', '_', ':', '-')."""
    return st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,30}", fullmatch=True)


@functools.cache
def uids() -> st.SearchStrategy[str]:
    """Source UIDs (``Event.uid``): any text without control characters, not blank; '@', '/', spaces,
    escapes and non-ASCII included, since a UID is kept byte for byte whatever its source wrote."""
    pieces = st.one_of(
        st.sampled_from(["@", "/", " ", "@example.org", "\\", ";", ",", ":", "é", "😀", "\\N"]),
        st.text(_PLAIN_ALPHABET, min_size=1, max_size=20),
    )
    return st.lists(pieces, min_size=1, max_size=4).map("".join).filter(lambda s: bool(s.strip()))


_HOST = st.from_regex(r"[a-z0-9]([a-z0-9\-]{0,10}[a-z0-9])?(\.[a-z]{2,6}){1,2}", fullmatch=True)
_PATH = st.text(string.ascii_letters + string.digits + "-._~/%?=&#+", max_size=20)


@functools.cache
def urls() -> st.SearchStrategy[str]:
    """Absolute http(s) URLs, some with queries and fragments that need escaping in markup."""
    return st.builds(
        lambda scheme, host, path: f"{scheme}://{host}/{path}", st.sampled_from(["http", "https"]), _HOST, _PATH
    )


@functools.cache
def emails() -> st.SearchStrategy[str]:
    """Plausible e-mail addresses."""
    local = st.from_regex(r"[a-z0-9][a-z0-9.+_\-]{0,15}", fullmatch=True)
    return st.builds(lambda user, host: f"{user}@{host}", local, _HOST)


@functools.cache
def language_tags() -> st.SearchStrategy[str]:
    """BCP 47 tags: an ISO 639-1 language, sometimes with a region."""
    lang = st.sampled_from(sorted(_codes.LANGUAGE_CODES))
    region = st.none() | st.sampled_from(["FR", "GB", "US", "BE", "CA", "419"])
    return st.builds(lambda code, where: code if where is None else f"{code}-{where}", lang, region)


@functools.cache
def country_codes() -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 codes."""
    return st.sampled_from(sorted(_codes.COUNTRY_CODES))


def zone_names(zones: Sequence[str] | None = None) -> st.SearchStrategy[str]:
    """IANA zone names (by default :data:`ZONES`)."""
    return st.sampled_from(tuple(zones) if zones else ZONES)


def _normalise(value: dt.datetime) -> dt.datetime:
    """Drop a fold that changes nothing, so that fold survives a round trip only where it matters."""
    if value.fold and value.replace(fold=0).utcoffset() == value.utcoffset():
        return value.replace(fold=0)
    return value


def aware_datetimes(
    *,
    zones: Sequence[str] | None = None,
    min_year: int = 1850,
    max_year: int = 2150,
) -> st.SearchStrategy[dt.datetime]:
    """Datetimes in a named IANA zone (``zoneinfo``), never in a DST gap, fold set only where ambiguous."""
    return _aware_datetimes(tuple(zones) if zones else None, min_year, max_year)


@functools.cache
def _aware_datetimes(zones: tuple[str, ...] | None, min_year: int, max_year: int) -> st.SearchStrategy[dt.datetime]:

    @st.composite
    def build(draw: st.DrawFn) -> dt.datetime:
        zone = _time.get_zone(draw(zone_names(zones)))
        local = draw(st.datetimes(dt.datetime(min_year, 1, 1), dt.datetime(max_year, 12, 31, 23, 59, 59)))
        local = local.replace(microsecond=draw(st.sampled_from([0, 0, 0, local.microsecond])))
        value = local.replace(tzinfo=zone, fold=draw(st.integers(0, 1)))
        if _time.check_temporal(value) is not None:  # a DST gap: move to the instant's real wall time
            value = value.astimezone(dt.UTC).astimezone(zone)
        return _normalise(value)

    return build()


@functools.cache
def dates(*, min_year: int = 1850, max_year: int = 2150) -> st.SearchStrategy[dt.date]:
    """All-day dates."""
    return st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31))


def temporals(*, zones: Sequence[str] | None = None) -> st.SearchStrategy[Temporal]:
    """An aware datetime or an all-day date."""
    return st.one_of(aware_datetimes(zones=zones), dates())


def _shift(value: dt.datetime, delta: dt.timedelta, zone: str | None = None) -> dt.datetime:
    """``value`` moved by an exact duration, read in ``zone`` (default: its own)."""
    target = _time.get_zone(zone) if zone else value.tzinfo
    return _normalise((value.astimezone(dt.UTC) + delta).astimezone(target))


@st.composite
def _window(draw: st.DrawFn, zones: Sequence[str] | None) -> tuple[Temporal, Temporal]:
    if draw(st.booleans()):
        start = draw(aware_datetimes(zones=zones))
        end = _shift(start, dt.timedelta(minutes=draw(st.integers(0, 3 * 24 * 60))))
        return start, end
    first = draw(dates())
    return first, first + dt.timedelta(days=draw(st.integers(0, 4)))


# ------------------------------------------------------------------ small values


@functools.cache
def persons(*, hostile: bool = False) -> st.SearchStrategy[Person]:
    """Speakers, chairs and moderators."""
    return st.builds(
        Person,
        name=texts(hostile=hostile),
        affiliation=_optional_text(hostile),
        email=st.none() | emails(),
        url=st.none() | urls(),
    )


@functools.cache
def classifications(*, hostile: bool = False) -> st.SearchStrategy[Classification]:
    """Codes from known and unknown schemes."""
    return st.builds(
        Classification,
        scheme=st.sampled_from(["un-sdg", "stip-compass", "other-scheme"]),
        code=st.sampled_from([str(n) for n in range(1, 18)]) | texts(hostile=hostile, max_size=8),
        label=_optional_text(hostile),
        edition=st.none() | st.sampled_from(["2015", "2023"]),
    )


@functools.cache
def organisers(*, hostile: bool = False) -> st.SearchStrategy[Organiser]:
    """Organisations with one or more distinct roles and optional identifiers."""
    ror = st.from_regex(r"https://ror\.org/0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}", fullmatch=True)
    return st.builds(
        Organiser,
        name=texts(hostile=hostile),
        roles=st.lists(st.sampled_from(OrganiserRole), min_size=1, max_size=3, unique=True).map(tuple),
        acronym=_optional_text(hostile),
        country=st.none() | country_codes(),
        url=st.none() | urls(),
        ror=st.none() | ror,
    )


@functools.cache
def contacts(*, hostile: bool = False) -> st.SearchStrategy[Contact]:
    """Contacts with at least a name, an e-mail address or a phone number."""
    phone = st.from_regex(r"\+?[0-9][0-9 ]{2,15}", fullmatch=True)
    return st.builds(
        Contact,
        name=texts(hostile=hostile),
        email=st.none() | emails(),
        phone=st.none() | phone,
        role=_optional_text(hostile),
        organisation=_optional_text(hostile),
    )


@functools.cache
def venues(*, hostile: bool = False) -> st.SearchStrategy[Venue]:
    """Places with a name, an address, an optional point, zone and rooms."""
    geo = st.builds(
        Geo,
        latitude=st.floats(-90, 90, allow_nan=False),
        longitude=st.floats(-180, 180, allow_nan=False),
    )
    return st.builds(
        Venue,
        name=texts(hostile=hostile),
        street=_optional_text(hostile),
        locality=_optional_text(hostile),
        region=_optional_text(hostile),
        postal_code=st.none() | st.from_regex(r"[0-9A-Z]{3,6}", fullmatch=True),
        country=st.none() | country_codes(),
        geo=st.none() | geo,
        timezone=st.none() | zone_names(),
        rooms=st.lists(texts(hostile=hostile, max_size=12), max_size=3, unique=True).map(tuple),
    )


@functools.cache
def virtual_locations() -> st.SearchStrategy[VirtualLocation]:
    """Online access, the join link public or not."""

    @st.composite
    def build(draw: st.DrawFn) -> VirtualLocation:
        url = draw(st.none() | urls())
        return VirtualLocation(
            url=url,
            platform=draw(st.none() | st.sampled_from(["Zoom", "Webex", "Example Meet"])),
            join_url_public=url is not None and draw(st.booleans()),
        )

    return build()


def _same_kind(reference: Temporal) -> st.SearchStrategy[Temporal]:
    return aware_datetimes() if isinstance(reference, dt.datetime) else dates()


@st.composite
def _status(draw: st.DrawFn, start: Temporal, hostile: bool) -> tuple[EventStatus, tuple[StatusChange, ...]]:
    changes: list[StatusChange] = []
    for _ in range(draw(st.integers(0, 2))):
        previous_start = previous_end = None
        if draw(st.booleans()):
            previous_start, previous_end = draw(_window(None))
        changes.append(
            StatusChange(
                status=draw(st.sampled_from(EventStatus)),
                reason=draw(_optional_text(hostile)),
                previous_start=previous_start,
                previous_end=previous_end,
                changed_at=draw(st.none() | aware_datetimes()),
            )
        )
    status = changes[-1].status if changes else draw(st.sampled_from(EventStatus))
    return status, tuple(changes)


@st.composite
def _locations(draw: st.DrawFn, hostile: bool) -> tuple[AttendanceMode | None, Venue | None, VirtualLocation | None]:
    mode = draw(st.none() | st.sampled_from(AttendanceMode))
    venue = draw(st.none() | venues(hostile=hostile))
    virtual = draw(st.none() | virtual_locations())
    if mode is AttendanceMode.IN_PERSON:
        virtual = None
    elif mode is AttendanceMode.MIXED:
        venue = venue or draw(venues(hostile=hostile))
        virtual = virtual or draw(virtual_locations())
    elif mode is None and venue is not None:
        virtual = None
    return mode, venue, virtual


def _recurrences(start: Temporal) -> st.SearchStrategy[Recurrence]:
    """Bounded recurrences whose dates have the kind of ``start``."""
    freq = st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
    count_rule = st.builds(lambda f, n: f"FREQ={f};COUNT={n}", freq, st.integers(1, 20))
    until = start.year + 2
    until_text = f"{until}0101T000000Z" if isinstance(start, dt.datetime) else f"{until}0101"
    until_rule = st.builds(lambda f: f"FREQ={f};UNTIL={until_text}", st.sampled_from(["WEEKLY", "MONTHLY"]))
    kind = _same_kind(start)
    override = st.builds(
        Override,
        recurrence_id=kind,
        start=st.none() | kind,
        title=st.none() | texts(),
        cancelled=st.booleans(),
    )
    return st.builds(
        Recurrence,
        rule=count_rule | until_rule,
        rdates=st.lists(kind, max_size=2).map(tuple),
        exdates=st.lists(kind, max_size=2).map(tuple),
        overrides=st.lists(override, max_size=1).map(tuple),
    )


# ------------------------------------------------------------------ sessions


def sessions(
    start: Temporal | None = None,
    end: Temporal | None = None,
    *,
    rooms: Sequence[str] = (),
    question_ids: Sequence[str] = (),
    hostile: bool = False,
    max_size: int = 4,
) -> st.SearchStrategy[tuple[Session, ...]]:
    """A programme inside the event window ``start``..``end``: timed, day-only and unscheduled sessions.

    Without a window, one is drawn (the sessions then fit some event).
    """
    if start is None or end is None:
        return _window(None).flatmap(
            lambda window: sessions(
                window[0], window[1], rooms=rooms, question_ids=question_ids, hostile=hostile, max_size=max_size
            )
        )
    first = start.date() if isinstance(start, dt.datetime) else start
    last = end.date() if isinstance(end, dt.datetime) else end

    @st.composite
    def when(draw: st.DrawFn) -> tuple[Temporal | None, dt.datetime | None]:
        choice = draw(st.sampled_from(["timed", "day", "none"]))
        if choice == "none":
            return None, None
        if choice == "day":
            return first + dt.timedelta(days=draw(st.integers(0, (last - first).days))), None
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            span = int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() // 60)
            offset = draw(st.integers(0, span))
            length = draw(st.integers(0, span - offset))
            zone = draw(st.none() | zone_names())
            s_start = _shift(start, dt.timedelta(minutes=offset), zone)
            return s_start, _shift(s_start, dt.timedelta(minutes=length))
        day = first + dt.timedelta(days=draw(st.integers(0, (last - first).days)))
        tz = _time.get_zone(draw(zone_names()))
        local = dt.datetime.combine(day, dt.time(draw(st.integers(0, 20)), draw(st.sampled_from([0, 15, 30]))))
        s_start = _normalise(local.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz))
        return s_start, _shift(s_start, dt.timedelta(minutes=draw(st.integers(0, 180))))

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Session, ...]:
        session_ids = draw(st.lists(ids(), max_size=max_size, unique=True))
        result = []
        for session_id in session_ids:
            s_start, s_end = draw(when())
            result.append(
                Session(
                    id=session_id,
                    title=draw(texts(hostile=hostile)),
                    kind=draw(st.sampled_from(SessionKind)),
                    description=draw(_optional_text(hostile)),
                    start=s_start,
                    end=s_end,
                    room=draw(st.none() | st.sampled_from(rooms)) if rooms else None,
                    virtual_location=draw(st.none() | virtual_locations()),
                    chairs=tuple(draw(st.lists(persons(hostile=hostile), max_size=1))),
                    moderators=tuple(draw(st.lists(persons(hostile=hostile), max_size=1))),
                    speakers=tuple(draw(st.lists(persons(hostile=hostile), max_size=2))),
                    policy_question_ids=tuple(
                        draw(st.lists(st.sampled_from(question_ids), max_size=2, unique=True)) if question_ids else ()
                    ),
                )
            )
        return tuple(result)

    return build()


# ------------------------------------------------------------------ events


def events(
    *,
    hostile: bool = False,
    zones: Sequence[str] | None = None,
    event_id: st.SearchStrategy[str] | None = None,
    recurring: bool | None = None,
) -> st.SearchStrategy[Event]:
    """Valid events using every part of the model; ``recurring`` forces (or forbids) a recurrence."""

    @st.composite
    def build(draw: st.DrawFn) -> Event:
        start, end = draw(_window(zones))
        status, history = draw(_status(start, hostile))
        mode, venue, virtual = draw(_locations(hostile))
        questions = []
        for index in range(draw(st.integers(0, 3))):
            questions.append(
                PolicyQuestion(
                    id=draw(st.none() | st.just(f"q{index + 1}")),
                    text=draw(texts(hostile=hostile)),
                    classifications=tuple(draw(st.lists(classifications(hostile=hostile), max_size=2))),
                )
            )
        question_ids = [q.id for q in questions if q.id]
        text_language = draw(st.none() | language_tags())
        other_languages = language_tags().filter(
            lambda tag: text_language is None or tag.lower() != text_language.lower()
        )
        translations = tuple(
            Translation(
                language=language, title=draw(texts(hostile=hostile)), description=draw(_optional_text(hostile))
            )
            for language in draw(st.lists(other_languages, max_size=2, unique=True))
        )
        with_recurrence = draw(st.booleans()) if recurring is None else recurring
        created = draw(st.none() | aware_datetimes())
        updated = None if created is None else draw(st.none() | st.just(_shift(created, dt.timedelta(days=1))))
        return Event(
            id=draw(event_id if event_id is not None else ids()),
            uid=draw(st.none() | uids()),
            title=draw(texts(hostile=hostile)),
            subtitle=draw(_optional_text(hostile)),
            description=draw(st.none() | hostile_text(max_size=200) if hostile else _optional_text(False)),
            text_language=text_language,
            translations=translations,
            event_type=draw(st.none() | st.sampled_from(EventType)),
            scope=draw(st.none() | st.sampled_from(Scope)),
            status=status,
            status_history=history,
            start=start,
            end=end,
            recurrence=draw(_recurrences(start)) if with_recurrence else None,
            attendance_mode=mode,
            venue=venue,
            virtual_location=virtual,
            organisers=tuple(draw(st.lists(organisers(hostile=hostile), max_size=3))),
            sessions=draw(
                sessions(start, end, rooms=venue.rooms if venue else (), question_ids=question_ids, hostile=hostile)
            ),
            policy_questions=tuple(questions),
            languages=tuple(
                draw(
                    st.lists(
                        st.builds(LanguageUse, tag=language_tags(), role=st.sampled_from(LanguageRole)), max_size=2
                    )
                )
            ),
            visibility=draw(st.none() | st.sampled_from(Visibility)),
            attendance_policy=draw(st.none() | st.sampled_from(AttendancePolicy)),
            registration=draw(
                st.none()
                | st.builds(
                    Registration,
                    url=st.none() | urls(),
                    deadline=st.none() | temporals(),
                    free=st.none() | st.booleans(),
                )
            ),
            audience=tuple(draw(st.lists(texts(hostile=hostile, max_size=20), max_size=3))),
            contacts=tuple(draw(st.lists(contacts(hostile=hostile), max_size=2))),
            topics=tuple(draw(st.lists(texts(hostile=hostile, max_size=20), max_size=3))),
            classifications=tuple(draw(st.lists(classifications(hostile=hostile), max_size=2))),
            project=draw(
                st.none()
                | st.builds(
                    lambda name, start_year, years: Project(
                        name=name, start_year=start_year, end_year=None if years is None else start_year + years
                    ),
                    texts(hostile=hostile),
                    st.integers(1950, 2100),
                    st.none() | st.integers(0, 5),
                )
            ),
            references=tuple(
                draw(
                    st.lists(
                        st.builds(
                            Reference,
                            citation=texts(hostile=hostile),
                            year=st.none() | st.integers(1900, 2100),
                            url=st.none() | urls(),
                            doi=st.none() | st.from_regex(r"10\.[0-9]{4,9}/[A-Za-z0-9.\-_()]{1,20}", fullmatch=True),
                        ),
                        max_size=2,
                    )
                )
            ),
            cited_examples=tuple(
                draw(st.lists(st.builds(CitedExample, name=texts(hostile=hostile), url=st.none() | urls()), max_size=2))
            ),
            related_events=tuple(
                draw(
                    st.lists(
                        st.builds(
                            RelatedEvent, id=ids(), relation=st.sampled_from(Relation), title=_optional_text(hostile)
                        ),
                        max_size=2,
                    )
                )
            ),
            url=draw(st.none() | urls()),
            image=draw(st.none() | st.builds(Image, url=urls(), alt=_optional_text(hostile))),
            created=created,
            updated=updated,
            revision=draw(st.integers(0, 1000)),
        )

    return build()


def event_lists(*, hostile: bool = False, max_size: int = 3) -> st.SearchStrategy[list[Event]]:
    """Collections of events with distinct ids and distinct uids, as one document holds them."""
    return st.lists(
        events(hostile=hostile),
        max_size=max_size,
        unique_by=(lambda e: e.id, lambda e: e.uid if e.uid is not None else ("no uid", e.id)),
    )

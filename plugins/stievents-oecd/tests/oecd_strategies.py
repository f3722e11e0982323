"""Hypothesis strategies for events made only of the facts the OECD pages carry back."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from hypothesis import strategies as st

from stievents import model

ZONES = (
    "Europe/Paris", "America/New_York", "Asia/Tokyo", "Europe/Moscow", "UTC",
    "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo", "Europe/London",
)  # fmt: skip
COUNTRIES = ("FR", "RU", "US", "JP", "KR", "BE", "DE", "BR", "GB", "CI", "TW", "VN")
LANGUAGE_TAGS = ("en", "fr", "de", "es", "ru", "zh", "ja", "ko")

word = st.from_regex(r"[A-Za-zéèçÉ][A-Za-zéèç0-9&<>\"'?!;]{0,9}", fullmatch=True)


def words(min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[str]:
    return st.lists(word, min_size=min_size, max_size=max_size).map(" ".join)


plain_word = st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True)
names = st.lists(plain_word, min_size=1, max_size=4).map(" ".join)
paragraph = st.lists(words(1, 8), min_size=1, max_size=2).map("\n".join)
# Lines a page uses for its own structure: in another language's text they must stay text.
page_lines = st.sampled_from(
    ["When and Where", "Organisers", "Event Info", "Contact Info", "Presentation of the event", "Start Time:", "Lieu :"]
)
other_text = st.lists(paragraph | page_lines, min_size=1, max_size=3).map("\n\n".join)


@st.composite
def translations(draw: st.DrawFn) -> tuple[model.Translation, ...]:
    """Translations into languages the pages have no labels for: shown under "In other languages", never read."""
    return tuple(
        model.Translation(language=tag, title=draw(words()), subtitle=draw(st.none() | words()), description=text)
        for tag in draw(st.lists(st.sampled_from(("de", "es", "ja")), unique=True, max_size=2))
        for text in [draw(st.none() | other_text)]
    )


@st.composite
def times(draw: st.DrawFn) -> tuple[dt.date, dt.date, str | None]:
    if draw(st.booleans()):
        day = draw(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
        return day, day + dt.timedelta(days=draw(st.integers(0, 5))), None
    zone_name = draw(st.sampled_from(ZONES))
    zone = zoneinfo.ZoneInfo(zone_name)
    minutes = draw(st.integers(0, 50 * 365 * 24 * 60))
    start_utc = dt.datetime(1990, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
    end_utc = start_utc + dt.timedelta(minutes=draw(st.integers(0, 4 * 24 * 60)))
    return start_utc.astimezone(zone), end_utc.astimezone(zone), zone_name


@st.composite
def venues(draw: st.DrawFn, timed: bool) -> model.Venue:
    locality = draw(names)
    other = names.filter(lambda n: n.casefold() != locality.casefold())  # repeated place names are read once
    name = draw(st.none() | other)
    return model.Venue(
        name=name,
        street=draw(st.none() | other) if name else None,
        locality=locality,
        country=draw(st.none() | st.sampled_from(COUNTRIES)),
        timezone=draw(st.none() | st.sampled_from(ZONES)) if timed else None,
    )


people = st.lists(
    st.builds(model.Person, name=names, affiliation=st.none() | words(1, 4)),
    max_size=2,
).map(tuple)


@st.composite
def session_times(draw: st.DrawFn, start: dt.date, end: dt.date) -> tuple[dt.date | None, dt.datetime | None]:
    """A session's start and end inside the event: unscheduled, a day only, or timed (in any zone)."""
    choice = draw(st.sampled_from(["none", "day", "timed", "timed"]))
    if choice == "none":
        return None, None
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        if choice == "day":
            days = (end.date() - start.date()).days
            return start.date() + dt.timedelta(days=draw(st.integers(0, days))), None
        span = int((end - start).total_seconds() // 60)
        first = start + dt.timedelta(minutes=draw(st.integers(0, span)))
        zone = zoneinfo.ZoneInfo(draw(st.sampled_from((str(start.tzinfo), *ZONES))))
        last = None
        if draw(st.booleans()):
            last = first + dt.timedelta(minutes=draw(st.integers(0, int((end - first).total_seconds() // 60))))
            last = last.astimezone(zone)
        return first.astimezone(zone), last
    days = (end - start).days
    day = start + dt.timedelta(days=draw(st.integers(0, days)))
    if choice == "day":
        return day, None
    zone = zoneinfo.ZoneInfo(draw(st.sampled_from(ZONES)))
    minutes = draw(st.integers(0, 24 * 60 - 1))
    first = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
    last = first + dt.timedelta(minutes=draw(st.integers(0, 300))) if draw(st.booleans()) else None
    return first.astimezone(zone), last.astimezone(zone) if last else None


@st.composite
def programme(
    draw: st.DrawFn, start: dt.date, end: dt.date, questions: tuple[model.PolicyQuestion, ...]
) -> tuple[model.Session, ...]:
    """Sessions in the order the pages show them (by day, then start; unscheduled last)."""
    from stievents_oecd.programme import display_zone, session_order

    linkable = [q.id for q in questions if q.id]
    sessions = []
    for session_id in draw(st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True), unique=True, max_size=4)):
        first, last = draw(session_times(start, end))
        sessions.append(
            model.Session(
                id=session_id,
                title=draw(words()),
                kind=draw(st.sampled_from(model.SessionKind)),
                description=draw(st.none() | st.lists(paragraph, min_size=1, max_size=2).map("\n\n".join)),
                start=first,
                end=last,
                room=draw(st.none() | words(1, 3)),
                chairs=draw(people),
                moderators=draw(people),
                speakers=draw(people),
                policy_question_ids=tuple(draw(st.lists(st.sampled_from(linkable), unique=True, max_size=2)))
                if linkable
                else (),
            )
        )
    probe = model.Event(
        id="probe", title="probe", start=start, end=end, sessions=tuple(sessions), policy_questions=questions
    )
    return tuple(session_order(sessions, display_zone(probe)))


@st.composite
def events(draw: st.DrawFn) -> model.Event:
    start, end, _zone = draw(times())
    timed = isinstance(start, dt.datetime)
    status = draw(st.sampled_from(model.EventStatus))
    history: tuple[model.StatusChange, ...] = ()
    if status is not model.EventStatus.SCHEDULED:
        history = (model.StatusChange(status=status, reason=draw(st.none() | words())),)
    venue = draw(st.none() | venues(timed))
    online = status is model.EventStatus.MOVED_ONLINE or (venue is None and draw(st.booleans()))
    tags = draw(st.lists(st.sampled_from(LANGUAGE_TAGS), unique=True, max_size=3))
    texts = draw(st.lists(words(1, 10), max_size=3, unique_by=lambda t: " ".join(t.split()).casefold()))
    questions = tuple(
        model.PolicyQuestion(id=draw(st.none() | st.just(f"k{i}")), text=text) for i, text in enumerate(texts)
    )
    return model.Event(
        id="generated",
        title=draw(words()),
        subtitle=draw(st.none() | words()),
        description=draw(st.none() | st.lists(paragraph, min_size=1, max_size=3).map("\n\n".join)),
        event_type=draw(st.none() | st.sampled_from(model.EventType)),
        scope=draw(st.none() | st.sampled_from(model.Scope)),
        status=status,
        status_history=history,
        start=start,
        end=end,
        attendance_mode=model.AttendanceMode.ONLINE if online else None,
        venue=venue,
        organisers=tuple(
            model.Organiser(name=n, acronym=draw(st.none() | st.from_regex(r"[A-Z]{2,6}", fullmatch=True)))
            for n in draw(st.lists(names, max_size=3))
        ),
        policy_questions=questions,
        sessions=draw(programme(start, end, questions)),
        languages=tuple(model.LanguageUse(tag=t, role=draw(st.sampled_from(model.LanguageRole))) for t in tags),
        visibility=draw(st.none() | st.sampled_from(model.Visibility)),
        attendance_policy=draw(st.none() | st.sampled_from(model.AttendancePolicy)),
        url=draw(st.none() | st.from_regex(r"https://events\.example\.org/[a-z0-9/_-]{0,20}", fullmatch=True)),
        translations=draw(translations()),
    )

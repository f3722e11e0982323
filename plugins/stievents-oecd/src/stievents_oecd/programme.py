"""The programme of an event page: its sessions in order, by day, as plain values the renderers escape.

Real OECD event pages lead with their agenda. Every time is shown in one zone
(the event's; see :func:`display_zone`) with the abbreviation the zone
database gives for that instant, as the page's other times; a session held in
another zone adds its local time. The layout is also what the importers read
back (:mod:`stievents_oecd.programme_read`), so its wording lives here and in
the catalogues only.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence

import attrs

from stievents.model import Event, Person, Session, SessionKind
from stievents_oecd import timefmt
from stievents_oecd.i18n import Labels

__all__ = [
    "KIND_LABELS",
    "PEOPLE_LABELS",
    "Day",
    "Programme",
    "SessionItem",
    "build_programme",
    "clock",
    "day_heading",
    "display_zone",
    "person_text",
    "session_order",
]

KIND_LABELS = {
    SessionKind.PANEL: "Panel",
    SessionKind.KEYNOTE: "Keynote",
    SessionKind.INTERACTIVE: "Interactive session",
    SessionKind.PRESENTATION: "Presentation",
    SessionKind.ROUNDTABLE: "Roundtable",
    SessionKind.DISCUSSION: "Discussion",
    SessionKind.WORKSHOP: "Workshop",
    SessionKind.OPENING: "Opening",
    SessionKind.CLOSING: "Closing",
    SessionKind.BREAK: "Break",
    SessionKind.NETWORKING: "Networking",
}
"""Labels of the session kinds (``msgctxt "session kind"``); ``OTHER`` has none and shows no Format line."""

PEOPLE_LABELS = (("chairs", "Chair:"), ("moderators", "Moderator:"), ("speakers", "Speaker:"))
"""One line per person, under these labels, in this order."""

DASH = " \u2013 "
"""Between a session's start and end (an en dash with spaces)."""


@attrs.frozen(kw_only=True)
class TimePiece:
    """Part of a session's time text; ``datetime`` set on the parts that are a moment (for ``<time>``)."""

    text: str
    datetime: str | None = None


@attrs.frozen(kw_only=True)
class SessionItem:
    """One session as the page shows it; ``kind``, ``room`` and ``local`` are whole lines, label included."""

    id: str
    title: str
    when: tuple[TimePiece, ...]
    kind: str | None
    room: str | None
    local: str | None
    people: tuple[tuple[str, tuple[str, ...]], ...]
    question_label: str
    questions: tuple[tuple[str, str | None], ...]
    paragraphs: tuple[str, ...]
    ics_href: str | None = None
    ics_label: str = ""

    @property
    def when_text(self) -> str:
        """The time text alone (``9:00 AM – 9:30 AM CEST``), empty for a session without a time."""
        return "".join(piece.text for piece in self.when)


@attrs.frozen(kw_only=True)
class Day:
    """The sessions of one day; ``heading`` is ``None`` when the programme has no day headings."""

    heading: str | None
    anchor: str | None
    sessions: tuple[SessionItem, ...]


@attrs.frozen(kw_only=True)
class Programme:
    """The programme section: heading, the zone its times are in, then the days."""

    heading: str
    zone_note: str | None
    days: tuple[Day, ...]


def display_zone(event: Event) -> dt.tzinfo | None:
    """The zone the programme's times are shown in: the event's, else the venue's, else the earliest session's."""
    if isinstance(event.start, dt.datetime):
        return event.start.tzinfo
    if event.venue is not None and event.venue.timezone:
        try:
            return zoneinfo.ZoneInfo(event.venue.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    timed = [s.start for s in event.sessions if isinstance(s.start, dt.datetime)]
    # the earliest session's: whatever the order of the sessions, the page (and the page read back) says the same
    return min(timed, key=lambda start: start.timestamp()).tzinfo if timed else None


def _zone_key(zone: dt.tzinfo | None) -> str:
    return zone.key if isinstance(zone, zoneinfo.ZoneInfo) else "UTC"


def clock(value: dt.datetime, language: str) -> str:
    """A time of day as Babel's short time for the language (``9:00\u202fAM``, ``09:00``)."""
    from babel.dates import format_time

    return str(format_time(value.replace(tzinfo=None), "short", locale=timefmt.babel_locale(language)))


def day_heading(day: dt.date, language: str) -> str:
    """``Tuesday 10 June 2031`` / ``Mardi 10 juin 2031``."""
    from babel.dates import format_date

    text = str(format_date(day, "EEEE d MMMM y", locale=timefmt.babel_locale(language)))
    return text[:1].upper() + text[1:]


def session_day(session: Session, zone: dt.tzinfo | None) -> dt.date | None:
    """The session's day in the programme's zone (its own date for a session with a day only)."""
    start = session.start
    if isinstance(start, dt.datetime):
        return start.astimezone(zone).date() if zone is not None else start.date()
    return start


def session_order(sessions: Sequence[Session], zone: dt.tzinfo | None) -> list[Session]:
    """Sessions by day, those with a day only first in their day, then by start; unscheduled last; stable."""

    def key(session: Session) -> tuple[int, dt.date, int, float]:
        day = session_day(session, zone)
        if day is None:
            return (1, dt.date.min, 0, 0.0)
        start = session.start
        if isinstance(start, dt.datetime):
            return (0, day, 1, start.timestamp())
        return (0, day, 0, 0.0)

    return sorted(sessions, key=key)


def _when(session: Session, zone: dt.tzinfo | None, language: str) -> tuple[TimePiece, ...]:
    """``9:00 AM – 9:30 AM CEST``: one abbreviation when both ends share it and the day; the end's day if it differs."""
    start = session.start
    if not isinstance(start, dt.datetime):
        return ()
    first = start.astimezone(zone)
    pieces = [TimePiece(text=clock(first, language), datetime=timefmt.iso_value(first))]
    if session.end is None:
        return (*pieces, TimePiece(text=f" {first.tzname()}"))
    last = session.end.astimezone(zone)
    same_day = last.date() == first.date()
    if not (same_day and first.tzname() == last.tzname()):
        pieces.append(TimePiece(text=f" {first.tzname()}"))
    pieces.append(TimePiece(text=DASH))
    day = "" if same_day else timefmt.format_day(last, language) + " "
    pieces.append(TimePiece(text=day + clock(last, language), datetime=timefmt.iso_value(last)))
    pieces.append(TimePiece(text=f" {last.tzname()}"))
    return tuple(pieces)


def _local(session: Session, zone: dt.tzinfo | None, language: str, t: Labels) -> str | None:
    """The session's own time when its zone is not the programme's.

    ``Local time: Jun 10, 2031 2:00 PM – 3:30 PM EDT (America/New_York)``.
    """
    start = session.start
    if not isinstance(start, dt.datetime) or _zone_key(start.tzinfo) == _zone_key(zone):
        return None
    own = start.tzinfo
    text = f"{timefmt.format_day(start, language)} {clock(start, language)}"
    if session.end is not None:
        end = session.end.astimezone(own)
        if end.tzname() != start.tzname():
            text += f" {start.tzname()}"
        day = "" if end.date() == start.date() else timefmt.format_day(end, language) + " "
        text += f"{DASH}{day}{clock(end, language)} {end.tzname()}"
    else:
        text += f" {start.tzname()}"
    return f"{t.get('Local time:')} {text} ({_zone_key(own)})"


def person_text(person: Person) -> str:
    """``Name, Affiliation`` (the affiliation after the first comma), as OECD agendas print speakers."""
    name = " ".join(person.name.split())
    if person.affiliation and person.affiliation.strip():
        return f"{name}, {' '.join(person.affiliation.split())}"
    return name


def _item(session: Session, event: Event, zone: dt.tzinfo | None, t: Labels, session_href: str | None) -> SessionItem:
    from stievents_oecd.view import paragraphs

    language = t.language
    title = " ".join(session.title.split())
    questions = {q.id: q for q in event.policy_questions if q.id}
    kind = KIND_LABELS.get(session.kind)
    people = tuple(
        (t.get(label), tuple(person_text(p) for p in getattr(session, attribute)))
        for attribute, label in PEOPLE_LABELS
        if getattr(session, attribute)
    )
    return SessionItem(
        id=session.id,
        title=title,
        when=_when(session, zone, language),
        kind=f"{t.get('Format:')} {t.get(kind, 'session kind')}" if kind else None,
        room=f"{t.get('Room:')} {' '.join(session.room.split())}" if session.room and session.room.strip() else None,
        local=_local(session, zone, language, t),
        people=people,
        questions=tuple(
            (" ".join(questions[qid].text.split()), qid) for qid in session.policy_question_ids if qid in questions
        ),
        question_label=t.get("Policy question:"),
        paragraphs=paragraphs(session.description),
        ics_href=session_href,
        ics_label=t.get("Add the session “{title}” to your calendar (.ics)").replace("{title}", title),
    )


def build_programme(event: Event, t: Labels, session_href: str | None = None) -> Programme | None:
    """The programme of ``event``, or ``None`` when it has no sessions.

    ``session_href`` is a template with ``{id}``/``{event_id}`` and
    ``{session_id}`` (already checked by the options class) for a link to each
    session's ``.ics``. Day headings are shown when the sessions fall on more
    than one day, or when a session has a day but no time (its day must be
    said); sessions without a day then come last, under "Other sessions".
    """
    if not event.sessions:
        return None
    from stievents_oecd.safety import safe_base

    language = t.language
    zone = display_zone(event)
    ordered = session_order(event.sessions, zone)
    days = [session_day(s, zone) for s in ordered]
    known = {d for d in days if d is not None}
    first_day = event.start.date() if isinstance(event.start, dt.datetime) else event.start
    last_day = event.end.date() if isinstance(event.end, dt.datetime) else event.end
    dated_only = any(s.start is not None and not isinstance(s.start, dt.datetime) for s in ordered)
    headed = bool(known) and (len(known | {first_day}) > 1 or first_day != last_day or dated_only)

    def href(session: Session) -> str | None:
        if session_href is None:
            return None
        return safe_base(session_href.format(id=event.id, event_id=event.id, session_id=session.id))

    groups: list[Day] = []
    current: list[SessionItem] = []
    current_day: dt.date | None = None
    started = False
    for session, day in zip(ordered, days, strict=True):
        if headed and (not started or day != current_day):
            if started:
                groups.append(_day(current_day, current, language, t))
            current, current_day, started = [], day, True
        current.append(_item(session, event, zone, t, href(session)))
    if headed:
        groups.append(_day(current_day, current, language, t))
    else:
        groups.append(Day(heading=None, anchor=None, sessions=tuple(current)))
    timed = any(isinstance(s.start, dt.datetime) for s in ordered)
    note = t.get("Times are in the {zone} time zone.").format(zone=_zone_key(zone)) if timed else None
    return Programme(heading=t.get("Programme"), zone_note=note, days=tuple(groups))


def _day(day: dt.date | None, sessions: list[SessionItem], language: str, t: Labels) -> Day:
    if day is None:
        return Day(heading=t.get("Other sessions"), anchor="programme-other", sessions=tuple(sessions))
    return Day(heading=day_heading(day, language), anchor=f"programme-{day.isoformat()}", sessions=tuple(sessions))

"""Tidy data frames of a catalogue for analysts: pandas or polars, one row per event, session, ...

:func:`to_frame` builds one table per ``level``, each row one observation:

``event``
    one row per event (``event_id``);
``session``
    one row per session of the programme (``event_id``, ``session_id``);
``organiser``
    one row per (event, organiser), with one boolean column per role;
``classification``
    one row per classification cited, by the event itself (``question_id``
    null) or by one of its policy questions;
``policy_question``
    one row per (event, policy question), with the number of sessions that
    address it.

Every table has ``event_id``; the session table also ``session_id``; so any two
join on ``event_id`` (and a session's ``policy_question_ids`` need no list column:
``sessions`` in the question table counts them).

Time: a frame column holds instants of one zone only, while events are
published in many. So ``start`` and ``end`` are **UTC instants** (timezone-aware
columns, microsecond resolution, so that years up to 9999 fit), ``timezone``
names the zone the event (or the session) is published in, ``start_local`` is
the naive wall-clock time there, and ``start_date``/``end_date`` are the days
in that zone: for an all-day event (``all_day`` true) these dates are all there
is, and ``start``/``end``/``timezone`` are null. With pandas the dates are
``datetime64[s]`` at midnight (pandas has no date type of its own); with
polars they are ``Date``.

Enums are their string values (``"workshop"``); counts are integers; text is
text. pandas and polars are optional: ``pip install 'stievents[pandas]'`` or
``'stievents[polars]'``; a missing one raises
:class:`~stievents._extras.MissingExtraError` (an ``ImportError``) naming the extra.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Literal

from stievents._extras import require
from stievents.model import Classification, Event, OrganiserRole, Session, Temporal
from stievents.statistics import scheme_labels, status_of

__all__ = ["ENGINES", "LEVELS", "to_frame"]

Level = Literal["event", "session", "organiser", "classification", "policy_question"]
Engine = Literal["pandas", "polars"]

LEVELS: tuple[str, ...] = ("event", "session", "organiser", "classification", "policy_question")
ENGINES: tuple[str, ...] = ("pandas", "polars")

# The kind of each column: str, int, float, bool, utc (aware datetime), naive (datetime), date.
Columns = dict[str, tuple[str, list[Any]]]


def to_frame(events: Iterable[Event], level: Level = "event", engine: Engine = "pandas") -> Any:
    """A tidy table of ``events`` at ``level`` (see the module's docstring), as a pandas or polars DataFrame."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; levels: {', '.join(LEVELS)}")
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
    library = require(engine, engine, f"to_frame(engine={engine!r})")
    columns = _BUILDERS[level](list(events))
    return _pandas(library, columns) if engine == "pandas" else _polars(library, columns)


# ------------------------------------------------------------------ the tables


def _table(spec: Iterable[tuple[str, str]]) -> Columns:
    return {name: (kind, []) for name, kind in spec}


def _add(columns: Columns, **values: Any) -> None:
    for name, (_, column) in columns.items():
        column.append(values[name])


def _times(start: Temporal | None, end: Temporal | None) -> dict[str, Any]:
    """The time columns of a start and end (see the module's docstring)."""
    if isinstance(start, dt.datetime):
        zone = getattr(start.tzinfo, "key", None)
        return {
            "start": start.astimezone(dt.UTC),
            "end": end.astimezone(dt.UTC) if isinstance(end, dt.datetime) else None,
            "timezone": zone,
            "start_local": start.replace(tzinfo=None),
            "start_date": start.date(),
            "end_date": end.date() if isinstance(end, dt.datetime) else None,
        }
    return {
        "start": None,
        "end": None,
        "timezone": None,
        "start_local": None,
        "start_date": start,
        "end_date": end.date() if isinstance(end, dt.datetime) else end,
    }


_TIME_COLUMNS = [
    ("start", "utc"),
    ("end", "utc"),
    ("timezone", "str"),
    ("start_local", "naive"),
    ("start_date", "date"),
    ("end_date", "date"),
]


def _events(events: list[Event]) -> Columns:
    columns = _table(
        [
            ("event_id", "str"),
            ("title", "str"),
            ("event_type", "str"),
            ("scope", "str"),
            ("status", "str"),
            ("moved_online", "bool"),
            ("attendance_mode", "str"),
            ("all_day", "bool"),
            *_TIME_COLUMNS,
            ("year", "int"),
            ("country", "str"),
            ("locality", "str"),
            ("text_language", "str"),
            ("sessions", "int"),
            ("organisers", "int"),
            ("policy_questions", "int"),
            ("url", "str"),
        ]
    )
    for event in events:
        venue = event.venue
        _add(
            columns,
            event_id=event.id,
            title=event.title,
            event_type=_value(event.event_type),
            scope=_value(event.scope),
            status=event.status.value,
            moved_online=status_of(event).value == "moved-online",
            attendance_mode=_value(event.attendance_mode),
            all_day=not isinstance(event.start, dt.datetime),
            **_times(event.start, event.end),
            year=event.start.year,
            country=venue.country if venue else None,
            locality=venue.locality if venue else None,
            text_language=event.text_language,
            sessions=len(event.sessions),
            organisers=len(event.organisers),
            policy_questions=len(event.policy_questions),
            url=event.url,
        )
    return columns


def _duration(session: Session) -> float | None:
    if isinstance(session.start, dt.datetime) and session.end is not None:
        return (session.end - session.start).total_seconds() / 60
    return None


def _sessions(events: list[Event]) -> Columns:
    columns = _table(
        [
            ("event_id", "str"),
            ("session_id", "str"),
            ("title", "str"),
            ("kind", "str"),
            *_TIME_COLUMNS,
            ("duration_minutes", "float"),
            ("room", "str"),
            ("speakers", "int"),
            ("policy_questions", "int"),
        ]
    )
    for event in events:
        for session in event.sessions:
            _add(
                columns,
                event_id=event.id,
                session_id=session.id,
                title=session.title,
                kind=session.kind.value,
                **_times(session.start, session.end),
                duration_minutes=_duration(session),
                room=session.room,
                speakers=len(session.speakers),
                policy_questions=len(session.policy_question_ids),
            )
    return columns


def _role_column(role: OrganiserRole) -> str:
    return role.value.replace("-", "_")


def _organisers(events: list[Event]) -> Columns:
    roles = list(OrganiserRole)
    columns = _table(
        [
            ("event_id", "str"),
            ("organiser", "str"),
            ("acronym", "str"),
            ("country", "str"),
            ("ror", "str"),
            ("url", "str"),
            *((_role_column(role), "bool") for role in roles),
        ]
    )
    for event in events:
        for organiser in event.organisers:
            _add(
                columns,
                event_id=event.id,
                organiser=organiser.name,
                acronym=organiser.acronym,
                country=organiser.country,
                ror=organiser.ror,
                url=organiser.url,
                **{_role_column(role): role in organiser.roles for role in roles},
            )
    return columns


def _classifications(events: list[Event]) -> Columns:
    labels = scheme_labels()
    columns = _table(
        [
            ("event_id", "str"),
            ("question_id", "str"),
            ("scheme", "str"),
            ("code", "str"),
            ("label", "str"),
            ("edition", "str"),
        ]
    )
    for event in events:
        cited: list[tuple[str | None, Classification]] = [(None, c) for c in event.classifications]
        cited += [(q.id, c) for q in event.policy_questions for c in q.classifications]
        for question_id, classification in cited:
            label_of = labels.get(classification.scheme)
            known = label_of(classification.code) if label_of is not None else None
            _add(
                columns,
                event_id=event.id,
                question_id=question_id,
                scheme=classification.scheme,
                code=classification.code,
                label=known or classification.label,
                edition=classification.edition,
            )
    return columns


def _policy_questions(events: list[Event]) -> Columns:
    columns = _table([("event_id", "str"), ("question_id", "str"), ("question", "str"), ("sessions", "int")])
    for event in events:
        cited: dict[str, int] = {}
        for session in event.sessions:
            for question_id in set(session.policy_question_ids):
                cited[question_id] = cited.get(question_id, 0) + 1
        for question in event.policy_questions:
            _add(
                columns,
                event_id=event.id,
                question_id=question.id,
                question=question.text,
                sessions=cited.get(question.id, 0) if question.id else 0,
            )
    return columns


def _value(member: Any) -> str | None:
    return None if member is None else str(member.value)


_BUILDERS: dict[str, Callable[[list[Event]], Columns]] = {
    "event": _events,
    "session": _sessions,
    "organiser": _organisers,
    "classification": _classifications,
    "policy_question": _policy_questions,
}


# ------------------------------------------------------------------ the engines


def _pandas(pd: Any, columns: Columns) -> Any:
    dtypes = {
        "str": "string",
        "int": "Int64",
        "float": "Float64",
        "bool": "boolean",
        "utc": "datetime64[us, UTC]",
        "naive": "datetime64[us]",
        "date": "datetime64[s]",
    }
    data = {name: pd.Series(values, dtype=dtypes[kind]) for name, (kind, values) in columns.items()}
    return pd.DataFrame(data)


def _polars(pl: Any, columns: Columns) -> Any:
    dtypes = {
        "str": pl.Utf8,
        "int": pl.Int64,
        "float": pl.Float64,
        "bool": pl.Boolean,
        "utc": pl.Datetime("us", "UTC"),
        "naive": pl.Datetime("us"),
        "date": pl.Date,
    }
    return pl.DataFrame([pl.Series(name, values, dtype=dtypes[kind]) for name, (kind, values) in columns.items()])

"""The peer msgspec Structs: the same shape and rules as ours (``__post_init__`` runs on decode).

``gc=False`` and a reused typed Decoder follow msgspec's performance tips; the events
hold no reference cycles, so untracked Structs are safe. No ``from __future__ import
annotations`` here: msgspec resolves the annotations of these module-level classes.
"""

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta, Struct

from benchmarks._peer_rules import (
    COUNTRY,
    ID,
    LANGUAGE,
    URL,
    EventType,
    Kind,
    Mode,
    Role,
    Scope,
    Status,
    check_event,
    check_zone,
)

__all__ = ["DECODER", "ENCODER", "Event"]

Text = Annotated[str, Meta(min_length=1)]
Url = Annotated[str, Meta(pattern=URL)]
Aware = Annotated[dt.datetime, Meta(tz=True)]
Country = Annotated[str, Meta(pattern=COUNTRY)]
Id = Annotated[str, Meta(pattern=ID)]


class Venue(Struct, frozen=True, gc=False, forbid_unknown_fields=True, omit_defaults=True):
    name: str | None = None
    locality: str | None = None
    country: Country | None = None
    timezone: str | None = None
    rooms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_zone(self.timezone)


class VirtualLocation(Struct, frozen=True, gc=False, forbid_unknown_fields=True, omit_defaults=True):
    url: Url | None = None
    platform: str | None = None


class Organiser(Struct, frozen=True, gc=False, forbid_unknown_fields=True, omit_defaults=True):
    name: Text
    roles: Annotated[tuple[Role, ...], Meta(min_length=1)]
    acronym: str | None = None
    country: Country | None = None
    url: Url | None = None


class PolicyQuestion(Struct, frozen=True, gc=False, forbid_unknown_fields=True, omit_defaults=True):
    id: Id
    text: Text


class Session(Struct, frozen=True, gc=False, forbid_unknown_fields=True, omit_defaults=True):
    id: Id
    title: Text
    kind: Kind
    start: Aware
    end: Aware
    description: str | None = None
    room: str | None = None
    policy_question_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("end must not be before start")


class Event(Struct, frozen=True, gc=False, forbid_unknown_fields=True, omit_defaults=True):
    id: Id
    title: Text
    timezone: str
    start: Aware
    end: Aware
    subtitle: str | None = None
    description: str | None = None
    text_language: Annotated[str, Meta(pattern=LANGUAGE)] | None = None
    event_type: EventType | None = None
    scope: Scope | None = None
    status: Status = Status.SCHEDULED
    attendance_mode: Mode | None = None
    venue: Venue | None = None
    virtual_location: VirtualLocation | None = None
    organisers: tuple[Organiser, ...] = ()
    sessions: tuple[Session, ...] = ()
    policy_questions: tuple[PolicyQuestion, ...] = ()
    topics: tuple[str, ...] = ()
    url: Url | None = None

    def __post_init__(self) -> None:
        check_event(self)


DECODER = msgspec.json.Decoder(list[Event])
ENCODER = msgspec.json.Encoder()

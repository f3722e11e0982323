"""The peer pydantic v2 models: the same shape and rules as ours, read through a TypeAdapter over a list.

No ``from __future__ import annotations`` here: the models are resolved at class creation.
"""

import datetime as dt
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

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

__all__ = ["ADAPTER", "Event"]

_CONFIG = ConfigDict(frozen=True, extra="forbid")
Text = Annotated[str, Field(min_length=1)]
Url = Annotated[str, Field(pattern=URL)]
Country = Annotated[str, Field(pattern=COUNTRY)]
Id = Annotated[str, Field(pattern=ID)]


class Venue(BaseModel):
    model_config = _CONFIG
    name: str | None = None
    locality: str | None = None
    country: Country | None = None
    timezone: str | None = None
    rooms: tuple[str, ...] = ()

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        check_zone(value)
        return value


class VirtualLocation(BaseModel):
    model_config = _CONFIG
    url: Url | None = None
    platform: str | None = None


class Organiser(BaseModel):
    model_config = _CONFIG
    name: Text
    roles: tuple[Role, ...] = Field(min_length=1)
    acronym: str | None = None
    country: Country | None = None
    url: Url | None = None


class PolicyQuestion(BaseModel):
    model_config = _CONFIG
    id: Id
    text: Text


class Session(BaseModel):
    model_config = _CONFIG
    id: Id
    title: Text
    kind: Kind
    description: str | None = None
    start: AwareDatetime
    end: AwareDatetime
    room: str | None = None
    policy_question_ids: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _order(self) -> "Session":
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self


class Event(BaseModel):
    model_config = _CONFIG
    id: Id
    title: Text
    subtitle: str | None = None
    description: str | None = None
    text_language: Annotated[str, Field(pattern=LANGUAGE)] | None = None
    event_type: EventType | None = None
    scope: Scope | None = None
    status: Status = Status.SCHEDULED
    timezone: str
    start: AwareDatetime
    end: AwareDatetime
    attendance_mode: Mode | None = None
    venue: Venue | None = None
    virtual_location: VirtualLocation | None = None
    organisers: tuple[Organiser, ...] = ()
    sessions: tuple[Session, ...] = ()
    policy_questions: tuple[PolicyQuestion, ...] = ()
    topics: tuple[str, ...] = ()
    url: Url | None = None

    @model_validator(mode="after")
    def _rules(self) -> "Event":
        check_event(self)
        return self


ADAPTER: TypeAdapter[list[Event]] = TypeAdapter(list[Event])
_ = dt  # datetime is the runtime type behind AwareDatetime

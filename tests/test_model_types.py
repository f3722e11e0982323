"""Every model object checks the types of its fields when built (issue 13, item 1).

The policy (``stievents._typecheck``): an enum's value becomes its member, a list
becomes a tuple, an int becomes a float; every other wrong type is refused with
its path, all problems of the object at once. The generated tests below build
every class of the model with a wrong value in every field.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import zoneinfo
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import stievents
from stievents import _typecheck, fieldtypes, model, recurrence
from stievents.errors import InvalidEventError, ValidationError
from stievents.fieldtypes import FieldType, Shape
from stievents.model import (
    Event,
    EventStatus,
    Geo,
    Organiser,
    OrganiserRole,
    Person,
    Session,
    StatusChange,
    Venue,
)
from stievents.testing import strategies as sst

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
START = dt.datetime(2020, 3, 5, 9, 30, tzinfo=PARIS)
END = dt.datetime(2020, 3, 6, 16, 30, tzinfo=PARIS)


def make(**changes: Any) -> Event:
    fields: dict[str, Any] = {"id": "e1", "title": "A workshop", "start": START, "end": END}
    fields.update(changes)
    return Event(**fields)


def problems_of(build: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        build(**kwargs)
    assert isinstance(info.value, InvalidEventError)
    return {p.path: p.message for p in info.value.problems}


# ------------------------------------------------------------------ the examples


def test_a_status_given_as_its_value_becomes_the_member_and_exports() -> None:
    event = make(status="postponed")
    assert event.status is EventStatus.POSTPONED
    assert stievents.loads(stievents.dumps([event])) == [event]  # dumps raised AttributeError
    assert b"STATUS:TENTATIVE" in stievents.export(event, "ics")  # raised KeyError: 'postponed'


def test_an_unknown_status_is_refused_with_the_choices() -> None:
    found = problems_of(make, status="delayed")
    assert found == {
        "$.status": "expected an EventStatus (one of 'scheduled', 'postponed', 'rescheduled', 'cancelled', "
        "'moved-online'), got the string 'delayed'"
    }


def test_speakers_given_as_names_are_refused() -> None:
    found = problems_of(Session, id="s1", title="Opening", speakers=("Mathias Cormann",))
    assert found == {"$.speakers[0]": "expected a Person, got the string 'Mathias Cormann'"}


def test_speakers_given_as_one_person_are_refused() -> None:
    found = problems_of(Session, id="s1", title="Opening", speakers=Person(name="Mathias Cormann"))
    assert found == {"$.speakers": "expected a tuple of Person, got a Person"}


def test_the_problem_is_reported_inside_an_event_built_from_plain_data() -> None:
    document = stievents.dumps([make(sessions=(Session(id="s1", title="Opening"),))])
    broken = document.replace('"title": "Opening"', '"title": "Opening",\n"speakers": ["Mathias Cormann"]')
    with pytest.raises(ValidationError) as info:
        stievents.loads(broken)
    assert [p.path for p in info.value.problems] == ["$.events[0].sessions[0].speakers[0]"]


def test_organisers_given_as_a_list_become_a_tuple() -> None:
    organisers = [Organiser(name="OECD", roles=[OrganiserRole.HOST]), Organiser(name="HSE", roles=["partner"])]
    event = make(organisers=organisers)
    assert type(event.organisers) is tuple
    assert event.organisers[1].roles == (OrganiserRole.PARTNER,)
    assert hash(event) == hash(make(organisers=tuple(organisers)))  # hash raised TypeError: unhashable list
    assert stievents.loads(stievents.dumps([event])) == [event]  # was False: a list is not equal to a tuple
    assert stievents.validate(event) == []


def test_validate_is_never_given_a_mistyped_event() -> None:
    """``validate`` returned ``[]`` for a session of names: such an event can no longer be built at all."""
    with pytest.raises(ValidationError) as info:
        make(sessions=(Session(id="s1", title="Opening", speakers=("Mathias Cormann",)),))
    assert [p.path for p in info.value.problems] == ["$.speakers[0]"]
    event = make(sessions=[Session(id="s1", title="Opening", speakers=[Person(name="Mathias Cormann")])])
    assert stievents.validate(event) == []
    assert event.sessions[0].speakers == (Person(name="Mathias Cormann"),)


def test_every_wrong_type_of_an_object_is_reported_at_once_with_its_text_problems() -> None:
    found = problems_of(make, title=5, venue="Paris", revision=True, description="bad\x00", sessions=[1])
    assert set(found) == {"$.title", "$.venue", "$.revision", "$.description", "$.sessions[0]"}
    assert found["$.title"] == "expected a string, got the number 5"
    assert found["$.venue"] == "expected a Venue or None, got the string 'Paris'"
    assert found["$.revision"] == "expected an integer, got the boolean True"
    assert found["$.sessions[0]"] == "expected a Session, got the number 1"
    assert "control character U+0000" in found["$.description"]


def test_a_date_is_refused_where_only_a_datetime_is_declared() -> None:
    found = problems_of(StatusChange, status=EventStatus.CANCELLED, changed_at=dt.date(2020, 3, 1))
    assert found == {"$.changed_at": "expected an aware datetime or None, got the date 2020-03-01"}


def test_an_int_becomes_a_float_but_a_bool_is_no_number() -> None:
    geo = Geo(latitude=55, longitude=37.6)
    assert type(geo.latitude) is float
    assert geo == Geo(latitude=55.0, longitude=37.6)
    assert set(problems_of(Geo, latitude=True, longitude=37.6)) == {"$.latitude"}


def test_a_string_is_not_a_tuple_of_strings_and_a_set_is_not_a_tuple() -> None:
    assert problems_of(Venue, name="x", rooms="Room A") == {
        "$.rooms": "expected a tuple of strings, got the string 'Room A'"
    }
    assert problems_of(Venue, name="x", rooms={"Room A"}) == {"$.rooms": "expected a tuple of strings, got a set"}


def test_the_recurrence_classes_check_their_types() -> None:
    found = problems_of(recurrence.Recurrence, rule="FREQ=WEEKLY;COUNT=4", rdates=["2020-03-12"], overrides=[1])
    assert found == {
        "$.rdates[0]": "expected a date or an aware datetime, got the string '2020-03-12'",
        "$.overrides[0]": "expected an Override, got the number 1",
    }
    rule = recurrence.Recurrence(rule="FREQ=WEEKLY;COUNT=4", exdates=[dt.date(2020, 3, 12)])
    assert rule.exdates == (dt.date(2020, 3, 12),)
    assert hash(rule) == hash(recurrence.Recurrence(rule="FREQ=WEEKLY;COUNT=4", exdates=(dt.date(2020, 3, 12),)))


def test_text_of_a_recurrence_is_still_searched_by_its_event() -> None:
    rule = recurrence.Recurrence(
        rule="FREQ=DAILY;COUNT=2",
        overrides=(recurrence.Override(recurrence_id=dt.date(2020, 3, 6), title="bad\x07"),),
    )
    found = problems_of(make, start=dt.date(2020, 3, 5), end=dt.date(2020, 3, 5), recurrence=rule)
    assert set(found) == {"$.recurrence.overrides[0].title"}


def test_the_canonical_reader_never_needs_the_careful_type_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the canonical JSON reader builds has exactly its declared types: the generated check suffices."""
    from benchmarks.generate import stievents_events

    text = stievents.dumps([*stievents_events(20), stievents.example("oecd-co-creation-2020")])

    def refuse(owner: object) -> list[Any]:
        raise AssertionError(f"the careful type check ran for a {type(owner).__name__}")

    monkeypatch.setattr(_typecheck, "type_problems", refuse)
    events = stievents.loads(text)
    assert stievents.dumps(events) == text


@settings(max_examples=30, deadline=None)
@given(sst.events(hostile=True))
def test_an_event_rebuilt_with_lists_for_its_tuples_is_the_same_event(event: Event) -> None:
    values = {
        field.alias: list(value) if isinstance(value, tuple) else value
        for field in attrs.fields(Event)
        for value in [getattr(event, field.name)]
    }
    rebuilt = Event(**values)
    assert rebuilt == event
    assert hash(rebuilt) == hash(event)


# ------------------------------------------------------------------ generated: every class, every field


def _model_classes() -> list[type]:
    found = []
    for module in (model, recurrence):
        for _, value in inspect.getmembers(module, inspect.isclass):
            if attrs.has(value) and value.__module__ == module.__name__:
                found.append(value)
    return found


def _baseline(cls: type) -> dict[str, Any]:
    """The smallest valid keyword arguments of each model class."""
    day = dt.date(2020, 3, 12)
    return {
        model.Geo: {"latitude": 1.5, "longitude": 2.5},
        model.Image: {"url": "https://example.org/a.png"},
        model.Translation: {"language": "fr", "title": "Atelier"},
        model.StatusChange: {"status": EventStatus.SCHEDULED},
        model.Classification: {"scheme": "sdg", "code": "9"},
        model.PolicyQuestion: {"text": "Why?"},
        model.Organiser: {"name": "OECD"},
        model.Person: {"name": "Ms X"},
        model.Contact: {"name": "Ms X"},
        model.Venue: {"name": "OECD Conference Centre"},
        model.VirtualLocation: {},
        model.LanguageUse: {"tag": "en"},
        model.Registration: {},
        model.Project: {"name": "STI"},
        model.Reference: {"citation": "OECD (2013)"},
        model.CitedExample: {"name": "A lab"},
        model.RelatedEvent: {"id": "other"},
        model.Session: {"id": "s1", "title": "Opening"},
        model.Event: {"id": "e1", "title": "A workshop", "start": START, "end": END},
        recurrence.Override: {"recurrence_id": day},
        recurrence.Recurrence: {"rule": "FREQ=WEEKLY;COUNT=4"},
        recurrence.Occurrence: {"start": day, "end": day, "recurrence_id": day},
    }[cls]


def _sample(kind: FieldType) -> Any:
    """A valid value of ``kind`` (its items valid in every class's context too)."""
    if kind.shape is Shape.SCALAR:
        return {str: "x", int: 1, float: 1.5, bool: True}[kind.cls]  # type: ignore[index]
    if kind.shape is Shape.TEMPORAL:
        return dt.date(2020, 3, 5) if kind.dates else START
    if kind.shape is Shape.ENUM:
        return next(iter(kind.cls))  # type: ignore[call-overload]
    if kind.shape is Shape.RECORD:
        assert kind.cls is not None
        return kind.cls(**_baseline(kind.cls))
    assert kind.item is not None
    return (_sample(kind.item),)


def _wrong(kind: FieldType) -> Any:
    """A value no conversion accepts for ``kind``."""
    if kind.shape is Shape.SCALAR:
        return {str: 5, int: "5", float: "1.5", bool: 1}[kind.cls]  # type: ignore[index]
    if kind.shape is Shape.TEMPORAL:
        return "2020-03-05" if kind.dates else dt.date(2020, 3, 5)
    if kind.shape is Shape.RECORD:
        return "text"
    if kind.shape is Shape.ENUM:
        return "no-such-value"
    return 5


def _cases() -> Iterator[Any]:
    for cls in _model_classes():
        for field in fieldtypes.fields(cls):
            kind = field.type
            where = f"{cls.__name__}.{field.name}"
            yield pytest.param(cls, field.name, _wrong(kind), f"$.{field.name}", id=f"{where}-wrong")
            if not kind.optional:
                yield pytest.param(cls, field.name, None, f"$.{field.name}", id=f"{where}-none")
            if kind.shape is Shape.TUPLE:
                assert kind.item is not None
                item = _sample(kind.item)
                yield pytest.param(cls, field.name, item, f"$.{field.name}", id=f"{where}-bare-item")
                yield pytest.param(cls, field.name, (_wrong(kind.item),), f"$.{field.name}[0]", id=f"{where}-item")
                yield pytest.param(cls, field.name, [item], None, id=f"{where}-list")
            if kind.shape is Shape.ENUM:
                assert kind.cls is not None
                member = _sample(kind)
                yield pytest.param(cls, field.name, member.value, None, id=f"{where}-value")
                other = OrganiserRole.HOST if kind.cls is not OrganiserRole else EventStatus.SCHEDULED
                yield pytest.param(cls, field.name, other, f"$.{field.name}", id=f"{where}-other-enum")
            if kind.shape is Shape.SCALAR and kind.cls in (int, float):
                yield pytest.param(cls, field.name, True, f"$.{field.name}", id=f"{where}-bool")
            if kind.shape is Shape.SCALAR and kind.cls is float:
                yield pytest.param(cls, field.name, 2, None, id=f"{where}-int")


def test_every_class_of_the_model_is_covered() -> None:
    names = {cls.__name__ for cls in _model_classes()}
    assert {"Event", "Session", "Person", "Recurrence", "Override", "Occurrence"} <= names
    for cls in _model_classes():
        cls(**_baseline(cls))  # the baselines are valid


def _conforms(kind: FieldType, value: Any) -> bool:
    """True when ``value`` is exactly of the declared ``kind`` (what the model stores, whatever it was given)."""
    if value is None:
        return kind.optional
    if kind.shape is Shape.SCALAR:
        return type(value) is kind.cls
    if kind.shape is Shape.TEMPORAL:
        return isinstance(value, dt.date if kind.dates else dt.datetime)
    if kind.shape in (Shape.ENUM, Shape.RECORD):
        return type(value) is kind.cls
    assert kind.item is not None
    return type(value) is tuple and all(_conforms(kind.item, item) for item in value)


@pytest.mark.parametrize(("cls", "name", "value", "path"), list(_cases()))
def test_a_wrong_type_is_refused_or_converted(cls: type, name: str, value: Any, path: str | None) -> None:
    kwargs = {**_baseline(cls), fieldtypes.field(cls, name).alias: value}
    if path is not None:
        with pytest.raises(InvalidEventError) as info:
            cls(**kwargs)
        problems = {p.path: p.message for p in info.value.problems}
        assert path in problems
        assert problems[path].startswith(("expected ", "is required")), problems[path]
        return
    built = cls(**kwargs)
    stored = getattr(built, name)
    kind = fieldtypes.field(cls, name).type
    assert _conforms(kind, stored), stored
    if isinstance(value, list):
        assert list(stored) == value
    elif isinstance(stored, enum.Enum):
        assert stored.value == value
    else:
        assert stored == value
    hash(built)

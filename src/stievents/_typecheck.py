"""The type check every model object runs when it is built, generated once per class from its field types.

Why: attrs stores whatever ``__init__`` is given. A string where an enum was
declared (``status="postponed"``), a list where a tuple was (``organisers=[...]``)
or a string where a :class:`~stievents.model.Person` was (``speakers=("Ms X",)``)
was accepted, and failed much later, far from its cause: an unhashable event, an
``AttributeError`` in an exporter, an ``==`` that no longer held after a round
trip. The type rules are read from the annotations by :mod:`stievents.fieldtypes`.

The policy, the same for every class:

- an enum given as one of its values (a string) becomes the member
  (``"postponed"`` gives ``EventStatus.POSTPONED``); any other value is refused,
  so an enum field never holds a string;
- a list given for a tuple becomes a tuple (its items checked and converted in
  turn); sets, strings, single objects and other iterables are refused;
- an ``int`` given for a ``float`` becomes a float; ``bool`` is not an ``int``
  here, and ``int`` is not a ``bool``;
- a datetime field takes a :class:`datetime.datetime` only, a date-or-datetime
  field (``dt.date``, :data:`~stievents.model.Temporal`) either; whether the
  datetime is aware, in a named zone and not in a DST gap stays the business of
  :func:`stievents._time.check_temporal`, run by the model's value checks;
- an instance of a subclass of the declared class is kept as it is;
- anything else of the wrong type (an object of the wrong class, a number for a
  string, ``None`` for a required field) is refused with its path and what was
  given: ``$.speakers[0]: expected a Person, got the string 'Mathias Cormann'``.

Cost: :func:`generate_check` compiles, per class, a function that only compares
classes (``v.__class__ is str``) and walks tuples, so the common case (every value
of exactly its declared type, as the canonical JSON reader builds them) costs
about as much as reading the fields once. Only when it says no does
:func:`type_problems` (plain Python, the one authority on conversions and
messages) run.
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from collections.abc import Callable
from typing import Any

from stievents import fieldtypes
from stievents.errors import InvalidEventError, Problem
from stievents.fieldtypes import FieldType, Shape

__all__ = ["check_types", "describe_value", "expected", "generate_check", "type_problems"]


# ------------------------------------------------------------------ words


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


_SCALAR_WORDS = {str: ("a string", "strings"), int: ("an integer", "integers"), float: ("a number", "numbers")}
_SCALAR_WORDS[bool] = ("True or False", "booleans")


def expected(kind: FieldType) -> str:
    """What a value of type ``kind`` is, in words (``an aware datetime``, ``a tuple of Person``)."""
    text = _expected(kind)
    return f"{text} or None" if kind.optional else text


def _expected(kind: FieldType) -> str:
    shape = kind.shape
    if shape is Shape.SCALAR:
        assert kind.cls is not None
        return _SCALAR_WORDS[kind.cls][0]
    if shape is Shape.TEMPORAL:
        return "a date or an aware datetime" if kind.dates else "an aware datetime"
    if shape is Shape.ENUM:
        assert kind.cls is not None
        choices = ", ".join(repr(member.value) for member in typing.cast(type[enum.Enum], kind.cls))
        return f"{_article(kind.cls.__name__)} (one of {choices})"
    if shape is Shape.RECORD:
        assert kind.cls is not None
        return _article(kind.cls.__name__)
    if shape is Shape.TUPLE:
        assert kind.item is not None
        return f"a tuple of {_plural(kind.item)}"
    return str(kind.annotation)  # pragma: no cover - no check applies to other shapes


def _plural(kind: FieldType) -> str:
    if kind.shape is Shape.SCALAR:
        assert kind.cls is not None
        return _SCALAR_WORDS[kind.cls][1]
    if kind.shape is Shape.TEMPORAL:
        return "dates or aware datetimes" if kind.dates else "aware datetimes"
    if kind.cls is not None:
        return kind.cls.__name__
    return _expected(kind)  # pragma: no cover - the model has no tuples of tuples


def describe_value(value: object) -> str:
    """A value as a message names it: ``the string 'x'``, ``the number 5``, ``the date 2020-03-05``, ``a list``."""
    if value is None:
        return "None"
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, bool):
        return f"the boolean {value!r}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, dt.datetime):
        return "a datetime"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return _article(type(value).__name__)


# ------------------------------------------------------------------ the careful path


def type_problems(owner: object) -> list[Problem]:
    """Check every field of ``owner`` against its declared type; convert what the policy converts.

    Conversions are stored on ``owner`` (with :func:`object.__setattr__`, as the
    class is frozen) before anything else looks at it. Returns every problem,
    paths relative to ``owner`` (``$.speakers[0]``).
    """
    problems: list[Problem] = []
    for field in fieldtypes.fields(type(owner)):
        value = getattr(owner, field.name)
        checked = _check(field.type, value, field.name, problems, required=field.required)
        if checked is not value:
            object.__setattr__(owner, field.name, checked)
    return problems


def _check(kind: FieldType, value: Any, path: str, problems: list[Problem], *, required: bool = False) -> Any:
    """``value``, converted if the policy says so; a problem appended when it is of the wrong type."""
    shape = kind.shape
    if shape is Shape.OTHER:
        return value
    if value is None:
        if not kind.optional:
            problems.append(Problem(path=f"$.{path}", message="is required" if required else _wrong(kind, value)))
        return value
    cls = kind.cls
    if shape is Shape.SCALAR:
        if cls is float and isinstance(value, int) and not isinstance(value, bool):
            try:
                return float(value)
            except OverflowError:
                pass
        elif isinstance(value, typing.cast(type, cls)) and (cls is not int or not isinstance(value, bool)):
            return value
    elif shape is Shape.TEMPORAL:
        if isinstance(value, dt.date if kind.dates else dt.datetime):
            return value
    elif shape is Shape.ENUM:
        enum_class = typing.cast(type[enum.Enum], cls)
        if isinstance(value, enum_class):
            return value
        if isinstance(value, str) and not isinstance(value, enum.Enum):
            try:
                return enum_class(value)
            except ValueError:
                pass
    elif shape is Shape.RECORD:
        if isinstance(value, typing.cast(type, cls)):
            return value
    elif shape is Shape.TUPLE and isinstance(value, tuple | list):
        item = kind.item
        assert item is not None
        items = [_check(item, v, f"{path}[{index}]", problems) for index, v in enumerate(value)]
        if type(value) is tuple and all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return tuple(items)
    problems.append(Problem(path=f"$.{path}", message=_wrong(kind, value)))
    return value


def _wrong(kind: FieldType, value: object) -> str:
    return f"expected {expected(kind)}, got {describe_value(value)}"


def summary(owner: str, problems: list[Problem]) -> str:
    """The message of the :class:`InvalidEventError` raised for ``problems`` of an ``owner`` object."""
    return f"invalid {owner}: " + "; ".join(f"{p.path[2:]}: {p.message}" for p in problems)


# ------------------------------------------------------------------ the fast path


def generate_check(
    cls: type,
    *,
    search: Callable[[str], object] | None = None,
    nested: Callable[[type], Callable[[Any], bool] | None] | None = None,
) -> Callable[[Any], bool]:
    """Compile ``check(obj)``: True when every field of the ``cls`` object ``obj`` has exactly its declared type.

    False means "ask :func:`type_problems`", not "wrong": a subclass, a list for
    a tuple or an int for a float are left to it. With ``search``, a string
    field or item for which ``search(text)`` is not ``None`` also gives False
    (the model's scan for unencodable text rides on the same walk). With
    ``nested``, an attrs object inside must also pass ``nested(its class)``
    when that returns a function.
    """
    names: dict[str, Any] = {"DT": dt.datetime, "D": dt.date, "search": search}
    lines = ["def check(o):"]
    for field in fieldtypes.fields(cls):
        body = _lines(field.type, "v", 0, names, search is not None, nested)
        if body:
            lines.append(f"    v = o.{field.name}")
            lines.extend("    " + line for line in body)
    lines.append("    return True")
    namespace = dict(names)
    exec(compile("\n".join(lines) + "\n", f"<stievents type check {cls.__name__}>", "exec"), namespace)
    return typing.cast(Callable[[Any], bool], namespace["check"])


def _lines(
    kind: FieldType,
    x: str,
    depth: int,
    names: dict[str, Any],
    text: bool,
    nested: Callable[[type], Callable[[Any], bool] | None] | None,
) -> list[str]:
    """Statements that ``return False`` unless the variable ``x`` is exactly of type ``kind``."""
    shape = kind.shape
    lines: list[str] = []
    if shape is Shape.SCALAR:
        assert kind.cls is not None
        condition = f"{x}.__class__ is not {kind.cls.__name__}"
        if kind.cls is str and text:
            condition += f" or search({x}) is not None"
        lines.append(f"if {condition}: return False")
    elif shape is Shape.TEMPORAL:
        if kind.dates:
            lines.append(f"if {x}.__class__ is not DT and {x}.__class__ is not D: return False")
        else:
            lines.append(f"if {x}.__class__ is not DT: return False")
    elif shape is Shape.ENUM or shape is Shape.RECORD:
        assert kind.cls is not None
        name = f"K{len(names)}"
        names[name] = kind.cls
        lines.append(f"if {x}.__class__ is not {name}: return False")
        inner = nested(kind.cls) if nested is not None and shape is Shape.RECORD else None
        if inner is not None:
            test = f"N{len(names)}"
            names[test] = inner
            lines.append(f"if not {test}({x}): return False")
    elif shape is Shape.TUPLE:
        assert kind.item is not None
        y = f"y{depth}"
        item = _lines(kind.item, y, depth + 1, names, text, nested)
        lines.append(f"if {x}.__class__ is not tuple: return False")
        if item:
            lines.append(f"for {y} in {x}:")
            lines.extend("    " + line for line in item)
    if kind.optional and lines:
        return [f"if {x} is not None:", *("    " + line for line in lines)]
    return lines


_CHECKS: dict[type, Callable[[Any], bool]] = {}


def check_types(owner: object) -> None:
    """Type-check ``owner`` as it is built (converting what the policy converts); raise on any wrong type.

    For classes without other invariants (the recurrence's); the model's classes
    run the same two steps through their ``_Checks``, together with their text scan.
    """
    kind = type(owner)
    check = _CHECKS.get(kind)
    if check is None:
        check = _CHECKS[kind] = generate_check(kind)
    if check(owner):
        return
    problems = type_problems(owner)
    if problems:
        raise InvalidEventError(problems, summary=summary(kind.__name__, problems))

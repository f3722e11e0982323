"""jCal (RFC 7265) -> events, through the neutral form and the very mapping ``ics`` uses.

Each jCal component becomes a :class:`~stievents_ical._content.Component` and
each property a :class:`~stievents_ical._content.Property` whose raw value is
the iCalendar text of its jCal values (:func:`stievents_ical._jcal.to_raw`:
a ``recur`` object becomes ``FREQ=...;...``, ``2020-03-05T09:30:00`` becomes
``20200305T093000``, TEXT is escaped again), with the ``tzid`` and other
parameters in upper case and a ``VALUE`` parameter for the types iCalendar
spells out (``date``, ``period``, ``uri``). The components are then handed to
the ``ics`` reader as the text :func:`~stievents_ical._content.serialise`
gives, so the mapping (grouping, zones, every rule of ``_build``) is the
``ics`` mapping itself, with no second entry point to keep in step.

What cannot be converted is reported with its jCal path
(``jcal:vcalendar.vevent[2].dtstart``): a malformed property or component is
ignored with a warning or error; a document that is not jCal at all is a
:class:`~stievents.errors.FormatError`. No raw value may hold a line break and
no property may be named BEGIN or END, so nothing in a jCal document can be
read as a line or a component it does not spell as one.
"""

from __future__ import annotations

import json
import re
from typing import Any

from stievents.errors import FormatError, Problem, Severity
from stievents.plugin_types import ImportContext, ImportResult
from stievents_ical._content import Component, Property, serialise
from stievents_ical._jcal import JcalValueError, to_raw

__all__ = ["read_jcal", "to_components"]

_NAME = re.compile(r"[A-Za-z0-9-]+")
_SPELT_OUT = frozenset({"date", "period", "uri"})  # the types iCalendar needs VALUE= for (not a default)
_BREAKS = re.compile(r"[\r\n]")


def read_jcal(data: bytes, context: ImportContext) -> ImportResult:
    """Events and problems from the bytes of a jCal document (one ``vcalendar``, or an array of them)."""
    from stievents_ical._import import read_ics

    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02X} at offset {exc.start}"
        raise FormatError(f"not a jCal file: it is not UTF-8 ({where})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise FormatError(f"not a jCal file: invalid JSON at {where}: {exc.msg}") from None
    except RecursionError:
        raise FormatError("not a jCal file: its JSON is nested too deeply") from None
    problems: list[Problem] = []
    calendars = to_components(document, problems)
    result = read_ics("".join(serialise(c) for c in calendars).encode("utf-8"), context)
    return ImportResult(events=result.events, problems=(*problems, *result.problems))


def to_components(document: Any, problems: list[Problem]) -> list[Component]:
    """The ``vcalendar`` components of a jCal document as neutral components; what is ignored goes to ``problems``.

    :raises FormatError: the document is not a jCal ``vcalendar`` (or an array of them).
    """
    if isinstance(document, list) and document and isinstance(document[0], str):
        tops = [document]
    elif isinstance(document, list) and document and all(isinstance(d, list) for d in document):
        tops = document
    else:
        raise FormatError('not a jCal file: expected ["vcalendar", [properties], [components]]')
    calendars = []
    for index, top in enumerate(tops):
        where = "jcal:vcalendar" if len(tops) == 1 else f"jcal:[{index}].vcalendar"
        if not (_is_component(top) and top[0].lower() == "vcalendar"):
            raise FormatError(f'not a jCal file: {where} is not ["vcalendar", [properties], [components]]')
        calendars.append(_convert(top, where, problems))
    return calendars


def _is_component(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 3
        and isinstance(value[0], str)
        and _NAME.fullmatch(value[0]) is not None
        and isinstance(value[1], list)
        and isinstance(value[2], list)
    )


def _convert(top: list[Any], where: str, problems: list[Problem]) -> Component:
    """One jCal component and everything below it (iterative: nesting is unbounded)."""
    root = Component(top[0].upper())
    stack: list[tuple[list[Any], Component, str]] = [(top, root, where)]
    while stack:
        source, target, path = stack.pop()
        for number, item in enumerate(source[1]):
            prop = _property(item, f"{path}.properties[{number}]", problems)
            if prop is not None:
                target.add(prop)
        seen: dict[str, int] = {}
        for number, item in enumerate(source[2]):
            if not _is_component(item):
                problems.append(
                    Problem(
                        path=f"{path}.components[{number}]",
                        message='not a jCal component (["name", [properties], [components]]); ignored',
                        severity=Severity.ERROR,
                    )
                )
                continue
            name = item[0].lower()
            count = seen[name] = seen.get(name, -1) + 1
            child = Component(name.upper())
            target.subcomponents.append(child)
            stack.append((item, child, f"{path}.{name}[{count}]"))
    return root


def _property(item: Any, path: str, problems: list[Problem]) -> Property | None:
    """A jCal property ``[name, {params}, type, value...]`` as a neutral property, or ``None`` (reported)."""

    def ignored(why: str) -> None:
        problems.append(Problem(path=path, message=f"{why}; ignored", severity=Severity.WARNING))

    if not (isinstance(item, list) and len(item) >= 4 and isinstance(item[0], str)):
        ignored("not a jCal property ([name, {parameters}, type, value...])")
        return None
    name, params, kind, *values = item
    if _NAME.fullmatch(name) is None or name.upper() in ("BEGIN", "END"):  # BEGIN/END: components are arrays
        ignored(f"not a property name: {name!r}")
        return None
    path = f"{path.rsplit('.', 1)[0]}.{name.lower()}"
    if not isinstance(params, dict) or not isinstance(kind, str):
        ignored("its parameters are not an object or its type not a string")
        return None
    found: dict[str, str] = {}
    for key, value in params.items():
        parts = value if isinstance(value, list) else [value]
        if _NAME.fullmatch(key) is None or not all(isinstance(p, str) for p in parts):
            ignored(f"parameter {key!r} is not a name with text values")
            return None
        found[key.upper()] = ",".join(parts)
    kind = kind.lower()
    try:
        raw = to_raw(kind, values)
    except JcalValueError as exc:
        ignored(str(exc))
        return None
    if _BREAKS.search(raw) is not None:
        ignored("its value holds a line break, which a value of this type cannot")
        return None
    if kind in _SPELT_OUT:
        found["VALUE"] = kind.upper()
    return Property(name.upper(), found, raw)

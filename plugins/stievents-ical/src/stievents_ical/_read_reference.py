"""The reference reader: icalendar's ``Calendar.from_ical``, its tree presented as our neutral components.

It is not the registered path (our own parser, :mod:`stievents_ical._parse`,
is); it stays as the proof the fast reader is tested against, and the fast
reader hands it what it declines. Each property becomes a
:class:`~stievents_ical._content.Property` whose raw value reads, through
:mod:`stievents_ical._values`, as icalendar read it: TEXT-like values are
escaped again (exactly undone by our unescaping), structured ones
(dates, rules, numbers) are icalendar's own serialisation, RFC 7265 unknown
values (``X-`` properties) are kept verbatim as icalendar keeps them.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from stievents.text import UNENCODABLE_RE
from stievents_ical._content import Component, Property
from stievents_ical._text import escape_text

__all__ = ["adapt", "parse_reference"]

_MIDNIGHTS = re.compile(r"\d{8}T000000(?:,\d{8}T000000)*")
_LINE_NAME_RE = re.compile(r"parsed into parts: '([A-Za-z0-9-]+)[;:]")


def parse_reference(text: str) -> list[Any]:
    """icalendar's top-level components of ``text`` (raises what icalendar raises)."""
    from icalendar import Calendar

    return list(Calendar.from_ical(text, multiple=True))


def parse_one(text: str) -> Component:
    """One component (a VEVENT our parser declined) read by icalendar alone, then adapted."""
    from icalendar.cal.component import Component as IcalComponent

    return adapt(IcalComponent.from_ical(text))


@functools.cache
def _kinds() -> Any:
    from icalendar import prop

    return prop.vUnknown, prop.vCategory, prop.vBroken, (prop.vText, prop.vUri, prop.vCalAddress)


def _raw(value: Any) -> str:
    unknown, category, broken, texts = _kinds()
    if isinstance(value, category):
        return ",".join(escape_text(str(item)) for item in value.cats)
    if isinstance(value, (broken, *texts)) and not isinstance(value, unknown):  # icalendar unescaped these
        return escape_text(str(value))
    raw = value.to_ical() if hasattr(value, "to_ical") else value
    text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
    params = getattr(value, "params", None)
    if params and str(params.get("VALUE", "")).upper() == "DATE" and _MIDNIGHTS.fullmatch(text):
        return ",".join(item[:8] for item in text.split(","))  # icalendar makes a DATE with a TZID a datetime
    return text


def _params(value: Any) -> dict[str, str]:
    params = getattr(value, "params", None)
    if not params:
        return {}
    return {str(k).upper(): ",".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in params.items()}


def adapt(component: Any) -> Component:
    """icalendar's ``component`` and its subcomponents as neutral components (iterative: nesting is unbounded)."""
    root = Component(str(component.name).upper())
    stack: list[tuple[Any, Component]] = [(component, root)]
    while stack:
        source, target = stack.pop()
        for name in source:
            found = dict.__getitem__(source, name)
            for value in found if isinstance(found, list) else [found]:
                target.add(Property(str(name).upper(), _params(value), _raw(value)))
        target.dropped.extend(_dropped(source))
        for sub in source.subcomponents:
            child = Component(str(sub.name).upper())
            target.subcomponents.append(child)
            stack.append((sub, child))
    return root


def _dropped(component: Any) -> list[tuple[str, str]]:
    """The properties icalendar dropped for a control character in a parameter (``CN="Ann\\x08"``), explained.

    icalendar keeps such a line only in ``component.errors``; without this the
    property would vanish without a word.
    """
    found = []
    for _, message in getattr(component, "errors", ()):
        text = str(message)
        name = _LINE_NAME_RE.search(text)
        if name is not None and UNENCODABLE_RE.search(text) is not None:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in UNENCODABLE_RE.findall(text)}))
            found.append((name.group(1).upper(), f"a parameter holds control characters ({codes}); ignored"))
    return found

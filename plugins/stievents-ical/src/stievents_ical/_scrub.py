"""Control characters in a foreign VEVENT: replaced by U+FFFD with one warning per property, not fatal.

RFC 5545 forbids CONTROL in TEXT, yet Outlook puts vertical tabs (U+000B) in
descriptions and other writers leak NUL or ESC; icalendar parses them as they
are. The model refuses them in every text field (:data:`stievents.text.UNENCODABLE_RE`),
so one stray byte would lose the whole event. Every text value and parameter
of the VEVENT and its subcomponents is repaired in the parsed tree before the
event is read, and each property is named once (``VEVENT[3].DESCRIPTION``).
A control in a *parameter* makes icalendar drop the whole line; that is
reported too, so the property does not vanish unexplained.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from stievents.text import UNENCODABLE_RE, replace_controls
from stievents_ical._reader import Place

__all__ = ["CONTROL_BYTES_RE", "scrub_component"]

CONTROL_BYTES_RE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""The C0 controls of :data:`~stievents.text.UNENCODABLE_RE` as bytes: a file without one needs no scrub."""


def scrub_component(component: Any, place: Place) -> None:
    """Replace the controls in the text values of ``component`` and its subcomponents in place.

    One warning per property. Iterative: a hostile file nesting components
    thousands deep cannot exhaust the stack here.
    """
    stack: list[tuple[Any, str]] = [(component, "")]
    while stack:
        current, prefix = stack.pop()
        _scrub_properties(current, place, prefix)
        for index, sub in enumerate(getattr(current, "subcomponents", ())):
            stack.append((sub, f"{prefix}{sub.name}[{index}]."))


def _scrub_properties(component: Any, place: Place, prefix: str) -> None:
    for name in list(component.keys()):
        value = dict.__getitem__(component, name)
        dirty: list[str] = []
        if isinstance(value, list):
            cleaned: Any = [_clean_value(item, dirty) for item in value]
        else:
            cleaned = _clean_value(value, dirty)
        if dirty:
            dict.__setitem__(component, name, cleaned)
            _, note = replace_controls("".join(dirty))
            place.warn(f"{prefix}{name}", f"{note}")
    for name, why in _dropped(component):
        place.warn(f"{prefix}{name}", why)


def _clean_value(value: Any, dirty: list[str]) -> Any:
    """``value`` with its text repaired (a new object for text, CATEGORIES mutated); ``dirty`` collects the old.

    A value icalendar could not parse (``vBroken``, say a DTSTART with a NUL) is
    left as it is: the reader reports it as unreadable, which says more.
    """
    category, broken = _kinds()
    if isinstance(value, category):
        value.cats[:] = [_clean_text(item, dirty) if isinstance(item, str) else item for item in value.cats]
        return value
    if not isinstance(value, str) or isinstance(value, broken) or UNENCODABLE_RE.search(value) is None:
        return value
    dirty.append(str(value))
    text = replace_controls(str(value))[0]
    if type(value) is str:
        return text
    repaired: Any = type(value)(text)
    repaired.params = value.params  # type: ignore[attr-defined]
    return repaired


@functools.cache
def _kinds() -> tuple[Any, Any]:
    """icalendar's CATEGORIES value class and its class of values that failed to parse."""
    from icalendar import prop

    return prop.vCategory, prop.vBroken


def _clean_text(text: str, dirty: list[str]) -> str:
    if UNENCODABLE_RE.search(text) is None:
        return text
    dirty.append(text)
    return replace_controls(text)[0]


_LINE_NAME_RE = re.compile(r"parsed into parts: '([A-Za-z0-9-]+)[;:]")


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

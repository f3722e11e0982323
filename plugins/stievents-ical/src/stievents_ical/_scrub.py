"""Control characters in a foreign VEVENT: replaced by U+FFFD with one warning per property, not fatal.

RFC 5545 forbids CONTROL in TEXT, yet Outlook puts vertical tabs (U+000B) in
descriptions and other writers leak NUL or ESC; icalendar parses them as they
are. The model refuses them in every text field (:data:`stievents.text.UNENCODABLE_RE`),
so one stray byte would lose the whole event. Every value of the VEVENT and
its subcomponents is repaired in its neutral form (:mod:`stievents_ical._content`,
whichever reader made it) when the event is mapped, and each property is named
once (``VEVENT[3].DESCRIPTION``). A control in a *parameter* makes icalendar
drop the whole line (and our parser hand that VEVENT to icalendar); that is
reported too, so the property does not vanish unexplained.
"""

from __future__ import annotations

import re

from stievents.text import UNENCODABLE_RE, replace_controls
from stievents_ical._content import Component, Property
from stievents_ical._reader import Place

__all__ = ["CONTROL_BYTES_RE", "scrub_component"]

CONTROL_BYTES_RE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""The C0 controls of :data:`~stievents.text.UNENCODABLE_RE` as bytes: a file without one needs no scrub."""


def scrub_component(component: Component, place: Place) -> None:
    """Replace the controls in the values of ``component`` and its subcomponents in place.

    One warning per property. Iterative: a hostile file nesting components
    thousands deep cannot exhaust the stack here.
    """
    stack: list[tuple[Component, str]] = [(component, "")]
    while stack:
        current, prefix = stack.pop()
        _scrub_properties(current, place, prefix)
        for index, sub in enumerate(current.subcomponents):
            stack.append((sub, f"{prefix}{sub.name}[{index}]."))


def _scrub_properties(component: Component, place: Place, prefix: str) -> None:
    for name, props in component.props.items():
        dirty = [prop.value for prop in props if UNENCODABLE_RE.search(prop.value) is not None]
        if not dirty:
            continue
        props[:] = [Property(prop.name, prop.params, replace_controls(prop.value)[0]) for prop in props]
        _, note = replace_controls("".join(dirty))
        place.warn(f"{prefix}{name}", note or "replaced control characters with U+FFFD")
    for name, why in component.dropped:
        place.warn(f"{prefix}{name}", why)

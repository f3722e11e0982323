"""Reading property values out of neutral components (:mod:`stievents_ical._content`) as plain Python values.

Both readers, ours and the icalendar-based reference, produce the same neutral
components, so every rule of the mapping reads the file through these helpers.
"""

from __future__ import annotations

import json
from typing import Any

from stievents_ical._content import Component, Property
from stievents_ical._values import unescape

__all__ = ["all_values", "first_text", "json_values", "param", "texts", "unescape"]


def all_values(component: Component, name: str) -> list[Property]:
    """Every property ``name`` of ``component``, in file order."""
    return component.props.get(name, [])


def texts(component: Component, name: str) -> list[tuple[str, dict[str, str]]]:
    """Every value of ``name`` as (unescaped text, parameters)."""
    return [(unescape(prop.value), prop.params) for prop in component.props.get(name, ())]


def first_text(component: Component, name: str) -> str | None:
    """The first value of ``name`` as text, or ``None``."""
    found = component.props.get(name)
    return unescape(found[0].value) if found else None


def param(prop: Property, name: str) -> str | None:
    """Parameter ``name`` of ``prop``, if present."""
    return prop.params.get(name)


def json_values(component: Component, name: str) -> list[Any]:
    """Every value of ``name`` decoded as JSON; raises ``ValueError`` on bad JSON."""
    return [json.loads(text) for text, _ in texts(component, name)]

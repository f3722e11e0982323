"""Reading property values out of parsed icalendar components, whatever their parsed type.

icalendar parses known properties (SUMMARY -> vText) but keeps unknown ones
(``X-...``, RFC 9073 properties) as raw escaped text; these helpers give both
back as plain Python values.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

__all__ = ["all_values", "first_text", "json_values", "param", "texts", "unescape"]

_ESCAPE = re.compile(r"\\([\\;,nN])")


def unescape(raw: str) -> str:
    """RFC 5545 TEXT unescaping (``\\n``, ``\\;``, ``\\,``, ``\\\\``)."""
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def _get(component: Any, name: str) -> Any:
    """``component.get(name)`` without icalendar's per-call key conversion (its keys are stored upper case)."""
    if isinstance(component, dict):
        return dict.get(component, name.upper())
    return component.get(name)


def all_values(component: Any, name: str) -> list[Any]:
    """Every value of property ``name`` (icalendar gives one value or a list)."""
    value = _get(component, name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _as_text(value: Any) -> str:
    if isinstance(value, _vtext()):
        return str(value)
    raw = value.to_ical() if hasattr(value, "to_ical") else value
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    return unescape(str(raw))


@functools.cache
def _vtext() -> type:
    from icalendar import vText

    return vText


def texts(component: Any, name: str) -> list[tuple[str, dict[str, str]]]:
    """Every value of ``name`` as (unescaped text, parameters)."""
    result = []
    for value in all_values(component, name):
        params = {str(k).upper(): str(v) for k, v in getattr(value, "params", {}).items()}
        result.append((_as_text(value), params))
    return result


def first_text(component: Any, name: str) -> str | None:
    """The first value of ``name`` as text, or ``None``."""
    value = _get(component, name)
    if isinstance(value, list):
        value = value[0] if value else None
    return None if value is None else _as_text(value)


def param(value: Any, name: str) -> str | None:
    """Parameter ``name`` of a parsed value, if present."""
    params = getattr(value, "params", None)
    if not params or name not in params:
        return None
    return str(params[name])


def json_values(component: Any, name: str) -> list[Any]:
    """Every value of ``name`` decoded as JSON; raises ``ValueError`` on bad JSON."""
    return [json.loads(text) for text, _ in texts(component, name)]

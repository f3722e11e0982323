"""Options of the schedule exporters (kept apart so ``plugin.py`` stays light: attrs only)."""

from __future__ import annotations

import re

import attrs

# Both schemas must accept it: the XSD wants [a-z0-9_-]{4,}, the JSON Schema
# ^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$ ; slugs then start with it (hyphens as underscores).
ACRONYM_RE = re.compile(r"[a-z0-9_]{4,}(?:-2[0-9]{3}-[a-z]+)?")


def _check_acronym(instance: object, attribute: object, value: str | None) -> None:
    if value is not None and not ACRONYM_RE.fullmatch(value):
        raise ValueError(
            f"acronym must be 4 or more of a-z, 0-9 and _ (optionally ending in -YYYY-word), as voc/schedule's"
            f" schemas require, got {value!r}"
        )


def _check_hour(instance: object, attribute: object, value: int) -> None:
    if not 0 <= value <= 23:
        raise ValueError(f"day_change must be an hour from 0 to 23, got {value!r}")


@attrs.frozen
class ScheduleOptions:
    """``acronym``: the conference's short name (default: from the event id, ``-`` as ``_``).
    ``day_change``: the hour at which one schedule day ends and the next begins (pretalx's default, 4:00,
    puts a talk at 01:00 on the evening before). ``title``: the conference title when a document holds
    several events (default: the first event's title)."""

    acronym: str | None = attrs.field(default=None, validator=_check_acronym)
    day_change: int = attrs.field(default=4, validator=_check_hour)
    title: str | None = None

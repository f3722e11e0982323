"""The names of the model's facts, used by formats to declare their fidelity.

A fact is a dotted path of attribute names from :class:`~stievents.model.Event`
(``"title"``, ``"venue.country"``, ``"sessions.speakers.affiliation"``). Formats
list the facts they carry; tests check that those survive a round trip, and the
docs' mapping tables are generated from them.
"""

from __future__ import annotations

import functools
import typing

from stievents import fieldtypes
from stievents.model import Event

__all__ = ["all_facts", "check_facts"]


def _walk(cls: type, prefix: str, seen: tuple[type, ...]) -> list[str]:
    names: list[str] = []
    for field in fieldtypes.fields(cls):
        name = f"{prefix}{field.name}"
        names.append(name)
        inner = field.type.record  # the attrs class inside ``X | None`` or ``tuple[X, ...]``, if any
        if inner is not None and inner not in seen:
            names.extend(_walk(inner, f"{name}.", (*seen, inner)))
    return names


@functools.cache
def all_facts() -> tuple[str, ...]:
    """Every fact of the model, in declaration order."""
    return tuple(_walk(Event, "", (Event,)))


def check_facts(facts: typing.Iterable[str]) -> list[str]:
    """The names in ``facts`` that are not facts of the model (empty when all are)."""
    known = set(all_facts())
    return sorted(set(facts) - known)

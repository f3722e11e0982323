"""Which events belong to which facet value, and the value's slug in URLs.

A facet groups events by one property: ``year`` (every year the event spans),
``country`` (the venue's), ``type``, ``status``, ``topic``, ``organiser`` and
``classification`` (``{scheme}-{code}``). Values are grouped by a key that
ignores case (``AI`` and ``ai`` are one topic) and shown with the first
spelling in id order, so the grouping does not depend on input order.

Slugs are lowercase ASCII ``[a-z0-9-]``. When two values make the same slug,
the value whose key sorts first keeps it and the others get a suffix made from
their own key's digest (stable whatever else is added), never a counter.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence

import attrs

from stievents.model import Event
from stievents_site import labels
from stievents_site.layout import FACETS

__all__ = ["FacetValue", "facet_values", "slugify"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 60


@attrs.frozen(kw_only=True)
class FacetValue:
    """One value of a facet: its slug, its label, and its events (in the order given to :func:`facet_values`)."""

    facet: str
    slug: str
    key: str
    label: str
    events: tuple[Event, ...]

    def display(self, locale: str) -> str:
        """The label shown in ``locale``: coded values (countries, types, statuses) are translated."""
        if self.facet == "country":
            return labels.country_label(self.key, locale)
        return labels.value_label(self.facet, self.key, locale) or self.label


def slugify(text: str) -> str:
    """Lowercase ASCII letters, digits and single hyphens; a digest for text with none of them."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")[:_MAX_SLUG].rstrip("-")
    return slug or "v-" + _digest(text)[:8]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _members(facet: str, event: Event) -> Iterator[tuple[str, str, str]]:
    """``(key, label, slug source)`` of every value of ``facet`` that ``event`` has."""
    if facet == "year":
        first, last = event.start.year, event.end.year
        for year in range(first, min(last, first + 99) + 1):
            yield str(year), str(year), str(year)
    elif facet == "country":
        if event.venue is not None and event.venue.country:
            code = event.venue.country.lower()
            yield code, code.upper(), code
    elif facet == "type":
        if event.event_type is not None:
            yield event.event_type.value, event.event_type.value, event.event_type.value
    elif facet == "status":
        yield event.status.value, event.status.value, event.status.value
    elif facet == "topic":
        for topic in event.topics:
            text = " ".join(topic.split())
            if text:
                yield text.casefold(), text, text
    elif facet == "organiser":
        for organiser in event.organisers:
            name = " ".join(organiser.name.split())
            label = f"{name} ({organiser.acronym})" if organiser.acronym else name
            yield name.casefold(), label, organiser.acronym or name
    elif facet == "classification":
        for c in event.classifications:
            key = f"{c.scheme.strip()}-{c.code.strip()}"
            label = f"{c.scheme} {c.code}" + (f": {c.label}" if c.label else "")
            yield key.casefold(), label, key


def facet_values(events: Sequence[Event]) -> dict[str, list[FacetValue]]:
    """Every facet's values with their events (in the order of ``events``), sorted for display.

    Years are newest first; other values by label, ignoring case.
    """
    by_id = sorted(range(len(events)), key=lambda i: events[i].id)
    result: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        found: dict[str, tuple[str, str]] = {}  # key -> (label, slug source), first spelling in id order
        members: dict[str, list[int]] = {}
        for position in by_id:
            for key, label, source in _members(facet, events[position]):
                found.setdefault(key, (label, source))
                positions = members.setdefault(key, [])
                if not positions or positions[-1] != position:
                    positions.append(position)
        slugs = _slugs({key: source for key, (_, source) in found.items()})
        values = [
            FacetValue(
                facet=facet,
                slug=slugs[key],
                key=key,
                label=label,
                events=tuple(events[p] for p in sorted(members[key])),
            )
            for key, (label, _) in found.items()
        ]
        if facet == "year":
            values.sort(key=lambda v: -int(v.key))
        else:
            values.sort(key=lambda v: (v.label.casefold(), v.key))
        result[facet] = values
    return result


def _slugs(sources: dict[str, str]) -> dict[str, str]:
    """A unique slug for each key; on a clash the first key keeps the plain slug (see the module's docstring)."""
    plain: dict[str, list[str]] = {}
    for key in sorted(sources):
        plain.setdefault(slugify(sources[key]), []).append(key)
    taken = set(plain)
    result: dict[str, str] = {}
    for slug, keys in plain.items():
        result[keys[0]] = slug
        for key in keys[1:]:
            digest = _digest(key)
            length = 6
            while (candidate := f"{slug}-{digest[:length]}") in taken:
                length += 2
            taken.add(candidate)
            result[key] = candidate
    return result

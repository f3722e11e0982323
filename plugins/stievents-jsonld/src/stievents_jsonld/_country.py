"""``addressCountry`` as an ISO 3166-1 alpha-2 code: schema.org allows a code, a country name or a Country node.

Pages write ``"Germany"``, ``"Deutschland"``, ``"DEU"`` or ``{"@type": "Country",
"name": "Germany"}`` as often as ``"DE"``; the model keeps only the alpha-2 code.
A two-letter code needs no table; anything else is looked up in pycountry's
ISO 3166-1 names (English names, official and common names, alpha-3 codes, and
the names translated into the languages below), loaded on first use only.
"""

from __future__ import annotations

import functools
import gettext
import unicodedata

__all__ = ["country_code"]

# Languages whose country names are recognised besides English: the EU's languages and the most used others.
_LANGUAGES = [
    "de",
    "fr",
    "es",
    "it",
    "nl",
    "pt",
    "pl",
    "sv",
    "da",
    "fi",
    "nb",
    "nn",
    "cs",
    "sk",
    "sl",
    "hr",
    "hu",
    "ro",
    "bg",
    "el",
    "et",
    "lv",
    "lt",
    "ga",
    "mt",
    "ca",
    "eu",
    "gl",
    "tr",
    "ru",
    "uk",
    "ja",
    "ko",
    "zh_CN",
    "zh_TW",
    "ar",
    "he",
    "hi",
    "id",
]

# Usual names that ISO 3166 does not list (its names are "Russian Federation", "United Kingdom of Great Britain...").
_ALIASES = {
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "u.s.": "US",
    "u.s.a.": "US",
    "america": "US",
    "united states of america": "US",
    "russia": "RU",
    "turkey": "TR",
    "holland": "NL",
    "the netherlands": "NL",
    "macedonia": "MK",
    "ivory coast": "CI",
    "cape verde": "CV",
    "burma": "MM",
    "swaziland": "SZ",
    "vatican": "VA",
    "vatican city": "VA",
    "north korea": "KP",
    "kosovo": "XK",
}


def _key(name: str) -> str:
    """A name compared without case, accents or surrounding spaces."""
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@functools.cache
def _table() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    english = [
        (
            country.alpha_2,
            country.alpha_3,
            [getattr(country, a, None) for a in ("name", "official_name", "common_name")],
        )
        for country in pycountry.countries
    ]
    for code, alpha_3, names in english:  # English names and alpha-3 codes first: a translation never shadows them
        for name in (*names, alpha_3):
            if name:
                table.setdefault(_key(name), code)
    for language in _LANGUAGES:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for code, _, names in english:
            for name in names:
                if name:
                    table.setdefault(_key(translation.gettext(name)), code)
    for alias, code in _ALIASES.items():
        table.setdefault(_key(alias), code)
    return table


def country_code(value: str) -> str | None:
    """The alpha-2 code ``value`` names (a code, an alpha-3 code or a country name), else ``None``.

    A two-letter value is returned upper-cased unchecked (the model checks it);
    ``UK`` is the one two-letter name that is not the country's code.
    """
    cleaned = value.strip()
    if len(cleaned) == 2 and cleaned.isascii() and cleaned.isalpha() and cleaned.upper() != "UK":
        return cleaned.upper()
    if not cleaned:
        return None
    key = _key(cleaned)
    return _table().get(key) or _table().get(key.removeprefix("the "))

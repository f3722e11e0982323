"""ISO 3166 country names, in English and French, from pycountry (loaded on first use)."""

from __future__ import annotations

import functools
import gettext

from stievents_oecd.i18n import LANGUAGES, normalise

__all__ = ["country_code", "country_name"]


@functools.cache
def _translation(language: str) -> gettext.NullTranslations:
    import pycountry

    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def country_name(code: str, language: str) -> str:
    """The ISO 3166 name of ``code`` (``RU`` -> ``Russian Federation``), translated; the code if unknown."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return _translation(language).gettext(country.name)


@functools.cache
def _reverse() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    for country in pycountry.countries:
        names = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        for language in LANGUAGES:
            names.append(_translation(language).gettext(country.name))
        for name in names:
            if name:
                table.setdefault(normalise(name), country.alpha_2)
    return table


def country_code(name: str) -> str | None:
    """The alpha-2 code for a country name in English or French (or a bare code), else ``None``."""
    key = normalise(name)
    if not key:
        return None
    found = _reverse().get(key)
    if found is not None:
        return found
    if len(key) == 2 and key.upper() in set(_reverse().values()):
        return key.upper()
    return None

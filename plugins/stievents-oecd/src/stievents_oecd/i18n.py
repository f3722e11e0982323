"""Labels in English and French, read from the shipped gettext ``.po`` sources.

The ``.po`` files are the only source: they are parsed with Babel on first use
(no compiled ``.mo`` to keep in sync). ``msgctxt`` separates event-type labels,
kickers ("International workshop") and headings, whose French forms agree in
gender with the noun and so cannot be assembled from parts.
"""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["LANGUAGES", "Labels", "all_translations", "labels", "resolve_language"]

LANGUAGES = ("en", "fr")


def resolve_language(locale: str | None) -> str:
    """The catalogue language for a locale such as ``fr-CA`` (English when unknown)."""
    primary = (locale or "en").replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else "en"


@functools.cache
def _catalogue(language: str) -> dict[tuple[str | None, str], str]:
    from babel.messages.pofile import read_po

    with resources.files("stievents_oecd").joinpath("locale", f"{language}.po").open("rb") as handle:
        catalogue = read_po(handle)
    table: dict[tuple[str | None, str], str] = {}
    for message in catalogue:
        if message.id and isinstance(message.id, str) and isinstance(message.string, str):
            table[(message.context, message.id)] = message.string or message.id
    return table


class Labels:
    """The labels of one language; ``get`` falls back to the English msgid."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._table = _catalogue(language)

    def get(self, msgid: str, context: str | None = None) -> str:
        """The label for ``msgid`` (in ``context``), or ``msgid`` itself when untranslated."""
        return self._table.get((context, msgid), msgid)


@functools.cache
def labels(locale: str | None) -> Labels:
    """The labels for ``locale`` (``en``, ``fr``, ``fr-FR``...)."""
    return Labels(resolve_language(locale))


@functools.cache
def all_translations(context: str | None = None) -> dict[str, tuple[str, str]]:
    """Every label of ``context`` in every language, normalised, mapped to ``(msgid, language)``.

    The importers use it to recognise a label whatever the page's language.
    """
    found: dict[str, tuple[str, str]] = {}
    for language in LANGUAGES:
        for (ctx, msgid), text in _catalogue(language).items():
            if ctx == context:
                found.setdefault(normalise(text), (msgid, language))
    return found


def normalise(text: str) -> str:
    """Case- and space-insensitive form of a label (no-break spaces included)."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split()).casefold()

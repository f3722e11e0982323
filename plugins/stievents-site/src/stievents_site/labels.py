"""The site's own words in English and French (other locales fall back to English).

The event pages' words are the OECD plugin's; these are only the site's:
navigation, facet names, facet values that are codes (types, statuses,
countries), and the links the site adds to each event page.
"""

from __future__ import annotations

import functools

__all__ = ["country_label", "language", "text", "value_label"]

_FR = {
    "All events": "Tous les événements",
    "Events": "Événements",
    "Year": "Année",
    "Country": "Pays",
    "Event type": "Type d’événement",
    "Status": "Statut",
    "Topic": "Thème",
    "Organiser": "Organisateur",
    "Classification": "Classification",
    "Events by year": "Événements par année",
    "Events by country": "Événements par pays",
    "Events by event type": "Événements par type d’événement",
    "Events by status": "Événements par statut",
    "Events by topic": "Événements par thème",
    "Events by organiser": "Événements par organisateur",
    "Events by classification": "Événements par classification",
    "Calendar and data": "Agenda et données",
    "Add this event to your calendar (iCalendar, .ics)": "Ajouter cet événement à votre agenda (iCalendar, .ics)",
    "Add the session “{title}” to your calendar (.ics)": "Ajouter la séance « {title} » à votre agenda (.ics)",
    "This event as schema.org JSON-LD data": "Cet événement en données JSON-LD schema.org",
    "This page in {language}": "Cette page en {language}",
    "Back to all events": "Retour à tous les événements",
    "Statistics": "Statistiques",
    "Atom feed": "Flux Atom",
    "JSON Feed": "Flux JSON",
    "Calendar feed (iCalendar)": "Abonnement agenda (iCalendar)",
    # event types
    "Workshop": "Atelier",
    "Conference": "Conférence",
    "Webinar": "Webinaire",
    "Seminar": "Séminaire",
    "Expert meeting": "Réunion d’experts",
    "Forum": "Forum",
    "Roundtable": "Table ronde",
    "Lecture": "Conférence-débat",
    "Hackathon": "Hackathon",
    "Other": "Autre",
    # statuses
    "Scheduled": "Programmé",
    "Postponed": "Reporté",
    "Rescheduled": "Reprogrammé",
    "Cancelled": "Annulé",
    "Moved online": "En ligne",
}

FACET_NAMES = {
    "year": "Year",
    "country": "Country",
    "type": "Event type",
    "status": "Status",
    "topic": "Topic",
    "organiser": "Organiser",
    "classification": "Classification",
}

_VALUES = {
    "type": {
        "workshop": "Workshop",
        "conference": "Conference",
        "webinar": "Webinar",
        "seminar": "Seminar",
        "expert-meeting": "Expert meeting",
        "forum": "Forum",
        "roundtable": "Roundtable",
        "lecture": "Lecture",
        "hackathon": "Hackathon",
        "other": "Other",
    },
    "status": {
        "scheduled": "Scheduled",
        "postponed": "Postponed",
        "rescheduled": "Rescheduled",
        "cancelled": "Cancelled",
        "moved-online": "Moved online",
    },
}


def language(locale: str) -> str:
    """The primary language of ``locale`` (``fr-CA`` -> ``fr``)."""
    return locale.replace("_", "-").split("-")[0].lower()


def text(msgid: str, locale: str, **values: str) -> str:
    """``msgid`` in ``locale``'s language, with ``{name}`` placeholders filled from ``values``."""
    template = _FR.get(msgid, msgid) if language(locale) == "fr" else msgid
    return template.format(**values) if values else template


def value_label(facet: str, value: str, locale: str) -> str | None:
    """The label of a coded facet value (a type, a status), or ``None`` when the value is its own label."""
    msgid = _VALUES.get(facet, {}).get(value)
    return text(msgid, locale) if msgid else None


@functools.cache
def country_label(code: str, locale: str) -> str:
    """The country's name in ``locale`` (Babel's CLDR names), else the code in capitals."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(language(locale)).territories
    except (UnknownLocaleError, ValueError):
        names = Locale.parse("en").territories
    name: str = names.get(code.upper(), code.upper())
    return name


@functools.cache
def language_name(tag: str, locale: str) -> str:
    """The name of language ``tag`` in ``locale`` (``français``, ``English``), as used inside a sentence."""
    from babel import Locale, UnknownLocaleError

    try:
        name: str | None = Locale.parse(language(tag)).get_display_name(language(locale))
    except (UnknownLocaleError, ValueError):
        name = None
    return name or tag

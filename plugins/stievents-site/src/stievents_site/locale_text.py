"""The words of the site's listing, facet and chooser pages, in English and French.

Kept apart from :mod:`stievents_site.labels` (navigation and facet names)
because these are the pages' own phrases: sections, pagination, banners,
counts. A locale other than English or French gets English throughout, and
its pages say ``lang="en"`` (the words on them are English): a page's ``lang``
must name the language its labels are in, for screen readers to read them.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "count_events", "page_language", "say"]

LANGUAGES = ("en", "fr")

_FR = {
    "Upcoming events": "Événements à venir",
    "Past events": "Événements passés",
    "No events to show.": "Aucun événement à afficher.",
    "Skip to the content": "Aller au contenu",
    "Browse events": "Parcourir les événements",
    "Pages": "Pages",
    "Previous page": "Page précédente",
    "Next page": "Page suivante",
    "Page {number}": "Page {number}",
    "Page {number} of {pages}": "Page {number} sur {pages}",
    "Subscribe": "S’abonner",
    "Languages": "Langues",
    "All languages": "Toutes les langues",
    "Online": "En ligne",
    "{place} and online": "{place} et en ligne",
    "Cancelled": "Annulé",
    "Postponed": "Reporté",
    "Rescheduled": "Reprogrammé",
    "Moved online": "Passé en ligne",
    "Happening now": "En cours",
    "previously {date}": "initialement le {date}",
    "Repeats": "Récurrent",
    "Event type": "Type d’événement",
    "Choose a language": "Choisissez une langue",
    # the statistics page (stievents_site.stats_page)
    "The catalogue holds {events}.": "Le catalogue compte {events}.",
    "Not given": "Non précisé",
    "Total": "Total",
    "Number of events": "Nombre d’événements",
    "Events by year and event type": "Événements par année et par type d’événement",
    "{heading}: the {shown} most frequent of {count}": "{heading} : les {shown} plus fréquents sur {count}",
    "An event counts once under each of its values: the counts add up to more than the number of events.": (
        "Un événement compte une fois pour chacune de ses valeurs : la somme dépasse le nombre d’événements."
    ),
    "{events}, each counted once per value": "{events}, chacun compté une fois par valeur",
    "{heading} (the most frequent values)": "{heading} (les valeurs les plus fréquentes)",
    "Bar chart: {title}, {events}. {listing}.": "Diagramme en barres : {title}, {events}. {listing}.",
    "Heat map: {title}, {events}. {listing}.": "Carte de chaleur : {title}, {events}. {listing}.",
    "{label}: {count}": "{label} : {count}",
    "; ": " ; ",
    "Bar chart of {what}.": "Diagramme en barres : {what}.",
    "Heat map of {what}.": "Carte de chaleur : {what}.",
    "Most events: {top}.": "Les plus nombreux : {top}.",
    "{values} values in all; the table below gives every number.": (
        "{values} valeurs en tout ; le tableau ci-dessous donne tous les chiffres."
    ),
    "events by year": "événements par année",
    "events by country": "événements par pays",
    "events by event type": "événements par type d’événement",
    "events by status": "événements par statut",
    "events by classification": "événements par classification",
    "events by topic": "événements par thème",
    "events by year and event type": "événements par année et par type d’événement",
}


def page_language(locale: str) -> str:
    """The language of the words on a page for ``locale``: ``fr`` for ``fr-CA``, ``en`` when unknown."""
    primary = locale.replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGUAGES else "en"


def say(msgid: str, locale: str, **values: str | int) -> str:
    """``msgid`` in ``locale``'s language with its ``{name}`` placeholders filled (values are not escaped)."""
    template = _FR.get(msgid, msgid) if page_language(locale) == "fr" else msgid
    return template.format(**values) if values else template


def count_events(count: int, locale: str) -> str:
    """``1 event``, ``12 events``; French uses the singular for 0 and 1 (``0 événement``)."""
    if page_language(locale) == "fr":
        return f"{count} événement" if count <= 1 else f"{count} événements"
    return "1 event" if count == 1 else f"{count} events"

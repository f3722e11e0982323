"""The facts each OECD format carries (see :mod:`stievents.facts`); the docs table lists them."""

from __future__ import annotations

__all__ = ["EXPORT_FACTS", "IMPORT_FACTS", "LISTING_FACTS"]

IMPORT_FACTS: frozenset[str] = frozenset(
    {
        "title",
        "subtitle",
        "description",
        "event_type",
        "scope",
        "status",
        "status_history.status",
        "status_history.reason",
        "start",
        "end",
        "venue.name",
        "venue.street",
        "venue.locality",
        "venue.country",
        "organisers.name",
        "organisers.acronym",
        "policy_questions.text",
        "languages.tag",
        "languages.role",
        "visibility",
        "attendance_policy",
        "url",
        "translations.language",
    }
)
"""What the importers recover from a page written by the exporters."""

EXPORT_FACTS: frozenset[str] = IMPORT_FACTS | frozenset(
    {
        "venue.timezone",
        "organisers.url",
        "contacts.name",
        "contacts.email",
        "contacts.phone",
        "contacts.role",
        "contacts.organisation",
        "related_events.title",
        "related_events.url",
        "registration.url",
        "virtual_location.url",
        "translations.title",
        "translations.subtitle",
        "translations.description",
    }
)
"""What the pages show (``venue.timezone`` only where it differs from the published zone)."""

LISTING_FACTS: frozenset[str] = frozenset(
    {"title", "start", "end", "status", "event_type", "topics", "venue.name", "venue.locality", "venue.country", "url"}
)
"""What a listing entry shows."""

"""The facts each OECD format carries (see :mod:`stievents.facts`); the docs table lists them."""

from __future__ import annotations

__all__ = [
    "EXPORT_FACTS",
    "HTML_EXPORT_FACTS",
    "HTML_IMPORT_FACTS",
    "IMPORT_FACTS",
    "LISTING_FACTS",
    "SESSION_FACTS",
    "TEXT_IMPORT_FACTS",
]

SESSION_FACTS: frozenset[str] = frozenset(
    {
        "sessions.title",
        "sessions.kind",
        "sessions.description",
        "sessions.start",
        "sessions.end",
        "sessions.room",
        *(
            f"sessions.{role}.{field}"
            for role in ("chairs", "moderators", "speakers")
            for field in ("name", "affiliation")
        ),
    }
)
"""The programme's facts every page format shows and both importers read back (in the page's order: by start)."""

_HTML_ONLY: frozenset[str] = frozenset({"sessions.id", "sessions.policy_question_ids", "policy_questions.id"})
"""Carried by ``id`` attributes (``session-…``, ``question-…``) and the sessions' links to the questions."""

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
"""What both importers recover from a page written by the exporters, the programme aside."""

TEXT_IMPORT_FACTS: frozenset[str] = IMPORT_FACTS | SESSION_FACTS
"""``oecd-text``: a session links to questions by their text; ids are made (``q1``, a slug of the title)."""

HTML_IMPORT_FACTS: frozenset[str] = TEXT_IMPORT_FACTS | _HTML_ONLY
"""``oecd-html``: also the ids of sessions and questions, and so the sessions' question links."""

EXPORT_FACTS: frozenset[str] = TEXT_IMPORT_FACTS | frozenset(
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
"""What ``oecd-text`` and ``oecd-md`` show (``venue.timezone`` only where it differs from the published zone).

``sessions.policy_question_ids`` is shown as the questions' texts, not their ids.
"""

HTML_EXPORT_FACTS: frozenset[str] = EXPORT_FACTS | _HTML_ONLY
"""What ``oecd-html`` shows, ids in attributes included."""

LISTING_FACTS: frozenset[str] = frozenset(
    {"title", "start", "end", "status", "event_type", "topics", "venue.name", "venue.locality", "venue.country", "url"}
)
"""What a listing entry shows."""

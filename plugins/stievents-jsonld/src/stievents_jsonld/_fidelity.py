"""The model facts JSON-LD carries (see the mapping table in docs/formats/jsonld.md).

Top-level facts listed here survive export -> import unchanged. ``start``/``end``
are *not* listed: their instant and UTC offset survive, their IANA zone cannot
(JSON-LD has no place for it), and the core's round-trip check compares zones.
``status_history`` is not listed: JSON-LD keeps the current ``status`` (listed)
and only the latest ``previousStartDate``, not each change.
"""

from __future__ import annotations

_LOSSLESS = """
id title subtitle description status attendance_mode policy_questions policy_questions.id policy_questions.text
policy_questions.classifications policy_questions.classifications.scheme policy_questions.classifications.code
policy_questions.classifications.label policy_questions.classifications.edition audience topics classifications
classifications.scheme classifications.code classifications.label classifications.edition references
references.citation references.author references.year references.title references.url references.doi url image
image.url image.alt
"""

_PARTIAL = """
translations.language translations.title translations.subtitle translations.description
venue.name venue.street venue.locality venue.region
venue.postal_code venue.country venue.geo venue.geo.latitude venue.geo.longitude venue.rooms virtual_location.url
virtual_location.platform organisers.name organisers.acronym organisers.country organisers.url organisers.ror
sessions.id sessions.title sessions.description sessions.start sessions.end sessions.room sessions.virtual_location
sessions.speakers sessions.speakers.name sessions.speakers.affiliation sessions.speakers.url sessions.moderators
sessions.policy_question_ids languages.tag registration.url registration.deadline registration.free
related_events.id related_events.title related_events.url recurrence.rule recurrence.exdates
"""

EXPORT_FIDELITY: frozenset[str] = frozenset((_LOSSLESS + _PARTIAL).split())
IMPORT_FIDELITY: frozenset[str] = EXPORT_FIDELITY

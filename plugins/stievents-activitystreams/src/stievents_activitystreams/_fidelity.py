"""The model facts ActivityStreams carries (the table in docs/formats/activitystreams.md explains each).

Top-level facts in ``_LOSSLESS`` survive export -> import unchanged (the core's
contract test compares them). ``start``/``end`` are not listed: a timed event
keeps its instants *and* its IANA zone (``timezone``), but AS2 has no all-day
value, so an all-day event comes back as midnight-to-midnight datetimes.
``created``/``updated`` keep their instant, not their zone. ``translations``
keep each language's texts but not their order, so only the nested facts are
listed. ``status_history``, sessions, policy questions, classifications,
contacts, project, audience and the organisers' roles have no AS2 term.
"""

from __future__ import annotations

_LOSSLESS = """
id title subtitle description text_language status attendance_mode topics url image image.url image.alt
"""

_PARTIAL = """
translations.language translations.title translations.subtitle translations.description
venue.name venue.street venue.locality venue.region venue.postal_code venue.country
venue.geo venue.geo.latitude venue.geo.longitude
virtual_location.url virtual_location.platform
organisers.name organisers.url
registration.url
references.citation references.url
"""

EXPORT_FIDELITY: frozenset[str] = frozenset((_LOSSLESS + _PARTIAL).split())
IMPORT_FIDELITY: frozenset[str] = EXPORT_FIDELITY

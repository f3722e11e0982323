"""The model facts the ``ics`` format carries, and those it loses (listed in the docs)."""

from __future__ import annotations

from stievents.facts import all_facts

__all__ = ["EXPORT_FACTS", "IMPORT_FACTS", "LOST_FACTS"]

LOST_FACTS: dict[str, str] = {
    "sessions": "unscheduled sessions (no start) have no VEVENT and are not written",
    "virtual_location": "a join link that may not be published is not written",
    "virtual_location.url": "written (CONFERENCE) only when join_url_public is true",
    "sessions.virtual_location": "a session join link that may not be published is not written",
    "sessions.virtual_location.url": "written (CONFERENCE) only when join_url_public is true",
}

EXPORT_FACTS = frozenset(all_facts()) - frozenset(LOST_FACTS)
IMPORT_FACTS = EXPORT_FACTS

"""Reverse look-ups for the importer: any label, in English or French, back to what it means."""

from __future__ import annotations

import functools
import re

from stievents.model import AttendancePolicy, EventStatus, EventType, LanguageRole, Scope, Visibility
from stievents_oecd import view
from stievents_oecd.i18n import LANGUAGES, all_translations, labels, normalise

__all__ = [
    "FIELDS",
    "HEADINGS",
    "banner_words",
    "key",
    "kickers",
    "language_codes",
    "policies",
    "questions_leads",
    "roles",
    "status_patterns",
    "types",
]

FIELDS = (
    "Start Time:",
    "End Time:",
    "Start Date:",
    "End Date:",
    "Local time at the venue:",
    "Location:",
    "Country:",
    "Online access:",
    "Registration:",
    "Event Type:",
    "Language:",
    "Event Visibility & Attendance Policy:",
    "Themes:",
    "Event page:",
)
HEADINGS = {
    "When and Where": "when",
    "Event Info": "info",
    "Contact Info": "contact",
    "More Like This": "related",
    "Organisers": "organisers",
    "In other languages": "versions",
    "Programme": "programme",
}
_ALIASES = {"organizers": "organisers", "organised by": "organisers", "organized by": "organisers"}


def key(text: str) -> str:
    """The comparison form of a label: normalised, without its colon."""
    return normalise(text).rstrip(":").rstrip()


def _every(msgid: str, context: str | None = None) -> set[str]:
    return {key(labels(language).get(msgid, context)) for language in LANGUAGES}


@functools.cache
def headings() -> dict[str, str]:
    """Section headings (both languages) -> section name."""
    found = dict(_ALIASES)
    for msgid, name in HEADINGS.items():
        found.update(dict.fromkeys(_every(msgid), name))
    for text in all_translations("presentation"):
        found[key(text)] = "presentation"
    return found


@functools.cache
def fields() -> dict[str, str]:
    """Row labels (both languages) -> English msgid."""
    return {label: msgid for msgid in FIELDS for label in _every(msgid)}


@functools.cache
def banner_words() -> set[str]:
    """Every banner text (phase or status), which the importer reads past: it is computed, not a fact."""
    found: set[str] = set()
    for msgid in ("Event has ended", "Upcoming event", "Happening now", "Event cancelled", "Event postponed"):
        found |= _every(msgid)
    return found


@functools.cache
def status_patterns() -> list[tuple[re.Pattern[str], EventStatus]]:
    """Status-line prefixes -> status; the rest of the line is the reason. Longest first."""
    pairs = [(msgid, status) for status, msgid in view.STATUS_PREFIXES.items()]
    pairs += [(msgid, EventStatus.MOVED_ONLINE) for msgid in view.ONLINE_PREFIXES.values()]
    found: dict[str, EventStatus] = {}
    for msgid, status in pairs:
        for language in LANGUAGES:
            found[labels(language).get(msgid)] = status
    result = []
    for text, status in sorted(found.items(), key=lambda item: -len(item[0])):
        words = r"\s+".join(re.escape(w) for w in text.replace("\u00a0", " ").split())
        result.append((re.compile(rf"^{words}(?:[\s:.,]+(?P<reason>.*?))?\s*$", re.IGNORECASE | re.DOTALL), status))
    return result


@functools.cache
def kickers() -> dict[str, tuple[Scope | None, EventType | None]]:
    """Kicker lines ("International workshop:") -> scope and type."""
    found: dict[str, tuple[Scope | None, EventType | None]] = {}
    for scope in (None, *Scope):
        for event_type in (None, *EventType):
            msgid = view.kicker_msgid(scope, event_type)
            if msgid is not None:
                found.update(dict.fromkeys(_every(msgid, "kicker"), (scope, event_type)))
    return found


@functools.cache
def types() -> dict[str, EventType]:
    """Event-type labels -> type."""
    return {label: kind for kind, msgid in view.TYPE_LABELS.items() for label in _every(msgid, "event type")}


@functools.cache
def policies() -> dict[str, Visibility | AttendancePolicy]:
    """Visibility and attendance-policy labels -> value."""
    found: dict[str, Visibility | AttendancePolicy] = {}
    for visibility, msgid in view.VISIBILITY_LABELS.items():
        found.update(dict.fromkeys(_every(msgid), visibility))
    for policy, msgid in view.POLICY_LABELS.items():
        found.update(dict.fromkeys(_every(msgid), policy))
    return found


@functools.cache
def roles() -> dict[str, LanguageRole]:
    """Language-role labels -> role."""
    return {label: role for role, msgid in view.ROLE_LABELS.items() for label in _every(msgid)}


@functools.cache
def questions_leads() -> set[str]:
    """The line that introduces the key questions."""
    return _every("Key questions to address are:")


@functools.cache
def language_codes() -> dict[str, str]:
    """Language names (English or French, from Babel) -> ISO 639-1 code."""
    from babel import Locale

    from stievents_oecd.timefmt import babel_locale

    found: dict[str, str] = {}
    for language in LANGUAGES:
        for code, name in Locale.parse(babel_locale(language)).languages.items():
            if len(code) == 2:
                found.setdefault(key(name), code)
    return found


@functools.cache
def skip_words() -> set[str]:
    """Lines that are navigation, not content: the skip link, and the links to the event's and sessions' files."""
    found = _every("Skip navigation")
    for msgid in (
        "Add this event to your calendar (.ics)",
        "This event as data (JSON-LD)",
    ):
        found |= _every(msgid)
    return found


_SESSION_LINK = "Add the session “{title}” to your calendar (.ics)"


@functools.cache
def _session_link_patterns() -> tuple[re.Pattern[str], ...]:
    """The per-session calendar link lines of both languages; the session's title is their middle."""
    patterns = []
    for text in sorted(_every(_SESSION_LINK)):
        head, _, tail = text.partition(key("{title}"))
        patterns.append(re.compile(re.escape(head) + ".+" + re.escape(tail), re.DOTALL))
    return tuple(patterns)


def is_navigation(folded: str) -> bool:
    """True for a line (in :func:`key` form) that is navigation, not content (see :func:`skip_words`)."""
    return folded in skip_words() or any(p.fullmatch(folded) for p in _session_link_patterns())

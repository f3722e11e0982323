"""The naming rules export and import must agree on: guids, acronyms, slugs, rooms, session kinds.

Kept in one module so that a document this plugin wrote reads back to the
same ids, and a re-export gives the same guids and slugs.
"""

from __future__ import annotations

import re
import unicodedata
import uuid

from stievents.model import Event, EventType, Session, SessionKind

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:stievents:schedule")
"""The UUID5 namespace of schedule guids: ``uuid5(NAMESPACE, "<event id>/<session id>")``, or the event id alone."""

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def acronym_for(event_id: str) -> str:
    """The default acronym: the id in lower case, every other character as ``_`` (a kebab id reads back)."""
    acronym = re.sub(r"[^a-z0-9_]", "_", event_id.lower())
    return acronym + "_" * (4 - len(acronym)) if len(acronym) < 4 else acronym


def id_from_acronym(acronym: str) -> str | None:
    """The event id an acronym gives back (``_`` as ``-``), or ``None`` when it is no usable id."""
    candidate = acronym.strip().replace("_", "-")
    return candidate if ID_RE.fullmatch(candidate) else None


def slug_part(identifier: str) -> str:
    """An id as the tail of a slug: lower case, runs of other characters as ``-``, at least 4 characters.

    A lower-case kebab id of 4 or more characters is unchanged, so it reads back;
    shorter ones are padded with ``-x`` (``s1`` becomes ``s1-x``), which does not.
    """
    text = unicodedata.normalize("NFKD", identifier).encode("ascii", "ignore").decode("ascii").lower()
    text = _NOT_SLUG.sub("-", text).strip("-") or "x"
    while len(text) < 4:
        text += "-x"
    return text


def unique(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... when taken (the XML Schema wants slugs unique)."""
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate


PLACEHOLDER_ROOMS = ("Main",)
"""The room names :func:`default_room` makes up when there is no venue: never read back as a venue."""


def default_room(event: Event, session: Session | None) -> str:
    """The room of an entry that names none (every schedule entry sits in a room)."""
    if event.venue is not None and event.venue.name is not None:
        return event.venue.name
    return "Main"


_KIND_WORDS: dict[str, SessionKind] = {
    "talk": SessionKind.PRESENTATION,
    "lecture": SessionKind.PRESENTATION,
    "presentation": SessionKind.PRESENTATION,
    "lightning talk": SessionKind.PRESENTATION,
    "hands-on": SessionKind.WORKSHOP,
    "meeting": SessionKind.DISCUSSION,
    "podium": SessionKind.PANEL,
    "pause": SessionKind.BREAK,
    "lunch": SessionKind.BREAK,
    "coffee": SessionKind.BREAK,
    "coffee break": SessionKind.BREAK,
    "meetup": SessionKind.NETWORKING,
    "social": SessionKind.NETWORKING,
}


def session_kind(type_text: str) -> tuple[SessionKind, bool]:
    """The kind a schedule ``type`` names, and whether the type text is kept exactly (it is a kind's value)."""
    word = type_text.strip().lower()
    for kind in SessionKind:
        if kind.value == word:
            return kind, type_text == kind.value
    return _KIND_WORDS.get(word, SessionKind.OTHER), False


def event_type(type_text: str) -> EventType | None:
    """The event type a sessionless entry's ``type`` names, if it is one of the model's values."""
    for kind in EventType:
        if kind.value == type_text:
            return kind
    return None

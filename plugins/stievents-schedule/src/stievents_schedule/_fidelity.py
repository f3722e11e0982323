"""The model facts each schedule format carries (the mapping table is in docs/formats/schedule.md).

Top-level facts listed here survive export -> import unchanged (the core's
round-trip contract compares them) for a document holding one event. Text
survives except U+FFFE and U+FFFF, which no XML document can hold (written as
U+FFFD). Dotted (nested) facts are kept in part, as the docs' table says: the contract
compares top-level facts only, so a partial one is never listed without its dot.

Not listed because they survive only sometimes: ``id`` (back from the acronym
only when it is lower-case letters, digits and hyphens, at least 4 long),
``description`` in XML (only for an event without sessions), ``languages``
(every language comes back as spoken), ``event_type`` and ``subtitle`` (only
for an event without sessions).
"""

from __future__ import annotations

_PARTIAL = """
image.url languages.tag references.citation references.url sessions.id sessions.title sessions.kind
sessions.description sessions.start sessions.end
sessions.room sessions.speakers sessions.speakers.name venue.rooms
"""

XML_FIDELITY: frozenset[str] = frozenset({"title", "start", "end", "url"} | set(_PARTIAL.split()))
JSON_FIDELITY: frozenset[str] = frozenset(
    {"title", "start", "end", "url", "description"}
    | set(_PARTIAL.split())
    | {"sessions.chairs", "sessions.chairs.name", "sessions.moderators", "sessions.moderators.name"}
    | {"sessions.speakers.url", "sessions.chairs.url", "sessions.moderators.url"}
)

"""Stable absolute ``@id`` values for the event and the nodes inside it.

The event's ``@id`` is ``<url>#event`` when the event has a page (a hash IRI:
the event the page describes, not the page itself), else ``<base_url><id>``
when the export context has an absolute base URL, else ``urn:stievents:event:<id>``.
Nodes inside the event (sessions, organisers, questions...) hang off it.
"""

from __future__ import annotations

import re

from stievents.model import Event
from stievents.plugin_types import ExportContext

_ABSOLUTE = re.compile(r"https?://[^\s/?#]+[^\s#]*\Z")
URN_PREFIX = "urn:stievents:event:"


def event_iri(event: Event, context: ExportContext) -> str:
    """The ``@id`` of ``event``; the same for the same event and context."""
    if event.url is not None and "#" not in event.url:
        return f"{event.url}#event"
    return standalone_iri(event.id, context)


def standalone_iri(event_id: str, context: ExportContext) -> str:
    """The ``@id`` of an event known only by its stievents id."""
    base = context.base_url
    if base is not None and _ABSOLUTE.match(base):
        return f"{base}{event_id}"
    return f"{URN_PREFIX}{event_id}"


def child_iri(parent: str, kind: str, key: str) -> str:
    """The ``@id`` of a node of ``kind`` inside the event ``parent`` (``...#session-opening``)."""
    if parent.startswith("urn:"):
        return f"{parent}:{kind}:{key}"
    return f"{parent.split('#', 1)[0]}#{kind}-{key}"


def written_here(node: dict[str, object]) -> bool:
    """True when ``node`` looks like an event this plugin's exporter wrote: its ``@id`` is built from its
    ``identifier`` (or its ``url``) as :func:`event_iri` builds it.

    Its text is then the model's own, written as is: ``&amp;`` in it means those
    five characters, not markup left by a content system, and must round-trip.
    """
    iri, ident, url = node.get("@id"), node.get("identifier"), node.get("url")
    if not isinstance(iri, str) or not isinstance(ident, str) or not ident:
        return False
    if iri == f"{URN_PREFIX}{ident}" or (isinstance(url, str) and "#" not in url and iri == f"{url}#event"):
        return True
    return is_absolute_url(iri) and "#" not in iri and iri.endswith(f"/{ident}")


def is_absolute_url(value: str) -> bool:
    """True for an absolute http(s) URL without whitespace."""
    return bool(_ABSOLUTE.match(value.split("#", 1)[0]))

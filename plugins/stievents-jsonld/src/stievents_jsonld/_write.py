"""The two exporters' write functions and the page-head contribution.

Both exporters stream: the document is written event by event
(:func:`stievents_jsonld._export.document_chunks`), never held whole.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import IO

from stievents.model import Event, Visibility
from stievents.plugin_types import ExportContext, HeadContribution
from stievents_jsonld import _export, _html


def dumps(events: Sequence[Event], context: ExportContext) -> str:
    """The JSON-LD text for ``events``: 2-space indented, UTF-8, keys in mapping order."""
    return "".join(_export.document_chunks(events, context)) + "\n"


def write_jsonld(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write the JSON-LD document, a piece at a time."""
    for chunk in _export.document_chunks(events, context):
        stream.write(chunk.encode("utf-8"))
    stream.write(b"\n")


def _script_chunks(events: Sequence[Event], context: ExportContext) -> Iterator[str]:
    """The ``<script>`` element of :func:`stievents_jsonld._html.script_element`, in pieces.

    The escapes replace single characters, so escaping piece by piece is exact.
    """
    opening, closing = _html.script_element("\0").split("\0")
    yield opening
    for chunk in _export.document_chunks(events, context):
        yield _html.escape_json(chunk)
    yield closing


def write_html(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write the JSON-LD as an escaped ``<script>`` element for an HTML page, a piece at a time."""
    for chunk in _script_chunks(events, context):
        stream.write(chunk.encode("utf-8"))
    stream.write(b"\n")


def page_head(events: Sequence[Event], context: ExportContext) -> list[HeadContribution]:
    """The ``<script>`` element for the public events of a page (private ones are left out), streamed.

    Given as ``chunks``: a listing's head holds the JSON-LD of its every event
    (hundreds of megabytes for 20,000), which the page writer then writes
    piece by piece as it is made, never holding it whole.
    """
    public = [e for e in events if e.visibility is not Visibility.PRIVATE]
    if not public:
        return []
    return [HeadContribution(source="stievents-jsonld", chunks=functools.partial(_script_chunks, public, context))]

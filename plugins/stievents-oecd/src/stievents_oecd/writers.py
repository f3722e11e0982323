"""The export functions the plugin registers; each builds the page content once and renders it."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import IO, Any

from stievents.errors import FormatError
from stievents.model import Event
from stievents.plugin_types import ExportContext

__all__ = ["write_chunks", "write_html", "write_listing", "write_markdown", "write_text"]


def _base_url(context: ExportContext) -> str | None:
    options: Any = context.options
    return getattr(options, "base_url", None) or context.base_url


def _limit(context: ExportContext) -> int:
    return int(getattr(context.options, "related_limit", 5))


def _collection(events: Sequence[Event], context: ExportContext) -> Sequence[Event]:
    """The events to cross-link: the whole collection when the caller gives it.

    ``context.collection`` is preferred whenever it holds at least the events
    written (``-o DIR`` gives one event per call; one file gets all of them):
    it is the same tuple for every call of an export, so its index is found
    again by identity (:func:`stievents_oecd.related.shared_index`), and
    indexing it does not iterate ``events`` (which may advance a progress bar).
    """
    collection = context.collection
    return collection if collection and len(collection) >= len(events) else events


def write_html(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """One page for ``events[0]``; the other events feed its 'More Like This'.

    The CLI calls this once per event for ``-o DIR``, with the whole collection in
    ``context.collection``; :func:`stievents_oecd.write_site` does the same.
    """
    from stievents_oecd.html_page import document_parts, head_pieces, render_page
    from stievents_oecd.view import build_page

    if not events:
        raise FormatError("oecd-html renders one page per event; no event was given")
    event = events[0]
    page = build_page(event, _collection(events, context), context, _base_url(context), _limit(context))
    include = bool(getattr(context.options, "include_jsonld", True))
    opening, closing = document_parts(page.language, page.title, page.canonical)
    # html_page.document, with the <head> contributions written as they come (see write_listing)
    head = head_pieces([event], context, include)
    write_chunks(itertools.chain((opening,), head, ("</head>\n<body>\n", render_page(page), closing)), stream)


def _write_each(events: Sequence[Event], stream: IO[bytes], context: ExportContext, markdown: bool) -> None:
    from stievents_oecd.textual import EVENT_SEPARATOR, inert, render_markdown, render_text
    from stievents_oecd.view import build_page

    render = render_markdown if markdown else render_text
    separator = "\n---\n\n" if markdown else f"\n{EVENT_SEPARATOR}\n\n"
    for index, event in enumerate(events):
        if index:
            stream.write(separator.encode("utf-8"))
        page = build_page(event, _collection(events, context), context, _base_url(context), _limit(context))
        stream.write(inert(render(page)).encode("utf-8"))


def write_text(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Every event as plain text, separated by a line of ``=``."""
    _write_each(events, stream, context, markdown=False)


def write_markdown(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Every event as Markdown, separated by a thematic break."""
    _write_each(events, stream, context, markdown=True)


def write_listing(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """The listing page of ``events``, written as it is made."""
    from stievents_oecd.listing import listing_chunks

    options: Any = context.options
    chunks = listing_chunks(
        events,
        context,
        _base_url(context),
        getattr(options, "title", None),
        bool(getattr(options, "include_jsonld", True)),
    )
    write_chunks(chunks, stream)


_PIECE = 64 * 1024


def write_chunks(chunks: Iterable[str], stream: IO[bytes]) -> None:
    """Write text pieces as UTF-8, gathered into writes of about 64 KiB; a large piece is encoded in slices.

    Why slices: a piece may still be large (a ``<head>`` contribution another
    plugin gives as one string); encoding it at once would hold its bytes
    beside its text. The pieces are consumed as they are written, so a
    streamed contribution (``HeadContribution.chunks``) is never held whole.
    """
    pending: list[str] = []
    size = 0
    for chunk in chunks:
        if len(chunk) > _PIECE:
            if pending:
                stream.write("".join(pending).encode("utf-8"))
                pending.clear()
                size = 0
            for start in range(0, len(chunk), _PIECE):
                stream.write(chunk[start : start + _PIECE].encode("utf-8"))
            continue
        pending.append(chunk)
        size += len(chunk)
        if size >= _PIECE:
            stream.write("".join(pending).encode("utf-8"))
            pending.clear()
            size = 0
    if pending:
        stream.write("".join(pending).encode("utf-8"))

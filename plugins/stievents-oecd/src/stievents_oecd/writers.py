"""The export functions the plugin registers; each builds the page content once and renders it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from stievents.errors import FormatError
from stievents.model import Event
from stievents.plugin_types import ExportContext

__all__ = ["write_html", "write_listing", "write_markdown", "write_text"]


def _base_url(context: ExportContext) -> str | None:
    options: Any = context.options
    return getattr(options, "base_url", None) or context.base_url


def _limit(context: ExportContext) -> int:
    return int(getattr(context.options, "related_limit", 5))


def _collection(events: Sequence[Event], context: ExportContext) -> Sequence[Event]:
    """The events to cross-link: the whole collection when the caller gives it (``-o DIR``)."""
    return context.collection if len(context.collection) > len(events) else events


def write_html(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """One page for ``events[0]``; the other events feed its 'More Like This'.

    The CLI calls this once per event for ``-o DIR``, with the whole collection in
    ``context.collection``; :func:`stievents_oecd.write_site` does the same.
    """
    from stievents_oecd.html_page import document, head_markup, render_page
    from stievents_oecd.view import build_page

    if not events:
        raise FormatError("oecd-html renders one page per event; no event was given")
    event = events[0]
    page = build_page(event, _collection(events, context), context, _base_url(context), _limit(context))
    include = bool(getattr(context.options, "include_jsonld", True))
    head = head_markup([event], context, include)
    stream.write(document(page.language, page.title, render_page(page), head, page.canonical).encode("utf-8"))


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
    """The listing page of ``events``."""
    from stievents_oecd.listing import render_listing

    options: Any = context.options
    html = render_listing(
        events,
        context,
        _base_url(context),
        getattr(options, "title", None),
        bool(getattr(options, "include_jsonld", True)),
    )
    stream.write(html.encode("utf-8"))

"""The hook implementations of stievents-oecd; light on purpose (Babel, pycountry load on first use)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

import stievents
from stievents.plugin_types import ExportContext, Exporter, ImportContext, Importer, ImportResult
from stievents_oecd.fidelity import (
    EXPORT_FACTS,
    HTML_EXPORT_FACTS,
    HTML_IMPORT_FACTS,
    LISTING_FACTS,
    TEXT_IMPORT_FACTS,
)
from stievents_oecd.options import ListingOptions, PageOptions, TextOptions

if TYPE_CHECKING:
    from stievents.model import Event


def _html(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_oecd.writers import write_html

    write_html(events, stream, context)


def _listing(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_oecd.writers import write_listing

    write_listing(events, stream, context)


def _md(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_oecd.writers import write_markdown

    write_markdown(events, stream, context)


def _text(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_oecd.writers import write_text

    write_text(events, stream, context)


def _read_text(data: bytes, context: ImportContext) -> ImportResult:
    from stievents_oecd.reader import read_text

    return read_text(data, context)


def _read_html(data: bytes, context: ImportContext) -> ImportResult:
    from stievents_oecd.reader import read_html

    return read_html(data, context)


@stievents.hookimpl
def stievents_exporters() -> Iterator[Exporter]:
    yield Exporter(
        name="oecd-html",
        write=_html,
        media_type="text/html",
        suffixes=(".html",),
        description="OECD-style event page (HTML5, one page per event, English or French)",
        options=PageOptions,
        fidelity=HTML_EXPORT_FACTS,
        per_event=True,
    )
    yield Exporter(
        name="oecd-listing-html",
        write=_listing,
        media_type="text/html",
        suffixes=(".listing.html", ".html"),  # first: a name that says it is the listing, not the event's page
        description="OECD-style listing of upcoming and past events by month, type and topic (HTML5)",
        options=ListingOptions,
        fidelity=LISTING_FACTS,
    )
    yield Exporter(
        name="oecd-md",
        write=_md,
        media_type="text/markdown",
        suffixes=(".md",),
        description="OECD-style event page as Markdown, for newsletters",
        options=TextOptions,
        fidelity=EXPORT_FACTS,
    )
    yield Exporter(
        name="oecd-text",
        write=_text,
        media_type="text/plain",
        suffixes=(".txt",),
        description="OECD-style event page as plain text, for e-mail",
        options=TextOptions,
        fidelity=EXPORT_FACTS,
    )


@stievents.hookimpl
def stievents_importers() -> Iterator[Importer]:
    yield Importer(
        name="oecd-html",
        read=_read_html,
        media_type="text/html",
        suffixes=(".html", ".htm"),
        description="Read an OECD-style event page (HTML)",
        fidelity=HTML_IMPORT_FACTS,
    )
    yield Importer(
        name="oecd-text",
        read=_read_text,
        media_type="text/plain",
        suffixes=(".txt",),
        description="Read an OECD-style event page saved as text",
        fidelity=TEXT_IMPORT_FACTS,
    )

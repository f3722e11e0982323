"""stievents hooks of the JSON-LD plugin: kept light, the work is imported on first use."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

import stievents
from stievents.plugin_types import (
    ExportContext,
    Exporter,
    HeadContribution,
    ImportContext,
    Importer,
    ImportResult,
    ValidationProfile,
)
from stievents_jsonld._fidelity import EXPORT_FIDELITY, IMPORT_FIDELITY
from stievents_jsonld._options import ReadOptions

if TYPE_CHECKING:
    from stievents.errors import Problem
    from stievents.model import Event


def _write_jsonld(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_jsonld import _write

    _write.write_jsonld(events, stream, context)


def _write_html(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_jsonld import _write

    _write.write_html(events, stream, context)


def _read(data: bytes, context: ImportContext) -> ImportResult:
    from stievents_jsonld import _import

    return _import.read(data, context)


def _read_html(data: bytes, context: ImportContext) -> ImportResult:
    from stievents_jsonld import _import

    return _import.read_html(data, context)


def _check_google(events: Sequence[Event]) -> list[Problem]:
    from stievents_jsonld import _google

    return list(_google.check(events))


@stievents.hookimpl
def stievents_exporters() -> Iterator[Exporter]:
    yield Exporter(
        name="jsonld",
        write=_write_jsonld,
        media_type="application/ld+json",
        suffixes=(".jsonld",),
        description="schema.org Event JSON-LD (one Event, or @graph for many)",
        fidelity=EXPORT_FIDELITY,
    )
    yield Exporter(
        name="jsonld-html",
        write=_write_html,
        media_type="text/html",
        # a snippet for a page's <head>: as .html a browser would show a blank page; as text it shows the markup
        suffixes=(".jsonld-snippet.txt", ".html"),
        description='schema.org Event JSON-LD in an escaped <script type="application/ld+json"> element',
        fidelity=EXPORT_FIDELITY,
    )


@stievents.hookimpl
def stievents_importers() -> Iterator[Importer]:
    yield Importer(
        name="jsonld",
        read=_read,
        media_type="application/ld+json",
        suffixes=(".jsonld",),
        description="schema.org Event JSON-LD (object, list or @graph; Event subtypes)",
        options=ReadOptions,
        fidelity=IMPORT_FIDELITY,
    )
    yield Importer(
        name="jsonld-html",
        read=_read_html,
        media_type="text/html",
        # not .html: that suffix is oecd-html's, and an HTML page says nothing of its markup; read with --from
        suffixes=(".jsonld-snippet.txt",),
        description='every schema.org Event in the <script type="application/ld+json"> blocks of an HTML page',
        options=ReadOptions,
        fidelity=IMPORT_FIDELITY,
    )


@stievents.hookimpl
def stievents_validation_profiles() -> Iterator[ValidationProfile]:
    yield ValidationProfile(
        name="google",
        description="Google Search Event structured data: required (errors) and recommended (warnings) properties",
        check=_check_google,
    )


@stievents.hookimpl
def stievents_page_head(events: Sequence[Event], context: ExportContext) -> list[HeadContribution]:
    from stievents_jsonld import _write

    return _write.page_head(events, context)

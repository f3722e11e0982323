"""The hooks that register the ``ics`` format; light, so listing formats never imports icalendar."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO

from stievents.hookspecs import hookimpl
from stievents.model import Event
from stievents.plugin_types import ExportContext, Exporter, ImportContext, Importer, ImportResult
from stievents_ical.fidelity import EXPORT_FACTS, IMPORT_FACTS
from stievents_ical.options import IcsExportOptions, IcsImportOptions

_DESCRIPTION = "iCalendar (RFC 5545/7986/9073): calendar clients, feeds"


def _write(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_ical._fast import write_ics_fast  # the icalendar-built reference: stievents_ical.reference

    write_ics_fast(events, stream, context)


def _read(data: bytes, context: ImportContext) -> ImportResult:
    from stievents_ical._import import read_ics

    return read_ics(data, context)


@hookimpl
def stievents_exporters() -> Iterator[Exporter]:
    yield Exporter(
        name="ics",
        write=_write,
        media_type="text/calendar",
        suffixes=(".ics", ".ical", ".ifb"),
        description=_DESCRIPTION,
        aliases=("ical", "icalendar"),
        options=IcsExportOptions,
        fidelity=EXPORT_FACTS,
    )


@hookimpl
def stievents_importers() -> Iterator[Importer]:
    yield Importer(
        name="ics",
        read=_read,
        media_type="text/calendar",
        suffixes=(".ics", ".ical", ".ifb"),
        description=_DESCRIPTION,
        aliases=("ical", "icalendar"),
        options=IcsImportOptions,
        fidelity=IMPORT_FACTS,
    )

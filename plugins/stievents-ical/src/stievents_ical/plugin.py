"""The hooks that register the ``ics`` format; light, so listing formats imports neither icalendar nor the model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

from stievents.hookspecs import hookimpl
from stievents.plugin_types import ExportContext, Exporter, ImportContext, Importer, ImportResult
from stievents_ical.options import IcsExportOptions, IcsImportOptions

if TYPE_CHECKING:
    from stievents.model import Event

_DESCRIPTION = "iCalendar (RFC 5545/7986/9073): calendar clients, feeds"


def _export_facts() -> frozenset[str]:
    from stievents_ical.fidelity import EXPORT_FACTS  # computed from the model's facts

    return EXPORT_FACTS


def _import_facts() -> frozenset[str]:
    from stievents_ical.fidelity import IMPORT_FACTS

    return IMPORT_FACTS


def _write(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_ical._write_fast import write_ics_fast  # the icalendar-built reference: stievents_ical.reference

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
        fidelity=_export_facts,
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
        fidelity=_import_facts,
    )

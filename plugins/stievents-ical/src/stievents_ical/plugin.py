"""The hooks that register ``ics`` and ``jcal``; light, so listing formats imports neither icalendar nor the model."""

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


_JCAL_DESCRIPTION = "jCal (RFC 7265): iCalendar as JSON, the same mapping as ics"
_JCAL_MEDIA_TYPE = "application/calendar+json"
_JCAL_SUFFIXES = (".jcal.json",)  # never plain .json, which other formats claim


def _write_jcal(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_ical._write_jcal import write_jcal

    write_jcal(events, stream, context)


def _read_jcal(data: bytes, context: ImportContext) -> ImportResult:
    from stievents_ical._read_jcal import read_jcal

    return read_jcal(data, context)


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
    yield Exporter(
        name="jcal",
        write=_write_jcal,
        media_type=_JCAL_MEDIA_TYPE,
        suffixes=_JCAL_SUFFIXES,
        description=_JCAL_DESCRIPTION,
        options=IcsExportOptions,
        fidelity=_export_facts,  # the same mapping as ics, so the same facts
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
    yield Importer(
        name="jcal",
        read=_read_jcal,
        media_type=_JCAL_MEDIA_TYPE,
        suffixes=_JCAL_SUFFIXES,
        description=_JCAL_DESCRIPTION,
        options=IcsImportOptions,
        fidelity=_import_facts,
    )

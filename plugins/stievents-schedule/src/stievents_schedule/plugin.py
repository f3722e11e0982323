"""stievents hooks of the schedule plugin: kept light (attrs and the options only); the work loads on first use."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

import stievents
from stievents.plugin_types import ExportContext, Exporter, ImportContext, Importer, ImportResult
from stievents_schedule._fidelity import JSON_FIDELITY, XML_FIDELITY
from stievents_schedule._options import ScheduleOptions

if TYPE_CHECKING:
    from stievents.model import Event


def _write_xml(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_schedule import _xml_write

    _xml_write.write_xml(events, stream, context)


def _write_json(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_schedule import _json_write

    _json_write.write_json(events, stream, context)


def _read_xml(data: bytes, context: ImportContext) -> ImportResult:
    from stievents_schedule import _build, _read

    return _build.build(_read.read_xml(data))


def _read_json(data: bytes, context: ImportContext) -> ImportResult:
    from stievents_schedule import _build, _read

    return _build.build(_read.read_json(data))


@stievents.hookimpl
def stievents_exporters() -> Iterator[Exporter]:
    yield Exporter(
        name="schedule-xml",
        write=_write_xml,
        media_type="application/vnd.c3voc.schedule+xml",
        suffixes=(".schedule.xml",),
        description="frab/Pentabarf schedule.xml (pretalx, Giggity, Fahrplan apps): days, rooms, talks",
        options=ScheduleOptions,
        fidelity=XML_FIDELITY,
    )
    yield Exporter(
        name="schedule-json",
        write=_write_json,
        media_type="application/json",
        suffixes=(".schedule.json",),
        description="c3voc schedule.json (frab/pretalx JSON schedule): days, rooms, talks",
        options=ScheduleOptions,
        fidelity=JSON_FIDELITY,
    )


@stievents.hookimpl
def stievents_importers() -> Iterator[Importer]:
    yield Importer(
        name="schedule-xml",
        read=_read_xml,
        media_type="application/vnd.c3voc.schedule+xml",
        suffixes=(".schedule.xml",),
        description="frab/Pentabarf schedule.xml from pretalx, frab, wafer, osem: one conference as one event",
        fidelity=XML_FIDELITY,
    )
    yield Importer(
        name="schedule-json",
        read=_read_json,
        media_type="application/json",
        suffixes=(".schedule.json",),
        description="c3voc schedule.json from frab, pretalx, the CCC hub: one conference as one event",
        fidelity=JSON_FIDELITY,
    )

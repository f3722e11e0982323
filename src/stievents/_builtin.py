"""The core's own plugin: canonical JSON and TOML, and the UN SDG and STIP Compass schemes.

Registered through the same hooks as any third-party plugin (see
:data:`stievents.plugins.DEFAULT_PLUGINS`), so the core's formats get no
privileges a plugin could not have.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

from stievents.hookspecs import hookimpl
from stievents.plugin_types import (
    ClassificationScheme,
    ExportContext,
    Exporter,
    ImportContext,
    Importer,
    ImportResult,
)

if TYPE_CHECKING:
    from stievents.model import Event

# The model, the converter and the facts are imported when a format is used, not
# when it is registered: listing formats must stay cheap.


def _all_facts() -> tuple[str, ...]:
    from stievents.facts import all_facts

    return all_facts()


def _write_json(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents import serialize

    serialize.write_json(events, stream)  # event by event: a large export is never held whole


def _write_toml(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents import serialize

    serialize.write_toml(events, stream)  # event by event, like the JSON writer


def _reader(kind: str):  # type: ignore[no-untyped-def]
    def read(data: bytes, context: ImportContext) -> ImportResult:
        from stievents import serialize
        from stievents.errors import ValidationError

        text = serialize.decode_text(data)
        read_events = serialize.events_from_json if kind == "json" else serialize.events_from_toml
        try:  # event by event (a FormatError still escapes, as from parse_json or parse_toml)
            events, problems = read_events(text, lenient=context.lenient)
        except ValidationError as exc:
            return ImportResult(events=(), problems=exc.problems)
        return ImportResult(events=tuple(events), problems=tuple(problems))

    return read


@hookimpl
def stievents_exporters() -> Iterator[Exporter]:
    yield Exporter(
        name="json",
        write=_write_json,
        media_type="application/json",
        suffixes=(".json",),
        description="Canonical stievents document (JSON, lossless)",
        fidelity=_all_facts,
    )
    yield Exporter(
        name="toml",
        write=_write_toml,
        media_type="application/toml",
        suffixes=(".toml",),
        description="Canonical stievents document as TOML, for authoring by hand",
        fidelity=_all_facts,
    )


@hookimpl
def stievents_importers() -> Iterator[Importer]:
    yield Importer(
        name="json",
        read=_reader("json"),
        media_type="application/json",
        suffixes=(".json",),
        description="Canonical stievents document (JSON, lossless)",
        fidelity=_all_facts,
    )
    yield Importer(
        name="toml",
        read=_reader("toml"),
        media_type="application/toml",
        suffixes=(".toml",),
        description="Canonical stievents document as TOML, for authoring by hand",
        fidelity=_all_facts,
    )


@hookimpl
def stievents_classification_schemes() -> Iterator[ClassificationScheme]:
    from stievents._schemes import schemes  # registers without reading the data files

    yield from schemes()

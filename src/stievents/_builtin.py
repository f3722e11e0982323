"""The core's own plugin: canonical JSON and TOML, and the UN SDG classification scheme.

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

_SDG_GOALS = (
    ("1", "No poverty"),
    ("2", "Zero hunger"),
    ("3", "Good health and well-being"),
    ("4", "Quality education"),
    ("5", "Gender equality"),
    ("6", "Clean water and sanitation"),
    ("7", "Affordable and clean energy"),
    ("8", "Decent work and economic growth"),
    ("9", "Industry, innovation and infrastructure"),
    ("10", "Reduced inequalities"),
    ("11", "Sustainable cities and communities"),
    ("12", "Responsible consumption and production"),
    ("13", "Climate action"),
    ("14", "Life below water"),
    ("15", "Life on land"),
    ("16", "Peace, justice and strong institutions"),
    ("17", "Partnerships for the goals"),
)


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
    yield ClassificationScheme(
        id="un-sdg",
        name="UN Sustainable Development Goals",
        edition="2015",
        url="https://sdgs.un.org/goals",
        codes=_SDG_GOALS,
    )
    yield ClassificationScheme(
        id="stip-compass",
        name="EC-OECD STIP Compass policy themes",
        url="https://stip.oecd.org/",
    )

"""The hook implementations stievents finds through this package's entry point.

Keep this module cheap to import: stievents imports it whenever it lists
formats. It imports the model only for type checking and the writer only when a
file is written, so listing formats never loads them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

import stievents
from stievents.plugin_types import ExportContext, Exporter

if TYPE_CHECKING:
    from stievents.model import Event

FORMAT_NAME = "{{ cookiecutter.format_name }}"

FIDELITY = frozenset(
    {
        "title",
        "start",
        "end",
        "status",
        "status_history.reason",
        "venue.locality",
        "venue.country",
        "sessions.title",
        "sessions.start",
        "sessions.end",
    }
)
"""The model facts this format writes (see ``stievents.facts.all_facts()``)."""


def _write(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from .writer import write_agenda

    write_agenda(events, stream, context)


@stievents.hookimpl
def stievents_exporters() -> Iterator[Exporter]:
    """Yield one Exporter per format this plugin writes."""
    yield Exporter(
        name=FORMAT_NAME,
        write=_write,
        media_type="{{ cookiecutter.media_type }}",
        suffixes=("{{ cookiecutter.suffix }}",),
        description="{{ cookiecutter.format_description }}",
        fidelity=FIDELITY,
    )

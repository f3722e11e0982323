"""The hook implementations stievents finds through the ``stievents.plugins`` entry point.

Kept light: it imports the options class and the column catalogue (both cheap)
and loads the writer only when a file is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO

import stievents
from stievents.model import Event
from stievents.plugin_types import ExportContext, Exporter
from stievents_csv.columns import fidelity
from stievents_csv.options import CsvOptions


def _write(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    from stievents_csv.writer import write_csv

    write_csv(events, stream, context)


@stievents.hookimpl
def stievents_exporters() -> Iterator[Exporter]:
    """The ``csv`` format: a spreadsheet with one row per event or per session."""
    yield Exporter(
        name="csv",
        write=_write,
        media_type="text/csv",
        suffixes=(".csv",),
        description="Spreadsheet (CSV): one row per event or session, columns by option",
        options=CsvOptions,
        fidelity=fidelity(),
    )

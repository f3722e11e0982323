"""The hook implementations stievents finds through the ``stievents.plugins`` entry point.

Kept light: it imports only the options class (attrs); the column catalogue
(which needs the model) is loaded when the fidelity is first read, and the
writer when a file is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

import stievents
from stievents.plugin_types import ExportContext, Exporter
from stievents_csv.options import CsvOptions

if TYPE_CHECKING:
    from stievents.model import Event


def _fidelity() -> frozenset[str]:
    from stievents_csv.columns import fidelity

    return fidelity()


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
        fidelity=_fidelity,
    )

"""Writing events as CSV rows with the standard library's :mod:`csv` module."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import IO

from stievents.model import Event, Session
from stievents.plugin_types import ExportContext
from stievents_csv.cells import safe_cell
from stievents_csv.columns import Column, resolve_columns
from stievents_csv.options import CsvOptions

__all__ = ["write_csv"]


def _rows(events: Sequence[Event], per_session: bool) -> Iterator[tuple[Event, Session | None]]:
    """One (event, None) per event, or one (event, session) per session.

    An event without sessions still gets one row on session rows, with empty
    session cells, so that no event silently disappears from the sheet.
    """
    for event in events:
        if per_session and event.sessions:
            for session in event.sessions:
                yield event, session
        else:
            yield event, None


def _cells(columns: Sequence[Column], event: Event, session: Session | None) -> list[str]:
    return [safe_cell(column.get(event, session) or "") for column in columns]


def write_csv(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write a header and one row per event (or session) to the binary ``stream``, in UTF-8.

    Rows go out one at a time, so a large collection is never held as text.
    Line ends are CRLF, as RFC 4180 asks.
    """
    options = context.options if isinstance(context.options, CsvOptions) else CsvOptions()
    columns = resolve_columns(options.rows, options.columns)
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    try:
        if options.bom:
            text.write("\ufeff")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([column.name for column in columns])
        for event, session in _rows(events, options.rows == "sessions"):
            writer.writerow(_cells(columns, event, session))
        text.flush()
    finally:
        text.detach()  # leave the caller's stream open

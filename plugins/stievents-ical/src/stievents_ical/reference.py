"""The icalendar-based writer, kept as the reference the fast ``ics`` writer is proved equal to.

It is not a registered format (a second ``.ics`` exporter would show up in every
format listing); call it directly, e.g. in tests or to compare outputs::

    from stievents_ical.reference import export_reference
    data = export_reference(events, now=now)
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import IO, Any

from stievents.model import Event
from stievents.plugin_types import ExportContext
from stievents_ical.options import IcsExportOptions

__all__ = ["export_reference", "write_reference"]


def write_reference(events: Iterable[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write ``events`` as one VCALENDAR built with icalendar (component tree, ``to_ical``)."""
    from stievents_ical._write_reference import write_reference as write

    write(tuple(events), stream, context)


def export_reference(events: Event | Iterable[Event], *, now: dt.datetime | None = None, **options: Any) -> bytes:
    """``events`` as the reference writer's bytes; ``options`` are those of the ``ics`` format."""
    sequence = (events,) if isinstance(events, Event) else tuple(events)
    context = ExportContext(now=now, options=IcsExportOptions(**options), collection=sequence)
    buffer = io.BytesIO()
    write_reference(sequence, buffer, context)
    return buffer.getvalue()

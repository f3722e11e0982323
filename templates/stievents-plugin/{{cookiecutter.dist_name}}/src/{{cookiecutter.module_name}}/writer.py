"""Writing events as a plain-text agenda: replace this with your format.

Plain text has no markup to inject, but the writer still keeps each value on
its own line: line breaks in user text are folded, so a title cannot forge an
agenda line of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import IO

from stievents.model import Event, Temporal
from stievents.plugin_types import ExportContext


def one_line(text: str) -> str:
    """User text on one line: every run of whitespace, line breaks included, becomes one space."""
    return " ".join(text.split())


def when(value: Temporal | None) -> str:
    """A date, or a time with its zone's abbreviation and name: ``2020-03-05 09:30 CET (Europe/Paris)``."""
    if value is None:
        return "time to be announced"
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M} {value.tzname()} ({value.tzinfo})"
    return value.isoformat()


def event_lines(event: Event) -> list[str]:
    """The agenda of one event, line by line."""
    lines = [one_line(event.title), f"  from   {when(event.start)}", f"  until  {when(event.end)}"]
    status = event.status.value
    if event.status_reason:
        status += f" ({one_line(event.status_reason)})"
    lines.append(f"  status {status}")
    if event.venue is not None and (event.venue.locality or event.venue.country):
        place = ", ".join(one_line(part) for part in (event.venue.locality, event.venue.country) if part)
        lines.append(f"  where  {place}")
    for session in event.sessions:
        lines.append(f"  - {when(session.start)}  {one_line(session.title)}")
    return lines


def write_agenda(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write each event's agenda to the binary ``stream``, UTF-8, one blank line between events."""
    for index, event in enumerate(events):
        if index:
            stream.write(b"\n")
        stream.write(("\n".join(event_lines(event)) + "\n").encode("utf-8"))
    if not events:
        stream.write(b"(no events)\n")

"""A short plain-text summary of an event, as ``stievents demo`` prints it."""

from __future__ import annotations

import datetime as dt

from stievents.model import Event, Temporal

__all__ = ["summary"]


def _when(value: Temporal) -> str:
    if isinstance(value, dt.datetime):
        utc = value.astimezone(dt.UTC)
        return f"{value:%Y-%m-%d %H:%M} {value.tzname()} ({value.tzinfo}) = {utc:%Y-%m-%d %H:%M} UTC"
    return value.isoformat()


def summary(event: Event) -> str:
    """Title, dates, place, status, organisers, questions and programme, one per line."""
    lines = [event.title]
    if event.subtitle:
        lines.append(event.subtitle)
    lines.append("")
    lines.append(f"  id          {event.id}")
    if event.event_type:
        lines.append(f"  type        {event.event_type.value}")
    status = event.status.value
    if event.status_reason:
        status += f" ({event.status_reason})"
    lines.append(f"  status      {status}")
    lines.append(f"  start       {_when(event.start)}")
    lines.append(f"  end         {_when(event.end)}")
    if event.venue:
        place = ", ".join(part for part in (event.venue.name, event.venue.locality, event.venue.country) if part)
        lines.append(f"  venue       {place}")
        local = event.venue_local()
        if local is not None:
            lines.append(f"  venue time  {local:%Y-%m-%d %H:%M} {local.tzname()} ({event.venue.timezone})")
    if event.attendance_mode:
        lines.append(f"  attendance  {event.attendance_mode.value}")
    for organiser in event.organisers:
        roles = ", ".join(r.value for r in organiser.roles)
        lines.append(f"  organiser   {organiser.name} [{roles}]")
    for question in event.policy_questions:
        lines.append(f"  question    {question.text}")
    scheduled = sum(1 for s in event.sessions if s.is_scheduled)
    if event.sessions:
        lines.append(f"  sessions    {len(event.sessions)} ({scheduled} scheduled)")
    return "\n".join(lines) + "\n"

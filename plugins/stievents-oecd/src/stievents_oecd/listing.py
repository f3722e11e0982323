"""``oecd-listing-html``: upcoming and past events by month, then by event type and by topic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from stievents.model import Event, EventStatus, Phase
from stievents.plugin_types import ExportContext
from stievents_oecd import timefmt
from stievents_oecd.countries import country_name
from stievents_oecd.html_page import document_parts, head_pieces
from stievents_oecd.i18n import labels
from stievents_oecd.related import event_href
from stievents_oecd.safety import esc
from stievents_oecd.view import TYPE_LABELS

__all__ = ["listing_chunks", "render_listing"]


def _start_key(event: Event) -> tuple[str, str]:
    start = event.start_utc
    return (start.isoformat() if start else event.start.isoformat(), event.id)


def _item(event: Event, context: ExportContext, base_url: str | None, language: str) -> str:
    t = labels(language)
    href = event_href(event, base_url)
    start = event.start.date() if isinstance(event.start, dt.datetime) else event.start
    span = timefmt.date_summary(event.start, event.end, language)
    when = f'<time datetime="{esc(start.isoformat())}">{esc(span)}</time>'
    parts = [f'<a href="{esc(href)}">{esc(event.title)}</a>', when]
    venue = event.venue
    if venue is not None and (venue.locality or venue.name):
        place = venue.locality or venue.name or ""
        if venue.country:
            place += ", " + country_name(venue.country, language)
        parts.append(esc(place))
    if event.status is EventStatus.CANCELLED:
        parts.append(f"<strong>{esc(t.get('Event cancelled'))}</strong>")
    elif event.status is EventStatus.POSTPONED:
        parts.append(f"<strong>{esc(t.get('Event postponed'))}</strong>")
    return "<li>" + " — ".join(parts) + "</li>\n"


def _by_month(events: Sequence[Event], context: ExportContext, base_url: str | None, language: str) -> Iterator[str]:
    current = None
    for event in events:
        start = event.start.date() if isinstance(event.start, dt.datetime) else event.start
        month = (start.year, start.month)
        if month != current:
            if current is not None:
                yield "</ul>\n"
            yield f"<h3>{esc(timefmt.month_heading(start, language))}</h3>\n<ul>\n"
            current = month
        yield _item(event, context, base_url, language)
    if current is not None:
        yield "</ul>\n"


def _groups(
    title: str, groups: dict[str, list[Event]], context: ExportContext, base_url: str | None, language: str
) -> Iterator[str]:
    if not groups:
        return
    yield f"<section>\n<h2>{esc(title)}</h2>\n"
    for name in sorted(groups, key=str.casefold):
        yield f"<h3>{esc(name)}</h3>\n<ul>\n"
        for event in sorted(groups[name], key=_start_key):
            yield _item(event, context, base_url, language)
        yield "</ul>\n"
    yield "</section>\n"


def render_listing(
    events: Sequence[Event], context: ExportContext, base_url: str | None, title: str | None, include_head: bool
) -> str:
    """The whole listing document (:func:`listing_chunks` joined)."""
    return "".join(listing_chunks(events, context, base_url, title, include_head))


def listing_chunks(
    events: Sequence[Event], context: ExportContext, base_url: str | None, title: str | None, include_head: bool
) -> Iterator[str]:
    """The listing document piece by piece, so that it is written as it is made, never held whole.

    The ``<head>`` too: the JSON-LD of every event comes as the pieces of a
    streamed ``HeadContribution`` (see :func:`head_pieces`). What is kept is
    the order of the events and their groups (references to the events, not text).
    """
    t = labels(context.locale)
    language = t.language
    now = context.now_or_current()
    ordered = sorted(events, key=_start_key)
    heading = title or t.get("Events")
    opening, closing = document_parts(language, heading, None)
    yield opening
    yield from head_pieces(events, context, include_head)
    yield "</head>\n<body>\n"
    yield f'<a class="skip" href="#content">{esc(t.get("Skip navigation"))}</a>\n<main id="content">\n'
    yield f"<h1>{esc(heading)}</h1>\n"
    if not ordered:
        yield f"<p>{esc(t.get('No events'))}</p>\n"
    upcoming = [e for e in ordered if e.phase(now) is not Phase.ENDED]
    past = [e for e in reversed(ordered) if e.phase(now) is Phase.ENDED]
    for name, chunk in (("Upcoming events", upcoming), ("Past events", past)):
        if chunk:
            yield f"<section>\n<h2>{esc(t.get(name))}</h2>\n"
            yield from _by_month(chunk, context, base_url, language)
            yield "</section>\n"
    del upcoming, past
    by_type: dict[str, list[Event]] = {}
    by_topic: dict[str, list[Event]] = {}
    for event in ordered:
        if event.event_type is not None:
            by_type.setdefault(t.get(TYPE_LABELS[event.event_type], "event type"), []).append(event)
        for topic in dict.fromkeys(event.topics):
            by_topic.setdefault(topic, []).append(event)
    yield from _groups(t.get("By event type"), by_type, context, base_url, language)
    yield from _groups(t.get("By topic"), by_topic, context, base_url, language)
    yield "</main>\n"
    yield closing

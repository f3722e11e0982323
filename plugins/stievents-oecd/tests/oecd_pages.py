"""Every page the suite checks for validity and safety: both examples, generated and hostile events."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from oecd_support import NOW, hostile_event

import stievents
from stievents import model

LINKS = {
    "ics_href": "{id}.ics",
    "jsonld_href": "{id}.jsonld",
    "session_ics_href": "{event_id}/sessions/{session_id}.ics",
}
"""The link options a site gives the pages (see docs/formats/oecd.md)."""


def listing_events() -> list[model.Event]:
    """Both examples plus a few made-up events before and after 'now'."""
    zone = zoneinfo.ZoneInfo("Asia/Tokyo")
    extra = [
        model.Event(
            id=f"generated-{n}",
            title=f"Generated seminar {n}",
            event_type=model.EventType.SEMINAR if n % 2 else model.EventType.WEBINAR,
            start=dt.datetime(2025 + n, 2 + n, 10, 14, 0, tzinfo=zone),
            end=dt.datetime(2025 + n, 2 + n, 10, 16, 0, tzinfo=zone),
            topics=("co-creation",) if n % 2 else ("artificial intelligence",),
            venue=model.Venue(locality="Tokyo", country="JP"),
        )
        for n in range(3)
    ]
    return [stievents.example(name) for name in stievents.example_names()] + extra


def all_pages() -> dict[str, bytes]:
    """Name -> HTML bytes of every page kind, in both languages."""
    pages: dict[str, bytes] = {}
    collection = listing_events()
    for locale in ("en", "fr"):
        for event in [*collection, hostile_event()]:
            pages[f"{event.id}-{locale}.html"] = stievents.export(event, "oecd-html", now=NOW, locale=locale)
            pages[f"{event.id}-links-{locale}.html"] = stievents.export(
                event, "oecd-html", now=NOW, locale=locale, **LINKS
            )
        pages[f"listing-{locale}.html"] = stievents.export(collection, "oecd-listing-html", now=NOW, locale=locale)
        pages[f"hostile-listing-{locale}.html"] = stievents.export(
            [hostile_event(), *collection],
            "oecd-listing-html",
            now=NOW,
            locale=locale,
            base_url="javascript:alert(7)//",
        )
    return pages

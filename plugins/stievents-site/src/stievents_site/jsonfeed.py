"""A JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of events, written item by item.

The items say what the Atom entries say (:mod:`stievents_site.feedtext`:
same ids, titles, summaries, dates and links), with the event's own facts in
an extension object ``_stievents`` (JSON Feed §"Extensions": keys that start
with an underscore) so that a program need not parse the summary:

``{"id": ..., "start": "2020-03-05T09:30:00+01:00", "end": ..., "all_day": false,
"timezone": "Europe/Paris", "status": "scheduled", "type": "workshop",
"location": {"name": ..., "locality": ..., "country": "FR", "online": false}}``

``start``/``end`` keep the event's own offset (a day ``YYYY-MM-DD`` when all
day); absent values are left out of ``location``.

Determinism: keys come in a fixed order (the spec's, then ours), text is
UTF-8 (``ensure_ascii=False``) cleaned of what no format may carry, one item
per line; nothing depends on the build's clock.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import IO, Any

from stievents.model import AttendanceMode, Event, EventStatus
from stievents_site import feedtext

__all__ = ["VERSION", "write_json_feed"]

VERSION = "https://jsonfeed.org/version/1.1"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def write_json_feed(
    events: Sequence[Event],
    stream: IO[bytes],
    *,
    feed_id: str,
    title: str,
    self_href: str,
    alternate_href: str,
    locale: str,
    entry_href: Callable[[Event], str],
    now: dt.datetime,
    base_url: str | None = None,
    author: str | None = None,
    cache: feedtext.EntryCache | None = None,
) -> None:
    """Write ``events``, in their order, as a JSON Feed in ``locale`` to the binary ``stream``.

    The keywords are :func:`stievents_site.atom.write_atom`'s. ``feed_id`` has
    no place of its own in JSON Feed (``feed_url`` is the feed's identifier);
    it is checked like Atom's, so the two writers accept the same calls.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime (with a time zone)")
    if ":" not in feed_id:
        raise ValueError(f"error: the feed id {feed_id!r} must be an IRI with a scheme (tag:, urn:, https:)")
    lang = feedtext.language_tag(locale)
    links = feedtext.Links.make(self_href, base_url)
    head = {
        "version": VERSION,
        "title": feedtext.clean(title),
        "home_page_url": links.href(alternate_href),
        "feed_url": links.href(self_href),
        "language": lang,
        "authors": [{"name": feedtext.clean(author or title)}],
    }
    stream.write(_dumps(head)[:-1].encode("utf-8") + b',"items":[')
    separator = b"\n"
    for event in events:
        entry = feedtext.entry(event, locale, entry_href, links, cache)
        extension = _extension(event) if cache is None else cache.extra(event, "jsonfeed", _extension)
        item = _item(entry, extension)
        stream.write(separator + _dumps(item).encode("utf-8"))
        separator = b",\n"
    stream.write(b"\n]}\n")


def _item(entry: feedtext.Entry, extension: object) -> dict[str, Any]:
    content = entry.summary if not entry.description else f"{entry.summary}\n\n{entry.description}"
    item: dict[str, Any] = {
        "id": entry.id,
        "url": entry.url,
        "title": entry.title,
        "content_text": content,
        "summary": entry.summary,
    }
    if entry.published is not None:
        item["date_published"] = entry.published
    item["date_modified"] = entry.updated
    if entry.tags:
        item["tags"] = list(entry.tags)
    if entry.authors:
        item["authors"] = [{"name": name, "url": url} if url else {"name": name} for name, url in entry.authors]
    item["_stievents"] = extension
    return item


def _extension(event: Event) -> dict[str, Any]:
    venue = event.venue
    location: dict[str, Any] = {}
    if venue is not None:
        for key in ("name", "street", "locality", "region", "postal_code", "country"):
            value = getattr(venue, key)
            if value is not None:
                location[key] = feedtext.clean(value)
    location["online"] = (
        event.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.MIXED)
        or event.status is EventStatus.MOVED_ONLINE
        or (venue is None and event.virtual_location is not None)
    )
    virtual = event.virtual_location
    if virtual is not None and virtual.join_url_public and virtual.url:
        location["url"] = feedtext.clean(virtual.url)
    return {
        "id": event.id,
        "start": feedtext.local_iso(event.start),
        "end": feedtext.local_iso(event.end),
        "all_day": event.is_all_day,
        "timezone": event.timezone,
        "status": event.status.value,
        "type": event.event_type.value if event.event_type is not None else None,
        "location": location,
    }

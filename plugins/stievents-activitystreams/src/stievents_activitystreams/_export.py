"""Model events -> ActivityStreams 2.0 ``Event`` objects (FEP-8a8e, with Mobilizon's terms).

One event is written as one ``Event``; any other number as an ``OrderedCollection``
whose ``orderedItems`` are the events (FEP-8a8e's upcoming-events shape). Ids and
collection id come from ``--base-url`` when given, else a ``urn:stievents:event:``
URN (an AS2 id must be an IRI; a URN names the event without pretending a page exists).
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Sequence
from typing import IO, Any

from stievents.model import Event, Temporal, Venue, VirtualLocation
from stievents.plugin_types import ExportContext
from stievents_activitystreams import _html, _vocab


def write(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write ``events`` as one JSON document (built whole: an AS2 collection is read whole too)."""
    document = dumps_document(events, context)
    stream.write(document.encode("utf-8"))


def dumps_document(events: Sequence[Event], context: ExportContext) -> str:
    return json.dumps(document(events, context), ensure_ascii=False, indent=2) + "\n"


def document(events: Sequence[Event], context: ExportContext) -> dict[str, Any]:
    header: dict[str, Any] = {"@context": [_vocab.AS_CONTEXT, _vocab.EXTENSION_CONTEXT]}
    if len(events) == 1:
        return {**header, **event_object(events[0], context.base_url)}
    collection: dict[str, Any] = {**header, "type": "OrderedCollection"}
    if context.base_url:
        collection["id"] = _join(context.base_url, "events")
    collection["totalItems"] = len(events)
    collection["orderedItems"] = [event_object(event, context.base_url) for event in events]
    return collection


def event_id(event: Event, base_url: str | None) -> str:
    """The AS2 id: ``<base>/events/<id>``, else ``urn:stievents:event:<id>`` (the importer reads both back)."""
    if base_url:
        return _join(base_url, "events", event.id)
    return _vocab.URN_PREFIX + event.id


def _join(base: str, *parts: str) -> str:
    return base.rstrip("/") + "".join("/" + urllib.parse.quote(part, safe="") for part in parts)


def event_object(event: Event, base_url: str | None) -> dict[str, Any]:
    node: dict[str, Any] = {"id": event_id(event, base_url), "type": "Event", "name": event.title}
    _texts(node, event)
    start, end, zone = _times(event)
    node["startTime"], node["endTime"] = start, end
    if zone is not None:
        node["timezone"] = zone
    node["eventStatus"] = _vocab.EVENT_STATUS[event.status.value]
    node["ical:status"] = _vocab.ICAL_STATUS[event.status.value]
    if event.attendance_mode is not None:
        node["eventAttendanceMode"] = _vocab.ATTENDANCE[event.attendance_mode.value]
    locations = [_place(event.venue)] if event.venue is not None else []
    if event.virtual_location is not None:
        locations.append(_virtual(event.virtual_location))
    if locations:
        node["location"] = locations[0] if len(locations) == 1 else locations
    if event.organisers:
        node["organizers"] = {
            "type": "Collection",
            "totalItems": len(event.organisers),
            "items": [_drop_none({"type": "Organization", "name": o.name, "url": o.url}) for o in event.organisers],
        }
    _participation(node, event)
    if event.url is not None:
        node["url"] = event.url
    if event.image is not None:
        node["image"] = _drop_none({"type": "Image", "url": event.image.url, "name": event.image.alt})
    links = [{"type": "Link", "href": ref.url, "name": ref.citation} for ref in event.references if ref.url]
    if links:
        node["attachment"] = links
    if event.topics:
        node["tag"] = [{"type": "Hashtag", "name": "#" + topic} for topic in event.topics]
    if event.created is not None:
        node["published"] = _utc(event.created)
    if event.updated is not None:
        node["updated"] = _utc(event.updated)
    node["to"] = [_vocab.PUBLIC]
    return node


def _texts(node: dict[str, Any], event: Event) -> None:
    """``summary`` (subtitle, escaped) and ``content`` (description, escaped paragraphs), with language maps.

    The maps carry the event's own language (``text_language``) and its translations,
    as WordPress and Mobilizon write ``nameMap``/``contentMap``.
    """
    if event.subtitle is not None:
        node["summary"] = _html.summary_html(event.subtitle)
    if event.description is not None:
        node["content"] = _html.to_html(event.description)
        node["mediaType"] = "text/html"
    names: dict[str, str] = {}
    summaries: dict[str, str] = {}
    contents: dict[str, str] = {}
    # The maps' first entry is the event's own language; "und" (undetermined, BCP 47) when it has none,
    # so that a translation whose title equals the title is not taken for the original.
    own = event.text_language or ("und" if event.translations else None)
    if own is not None:
        names[own] = event.title
        if event.subtitle is not None:
            summaries[own] = node["summary"]
        if event.description is not None:
            contents[own] = node["content"]
    for translation in event.translations:
        if translation.title is not None:
            names[translation.language] = translation.title
        if translation.subtitle is not None:
            summaries[translation.language] = _html.summary_html(translation.subtitle)
        if translation.description is not None:
            contents[translation.language] = _html.to_html(translation.description)
    for key, values in (("nameMap", names), ("summaryMap", summaries), ("contentMap", contents)):
        if values:
            node[key] = values


def _times(event: Event) -> tuple[str, str, str | None]:
    """``startTime``, ``endTime`` (with offset) and the IANA zone; all-day: midnights in the venue's zone or UTC."""
    if isinstance(event.start, dt.datetime) and isinstance(event.end, dt.datetime):
        return event.start.isoformat(), event.end.isoformat(), event.timezone
    import zoneinfo

    zone = event.venue.timezone if event.venue is not None and event.venue.timezone else "UTC"
    tz = zoneinfo.ZoneInfo(zone)
    first, last = _day(event.start), _day(event.end) + dt.timedelta(days=1)
    return (
        dt.datetime.combine(first, dt.time(), tz).isoformat(),
        dt.datetime.combine(last, dt.time(), tz).isoformat(),
        zone,
    )


def _utc(value: dt.datetime) -> str:
    """A record time in UTC (``Z``), as Mobilizon writes it: the instant is the fact, not the zone."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _day(value: Temporal) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _place(venue: Venue) -> dict[str, Any]:
    place: dict[str, Any] = {"type": "Place"}
    if venue.name is not None:
        place["name"] = venue.name
    address = _drop_none(
        {
            "type": "PostalAddress",
            "streetAddress": venue.street,
            "addressLocality": venue.locality,
            "addressRegion": venue.region,
            "postalCode": venue.postal_code,
            "addressCountry": venue.country,
        }
    )
    if len(address) > 1:
        place["address"] = address
    if venue.geo is not None:
        place["latitude"] = venue.geo.latitude
        place["longitude"] = venue.geo.longitude
    return place


def _virtual(location: VirtualLocation) -> dict[str, Any]:
    """A ``VirtualLocation``; its join link only when the event marks it public."""
    node: dict[str, Any] = {"type": "VirtualLocation"}
    if location.platform is not None:
        node["name"] = location.platform
    if location.url is not None and location.join_url_public:
        node["url"] = location.url
    return node


def _participation(node: dict[str, Any], event: Event) -> None:
    """Mobilizon's ``joinMode``: ``external`` with the registration link, else from the attendance policy."""
    registration = event.registration
    if registration is not None and registration.url is not None:
        node["joinMode"] = "external"
        node["externalParticipationUrl"] = registration.url
    elif event.attendance_policy is not None and event.attendance_policy.value in _vocab.JOIN_MODE:
        node["joinMode"] = _vocab.JOIN_MODE[event.attendance_policy.value]


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}

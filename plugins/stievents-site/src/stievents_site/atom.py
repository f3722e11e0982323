"""An Atom 1.0 feed (RFC 4287) of events, written entry by entry.

What each entry says (id, title, summary, dates, links) is
:mod:`stievents_site.feedtext`'s; this module only writes it as XML, with
every text cleaned of the characters XML 1.0 forbids and escaped (``&``,
``<``, ``>``, and in attributes quotes and line breaks as character
references; a CR in text is kept as ``&#13;`` rather than normalised away).

Determinism: the feed's ``updated`` is the latest of its entries' ``updated``
(each the event's ``updated``, else ``created``, else start), never the wall
clock; an empty feed says ``1970-01-01T00:00:00Z`` (nothing has changed since
the epoch), so its bytes too change only when its inputs do.

RFC 4287 §4.1.1 needs an author for each entry, at the feed or the entry: the
feed always names one (``author``, else the feed's title); entries add their
organisers. With ``base_url`` every link is absolute and the feed carries
``xml:base`` with that URL; without one, links are relative to the feed's
own location (see :mod:`stievents_site.feedtext`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import IO

from stievents.model import Event
from stievents_site import feedtext

__all__ = ["EMPTY_UPDATED", "write_atom"]

EMPTY_UPDATED = "1970-01-01T00:00:00Z"
"""The ``updated`` of a feed without entries: fixed, so the file is byte-stable."""


def _text(value: str) -> str:
    """Element text: cleaned, ``&``, ``<``, ``>`` escaped, CR kept as a reference (str.replace: C speed)."""
    value = feedtext.clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;") if "\r" in value else value


def _attr(value: str) -> str:
    """Attribute value in double quotes: as :func:`_text`, plus ``"`` and TAB/LF/CR as references (not normalised)."""
    value = _text(value).replace('"', "&quot;")
    if "\t" in value or "\n" in value:
        value = value.replace("\t", "&#9;").replace("\n", "&#10;")
    return value


def write_atom(
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
    """Write ``events``, in their order, as an Atom feed in ``locale`` to the binary ``stream``.

    ``feed_id`` is the feed's permanent IRI (e.g. a ``tag:`` or ``urn:`` URI,
    or its absolute URL). ``self_href``, ``alternate_href`` and what
    ``entry_href`` returns are site paths (``en/feeds/all.atom``) or absolute
    http(s) URLs. ``now`` only has to be aware: the feed's content does not
    depend on it (the window that chose ``events`` does), so that a feed's
    bytes change only when its events do. ``cache`` (one per build, shared
    with the JSON feeds) makes each event's entry once for all its feeds.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime (with a time zone)")
    if ":" not in feed_id:
        raise ValueError(f"error: the feed id {feed_id!r} must be an IRI with a scheme (tag:, urn:, https:)")
    lang = feedtext.language_tag(locale)
    links = feedtext.Links.make(self_href, base_url)
    latest = max((feedtext.updated(event) for event in events), default=None)
    updated = feedtext.rfc3339(latest) if latest is not None else EMPTY_UPDATED
    base = f' xml:base="{_attr(links.base_url)}"' if links.base_url else ""
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_attr(lang)}"{base}>\n'
        f"  <id>{_text(feed_id)}</id>\n"
        f"  <title>{_text(title)}</title>\n"
        f"  <updated>{updated}</updated>\n"
        f"  <author><name>{_text(author or title)}</name></author>\n"
        f'  <link rel="self" type="application/atom+xml" href="{_attr(links.href(self_href))}"/>\n'
        f'  <link rel="alternate" type="text/html" href="{_attr(links.href(alternate_href))}"/>\n'
        "  <generator>stievents-site</generator>\n"
    )
    stream.write(head.encode("utf-8"))
    for event in events:
        stream.write(_entry(feedtext.entry(event, locale, entry_href, links, cache)).encode("utf-8"))
    stream.write(b"</feed>\n")


def _entry(entry: feedtext.Entry) -> str:
    lines = [
        "  <entry>",
        f"    <id>{_text(entry.id)}</id>",
        f"    <title>{_text(entry.title)}</title>",
        f"    <updated>{entry.updated}</updated>",
    ]
    if entry.published is not None:
        lines.append(f"    <published>{entry.published}</published>")
    lines.append(f'    <link rel="alternate" type="text/html" href="{_attr(entry.url)}"/>')
    for name, uri in entry.authors:
        uri_element = f"<uri>{_text(uri)}</uri>" if uri else ""
        lines.append(f"    <author><name>{_text(name)}</name>{uri_element}</author>")
    if entry.event_type is not None and entry.type_label is not None:
        lines.append(f'    <category term="{_attr(entry.event_type)}" label="{_attr(entry.type_label)}"/>')
    lines.extend(f'    <category term="{_attr(topic)}"/>' for topic in entry.topics)
    for term, label in entry.classifications:
        label_attr = f' label="{_attr(label)}"' if label else ""
        lines.append(f'    <category term="{_attr(term)}"{label_attr}/>')
    lines.append(f'    <summary type="text">{_text(entry.summary)}</summary>')
    if entry.description:
        lines.append(f'    <content type="text">{_text(entry.description)}</content>')
    lines.append("  </entry>\n")
    return "\n".join(lines)

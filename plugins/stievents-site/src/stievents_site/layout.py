"""The site's URL layout: where every output lives, and links from one output to another.

Every path here is relative to the output directory, with ``/`` separators,
and is also the page's URL below the site's base. Links between pages are
relative (:func:`href`), so a site works from any base, a sub-folder, or the
file system; feeds and sitemaps, which leave the site, use absolute URLs when
a base URL is known (:func:`absolute`). See docs/site.md for the table.
"""

from __future__ import annotations

import posixpath

__all__ = [
    "CHOOSER",
    "FACETS",
    "MANIFEST",
    "ROBOTS",
    "absolute",
    "event_ics",
    "event_jsonld",
    "event_page",
    "facet_index",
    "feed_all",
    "feed_facet",
    "href",
    "listing_page",
    "media_type",
    "root_of",
    "session_ics",
    "statistics_chart",
    "statistics_page",
]

FACETS = ("year", "country", "type", "status", "topic", "organiser", "classification")
"""The facets, in the order the navigation shows them (each is a URL segment)."""

CHOOSER = "index.html"
MANIFEST = "manifest.json"
ROBOTS = "robots.txt"


def listing_page(locale: str, number: int, facet: str | None = None, value: str | None = None) -> str:
    """Page ``number`` (from 1) of the whole listing, or of one facet value's listing."""
    folder = locale if facet is None else f"{locale}/{facet}/{value}"
    return f"{folder}/index.html" if number == 1 else f"{folder}/page-{number}.html"


def facet_index(locale: str, facet: str) -> str:
    """The page listing a facet's values with their counts."""
    return f"{locale}/{facet}/index.html"


def statistics_page(locale: str) -> str:
    """The catalogue's statistics (counts, cross-tabulation, charts) in ``locale``."""
    return f"{locale}/statistics.html"


def statistics_chart(locale: str, name: str) -> str:
    """One chart of the statistics page (SVG; its words are in ``locale``)."""
    return f"{locale}/statistics/{name}.svg"


def event_page(locale: str, event_id: str) -> str:
    return f"{locale}/events/{event_id}.html"


def event_ics(event_id: str) -> str:
    return f"events/{event_id}.ics"


def event_jsonld(event_id: str) -> str:
    return f"events/{event_id}.jsonld"


def session_ics(event_id: str, session_id: str) -> str:
    return f"events/{event_id}/sessions/{session_id}.ics"


def feed_all(kind: str, locale: str | None = None) -> str:
    """``feeds/all.ics`` (iCalendar feeds are not per locale), ``{loc}/feeds/all.atom``, ``.json``."""
    return "feeds/all.ics" if kind == "ics" else f"{locale}/feeds/all.{kind}"


def feed_facet(kind: str, facet: str, value: str, locale: str | None = None) -> str:
    """One facet value's feed of ``kind`` (``ics``, ``atom`` or ``json``)."""
    if kind == "ics":
        return f"feeds/{facet}/{value}.ics"
    return f"{locale}/feeds/{facet}/{value}.{kind}"


def href(source: str, target: str) -> str:
    """The relative link from the output ``source`` to the output ``target``.

    A link whose first segment holds a ``:`` (an id such as ``a:b``) starts
    with ``./``, or it would read as a URI scheme (RFC 3986 section 4.2).
    """
    here = source.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:])
    return "./" + relative if ":" in relative.split("/", 1)[0] else relative


def root_of(source: str) -> str:
    """The prefix from ``source`` to the site's root: ``""``, ``"../"``, ``"../../"``..."""
    return "../" * source.count("/")


def absolute(base_url: str | None, path: str) -> str | None:
    """``path`` below ``base_url`` (which ends with ``/``), or ``None`` without a base."""
    return None if base_url is None else base_url + path


_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".atom": "application/atom+xml",
    ".jsonld": "application/ld+json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css",
    ".svg": "image/svg+xml",
}


def media_type(path: str) -> str:
    """The media type the site serves ``path`` with (JSON feeds are ``application/feed+json``)."""
    suffix = posixpath.splitext(path)[1]
    if suffix == ".json":
        return "application/feed+json" if "/feeds/" in f"/{path}" else "application/json"
    return _MEDIA_TYPES.get(suffix, "application/octet-stream")

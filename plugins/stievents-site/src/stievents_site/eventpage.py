"""An event's page: the ``oecd-html`` page of the event, plus the site's links to its files.

The page itself is the OECD plugin's, reached by format name through
:mod:`stievents.api`, with the whole collection in the export context, so that
its 'More Like This' ranks the collection. One context per locale serves every
page of a build: the OECD plugin keeps its related-events index with the
context, so the index is built once per locale, not once per page. What
each page's 'More Like This' lists, and what its ranking reads, the build asks
of the plugin's public :func:`stievents_oecd.related_pages` with the same
context (:meth:`PageRenderer.ranking`). Its links to other events are relative
(``./{id}.html``), to the site's own pages in the same folder.

The page links to the event's ``.ics``, to each session's ``.ics`` (in the
programme) and to the event's JSON-LD through the OECD page's ``ics_href``,
``session_ics_href`` and ``jsonld_href`` options. (With an OECD plugin too old
for those options, the site adds the links itself, in a section at the end of
the ``<article>``.)

The site dresses the page like its other pages (:meth:`PageRenderer.render`):
the shared stylesheet, linked *before* the page's own ``<style>`` so that the
page's rules keep winning, and ``<link rel="alternate" hreflang>`` to the same
event in the other locales, in the ``<head>``; ``class="site-event"`` on the
``<body>`` (the few site rules that must win name it); and the site's header
(title, navigation, the same event in the other locales) between the page's
skip link and its ``<main>``, from :func:`stievents_site.listing.site_header`,
so the skip link still skips it. The page keeps its one ``<h1>`` (the
header's title is a paragraph) and its landmarks stay distinct: one banner,
two navigations with different names, one main. Every text the site adds is
escaped (by :mod:`stievents_site.listing`, or here).
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from typing import Any

import attrs

from stievents.model import Event
from stievents.plugin_types import ExportContext, Exporter
from stievents_site import labels, layout
from stievents_site.listing import head_links, site_header, site_nav

__all__ = ["BODY_CLASS", "PAGE_FORMAT", "RELATED_BASE", "RELATED_LIMIT", "PageRenderer"]

PAGE_FORMAT = "oecd-html"
RELATED_BASE = "./"
"""The base of links to other events' pages: the folder of the page itself."""
RELATED_LIMIT = 5


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


class PageRenderer:
    """Renders the event pages of one locale, sharing one export context (and so one related index)."""

    def __init__(
        self,
        collection: Sequence[Event],
        *,
        locale: str,
        locales: Sequence[str],
        now: Any,
        base_url: str | None,
        site_title: str = "Events",
    ) -> None:
        from stievents import api

        self.exporter: Exporter = api.get_exporter(PAGE_FORMAT)
        options: dict[str, Any] = {"base_url": RELATED_BASE, "related_limit": RELATED_LIMIT}
        page = layout.event_page(locale, "{id}")
        links = {
            "ics_href": layout.href(page, layout.event_ics("{id}")),
            "jsonld_href": layout.href(page, layout.event_jsonld("{id}")),
            "session_ics_href": layout.href(page, layout.session_ics("{event_id}", "{session_id}")),
        }
        known = attrs.fields_dict(self.exporter.options) if attrs.has(self.exporter.options) else {}
        self.own_links = not all(name in known for name in links)
        if not self.own_links:
            options.update(links)
        jsonld_base = layout.absolute(base_url, "events/")  # the JSON-LD @id of events without a page URL
        context = api.make_export_context(self.exporter, now=now, locale=locale, base_url=jsonld_base, options=options)
        self.context: ExportContext = attrs.evolve(context, collection=tuple(collection))
        self.locale = locale
        self.locales = tuple(locales)
        self.site_title = site_title
        sample = layout.event_page(locale, "x")
        self.root = layout.root_of(sample)
        self.nav = site_nav(sample, locale)  # the same from every event page: they share one folder

    def ranking(self) -> Any:
        """The OECD plugin's 'More Like This' of this renderer's pages, or ``None`` without that public API.

        :func:`stievents_oecd.related_pages` with this renderer's context: the
        ranking the pages are rendered with (the same index, base and limit),
        which also says what each page's ranking reads, for the build's keys.
        """
        try:
            from stievents_oecd import related_pages
        except ImportError:  # another page format, or an OECD plugin without the API: every event counts
            return None
        return related_pages(self.context)

    def render(self, event: Event) -> bytes:
        """The page of ``event`` with the site's stylesheet, header and links (see the module's docstring)."""
        buffer = io.BytesIO()
        self.exporter.write([event], buffer, self.context)
        page = buffer.getvalue().decode("utf-8")
        here = layout.event_page(self.locale, event.id)
        others = [other for other in self.locales if other != self.locale]
        alternates = [(other, layout.href(here, layout.event_page(other, event.id))) for other in others]
        chrome = _Chrome(
            head=head_links(self.root, alternates),
            header=site_header(self.locale, self.site_title, self.root, self.nav, alternates, skip_link=False),
            section=self._files(event, here),
        )
        return _insert(page, chrome).encode("utf-8")

    def _files(self, event: Event, here: str) -> str:
        """The section of files, inside the article, when the page has no links of its own (else empty)."""
        if not self.own_links:
            return ""
        locale = self.locale

        def link(target: str, text: str, media_type: str | None = None, extra: str = "") -> str:
            kind = f' type="{_esc(media_type)}"' if media_type else ""
            return f'<li><a href="{_esc(layout.href(here, target))}"{kind}{extra}>{_esc(text)}</a></li>\n'

        items: list[str] = []
        ics_text = labels.text("Add this event to your calendar (iCalendar, .ics)", locale)
        items.append(link(layout.event_ics(event.id), ics_text, "text/calendar"))
        for session in event.sessions:
            text = labels.text("Add the session “{title}” to your calendar (.ics)", locale, title=session.title)
            items.append(link(layout.session_ics(event.id, session.id), text, "text/calendar"))
        data_text = labels.text("This event as schema.org JSON-LD data", locale)
        items.append(link(layout.event_jsonld(event.id), data_text, "application/ld+json"))
        heading = _esc(labels.text("Calendar and data", locale))
        return (
            '<section aria-labelledby="site-files">\n'
            f'<h2 id="site-files">{heading}</h2>\n<ul class="site-files">\n{"".join(items)}</ul>\n</section>\n'
        )


@attrs.frozen
class _Chrome:
    """What the site adds to an event page: ``<link>``s for the head, the header, the section of files."""

    head: str
    header: str
    section: str


BODY_CLASS = "site-event"


def _insert(page: str, chrome: _Chrome) -> str:
    """``page`` dressed as the module's docstring says; each part goes where the page has room for it.

    The links go before the head's first ``<style>`` (else before
    ``</head>``); the header before ``<main`` (else right after ``<body>``);
    the section before the last ``</article>`` (else before ``</body>``).
    """
    head_end = page.find("</head>")
    if head_end >= 0:
        style = page.find("<style", 0, head_end)
        cut = style if style >= 0 else head_end
        page = page[:cut] + chrome.head + page[cut:]
    page = page.replace("<body>", f'<body class="{BODY_CLASS}">', 1)
    body = page.find("<body")
    body = page.find(">", body) + 1 if body >= 0 else 0
    main = page.find("<main", body)
    cut, header = (main, chrome.header) if main >= 0 else (body, "\n" + chrome.header)
    page = page[:cut] + header + page[cut:]
    end_article = page.rfind("</article>")
    if end_article < 0:
        end_article = page.rfind("</body>")
    if end_article < 0:
        return page + chrome.section
    return page[:end_article] + chrome.section + page[end_article:]

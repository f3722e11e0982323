"""An event's page: the ``oecd-html`` page of the event, plus the site's links to its files.

The page itself is the OECD plugin's, reached by format name through
:mod:`stievents.api`, with the whole collection in the export context, so that
its 'More Like This' ranks the collection. One context per locale serves every
page of a build: the OECD plugin keeps its related-events index with the
context, so the index is built once per locale, not once per page (see
:mod:`stievents_oecd.related`). Its links to other events are relative
(``./{id}.html``), to the site's own pages in the same folder.

The page links to the event's ``.ics``, to each session's ``.ics`` (in the
programme) and to the event's JSON-LD through the OECD page's ``ics_href``,
``session_ics_href`` and ``jsonld_href`` options. The site adds a navigation
after the page's ``<main>``: back to the listing, and to the page in the other
locales. (With an OECD plugin too old for those options, the site adds the
links itself, in a section at the end of the ``<article>``.) Every text the
site adds is escaped here.
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

__all__ = ["PAGE_FORMAT", "RELATED_BASE", "RELATED_LIMIT", "PageRenderer"]

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

    def index(self) -> Any:
        """The OECD plugin's related-events index of this renderer's context (the one its pages use), or ``None``."""
        try:
            from stievents_oecd.related import shared_index
        except ImportError:
            return None
        return shared_index(self.context.collection, self.context)

    def related(self, event: Event) -> list[list[str | None]]:
        """What 'More Like This' shows on ``event``'s page: ``[id]`` of each event of the collection it
        lists, ``[None, title, link]`` of a relation outside it.

        Asked of the OECD plugin's own ranking with this renderer's context, so
        the index built here is the one the pages are rendered with.
        """
        try:
            from stievents_oecd.related import related_events, shared_index
        except ImportError:  # another page format: every event counts (correct, only slower)
            return [[e.id] for e in self.context.collection]
        collection = self.context.collection
        index = shared_index(collection, self.context)
        found = related_events(event, collection, RELATED_BASE, RELATED_LIMIT, index)
        return [[r.event.id] if r.event is not None else [None, r.title, r.href] for r in found]

    def shown(self, items: Sequence[Sequence[str | None]], by_id: dict[str, Event]) -> list[Any] | None:
        """The titles and links the page shows for ``items`` (see :meth:`related`), from the current events.

        ``None`` when a listed event is no longer in the collection.
        """
        try:
            from stievents_oecd.related import event_href
        except ImportError:
            return [list(item) for item in items]
        result: list[Any] = []
        for item in items:
            if item[0] is None:
                result.append(list(item[1:]))
                continue
            target = by_id.get(item[0])
            if target is None:
                return None
            result.append([target.title, event_href(target, RELATED_BASE)])
        return result

    def render(self, event: Event) -> bytes:
        """The page of ``event`` with the site's links (see the module's docstring)."""
        buffer = io.BytesIO()
        self.exporter.write([event], buffer, self.context)
        page = buffer.getvalue().decode("utf-8")
        return _insert(page, self._links(event)).encode("utf-8")

    def _links(self, event: Event) -> tuple[str, str]:
        """The section of files (inside the article, when the page has no links of its own) and the navigation."""
        locale = self.locale
        here = layout.event_page(locale, event.id)

        def link(target: str, text: str, media_type: str | None = None, extra: str = "") -> str:
            kind = f' type="{_esc(media_type)}"' if media_type else ""
            return f'<li><a href="{_esc(layout.href(here, target))}"{kind}{extra}>{_esc(text)}</a></li>\n'

        items: list[str] = []
        if self.own_links:
            ics_text = labels.text("Add this event to your calendar (iCalendar, .ics)", locale)
            items.append(link(layout.event_ics(event.id), ics_text, "text/calendar"))
            for session in event.sessions:
                text = labels.text("Add the session “{title}” to your calendar (.ics)", locale, title=session.title)
                items.append(link(layout.session_ics(event.id, session.id), text, "text/calendar"))
            data_text = labels.text("This event as schema.org JSON-LD data", locale)
            items.append(link(layout.event_jsonld(event.id), data_text, "application/ld+json"))
        heading = _esc(labels.text("Calendar and data", locale))
        section = (
            '<section aria-labelledby="site-files">\n'
            f'<h2 id="site-files">{heading}</h2>\n<ul class="site-files">\n{"".join(items)}</ul>\n</section>\n'
            if items
            else ""
        )
        nav = [link(layout.listing_page(locale, 1), labels.text("Back to all events", locale))]
        for other in self.locales:
            if other != locale:
                name = labels.language_name(other, other)
                text = labels.text("This page in {language}", other, language=name)
                extra = f' hreflang="{_esc(other)}" lang="{_esc(other)}"'
                nav.append(link(layout.event_page(other, event.id), text, None, extra))
        label = _esc(labels.text("Events", locale))
        navigation = f'<nav aria-label="{label}">\n<ul class="site-nav">\n{"".join(nav)}</ul>\n</nav>\n'
        return section, navigation


def _insert(page: str, parts: tuple[str, str]) -> str:
    """``page`` with the section before ``</article>``, the navigation after ``</main>`` (else before ``</body>``)."""
    section, navigation = parts
    end_article = page.rfind("</article>")
    if end_article >= 0:
        page = page[:end_article] + section + page[end_article:]
        section = ""
        end_main = page.find("</main>", end_article)
        if end_main >= 0:
            cut = end_main + len("</main>")
            cut += page.startswith("\n", cut)
            return page[:cut] + navigation + page[cut:]
    end_body = page.rfind("</body>")
    if end_body < 0:
        return page + section + navigation
    return page[:end_body] + section + navigation + page[end_body:]

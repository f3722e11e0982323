"""``stievents site build``: read the events, plan every output with its key, write what changed.

The build is in three steps, so that nothing is written before everything
that can be checked has been:

1. read every input as one collection (:mod:`stievents_site.inputs`);
2. plan the site: every output's path, media type, ``lastmod`` and key, with
   a function that writes it (nothing is rendered yet); when the folder holds
   a previous build, the writer first checks every path against it
   (:meth:`SiteWriter.plan`);
3. make each output (:meth:`SiteWriter.emit`: kept, rendered but unchanged,
   or written), remove what the previous build made and this one does not,
   write the manifest.

The plan is a generator: outputs are made as they are planned and none is
kept, so a build's memory does not grow with its hundred thousand files
(the check of step 2 walks the plan once more, computing keys but rendering
nothing). What the plan computes once for the whole site (the pages' related
events, the feeds' window, the page renderers, the statistics) it keeps for
that second walk.

``now`` decides which events are upcoming (the listings' order, the pages'
"Upcoming event"/"Event has ended" banners) and which are in the feeds'
window. It is never written into a file: feeds and calendars carry the
events' own ``updated`` (else ``created``, else start) as their dates. The
command line's default is the current time; ``--now`` fixes it, and a fixed
``now`` makes two builds byte-identical.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from stievents.model import Event, Phase, Session
from stievents_site import labels, layout
from stievents_site.config import SiteConfig
from stievents_site.errors import SiteError
from stievents_site.facets import FacetValue, facet_values
from stievents_site.keys import Keyer, event_digest, key, toolchain
from stievents_site.outputs import Output, SiteWriter, WriteStats
from stievents_site.progress import Progress, show_progress

__all__ = ["BuildReport", "build_site", "listing_order"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ICS_REFRESH = "PT12H"


@attrs.frozen(kw_only=True)
class BuildReport:
    """What a build did: how many events and files, and which files it wrote and removed."""

    directory: Path
    events: int
    files: int
    stats: WriteStats


def _instant(value: dt.date) -> dt.datetime:
    """A datetime in UTC; a date is read as midnight UTC (only for ordering)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def listing_order(events: Sequence[Event], now: dt.datetime) -> list[Event]:
    """Upcoming and ongoing events first, soonest first; then past events, latest first (ties by id)."""
    ahead = [e for e in events if e.phase(now) is not Phase.ENDED]
    past = [e for e in events if e.phase(now) is Phase.ENDED]
    ahead.sort(key=lambda e: (_instant(e.start), e.id))
    past.sort(key=lambda e: e.id)
    past.sort(key=lambda e: _instant(e.start), reverse=True)
    return ahead + past


def _lastmod(event: Event) -> dt.datetime | None:
    """When the event's record last changed (``updated``, else ``created``), in UTC; ``None`` if unknown."""
    stamp = event.updated or event.created
    return stamp.astimezone(dt.UTC) if stamp is not None else None


@functools.lru_cache(maxsize=4096)
def _rfc3339(value: dt.datetime | None) -> str | None:
    """``value`` (in UTC) as RFC 3339 text; the same few values come again for every file of an event."""
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _stamp(event: Event) -> dt.datetime:
    """The DTSTAMP of an event's calendar entries: when its record changed, else its start; never the clock."""
    changed = _lastmod(event)
    return changed if changed is not None else _instant(event.start)


def _colon(text: str, locale: str) -> str:
    return f"{text}\u00a0:" if labels.language(locale) == "fr" else f"{text}:"


class _Site:
    """The plan of one build: every output, from the collection, the configuration and ``now``."""

    def __init__(
        self, events: Sequence[Event], config: SiteConfig, now: dt.datetime, cache: dict[str, Any] | None = None
    ) -> None:
        self.config = config
        self.cache = cache if cache is not None else {}
        self.new_cache: dict[str, Any] = {}
        self.now = now
        self.order = listing_order(events, now)
        self.digests = {e.id: event_digest(e) for e in self.order}
        self.phases = {e.id: e.phase(now).value for e in self.order}
        self.facets = facet_values(self.order)
        self.base = config.base_url
        self.toolchain = toolchain()
        self.settings = config.as_json()
        self.keyer = Keyer(self.toolchain, self.settings)
        self._navs: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.window = dt.timedelta(days=config.window_days)
        self.lastmods = {e.id: _lastmod(e) for e in self.order}
        self._window: dict[str, int] | None = None
        self.feed_entries: Any = None  # the Atom and JSON feeds' entries, made once per event (feedtext.EntryCache)
        self.sitemap_urls: list[tuple[str, dt.datetime | None]] = []
        self._renderers: dict[str, Any] | None = None
        self._related: dict[str, str] | None = None
        self._statistics: Any = None

    # ------------------------------------------------------------------ helpers

    def key(self, kind: str, *parts: Any) -> str:
        return self.keyer(kind, *parts)

    def output(self, path: str, output_key: str, lastmod: dt.datetime | None, render: Callable[[], bytes]) -> Output:
        """The output at ``path`` whose bytes ``render`` returns (an HTML page is listed in the sitemap)."""
        if path.endswith(".html"):
            self.sitemap_urls.append((path, lastmod))
        return self.streamed(path, output_key, lastmod, _writing(render))

    def streamed(
        self, path: str, output_key: str, lastmod: dt.datetime | None, write: Callable[[IO[bytes]], object]
    ) -> Output:
        """The output at ``path`` that ``write`` writes to a stream, piece by piece (a feed)."""
        return Output(
            path=path, key=output_key, media_type=layout.media_type(path), lastmod=_rfc3339(lastmod), write=write
        )

    def events_key(self, events: Sequence[Event], with_phase: bool) -> str:
        """One digest of ``events``' digests in order (and of their phases at ``now``, for pages that show them)."""
        digests, phases = self.digests, self.phases
        if with_phase:
            text = "".join(f"{digests[e.id]}{phases[e.id]}\n" for e in events)
        else:
            text = "".join(f"{digests[e.id]}\n" for e in events)
        return hashlib.sha256(text.encode("ascii")).hexdigest()

    def latest(self, events: Sequence[Event]) -> dt.datetime | None:
        """The latest ``lastmod`` of ``events`` (``None`` when none has one)."""
        lastmods = self.lastmods
        found = [m for m in (lastmods[e.id] for e in events) if m is not None]
        return max(found) if found else None

    def feed_window(self, events: Sequence[Event]) -> list[Event]:
        """The events of a feed: those in the window, in the window's order (decided once for the whole site)."""
        if self._window is None:
            from stievents_site.window import feed_events

            self._window = {e.id: rank for rank, e in enumerate(feed_events(self.order, self.now, self.window))}
        rank = self._window
        return sorted((e for e in events if e.id in rank), key=lambda e: rank[e.id])

    def entry_cache(self) -> Any:
        """The one :class:`~stievents_site.feedtext.EntryCache` of the build's Atom and JSON feeds."""
        if self.feed_entries is None:
            from stievents_site.feedtext import EntryCache

            self.feed_entries = EntryCache()
        return self.feed_entries

    def nav(self, here: str, locale: str) -> list[tuple[str, str]]:
        """The site's navigation from page ``here`` (:func:`stievents_site.listing.site_nav`), once per folder."""
        from stievents_site.listing import site_nav

        folder = here.rpartition("/")[0]
        known = self._navs.get((folder, locale))
        if known is not None:
            return known
        items = site_nav(here, locale)
        self._navs[(folder, locale)] = items
        return items

    # ------------------------------------------------------------------ the plan

    def plan(self) -> Iterator[Output]:
        """Every output of the site, one at a time (see the module's docstring); each call walks the plan anew."""
        self.sitemap_urls = []
        yield self.plan_chooser()
        yield self.plan_style()
        for locale in self.config.locales:
            yield from self.plan_listing(locale, None, None, self.order, self.config.title)
            yield from self.plan_facets(locale)
        yield from self.plan_statistics()
        yield from self.plan_event_pages()
        yield from self.plan_event_files()
        yield from self.plan_calendar_feeds()
        yield from self.plan_sitemaps()

    def plan_chooser(self) -> Output:
        locales = list(self.config.locales)
        title = self.config.title

        def render() -> bytes:
            from stievents_site.listing import render_chooser

            return render_chooser(locales, site_title=title).encode("utf-8")

        return self.output(layout.CHOOSER, self.key("chooser"), None, render)  # its words do not depend on the events

    def plan_style(self) -> Output:
        from stievents_site.style import CSS, PATH

        return self.fixed(PATH, "style", CSS.encode("utf-8"))

    def fixed(self, path: str, kind: str, data: bytes) -> Output:
        """An output whose bytes are known when it is planned: its key is their digest."""
        return self.streamed(path, key(kind, _sha(data)), None, functools.partial(_write_bytes, data))

    def alternates(
        self, locale: str, number: int, facet: str | None = None, value: str | None = None
    ) -> list[tuple[str, str]]:
        """(locale, link) of the same listing page in the other locales."""
        here = layout.listing_page(locale, number, facet, value)
        return [
            (other, layout.href(here, layout.listing_page(other, number, facet, value)))
            for other in self.config.locales
            if other != locale
        ]

    def feeds_of(self, here: str, locale: str, facet: str | None, value: str | None) -> list[tuple[str, str]]:
        """The (label, link) of the feeds of a listing, from page ``here``."""
        result = []
        for kind, msgid in (("atom", "Atom feed"), ("json", "JSON Feed"), ("ics", "Calendar feed (iCalendar)")):
            target = (
                layout.feed_all(kind, locale) if facet is None else layout.feed_facet(kind, facet, value or "", locale)
            )
            result.append((labels.text(msgid, locale), layout.href(here, target)))
        return result

    def plan_listing(
        self, locale: str, facet: str | None, value: str | None, events: Sequence[Event], heading: str
    ) -> Iterator[Output]:
        """The pages of one listing (the whole site's, or a facet value's) and its Atom and JSON feeds."""
        size = self.config.page_size
        pages = max(1, -(-len(events) // size))
        title = self.config.title
        now = self.now
        for number in range(1, pages + 1):
            path = layout.listing_page(locale, number, facet, value)
            chunk = list(events[(number - 1) * size : number * size])
            nav = self.nav(path, locale)
            feeds = self.feeds_of(path, locale, facet, value)
            alternates = self.alternates(locale, number, facet, value)
            events_key = self.events_key(chunk, with_phase=True)
            output_key = self.key("listing", locale, path, heading, number, pages, nav, feeds, alternates, events_key)

            def render(
                path: str = path,
                chunk: list[Event] = chunk,
                number: int = number,
                nav: Any = nav,
                feeds: Any = feeds,
                alternates: Any = alternates,
            ) -> bytes:
                from stievents_site.listing import render_listing

                return render_listing(
                    chunk,
                    locale=locale,
                    now=now,
                    heading=heading,
                    site_title=title,
                    root=layout.root_of(path),
                    page=number,
                    pages=pages,
                    page_href=lambda n: layout.href(path, layout.listing_page(locale, n, facet, value)),
                    feeds=feeds,
                    event_href=lambda e: layout.href(path, layout.event_page(locale, e.id)),
                    nav=nav,
                    alternates=alternates,
                ).encode("utf-8")

            yield self.output(path, output_key, self.latest(chunk), render)
        yield from self.plan_feeds(locale, facet, value, events, heading)

    def plan_feeds(
        self, locale: str, facet: str | None, value: str | None, events: Sequence[Event], heading: str
    ) -> Iterator[Output]:
        """The Atom and JSON feeds of one listing, over the window, by start then id."""
        from stievents_site.atom import write_atom
        from stievents_site.jsonfeed import write_json_feed

        chosen = self.feed_window(events)
        title = self.config.title if facet is None else f"{self.config.title} — {heading}"
        alternate = layout.listing_page(locale, 1, facet, value)
        for kind, writer in (("atom", write_atom), ("json", write_json_feed)):
            path = (
                layout.feed_all(kind, locale) if facet is None else layout.feed_facet(kind, facet, value or "", locale)
            )
            feed_id = self.base + path if self.base else uuid.uuid5(uuid.NAMESPACE_URL, f"stievents-site:{path}").urn
            output_key = self.key("feed", kind, locale, path, title, feed_id, self.events_key(chosen, with_phase=False))

            def write(
                stream: IO[bytes], path: str = path, writer: Callable[..., None] = writer, feed_id: str = feed_id
            ) -> None:
                writer(
                    chosen,
                    stream,
                    feed_id=feed_id,
                    title=title,
                    self_href=path,
                    alternate_href=alternate,
                    locale=locale,
                    entry_href=lambda e: layout.event_page(locale, e.id),
                    now=self.now,
                    base_url=self.base,
                    author=self.config.title,
                    cache=self.entry_cache(),
                )

            yield self.streamed(path, output_key, self.latest(chosen), write)

    def plan_facets(self, locale: str) -> Iterator[Output]:
        """Each facet's index of values, and each value's listing and feeds."""
        for facet in layout.FACETS:
            values = self.facets[facet]
            path = layout.facet_index(locale, facet)
            rows = [
                (
                    value.display(locale),
                    layout.href(path, layout.listing_page(locale, 1, facet, value.slug)),
                    len(value.events),
                )
                for value in values
            ]
            name = labels.text(labels.FACET_NAMES[facet], locale)
            heading = labels.text(f"Events by {labels.FACET_NAMES[facet].lower()}", locale)
            nav = self.nav(path, locale)
            alternates = [
                (other, layout.href(path, layout.facet_index(other, facet)))
                for other in self.config.locales
                if other != locale
            ]

            def render(
                path: str = path,
                rows: Any = rows,
                heading: str = heading,
                nav: Any = nav,
                alternates: Any = alternates,
                keep_order: bool = facet == "year",  # newest first; other facets by label in the locale
            ) -> bytes:
                from stievents_site.listing import render_facet_index

                return render_facet_index(
                    rows,
                    locale=locale,
                    heading=heading,
                    site_title=self.config.title,
                    root=layout.root_of(path),
                    nav=nav,
                    alternates=alternates,
                    keep_order=keep_order,
                ).encode("utf-8")

            lastmod = self.latest([e for value in values for e in value.events])
            output_key = self.key("facet-index", locale, path, heading, rows, nav, alternates)
            yield self.output(path, output_key, lastmod, render)
            for value in values:
                yield from self.plan_value(locale, name, value)

    def plan_value(self, locale: str, name: str, value: FacetValue) -> Iterator[Output]:
        heading = f"{_colon(name, locale)} {value.display(locale)}"
        yield from self.plan_listing(locale, value.facet, value.slug, value.events, heading)

    def plan_statistics(self) -> Iterator[Output]:
        """Each locale's statistics page and its charts (:mod:`stievents_site.stats_page`), keyed by what they show."""
        from stievents_site.stats_page import Statistics

        if self._statistics is None:  # counted once, whichever walk of the plan comes first
            self._statistics = Statistics(
                self.order,
                now=self.now,
                site_title=self.config.title,
                locales=self.config.locales,
                inputs=self.key("statistics", self.events_key(self.order, with_phase=False)),
                previous=self.cache.get("statistics"),
            )
        statistics = self._statistics
        lastmod = self.latest(self.order)
        for locale in self.config.locales:
            nav = self.nav(layout.statistics_page(locale), locale)
            for path, output_key, render in statistics.outputs(locale, nav):
                yield self.output(path, self.key("statistics", output_key), lastmod, render)
        self.new_cache["statistics"] = statistics.remembered

    def renderers(self) -> dict[str, Any]:
        """The event pages' renderer of each locale, made once per build (each holds its related index)."""
        if self._renderers is None:
            from stievents_site.eventpage import PageRenderer

            locales, title = self.config.locales, self.config.title
            collection = tuple(self.order)  # one object for every locale: they share one related index
            self._renderers = {
                locale: PageRenderer(
                    collection, locale=locale, locales=locales, now=self.now, base_url=self.base, site_title=title
                )
                for locale in locales
            }
        return self._renderers

    def plan_event_pages(self) -> Iterator[Output]:
        """One page per event and locale; its key holds what 'More Like This' shows on it."""
        renderers = self.renderers()
        if self._related is None:
            self._related = self.related(renderers[self.config.locales[0]])
        related_of = self._related
        for event in self.order:
            related = related_of[event.id]  # the same in every locale: titles and links are not translated
            digest, phase, lastmod = self.digests[event.id], self.phases[event.id], self.lastmods[event.id]
            for locale, renderer in renderers.items():
                path = layout.event_page(locale, event.id)
                output_key = self.key("page", locale, digest, phase, related)
                yield self.output(path, output_key, lastmod, functools.partial(renderer.render, event))

    def related(self, renderer: Any) -> dict[str, str]:
        """The digest of what 'More Like This' shows on each event's page, by event id.

        Ranking costs about a millisecond a page, so it is done again only for
        the pages whose ranking may have changed. The OECD plugin's public
        ranking (:func:`stievents_oecd.related_pages`, with the pages' own
        context) gives, for each event, what its page lists (``related``) and
        a digest of exactly what that ranking reads (``inputs``: the event's
        keys and relations, and the ranking facts of the events it can be
        ranked against). When the digest is the previous build's, the previous
        ranking (the ids it chose, kept in the build's cache) still holds, and
        only the titles and links shown for those ids are read again
        (``link``). Without that API every page's key covers every event.
        """
        ranking = renderer.ranking()
        if ranking is None:
            everything = self.events_key(self.order, with_phase=False)
            return {event.id: everything for event in self.order}
        cached = self.cache.get("related")
        previous: dict[str, Any] = cached if isinstance(cached, dict) else {}
        kept: dict[str, list[Any]] = {}
        result: dict[str, str] = {}
        for event in self.order:
            source = ranking.inputs(event)
            before = previous.get(event.id)
            shown = None
            if isinstance(before, list) and len(before) == 2 and before[0] == source and isinstance(before[1], list):
                items = before[1]
                shown = _shown(ranking, items)
            if shown is None:
                links = ranking.related(event)
                items = [[link.id] if link.id is not None else [None, link.title, link.href] for link in links]
                shown = [[link.title, link.href] for link in links]
            kept[event.id] = [source, items]
            result[event.id] = key(shown)
        self.new_cache["related"] = kept
        return result

    def plan_event_files(self) -> Iterator[Output]:
        """Each event's ``.ics`` and JSON-LD, and one ``.ics`` per session."""
        jsonld_base = layout.absolute(self.base, "events/")
        for event in self.order:
            digest, lastmod, stamp = self.digests[event.id], self.lastmods[event.id], _stamp(event)
            yield self.output(
                layout.event_ics(event.id),
                self.key("ics", digest),
                lastmod,
                functools.partial(_export, event, "ics", now=stamp),
            )
            yield self.output(
                layout.event_jsonld(event.id),
                self.key("jsonld", digest),
                lastmod,
                functools.partial(_export, event, "jsonld", base_url=jsonld_base),
            )
            for session in event.sessions:
                yield self.output(
                    layout.session_ics(event.id, session.id),
                    self.key("session-ics", digest, session.id),
                    lastmod,
                    functools.partial(_export_session, event, session, stamp),
                )

    def plan_calendar_feeds(self) -> Iterator[Output]:
        """``feeds/all.ics`` and one iCalendar feed per facet value (not per locale: calendars have no language)."""
        locale = self.config.locales[0]
        yield self.plan_calendar(layout.feed_all("ics"), self.config.title, self.order, layout.listing_page(locale, 1))
        for facet in layout.FACETS:
            name = labels.text(labels.FACET_NAMES[facet], locale)
            for value in self.facets[facet]:
                title = f"{self.config.title} — {_colon(name, locale)} {value.display(locale)}"
                page = layout.listing_page(locale, 1, facet, value.slug)
                yield self.plan_calendar(layout.feed_facet("ics", facet, value.slug), title, value.events, page)

    def plan_calendar(self, path: str, title: str, events: Sequence[Event], page: str) -> Output:
        from stievents import api

        chosen = self.feed_window(events)
        stamp = max((_stamp(e) for e in chosen), default=_EPOCH)
        options: dict[str, Any] = {"calendar_name": title, "refresh_interval": _ICS_REFRESH}
        if self.base:
            options["source_url"] = self.base + path
            options["calendar_url"] = self.base + page
        output_key = self.key("ics-feed", path, options, self.events_key(chosen, with_phase=False))

        def write(stream: IO[bytes]) -> None:
            api.export_to(stream, chosen, "ics", now=stamp, **options)

        return self.streamed(path, output_key, self.latest(chosen), write)

    def plan_sitemaps(self) -> Iterator[Output]:
        """The sitemaps of every page (only with a base URL: a sitemap lists absolute URLs), and robots.txt."""
        if not self.base:
            return
        from stievents_site.sitemap import write_sitemaps

        urls = sorted(self.sitemap_urls, key=lambda item: item[0])
        for path, data in write_sitemaps(urls, self.base):
            yield self.fixed(path, "sitemap", data)
        robots = f"User-agent: *\nAllow: /\n\nSitemap: {self.base}sitemap.xml\n".encode()
        yield self.fixed(layout.ROBOTS, "robots", robots)


def _shown(ranking: Any, items: Sequence[Any]) -> list[list[str | None]] | None:
    """The titles and links a page shows for a previous build's ``items`` (``[id]`` of an event of the
    collection, ``[None, title, link]`` of one outside it), from the current events; ``None`` when one
    is no longer in the collection, or ``items`` is not what this build keeps."""
    result: list[list[str | None]] = []
    for item in items:
        if not isinstance(item, list) or not item:
            return None
        if item[0] is None:
            if len(item) != 3:
                return None
            result.append(list(item[1:]))
            continue
        link = ranking.link(item[0]) if isinstance(item[0], str) else None
        if link is None:
            return None
        result.append([link.title, link.href])
    return result


def _export(event: Event, fmt: str, **options: Any) -> bytes:
    from stievents import api

    return api.export(event, fmt, **options)


def _export_session(event: Event, session: Session, stamp: dt.datetime) -> bytes:
    from stievents import api
    from stievents_site.sessions import session_event

    return api.export(session_event(event, session), "ics", now=stamp)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _writing(render: Callable[[], bytes]) -> Callable[[IO[bytes]], object]:
    """A writer of what ``render`` returns."""
    return lambda stream: stream.write(render())


def _write_bytes(data: bytes, stream: IO[bytes]) -> None:
    stream.write(data)


def _check_ids(events: Sequence[Event]) -> None:
    seen: set[str] = set()
    for event in events:
        if event.id in seen:
            raise SiteError(f"error: event id {event.id!r} is used twice")
        seen.add(event.id)


def build_site(
    inputs: Sequence[str] = (),
    output: str | Path = "site",
    *,
    events: Sequence[Event] | None = None,
    config: SiteConfig | None = None,
    now: dt.datetime | None = None,
    verify: bool = False,
    force: bool = False,
    progress: bool | None = None,
    err: IO[str] | None = None,
) -> BuildReport:
    """Build the site of ``inputs`` (files and folders), or of ``events``, into ``output``.

    ``now`` (aware; default: the current time) only decides what is upcoming
    and what is in the feeds' window (see the module's docstring). ``verify``
    re-reads every kept file; ``force`` renders every output. Raises
    :class:`SiteError` with a message naming what and where.
    """
    from stievents_site import __version__

    stream = err if err is not None else sys.stderr
    shown = show_progress(stream, progress)
    config = config or SiteConfig()
    if now is None:
        now = dt.datetime.now(dt.UTC)
    elif now.tzinfo is None or now.utcoffset() is None:
        raise SiteError("--now: error: give a time with its offset or Z, e.g. 2026-01-01T00:00:00Z")
    directory = Path(output)
    writer = SiteWriter(directory, f"stievents-site {__version__}", verify=verify, force=force)
    if events is None:
        from stievents_site.inputs import read_collection

        collection, _ = read_collection(inputs, skip=directory, err=stream, progress=shown)
    else:
        collection = list(events)
        _check_ids(collection)
    site = _Site(collection, config, now, writer.cache)
    total = 0  # unknown in a fresh folder: the progress line then counts without a percentage
    if not writer.fresh:  # a previous build's folder: check every path before writing anything

        def paths() -> Iterator[str]:
            nonlocal total
            for output_item in site.plan():
                total += 1
                yield output_item.path

        writer.plan(paths())
    bar = Progress("stievents site: writing", total, "files", shown=shown, stream=stream)
    files = 0
    try:
        for output_item in site.plan():
            writer.emit(output_item)
            files += 1
            bar.advance()
    finally:
        bar.close()
    writer.new_cache.update(site.new_cache)
    writer.finish()
    return BuildReport(directory=directory, events=len(collection), files=files, stats=writer.stats)

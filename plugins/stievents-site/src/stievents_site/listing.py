"""The site's listing pages, facet indexes and language chooser: whole HTML5 documents, OECD style.

Each listing entry says what a reader scans a calendar for: the title (a link
to the event's page whose text is the title itself), the days in the event's
own zone with the time and the zone's abbreviation there (``5-6 March 2020,
09:30 CET``), a banner when the event is not going ahead as first announced
(cancelled, postponed, rescheduled with its former day, moved online), the
place or "Online" (both for a hybrid event), and the event type.

The pages are built for keyboards and screen readers: ``lang`` on ``<html>``,
a skip link, landmarks (header, navigations with distinct names, main,
footer), one ``<h1>`` and headings that never skip a level (``h1`` page,
``h2`` section, ``h3`` event), link texts that make sense alone ("Next page",
"Page 3", the event's title), ``aria-current`` on the current page. The
colours are in :mod:`stievents_site.style`, checked for contrast by a test.

Every text from the events or the caller is escaped here (:func:`_esc`), with
characters HTML forbids replaced, and every ``href`` passes :func:`_href`:
absolute ``http(s)`` URLs and relative references only (a ``javascript:``
link becomes a harmless relative path). Output depends only on the arguments:
no clock, no iteration over unordered sets.

Every href the caller gives (``page_href``, ``event_href``, ``feeds``,
``nav``, ``alternates``, the facet index's rows) is relative to the page
itself, as :func:`stievents_site.layout.href` makes them. ``root`` (the
prefix from the page to the site's root, e.g. ``"../../"``) is used for the
links this module makes itself: the stylesheet ``{root}style.css``
(:data:`stievents_site.style.PATH`), the site title's link to the locale's
listing, and the language chooser.

The site's chrome (:func:`site_nav`, :func:`site_header`,
:func:`head_links`) is shared with the event pages
(:mod:`stievents_site.eventpage`) and the statistics page
(:mod:`stievents_site.stats_page`), so every page of a locale has the same
header, navigation and language links.

A facet's index lists its values by their label in the page's language
(:func:`collation_key`: accents and case ignored first, then used to break
ties, so the order is total and the same on every machine): a reader looks for
a country, a topic or an organiser by name. Years keep the order they are
given in (newest first).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import posixpath
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterator, Sequence

from stievents.model import AttendanceMode, Event, EventStatus, Phase
from stievents_site import labels, layout
from stievents_site.locale_text import count_events, page_language, say
from stievents_site.style import PATH as STYLESHEET

__all__ = [
    "collation_key",
    "escape",
    "head_links",
    "render_chooser",
    "render_facet_index",
    "render_listing",
    "site_header",
    "site_nav",
]

_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
"""Characters an HTML document may not carry (controls, surrogates, some noncharacters): shown as U+FFFD."""
_PLAIN = re.compile(r"[A-Za-z0-9 ,.:;/()\-\u00a0-\u00ff\u2019]*")
"""Text that needs no escaping (letters, digits, common punctuation, Latin-1 letters): the usual title."""
_PLAIN_HREF = re.compile(r"[A-Za-z0-9._~/\-]*")
"""A relative path of unreserved characters: what the site's own links are, nothing to check or encode."""
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_HTTP = re.compile(r"https?://[^/?#\s]", re.IGNORECASE)
_URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"
_FEED_TYPES = {
    ".atom": "application/atom+xml",
    ".json": "application/feed+json",
    ".ics": "text/calendar",
    ".xml": "application/xml",
}
_PREV = ' rel="prev"'
_NEXT = ' rel="next"'
_PAGES_AROUND = 2
"""Page links shown either side of the current page (the first and last pages always are)."""


# ------------------------------------------------------------------ escaping and links


def _esc(text: str) -> str:
    """``text`` escaped for element content and attribute values alike (quotes included)."""
    if _PLAIN.fullmatch(text):
        return text  # the common case, checked once instead of six replacements
    return html.escape(_FORBIDDEN.sub("\ufffd", text), quote=True)


def _line(text: str) -> str:
    """``text`` on one line: a title's line breaks (CRLF included) and runs of spaces become one space."""
    return " ".join(text.split())


def escape(text: str) -> str:
    """``text`` on one line, escaped for element content and attribute values (for the site's other pages)."""
    return _esc(_line(text))


def _href(url: str) -> str:
    """``url`` safe in an ``href``: absolute http(s), else taken as a relative reference.

    A relative reference whose first segment looks like a scheme (``a:b.html``,
    ``javascript:...``) or that starts with ``//`` gets ``./`` before it, so a
    browser reads it as a path in the page's folder, never as another scheme or
    host. Spaces, quotes, backslashes and non-ASCII are percent-encoded.
    """
    if _PLAIN_HREF.fullmatch(url) and not url.startswith("//"):
        return url
    url = _FORBIDDEN.sub("", url.strip())
    quoted = urllib.parse.quote(url, safe=_URL_SAFE)
    if _HTTP.match(quoted):
        return quoted
    if _SCHEME.match(quoted) or quoted.startswith("//"):
        return "./" + quoted
    return quoted


def _link(href: str, text: str, attributes: str = "") -> str:
    return f'<a href="{_esc(_href(href))}"{attributes}>{_esc(text)}</a>'


# ------------------------------------------------------------------ dates


@functools.cache
def _months(language: str) -> dict[int, str]:
    """Month names for ``d MMMM y`` (Babel's CLDR data), read once per language."""
    from babel import Locale

    months: dict[int, str] = dict(Locale.parse(language).months["format"]["wide"])
    return months


def _day(value: dt.date, language: str, year: bool = True) -> str:
    text = f"{value.day} {_months(language)[value.month]}"
    return f"{text} {value.year}" if year else text


def _days(first: dt.date, last: dt.date, language: str) -> str:
    """``5 March 2020``, ``5-6 March 2020``, ``30 March-2 April 2020``, ``30 December 2020-2 January 2021``."""
    if first >= last:
        return _day(first, language)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{_day(last, language)}"
    return f"{_day(first, language, year=first.year != last.year)}-{_day(last, language)}"


def _when(event: Event, language: str) -> tuple[str, str]:
    """The listing's date text and the ``<time datetime>`` value, in the event's own zone.

    A timed event shows its start time and the zone's abbreviation at that
    instant; on a single day, its end time too (with the end's abbreviation
    when the clocks changed in between). An end at midnight closes the day
    before. An all-day event shows its days alone.
    """
    start, end = event.start, event.end
    if not isinstance(start, dt.datetime):
        last = end.date() if isinstance(end, dt.datetime) else end
        return _days(start, last, language), start.isoformat()
    local_end = end.astimezone(start.tzinfo) if isinstance(end, dt.datetime) else None
    first = start.date()
    last = local_end.date() if local_end is not None else end
    if local_end is not None and local_end.time() == dt.time(0) and last > first:
        last -= dt.timedelta(days=1)
    start_zone = start.tzname() or ""
    times = f"{start:%H:%M}"
    if first == last and local_end is not None and local_end > start:
        end_zone = local_end.tzname() or ""
        if end_zone == start_zone:
            times += f"-{local_end:%H:%M}"
        else:
            times = f"{times} {start_zone}-{local_end:%H:%M}"
            start_zone = end_zone
    text = f"{_days(first, last, language)}, {times} {start_zone}".rstrip()
    return text, start.isoformat(timespec="minutes")


# ------------------------------------------------------------------ one entry


def _title(event: Event, language: str) -> tuple[str, str | None]:
    """The title shown in ``language`` (a translation's when one is in that language) and its own language."""
    for translation in event.translations:
        if (
            translation.title
            and translation.language.split("-")[0].lower() == language
            and translation.language != event.text_language
        ):
            return translation.title, translation.language
    return event.title, event.text_language


def _banners(event: Event, now: dt.datetime, language: str) -> list[tuple[str, str]]:
    """(kind, text) of each banner: the status when it is not "scheduled", and "happening now"."""
    status = event.status
    found: list[tuple[str, str]] = []
    if status is EventStatus.CANCELLED:
        found.append(("cancelled", say("Cancelled", language)))
    elif status in (EventStatus.POSTPONED, EventStatus.RESCHEDULED):
        text = say("Postponed" if status is EventStatus.POSTPONED else "Rescheduled", language)
        before = event.previous_start
        if before is not None:
            day = before.date() if isinstance(before, dt.datetime) else before
            text += f" ({say('previously {date}', language, date=_day(day, language))})"
        found.append((status.value, text))
    moved = status is EventStatus.MOVED_ONLINE or (
        status is not EventStatus.CANCELLED
        and event.attendance_mode is AttendanceMode.ONLINE
        and any(change.status is EventStatus.MOVED_ONLINE for change in event.status_history)
    )
    if moved:
        found.append(("moved-online", say("Moved online", language)))
    if status not in (EventStatus.CANCELLED, EventStatus.POSTPONED) and event.phase(now) is Phase.ONGOING:
        found.append(("ongoing", say("Happening now", language)))
    return found


def _place(event: Event, language: str) -> str | None:
    """``Paris, France``; ``Online``; ``Paris, France and online`` for a hybrid event; ``None`` when unknown."""
    venue = event.venue
    where = None
    if venue is not None:
        town = _line(venue.locality or venue.name or "")
        country = labels.country_label(venue.country, language) if venue.country else ""
        where = ", ".join(part for part in (town, country) if part) or None
    if event.status is EventStatus.MOVED_ONLINE or event.attendance_mode is AttendanceMode.ONLINE:
        return say("Online", language)
    if event.attendance_mode is AttendanceMode.MIXED:
        return say("{place} and online", language, place=where) if where else say("Online", language)
    if where is None and event.virtual_location is not None:
        return say("Online", language)
    return where


def _entry(event: Event, href: str, now: dt.datetime, language: str) -> str:
    title, title_language = _title(event, language)
    lang = ""
    if title_language and title_language.split("-")[0].lower() != language:
        lang = f' lang="{_esc(title_language)}"'
    out = [f"<li>\n<h3>{_link(href, _line(title), lang)}</h3>\n"]
    banners = _banners(event, now, language)
    if banners:
        out.append(
            '<p class="status">'
            + "".join(f'<strong class="banner banner-{kind}">{_esc(text)}</strong>' for kind, text in banners)
            + "</p>\n"
        )
    when, machine = _when(event, language)
    meta = [f'<time datetime="{_esc(machine)}">{_esc(when)}</time>']
    if event.recurrence is not None:
        meta.append(_esc(say("Repeats", language)))
    place = _place(event, language)
    if place:
        meta.append(_esc(place))
    if event.event_type is not None:
        kind = labels.value_label("type", event.event_type.value, language) or event.event_type.value
        meta.append(_esc(kind))
    out.append('<p class="meta">' + " · ".join(meta) + "</p>\n</li>\n")
    return "".join(out)


# ------------------------------------------------------------------ the document around


def _feed_type(href: str) -> str | None:
    """The media type of a feed, from its href's suffix (``None`` for an unknown one)."""
    return _FEED_TYPES.get(posixpath.splitext(urllib.parse.urlsplit(href).path)[1].lower())


def _feed_type_attribute(href: str) -> str:
    kind = _feed_type(href)
    return f' type="{_esc(kind)}"' if kind else ""


def _feed_attributes(label: str, href: str) -> str:
    return _feed_type_attribute(href) + f' title="{_esc(_line(label))}"'


@functools.cache
def _language_name(tag: str) -> str:
    """The language's name in itself (``Français``), for a link a reader of that language looks for."""
    from babel import Locale, UnknownLocaleError

    try:
        name: str | None = Locale.parse(tag.replace("-", "_")).get_display_name(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        name = None
    return (name[:1].upper() + name[1:]) if name else tag


def head_links(root: str, alternates: Sequence[tuple[str, str]] = (), feeds: Sequence[tuple[str, str]] = ()) -> str:
    """The ``<link>`` elements of a page's head: the site's stylesheet, the page in other languages, its feeds."""
    out = [f'<link rel="stylesheet" href="{_esc(_href(root + STYLESHEET))}">\n']
    for tag, href in alternates:
        out.append(f'<link rel="alternate" hreflang="{_esc(tag)}" href="{_esc(_href(href))}">\n')
    for label, href in feeds:
        out.append(f'<link rel="alternate"{_feed_attributes(label, href)} href="{_esc(_href(href))}">\n')
    return "".join(out)


def _head(
    language: str,
    title: str,
    root: str,
    feeds: Sequence[tuple[str, str]] = (),
    alternates: Sequence[tuple[str, str]] = (),
) -> str:
    out = [
        "<!DOCTYPE html>\n",
        f'<html lang="{_esc(language)}">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{_esc(_line(title))}</title>\n",
        head_links(root, alternates, feeds),
        "</head>\n<body>\n",
    ]
    return "".join(out)


def site_nav(here: str, locale: str) -> list[tuple[str, str]]:
    """The site's navigation from page ``here``: the whole listing, each facet's index, the statistics."""
    items = [(labels.text("All events", locale), layout.href(here, layout.listing_page(locale, 1)))]
    for facet in layout.FACETS:
        name = labels.text(labels.FACET_NAMES[facet], locale)
        items.append((name, layout.href(here, layout.facet_index(locale, facet))))
    items.append((labels.text("Statistics", locale), layout.href(here, layout.statistics_page(locale))))
    return items


def site_header(
    locale: str,
    site_title: str,
    root: str,
    nav: Sequence[tuple[str, str]],
    alternates: Sequence[tuple[str, str]],
    *,
    skip_link: bool = True,
) -> str:
    """The site's ``<header>`` (title, navigation, languages), after a skip link unless ``skip_link`` is false.

    ``nav`` and ``alternates`` are as :func:`render_listing` takes them.
    """
    language = page_language(locale)
    home = root + layout.listing_page(locale, 1)
    out = [
        f'<a class="skip" href="#content">{_esc(say("Skip to the content", language))}</a>\n' if skip_link else "",
        '<header class="site-header">\n<div>\n',
        f'<p class="site-title">{_link(home, _line(site_title))}</p>\n',
    ]
    if nav:
        out.append(f'<nav aria-label="{_esc(say("Browse events", language))}">\n<ul>\n')
        out.extend(f"<li>{_link(href, _line(label))}</li>\n" for label, href in nav)
        out.append("</ul>\n</nav>\n")
    out.append(f'<nav class="languages" aria-label="{_esc(say("Languages", language))}">\n<ul>\n')
    for tag, href in alternates:
        name = _language_name(tag)
        attributes = f' hreflang="{_esc(tag)}" lang="{_esc(tag)}"'
        out.append(f"<li>{_link(href, name, attributes)}</li>\n")
    out.append(f"<li>{_link(root + layout.CHOOSER, say('All languages', language))}</li>\n")
    out.append("</ul>\n</nav>\n</div>\n</header>\n")
    return "".join(out)


def _footer(feeds: Sequence[tuple[str, str]], language: str) -> str:
    if not feeds:
        return ""
    items = "".join(f"<li>{_link(href, _line(label), _feed_type_attribute(href))}</li>\n" for label, href in feeds)
    return (
        '<footer class="site-footer">\n<div>\n'
        f'<h2>{_esc(say("Subscribe", language))}</h2>\n<ul class="feeds">\n{items}</ul>\n'
        "</div>\n</footer>\n"
    )


def _page_numbers(page: int, pages: int) -> Iterator[int | None]:
    """The page numbers to link, ``None`` for a gap: the first, the last, and those near ``page``."""
    shown = sorted({1, pages, *range(max(1, page - _PAGES_AROUND), min(pages, page + _PAGES_AROUND) + 1)})
    previous = 0
    for number in shown:
        if number > previous + 1:
            yield None
        yield number
        previous = number


def _pagination(page: int, pages: int, page_href: Callable[[int], str], language: str) -> str:
    if pages <= 1:
        return ""
    out = [f'<nav class="pagination" aria-label="{_esc(say("Pages", language))}">\n<ul>\n']
    if page > 1:
        out.append(f"<li>{_link(page_href(page - 1), say('Previous page', language), _PREV)}</li>\n")
    for number in _page_numbers(page, pages):
        if number is None:
            out.append('<li><span class="gap">…</span></li>\n')
            continue
        current = ' aria-current="page"' if number == page else ""
        name = say("Page {number}", language, number=number)
        word, _, digits = name.rpartition(" ")
        text = f'<span class="vh">{_esc(word)} </span>{_esc(digits)}' if word else _esc(name)
        out.append(f'<li><a href="{_esc(_href(page_href(number)))}"{current}>{text}</a></li>\n')
    if page < pages:
        out.append(f"<li>{_link(page_href(page + 1), say('Next page', language), _NEXT)}</li>\n")
    out.append("</ul>\n</nav>\n")
    return "".join(out)


def _title_text(heading: str, site_title: str, suffix: str = "") -> str:
    heading, site_title = _line(heading), _line(site_title)
    title = f"{heading} ({suffix})" if suffix else heading
    return title if heading == site_title else f"{title} – {site_title}"


# ------------------------------------------------------------------ the pages


def render_listing(
    events: Sequence[Event],
    *,
    locale: str,
    now: dt.datetime,
    heading: str,
    site_title: str,
    root: str,
    page: int,
    pages: int,
    page_href: Callable[[int], str],
    feeds: Sequence[tuple[str, str]],
    event_href: Callable[[Event], str],
    nav: Sequence[tuple[str, str]],
    alternates: Sequence[tuple[str, str]] = (),
) -> str:
    """Page ``page`` of ``pages`` of a listing, as a whole HTML5 document.

    ``events`` are this page's slice, in order: those not yet ended (upcoming
    and ongoing, at the aware moment ``now``), then the ended ones; each group
    gets its section here as it falls on the page. ``feeds`` are ``(label,
    href)`` pairs (their media type is read from the href's suffix), ``nav``
    ``(label, href)`` pairs, ``alternates`` ``(locale, href)`` of this same
    page in the other locales; ``page_href(n)`` is the link to page ``n``
    and ``event_href(event)`` the link to the event's page. Every href is
    relative to this page (see the module's docstring).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime (with a time zone)")
    if not 1 <= page <= max(pages, 1):
        raise ValueError(f"page {page} is not between 1 and {pages}")
    language = page_language(locale)
    suffix = say("Page {number} of {pages}", language, number=page, pages=pages) if pages > 1 else ""
    out = [_head(language, _title_text(heading, site_title, suffix), root, feeds, alternates)]
    out.append(site_header(locale, site_title, root, nav, alternates))
    out.append(f'<main id="content">\n<h1>{_esc(_line(heading))}</h1>\n')
    if suffix:
        out.append(f'<p class="page-number">{_esc(suffix)}</p>\n')
    upcoming = [event for event in events if event.phase(now) is not Phase.ENDED]
    past = [event for event in events if event.phase(now) is Phase.ENDED]
    if not events:
        out.append(f"<p>{_esc(say('No events to show.', language))}</p>\n")
    for ident, name, group in (("upcoming", "Upcoming events", upcoming), ("past", "Past events", past)):
        if group:
            out.append(f'<section aria-labelledby="{ident}">\n<h2 id="{ident}">{_esc(say(name, language))}</h2>\n')
            out.append('<ul class="events">\n')
            out.extend(_entry(event, event_href(event), now, language) for event in group)
            out.append("</ul>\n</section>\n")
    out.append(_pagination(page, pages, page_href, language))
    out.append("</main>\n")
    out.append(_footer(feeds, language))
    out.append("</body>\n</html>\n")
    return "".join(out)


def collation_key(label: str) -> tuple[str, str, str]:
    """The sort key of a label: letters without accents and case (``État`` with ``Etat``), then ties broken.

    Compatibility-decomposed (NFKD), combining marks dropped, case-folded; the
    case-folded label and then the label itself break ties, so that no two
    different labels compare equal. The same on every machine (no ``locale``
    module, no system collation).
    """
    decomposed = unicodedata.normalize("NFKD", label)
    base = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return (" ".join(base.split()), label.casefold(), label)


def render_facet_index(
    values: Sequence[tuple[str, str, int]],
    *,
    locale: str,
    heading: str,
    site_title: str,
    root: str,
    nav: Sequence[tuple[str, str]],
    alternates: Sequence[tuple[str, str]] = (),
    keep_order: bool = False,
) -> str:
    """A facet's values as ``(label, href from this page, count)`` rows, by label (see :func:`collation_key`).

    With ``keep_order``, in the order given (the years: newest first).
    """
    if not keep_order:
        values = sorted(values, key=lambda row: (collation_key(row[0]), row[1]))
    language = page_language(locale)
    out = [_head(language, _title_text(heading, site_title), root, alternates=alternates)]
    out.append(site_header(locale, site_title, root, nav, alternates))
    out.append(f'<main id="content">\n<h1>{_esc(_line(heading))}</h1>\n')
    if values:
        out.append('<ul class="facet-values">\n')
        for label, href, count in values:
            counted = _esc(count_events(count, language))
            out.append(f'<li>{_link(href, _line(label))} <span class="count">({counted})</span></li>\n')
        out.append("</ul>\n")
    else:
        out.append(f"<p>{_esc(say('No events to show.', language))}</p>\n")
    out.append("</main>\n</body>\n</html>\n")
    return "".join(out)


def render_chooser(locales: Sequence[str], *, site_title: str) -> str:
    """The site's root ``index.html``: one link per locale to its listing, each worded in its own language.

    The document's ``lang`` is the first locale's; each link and line carries
    its own ``lang`` and ``hreflang``.
    """
    if not locales:
        raise ValueError("the chooser needs at least one locale")
    first = page_language(locales[0])
    alternates = [(locale, layout.listing_page(locale, 1)) for locale in locales]
    out = [_head(first, _line(site_title), "", alternates=alternates)]
    out.append(f'<main id="content">\n<h1>{_esc(_line(site_title))}</h1>\n<p>')
    invitations = dict.fromkeys((page_language(locale), say("Choose a language", locale)) for locale in locales)
    out.append(" · ".join(f'<span lang="{own}">{_esc(text)}</span>' for own, text in invitations))
    out.append('</p>\n<ul class="choices">\n')
    for locale, href in alternates:
        attributes = f' hreflang="{_esc(locale)}" lang="{_esc(locale)}"'
        out.append(f"<li>{_link(href, _language_name(locale), attributes)}</li>\n")
    out.append("</ul>\n</main>\n</body>\n</html>\n")
    return "".join(out)

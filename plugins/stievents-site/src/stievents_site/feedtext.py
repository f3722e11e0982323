"""What a feed says about one event, shared by the Atom and JSON Feed writers.

Both feeds give each event the same id, title, summary, dates and links, so
this module computes them once per event (:func:`entry`), in the feed's
locale, as plain text cleaned of what XML 1.0 cannot carry. The writers only
encode.

* **Id.** ``urn:uuid:`` + a UUID 5 (RFC 9562, SHA-1 name-based, in the URL
  namespace) of ``stievents:{uid or id}#{locale}``. The event's source uid,
  when it has one, is the stable identity a feed reader must keep; the id is
  ours otherwise. The locale is part of it because the English and French
  entries are different texts (RFC 4287 §4.2.6: the same id means the same
  entry). The same event gets the same id in every feed of one locale
  (``all`` and each facet), across builds and machines.
* **Updated.** The event's ``updated``, else ``created``, else its start:
  a fact of the input, never the build's clock.
* **Title.** The translation for the locale when the event has one, else its
  own title; prefixed ``Cancelled:``/``Annulé :`` or
  ``Postponed:``/``Reporté :`` when the event will not happen as announced.
* **Summary.** When (in the event's own zone, with its abbreviation), where
  (the venue, ``Online``/``En ligne``) and the status when not scheduled.
* **Links.** The writers are given paths relative to the site's root (the
  layout's, e.g. ``en/events/x.html``) or absolute http(s) URLs. With a base
  URL every link is made absolute. Without one, links are written relative to
  the feed's own location (``../events/x.html`` from ``en/feeds/all.atom``):
  RFC 3986 resolves them against the URL the feed was fetched from, so they
  are right wherever the site is served, and no ``xml:base`` is needed.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
import urllib.parse
import uuid
from collections.abc import Callable

import attrs

from stievents.model import AttendanceMode, Event, EventStatus, Temporal
from stievents_site import labels
from stievents_site.window import start_instant

__all__ = ["Entry", "EntryCache", "Links", "clean", "entry", "language_tag", "rfc3339"]

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""What XML 1.0 (and UTF-8, for lone surrogates) cannot carry: replaced by U+FFFD."""

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
"""RFC 4287's atomLanguageTag (RFC 3066)."""


def clean(text: str) -> str:
    """``text`` with each character XML 1.0 forbids (C0 controls but TAB, LF, CR; lone surrogates) as U+FFFD.

    The model already refuses them; a feed must not break if one slips through.
    """
    return _FORBIDDEN.sub("\ufffd", text)


def language_tag(locale: str) -> str:
    """``locale`` as a language tag (``fr_CA`` -> ``fr-CA``); ``ValueError`` when it is not one."""
    tag = locale.replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(tag):
        raise ValueError(f"error: {locale!r} is not a language tag (e.g. 'en', 'fr', 'fr-CA')")
    return tag


def rfc3339(value: dt.datetime) -> str:
    """An aware datetime as RFC 3339 in UTC, to the second (``2020-03-05T08:30:00Z``)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"error: {value!r} has no time zone")
    utc = value.astimezone(dt.UTC)
    return f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"


def local_iso(value: Temporal) -> str:
    """A start or end as written in the event: ``2020-03-05T09:30:00+01:00`` or the day ``2020-03-05``."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


# ------------------------------------------------------------------ links


@attrs.frozen
class Links:
    """Turns the layout's paths into the hrefs a feed at ``self_path`` writes."""

    self_path: str
    base_url: str | None = None

    @classmethod
    def make(cls, self_href: str, base_url: str | None) -> Links:
        if base_url is not None:
            parts = urllib.parse.urlsplit(base_url)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
                raise ValueError(f"error: the base URL {base_url!r} must be an absolute http(s) URL without query")
            if not base_url.endswith("/"):
                base_url += "/"
        return cls(self_href, base_url)

    def href(self, target: str) -> str:
        """The href of ``target`` (a site path, or an absolute http(s) URL kept as it is)."""
        if _is_absolute(target):
            return urllib.parse.quote(target, safe=_URL_SAFE)
        path = urllib.parse.quote(target.lstrip("/"), safe=_PATH_SAFE)
        if self.base_url is not None:
            return self.base_url + path
        if _is_absolute(self.self_path):
            return urllib.parse.urljoin(self.self_path, path)
        relative = posixpath.relpath(path, posixpath.dirname(self.self_path.lstrip("/")) or ".")
        if ":" in relative.split("/", 1)[0]:
            relative = "./" + relative  # 'a:b.html' would read as a URI scheme (RFC 3986 §4.2)
        return relative


_PATH_SAFE = "/!$&'()*+,;=:@-._~"
_URL_SAFE = _PATH_SAFE + "?#[]%"


def _is_absolute(href: str) -> bool:
    return urllib.parse.urlsplit(href).scheme in ("http", "https")


# ------------------------------------------------------------------ entries


@attrs.frozen(kw_only=True)
class Entry:
    """One event as a feed entry, every text already cleaned (see the module's doc)."""

    id: str
    title: str
    url: str
    summary: str
    description: str | None
    updated: str
    published: str | None
    authors: tuple[tuple[str, str | None], ...]
    tags: tuple[str, ...]
    event_type: str | None
    type_label: str | None
    topics: tuple[str, ...]
    classifications: tuple[tuple[str, str | None], ...]


def entry(
    event: Event, locale: str, url: Callable[[Event], str], links: Links, cache: EntryCache | None = None
) -> Entry:
    """The feed entry of ``event`` in ``locale``; ``url`` gives the event page's site path.

    With ``cache`` (one per build), what does not depend on the feed is made
    once per event and locale (see :class:`EntryCache`): the same entry.
    """
    if cache is not None:
        return cache.entry(event, locale, url, links)
    return _placed(_core(event, locale), url(event), links.href)


class EntryCache:
    """Entries made once per build, shared by every feed an event is in (the whole site's and each facet's).

    An event is in a dozen feeds per locale; its entry is the same in each but
    for its links, which are relative to the feed's folder. So the entry is
    made once per event and locale, with its links as targets, and each feed
    only turns the targets into its hrefs (:meth:`href`). An event is
    recognised by identity (the build's events live as long as the cache).
    """

    __slots__ = ("_cores", "_extras", "_prefixes")

    def __init__(self) -> None:
        self._cores: dict[tuple[int, str], tuple[Event, Entry]] = {}
        self._prefixes: dict[tuple[str, bool, str | None, str], str] = {}
        self._extras: dict[tuple[int, str], tuple[Event, object]] = {}

    def href(self, links: Links, target: str) -> str:
        """``links.href(target)``, with the part that depends on ``target``'s folder made once per feed folder.

        :meth:`Links.href` depends on the feed's folder, not its name, and on the
        target's folder and (quoted) name: the href of a site path is the
        href of its folder, made once per pair of folders, followed by its
        quoted name. So the cache grows with the folders of a site (a few
        dozen), not with its events. A target that holds a ``:`` (an absolute
        URL, or a name that must start with ``./``) or a dot segment is made
        whole each time.
        """
        return self._href(links, _href_context(links), target)

    def _href(self, links: Links, where: tuple[str, bool, str | None], target: str) -> str:
        folder_of_target, slash, name = target.rpartition("/")
        if ":" in target or name in ("", ".", ".."):
            return links.href(target)
        key = (*where, folder_of_target)
        prefix = self._prefixes.get(key)
        if prefix is None:
            prefix = self._prefixes[key] = links.href(f"{folder_of_target}{slash}_")[:-1]
        return prefix + urllib.parse.quote(name, safe=_PATH_SAFE)

    def entry(self, event: Event, locale: str, url: Callable[[Event], str], links: Links) -> Entry:
        found = self._cores.get((id(event), locale))
        if found is None or found[0] is not event:
            found = (event, _core(event, locale))
            self._cores[(id(event), locale)] = found
        return _placed(found[1], url(event), functools.partial(self._href, links, _href_context(links)))

    def extra(self, event: Event, kind: str, make: Callable[[Event], object]) -> object:
        """``make(event)``, made once per event and ``kind`` (what a writer adds from the event alone)."""
        found = self._extras.get((id(event), kind))
        if found is None or found[0] is not event:
            found = (event, make(event))
            self._extras[(id(event), kind)] = found
        return found[1]


def _href_context(links: Links) -> tuple[str, bool, str | None]:
    """What an href depends on besides its target: the feed's folder, whether it is absolute, the base URL."""
    return links.self_path.rpartition("/")[0], _is_absolute(links.self_path), links.base_url


def _placed(core: Entry, url: str, href: Callable[[str], str]) -> Entry:
    """``core`` (links as targets) with the hrefs of one feed."""
    authors = tuple((name, href(uri) if uri else None) for name, uri in core.authors) if core.authors else ()
    return Entry(
        id=core.id,
        title=core.title,
        url=href(url),
        summary=core.summary,
        description=core.description,
        updated=core.updated,
        published=core.published,
        authors=authors,
        tags=core.tags,
        event_type=core.event_type,
        type_label=core.type_label,
        topics=core.topics,
        classifications=core.classifications,
    )


def _core(event: Event, locale: str) -> Entry:
    """The entry of ``event`` in ``locale`` with its links as targets: ``url`` empty, authors' raw URLs."""
    title, description = _texts(event, locale)
    marker = _MARKERS.get(event.status)
    if marker is not None:
        title = _marker(marker, locale) + title
    authors = tuple((clean(organiser.name), organiser.url or None) for organiser in event.organisers)
    type_value = event.event_type.value if event.event_type is not None else None
    topics = tuple(clean(topic) for topic in event.topics)
    classifications = tuple(
        (clean(f"{c.scheme} {c.code}"), clean(c.label) if c.label else None) for c in event.classifications
    )
    type_label = (labels.value_label("type", type_value, locale) or type_value) if type_value else None
    tags = topics + ((type_label,) if type_label else ())
    return Entry(
        id=entry_id(event, locale),
        title=clean(title),
        url="",
        summary=clean(summary(event, locale)),
        description=clean(description) if description else None,
        updated=rfc3339(updated(event)),
        published=rfc3339(event.created) if event.created is not None else None,
        authors=authors,
        tags=tags,
        event_type=type_value,
        type_label=type_label,
        topics=topics,
        classifications=classifications,
    )


def entry_id(event: Event, locale: str) -> str:
    """``urn:uuid:`` of the event's uid (else id) and the locale; see the module's doc."""
    name = f"stievents:{event.uid if event.uid is not None else event.id}#{locale}"
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def updated(event: Event) -> dt.datetime:
    """When the event's record last changed: ``updated``, else ``created``, else its start instant."""
    if event.updated is not None:
        return event.updated
    if event.created is not None:
        return event.created
    return start_instant(event)


def _texts(event: Event, locale: str) -> tuple[str, str | None]:
    """The title and description in ``locale`` when the event has that translation, else its own."""
    wanted = labels.language(locale)
    own = event.text_language is not None and labels.language(event.text_language) == wanted
    if not own:
        exact = [t for t in event.translations if t.language.lower() == locale.lower().replace("_", "-")]
        close = exact or [t for t in event.translations if labels.language(t.language) == wanted]
        if close:
            found = close[0]
            return found.title or event.title, found.description or event.description
    return event.title, event.description


_MARKERS = {EventStatus.CANCELLED: "Cancelled", EventStatus.POSTPONED: "Postponed"}


def _marker(status: str, locale: str) -> str:
    word = labels.text(status, locale)
    return f"{word}\u00a0: " if labels.language(locale) == "fr" else f"{word}: "


# ------------------------------------------------------------------ summary


_MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
}  # fmt: skip
_ONLINE = {"en": "Online", "fr": "En ligne"}
_AND_ONLINE = {"en": "{place} and online", "fr": "{place} et en ligne"}
_REPEATS = {"en": "repeats", "fr": "se répète"}
_STATUS = {"en": "Status: {status}", "fr": "Statut\u00a0: {status}"}


def summary(event: Event, locale: str) -> str:
    """``When · where · status`` in plain text, in the event's zone and ``locale``'s words."""
    lang = labels.language(locale)
    lang = lang if lang in _MONTHS else "en"
    parts = [_when(event, lang)]
    where = _where(event, lang)
    if where:
        parts.append(where)
    if event.status is not EventStatus.SCHEDULED:
        status = labels.value_label("status", event.status.value, locale) or event.status.value
        reason = event.status_reason
        parts.append(_STATUS[lang].format(status=status) + (f" ({reason})" if reason else ""))
    return " · ".join(parts)


def _day(value: dt.date, lang: str) -> str:
    day = "1er" if lang == "fr" and value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[lang][value.month - 1]} {value.year}"


def _clock(value: dt.datetime) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def _when(event: Event, lang: str) -> str:
    start, end = event.start, event.end
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        first, last = start.tzname() or "", end.tzname() or ""
        if start.date() == end.date():
            if first == last:
                text = f"{_day(start, lang)}, {_clock(start)}–{_clock(end)} {first}"
            else:
                text = f"{_day(start, lang)}, {_clock(start)} {first} – {_clock(end)} {last}"
        else:
            text = f"{_day(start, lang)}, {_clock(start)} {first} – {_day(end, lang)}, {_clock(end)} {last}"
    else:
        first_day = start.date() if isinstance(start, dt.datetime) else start
        last_day = end.date() if isinstance(end, dt.datetime) else end
        text = _day(first_day, lang) if first_day == last_day else f"{_day(first_day, lang)} – {_day(last_day, lang)}"
    if event.recurrence is not None:
        text += f" ({_REPEATS[lang]})"
    return text.strip()


def _where(event: Event, lang: str) -> str | None:
    venue = event.venue
    place = None
    if venue is not None:
        bits = [venue.name, venue.locality, venue.country]
        place = ", ".join(dict.fromkeys(b for b in bits if b)) or None
    online = (
        event.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.MIXED)
        or event.status is EventStatus.MOVED_ONLINE
        or (venue is None and event.virtual_location is not None)
    )
    if event.status is EventStatus.MOVED_ONLINE or event.attendance_mode is AttendanceMode.ONLINE:
        return _ONLINE[lang]
    if place and online:
        return _AND_ONLINE[lang].format(place=place)
    return place or (_ONLINE[lang] if online else None)

"""Sitemaps per the sitemaps.org protocol 0.9: an index over files of at most 50,000 URLs.

``sitemap.xml`` is always a sitemap index, over ``sitemaps/sitemap-1.xml``,
``sitemaps/sitemap-2.xml``... Each file holds at most ``per_file`` URLs
(50,000, the protocol's limit) and at most ``max_bytes`` uncompressed bytes
(50 MiB, the other limit); the index at most 50,000 sitemaps.

* **No base URL, no sitemap.** The protocol wants every ``loc`` fully
  qualified ("begin with the protocol"), both in a sitemap and in the index,
  and its XSD refuses anything shorter than 12 characters; a relative
  ``loc`` would be an invalid file that crawlers ignore or misread. So
  :func:`write_sitemaps` returns no file at all without a base URL (and the
  site writes no ``robots.txt`` then either); build with ``--base-url`` to
  publish one.
* **lastmod** comes from the datetime given with each URL (the site passes
  the event's ``updated``, else ``created``), in W3C datetime as UTC to the
  second; it is left out when ``None``. A sitemap file's ``lastmod`` in the
  index is the latest of its URLs' (left out when none has one). Never the
  build time: the files change only when their inputs do.
* **loc** is the base URL joined with the site path, percent-encoded where
  RFC 3986 needs it, then entity-escaped; a URL longer than 2,048
  characters is an error (the protocol's limit), as is a base URL that is
  not an absolute http(s) URL.
* The URLs keep the order given; a URL given twice is written once (its first
  ``lastmod``).
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Iterable, Iterator

__all__ = ["INDEX", "MAX_BYTES", "MAX_URLS", "sitemap_path", "write_sitemaps"]

INDEX = "sitemap.xml"
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
MAX_LOC = 2_048
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"})
_URLSET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_NS}">\n'.encode()
_URLSET_TAIL = b"</urlset>\n"
_PATH_SAFE = "/!$&'()*+,;=:@-._~"


def sitemap_path(number: int) -> str:
    """The site path of sitemap file ``number`` (from 1)."""
    return f"sitemaps/sitemap-{number}.xml"


def write_sitemaps(
    urls: Iterable[tuple[str, dt.datetime | dt.date | None]],
    base_url: str | None,
    *,
    per_file: int = MAX_URLS,
    max_bytes: int = MAX_BYTES,
) -> list[tuple[str, bytes]]:
    """The sitemap files as ``(site path, bytes)``: the index first, then each sitemap.

    ``urls`` are site paths (``en/events/x.html``) with their last
    modification. Returns ``[]`` without a base URL (see the module's doc) or
    without any URL (an empty ``urlset`` is not valid).
    """
    if not 1 <= per_file <= MAX_URLS:
        raise ValueError(f"error: per_file must be between 1 and {MAX_URLS}, got {per_file}")
    if base_url is None:
        return []
    base = _base(base_url)
    files: list[tuple[str, bytes]] = []
    latest: list[str | None] = []
    for body, newest in _chunks(_entries(urls, base), per_file, max_bytes):
        files.append((sitemap_path(len(files) + 1), body))
        latest.append(newest)
    if not files:
        return []
    if len(files) > MAX_URLS:
        raise ValueError(f"error: {len(files)} sitemap files exceed the index's limit of {MAX_URLS}")
    index = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_NS}">\n']
    for (path, _body), newest in zip(files, latest, strict=True):
        lastmod = f"<lastmod>{newest}</lastmod>" if newest else ""
        index.append(f"  <sitemap><loc>{_loc(base, path)}</loc>{lastmod}</sitemap>\n")
    index.append("</sitemapindex>\n")
    return [(INDEX, "".join(index).encode("utf-8")), *files]


def _base(base_url: str) -> str:
    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"error: the base URL {base_url!r} must be an absolute http(s) URL without query or fragment")
    return base_url if base_url.endswith("/") else base_url + "/"


def _loc(base: str, path: str) -> str:
    url = base + urllib.parse.quote(path.lstrip("/"), safe=_PATH_SAFE)
    if len(url) > MAX_LOC:
        raise ValueError(f"error: the sitemap URL {url[:80]}... is longer than {MAX_LOC:,} characters")
    return url.translate(_ESCAPE)


def w3c_datetime(value: dt.datetime | dt.date) -> str:
    """``value`` in W3C datetime: UTC to the second (``2020-03-05T08:30:00Z``), or a day (``2020-03-05``)."""
    if not isinstance(value, dt.datetime):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"error: the lastmod {value!r} has no time zone")
    utc = value.astimezone(dt.UTC)
    return f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"


def _entries(urls: Iterable[tuple[str, dt.datetime | dt.date | None]], base: str) -> Iterator[tuple[bytes, str | None]]:
    """Each URL's ``<url>`` element and its lastmod (sortable: UTC or a day), first of duplicates only."""
    seen: set[str] = set()
    for path, modified in urls:
        loc = _loc(base, path)
        if loc in seen:
            continue
        seen.add(loc)
        lastmod = w3c_datetime(modified) if modified is not None else None
        element = (
            f"  <url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url>\n"
            if lastmod
            else f"  <url><loc>{loc}</loc></url>\n"
        )
        yield element.encode("utf-8"), lastmod


def _chunks(
    entries: Iterator[tuple[bytes, str | None]], per_file: int, max_bytes: int
) -> Iterator[tuple[bytes, str | None]]:
    """Whole ``urlset`` files of at most ``per_file`` URLs and ``max_bytes`` bytes, with their latest lastmod."""
    frame = len(_URLSET_HEAD) + len(_URLSET_TAIL)
    parts: list[bytes] = []
    size = frame
    newest: str | None = None
    for element, lastmod in entries:
        if frame + len(element) > max_bytes:
            raise ValueError(f"error: max_bytes={max_bytes} cannot hold even one sitemap URL")
        if parts and (len(parts) >= per_file or size + len(element) > max_bytes):
            yield _URLSET_HEAD + b"".join(parts) + _URLSET_TAIL, newest
            parts, size, newest = [], frame, None
        parts.append(element)
        size += len(element)
        if lastmod is not None and (newest is None or _later(lastmod, newest)):
            newest = lastmod
    if parts:
        yield _URLSET_HEAD + b"".join(parts) + _URLSET_TAIL, newest


def _later(one: str, other: str) -> bool:
    """Compare two W3C datetimes of this module (UTC ``...Z`` or a day): a day counts as its start."""
    return one.ljust(20, "\0") > other.ljust(20, "\0")

"""The sitemaps: the sitemaps.org XSDs, the index over files of at most N URLs, lastmod, escaping."""

from __future__ import annotations

import datetime as dt
import urllib.parse
import zoneinfo
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from stievents.testing import strategies as sst
from stievents_site import sitemap

SCHEMAS = Path(__file__).parent / "schemas"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://events.example.org/sti/"
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = zoneinfo.ZoneInfo("UTC")


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


URLSET = _schema("sitemap.xsd")
INDEX = _schema("siteindex.xsd")

Url = tuple[str, dt.datetime | None]


def assert_valid(files: Sequence[tuple[str, bytes]]) -> tuple[etree._Element, dict[str, etree._Element]]:
    """The index and every sitemap valid against their XSD; the index lists exactly the sitemaps, in order."""
    assert files
    (index_path, index_bytes), *rest = files
    assert index_path == "sitemap.xml"
    index = etree.fromstring(index_bytes)
    assert INDEX.validate(index), INDEX.error_log
    maps = {}
    for path, data in rest:
        root = etree.fromstring(data)
        assert URLSET.validate(root), URLSET.error_log
        assert len(root) <= sitemap.MAX_URLS
        assert len(data) <= sitemap.MAX_BYTES
        maps[path] = root
    listed = [loc.text for loc in index.iterfind(f"{SM}sitemap/{SM}loc")]
    assert listed == [BASE + path for path in maps]
    assert list(maps) == [f"sitemaps/sitemap-{n}.xml" for n in range(1, len(maps) + 1)]
    return index, maps


def _locs(maps: dict[str, etree._Element]) -> list[str | None]:
    return [loc.text for root in maps.values() for loc in root.iterfind(f"{SM}url/{SM}loc")]


def test_the_schema_checks_can_fail() -> None:
    files = sitemap.write_sitemaps([("index.html", None)], BASE)
    index = files[0][1]
    urlset = files[1][1]
    assert not URLSET.validate(etree.fromstring(urlset.replace(b"</loc>", b"</loc><lastmod>soon</lastmod>")))
    assert not URLSET.validate(etree.fromstring(urlset.replace(BASE.encode(), b"")))  # shorter than 12
    assert not URLSET.validate(etree.fromstring(urlset.replace(b"<url>", b"<url><priority>2</priority>")))
    assert not INDEX.validate(etree.fromstring(index.replace(b"<sitemap>", b"<url>").replace(b"</sitemap>", b"</url>")))
    assert not INDEX.validate(etree.fromstring(urlset))  # a urlset is not an index


def test_a_small_site_is_an_index_over_one_sitemap() -> None:
    modified = dt.datetime(2024, 3, 5, 9, 30, tzinfo=PARIS)
    urls: list[Url] = [("index.html", None), ("en/index.html", None), ("en/events/a.html", modified)]
    index, maps = assert_valid(sitemap.write_sitemaps(urls, BASE))
    assert _locs(maps) == [BASE + path for path, _ in urls]
    lastmods = [url.findtext(f"{SM}lastmod") for url in maps["sitemaps/sitemap-1.xml"]]
    assert lastmods == [None, None, "2024-03-05T08:30:00Z"]
    assert index.findtext(f"{SM}sitemap/{SM}lastmod") == "2024-03-05T08:30:00Z"


def test_files_are_split_at_per_file_urls() -> None:
    urls: list[Url] = [(f"en/events/e{n}.html", None) for n in range(23)]
    _, maps = assert_valid(sitemap.write_sitemaps(urls, BASE, per_file=5))
    assert [len(root) for root in maps.values()] == [5, 5, 5, 5, 3]
    assert _locs(maps) == [BASE + path for path, _ in urls]
    _, exact = assert_valid(sitemap.write_sitemaps(urls[:10], BASE, per_file=5))
    assert [len(root) for root in exact.values()] == [5, 5]


def test_the_default_limit_is_the_protocols_fifty_thousand() -> None:
    urls: list[Url] = [(f"e/{n}.html", None) for n in range(50_001)]
    files = sitemap.write_sitemaps(urls, BASE)
    assert [path for path, _ in files] == ["sitemap.xml", "sitemaps/sitemap-1.xml", "sitemaps/sitemap-2.xml"]
    assert files[1][1].count(b"<url>") == 50_000
    assert files[2][1].count(b"<url>") == 1


def test_files_are_split_at_max_bytes() -> None:
    urls: list[Url] = [(f"en/events/{'x' * 100}-{n}.html", None) for n in range(10)]
    files = sitemap.write_sitemaps(urls, BASE, max_bytes=700)
    _, maps = assert_valid(files)
    assert all(len(data) <= 700 for _, data in files[1:])
    assert len(maps) > 1
    assert _locs(maps) == [BASE + path for path, _ in urls]
    with pytest.raises(ValueError, match="max_bytes"):
        sitemap.write_sitemaps(urls, BASE, max_bytes=100)


def test_each_index_lastmod_is_the_latest_of_its_file() -> None:
    day = dt.datetime(2024, 1, 1, tzinfo=UTC)
    urls: list[Url] = [
        ("a.html", day + dt.timedelta(days=3)),
        ("b.html", day + dt.timedelta(days=9)),
        ("c.html", None),
        ("d.html", None),
        ("e.html", day),
    ]
    index, _ = assert_valid(sitemap.write_sitemaps(urls, BASE, per_file=2))
    lastmods = [s.findtext(f"{SM}lastmod") for s in index.iterfind(f"{SM}sitemap")]
    assert lastmods == ["2024-01-10T00:00:00Z", None, "2024-01-01T00:00:00Z"]


def test_no_base_url_or_no_url_means_no_sitemap() -> None:
    assert sitemap.write_sitemaps([("index.html", None)], None) == []
    assert sitemap.write_sitemaps([], BASE) == []


def test_locs_are_percent_encoded_then_entity_escaped() -> None:
    urls: list[Url] = [('en/topic/r&d\'s "best" <x>/index.html', None), ("fr/événements/été.html", None)]
    files = sitemap.write_sitemaps(urls, BASE)
    data = files[1][1]
    assert b"&amp;" in data
    assert b"&apos;" in data
    assert b" " not in data.split(b"<url>", 1)[1].split(b"</loc>", 1)[0]
    _, maps = assert_valid(files)
    assert _locs(maps) == [
        BASE + "en/topic/r&d's%20%22best%22%20%3Cx%3E/index.html",
        BASE + "fr/%C3%A9v%C3%A9nements/%C3%A9t%C3%A9.html",
    ]


def test_duplicates_are_written_once() -> None:
    urls: list[Url] = [("a.html", None), ("b.html", None), ("a.html", dt.datetime(2024, 1, 1, tzinfo=UTC))]
    _, maps = assert_valid(sitemap.write_sitemaps(urls, BASE))
    assert _locs(maps) == [BASE + "a.html", BASE + "b.html"]


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="2,048 characters"):
        sitemap.write_sitemaps([("x" * 2100, None)], BASE)
    for base in ("events.example.org/", "ftp://x.example.org/", "https://x.example.org/?q=1", "/relative/"):
        with pytest.raises(ValueError, match="base URL"):
            sitemap.write_sitemaps([("a.html", None)], base)
    with pytest.raises(ValueError, match="per_file"):
        sitemap.write_sitemaps([("a.html", None)], BASE, per_file=0)
    with pytest.raises(ValueError, match="per_file"):
        sitemap.write_sitemaps([("a.html", None)], BASE, per_file=50_001)
    with pytest.raises(ValueError, match="time zone"):
        sitemap.write_sitemaps([("a.html", dt.datetime(2024, 1, 1))], BASE)


def test_a_base_without_trailing_slash_is_a_folder() -> None:
    files = sitemap.write_sitemaps([("a.html", None)], "https://events.example.org/sti")
    assert_valid(files)


_SEGMENT = st.text(sst.TEXT_CHARACTERS, min_size=1, max_size=12).filter(lambda s: "/" not in s)


@settings(deadline=None)
@given(
    paths=st.lists(st.lists(_SEGMENT, min_size=1, max_size=4).map("/".join), max_size=30, unique=True),
    lastmods=st.lists(st.none() | sst.aware_datetimes(min_year=1990, max_year=2100), min_size=30, max_size=30),
    per_file=st.integers(1, 7),
)
def test_generated_urls_always_give_valid_deterministic_sitemaps(
    paths: list[str], lastmods: list[dt.datetime | None], per_file: int
) -> None:
    urls = list(zip(paths, lastmods, strict=False))
    files = sitemap.write_sitemaps(urls, BASE, per_file=per_file)
    if not paths:
        assert files == []
        return
    assert sitemap.write_sitemaps(urls, BASE, per_file=per_file) == files
    _, maps = assert_valid(files)
    assert len(maps) == -(-len(paths) // per_file)
    written = [url for root in maps.values() for url in root.iterfind(f"{SM}url")]
    assert len(written) == len(paths)
    for (path, modified), url in zip(urls, written, strict=True):
        loc = url.findtext(f"{SM}loc")
        assert loc is not None
        assert urllib.parse.unquote(loc[len(BASE) :]) == path
        lastmod = url.findtext(f"{SM}lastmod")
        if modified is None:
            assert lastmod is None
        else:
            assert lastmod is not None
            assert dt.datetime.fromisoformat(lastmod) == modified.replace(microsecond=0)

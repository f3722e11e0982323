"""Event pages wear the site's chrome: its stylesheet, header, navigation and language links, validly.

The page itself is the OECD plugin's ``oecd-html`` (with its own inline
style); the site adds its header before ``<main>`` and links ``style.css``
before the page's ``<style>``, so the page's rules still win. Checked on a
page with a programme, in both locales, and on a hostile one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import html5lib
import pytest

from stievents.examples import catalogue, example, example_names
from stievents_site.build import build_site
from stievents_site.config import SiteConfig
from stievents_site.eventpage import BODY_CLASS
from stievents_site.listing import collation_key, render_facet_index

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HOSTILE = "</title></style><script>alert(1)</script> \"q\" & 'a' <b onmouseover=x>\r\nline"
CONFIG = SiteConfig(title=HOSTILE, locales=("en", "fr"))


def parse(text: str) -> ET.Element:
    parser = html5lib.HTMLParser(strict=True, tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    root: ET.Element = parser.parse(text)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("chrome") / "site"
    events = [example(name) for name in example_names()] + catalogue()
    events.append(attrs.evolve(events[0], id="hostile", title=HOSTILE, translations=()))
    build_site(events=events, output=out, config=CONFIG, now=NOW, progress=False)
    return out


def values_of(root: ET.Element) -> list[str]:
    """The labels of a facet index's values, in the page's order."""
    return ["".join(a.itertext()) for ul in root.iter("ul") if ul.get("class") == "facet-values" for a in ul.iter("a")]


def _body_children(root: ET.Element) -> list[str]:
    body = root.find("body")
    assert body is not None
    return [child.tag for child in body]


@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize("event_id", ["demo-hybrid-forum", "hostile"])
def test_event_page_has_the_site_header_before_main(site: Path, locale: str, event_id: str) -> None:
    text = (site / locale / "events" / f"{event_id}.html").read_text("utf-8")
    root = parse(text)
    assert root.get("lang") == locale
    assert root.find(".//script[@type='application/ld+json']") is not None
    assert [e for e in root.iter("script") if e.get("type") != "application/ld+json"] == []
    body = root.find("body")
    assert body is not None
    assert body.get("class") == BODY_CLASS
    children = _body_children(root)
    assert children[:3] == ["a", "header", "main"], children  # skip link, site header, the page
    assert "nav" not in children[children.index("main") :]  # nothing left outside the column
    header = body.find("header")
    assert header is not None
    assert header.get("class") == "site-header"
    assert " ".join("".join(header.itertext()).split()).startswith(" ".join(HOSTILE.split()))
    levels = [int(e.tag[1]) for e in root.iter() if isinstance(e.tag, str) and re.fullmatch(r"h[1-6]", e.tag)]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    navs = [nav.get("aria-label") for nav in root.iter("nav")]
    assert len(navs) == len(set(navs)) == 2  # landmarks with distinct names
    assert len(root.findall(".//main")) == 1
    assert text.index('rel="stylesheet"') < text.index("<style")  # the page's own rules come later and win
    here = f"{locale}/events/{event_id}.html"
    other = "fr" if locale == "en" else "en"
    links = {
        posixpath.normpath(posixpath.join(posixpath.dirname(here), a.get("href") or "")): a for a in header.iter("a")
    }
    assert links[f"{other}/events/{event_id}.html"].get("hreflang") == other
    assert f"{locale}/index.html" in links
    assert f"{locale}/statistics.html" in links
    stylesheet = [link.get("href") for link in root.iter("link") if link.get("rel") == "stylesheet"]
    assert stylesheet == ["../../style.css"]
    alternates = {link.get("hreflang"): link.get("href") for link in root.iter("link") if link.get("hreflang")}
    assert alternates == {other: f"../../{other}/events/{event_id}.html"}


def test_facet_index_lists_values_by_localized_label() -> None:
    rows = [("Suisse", "ch/index.html", 1), ("États-Unis", "us/index.html", 4), ("Belgique", "be/index.html", 2)]
    rows += [("allemagne", "de/index.html", 1), ("Estonie", "ee/index.html", 1)]
    document = parse(render_facet_index(rows, locale="fr", heading="Pays", site_title="S", root="../../", nav=[]))
    shown = [
        "".join(a.itertext()) for ul in document.iter("ul") if ul.get("class") == "facet-values" for a in ul.iter("a")
    ]
    assert shown == ["allemagne", "Belgique", "Estonie", "États-Unis", "Suisse"]
    kept = parse(
        render_facet_index(rows, locale="fr", heading="Pays", site_title="S", root="../../", nav=[], keep_order=True)
    )
    assert [
        "".join(a.itertext()) for ul in kept.iter("ul") if ul.get("class") == "facet-values" for a in ul.iter("a")
    ] == [row[0] for row in rows]
    assert sorted(["b", "B", "á", "a", "A"], key=collation_key) == ["A", "a", "á", "B", "b"]  # total and stable


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_built_country_index_is_in_alphabetical_order_of_the_locale(site: Path, locale: str) -> None:
    root = parse((site / locale / "country" / "index.html").read_text("utf-8"))
    names = values_of(root)
    assert len(names) > 2
    assert names == sorted(names, key=collation_key)
    years = parse((site / locale / "year" / "index.html").read_text("utf-8"))
    shown = [
        "".join(a.itertext()) for ul in years.iter("ul") if ul.get("class") == "facet-values" for a in ul.iter("a")
    ]
    assert shown == sorted(shown, reverse=True)  # newest first

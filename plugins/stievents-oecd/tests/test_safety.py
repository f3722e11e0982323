"""Hostile text and links never become markup: checked in the source, with html5lib and in Chromium's DOM."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from oecd_dom import parse_strict, unsafe_parts
from oecd_pages import all_pages
from oecd_support import HOSTILE_URL, NOW, hostile_event

import stievents
from stievents.plugin_types import HeadContribution
from stievents.testing import require_tool

PAGES = all_pages()
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_parse_strictly_with_only_our_markup(name: str) -> None:
    root = parse_strict(PAGES[name])
    assert unsafe_parts(root) == []


def test_hostile_page_escapes_everything() -> None:
    # our own markup only: another plugin's head markup is checked in the DOM tests
    page = stievents.export(hostile_event(), "oecd-html", now=NOW, include_jsonld=False).decode("utf-8")
    assert "<script" not in page
    assert "<img" not in page
    assert "<svg" not in page
    assert "<iframe" not in page
    assert "&lt;script&gt;" in page
    assert "javascript:" not in page.replace("javascript:alert(3)&quot;", "").replace("src=javascript:alert(6)", "")
    assert HOSTILE_URL not in page  # a URL with quotes and markup is dropped, not linked
    assert 'href="https://evil.example' not in page


def test_javascript_base_url_is_dropped() -> None:
    events = [hostile_event(), stievents.example("oecd-co-creation-2020")]
    page = stievents.export(
        events, "oecd-listing-html", now=NOW, base_url="javascript:alert(7)//", include_jsonld=False
    ).decode("utf-8")
    assert "javascript:" not in page
    assert 'href="hostile.html"' in page


def test_markdown_escapes_markup_and_links() -> None:
    md = stievents.export(hostile_event(), "oecd-md", now=NOW).decode("utf-8")
    assert "<" not in md.replace("(<https://", "").replace("(<mailto:", "")
    assert "&lt;script&gt;" in md
    assert "evil.example" not in md


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_markdown_renders_to_only_our_markup(locale: str) -> None:
    from markdown_it import MarkdownIt

    for event in (hostile_event(), stievents.example("demo-hybrid-forum")):
        md = stievents.export(event, "oecd-md", now=NOW, locale=locale).decode("utf-8")
        rendered = MarkdownIt("commonmark").render(md)
        root = parse_strict(
            f"<!DOCTYPE html><html lang=en><head><title>t</title></head><body>{rendered}</body></html>".encode()
        )
        allowed = {
            "h1",
            "h2",
            "h3",
            "p",
            "strong",
            "em",
            "ul",
            "ol",
            "li",
            "a",
            "blockquote",
            "br",
        }  # h3, ol: programme
        tags = {e.tag.rsplit("}", 1)[-1] for e in root.iter() if isinstance(e.tag, str)}
        assert tags - {"html", "head", "title", "body"} <= allowed
        assert [f for f in unsafe_parts(root) if not f.startswith("element <")] == []  # attributes and links
    assert "&lt;script&gt;" in MarkdownIt("commonmark").render(
        stievents.export(hostile_event(), "oecd-md", now=NOW).decode()
    )


def test_text_keeps_text_as_text() -> None:
    text = stievents.export(hostile_event(), "oecd-text", now=NOW).decode("utf-8")
    assert hostile_event().title in text  # plain text: nothing to escape, nothing interpreted


def test_head_contributions_are_inserted_and_can_be_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    from stievents import api

    seen = []

    def fake_head(events, context):  # type: ignore[no-untyped-def]
        seen.append([e.id for e in events])
        return [HeadContribution(source="test", markup='<script type="application/ld+json">{"@type":"Event"}</script>')]

    monkeypatch.setattr(api, "page_head", fake_head)
    event = stievents.example("oecd-co-creation-2020")
    page = stievents.export(event, "oecd-html", now=NOW).decode("utf-8")
    head = page.split("</head>")[0]
    assert '<script type="application/ld+json">{"@type":"Event"}</script>' in head
    assert seen == [[event.id]]
    without = stievents.export(event, "oecd-html", now=NOW, include_jsonld=False).decode("utf-8")
    assert "ld+json" not in without


def _dump_dom(chromium: str, path: Path) -> bytes:
    with tempfile.TemporaryDirectory() as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", path.as_uri()]
        done = subprocess.run(command, capture_output=True, timeout=120, check=True)
    return done.stdout


@pytest.mark.parametrize("name", ["hostile-en.html", "hostile-fr.html", "hostile-listing-en.html"])
def test_hostile_pages_in_chromium(name: str, tmp_path: Path) -> None:
    chromium = require_tool("chromium", why="headless DOM check of hostile pages")
    path = tmp_path / name
    path.write_bytes(PAGES[name])
    dom = _dump_dom(chromium, path)
    assert b"<html" in dom
    import html5lib

    root = html5lib.parse(dom, treebuilder="etree")
    assert unsafe_parts(root) == []
    assert b"pwned" not in dom.replace(b"dataset.pwned", b"")
    body = next(e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("body"))
    assert not any(k.startswith("data-") for k in body.attrib)


def test_the_dom_check_can_fail() -> None:
    bad = b'<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p onclick="x()">a</p>'
    bad += b'<a href="javascript:x()">b</a><script>y()</script></body></html>'
    found = unsafe_parts(parse_strict(bad))
    assert any("onclick" in f for f in found)
    assert any("javascript:" in f for f in found)
    assert "element <script>" in found

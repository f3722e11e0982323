"""The built site in headless Chromium: every page loads without an error, and axe-core finds nothing serious.

One browser run (``tests/js/check-pages.mjs``, puppeteer-core driving the
Debian ``chromium``) loads every HTML page of the shared site
(``interop_support``) from ``stievents site serve``'s server, so the media
types and headers are the preview server's. It records console errors,
uncaught exceptions, failed requests, dialogs (hostile text that ran as
script would open one), each page's language, title, headings and links, and
runs axe-core on the pages the issue names: the language chooser, the
listings in English and French, a facet's index, a facet value's listing, and
event pages with a programme, hostile ones included. A control page with
known faults proves the checks can fail.

Skipped with the reason when Node, Chromium or the npm packages are missing;
under CI (``CI=true``) that is a failure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from pathlib import Path
from typing import Any

import pytest
from interop_support import (
    HOSTILE,
    HOSTILE_TWO,
    chromium,
    format_problems,
    node_with,
    run_node,
    served,
    shared_site,
    site_paths,
)

from stievents.examples import example

PACKAGES = ("puppeteer-core", "axe-core")
PROGRAMME = ("demo-hybrid-forum", "oecd-co-creation-2020", "hostile-forum", "hostile:cancelled")
AXE_PAGES = [
    "index.html",
    "en/index.html",
    "fr/index.html",
    "en/page-2.html",
    "en/topic/index.html",
    "fr/country/index.html",
    "en/classification/un-sdg-9/index.html",
    "fr/status/cancelled/index.html",
    "en/statistics.html",
    "fr/statistics.html",
    *(f"{locale}/events/{event_id}.html" for event_id in PROGRAMME for locale in ("en", "fr")),
]
SERIOUS = {"serious", "critical"}
GENERIC_LINK_TEXTS = {"here", "click here", "more", "read more", "link", "this", "ici", "cliquez ici", "plus", "lien"}


def _sandbox() -> bool:
    """Chromium's sandbox cannot start as root (containers, CI runners): ``--no-sandbox`` then."""
    return hasattr(os, "geteuid") and os.geteuid() != 0


def _check_pages(base: str, pages: list[str], axe: list[str]) -> dict[str, Any]:
    request = {"chromium": chromium(), "base": base, "pages": pages, "axe": axe, "sandbox": _sandbox()}
    result: dict[str, Any] = run_node("check-pages.mjs", request, *PACKAGES)["pages"]
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_site(tmp_path_factory)


@pytest.fixture(scope="module")
def report(site: Path) -> dict[str, Any]:
    """Every HTML page of the site, as Chromium loaded it (one browser run for the module)."""
    chromium()
    node_with(*PACKAGES)
    pages = site_paths(site, ".html")
    missing = sorted(set(AXE_PAGES) - set(pages))
    assert not missing, f"pages the checks need are not in the build: {missing}"
    with served(site) as base:
        return _check_pages(base, pages, AXE_PAGES)


def _violations(found: list[dict[str, Any]]) -> str:
    lines = []
    for violation in found:
        targets = "; ".join(node["target"] for node in violation["nodes"][:5])
        lines.append(
            f"{violation['impact']} {violation['id']} ({len(violation['nodes'])}x): {violation['help']} — {targets}"
        )
    return format_problems(lines)


# ------------------------------------------------------------------ the checks can fail


def test_the_browser_checks_can_fail(tmp_path: Path) -> None:
    """A page with known faults: every kind of problem the checks look for is reported."""
    chromium()
    node_with(*PACKAGES)
    (tmp_path / "bad.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Bad</title>"
        "<link rel='stylesheet' href='missing.css'></head><body>"
        "<h1>One</h1><h1>Two</h1><h4>Skipped</h4>"
        "<p style='color:#bbb;background:#fff'>pale text</p><img src='data:,'>"
        "<a href='x.html'>here</a><a href='y.html'></a>"
        "<script>console.error('boom'); alert('ran'); undefinedFunction();</script>"
        "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "good.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Good</title></head>"
        "<body><main><h1>Fine</h1><p>Text.</p></main></body></html>",
        encoding="utf-8",
    )
    pages = _check_pages(tmp_path.as_uri() + "/", ["bad.html", "good.html"], ["bad.html", "good.html"])
    bad, good = pages["bad.html"], pages["good.html"]
    problems = "\n".join(bad["problems"])
    assert "console error: boom" in problems
    assert 'a dialog opened (script ran): alert "ran"' in problems
    assert "uncaught exception" in problems
    assert "undefinedFunction" in problems
    assert "missing.css" in problems
    ids = {v["id"]: v["impact"] for v in bad["violations"]}
    assert {"html-has-lang", "image-alt", "color-contrast", "link-name"} <= set(ids), ids
    assert SERIOUS & set(ids.values())
    assert bad["lang"] is None
    assert [level for level, _ in bad["headings"]] == [1, 1, 4]
    assert good["problems"] == []
    assert not [v for v in good["violations"] if v["impact"] in SERIOUS]
    assert good["lang"] == "en"


# ------------------------------------------------------------------ every page


def test_every_page_loads_without_errors(report: dict[str, Any]) -> None:
    broken = []
    for path, page in sorted(report.items()):
        if page["status"] != 200:
            broken.append(f"{path}: HTTP {page['status']}")
        if page["contentType"] != "text/html; charset=utf-8":
            broken.append(f"{path}: served as {page['contentType']!r}")
        broken.extend(f"{path}: {problem}" for problem in page["problems"])
    assert not broken, f"{len(broken)} problem(s) in headless Chromium:\n{format_problems(broken)}"


def test_every_page_says_its_language_and_has_a_title(report: dict[str, Any]) -> None:
    wrong = []
    for path, page in sorted(report.items()):
        locale = path.split("/", 1)[0] if "/" in path else None
        lang = page["lang"] or ""
        if not lang or (locale is not None and lang.split("-")[0].lower() != locale):
            wrong.append(f"{path}: lang={page['lang']!r}")
        if not page["title"].strip():
            wrong.append(f"{path}: empty <title>")
    assert not wrong, format_problems(wrong)


def test_every_page_has_one_h1_and_headings_in_order(report: dict[str, Any]) -> None:
    wrong = []
    for path, page in sorted(report.items()):
        levels = [level for level, _ in page["headings"]]
        if levels.count(1) != 1 or levels[0] != 1:
            wrong.append(f"{path}: headings {levels} (one <h1>, first, is wanted)")
            continue
        skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        if skips:
            wrong.append(f"{path}: heading levels skip {skips} in {levels}")
        empty = [level for level, text in page["headings"] if not text]
        if empty:
            wrong.append(f"{path}: empty heading(s) of level {empty}")
    assert not wrong, f"{len(wrong)} page(s):\n{format_problems(wrong[:40])}"


def test_link_texts_make_sense_out_of_context(report: dict[str, Any]) -> None:
    """No empty or generic link text; on one page, one text never names two different targets.

    Links to event pages are left out of the last rule: two events may have
    the same title (a yearly forum); the site's own wording may not repeat.
    """
    wrong = []
    for path, page in sorted(report.items()):
        targets: dict[str, set[str]] = {}
        for text, url in page["links"]:
            if not text:
                wrong.append(f"{path}: a link without text to {url}")
            elif text.lower().strip(" .:…") in GENERIC_LINK_TEXTS:
                wrong.append(f"{path}: link text {text!r} to {url}")
            target = url.split("#", 1)[0]
            if not re.search(r"/events/[^/]+\.html$", target):
                targets.setdefault(text, set()).add(target)
        wrong.extend(
            f"{path}: link text {text!r} names {len(urls)} targets, e.g. {sorted(urls)[:2]}"
            for text, urls in targets.items()
            if text and len(urls) > 1
        )
    assert not wrong, f"{len(wrong)} link(s):\n{format_problems(wrong[:40])}"


def test_hostile_text_is_shown_as_text_and_never_runs(report: dict[str, Any]) -> None:
    """The hostile events' titles reach the reader as the text they are; no script of theirs ran (no dialog)."""
    shown = " ".join(HOSTILE.split())
    for locale in ("en", "fr"):
        page = report[f"{locale}/events/hostile-forum.html"]
        assert shown in " ".join(page["title"].split())
        assert any(shown in " ".join(text.split()) for level, text in page["headings"] if level == 1)
        other = report[f"{locale}/events/hostile:cancelled.html"]
        assert "<img src=x onerror=alert(2)>" in other["title"]
    assert HOSTILE_TWO  # both events are in every listing that holds them; a dialog would be a problem above
    dialogs = [f"{p}: {x}" for p, page in report.items() for x in page["problems"] if "dialog" in x]
    assert not dialogs, format_problems(dialogs)


# ------------------------------------------------------------------ axe-core


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_or_critical_violation(report: dict[str, Any], path: str) -> None:
    found = report[path]["violations"]
    assert found is not None, f"{path}: axe-core did not run: {report[path]['problems']}"
    serious = [v for v in found if v["impact"] in SERIOUS]
    assert not serious, (
        f"{path}: {len(serious)} serious or critical axe-core violation(s); all violations:\n{_violations(found)}"
    )


@pytest.mark.parametrize("event_id", ["demo-hybrid-forum", "oecd-co-creation-2020"])
def test_the_checked_event_pages_show_their_programme(report: dict[str, Any], event_id: str) -> None:
    """The event pages axe checks really carry a programme: every session's title, the timed ones in time order."""
    sessions = example(event_id).sessions
    titles = [" ".join(s.title.split()) for s in sessions]
    timed = sorted(
        (s for s in sessions if isinstance(s.start, dt.datetime)),
        key=lambda s: (s.start.astimezone(dt.UTC), sessions.index(s)),  # type: ignore[union-attr]
    )
    assert titles
    for locale in ("en", "fr"):
        page = report[f"{locale}/events/{event_id}.html"]
        text = " ".join(page["text"].split())
        missing = [title for title in titles if title not in text]
        assert not missing, f"{locale}/events/{event_id}.html: sessions not shown: {missing}"
        place = 0
        for session in timed:
            found = text.find(" ".join(session.title.split()), place)
            assert found >= 0, f"{locale}/events/{event_id}.html: {session.title!r} is out of time order"
            place = found + 1

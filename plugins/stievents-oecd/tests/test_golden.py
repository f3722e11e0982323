"""Golden files: both examples in every format and both languages, at now = 2026-01-01T00:00:00Z.

Regenerate with ``STIEVENTS_REGEN_GOLDEN=1 pytest tests/test_golden.py`` and review the diff.
Head contributions from other plugins are left out so the files do not depend on what else is installed.
"""

from __future__ import annotations

import os

import pytest
from oecd_support import GOLDEN, NOW

import stievents

CASES = [
    (example, fmt, locale)
    for example in ("oecd-co-creation-2020", "demo-hybrid-forum")
    for fmt, suffix in (("oecd-html", "html"), ("oecd-text", "txt"), ("oecd-md", "md"))
    for locale in ("en", "fr")
]
SUFFIX = {"oecd-html": "html", "oecd-text": "txt", "oecd-md": "md", "oecd-listing-html": "html"}
NO_HEAD = {"include_jsonld": False}


def _check(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("STIEVENTS_REGEN_GOLDEN") == "1":
        path.write_bytes(data)
    assert path.exists(), f"missing golden file {name}; run with STIEVENTS_REGEN_GOLDEN=1"
    assert data == path.read_bytes(), f"{name} differs from its golden file"


@pytest.mark.parametrize(("example", "fmt", "locale"), CASES)
def test_golden_pages(example: str, fmt: str, locale: str) -> None:
    options = NO_HEAD if fmt == "oecd-html" else {}
    events = [stievents.example(n) for n in (example, *[n for n in stievents.example_names() if n != example])]
    data = stievents.export(events if fmt == "oecd-html" else events[:1], fmt, now=NOW, locale=locale, **options)
    _check(f"{example}.{locale}.{SUFFIX[fmt]}", data)


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_golden_listing(locale: str) -> None:
    events = [stievents.example(n) for n in stievents.example_names()]
    data = stievents.export(events, "oecd-listing-html", now=NOW, locale=locale, **NO_HEAD)
    _check(f"listing.{locale}.html", data)

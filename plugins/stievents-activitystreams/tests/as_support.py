"""Test helpers: the offline ActivityStreams context, JSON-LD expansion, paths of golden and real files."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
SHARED_AS2 = Path(__file__).resolve().parents[3] / ".." / "shared" / "interop" / "schedule" / "as2"
AS = "https://www.w3.org/ns/activitystreams#"
FEP = "https://w3id.org/fep/8a8e/"
SC = "https://schema.org/"


@functools.cache
def as_context() -> dict[str, Any]:
    """The ActivityStreams 2.0 context as served at https://www.w3.org/ns/activitystreams (see data/SOURCES.md)."""
    return json.loads((DATA / "activitystreams.jsonld").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def offline_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A pyld document loader that serves only the AS2 context and refuses the network."""
    if url.rstrip("#/") in {"https://www.w3.org/ns/activitystreams", "http://www.w3.org/ns/activitystreams"}:
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": as_context()}
    raise AssertionError(f"the test tried to load {url!r}")


def expand(document: Any) -> list[dict[str, Any]]:
    """JSON-LD expansion by pyld, the independent reader of our output."""
    jsonld = pytest.importorskip("pyld.jsonld")
    return jsonld.expand(document, {"documentLoader": offline_loader})  # type: ignore[no-any-return]


def shared_file(name: str) -> Path:
    """A real document from ../shared, or skip the test with the reason."""
    path = SHARED_AS2 / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared interop corpus is not mounted)")
    return path

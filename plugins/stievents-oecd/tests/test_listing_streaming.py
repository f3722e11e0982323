"""The listing's ``<head>`` is written as it is made (issue 16): bounded memory, same bytes.

A listing's head carries the JSON-LD of every event, which the JSON-LD plugin
contributes as a streamed ``HeadContribution`` (``chunks``). The page writers
read it through ``pieces()`` and write each piece as it comes, so that the text
is never held whole, and the page is byte for byte what it was when the head
came as one string (the golden files pin the rest of the page).
"""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import pytest
from oecd_support import NOW

import stievents
from stievents.model import Event
from stievents.plugin_types import ExportContext, HeadContribution


def _jsonld_installed() -> bool:
    return any(f.name == "jsonld-html" for f in stievents.formats())


needs_jsonld = pytest.mark.skipif(
    "not _jsonld_installed()", reason="stievents-jsonld is not installed: no JSON-LD in <head>"
)


class _Writes(io.BytesIO):
    """A stream that records the size of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
        self.sizes.append(len(data))
        return super().write(data)


class _Discard(io.RawIOBase):
    """A stream that keeps only the count of bytes written, so that it holds nothing itself."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
        self.total += len(data)
        return len(data)


def _many(count: int) -> list[Event]:
    event = stievents.example("oecd-co-creation-2020")
    return [attrs.evolve(event, id=f"e{i}") for i in range(count)]


@needs_jsonld
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_the_listing_head_is_the_jsonld_snippet(locale: str) -> None:
    """Streaming changes no byte: the head is what the ``jsonld-html`` exporter writes, the rest the golden page."""
    events = [stievents.example(n) for n in stievents.example_names()]
    with_head = stievents.export(events, "oecd-listing-html", now=NOW, locale=locale)
    without = stievents.export(events, "oecd-listing-html", now=NOW, locale=locale, include_jsonld=False)
    snippet = stievents.export(events, "jsonld-html", now=NOW)
    assert without.count(b"</head>") == 1
    assert with_head == without.replace(b"</head>", snippet + b"</head>")


@needs_jsonld
@pytest.mark.parametrize("name", stievents.example_names())
def test_the_event_page_head_is_the_jsonld_snippet(name: str) -> None:
    events = [stievents.example(n) for n in stievents.example_names()]
    event = stievents.example(name)
    with_head = stievents.export([event, *events], "oecd-html", now=NOW)
    without = stievents.export([event, *events], "oecd-html", now=NOW, include_jsonld=False)
    snippet = stievents.export(event, "jsonld-html", now=NOW)
    assert with_head == without.replace(b"</head>", snippet + b"</head>")


@needs_jsonld
def test_a_large_listing_is_written_in_pieces() -> None:
    """No single write holds the head: a piece of about 64 KiB at a time."""
    stream = _Writes()
    stievents.export_to(stream, _many(400), "oecd-listing-html", now=NOW)
    total = len(stream.getvalue())
    assert total > 1_000_000
    assert max(stream.sizes) < 200_000, (max(stream.sizes), total)


@needs_jsonld
def test_no_piece_of_a_large_listing_holds_its_head(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the writer is given comes in pieces the size of an event, not the JSON-LD of all of them."""
    from stievents_oecd import writers

    largest: list[int] = []
    write_chunks = writers.write_chunks

    def recording(chunks: Any, stream: Any) -> None:
        def each() -> Iterator[str]:
            for chunk in chunks:
                largest.append(len(chunk))
                yield chunk

        write_chunks(each(), stream)

    monkeypatch.setattr(writers, "write_chunks", recording)
    stream = _Discard()
    stievents.export_to(stream, _many(400), "oecd-listing-html", now=NOW)
    assert stream.total > 3_000_000
    assert max(largest) < 100_000


@needs_jsonld
def test_a_large_listing_is_exported_in_bounded_memory() -> None:
    """The most Python holds at once stays well below the JSON-LD in the head (it was four times it)."""
    events = _many(400)
    head = len(stievents.export(events, "jsonld-html", now=NOW))
    stievents.export(events[:2], "oecd-listing-html", now=NOW)  # first-use imports and caches, not measured
    stream = _Discard()
    tracemalloc.start()
    try:
        stievents.export_to(stream, events, "oecd-listing-html", now=NOW)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stream.total > head > 2_000_000
    assert peak < head / 2, (peak, head)


def test_a_streamed_contribution_is_written_while_it_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever plugin streams its head, the listing writes each piece before the next is made."""
    from stievents import api

    piece, count = "x" * 1000, 3000
    written: list[int] = []
    stream = _Discard()

    def chunks() -> Iterator[str]:
        for _ in range(count):
            written.append(stream.total)  # what had reached the stream when this piece was made
            yield piece

    def fake_head(events: Sequence[Event], context: ExportContext) -> list[HeadContribution]:
        return [HeadContribution(source="test", chunks=chunks)]

    monkeypatch.setattr(api, "page_head", fake_head)
    stievents.export_to(stream, _many(2), "oecd-listing-html", now=NOW)
    assert len(written) == count
    assert stream.total > len(piece) * count
    assert written[-1] > len(piece) * count - 200_000  # all but the last writes' worth was already out

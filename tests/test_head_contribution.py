"""``HeadContribution`` in its two forms, and how :func:`stievents.page_head` blames a streamed one.

A contribution is either ``markup`` (one string) or ``chunks`` (a function
returning its pieces), so that a large ``<head>`` (the JSON-LD of a listing's
every event) is written without ever being held whole. Consumers read both
through ``pieces()``. A plugin whose pieces fail while a page is being written
is named, as one whose hook fails is (issue 13). The fake plugins are
in-process modules behind fake entry points, as in test_plugin_isolation.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

import pytest
from fake_plugins import FakeEntryPoint, module
from hypothesis import given
from hypothesis import strategies as st

import stievents
from stievents import Event, plugins
from stievents.errors import PluginFailedError, ValidationError
from stievents.plugin_types import ExportContext, Exporter, HeadContribution

PARTS = st.lists(st.text(max_size=20), max_size=8)

# ------------------------------------------------------------------ the contract


def test_markup_form_is_one_piece() -> None:
    contribution = HeadContribution(source="meta", markup="<meta name=a>")
    assert list(contribution.pieces()) == ["<meta name=a>"]
    assert contribution.markup == "<meta name=a>"
    assert contribution.chunks is None


def test_empty_markup_is_still_a_markup_contribution() -> None:
    assert list(HeadContribution(source="meta", markup="").pieces()) == [""]


@given(PARTS)
def test_chunks_form_gives_its_pieces_and_their_text(parts: list[str]) -> None:
    contribution = HeadContribution(source="big", chunks=lambda: iter(parts))
    assert list(contribution.pieces()) == parts
    assert list(contribution.pieces()) == parts  # chunks is called again for each reading: not spent
    assert contribution.markup == "".join(parts)


@given(PARTS)
def test_both_forms_of_the_same_text_write_the_same_text(parts: list[str]) -> None:
    streamed = HeadContribution(source="s", chunks=lambda: parts)
    whole = HeadContribution(source="s", markup="".join(parts))
    assert "".join(streamed.pieces()) == "".join(whole.pieces())


def test_chunks_is_not_called_until_read() -> None:
    calls: list[int] = []

    def chunks() -> Iterator[str]:
        calls.append(1)
        yield "<x>"

    contribution = HeadContribution(source="lazy", chunks=chunks)
    assert calls == []
    pieces = contribution.pieces()
    assert calls == []  # pieces() is lazy too: nothing is made until the writer asks
    assert list(pieces) == ["<x>"]
    assert calls == [1]


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"markup": "<meta>", "chunks": lambda: ["<meta>"]},
        {"markup": "", "chunks": list},
    ],
    ids=["neither", "both", "empty-markup-and-chunks"],
)
def test_exactly_one_of_markup_and_chunks(arguments: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match=r"HeadContribution from 'p' needs exactly one of markup .* or chunks"):
        HeadContribution(source="p", **arguments)


def test_the_forms_are_type_checked() -> None:
    with pytest.raises(TypeError, match="markup"):
        HeadContribution(source="p", markup=b"<meta>")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="chunks"):
        HeadContribution(source="p", chunks=["<meta>"])  # type: ignore[arg-type]


# ------------------------------------------------------------------ page_head and the blame


def _write_page(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """A page renderer as the OECD plugin is one: it writes each contribution piece by piece."""
    stream.write(b"<head>")
    for contribution in stievents.page_head(events, context):
        for piece in contribution.pieces():
            stream.write(piece.encode("utf-8"))
    stream.write(b"</head>")


def _page_plugin() -> FakeEntryPoint:
    page = Exporter(name="page", write=_write_page, media_type="text/html", suffixes=(".html",), description="d")

    def stievents_exporters() -> Iterator[Exporter]:
        yield page

    return FakeEntryPoint("page", lambda: module("pg", stievents_exporters=stievents_exporters))


def _head_plugin(hook: Callable[..., Any]) -> FakeEntryPoint:
    return FakeEntryPoint("head", lambda: module("h", stievents_page_head=hook), dist="stievents-head")


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Replace the installed entry points with fakes; the registry is rebuilt around the test."""
    monkeypatch.delenv(plugins.STRICT_ENV, raising=False)

    def use(*entry_points: FakeEntryPoint) -> None:
        monkeypatch.setattr(plugins, "_entry_points", lambda: list(entry_points))
        plugins.reset()

    plugins.reset()
    yield use
    plugins.reset()


def _contributing(chunks: Callable[[], Iterable[str]]) -> Callable[..., Any]:
    def stievents_page_head(events: Sequence[Event], context: ExportContext) -> Iterator[HeadContribution]:
        yield HeadContribution(source="head", chunks=chunks)

    return stievents_page_head


def test_page_head_passes_a_streamed_contribution_on_unread(
    install: Callable[..., None], reference_event: Event
) -> None:
    made: list[str] = []

    def chunks() -> Iterator[str]:
        for piece in ("<script>", "{}", "</script>"):
            made.append(piece)
            yield piece

    install(_head_plugin(_contributing(chunks)), _page_plugin())
    (contribution,) = stievents.page_head([reference_event], ExportContext())
    assert made == []  # the host does not read it: the page writer does, as it writes
    assert contribution.source == "head"
    assert "".join(contribution.pieces()) == "<script>{}</script>"
    assert stievents.export(reference_event, "page") == b"<head><script>{}</script></head>"


def _boom_after_one() -> Iterator[str]:
    yield "<script>"
    raise RuntimeError("chunk boom")


def _boom_at_once() -> Iterator[str]:
    raise RuntimeError("chunk boom")


def _not_text() -> Iterator[Any]:
    yield "<script>"
    yield b"{}"


@pytest.mark.parametrize(
    ("chunks", "reason"),
    [
        (_boom_after_one, "RuntimeError: chunk boom"),
        (_boom_at_once, "RuntimeError: chunk boom"),
        (lambda: 42, "TypeError: "),  # not iterable
        (_not_text, "TypeError: .*bytes.*expected str"),
    ],
    ids=["raises-while-streamed", "raises-when-called", "not-iterable", "yields-bytes"],
)
def test_a_failing_chunks_is_blamed_on_its_own_plugin(
    install: Callable[..., None], reference_event: Event, chunks: Callable[[], Iterable[str]], reason: str
) -> None:
    """The failure happens while the page plugin writes; it is still the head plugin that is named."""
    install(_head_plugin(_contributing(chunks)), _page_plugin())
    with pytest.raises(PluginFailedError, match=rf"\(hook stievents_page_head\) failed: {reason}") as info:
        stievents.export(reference_event, "page")
    assert info.value.distribution == "stievents-head"
    assert info.value.plugin == "head"
    assert info.value.format is None


def test_a_hook_generator_that_fails_lazily_is_blamed(install: Callable[..., None], reference_event: Event) -> None:
    def stievents_page_head(events: Sequence[Event], context: ExportContext) -> Iterator[HeadContribution]:
        yield HeadContribution(source="head", markup="<meta>")
        raise RuntimeError("lazy head boom")  # raised only when the host consumes the generator

    install(_head_plugin(stievents_page_head), _page_plugin())
    with pytest.raises(PluginFailedError, match=r"\(hook stievents_page_head\) failed: RuntimeError: lazy head boom"):
        stievents.export(reference_event, "page")


def test_a_hook_that_yields_something_else_is_blamed(install: Callable[..., None], reference_event: Event) -> None:
    def stievents_page_head(events: Sequence[Event], context: ExportContext) -> Iterator[str]:
        yield "<meta>"

    install(_head_plugin(stievents_page_head), _page_plugin())
    with pytest.raises(PluginFailedError, match=r"yielded str, expected HeadContribution"):
        stievents.export(reference_event, "page")


@pytest.mark.parametrize(
    "error",
    [OSError(28, "No space left on device"), ValidationError([]), KeyboardInterrupt()],
    ids=["os", "ours", "interrupt"],
)
def test_what_a_caller_can_act_on_passes_through_chunks_unchanged(
    install: Callable[..., None], reference_event: Event, error: BaseException
) -> None:
    def chunks() -> Iterator[str]:
        yield "<script>"
        raise error

    install(_head_plugin(_contributing(chunks)), _page_plugin())
    with pytest.raises(type(error)) as info:
        stievents.export(reference_event, "page")
    assert info.value is error

"""The direct JSON-LD writer: byte for byte what the dict builder gives through ``json.dumps``, and streamed.

The dict builder (``_export.event_node`` / ``_export.document``) is the reference:
the golden files pin it; here the text writer is held to it on generated events,
including hostile text (quotes, backslashes, controls, non-BMP characters).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stievents_jsonld import _export, _html, _write

import stievents
from stievents.plugin_types import ExportContext
from stievents.testing import strategies

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
CONTEXTS = st.sampled_from([ExportContext(now=NOW), ExportContext(now=NOW, base_url="https://events.example.org/e/")])


def _reference(node: object) -> str:
    return json.dumps(node, ensure_ascii=False, indent=2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.events(hostile=True), CONTEXTS, st.sampled_from(["\n", "\n    ", "\n  "]))
def test_event_text_is_the_dumped_event_node(event, context, nl):
    assert _export.event_text(event, context, nl) == _reference(_export.event_node(event, context)).replace("\n", nl)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.event_lists(hostile=True, max_size=4), CONTEXTS)
def test_documents_are_the_dumped_document(events, context):
    expected = _reference(_export.document(events, context)) + "\n"
    assert _write.dumps(events, context) == expected
    html = io.BytesIO()
    _write.write_html(events, html, context)
    assert html.getvalue().decode("utf-8") == _html.script_element(expected.rstrip("\n")) + "\n"
    stream = io.BytesIO()
    _write.write_jsonld(events, stream, context)
    assert stream.getvalue().decode("utf-8") == expected


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@given(JSON, st.sampled_from(["\n", "\n      "]))
def test_plain_values_are_written_as_json_dumps_writes_them(value, nl):
    assert _export.plain(value, nl) == _reference(value).replace("\n", nl)


def test_plain_float_specials():
    for value in (math.inf, -math.inf, math.nan, 0.1, -0.0, 1e300):
        assert _export.plain(value, "\n") == json.dumps(value)


class _Writes(io.BytesIO):
    """A stream that records the size of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
        self.sizes.append(len(data))
        return super().write(data)


def test_a_large_export_is_written_in_pieces(reference_event):
    """No single write holds the document: the writer streams, a piece of about 64 KiB at a time."""
    events = [attrs.evolve(reference_event, id=f"e{i}") for i in range(400)]
    for fmt in ("jsonld", "jsonld-html"):
        stream = _Writes()
        stievents.export_to(stream, events, fmt, now=NOW)
        total = len(stream.getvalue())
        assert total > 1_000_000
        assert max(stream.sizes) < 200_000, (fmt, max(stream.sizes), total)

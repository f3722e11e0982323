"""``write_chart(words=, limit=)``: a chart in another language, and how many values it shows."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

import stievents
from stievents.charts import MAX_BARS, PHRASES, write_chart

pytest.importorskip("matplotlib", reason="the charts need matplotlib (stievents[charts])")

SVG = "{http://www.w3.org/2000/svg}"


def _svg(result: stievents.StatsResult, **options: object) -> ET.Element:
    buffer = io.BytesIO()
    write_chart(result, buffer, "svg", **options)  # type: ignore[arg-type]
    return ET.fromstring(buffer.getvalue())


def _title(root: ET.Element) -> str:
    title = root.find(f"{SVG}title")
    assert title is not None
    return title.text or ""


def test_words_translate_the_charts_phrases_and_key_names() -> None:
    result = stievents.stats(stievents.catalogue(), ["year"])
    english = _title(_svg(result))
    assert english.startswith("Events by year")
    french = {"Events by {key}": "Événements par {key}", "year": "année", "{total} events": "{total} événements"}
    assert set(french) - {"year"} <= set(PHRASES)
    assert _title(_svg(result, words=french)).startswith("Événements par année")


def test_limit_keeps_the_most_frequent_values_and_says_so() -> None:
    result = stievents.stats(stievents.catalogue(), ["year"])
    assert len(result.rows) > 3
    limited = _title(_svg(result, limit=3))
    assert "3" in limited
    assert limited != _title(_svg(result))


@pytest.mark.parametrize("limit", [0, MAX_BARS + 1])
def test_a_limit_out_of_range_is_refused(limit: int) -> None:
    result = stievents.stats(stievents.catalogue(), ["year"])
    with pytest.raises(ValueError, match="limit must be between"):
        write_chart(result, io.BytesIO(), "svg", limit=limit)

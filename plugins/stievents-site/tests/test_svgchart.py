"""The statistics page's own SVG charts (:mod:`stievents_site.svgchart`), read back by independent XML parsers.

Each chart is parsed by :mod:`xml.etree` and lxml, and its numbers are read
from the parsed tree: one bar per row with a length proportional to its
count, one cell per pair of a heat map, shaded by count with a text colour
that contrasts with the cell. Hostile labels stay text, long ones end in an
ellipsis, the bytes are the same every time, and Hypothesis checks that any
table (any text, any counts) gives a chart that parses with sane rectangles.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stievents_site import stats_page, svgchart
from stievents_site.stats_page import Table

SVG = "{http://www.w3.org/2000/svg}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HOSTILE = "</text><script>alert(1)</script> \"q\" & 'a' <![CDATA[x]]> ]]>"


def parse(data: bytes) -> ET.Element:
    """``data`` parsed by xml.etree, and by lxml too (a second, independent parser)."""
    root = ET.fromstring(data)
    from lxml import etree

    assert etree.fromstring(data).tag == f"{SVG}svg"
    return root


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def cells(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "cell"]


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def number(element: ET.Element, name: str) -> float:
    return float(element.get(name, "0"))


def bar_chart(rows: list[tuple[str, int]], **words: str) -> bytes:
    options = {
        "title": "Events by country",
        "subtitle": "12 events",
        "category": "Country",
        "measure": "Number of events",
        "description": "Bar chart: events by country.",
        **words,
    }
    return svgchart.bar_chart(rows, **options)


def heat_map(rows: list[str], columns: list[str], counts: dict[tuple[int, int], int]) -> bytes:
    return svgchart.heat_map(
        rows,
        columns,
        counts,
        title="Events by year and event type",
        subtitle="12 events",
        row_heading="Event type",
        column_heading="Year",
        description="Heat map: events by year and event type.",
    )


def check_document(root: ET.Element, *, words: bool = True) -> None:
    """SVG 1.1 with a title and a description that ``aria-labelledby`` names, and a size."""
    assert root.tag == f"{SVG}svg"
    assert root.get("version") == "1.1"
    assert root.get("role") == "img"
    children = list(root)
    assert children[0].tag == f"{SVG}title"
    assert children[1].tag == f"{SVG}desc"
    assert (root.get("aria-labelledby") or "").split() == [children[0].get("id"), children[1].get("id")]
    assert children[0].text or not words
    assert children[1].text or not words
    width, height = number(root, "width"), number(root, "height")
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width > 0
    assert height > 0
    assert (root.get("font-family") or "").endswith(", sans-serif")


# ------------------------------------------------------------------ the bar chart


def test_bar_chart_has_one_bar_per_row_proportional_to_its_count() -> None:
    rows = [("France", 6), ("Online", 6), ("Belgium", 2), ("Japan", 1), ("Nowhere", 0)]
    data = bar_chart(rows)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    root = parse(data)
    check_document(root)
    found = bars(root)
    assert len(found) == len(rows)
    widths = [number(rect, "width") for rect in found]
    assert widths[-1] == 0
    per_event = widths[0] / 6
    assert per_event > 30  # the longest bar takes most of the room
    for width, (_, count) in zip(widths, rows, strict=True):
        assert width == pytest.approx(count * per_event, abs=0.01)
    tops = [number(rect, "y") for rect in found]
    assert tops == sorted(tops)  # first row at the top
    assert len({rect.get("x") for rect in found}) == 1  # one baseline
    right = number(found[0], "x") + widths[0]
    assert right < number(root, "width")
    words = texts(root)
    assert words[:4] == ["Events by country", "12 events", "Country", "Number of events"]
    for label, count in rows:  # each label, then its count
        position = words.index(label)
        assert words[position + 1] == str(count)


def test_every_coordinate_has_at_most_two_decimals() -> None:
    data = bar_chart([("a", 3), ("b", 7), ("c", 11)]) + heat_map(["a", "b"], ["x", "y", "z"], {(0, 0): 3, (1, 2): 7})
    for value in re.findall(rb' (?:x|y|width|height)="([^"]*)"', data):
        assert re.fullmatch(rb"-?\d+(\.\d{1,2})?", value), value
    assert not re.search(rb"\de[-+]?\d", data)
    assert b"nan" not in data.lower()


def test_hostile_labels_are_escaped_text() -> None:
    data = bar_chart([(HOSTILE, 3), ("ok", 1)], title=HOSTILE, description=HOSTILE)
    assert b"<script" not in data
    assert b"<![CDATA" not in data
    root = parse(data)
    assert HOSTILE in texts(root)
    assert root.findtext(f"{SVG}title") == HOSTILE
    assert root.findtext(f"{SVG}desc") == HOSTILE
    assert list(root.iter(f"{SVG}script")) == []
    heat = heat_map([HOSTILE], [HOSTILE], {(0, 0): 1})
    assert b"<script" not in heat
    assert parse(heat).findtext(f"{SVG}title")


def test_control_characters_and_surrogates_become_replacement_characters() -> None:
    label = "a\x00b\x1bc\ud800d\u009be\ufffff  g\n\th"
    root = parse(bar_chart([(label, 1)], description=label))
    expected = "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf g h"
    assert expected in texts(root)
    assert root.findtext(f"{SVG}desc") == expected


def test_long_labels_end_in_an_ellipsis_within_their_room() -> None:
    long = "The International Conference on Science, Technology and Innovation Indicators " * 3
    root = parse(bar_chart([(long, 5), ("short", 2)], category="Organiser"))
    words = texts(root)
    cut = next(w for w in words if w.startswith("The International"))
    assert cut.endswith("…")
    assert len(cut) < len(long)
    assert svgchart.text_width(cut, 14) <= 300
    assert "short" in words
    bar = bars(root)[0]
    assert number(bar, "x") > svgchart.text_width(cut, 14)  # the bars start right of the labels
    assert long.strip() == svgchart.fit(long.strip(), 10_000, 14)  # room enough: whole


def test_text_width_is_an_estimate_per_character() -> None:
    assert svgchart.text_width("", 14) == 0
    assert svgchart.text_width("mmmm", 10) > svgchart.text_width("iiii", 10)
    assert svgchart.text_width("ab", 20) == pytest.approx(2 * svgchart.text_width("ab", 10))
    assert svgchart.text_width("Ab", 10, bold=True) > svgchart.text_width("Ab", 10)
    assert svgchart.text_width("日本", 10) == pytest.approx(20)
    assert svgchart.fit("abcdef", 0, 14) == "…"


def test_same_table_same_bytes() -> None:
    rows = [("b", 2), ("a", 5), ("é", 1)]
    assert bar_chart(rows) == bar_chart(list(rows))
    assert heat_map(["a", "b"], ["x"], {(0, 0): 1}) == heat_map(["a", "b"], ["x"], {(0, 0): 1})


def test_a_chart_needs_rows_and_counts_cannot_be_negative() -> None:
    with pytest.raises(ValueError, match="at least one"):
        bar_chart([])
    with pytest.raises(ValueError, match="negative"):
        bar_chart([("a", -1)])
    with pytest.raises(ValueError, match="at least one"):
        heat_map([], ["x"], {})
    with pytest.raises(ValueError, match="negative"):
        heat_map(["a"], ["x"], {(0, 0): -2})


# ------------------------------------------------------------------ the heat map


def test_heat_map_has_a_cell_per_pair_shaded_by_count_with_its_number() -> None:
    rows, columns = ["Workshop", "Forum", "Conference"], ["2019", "2020", "2021", "2022"]
    counts = {(0, 0): 8, (0, 1): 1, (1, 2): 4, (2, 3): 2}
    root = parse(heat_map(rows, columns, counts))
    check_document(root)
    found = cells(root)
    assert len(found) == len(rows) * len(columns)
    grid = {(round(number(c, "y")), round(number(c, "x"))): c for c in found}
    ys, xs = sorted({y for y, _ in grid}), sorted({x for _, x in grid})
    assert (len(ys), len(xs)) == (len(rows), len(columns))
    widths = {c.get("width") for c in found}
    assert len(widths) == 1  # one size for every cell
    numbers = {
        (round(number(t, "y")), round(number(t, "x"))): t
        for t in root.iter(f"{SVG}text")
        if t.get("text-anchor") == "middle" and (t.text or "").isdigit() and t.get("font-size") == "13"
    }
    assert len(numbers) == len(counts)  # a number in every cell with events, none in the empty ones
    luminance = {}
    for i, j in itertools.product(range(len(rows)), range(len(columns))):
        cell = grid[(ys[i], xs[j])]
        fill = cell.get("fill") or ""
        count = counts.get((i, j), 0)
        assert fill == svgchart.cell_colour(count, 8)
        if count:
            text = next(
                t
                for t in numbers.values()
                if number(cell, "x") < number(t, "x") < number(cell, "x") + float(cell.get("width") or 0)
                and number(cell, "y") < number(t, "y") < number(cell, "y") + float(cell.get("height") or 0)
            )
            assert text.text == str(count)
            assert svgchart.contrast(text.get("fill") or "", fill) >= 4.5
            luminance[count] = svgchart.contrast(fill, "#ffffff")
        else:
            assert fill == svgchart.EMPTY
    assert [luminance[c] for c in sorted(luminance)] == sorted(luminance.values())  # more events, darker
    words = texts(root)
    assert words.index("Event type") < words.index("Workshop")
    assert all(column in words for column in columns)


def test_long_column_labels_are_slanted_and_cut() -> None:
    columns = ["Conference", "A roundtable of very many words indeed, far too long to stand", "x"]
    root = parse(heat_map(["a"], columns, {(0, 1): 3}))
    slanted = [t for t in root.iter(f"{SVG}text") if (t.get("transform") or "").startswith("rotate(-45 ")]
    assert len(slanted) == len(columns)
    assert any((t.text or "").endswith("…") for t in slanted)
    assert root.find(f".//{SVG}text[@transform]") is not None
    flat = parse(heat_map(["a"], ["2020", "2021"], {(0, 1): 3}))
    assert not any(t.get("transform") for t in flat.iter(f"{SVG}text"))


def test_every_shade_contrasts_with_its_number_and_grows_darker() -> None:
    previous = 0.0
    for count in range(1, 1001):
        fill = svgchart.cell_colour(count, 1000)
        assert re.fullmatch(r"#[0-9a-f]{6}", fill)
        assert svgchart.contrast(svgchart.text_colour(fill), fill) >= 4.5, (count, fill)
        darkness = svgchart.contrast(fill, "#ffffff")
        assert darkness >= previous - 1e-9
        previous = darkness
    assert svgchart.cell_colour(0, 5) == svgchart.EMPTY
    assert svgchart.cell_colour(5, 5) == svgchart.CELL_SCALE[-1]
    assert svgchart.contrast(svgchart.INK, "#ffffff") >= 4.5
    assert svgchart.contrast(svgchart.MUTED, "#ffffff") >= 4.5
    assert svgchart.contrast(svgchart.ACCENT, "#ffffff") >= 3  # a bar against the page (WCAG 1.4.11)


# ------------------------------------------------------------------ the page's tables drawn


def table(name: str, keys: tuple[str, ...], rows: list[tuple[tuple[Any, ...], int]], **options: Any) -> Table:
    return Table(
        name=name,
        keys=keys,
        heading=options.pop("heading", "Events by topic"),
        columns=options.pop("columns", tuple(k.capitalize() for k in keys)),
        rows=tuple(rows),
        limit=options.pop("limit", None),
        total=options.pop("total", sum(count for _, count in rows)),
        multi_valued=options.pop("multi_valued", False),
    )


def test_draw_shows_what_the_table_shows_and_says_how_many_it_leaves_out() -> None:
    rows = [((f"topic {i:02d}",), 100 - i) for i in range(50)]
    root = parse(stats_page.draw(table("topic", ("topic",), rows, limit=20, multi_valued=True), "en"))
    assert len(bars(root)) == 20
    assert root.findtext(f"{SVG}title") == "Events by topic: the 20 most frequent of 50"
    assert "each counted once per value" in texts(root)[1]
    desc = root.findtext(f"{SVG}desc") or ""
    assert desc.startswith("Bar chart: Events by topic: the 20 most frequent of 50, ")
    assert "topic 00: 100; topic 01: 99" in desc
    assert "topic 20" not in desc
    unlimited = parse(stats_page.draw(table("country", ("country",), rows, heading="Events by country"), "fr"))
    assert len(bars(unlimited)) == stats_page.MAX_BARS
    assert unlimited.get(XML_LANG) == "fr"
    assert unlimited.findtext(f"{SVG}title") == "Events by country : les 40 plus fréquents sur 50"
    assert "topic 00 : 100 ; topic 01 : 99" in (unlimited.findtext(f"{SVG}desc") or "")


def test_draw_keeps_years_in_order_when_it_cuts_them() -> None:
    rows = [((year,), 1 + (year % 3)) for year in range(1960, 2020)]
    root = parse(stats_page.draw(table("year", ("year",), rows, heading="Events by year"), "en"))
    shown = [w for w in texts(root) if re.fullmatch(r"\d{4}", w)]
    assert len(shown) == stats_page.MAX_BARS
    assert shown == sorted(shown)
    assert all(int(year) % 3 != 0 for year in shown[:10])  # the most counted ones kept


def test_draw_puts_the_longer_labels_down_the_side_of_a_heat_map() -> None:
    rows = [((2020, "Workshop"), 3), ((2020, "Conference"), 1), ((2021, "Workshop"), 2), ((2022, "Forum"), 1)]
    drawn = table("year-type", ("year", "event_type"), rows, heading="Events by year and event type")
    root = parse(stats_page.draw(drawn, "en"))
    assert len(cells(root)) == 3 * 3
    words = texts(root)
    assert words[2:4] == ["Event_type", "Year"]  # the row heading, then the column heading
    assert words.index("2020") < words.index("2021") < words.index("2022")  # years across, in order
    assert words.index("Workshop") < words.index("Conference")  # types by count
    desc = root.findtext(f"{SVG}desc") or ""
    assert desc.startswith("Heat map: Events by year and event type, 7 events. Workshop, 2020: 3; Workshop, 2021: 2")


def test_draw_refuses_an_empty_table() -> None:
    with pytest.raises(ValueError, match="empty"):
        stats_page.draw(table("topic", ("topic",), []), "en")


def test_draw_gives_the_same_bytes_for_the_same_counts() -> None:
    events = [*stats_page_events()]
    first = stats_page.Statistics(events, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), site_title="t", locales=["fr"])
    second = stats_page.Statistics(events, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), site_title="t", locales=["fr"])
    for a, b in zip(first.tables("fr"), second.tables("fr"), strict=True):
        assert stats_page.draw(a, "fr") == stats_page.draw(b, "fr")


def stats_page_events() -> list[Any]:
    from stievents.examples import example, example_names

    return [example(name) for name in example_names()]


# ------------------------------------------------------------------ any table


labels = st.text(st.characters(exclude_categories=()), max_size=120)
counts = st.integers(min_value=0, max_value=10**12)


def check_rectangles(root: ET.Element) -> None:
    width, height = number(root, "width"), number(root, "height")
    for rect in root.iter(f"{SVG}rect"):
        for name in ("x", "y", "width", "height"):
            value = number(rect, name)
            assert math.isfinite(value)
            assert value >= 0, (name, value)
        assert number(rect, "x") + number(rect, "width") <= width + 0.01
        assert number(rect, "y") + number(rect, "height") <= height + 0.01


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(labels, counts), min_size=1, max_size=45), labels)
def test_any_bar_chart_parses_with_sane_bars(rows: list[tuple[str, int]], title: str) -> None:
    root = parse(bar_chart(rows, title=title, description=title))
    check_document(root, words=False)
    check_rectangles(root)
    assert len(bars(root)) == len(rows)
    peak = max(count for _, count in rows)
    if peak:
        longest = max(number(rect, "width") for rect in bars(root))
        for rect, (_, count) in zip(bars(root), rows, strict=True):
            assert number(rect, "width") == pytest.approx(count / peak * longest, abs=0.02)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(labels, min_size=1, max_size=8),
    st.lists(labels, min_size=1, max_size=8),
    st.dictionaries(st.tuples(st.integers(0, 7), st.integers(0, 7)), counts, max_size=20),
)
def test_any_heat_map_parses_with_a_cell_per_pair(rows: list[str], columns: list[str], found: dict[Any, int]) -> None:
    kept = {(i, j): n for (i, j), n in found.items() if i < len(rows) and j < len(columns)}
    root = parse(heat_map(rows, columns, kept))
    check_document(root)
    check_rectangles(root)
    assert len(cells(root)) == len(rows) * len(columns)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.tuples(st.one_of(labels, st.integers(1, 9999)), st.one_of(labels, st.integers(1, 9999))), counts),
        min_size=1,
        max_size=30,
        unique_by=lambda row: row[0],
    ),
    st.sampled_from(["en", "fr"]),
)
def test_any_table_of_the_page_draws(rows: list[tuple[tuple[Any, Any], int]], locale: str) -> None:
    one = table("topic", ("topic",), [((values[0],), n) for values, n in rows], limit=20)
    two = table("year-type", ("country", "topic"), rows)
    for drawn in (one, two):
        data = stats_page.draw(drawn, locale)
        assert b"<script" not in data
        root = parse(data)
        check_document(root)
        check_rectangles(root)

"""Plain SVG charts written by the site itself: a horizontal bar chart and a heat map.

The statistics page (:mod:`stievents_site.stats_page`) draws its charts here
rather than with matplotlib: importing matplotlib (and numpy) took about a
second and 55 MiB of a 10,000-event build's peak memory, and its SVG bytes
changed with its version, so two machines made two different sites. These
charts are a few hundred lines of text made from the counts alone:

- **the same bytes everywhere**: no library, no font metrics (a label's width
  is estimated per character, :func:`text_width`), every coordinate rounded to
  two decimals, no date, no random id;
- **SVG 1.1**, ``role="img"`` and ``aria-labelledby`` naming its ``<title>``
  and ``<desc>`` (what it shows, in words, and every number it draws);
- **user text stays text**: every label is made printable (a control
  character becomes U+FFFD, whitespace runs one space), XML-escaped, and cut
  with an ellipsis when wider than its room;
- **readable colours**, those of the site's stylesheet: ink ``#1d1d1b`` and
  grey ``#595959`` on white, bars in the accent ``#0b5394``; a heat map's cells
  go from light to dark blue with the count written in each, in black or
  white, whichever contrasts more with the cell (at least 4.5:1 for every
  shade, :func:`text_colour`).

The words (title, headings, description) are the caller's, already in the
page's language; this module only lays them out.
"""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Mapping, Sequence

__all__ = [
    "CELL_SCALE",
    "FONT_FAMILY",
    "bar_chart",
    "cell_colour",
    "clean",
    "contrast",
    "fit",
    "heat_map",
    "text_colour",
    "text_width",
]

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
"""The site's font stack (:mod:`stievents_site.style`), ending with a generic family."""

INK = "#1d1d1b"
MUTED = "#595959"
ACCENT = "#0b5394"
WHITE = "#ffffff"
BLACK = "#000000"
EMPTY = "#f3f6f9"
"""A heat map's cell with no event (the site's band colour)."""

CELL_SCALE = ("#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")
"""A sequential scale of blues (ColorBrewer's *Blues*, its light end left out), fewest to most."""

_WIDTH = 760
"""A bar chart's width: the page's column (52rem less its padding) at its natural size."""
_PAD = 16
_TITLE = 16
_TEXT = 14
_SMALL = 13
_ROW = 28
_BAR = 20
_LABELS = 300
"""The most room a bar chart's or heat map's row labels take; longer ones end in an ellipsis."""
_COLUMN_LABELS = 160
"""The most room a heat map's slanted column labels take."""
_ELLIPSIS = "…"

# ------------------------------------------------------------------ text


def clean(text: str) -> str:
    """``text`` on one line of printable characters: whitespace runs one space, anything else unprintable U+FFFD.

    Controls, lone surrogates and the like cannot be written in XML (or
    would act on the reader); they are shown, not obeyed, as in
    :func:`stievents._stats_output.cell`.
    """
    text = " ".join(text.split())
    if not text.isprintable():
        text = "".join(char if char.isprintable() else "\ufffd" for char in text)
    return text


def _escape(text: str) -> str:
    """XML-escaped for element content and attribute values alike."""
    return html.escape(text, quote=True)


_NARROW = frozenset("iljI.,:;'’‘|!()[]{}`ftr /-")
_WIDE = frozenset("mwMW@%…")
_BOLD = 1.12
"""How much wider bold text is (DejaVu Sans: 1.12)."""


def _em(char: str) -> float:
    """A width of ``char`` in ems, at least its width in DejaVu Sans (the widest of the usual sans-serif faces)."""
    if char in _NARROW:
        return 0.4
    if char in _WIDE:
        return 1.0
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char.isupper():
        return 0.78
    return 0.64


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An estimate of ``text``'s width in pixels at font size ``size`` (no font metrics: per character)."""
    return sum(_em(char) for char in text) * size * (_BOLD if bold else 1.0)


def fit(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text`` (cleaned), cut and ended with an ellipsis when its estimated width exceeds ``width``."""
    text = clean(text)
    if text_width(text, size, bold=bold) <= width:
        return text
    room = width - text_width(_ELLIPSIS, size, bold=bold)
    used = 0.0
    for end, char in enumerate(text):
        used += text_width(char, size, bold=bold)
        if used > room:
            return text[:end].rstrip() + _ELLIPSIS
    return text  # pragma: no cover - the whole text fitted after all


def _n(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (``12``, ``12.5``, ``12.34``)."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(x: float, y: float, content: str, *, size: int = _TEXT, **attributes: str) -> str:
    extra = "".join(f' {name.rstrip("_").replace("_", "-")}="{_escape(value)}"' for name, value in attributes.items())
    return f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}"{extra}>{_escape(content)}</text>\n'


def _baseline(top: float, height: float, size: float) -> float:
    """The baseline that centres a line of ``size`` text in a band (no ``dominant-baseline``: renderers differ)."""
    return top + height / 2 + size * 0.35


# ------------------------------------------------------------------ colours


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def cell_colour(count: int, peak: int) -> str:
    """A heat map cell's fill: :data:`EMPTY` for none, else :data:`CELL_SCALE` interpolated by ``count / peak``."""
    if count <= 0 or peak <= 0:
        return EMPTY
    position = min(count / peak, 1.0) * (len(CELL_SCALE) - 1)
    low = min(int(position), len(CELL_SCALE) - 2)
    share = position - low
    start, end = CELL_SCALE[low], CELL_SCALE[low + 1]
    channels = (
        round(int(start[i : i + 2], 16) + (int(end[i : i + 2], 16) - int(start[i : i + 2], 16)) * share)
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{value:02x}" for value in channels)


def text_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (the site's ink is a shade too light for mid blues)."""
    return BLACK if contrast(BLACK, fill) >= contrast(WHITE, fill) else WHITE


# ------------------------------------------------------------------ the document


def _document(width: float, height: float, title: str, description: str, lang: str, body: list[str]) -> bytes:
    lang_attribute = f' xml:lang="{_escape(lang)}"' if lang else ""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}"{lang_attribute} role="img" '
        f'aria-labelledby="chart-title chart-desc" font-family="{_escape(FONT_FAMILY)}" fill="{INK}">\n'
        f'<title id="chart-title">{_escape(clean(title))}</title>\n'
        f'<desc id="chart-desc">{_escape(clean(description))}</desc>\n'
        f'<rect class="background" width="{_n(width)}" height="{_n(height)}" fill="{WHITE}"/>\n'
    )
    return (head + "".join(body) + "</svg>\n").encode("utf-8")


def _heading(title: str, subtitle: str, width: float) -> list[str]:
    room = width - 2 * _PAD
    return [
        _text(_PAD, 26, fit(title, room, _TITLE, bold=True), size=_TITLE, font_weight="700"),
        _text(_PAD, 48, fit(subtitle, room, _TEXT), fill=MUTED),
    ]


def _heading_text(x: float, text: str, room: float, *, anchor: str = "start") -> str:
    """A column's heading, in bold, on the line above the labels and bars."""
    shown = fit(text, room, _TEXT, bold=True)
    if anchor == "start":
        return _text(x, 76, shown, font_weight="700")
    return _text(x, 76, shown, text_anchor=anchor, font_weight="700")


def bar_chart(
    bars: Sequence[tuple[str, int]],
    *,
    title: str,
    subtitle: str,
    category: str,
    measure: str,
    description: str,
    lang: str = "",
) -> bytes:
    """A horizontal bar chart: one ``(label, count)`` per bar, top to bottom, each bar's count written after it.

    ``category`` heads the labels' column, ``measure`` the bars' (say,
    "Country" and "Number of events"); ``description`` is the ``<desc>``.
    Each bar's length is its count over the largest count, times the room.
    """
    if not bars:
        raise ValueError("a bar chart needs at least one bar")
    if any(count < 0 for _, count in bars):
        raise ValueError("a count cannot be negative")
    labels = [clean(label) for label, _ in bars]
    widest = max(text_width(clean(category), _TEXT, bold=True), *(text_width(text, _TEXT) for text in labels))
    room = min(widest, _LABELS)
    label_right = _PAD + room
    x0 = label_right + 10
    peak = max(max(count for _, count in bars), 1)
    count_room = text_width(str(peak), _TEXT) + 8
    length = _WIDTH - _PAD - count_room - x0
    top = 88
    height = top + len(bars) * _ROW + _PAD
    body = _heading(title, subtitle, _WIDTH)
    body.append(_heading_text(label_right, category, room, anchor="end"))
    body.append(_heading_text(x0, measure, _WIDTH - _PAD - x0))
    body.append(f'<g class="bars" fill="{ACCENT}">\n')
    for index, (_, count) in enumerate(bars):
        y = top + index * _ROW + (_ROW - _BAR) / 2
        body.append(
            f'<rect class="bar" x="{_n(x0)}" y="{_n(y)}" width="{_n(count / peak * length)}" height="{_n(_BAR)}"/>\n'
        )
    body.append("</g>\n")
    for index, (label, (_, count)) in enumerate(zip(labels, bars, strict=True)):
        y = _baseline(top + index * _ROW, _ROW, _TEXT)
        body.append(_text(label_right, y, fit(label, room, _TEXT), text_anchor="end"))
        body.append(_text(x0 + count / peak * length + 5, y, str(count)))
    bottom = top + len(bars) * _ROW
    body.append(f'<path d="M{_n(x0)} {_n(top)}V{_n(bottom)}" stroke="{INK}" stroke-width="1"/>\n')
    return _document(_WIDTH, height, title, description, lang, body)


def heat_map(
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Mapping[tuple[int, int], int],
    *,
    title: str,
    subtitle: str,
    row_heading: str,
    column_heading: str,
    description: str,
    lang: str = "",
) -> bytes:
    """A grid of ``rows`` by ``columns``: one cell per pair, ``counts[(row, column)]`` (by index) written in it.

    A cell's shade grows with its count (:func:`cell_colour`); a pair with
    no count is an empty, pale cell. Column labels are written flat when they
    fit their column, slanted at 45 degrees otherwise.
    """
    if not rows or not columns:
        raise ValueError("a heat map needs at least one row and one column")
    if any(count < 0 for count in counts.values()):
        raise ValueError("a count cannot be negative")
    row_labels = [clean(label) for label in rows]
    column_labels = [clean(label) for label in columns]
    peak = max(counts.values(), default=0)
    cell_w = max(40.0, text_width(str(peak), _SMALL) + 14)
    cell_h = float(_ROW)
    widest_row = max(
        text_width(clean(row_heading), _TEXT, bold=True), *(text_width(text, _TEXT) for text in row_labels)
    )
    room = min(widest_row, _LABELS)
    label_right = _PAD + room
    x0 = label_right + 10
    widest_column = max(text_width(text, _TEXT) for text in column_labels)
    flat = widest_column <= cell_w - 4
    labels_top = 88
    column_room = 20.0 if flat else min(widest_column, _COLUMN_LABELS) * math.sqrt(0.5) + 12
    top = labels_top + column_room + 4
    words = max(text_width(clean(title), _TITLE, bold=True), text_width(clean(subtitle), _TEXT)) + 2 * _PAD
    heading = x0 + text_width(clean(column_heading), _TEXT, bold=True) + _PAD
    width = max(x0 + len(columns) * cell_w + _PAD, min(max(words, heading), _WIDTH), 360.0)
    if not flat:  # the last slanted label reaches past the grid's right edge
        width = max(width, x0 + len(columns) * cell_w - cell_w / 2 + column_room + _PAD)
    height = top + len(rows) * cell_h + _PAD
    body = _heading(title, subtitle, width)
    body.append(_heading_text(label_right, row_heading, room, anchor="end"))
    body.append(_heading_text(x0, column_heading, width - _PAD - x0))
    for j, label in enumerate(column_labels):
        centre = x0 + j * cell_w + cell_w / 2
        if flat:
            body.append(_text(centre, labels_top + 14, label, text_anchor="middle"))
        else:
            shown = fit(label, _COLUMN_LABELS, _TEXT)
            x, y = centre - 4, top - 8
            body.append(_text(x, y, shown, transform=f"rotate(-45 {_n(x)} {_n(y)})"))
    for i, label in enumerate(row_labels):
        y = _baseline(top + i * cell_h, cell_h, _TEXT)
        body.append(_text(label_right, y, fit(label, room, _TEXT), text_anchor="end"))
    body.append('<g class="cells">\n')
    numbers: list[str] = []
    for i in range(len(rows)):
        for j in range(len(columns)):
            count = counts.get((i, j), 0)
            fill = cell_colour(count, peak)
            x, y = x0 + j * cell_w, top + i * cell_h
            body.append(
                f'<rect class="cell" x="{_n(x + 1)}" y="{_n(y + 1)}" width="{_n(cell_w - 2)}" '
                f'height="{_n(cell_h - 2)}" fill="{fill}"/>\n'
            )
            if count:
                numbers.append(
                    _text(
                        x + cell_w / 2,
                        _baseline(y, cell_h, _SMALL),
                        str(count),
                        size=_SMALL,
                        text_anchor="middle",
                        fill=text_colour(fill),
                    )
                )
    body.append("</g>\n")
    body.extend(numbers)
    return _document(width, height, title, description, lang, body)

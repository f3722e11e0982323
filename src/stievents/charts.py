"""Charts of a :class:`~stievents.statistics.StatsResult`: a bar chart for one key, a heat map for two.

Drawn with matplotlib, imported here only (so only when a chart is asked for):
``pip install 'stievents[charts]'``; without it :func:`write_chart` raises
:class:`~stievents._extras.MissingExtraError` naming the extra. No pyplot: a
bare :class:`matplotlib.figure.Figure` touches no global state and needs no GUI.

The SVG is reproducible: the same result gives the same bytes (matplotlib's
``svg.hashsalt`` is fixed and the file carries no date). It carries a title and
a description listing the numbers, for screen readers. User text is drawn as
text, never parsed as mathtext (a ``$`` in an organiser's name stays a ``$``).

The chart's own words are English; ``words`` translates them (a page in
another language, e.g. the site's statistics page), keyed by the English
templates in :data:`PHRASES`, and a key's name by its English name
(``"event type"``). The values are drawn as the result holds them: give a
result whose values are already the labels to show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any

from stievents._extras import require
from stievents._stats_output import cell
from stievents.statistics import StatsResult, Value

__all__ = ["FORMATS", "MAX_BARS", "PHRASES", "write_chart"]

FORMATS = ("svg", "png")
MAX_BARS = 40
"""The most values one axis shows; the rest are left out and the title says so."""
_LABEL = 56
_ORDERED = frozenset({"year", "month"})
"""Keys whose values have an order of their own: shown in that order rather than by count."""
_SALT = "stievents"
PHRASES = (
    "Events by {key}",
    "Events by {first} and {second}",
    " (the {shown} most frequent of {count})",
    " (the most frequent values)",
    "{total} event",
    "{total} events",
    " (each counted once per value)",
    "Number of events",
)
"""The English templates ``words`` may translate (besides the keys' names)."""

_Say = Callable[..., str]


def _sayer(words: Mapping[str, str] | None) -> _Say:
    """``say(template, **values)``: ``template`` translated by ``words`` (when given), then filled."""
    table = words or {}

    def say(template: str, **values: object) -> str:
        return table.get(template, template).format(**values)

    return say


def write_chart(
    result: StatsResult,
    stream: IO[bytes],
    fmt: str,
    *,
    words: Mapping[str, str] | None = None,
    limit: int = MAX_BARS,
) -> None:
    """Draw ``result`` (one or two keys) as ``fmt`` (``svg`` or ``png``) into the binary ``stream``.

    ``words`` translates the chart's words (see the module's docstring);
    ``limit`` is the most values one axis shows (at most :data:`MAX_BARS`).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}; formats: {', '.join(FORMATS)}")
    if len(result.keys) not in (1, 2):
        raise ValueError("a chart shows one key (a bar chart) or two (a heat map)")
    if not 1 <= limit <= MAX_BARS:
        raise ValueError(f"limit must be between 1 and {MAX_BARS}")
    say = _sayer(words)
    matplotlib = require("matplotlib", "charts", "a chart")
    figure_module = require("matplotlib.figure", "charts", "a chart")
    settings = {"svg.hashsalt": _SALT, "svg.fonttype": "path", "text.parse_math": False, "font.size": 10}
    with matplotlib.rc_context(settings):
        if len(result.keys) == 1:
            figure, title, description = _bars(figure_module.Figure, result, say, limit)
        else:
            figure, title, description = _heat_map(figure_module.Figure, result, say, limit)
        metadata: dict[str, Any] = {"Title": title}
        if fmt == "svg":
            metadata.update({"Date": None, "Description": description})
        else:
            metadata.update({"Description": description})
        figure.savefig(stream, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else 72)


def _name(key: str, say: _Say) -> str:
    return say(key.replace("_", " "))


def _longest(values: dict[Value, int]) -> int:
    return max((len(cell(v, _LABEL)) for v in values), default=0)


def _events(result: StatsResult, say: _Say) -> str:
    note = say(" (each counted once per value)") if result.multi_valued else ""
    return say("{total} event" if result.total == 1 else "{total} events", total=result.total) + note


def _order(values: Sequence[Value], key: str, counts: dict[Value, int], limit: int = MAX_BARS) -> list[Value]:
    """The values to show: the ``limit`` most counted, in their own order for year and month."""
    kept = sorted(values, key=lambda v: -counts[v])[:limit]
    if key in _ORDERED:
        return sorted(kept, key=lambda v: (v is None, v if v is not None else 0))
    return kept


def _bars(figure_class: Any, result: StatsResult, say: _Say, limit: int) -> tuple[Any, str, str]:
    (key,) = result.keys
    counts = {row.values[0]: row.count for row in result.rows}
    shown = _order(list(counts), key, counts, limit)
    cut = len(counts) - len(shown)
    title = say("Events by {key}", key=_name(key, say))
    if cut:
        title += say(" (the {shown} most frequent of {count})", shown=len(shown), count=len(counts))
    labels = [cell(v, _LABEL) for v in shown]
    numbers = [counts[v] for v in shown]
    height = max(2.5, 0.32 * len(shown) + 1.4)
    figure = figure_class(figsize=(8, height), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(shown)))
    bars = axes.barh(positions, numbers, color="#2f6f9f")
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()  # the first value at the top, as read
    axes.bar_label(bars, padding=3)
    axes.set_xlabel(say("Number of events"))
    axes.set_ylabel(_capital(_name(key, say)))
    axes.set_title(f"{title}\n{_events(result, say)}")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.margins(x=0.12)
    axes.spines[["top", "right"]].set_visible(False)
    description = f"{title}, {_events(result, say)}: " + "; ".join(
        f"{label}: {number}" for label, number in zip(labels, numbers, strict=True)
    )
    return figure, title, description


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _heat_map(figure_class: Any, result: StatsResult, say: _Say, limit: int) -> tuple[Any, str, str]:
    """Rows for one key, columns for the other: the key with the longer labels goes down the side, read flat."""
    first, second = result.keys
    cells: dict[tuple[Value, Value], int] = {}
    rows_total: dict[Value, int] = {}
    cols_total: dict[Value, int] = {}
    for row in result.rows:
        a, b = row.values
        cells[(a, b)] = row.count
        rows_total[a] = rows_total.get(a, 0) + row.count
        cols_total[b] = cols_total.get(b, 0) + row.count
    title = say("Events by {first} and {second}", first=_name(first, say), second=_name(second, say))
    if _longest(cols_total) > _longest(rows_total):
        first, second = second, first
        rows_total, cols_total = cols_total, rows_total
        cells = {(b, a): count for (a, b), count in cells.items()}
    ys = _order(list(rows_total), first, rows_total, limit)
    xs = _order(list(cols_total), second, cols_total, limit)
    if len(ys) < len(rows_total) or len(xs) < len(cols_total):
        title += say(" (the most frequent values)")
    grid = [[cells.get((y, x), 0) for x in xs] for y in ys]
    width = max(7.0, 0.5 * len(xs) + 0.09 * _longest(rows_total) + 3.0)
    height = max(3.5, 0.38 * len(ys) + 0.07 * _longest(cols_total) + 2.0)
    figure = figure_class(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    image = axes.imshow(grid, cmap="Blues", aspect="auto", vmin=0)
    if _longest(cols_total) <= 4:  # years, country codes: flat
        axes.set_xticks(range(len(xs)), [cell(v, _LABEL) for v in xs])
    else:
        axes.set_xticks(range(len(xs)), [cell(v, _LABEL) for v in xs], rotation=40, ha="right", rotation_mode="anchor")
    axes.set_yticks(range(len(ys)), [cell(v, _LABEL) for v in ys])
    axes.set_xlabel(_capital(_name(second, say)))
    axes.set_ylabel(_capital(_name(first, say)))
    axes.set_title(f"{title}\n{_events(result, say)}")
    peak = max((max(line) for line in grid if line), default=0)
    if len(xs) * len(ys) <= 400:
        for i, line in enumerate(grid):
            for j, number in enumerate(line):
                if number:
                    colour = "white" if number > peak / 2 else "black"
                    axes.text(j, i, str(number), ha="center", va="center", color=colour, fontsize=9)
    ticker = require("matplotlib.ticker", "charts", "a chart")
    bar = figure.colorbar(image, ax=axes, ticks=ticker.MaxNLocator(integer=True))
    bar.set_label(say("Number of events"))
    description = f"{title}, {_events(result, say)}: " + "; ".join(
        f"{cell(y, _LABEL)}, {cell(x, _LABEL)}: {cells[(y, x)]}" for y in ys for x in xs if (y, x) in cells
    )
    return figure, title, description

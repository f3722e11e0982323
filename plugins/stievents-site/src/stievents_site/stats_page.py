"""The catalogue's statistics page, one per locale (``{loc}/statistics.html``), and its charts.

What the page counts is the core's :func:`stievents.stats` over the whole
collection: events by year, country, event type, status, classification
(``scheme:code (label)``), topic (the 20 most frequent) and a cross-tabulation
of year by event type. Each count is shown twice: as a chart (an SVG file,
``{loc}/statistics/{name}.svg``, with an ``alt`` text that says what it
shows and which values lead) and as a table (``<caption>``, ``<th scope>``)
that a screen reader reads cell by cell. The charts' words and the values'
labels (countries, types, statuses) are in the page's language; a table with
no rows has no chart (the page says there is nothing to show).

The charts are plain SVG written by the site itself (:mod:`stievents_site.svgchart`:
a bar chart for one key, a heat map for two, at most :data:`MAX_BARS` values
an axis), not by matplotlib as ``stievents stats --chart`` draws them.
Importing matplotlib and numpy cost a 10,000-event build about a second and
55 MiB of its peak memory, and its SVG changed with its version; these charts
need nothing installed and are the same bytes on every machine.

**Incremental.** Every output's key holds what it shows: the localized rows,
the locale, the versions (the build's keyer adds stievents' and the
plugins'). A change of one event therefore re-renders only the charts whose
numbers moved. Counting takes one pass over the
events per table (about 0.05 s per 1,000 events for the page); a rebuild
whose events, settings and versions are those of the previous build does not
count at all: it reuses the previous keys, kept in the build's cache
(:class:`Statistics`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from stievents.model import Event
from stievents_site import labels, layout, svgchart
from stievents_site.keys import key
from stievents_site.listing import collation_key, escape, head_links, site_header
from stievents_site.locale_text import count_events, page_language, say

__all__ = ["MAX_BARS", "SPECS", "TOPICS_SHOWN", "Statistics", "Table", "draw"]

TOPICS_SHOWN = 20
"""The topics table and chart show the most frequent ones only (a catalogue has hundreds)."""
MAX_BARS = 40
"""The most values one axis of a chart shows (the most frequent; the title says so), as in :mod:`stievents.charts`."""


@attrs.frozen
class _Spec:
    name: str
    """The section's id and the chart's file name."""
    by: tuple[str, ...]
    """The :func:`stievents.stats` keys."""
    heading: str
    """The section's heading (a msgid of :mod:`stievents_site.labels` or :mod:`stievents_site.locale_text`)."""
    limit: int | None = None


SPECS = (
    _Spec("year", ("year",), "Events by year"),
    _Spec("country", ("country",), "Events by country"),
    _Spec("type", ("event_type",), "Events by event type"),
    _Spec("status", ("status",), "Events by status"),
    _Spec("classification", ("classification",), "Events by classification"),
    _Spec("topic", ("topic",), "Events by topic", TOPICS_SHOWN),
    _Spec("year-type", ("year", "event_type"), "Events by year and event type"),
)
"""The page's sections, in order."""

_COLUMNS = {
    "year": "Year",
    "country": "Country",
    "event_type": "Event type",
    "status": "Status",
    "classification": "Classification",
    "topic": "Topic",
}
"""The heading of each key's column (msgids of :mod:`stievents_site.labels`)."""


@attrs.frozen(kw_only=True)
class Table:
    """One section's counts, with every label in the page's language.

    ``rows`` are ``(values, count)`` in reading order: ``values`` has one
    entry per key, a label (a year stays an ``int``, so that a chart keeps
    years in order). The page shows the first ``limit`` rows (:attr:`shown`).
    """

    name: str
    keys: tuple[str, ...]
    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[tuple[str | int, ...], int], ...]
    limit: int | None
    total: int
    multi_valued: bool

    @property
    def shown(self) -> tuple[tuple[tuple[str | int, ...], int], ...]:
        return self.rows if self.limit is None else self.rows[: self.limit]

    @property
    def distinct(self) -> int:
        """How many values (combinations of values) the table has, shown or not."""
        return len(self.rows)

    def as_json(self) -> list[Any]:
        """Everything the table's outputs show, as JSON values (a part of their keys)."""
        return [
            self.name,
            list(self.keys),
            self.heading,
            list(self.columns),
            [[list(values), count] for values, count in self.rows],
            self.limit,
            self.total,
        ]


def _label(key: str, value: Any, locale: str) -> str | int:
    """A value as the page shows it: names for codes, ``Not given`` for none."""
    if value is None:
        return say("Not given", locale)
    if key == "year":
        return int(value)
    if key == "country":
        from stievents.statistics import ONLINE

        return say("Online", locale) if value == ONLINE else labels.country_label(str(value), locale)
    if key == "event_type":
        return labels.value_label("type", str(value), locale) or str(value)
    if key == "status":
        return labels.value_label("status", str(value), locale) or str(value)
    return " ".join(str(value).split())


def _order(values: tuple[str | int, ...]) -> tuple[Any, ...]:
    return tuple((0, v, ("", "", "")) if isinstance(v, int) else (1, 0, collation_key(v)) for v in values)


def localize(spec: _Spec, result: Any, locale: str) -> Table:
    """``result`` (a :class:`stievents.StatsResult` for ``spec``) with its labels in ``locale``, in reading order.

    One key: years in order, other values by count (largest first), then by
    label; ``spec.limit`` keeps the first ones. Two keys: by the first value,
    then the second. Events without a value count under "Not given", a value
    like the others (for a topic or a classification: the events that have none).
    """
    merged: dict[tuple[str | int, ...], int] = {}
    for row in result.rows:
        values = tuple(_label(key, value, locale) for key, value in zip(result.keys, row.values, strict=True))
        merged[values] = merged.get(values, 0) + row.count
    if len(result.keys) == 1 and result.keys[0] != "year":
        rows = sorted(merged.items(), key=lambda item: (-item[1], _order(item[0])))
    else:
        rows = sorted(merged.items(), key=lambda item: _order(item[0]))
    return Table(
        name=spec.name,
        keys=tuple(result.keys),
        heading=_heading(spec.heading, locale),
        columns=tuple(labels.text(_COLUMNS[key], locale) for key in result.keys),
        rows=tuple(rows),
        limit=spec.limit,
        total=result.total,
        multi_valued=bool(result.multi_valued),
    )


def _heading(msgid: str, locale: str) -> str:
    found = labels.text(msgid, locale)
    return found if found != msgid else say(msgid, locale)


# ------------------------------------------------------------------ the charts


def draw(table: Table, locale: str) -> bytes:
    """The SVG chart of ``table`` (:mod:`stievents_site.svgchart`): a bar chart for one key, a heat map for two.

    Its words are the page's: the title is the table's caption (or says which
    values a long axis keeps), the headings are the table's columns.
    """
    if not table.rows:
        raise ValueError(f"the {table.name!r} table is empty: it has no chart")
    events = count_events(table.total, locale)
    subtitle = say("{events}, each counted once per value", locale, events=events) if table.multi_valued else events
    lang = page_language(locale)
    if len(table.keys) == 1:
        rows = table.shown
        kept = _most([count for _, count in rows], MAX_BARS)
        bars = [(str(rows[i][0][0]), rows[i][1]) for i in kept]
        title = table.heading
        if len(bars) < table.distinct:
            title = say(
                "{heading}: the {shown} most frequent of {count}",
                locale,
                heading=table.heading,
                shown=len(bars),
                count=table.distinct,
            )
        description = _description("Bar chart: {title}, {events}. {listing}.", title, subtitle, bars, locale)
        return svgchart.bar_chart(
            bars,
            title=title,
            subtitle=subtitle,
            category=table.columns[0],
            measure=say("Number of events", locale),
            description=description,
            lang=lang,
        )
    cells: dict[tuple[str | int, str | int], int] = {}
    totals: tuple[dict[str | int, int], dict[str | int, int]] = ({}, {})
    for (first, second), count in table.rows:
        cells[(first, second)] = count
        totals[0][first] = totals[0].get(first, 0) + count
        totals[1][second] = totals[1].get(second, 0) + count
    axes = [_axis(key, found) for key, found in zip(table.keys, totals, strict=True)]
    cut = len(axes[0]) + len(axes[1]) < len(totals[0]) + len(totals[1])
    headings = list(table.columns)
    if _widest(axes[1]) > _widest(axes[0]):  # the longer labels go down the side, read flat
        axes.reverse()
        headings.reverse()
        cells = {(second, first): count for (first, second), count in cells.items()}
    ys, xs = axes
    title = table.heading
    if cut:
        title = say("{heading} (the most frequent values)", locale, heading=table.heading)
    counts = {(i, j): cells[(y, x)] for i, y in enumerate(ys) for j, x in enumerate(xs) if cells.get((y, x), 0)}
    listing = [(f"{ys[i]}, {xs[j]}", count) for (i, j), count in counts.items()]
    description = _description("Heat map: {title}, {events}. {listing}.", title, subtitle, listing, locale)
    return svgchart.heat_map(
        [str(y) for y in ys],
        [str(x) for x in xs],
        counts,
        title=title,
        subtitle=subtitle,
        row_heading=headings[0],
        column_heading=headings[1],
        description=description,
        lang=lang,
    )


def _description(template: str, title: str, events: str, listing: list[tuple[str, int]], locale: str) -> str:
    """The chart's ``<desc>``: its kind, title and count of events, then every number it draws."""
    items = say("; ", locale).join(
        say("{label}: {count}", locale, label=label, count=count) for label, count in listing
    )
    return say(template, locale, title=title, events=events, listing=items)


def _most(counts: Sequence[int], limit: int) -> list[int]:
    """The positions of the ``limit`` largest ``counts`` (the first ones among equals), in their order."""
    return sorted(sorted(range(len(counts)), key=lambda i: -counts[i])[:limit])


def _axis(key: str, totals: dict[str | int, int]) -> list[str | int]:
    """One axis of a heat map: years in order, other values by count then label; the :data:`MAX_BARS` most counted."""
    if key == "year":
        values = sorted(totals, key=lambda v: _order((v,)))
    else:
        values = sorted(totals, key=lambda v: (-totals[v], _order((v,))))
    return [values[i] for i in _most([totals[v] for v in values], MAX_BARS)]


def _widest(values: Sequence[str | int]) -> float:
    return max((svgchart.text_width(svgchart.clean(str(v)), 14) for v in values), default=0.0)


def alt_text(table: Table, locale: str) -> str:
    """What the chart shows, for who cannot see it: the kind, the leading values, where the numbers are."""
    what = say(_SUBJECTS[table.name], locale)
    kind = "Bar chart of {what}." if len(table.keys) == 1 else "Heat map of {what}."
    leading = sorted(table.rows, key=lambda item: (-item[1], _order(item[0])))[:3]
    top = ", ".join(f"{' · '.join(str(v) for v in values)} ({count})" for values, count in leading)
    parts = [say(kind, locale, what=what)]
    if top:
        parts.append(say("Most events: {top}.", locale, top=top))
    parts.append(say("{values} values in all; the table below gives every number.", locale, values=table.distinct))
    return " ".join(parts)


_SUBJECTS = {
    "year": "events by year",
    "country": "events by country",
    "type": "events by event type",
    "status": "events by status",
    "classification": "events by classification",
    "topic": "events by topic",
    "year-type": "events by year and event type",
}


# ------------------------------------------------------------------ the page


def _caption(table: Table, locale: str) -> str:
    if table.distinct > len(table.shown):
        return say(
            "{heading}: the {shown} most frequent of {count}",
            locale,
            heading=table.heading,
            shown=len(table.shown),
            count=table.distinct,
        )
    return table.heading


def _cell(value: str | int) -> str:
    return escape(str(value))


def _one_key_table(table: Table, locale: str) -> str:
    events = escape(say("Number of events", locale))
    out = [
        '<table class="stats">\n',
        f"<caption>{escape(_caption(table, locale))}</caption>\n",
        f'<thead>\n<tr><th scope="col">{escape(table.columns[0])}</th><th scope="col" class="n">{events}</th></tr>\n'
        "</thead>\n<tbody>\n",
    ]
    out.extend(f'<tr><th scope="row">{_cell(values[0])}</th><td>{count}</td></tr>\n' for values, count in table.shown)
    out.append("</tbody>\n")
    if not table.multi_valued:
        total = escape(say("Total", locale))
        out.append(f'<tfoot>\n<tr><th scope="row">{total}</th><td>{table.total}</td></tr>\n</tfoot>\n')
    out.append("</table>\n")
    return "".join(out)


def _cross_table(table: Table, locale: str) -> str:
    """Rows for the first key's values, a column for each of the second's, and totals."""
    rows = list(dict.fromkeys(values[0] for values, _ in table.rows))
    column_totals: dict[str | int, int] = {}
    cells: dict[tuple[str | int, str | int], int] = {}
    for (first, second), count in table.rows:
        cells[(first, second)] = count
        column_totals[second] = column_totals.get(second, 0) + count
    columns = sorted(column_totals, key=lambda v: (-column_totals[v], _order((v,))))
    total = escape(say("Total", locale))
    head = "".join(f'<th scope="col" class="n">{_cell(column)}</th>' for column in columns)
    out = [
        '<table class="stats">\n',
        f"<caption>{escape(_caption(table, locale))}</caption>\n",
        f'<thead>\n<tr><th scope="col">{escape(table.columns[0])}</th>{head}'
        f'<th scope="col" class="n">{total}</th></tr>\n</thead>\n<tbody>\n',
    ]
    for row in rows:
        numbers = [cells.get((row, column), 0) for column in columns]
        tds = "".join(f"<td>{number}</td>" for number in numbers)
        out.append(f'<tr><th scope="row">{_cell(row)}</th>{tds}<td>{sum(numbers)}</td></tr>\n')
    out.append("</tbody>\n<tfoot>\n")
    tds = "".join(f"<td>{column_totals[column]}</td>" for column in columns)
    out.append(f'<tr><th scope="row">{total}</th>{tds}<td>{sum(column_totals.values())}</td></tr>\n')
    out.append("</tfoot>\n</table>\n")
    return "".join(out)


def render_page(
    tables: Sequence[Table],
    *,
    locale: str,
    site_title: str,
    nav: Sequence[tuple[str, str]],
    alternates: Sequence[tuple[str, str]],
) -> bytes:
    """The statistics page of ``locale``: one section per table, with its chart's ``<img>`` when it has rows."""
    here = layout.statistics_page(locale)
    root = layout.root_of(here)
    language = page_language(locale)
    heading = labels.text("Statistics", locale)
    title = heading if heading == " ".join(site_title.split()) else f"{heading} – {site_title}"
    total = tables[0].total if tables else 0
    out = [
        "<!DOCTYPE html>\n",
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{escape(title)}</title>\n",
        head_links(root, alternates),
        "</head>\n<body>\n",
        site_header(locale, site_title, root, nav, alternates),
        f'<main id="content">\n<h1>{escape(heading)}</h1>\n',
        f"<p>{escape(say('The catalogue holds {events}.', locale, events=count_events(total, locale)))}</p>\n",
    ]
    for table in tables:
        ident = f"stats-{table.name}"
        out.append(f'<section aria-labelledby="{ident}">\n<h2 id="{ident}">{escape(table.heading)}</h2>\n')
        if not table.rows:
            out.append(f"<p>{escape(say('No events to show.', locale))}</p>\n</section>\n")
            continue
        src = layout.href(here, layout.statistics_chart(locale, table.name))
        out.append(f'<p class="chart"><img src="{escape(src)}" alt="{escape(alt_text(table, locale))}"></p>\n')
        out.append(_one_key_table(table, locale) if len(table.keys) == 1 else _cross_table(table, locale))
        if table.multi_valued:
            note = "An event counts once under each of its values: the counts add up to more than the number of events."
            out.append(f"<p>{escape(say(note, locale))}</p>\n")
        out.append("</section>\n")
    out.append("</main>\n</body>\n</html>\n")
    return "".join(out).encode("utf-8")


# ------------------------------------------------------------------ what the build plans


class Statistics:
    """The counts of one build and each locale's outputs: ``(path, key, render)``.

    ``inputs`` is a digest of everything the counts are made from (the
    build's events in order, its settings and versions); ``previous`` what
    :attr:`remembered` held after the previous build. When the inputs are
    the same, the outputs' keys are the previous ones and nothing is counted
    (a no-change rebuild costs nothing here); otherwise the counts are made
    and each output's key is the digest of what it shows. Rendering counts
    on demand, so a file that must be made again (damaged, ``--force``)
    still can be.
    """

    def __init__(
        self,
        events: Sequence[Event],
        *,
        now: dt.datetime,
        site_title: str,
        locales: Sequence[str],
        inputs: str = "",
        previous: Any = None,
    ) -> None:
        self.events = events
        self.now = now
        self.site_title = site_title
        self.locales = tuple(locales)
        self.inputs = key("statistics-inputs", inputs, site_title, list(self.locales))
        same = isinstance(previous, dict) and previous.get("inputs") == self.inputs
        known = previous.get("outputs") if same else None
        self._known: dict[str, str] | None = known if isinstance(known, dict) and inputs else None
        self.remembered: dict[str, Any] = {"inputs": self.inputs, "outputs": {}}
        self._tables: dict[str, list[Table]] = {}

    @functools.cached_property
    def results(self) -> dict[str, Any]:
        """The counts of each section (:func:`stievents.stats`), made on first use."""
        from stievents import stats

        return {spec.name: stats(self.events, list(spec.by), now=self.now) for spec in SPECS}

    def tables(self, locale: str) -> list[Table]:
        found = self._tables.get(locale)
        if found is None:
            found = self._tables[locale] = [localize(spec, self.results[spec.name], locale) for spec in SPECS]
        return found

    def outputs(self, locale: str, nav: Sequence[tuple[str, str]]) -> list[tuple[str, str, Callable[[], bytes]]]:
        """The page and its charts in ``locale``; each key is the digest of everything the output shows."""
        here = layout.statistics_page(locale)
        alternates = [
            (other, layout.href(here, layout.statistics_page(other))) for other in self.locales if other != locale
        ]
        render_page_now = functools.partial(self._page, locale, list(nav), alternates)
        keys = self._previous_keys(locale, here)
        if keys is None:
            keys = {}
            tables = self.tables(locale)
            for table in tables:
                if table.rows:  # an empty table has no chart: the page says there is nothing to show
                    path = layout.statistics_chart(locale, table.name)
                    keys[path] = key("chart", locale, path, table.as_json())
            keys[here] = key(
                "page",
                locale,
                here,
                self.site_title,
                [list(item) for item in nav],
                [list(item) for item in alternates],
                [table.as_json() for table in tables],
            )
        self.remembered["outputs"].update(keys)
        prefix = layout.statistics_chart(locale, "")[: -len(".svg")]
        return [
            (
                path,
                output_key,
                render_page_now if path == here else functools.partial(self._chart, locale, path[len(prefix) : -4]),
            )
            for path, output_key in keys.items()
        ]

    def _previous_keys(self, locale: str, here: str) -> dict[str, str] | None:
        """The previous build's keys of ``locale``'s outputs, when its inputs were these (else ``None``)."""
        if self._known is None:
            return None
        prefix = layout.statistics_chart(locale, "")[: -len(".svg")]
        found = {
            path: value
            for path, value in self._known.items()
            if isinstance(value, str) and (path == here or path.startswith(prefix))
        }
        return found if here in found else None

    def _chart(self, locale: str, name: str) -> bytes:
        table = next(t for t in self.tables(locale) if t.name == name)
        return draw(table, locale)

    def _page(self, locale: str, nav: list[tuple[str, str]], alternates: list[tuple[str, str]]) -> bytes:
        return render_page(
            self.tables(locale),
            locale=locale,
            site_title=self.site_title,
            nav=nav,
            alternates=alternates,
        )

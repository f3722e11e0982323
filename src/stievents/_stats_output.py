"""A :class:`~stievents.statistics.StatsResult` as text: an aligned table, CSV or JSON.

The table is for people at a terminal (``None`` shown as ``(none)``, long text
cut, line breaks folded); CSV and JSON are for tools and keep every value whole:
one column (or key) per stats key, named as given, plus ``count``.
"""

from __future__ import annotations

import csv
import io
import json

from stievents.statistics import StatsResult, Value

__all__ = ["as_csv", "as_json", "as_table"]

NONE_LABEL = "(none)"
WIDEST = 60
"""The widest a table cell gets: a policy question is a sentence; CSV and JSON keep it whole."""


def cell(value: Value, widest: int = WIDEST) -> str:
    """``value`` for a terminal or a chart: one line of printable text, at most ``widest`` characters."""
    if value is None:
        return NONE_LABEL
    text = " ".join(str(value).split())
    if not text.isprintable():  # a C1 control (U+009B opens a terminal escape): shown, never obeyed
        text = "".join(char if char.isprintable() else "\ufffd" for char in text)
    return text if len(text) <= widest else text[: widest - 1] + "…"


def as_table(result: StatsResult) -> str:
    """Aligned columns, a header, and a closing line saying how many events were counted."""
    header = [*result.keys, "count"]
    body = [[*(cell(v) for v in row.values), str(row.count)] for row in result.rows]
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = []
    for line in [header, ["-" * w for w in widths], *body]:
        texts = [text.ljust(width) for text, width in zip(line[:-1], widths, strict=False)]
        lines.append("  ".join([*texts, line[-1].rjust(widths[-1])]).rstrip())
    events = f"{result.total} event{'s' if result.total != 1 else ''}"
    if result.multi_valued:
        note = f"{events}; one event counts once under each of its values, so the counts sum to more"
    else:
        note = events
    lines.append(note)
    return "\n".join(lines) + "\n"


def as_csv(result: StatsResult) -> str:
    """RFC 4180 CSV: a header row (the keys as given, then ``count``), one row per combination; None is empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*result.keys, "count"])
    for row in result.rows:
        writer.writerow([*("" if v is None else v for v in row.values), row.count])
    return buffer.getvalue()


def as_json(result: StatsResult) -> str:
    """A JSON list of objects, one per row: each key as given, plus ``count``; None is ``null``."""
    return json.dumps(result.as_dicts(), indent=2, ensure_ascii=False) + "\n"

"""The issue's targets, each a ratio of two measurements from the same run."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from benchmarks.peak import ICS_READ, Peak, ratios
from benchmarks.workloads import Row

__all__ = ["REFERENCE", "Target", "evaluate", "per_event", "round_trip"]

# The peer each workload's ratio column is taken against.
REFERENCE = {
    "json-round-trip": "msgspec",
    "json-decode": "msgspec",
    "json-encode": "msgspec",
    "ics-export": "icalendar by hand",
    "ics-import": "icalendar parse",
    "jsonld-export": "dicts + orjson",
    "oecd-listing": "jinja2 template",
}


@dataclass
class Target:
    """One target: the measured ratios (label -> value) and the limit each must stay under."""

    name: str
    limit: float
    how: str
    measured: list[tuple[str, float]] = field(default_factory=list)
    missing: str = ""

    @property
    def met(self) -> bool | None:
        if not self.measured:
            return None
        return all(value <= self.limit for _, value in self.measured)


def per_event(rows: Iterable[Row], workload: str, n: int, impl: str, stat: str = "median") -> float | None:
    """Seconds per event of one measurement (median, low or high), or None when it did not run."""
    for row in rows:
        if (row.workload, row.n, row.impl) == (workload, n, impl):
            return float(getattr(row.timing, stat)) / row.n
    return None


def round_trip(rows: list[Row], n: int, impl: str, stat: str = "median") -> float | None:
    """Decode plus encode seconds per event (the bulk opt-in decodes, then the default encoder writes)."""
    decode = per_event(rows, "json-decode", n, impl, stat)
    encode = per_event(rows, "json-encode", n, impl.removesuffix(" (bulk opt-in)"), stat)
    return None if decode is None or encode is None else decode + encode


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _label(n: int) -> str:
    return f"N={n:,}"


def evaluate(
    rows: list[Row],
    sizes: list[int],
    process: dict[str, list[float]],
    memory: dict[str, float],
    peaks: Sequence[Peak] = (),
    ics_memory: dict[str, float] | None = None,
) -> list[Target]:
    """Every target of the issues, with its ratios from this run."""
    targets = [
        Target("JSON round trip vs pydantic v2, from 10,000 events on", 1.0, "time (under 1: faster)"),
        Target("JSON round trip vs msgspec, every N", 5.0, "time"),
        Target("JSON per-event cost, largest N vs smallest N (default)", 2.0, "time per event"),
        Target("JSON per-event cost, largest N vs smallest N (bulk opt-in)", 1.25, "time per event"),
        Target("iCal export vs icalendar by hand", 0.1, "time (0.1: 10x the throughput)"),
        Target("iCal export vs ics.py", 0.5, "time (0.5: 2x the throughput)"),
        Target("iCal import vs icalendar's own parse", 0.25, "time (whole read of our export, 7 VEVENTs/event)"),
        Target("`import stievents` vs `import attrs`", 1.5, "import cost above a bare interpreter"),
        Target("first `formats()` (all plugins) vs `import attrs`", 2.0, "cost on top of `import stievents`"),
        Target("bytes per event held vs msgspec Struct", 1.1, "tracemalloc, bytes held after decoding"),
        Target("JSON-LD export vs dicts + json", 1.3, "time (hand-built dicts, stdlib json, indent 2)"),
        Target("peak memory of `stievents convert`, each format vs json -> json", 1.2, "max RSS of the process"),
        Target("OECD pages per event, 4k / 1k", 1.3, "time per event of one page per event (More Like This)"),
        Target("iCal import peak memory vs icalendar's own parse", 0.5, "tracemalloc peak during the read"),
        Target("peak memory of `ics -> json` vs json -> json", 1.3, "max RSS of the process"),
    ]
    pyd, msg, scale, bulk, ical, icspy, imp, stimport, fmts, mem, jsonld, peak, pages, ics_mem, ics_peak = targets
    for n in sizes:
        ours = round_trip(rows, n, "stievents")
        if n >= 10_000 or len(sizes) == 1:
            _add(pyd, _label(n), _ratio(ours, round_trip(rows, n, "pydantic v2")))
        _add(msg, _label(n), _ratio(ours, round_trip(rows, n, "msgspec")))
    if ics_memory and "icalendar parse" in ics_memory:
        _add(ics_mem, f"N={int(ics_memory['n']):,}", ics_memory["stievents"] / ics_memory["icalendar parse"])
    else:
        ics_mem.missing = "icalendar not installed"
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        label = f"{hi:,} / {lo:,}"
        _add(scale, label, _ratio(round_trip(rows, hi, "stievents"), round_trip(rows, lo, "stievents")))
        _add(
            bulk,
            label,
            _ratio(round_trip(rows, hi, "stievents (bulk opt-in)"), round_trip(rows, lo, "stievents (bulk opt-in)")),
        )
        if not bulk.measured:
            bulk.missing = "no bulk-load opt-in in stievents.serialize at run time"
    else:
        scale.missing = bulk.missing = "needs two sizes"
    for n in sizes:
        ours = per_event(rows, "ics-export", n, "stievents")
        _add(ical, _label(n), _ratio(ours, per_event(rows, "ics-export", n, "icalendar by hand")))
        _add(icspy, _label(n), _ratio(ours, per_event(rows, "ics-export", n, "ics.py")))
        imported = per_event(rows, "ics-import", n, "stievents")
        _add(imp, _label(n), _ratio(imported, per_event(rows, "ics-import", n, "icalendar parse")))
    if {"bare interpreter", "import attrs", "import stievents", "first formats()"} <= process.keys():
        med = {name: statistics.median(values) for name, values in process.items()}
        attrs_cost = med["import attrs"] - med["bare interpreter"]
        _add(stimport, "process medians", (med["import stievents"] - med["bare interpreter"]) / attrs_cost)
        _add(fmts, "process medians", (med["first formats()"] - med["import stievents"]) / attrs_cost)
    for n in sizes:
        ours = per_event(rows, "jsonld-export", n, "stievents")
        _add(jsonld, _label(n), _ratio(ours, per_event(rows, "jsonld-export", n, "dicts + json")))
    if peaks:
        n_label = f" (N={peaks[0].n:,})" if peaks[0].n else ""
        for name, value in ratios(peaks).items():
            if name == ICS_READ:
                _add(ics_peak, name + n_label, value)
            elif name != "json":
                _add(peak, name + n_label, value)
    else:
        peak.missing = ics_peak.missing = "no peak-memory run"
    page_sizes = sorted({row.n for row in rows if row.workload == "oecd-pages"})
    if len(page_sizes) > 1:
        lo, hi = page_sizes[0], page_sizes[-1]
        label = f"{hi:,} / {lo:,}"
        _add(
            pages,
            label,
            _ratio(per_event(rows, "oecd-pages", hi, "stievents"), per_event(rows, "oecd-pages", lo, "stievents")),
        )
    else:
        pages.missing = "needs the OECD pages workload at two sizes"
    if "stievents" in memory and "msgspec Struct" in memory:
        _add(mem, f"N={int(memory['n']):,}", memory["stievents"] / memory["msgspec Struct"])
    return targets


def _add(target: Target, label: str, value: float | None) -> None:
    if value is not None:
        target.measured.append((label, value))

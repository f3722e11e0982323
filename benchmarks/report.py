"""The Markdown results page and the PNG chart, from one run's measurements."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path

from benchmarks import peak
from benchmarks.targets import REFERENCE, Target, per_event, round_trip
from benchmarks.workloads import Row

__all__ = ["WORKLOAD_TITLES", "json_tables", "write_chart", "write_markdown"]

WORKLOAD_TITLES = {
    "json-round-trip": "Canonical JSON round trip (decode + encode)",
    "json-decode": "Canonical JSON decode (validation on)",
    "json-encode": "Canonical JSON encode",
    "ics-export": "iCalendar export (7 VEVENTs per event)",
    "ics-import": "iCalendar import (our exported file)",
    "jsonld-export": "schema.org JSON-LD export",
    "oecd-listing": "OECD-style listing page (HTML)",
    "oecd-pages": "OECD pages, one per event (HTML, with More Like This)",
}


def _us(seconds: float) -> str:
    micro = seconds * 1e6
    return f"{micro:,.0f}" if micro >= 100 else f"{micro:,.1f}"


def _rate(per_unit_seconds: float) -> str:
    return f"{1 / per_unit_seconds:,.0f}" if per_unit_seconds > 0 else "-"


def _ratio(value: float) -> str:
    return f"{value:.2f}x" if value >= 0.1 else f"{value:.3f}x"


def _targets_table(targets: Sequence[Target]) -> list[str]:
    lines = ["| Target | Ratio | Limit | Measured (ours ÷ peer) | Met |", "|---|---|---|---|---|"]
    for target in targets:
        limit = f"≤ {target.limit:g}x" if target.limit != 1.0 else "< 1x"
        if target.measured:
            measured = "; ".join(f"{_ratio(value)} ({label})" for label, value in target.measured)
        else:
            measured = f"not measured: {target.missing or 'skipped'}"
        met = {True: "met", False: "**not met**", None: "**not met** (no data)"}[target.met]
        lines.append(f"| {target.name} | {target.how} | {limit} | {measured} | {met} |")
    return lines


def _workload_table(rows: list[Row], workload: str) -> list[str]:
    selected = [r for r in rows if r.workload == workload]
    if not selected:
        return []
    reference = REFERENCE.get(workload, "")  # a workload without a peer compares sizes (see the targets)
    against = reference or "-"
    unit = selected[0].unit
    lines = [
        f"### {WORKLOAD_TITLES[workload]}",
        "",
        f"| N | Implementation | µs per event (median) | min-max | {unit}s per second | reps | time ÷ {against} |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(selected, key=lambda r: (r.n, r.impl != "stievents", r.impl)):
        med = row.timing.median / row.n
        ref = per_event(rows, workload, row.n, reference) if reference else None
        ratio = _ratio(med / ref) if ref else "-"
        lines.append(
            f"| {row.n:,} | {row.impl} | {_us(med)} | {_us(row.timing.low / row.n)}-{_us(row.timing.high / row.n)}"
            f" | {_rate(med / row.units_per_event)} | {len(row.timing.seconds)} | {ratio} |"
        )
    return [*lines, ""]


def _round_trip_table(rows: list[Row]) -> list[str]:
    impls = sorted({r.impl for r in rows if r.workload == "json-decode"}, key=lambda i: (i != "stievents", i))
    sizes = sorted({r.n for r in rows if r.workload == "json-decode"})
    if not impls:
        return []
    lines = [
        f"### {WORKLOAD_TITLES['json-round-trip']}",
        "",
        "| N | Implementation | µs per event (median) | min-max | time ÷ msgspec | time ÷ pydantic v2 |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for n in sizes:
        msg, pyd = round_trip(rows, n, "msgspec"), round_trip(rows, n, "pydantic v2")
        for impl in impls:
            med = round_trip(rows, n, impl)
            if med is None:
                continue
            low, high = round_trip(rows, n, impl, "low"), round_trip(rows, n, impl, "high")
            assert low is not None
            assert high is not None
            lines.append(
                f"| {n:,} | {impl} | {_us(med)} | {_us(low)}-{_us(high)} | {_ratio(med / msg) if msg else '-'}"
                f" | {_ratio(med / pyd) if pyd else '-'} |"
            )
    return [*lines, ""]


def _floor_table(floor: Sequence[tuple[str, float]]) -> list[str]:
    """The stages of the JSON round trip (``benchmarks.floor``), against msgspec's whole round trip."""
    base = dict(floor).get("msgspec round trip (decode + encode)")
    lines = [
        "### Where the JSON round trip time goes",
        "",
        "Measured by `benchmarks.floor` in this run (N=1,000, best of 5; the quick run uses its N, best of 3).",
        "The invariants are switched off in one stage only, to show the floor the object model itself sets;",
        "the library never skips them.",
        "",
        "| Stage | µs per event | ÷ msgspec round trip |",
        "|---|---:|---:|",
    ]
    for name, value in floor:
        lines.append(f"| {name} | {_us(value * 1e-6)} | {_ratio(value / base) if base else '-'} |")
    return [*lines, ""]


def json_tables(rows: list[Row], targets: Sequence[Target]) -> list[str]:
    """The JSON targets, round trip, decode and encode tables as the results page has them (``--only json``)."""
    return [
        *_targets_table(targets),
        "",
        *_round_trip_table(rows),
        *_workload_table(rows, "json-decode"),
        *_workload_table(rows, "json-encode"),
    ]


def write_markdown(
    path: Path,
    *,
    command: str,
    rows: list[Row],
    targets: Sequence[Target],
    process: dict[str, list[float]],
    memory: dict[str, float],
    machine: dict[str, str],
    versions: dict[str, str],
    notes: dict[str, str],
    seconds: float,
    when: str,
    floor: Sequence[tuple[str, float]] = (),
    peaks: Sequence[peak.Peak] = (),
    ics_memory: dict[str, float] | None = None,
) -> None:
    """The results page: front matter (an orphan page), then sections the performance page includes."""
    lines = [
        "---",
        "orphan: true",
        "---",
        "",
        "# Benchmark results",
        "",
        f"Generated by `{command}` on {when} in {seconds / 60:.1f} minutes; do not edit by hand.",
        "",
        "<!-- targets:start -->",
        *_targets_table(targets),
        "<!-- targets:end -->",
        "",
        "<!-- results:start -->",
        "### Machine and packages",
        "",
        "| Fact | Value |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in machine.items()),
        *(f"| {k} | {v} |" for k, v in versions.items()),
        f"| Run | {when}, {seconds / 60:.1f} minutes, `{command}` |",
        "",
        *_round_trip_table(rows),
    ]
    for workload in (
        "json-decode",
        "json-encode",
        "ics-export",
        "ics-import",
        "jsonld-export",
        "oecd-listing",
        "oecd-pages",
    ):
        lines.extend(_workload_table(rows, workload))
    if process:
        med = {name: statistics.median(values) for name, values in process.items()}
        bare = med.get("bare interpreter", 0.0)
        lines += [
            "### Whole processes",
            "",
            "| Command | ms (median) | min-max | above a bare interpreter (ms) | reps |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, values in process.items():
            lines.append(
                f"| {name} | {med[name] * 1e3:.1f} | {min(values) * 1e3:.1f}-{max(values) * 1e3:.1f}"
                f" | {(med[name] - bare) * 1e3:.1f} | {len(values)} |"
            )
        lines.append("")
    if memory:
        lines += [
            f"### Memory held per event (N={int(memory['n']):,})",
            "",
            "| Implementation | bytes per event | ÷ msgspec Struct |",
            "|---|---:|---:|",
        ]
        base = memory.get("msgspec Struct")
        for name, value in memory.items():
            if name != "n":
                lines.append(f"| {name} | {value:,.0f} | {_ratio(value / base) if base else '-'} |")
        lines.append("")
    if ics_memory:
        lines += [
            f"### Peak memory while reading our iCalendar export (N={int(ics_memory['n']):,}, tracemalloc)",
            "",
            "| Reader | peak MiB | ÷ icalendar parse |",
            "|---|---:|---:|",
        ]
        base = ics_memory.get("icalendar parse")
        for name, value in ics_memory.items():
            if name != "n":
                lines.append(f"| {name} | {value / 2**20:,.1f} | {_ratio(value / base) if base else '-'} |")
        lines.append("")
    if peaks:
        lines += peak.table(peaks, peaks[0].n or None)
    if floor:
        lines += _floor_table(floor)
    if notes:
        lines += ["### Notes", "", *(f"- {text}" for _, text in sorted(notes.items())), ""]
    lines.append("<!-- results:end -->")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_chart(path: Path, rows: list[Row], targets: Sequence[Target]) -> bool:
    """Two panels: each target's ratio against its limit, and JSON per-event cost by N. False without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5), gridspec_kw={"width_ratios": [1.35, 1]})
    shown = [t for t in targets if t.measured]
    names = [t.name.replace("`", "") for t in shown]
    values = [max(v for _, v in t.measured) for t in shown]
    colours = ["#2e7d32" if t.met else "#c62828" for t in shown]
    positions = list(range(len(shown)))
    left.barh(positions, values, color=colours)
    for y, target in zip(positions, shown, strict=True):
        left.plot([target.limit, target.limit], [y - 0.4, y + 0.4], color="black", linewidth=2)
    left.set_xscale("log")
    left.set_yticks(positions, names, fontsize=8)
    left.invert_yaxis()
    left.set_xlabel("ours ÷ peer (worst size; black bar = limit; green = met)")
    left.set_title("Targets of issue 6")
    for impl in sorted({r.impl for r in rows if r.workload == "json-decode"}):
        sizes = sorted({r.n for r in rows if r.workload == "json-decode" and r.impl == impl})
        costs = [round_trip(rows, n, impl) for n in sizes]
        points = [(n, c * 1e6) for n, c in zip(sizes, costs, strict=True) if c is not None]
        if points:
            right.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=impl)
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("events in the document (N)")
    right.set_ylabel("µs per event, decode + encode (median)")
    right.set_title("Canonical JSON round trip, GC on")
    right.legend(fontsize=8)
    right.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(figure)
    return True

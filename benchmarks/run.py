"""Run every benchmark in one process and write the results page and chart.

    python -m benchmarks.run --sizes 1000,10000,100000 --out docs/
    python -m benchmarks.run --quick --out /tmp/bench   # a minute: N=1,000, fewer repetitions
    python -m benchmarks.run --only json                # the JSON round trip alone, printed, nothing written

Writes ``<out>/performance-results.md`` and ``<out>/_static/benchmarks.png``; ``--only json`` runs the
JSON workloads exactly as the full run does (same code, same repetitions) and prints their tables and
targets to standard output instead, writing no file.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import importlib.util
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from benchmarks import generate, measure, peak, report, site_target, stats_target, targets, workloads
from benchmarks.floor import stages
from benchmarks.workloads import Suite

__all__ = ["main"]


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive integers, e.g. 1000,10000")
    return sizes


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, help="event counts (default 1000,10000,100000; --quick: 1000)")
    parser.add_argument("--out", type=Path, default=Path("docs"), help="docs folder to write into (default docs/)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and process runs")
    parser.add_argument("--ics-max", type=int, default=10_000, help="largest N for the iCal workloads")
    parser.add_argument(
        "--export-max", type=int, default=10_000, help="largest N for the JSON-LD and listing exports (default 10000)"
    )
    parser.add_argument(
        "--pages-sizes",
        type=_sizes,
        help="event counts of the OECD pages workload (default 1000,4000; --quick: smallest size and 4 times it)",
    )
    parser.add_argument("--memory-n", type=int, default=2_000, help="events decoded for the memory measurement")
    parser.add_argument(
        "--peak-n", type=int, help="events converted for the peak-memory target (default 20000; --quick: largest size)"
    )
    parser.add_argument("--process-reps", type=int, help="runs of each whole-process command (default 15)")
    parser.add_argument(
        "--site-sizes", type=_sizes, help="event counts of the site builds (default 1000,10000; --quick: 200,1000)"
    )
    parser.add_argument(
        "--only",
        choices=["json"],
        help="run only these workloads (json: decode and encode against the peers) and print the results; no file",
    )
    return parser


def _commands() -> dict[str, list[str]]:
    python = sys.executable
    script = Path(python).with_name("stievents")
    version = [str(script), "--version"] if script.exists() else [python, "-m", "stievents", "--version"]
    commands = {
        "bare interpreter": [python, "-c", "pass"],
        "import attrs": [python, "-c", "import attrs"],
        "import stievents": [python, "-c", "import stievents"],
        "first formats()": [python, "-c", "import stievents; stievents.formats()"],
        "stievents --version": version,
    }
    for module in ("icalendar", "jinja2", "pydantic", "msgspec"):
        if importlib.util.find_spec(module) is not None:
            commands[f"import {module}"] = [python, "-c", f"import {module}"]
    return commands


def _memory(n: int, suite: Suite) -> dict[str, float]:
    import json

    from stievents import serialize

    text = json.dumps(generate.canonical_document(n)).encode("utf-8")
    raw = json.dumps(generate.peer_dicts(n)).encode("utf-8")
    held: dict[str, float] = {"n": n, "stievents": measure.bytes_held(lambda: serialize.loads(text)) / n}
    if suite.has("msgspec"):
        from benchmarks import peers

        _, decoder, _ = peers.msgspec_models()
        held["msgspec Struct"] = measure.bytes_held(lambda: decoder.decode(raw)) / n
    if suite.has("pydantic"):
        from benchmarks import peers

        _, adapter = peers.pydantic_models()
        held["pydantic v2"] = measure.bytes_held(lambda: adapter.validate_json(raw)) / n
    return held


def _ics_import_memory(n: int, suite: Suite) -> dict[str, float]:
    """Peak bytes allocated while reading our ``ics`` export of ``n`` events: ``read`` vs icalendar's parse."""
    import stievents

    events = generate.stievents_events(n)
    data = stievents.export(events, "ics", now=workloads.NOW)
    del events
    peaks: dict[str, float] = {"n": n, "stievents": measure.peak_bytes(lambda: stievents.read(data, "ics"))}
    if suite.has("icalendar"):
        from icalendar import Calendar

        peaks["icalendar parse"] = measure.peak_bytes(lambda: Calendar.from_ical(data))
    return peaks


@contextlib.contextmanager
def _generous_limits(suite: Suite, n: int) -> Iterator[None]:
    """Raise stievents' input limits (when this version has them) so 100,000 events may be read.

    The limits guard against hostile input; the peers have none. The checks still run and are timed.
    """
    try:
        from stievents.limits import Limits, use_limits
    except ImportError:
        yield
        return
    limits = Limits(max_input_bytes=2**40, max_events=max(n, 100_000) * 10)
    suite.notes["limits"] = f"stievents read with {limits!r} (the defaults refuse inputs this large)"
    with use_limits(limits):
        yield


def _load() -> str:
    try:
        return " / ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sizes = args.sizes or ([1_000] if args.quick else [1_000, 10_000, 100_000])
    plan = measure.Plan(min_reps=1, max_reps=3, budget=0.5) if args.quick else measure.Plan()
    process_reps = args.process_reps or (3 if args.quick else 15)
    load_before = _load()
    started = time.perf_counter()
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    suite = Suite(plan=plan, ics_max=args.ics_max, export_max=args.export_max)
    if args.only == "json":
        return _only_json(suite, sizes, started)
    with _generous_limits(suite, max(sizes)):
        for n in sizes:
            print(f"[bench] N={n:,} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
            suite.run_size(n)
    pages_sizes = args.pages_sizes or (
        [min(sizes), 4 * min(sizes)] if args.quick and min(sizes) < 1_000 else list(workloads.PAGE_SIZES)
    )
    for n in pages_sizes:
        print(f"[bench] OECD pages, N={n:,} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        suite.oecd_pages(n)
    print("[bench] memory and whole processes", file=sys.stderr, flush=True)
    memory = _memory(min(args.memory_n, max(sizes)), suite)
    gc.collect()
    ics_memory = _ics_import_memory(min(1_000, max(sizes)), suite)
    gc.collect()
    print("[bench] JSON round trip stages", file=sys.stderr, flush=True)
    floor = stages(1_000 if not args.quick else min(sizes), 3 if args.quick else 5)
    gc.collect()
    process = measure.process_times(_commands(), process_reps)
    peak_n = args.peak_n or (max(sizes) if args.quick else 20_000)
    print(f"[bench] peak memory of stievents convert, N={peak_n:,}", file=sys.stderr, flush=True)
    peaks = peak.measure_in_fresh_process(peak_n)  # not forked from this process: see its docstring
    seconds = time.perf_counter() - started
    found = targets.evaluate(suite.rows, sizes, process, memory, peaks, ics_memory)
    print(f"[bench] stats over N={max(sizes):,} events vs loading them", file=sys.stderr, flush=True)
    found.append(stats_target.target(max(sizes), plan))
    site_sizes = args.site_sizes or ([200, 1_000] if args.quick else [1_000, 10_000])
    if importlib.util.find_spec("stievents_site") is not None:
        print(f"[bench] site builds, N={site_sizes}", file=sys.stderr, flush=True)
        built = site_target.measure(site_sizes, reps=1 if args.quick else 2)
        found.extend(site_target.targets(built))
        suite.notes["site"] = site_target.summary(built)
    else:
        suite.skipped.add("stievents_site")
    seconds = time.perf_counter() - started
    if suite.skipped:
        suite.notes["skipped"] = "peers not installed, skipped: " + ", ".join(sorted(suite.skipped))
    suite.notes["fair"] = (
        "every implementation runs in this one process on the same generated events, GC on, inputs prepared"
        " outside the timed region; the previous repetition's result is dropped before the next starts"
    )
    command = "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:])
    report.write_markdown(
        args.out / "performance-results.md",
        command=command.strip(),
        rows=suite.rows,
        targets=found,
        process=process,
        memory=memory,
        machine={**measure.machine_facts(), "Load average (1, 5, 15 min)": f"{load_before} at start, {_load()} at end"},
        versions=measure.package_versions(),
        notes=suite.notes,
        seconds=seconds,
        when=when,
        floor=floor,
        peaks=peaks,
        ics_memory=ics_memory,
    )
    chart = args.out / "_static" / "benchmarks.png"
    if not report.write_chart(chart, suite.rows, found):
        print("[bench] matplotlib is not installed: no chart", file=sys.stderr)
    for target in found:
        status = {True: "met", False: "NOT MET", None: "no data"}[target.met]
        values = ", ".join(f"{v:.2f} ({label})" for label, v in target.measured)
        print(f"[bench] {status:8} {target.name}: {values} (limit {target.limit:g})", file=sys.stderr)
    print(f"[bench] wrote {args.out / 'performance-results.md'} in {seconds:.0f} s", file=sys.stderr)
    return 0


def _only_json(suite: Suite, sizes: list[int], started: float) -> int:
    """The JSON workloads of the full run at each size (the same code path), their tables and targets printed."""
    load_before = _load()
    with _generous_limits(suite, max(sizes)):
        for n in sizes:
            print(f"[bench] JSON, N={n:,} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
            suite.json_round_trip(n)
            gc.collect()
    found = [target for target in targets.evaluate(suite.rows, sizes, {}, {}) if target.name.startswith("JSON ")]
    print("\n".join(report.json_tables(suite.rows, found)))
    print(f"Load average: {load_before} at start, {_load()} at end; {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

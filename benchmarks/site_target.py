"""The site targets (issue 12): a whole site of N events costs O(N), rebuilds cost what changed.

Measured in one run, side by side, as ratios:

- **linear**: time per event of a full build of the larger N over that of the smaller N;
- **overhead**: a full build over exporting the same events once each to ``oecd-html`` (with the
  whole collection, as the site does), ``ics`` and ``jsonld`` through the public API — the site's
  own work (locales, facets, feeds, sessions, sitemap, manifest) must stay within 3x of that;
- **no-change rebuild** and **one-event change** over the full build of the same N;
- **peak memory** of a build (a fresh process reading the canonical JSON file and building) over
  the peak of a fresh process that only loads the same file.

A full build writes to a fresh folder; the rebuilds reuse it. Run alone::

    python -m benchmarks.site_target --sizes 1000,10000

``benchmarks.run`` adds these targets to the results page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import generate
from benchmarks.targets import Target

__all__ = ["LIMITS", "Measured", "main", "measure", "targets"]

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
LIMITS = {"linear": 1.3, "overhead": 3.0, "rebuild": 0.1, "change": 0.15, "peak": 1.5}


class Measured:
    """Seconds per size for each workload, and the two peaks (bytes) at the largest size."""

    def __init__(self) -> None:
        self.full: dict[int, float] = {}
        self.exports: dict[int, float] = {}
        self.rebuild: dict[int, float] = {}
        self.change: dict[int, float] = {}
        self.files: dict[int, int] = {}
        self.peak_build = 0
        self.peak_load = 0
        self.peak_n = 0


def _build(events: Sequence[Any], folder: Path) -> int:
    from stievents_site.build import build_site

    report = build_site(events=events, output=folder, now=NOW, progress=False)
    return int(report.files)


def _exports(events: Sequence[Any]) -> None:
    """Each event once to oecd-html (the whole collection in the context, as a site page has), ics, jsonld."""
    import attrs

    import stievents
    from stievents import api

    page = stievents.get_exporter("oecd-html")
    context = attrs.evolve(api.make_export_context(page, now=NOW), collection=tuple(events))
    for event in events:
        page.write([event], io.BytesIO(), context)
        stievents.export(event, "ics", now=NOW)
        stievents.export(event, "jsonld", now=NOW)


def _timed(function: Any) -> float:
    begin = time.perf_counter()
    function()
    return time.perf_counter() - begin


def _best(function: Any, reps: int) -> float:
    return min(_timed(function) for _ in range(reps))


def measure(sizes: Sequence[int], reps: int = 2, peak_n: int | None = None) -> Measured:
    """Every workload at every size (best of ``reps``), then the peaks at ``peak_n`` (default: the largest)."""
    import attrs

    found = Measured()
    with tempfile.TemporaryDirectory(prefix="stievents-site-bench-") as tmp:
        root = Path(tmp)
        for n in sizes:
            events = generate.stievents_events(n)
            _exports(events[:2])  # lazy imports, untimed
            found.exports[n] = _best(lambda events=events: _exports(events), reps)
            times = []
            folder = root / f"site-{n}"
            for _ in range(reps):
                shutil.rmtree(folder, ignore_errors=True)
                begin = time.perf_counter()
                found.files[n] = _build(events, folder)
                times.append(time.perf_counter() - begin)
            found.full[n] = min(times)
            found.rebuild[n] = _best(lambda events=events, folder=folder: _build(events, folder), reps)
            middle = n // 2
            changes = []
            for rep in range(reps):
                changed = list(events)
                changed[middle] = attrs.evolve(events[middle], title=f"{events[middle].title} (revised {rep})")
                changes.append(_timed(lambda changed=changed, folder=folder: _build(changed, folder)))
            found.change[n] = min(changes)
            shutil.rmtree(folder, ignore_errors=True)
            del events
        found.peak_n = peak_n or max(sizes)
        document = root / "events.json"
        with document.open("w", encoding="utf-8") as stream:
            json.dump(generate.canonical_document(found.peak_n), stream, ensure_ascii=False)
        found.peak_load = _peak("load", document, root / "peak-site")
        found.peak_build = _peak("build", document, root / "peak-site")
    return found


def _peak(what: str, document: Path, folder: Path) -> int:
    """Peak resident bytes of a fresh process that loads ``document`` (``load``) or builds its site (``build``)."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.site_target", "--peak-child", what, str(document), str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def _peak_child(what: str, document: Path, folder: Path) -> int:
    import resource

    from stievents.limits import Limits, use_limits

    with use_limits(Limits(max_input_bytes=2**40, max_events=10_000_000)):
        if what == "load":
            from stievents import serialize

            with document.open("rb") as stream:
                events = serialize.load(stream)
            assert events
        else:
            from stievents_site.build import build_site

            shutil.rmtree(folder, ignore_errors=True)
            build_site([str(document)], folder, now=NOW, progress=False)
    return _high_water(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _high_water(maxrss: int) -> int:
    """This process's own peak resident bytes.

    Why not ``ru_maxrss`` alone: a child counts the memory it shared with its parent between fork and
    exec, so a child of a benchmark holding 100,000 events reports the parent's size. Linux's ``VmHWM``
    is the peak of this process's own address space (reset by exec).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return maxrss * (1 if sys.platform == "darwin" else 1024)


def targets(found: Measured) -> list[Target]:
    """The five site targets with this run's ratios."""
    sizes = sorted(found.full)
    small, large = sizes[0], sizes[-1]
    linear = Target("Site: full build, time per event, largest N vs smallest N", LIMITS["linear"], "time per event")
    if large != small:
        linear.measured.append(
            (f"N={large:,} vs N={small:,}", (found.full[large] / large) / (found.full[small] / small))
        )
    overhead = Target(
        "Site: full build vs exporting each event to oecd-html + ics + jsonld", LIMITS["overhead"], "time"
    )
    rebuild = Target("Site: no-change rebuild vs full build", LIMITS["rebuild"], "time")
    change = Target("Site: one-event change vs full build", LIMITS["change"], "time")
    for n in sizes:
        overhead.measured.append((f"N={n:,}", found.full[n] / found.exports[n]))
        rebuild.measured.append((f"N={n:,}", found.rebuild[n] / found.full[n]))
        change.measured.append((f"N={n:,}", found.change[n] / found.full[n]))
    peak = Target("Site: peak memory of a build vs loading the collection alone", LIMITS["peak"], "peak RSS")
    if found.peak_load:
        peak.measured.append((f"N={found.peak_n:,}", found.peak_build / found.peak_load))
    return [linear, overhead, rebuild, change, peak]


def describe(found: Measured) -> list[str]:
    """The measured seconds, for the results page."""
    lines = [
        "| N | files | full build | exports only | no-change rebuild | one-event change |",
        "|---|---|---|---|---|---|",
    ]
    for n in sorted(found.full):
        lines.append(
            f"| {n:,} | {found.files.get(n, 0):,} | {found.full[n]:.1f} s | {found.exports[n]:.1f} s"
            f" | {found.rebuild[n]:.2f} s | {found.change[n]:.2f} s |"
        )
    mib = 1024 * 1024
    lines.append("")
    lines.append(
        f"Peak memory at N={found.peak_n:,}: build {found.peak_build / mib:.0f} MiB,"
        f" loading alone {found.peak_load / mib:.0f} MiB."
    )
    return lines


def summary(found: Measured) -> str:
    """One line for the results page's notes: the measured seconds behind the site's ratios."""
    mib = 1024 * 1024
    parts = [
        f"N={n:,} ({found.files.get(n, 0):,} files): full build {found.full[n]:.1f} s, exports alone"
        f" {found.exports[n]:.1f} s, no-change rebuild {found.rebuild[n]:.2f} s, one-event change"
        f" {found.change[n]:.2f} s"
        for n in sorted(found.full)
    ]
    parts.append(
        f"peak at N={found.peak_n:,}: build {found.peak_build / mib:.0f} MiB, loading alone"
        f" {found.peak_load / mib:.0f} MiB"
    )
    return "site builds (benchmarks.site_target): " + "; ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.site_target", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="event counts (default 1000,10000)")
    parser.add_argument("--reps", type=int, default=2, help="repetitions, best taken (default 2)")
    parser.add_argument("--peak-n", type=int, help="events of the peak-memory runs (default: the largest size)")
    parser.add_argument("--peak-child", nargs=3, metavar=("WHAT", "DOCUMENT", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.peak_child:
        what, document, folder = args.peak_child
        print(_peak_child(what, Path(document), Path(folder)))
        return 0
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    found = measure(sizes, args.reps, args.peak_n)
    print("\n".join(describe(found)))
    failed = 0
    for target in targets(found):
        for label, value in target.measured:
            status = "met" if value <= target.limit else "NOT MET"
            failed += status != "met"
            print(f"{target.name}: {label}: {value:.3f} (limit {target.limit:g}) {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

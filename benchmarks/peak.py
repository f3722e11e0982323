"""Peak memory and wall time of whole ``stievents convert`` processes, one per export format.

Why whole processes: the peak resident set of a conversion is what a user's
machine must have, and it counts everything at once (the input bytes, the
events, any output held before it is written). Each run is its own child
process, and ``os.wait4`` gives that child's own ``ru_maxrss`` (where
``RUSAGE_CHILDREN`` would give the largest of all children so far).

    python -m benchmarks.peak --n 20000 --formats json,jsonld,toml
    python -m benchmarks.peak --input big.json --formats json,ics

The targets of issue 16: every exporter's peak at most 1.2x that of ``json``
(the canonical writer, which streams), on the same input; and reading the
``ics`` export back (``ics -> json``, row ``ics -> json``) at most 1.3x.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BASELINE",
    "FORMATS",
    "ICS_READ",
    "Peak",
    "convert_peak",
    "main",
    "measure_in_fresh_process",
    "peaks",
    "write_input",
]

# Every exporter of the core and the bundled plugins that writes one stream, but not those whose
# pages each rank the whole collection for their "More Like This" (``oecd-html``, one file per
# event, and ``oecd-text``/``oecd-md``): N pages take N^2 comparisons, hours at N=20,000 (the
# site issue's to fix). They write event by event all the same.
FORMATS = ("json", "toml", "jsonld", "jsonld-html", "csv", "ics", "oecd-listing-html")
BASELINE = "json"
ICS_READ = "ics -> json"  # the row of the import measurement: the ics export converted back to json
NOW = "2026-01-01T00:00:00+00:00"


@dataclass(frozen=True)
class Peak:
    """One conversion: wall seconds, peak resident set in bytes, and the output's size."""

    format: str
    seconds: float
    max_rss: int
    output_bytes: int
    n: int = 0


def write_input(path: Path, n: int) -> Path:
    """The canonical JSON document of ``n`` generated events (as ``benchmarks.generate`` makes them)."""
    from benchmarks import generate

    with path.open("w", encoding="utf-8") as stream:
        json.dump(generate.canonical_document(n), stream, indent=2, ensure_ascii=False)
    return path


def _max_rss_bytes(kilobytes: int) -> int:
    return kilobytes * (1 if sys.platform == "darwin" else 1024)  # Linux reports KiB, macOS bytes


def convert_peak(
    source: Path,
    fmt: str,
    out_dir: Path,
    *,
    python: str = sys.executable,
    keep: bool = False,
    label: str = "",
    source_format: str = "json",
) -> Peak:
    """Run ``stievents convert SOURCE --to FMT -o OUT`` in a child process; its wall time and peak RSS.

    ``keep`` leaves the output in ``out_dir`` (as ``out-FMT``) for a next conversion to read.
    """
    target = out_dir / f"out-{label or fmt}".replace(" ", "").replace(">", "")
    argv = [python, "-m", "stievents", "convert", str(source), "--from", source_format, "--to", fmt]
    argv += ["-o", str(target), "--now", NOW]
    argv += ["--limit", "max_input_bytes=4000000000", "--limit", "max_events=10000000"]
    begin = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - begin
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode != 0:
        raise RuntimeError(f"stievents convert --to {fmt} failed ({child.returncode}): {error[-2000:]}")
    size = target.stat().st_size if target.is_file() else 0
    if target.is_file() and not keep:
        target.unlink()
    return Peak(label or fmt, seconds, _max_rss_bytes(usage.ru_maxrss), size)


def peaks(
    source: Path, formats: Sequence[str], *, python: str = sys.executable, verbose: bool = False, n: int = 0
) -> list[Peak]:
    """One conversion per format, the baseline (``json``) first, in a scratch folder of their own.

    When ``ics`` is among the formats, its output is then read back (``ics -> json``).
    """
    ordered = [BASELINE, *(f for f in formats if f != BASELINE)]
    results = []
    with tempfile.TemporaryDirectory(prefix="stievents-peak-") as scratch:
        folder = Path(scratch)
        runs = [(source, "json", fmt, fmt == "ics", "") for fmt in ordered]
        if "ics" in ordered:
            runs.append((folder / "out-ics", "ics", BASELINE, False, ICS_READ))
        for path, source_format, fmt, keep, label in runs:
            done = convert_peak(path, fmt, folder, python=python, keep=keep, label=label, source_format=source_format)
            results.append(Peak(done.format, done.seconds, done.max_rss, done.output_bytes, n))
            if verbose:
                print(
                    f"[peak] {done.format}: {done.seconds:.1f} s, {done.max_rss / 2**20:,.0f} MiB",
                    file=sys.stderr,
                    flush=True,
                )
    return results


def ratios(results: Sequence[Peak]) -> dict[str, float]:
    """Each format's peak RSS divided by the baseline's (``json -> json``)."""
    base = next(r.max_rss for r in results if r.format == BASELINE)
    return {r.format: r.max_rss / base for r in results}


def table(results: Sequence[Peak], n: int | None = None) -> list[str]:
    """A Markdown table: wall time, peak RSS and its ratio to ``json -> json``."""
    scale = ratios(results)
    title = f"### Peak memory of `stievents convert` per format (N={n:,})" if n else "### Peak memory per format"
    lines = [
        title,
        "",
        "| Format | wall s | peak RSS (MiB) | ÷ json -> json | output (MiB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.format} | {r.seconds:.1f} | {r.max_rss / 2**20:,.0f} | {scale[r.format]:.2f}x"
            f" | {r.output_bytes / 2**20:,.1f} |"
        )
    return [*lines, ""]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.peak", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="events to generate (default 20000)")
    parser.add_argument("--input", type=Path, help="a canonical JSON file to convert instead of generating one")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated export formats")
    parser.add_argument("--python", default=sys.executable, help="the interpreter that runs stievents")
    parser.add_argument("--json", action="store_true", help="print the results as JSON (for benchmarks.run)")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    with tempfile.TemporaryDirectory(prefix="stievents-peak-input-") as scratch:
        source = args.input or write_input(Path(scratch) / "big.json", args.n)
        results = peaks(source, formats, python=args.python, verbose=True, n=0 if args.input else args.n)
    if args.json:
        print(json.dumps([dataclasses.asdict(result) for result in results]))
    else:
        print("\n".join(table(results, None if args.input else args.n)))
    return 0


def measure_in_fresh_process(n: int, formats: Sequence[str] = FORMATS, *, python: str = sys.executable) -> list[Peak]:
    """:func:`peaks` run from a small process of its own.

    Why: a child's ``ru_maxrss`` counts the memory it shares with its parent
    between fork and exec, so children forked from a benchmark that holds
    100,000 decoded events would all report that parent's size.
    """
    argv = [python, "-m", "benchmarks.peak", "--n", str(n), "--formats", ",".join(formats), "--json"]
    done = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    return [Peak(**row) for row in json.loads(done.stdout)]


if __name__ == "__main__":
    raise SystemExit(main())

"""Profile one stievents workload with cProfile and print the top costs (for the performance page).

python -m benchmarks.profiling ics-import --n 1000
python -m benchmarks.profiling formats            # the first formats() call, in this fresh process
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks import generate
from benchmarks.workloads import NOW

__all__ = ["main"]

WORKLOADS = ["json-decode", "json-encode", "ics-export", "ics-import", "jsonld-export", "oecd-listing", "formats"]


def _prepare(name: str, n: int) -> Callable[[], Any]:
    import stievents

    if name == "formats":
        return stievents.formats
    from stievents import serialize

    text = json.dumps(generate.canonical_document(n), indent=2).encode("utf-8")
    if name == "json-decode":
        return lambda: serialize.loads(text)
    events = serialize.loads(text)
    if name == "json-encode":
        return lambda: serialize.dumps(events)
    if name == "ics-export":
        return lambda: stievents.export(events, "ics", now=NOW)
    if name == "ics-import":
        data = stievents.export(events, "ics", now=NOW)
        return lambda: stievents.read(data, "ics")
    if name == "jsonld-export":
        return lambda: stievents.export(events, "jsonld", now=NOW)
    return lambda: stievents.export(events, "oecd-listing-html", now=NOW, include_jsonld=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profiling", description=__doc__.splitlines()[0])
    parser.add_argument("workload", choices=WORKLOADS)
    parser.add_argument("--n", type=int, default=1_000, help="events (default 1000)")
    parser.add_argument("--top", type=int, default=25, help="rows to print (default 25)")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    args = parser.parse_args(argv)
    function = _prepare(args.workload, args.n)
    profiler = cProfile.Profile()
    profiler.runcall(function)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

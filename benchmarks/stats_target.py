"""The statistics target: ``stievents.stats`` over N events costs at most 1.5x loading them.

Loading is decoding the canonical JSON of the N generated events (``serialize.loads``),
timed here in the same process and conditions as the counts, so the ratio compares like
with like. Each ``--by`` below is one measured ratio; the target is met when every one is
under the limit. Run alone (a minute or two at 100,000 events)::

    python -m benchmarks.stats_target --n 100000

``benchmarks.run`` adds the same target to the results page at its largest size.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence

from benchmarks import generate
from benchmarks.measure import Plan, repeat
from benchmarks.targets import Target

__all__ = ["BY", "LIMIT", "main", "measure", "target"]

LIMIT = 1.5
BY: tuple[tuple[str, ...], ...] = (
    ("year",),
    ("country",),
    ("status",),
    ("year", "country"),
    ("month", "event_type"),
    ("organiser",),
    ("topic", "year"),
    ("policy_question",),
)
"""Single-valued keys, cross-tabulations and multi-valued keys (the generated events have 3 organisers,
2 topics and 4 policy questions each; they cite no classification code, so that key is not measured)."""


def measure(n: int, plan: Plan) -> tuple[float, dict[str, float]]:
    """Median seconds to load ``n`` events, and the ratio stats/load for each ``--by`` of :data:`BY`."""
    import stievents
    from stievents import serialize
    from stievents.limits import Limits, use_limits

    text = json.dumps(generate.canonical_document(n)).encode("utf-8")
    sized = plan.for_size(n)
    with use_limits(Limits(max_input_bytes=2**40, max_events=max(n, 100_000) * 10)):
        loaded = repeat(lambda: serialize.loads(text), units=n, plan=sized)
    events, loaded.last = loaded.last, None
    gc.collect()
    stievents.stats(events[:10], ["classification"])  # plugins and schemes loaded once, outside the timing
    ratios: dict[str, float] = {}
    for keys in BY:
        counted = repeat(lambda keys=keys: stievents.stats(events, keys), units=n, plan=sized)
        counted.last = None
        ratios[",".join(keys)] = counted.median / loaded.median
    return loaded.median, ratios


def target(n: int, plan: Plan) -> Target:
    """The target with this run's ratios (one per ``--by``)."""
    found = Target(f"`stats` over N events vs loading them (canonical JSON), N={n:,}", LIMIT, "time, each --by")
    _, ratios = measure(n, plan)
    found.measured.extend((f"--by {by}", value) for by, value in ratios.items())
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stats_target", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="events (default 100000)")
    args = parser.parse_args(argv)
    load, ratios = measure(args.n, Plan())
    print(f"load {args.n:,} events: {load:.3f} s (median)")
    for by, ratio in ratios.items():
        status = "met" if ratio <= LIMIT else "NOT MET"
        print(f"stats --by {by:<22} {ratio * load:.3f} s  ratio {ratio:.3f}  {status} (limit {LIMIT:g})")
    worst = max(ratios.values())
    print(f"worst ratio {worst:.3f}: {'met' if worst <= LIMIT else 'NOT MET'}", file=sys.stderr)
    return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Where the time of a canonical JSON round trip goes, stage by stage, next to msgspec's whole round trip.

python -m benchmarks.floor --n 1000

Each stage is timed alone on the same generated events (best of ``--reps``, garbage collector on):
the stdlib parse of our document, the 14 datetimes of each event, building the model objects with
their invariants switched off, the full ``serialize.loads`` and ``serialize.dumps``. The invariants
are switched off only here, to show the floor that the object model itself sets; the library never
skips them. The table explains the JSON targets the results page reports as missed.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from benchmarks import generate, peers

__all__ = ["main"]


def _best(function: Callable[[], Any], n: int, reps: int) -> float:
    """Best time per event in microseconds."""
    best = float("inf")
    for _ in range(reps):
        gc.collect()
        begin = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - begin)
        del result
    return best * 1e6 / n


@contextlib.contextmanager
def _invariants_off() -> Iterator[None]:
    """Replace every model class's ``__attrs_post_init__`` by a no-op for the block (measurement only)."""
    import attrs

    from stievents import model

    saved = {}
    for value in vars(model).values():
        if isinstance(value, type) and attrs.has(value) and "__attrs_post_init__" in vars(value):
            saved[value] = value.__attrs_post_init__
            value.__attrs_post_init__ = lambda self: None
    try:
        yield
    finally:
        for cls, function in saved.items():
            cls.__attrs_post_init__ = function


def stages(n: int, reps: int) -> list[tuple[str, float]]:
    """(stage, microseconds per event), ours then the peers'."""
    from stievents import _fast, _time, model, serialize

    text = json.dumps(generate.canonical_document(n), indent=2, ensure_ascii=False)
    serialize.loads(text)  # warm: generated code, zone lookups
    plain = json.loads(text)["events"]
    datetimes = [
        value
        for event in plain
        for item in [event, *event.get("sessions", ())]
        for key in ("start", "end")
        if isinstance(value := item.get(key), str)
    ]
    build = _fast.structurer(model.Event)
    rows = [("json.loads (stdlib, C) of the canonical text", _best(lambda: json.loads(text), n, reps))]
    rows.append(
        (
            f"parse_temporal of the {len(datetimes) // n} datetimes per event",
            _best(lambda: [_time.parse_temporal(t) for t in datetimes], n, reps),
        )
    )
    with _invariants_off():
        rows.append(
            ("build the objects, invariants off (incl. datetimes)", _best(lambda: [build(e) for e in plain], n, reps))
        )
    rows.append(("build the objects, invariants on", _best(lambda: [build(e) for e in plain], n, reps)))
    events = serialize.loads(text)
    decode = _best(lambda: serialize.loads(text), n, reps)
    encode = _best(lambda: serialize.dumps(events), n, reps)
    rows += [
        ("serialize.loads (all of decoding)", decode),
        ("serialize.dumps", encode),
        ("stievents round trip", decode + encode),
    ]
    raw = json.dumps(generate.peer_dicts(n)).encode("utf-8")
    try:
        _, decoder, encoder = peers.msgspec_models()
    except ImportError:
        return rows
    objs = decoder.decode(raw)
    rows.append(
        (
            "msgspec round trip (decode + encode)",
            _best(lambda: decoder.decode(raw), n, reps) + _best(lambda: encoder.encode(objs), n, reps),
        )
    )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.floor", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000, help="events (default 1000)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions, the best is kept (default 5)")
    args = parser.parse_args(argv)
    rows = stages(args.n, args.reps)
    msgspec = dict(rows).get("msgspec round trip (decode + encode)")
    print(f"| Stage (N={args.n:,}) | µs per event | ÷ msgspec round trip |")
    print("|---|---:|---:|")
    for name, value in rows:
        ratio = f"{value / msgspec:.2f}x" if msgspec else "-"
        print(f"| {name} | {value:.1f} | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

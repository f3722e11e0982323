"""Where the time of a canonical JSON round trip goes, stage by stage, next to msgspec's whole round trip.

python -m benchmarks.floor --n 1000

Each stage is timed on the same generated events (best of ``--reps``, the stages taking turns, garbage
collector on): the stdlib parse of our document, the reader's proof that the text is clean, the 14
datetimes of each event, then the whole ``serialize.loads`` three ways: with every invariant switched
off (the floor the object model itself sets), with every check as plain data gets them (the reader's
proof refused), and as it runs (types, text and datetimes proven by the reader's own typed parse, every
other rule checked); and ``serialize.dumps``. The invariants are switched off, and the proof refused,
only here; the library never skips a rule. The table explains the JSON targets of the results page.
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


def _best_of(functions: dict[str, Callable[[], Any]], n: int, reps: int) -> dict[str, float]:
    """Best time per event in microseconds of each function, timed in turn, round after round.

    Round-robin rather than one function after the other: on a shared machine the load changes
    from second to second, and taking turns gives each stage its share of the quiet moments.
    """
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(reps):
        for name, function in functions.items():
            gc.collect()
            begin = time.perf_counter()
            result = function()
            best[name] = min(best[name], time.perf_counter() - begin)
            del result
    return {name: seconds * 1e6 / n for name, seconds in best.items()}


class _Unproven:
    """A callable that runs ``function`` with the reader's proof of clean text refused (measurement only)."""

    def __init__(self, function: Callable[[], Any]) -> None:
        self.function = function

    def __call__(self) -> Any:
        from stievents import _fast

        saved = _fast.text_is_clean
        _fast.text_is_clean = lambda text, *, from_utf8=False: False  # type: ignore[assignment]
        try:
            return self.function()
        finally:
            _fast.text_is_clean = saved


class _Off:
    """A callable that runs ``function`` with the invariants switched off."""

    def __init__(self, function: Callable[[], Any]) -> None:
        self.function = function

    def __call__(self) -> Any:
        with _invariants_off():
            return self.function()


@contextlib.contextmanager
def _invariants_off() -> Iterator[None]:
    """Replace every model class's ``__attrs_post_init__`` by a no-op for the block (measurement only)."""
    import attrs

    from stievents import model

    saved = {}
    for value in vars(model).values():
        if isinstance(value, type) and attrs.has(value) and "__attrs_post_init__" in vars(value):
            saved[value] = value.__attrs_post_init__
            value.__attrs_post_init__ = lambda self, _proven=False: None
    try:
        yield
    finally:
        for cls, function in saved.items():
            cls.__attrs_post_init__ = function


def stages(n: int, reps: int) -> list[tuple[str, float]]:
    """(stage, microseconds per event), ours then the peers'."""
    from stievents import _fast, _time, serialize

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
    events = serialize.loads(text)
    ours: dict[str, Callable[[], Any]] = {
        "json.loads (stdlib, C) of the canonical text": lambda: json.loads(text),
        "text_is_clean: the one search of the text that spares each object its own": lambda: _fast.text_is_clean(
            text, from_utf8=True
        ),
        f"parse_temporal (the reader's read_temporal) of the {len(datetimes) // n} datetimes per event": lambda: [
            _time.read_temporal(t, True) for t in datetimes
        ],
        "serialize.loads, invariants off (the floor: parse, datetimes, objects)": _Off(lambda: serialize.loads(text)),
        "serialize.loads, invariants on, nothing proven (every check, as for plain data)": _Unproven(
            lambda: serialize.loads(text)
        ),
        "serialize.loads (all of decoding: the reader proves types, text and datetimes)": lambda: serialize.loads(text),
        "serialize.dumps": lambda: serialize.dumps(events),
    }
    try:
        _, decoder, encoder = peers.msgspec_models()
    except ImportError:
        decoder = None
    else:
        raw = json.dumps(generate.peer_dicts(n)).encode("utf-8")
        objs = decoder.decode(raw)
        ours["msgspec decode"] = lambda: decoder.decode(raw)
        ours["msgspec encode"] = lambda: encoder.encode(objs)
    times = _best_of(ours, n, reps)
    rows = [(name, value) for name, value in times.items() if not name.startswith("msgspec")]
    rows.append(
        (
            "stievents round trip",
            times["serialize.loads (all of decoding: the reader proves types, text and datetimes)"]
            + times["serialize.dumps"],
        )
    )
    if decoder is not None:
        rows.append(("msgspec round trip (decode + encode)", times["msgspec decode"] + times["msgspec encode"]))
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

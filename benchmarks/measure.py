"""How things are timed: wall-clock repetitions with GC on, whole processes, bytes held, machine facts.

``timeit`` switches the garbage collector off while it times; these benchmarks keep it on
(the default every user runs with), collect before each repetition, and drop the previous
repetition's result before the next one starts, so no library pays for another's objects.
"""

from __future__ import annotations

import gc
import importlib.metadata
import os
import platform
import statistics
import subprocess
import time
import tracemalloc
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Plan",
    "Timing",
    "bytes_held",
    "gc_state",
    "machine_facts",
    "package_versions",
    "peak_bytes",
    "process_times",
    "repeat",
]


@dataclass(frozen=True)
class Plan:
    """Repetitions: at least ``min_reps``; more while the total stays under ``budget`` seconds, up to ``max_reps``."""

    min_reps: int = 3
    max_reps: int = 7
    budget: float = 2.0

    def for_size(self, n: int) -> Plan:
        """Fewer repetitions of the slow, big runs, so the full run stays within its time limit.

        N >= 100,000: two, or one when a repetition takes over 30 s; N >= 10,000: three, or two
        past 10 s in all.
        """
        if n >= 100_000:
            return Plan(min_reps=1, max_reps=min(self.max_reps, 2), budget=30.0)
        if n >= 10_000:
            return Plan(min_reps=min(self.min_reps, 2), max_reps=min(self.max_reps, 3), budget=10.0)
        return self


@dataclass
class Timing:
    """Wall-clock seconds of each repetition of one workload, with the unit count it processed."""

    seconds: list[float] = field(default_factory=list)
    units: int = 1
    last: Any = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def low(self) -> float:
        return min(self.seconds)

    @property
    def high(self) -> float:
        return max(self.seconds)

    def per_unit(self, value: float) -> float:
        return value / self.units


def repeat(function: Callable[[], Any], *, units: int, plan: Plan) -> Timing:
    """Time ``function`` with GC on; the last result is kept in ``Timing.last``."""
    timing = Timing(units=units)
    started = time.perf_counter()
    while True:
        timing.last = None
        gc.collect()
        begin = time.perf_counter()
        result = function()
        timing.seconds.append(time.perf_counter() - begin)
        timing.last = result
        del result
        count = len(timing.seconds)
        if count >= plan.min_reps and (count >= plan.max_reps or time.perf_counter() - started >= plan.budget):
            return timing


def gc_state() -> tuple[bool, tuple[int, int, int], bool]:
    """The process's global GC settings (enabled, thresholds, frozen objects present)."""
    return gc.isenabled(), gc.get_threshold(), gc.get_freeze_count() > 0


def process_times(commands: Mapping[str, Sequence[str]], reps: int) -> dict[str, list[float]]:
    """Wall-clock seconds of whole processes, run round-robin so drift hits every command alike."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: .pyc files
    results: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # one warm-up each: page cache, .pyc files
        subprocess.run(argv, check=True, capture_output=True, env=env)
    for _ in range(reps):
        for name, argv in commands.items():
            begin = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, env=env)
            results[name].append(time.perf_counter() - begin)
    return results


def bytes_held(build: Callable[[], Any]) -> int:
    """Bytes still allocated (tracemalloc) by what ``build`` returns, once its temporaries are freed."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = build()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return after - before


def peak_bytes(build: Callable[[], Any]) -> int:
    """The highest traced allocation (tracemalloc) while ``build`` runs, above what was held before it."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        kept = build()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del kept
    return peak - base


def machine_facts() -> dict[str, str]:
    """CPU model, cores, Python and OS, as the results table prints them."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": f"{platform.system()} {platform.release()}",
    }


PACKAGES = [
    "stievents",
    "stievents-ical",
    "stievents-jsonld",
    "stievents-oecd",
    "attrs",
    "cattrs",
    "pydantic",
    "pydantic-core",
    "msgspec",
    "orjson",
    "icalendar",
    "ics",
    "jinja2",
    "matplotlib",
]


def package_versions() -> dict[str, str]:
    """The installed version of every package measured (or 'not installed')."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions

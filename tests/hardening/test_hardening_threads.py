"""Many threads calling ``stievents.export`` at once on first use get correct, identical results.

Runs in a fresh interpreter, so that plugin loading, the converter and each
format's lazy imports all happen inside the race.
"""

from __future__ import annotations

import json
import subprocess
import sys

from hardening_support import record_figures

_SCRIPT = r"""
import datetime as dt, json, sys, threading
from concurrent.futures import ThreadPoolExecutor
from stievents.testing import pin_tzdata
pin_tzdata()
import stievents
from stievents.examples import example

names = [line.strip() for line in sys.stdin if line.strip()]
now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
event = example("demo-hybrid-forum")
barrier = threading.Barrier(32)

def job(index):
    fmt = names[index % len(names)]
    barrier.wait()
    return fmt, stievents.export(event, fmt, now=now)

with ThreadPoolExecutor(32) as pool:
    results = list(pool.map(job, range(32 * 4)))
expected = {fmt: stievents.export(event, fmt, now=now) for fmt in names}
wrong = sorted({fmt for fmt, data in results if data != expected[fmt]})
print(json.dumps({"calls": len(results), "formats": len(names), "wrong": wrong}))
"""


def test_concurrent_first_use_gives_identical_results() -> None:
    import stievents

    names = [info.name for info in stievents.formats() if info.exporter is not None]
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], input="\n".join(names), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["wrong"] == [], report
    assert report["calls"] == 128
    record_figures("threads", report)

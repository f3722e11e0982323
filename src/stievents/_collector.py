"""Pausing CPython's cyclic garbage collector while a document's objects are built.

Why: reading a document creates about 19 container objects per event (the attrs
objects and their tuples) that all survive. With the collector running, each of
its full collections traverses every object built so far, and the middle
generation is traversed again and again: the cost per event grows with the size
of the document (1.6x from 1,000 to 100,000 events, measured). The objects a
reader builds cannot form a reference cycle (the model classes are frozen, their
fields hold only scalars, enums, datetimes, tuples and other model objects, and
the classes nest without loops: ``tests/test_load_collector.py`` proves it), so
a collection during the read finds nothing of ours to free.

The slow path is different: when the generated reader declines an event, the
cattrs converter reads it again and words its errors, and its exceptions and
tracebacks do form cycles (about 250 objects per refused event). :func:`resumed`
lets the collector run as usual around that path, so a damaged document of any
size leaves no more garbage than it did before the pause existed.

The collector's switch is process-wide. :func:`paused` remembers whether the
collector was enabled when the outermost pause began and restores exactly that,
even on error; nested and concurrent pauses share one count. A pause never
enables a collector the caller had disabled.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["paused", "resumed"]

_lock = threading.Lock()
_depth = 0
_restore = False  # whether the outermost pause found the collector enabled


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state before it is restored after."""
    global _depth, _restore
    with _lock:
        if _depth == 0:
            _restore = gc.isenabled()
        _depth += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _restore:
                gc.enable()


@contextlib.contextmanager
def resumed() -> Iterator[None]:
    """Inside a pause, the collector runs as it would without it (for code that may leave cycles behind)."""
    with _lock:
        resume = _depth > 0 and _restore and not gc.isenabled()
        if resume:
            gc.enable()
    try:
        yield
    finally:
        if resume:
            with _lock:
                if _depth > 0:
                    gc.disable()

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

Promotion (``paused(promote=True)``, asked for by the reads of large documents
and by ``serialize.bulk_load``). Even paused, every object built stays in the
youngest generation, so the first young collection after the pause traverses
all of them (about 19 per event): 12-13 µs per event at 100,000 events on the
benchmark machine, 10 to 15% of a read, and more per event as N grows, since
the objects no longer sit in the CPU's caches. It can find nothing to free (no
cycle, see above), and the middle generation's next collection would traverse
them all once more. So when such a pause ends normally, what it built goes
straight to the oldest generation, as :func:`gc.freeze` followed by
:func:`gc.unfreeze` moves it: two list splices, whatever the size, nothing
traversed (the youngest generation's count restarts at zero, as after a
collection). The objects stay tracked; the next full collection traverses them
as usual. Only what the pause built may move, never the caller's young objects:
before a promoting pause begins, the young generations are collected
(``gc.collect(1)``; the thresholds keep them small: at most about 7,700 objects,
which their next collections would traverse anyway). Promotion is skipped,
leaving the pause as above, whenever it could move anything else or undo
anything: the collector was disabled, objects are frozen (``gc.freeze()`` by the
caller, which ``gc.unfreeze()`` would thaw), another thread is running (it may
leave cyclic garbage of its own), the slow path ran (:func:`resumed`: the
converter's errors leave cycles), the block raised, or the interpreter is not
CPython with a GIL (the free-threaded build freezes by walking the whole heap).
"""

from __future__ import annotations

import contextlib
import gc
import platform
import sysconfig
import threading
from collections.abc import Iterator

__all__ = ["paused", "resumed"]

_lock = threading.Lock()
_depth = 0
_restore = False  # whether the outermost pause found the collector enabled
_promote = False  # whether the outermost pause may hand what it built to the oldest generation

_CAN_PROMOTE = platform.python_implementation() == "CPython" and not sysconfig.get_config_var("Py_GIL_DISABLED")


def _alone() -> bool:
    """No frozen objects (``gc.unfreeze()`` would thaw them) and no other thread (it may leave cyclic garbage)."""
    return gc.get_freeze_count() == 0 and threading.active_count() == 1


def _promotion_safe() -> bool:
    """True when moving every young object to the oldest generation moves only what a pause built."""
    return _CAN_PROMOTE and gc.isenabled() and _alone()


@contextlib.contextmanager
def paused(*, promote: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state before it is restored after.

    ``promote``: the block builds many long-lived objects that cannot form a cycle; when it is the
    outermost pause and ends without an error, they go straight to the oldest generation (see the
    module's docstring, which also lists when this is skipped).
    """
    global _depth, _restore, _promote
    if promote and _depth == 0 and _promotion_safe():
        gc.collect(1)  # the caller's young objects, collected as usual before the block's own are promoted
    else:
        promote = False
    with _lock:
        if _depth == 0:
            _restore = gc.isenabled()
            _promote = promote and _restore
        _depth += 1
        gc.disable()
    ended = False
    try:
        yield
        ended = True
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                if _promote and ended and _restore and _alone():
                    gc.freeze()  # every tracked object to the permanent generation (O(1): list splices)...
                    gc.unfreeze()  # ...and all of them on to the oldest one, none traversed
                _promote = False
                if _restore:
                    gc.enable()


@contextlib.contextmanager
def resumed() -> Iterator[None]:
    """Inside a pause, the collector runs as it would without it (for code that may leave cycles behind).

    It also cancels the pause's promotion: the cyclic garbage of the block must not reach the oldest generation.
    """
    global _promote
    with _lock:
        resume = _depth > 0 and _restore and not gc.isenabled()
        if resume:
            gc.enable()
            _promote = False
    try:
        yield
    finally:
        if resume:
            with _lock:
                if _depth > 0:
                    gc.disable()

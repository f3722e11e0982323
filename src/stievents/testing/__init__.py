"""Helpers for testing stievents and its plugins: fixtures, contract checks, tool lookup.

``stievents.testing.pytest_plugin`` is registered with pytest automatically
(entry point ``pytest11``). It changes nothing by itself: it provides the
fixtures ``fixed_now``, ``reference_event``, ``demo_event`` and
``example_events``, and ``stievents_pinned_tzdata``, which makes :mod:`zoneinfo`
read only the ``tzdata`` package during a test so output never depends on the
machine's zone files (see :func:`pinned_tzdata`). Contract checks that any
exporter or importer should pass are in :mod:`stievents.testing.contract`.
Install with ``pip install "stievents[testing]"`` to get pytest and hypothesis.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator

__all__ = ["in_ci", "pin_tzdata", "pinned_tzdata", "require_tool"]


def in_ci() -> bool:
    """True when running in CI (``CI=true``), where a missing tool is a failure."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_tool(name: str, *, why: str = "") -> str:
    """The path of command ``name``; skip the test with a visible reason if it is
    missing, or fail it under CI, where every tool must be installed."""
    import pytest

    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed" + (f" ({why})" if why else "")
        if in_ci():
            pytest.fail(f"{message}; CI must install it")
        pytest.skip(message)
    return path


def pin_tzdata() -> None:
    """Make :mod:`zoneinfo` read only the ``tzdata`` package, never the system's files, for the whole process.

    For a process of its own (a fuzzer, a test suite's ``pytest_configure``);
    inside one test use :func:`pinned_tzdata`, which puts the search path back.
    """
    _set_tzpath([])


@contextlib.contextmanager
def pinned_tzdata() -> Iterator[None]:
    """:func:`pin_tzdata` for the ``with`` block; the previous search path (and zones) come back afterwards.

    Zones are cached, so both changes clear the caches: a ``ZoneInfo`` built
    inside the block is a different object from one built outside it (they
    compare and convert the same, but ``is`` tells them apart).
    """
    import zoneinfo

    previous = list(zoneinfo.TZPATH)
    if not previous:  # already pinned (a suite-wide pin): nothing to do, nothing to undo
        yield
        return
    _set_tzpath([])
    try:
        yield
    finally:
        _set_tzpath(previous)


def _set_tzpath(path: list[str]) -> None:
    import zoneinfo

    from stievents import _time

    zoneinfo.reset_tzpath(to=path)
    zoneinfo.ZoneInfo.clear_cache()
    _time.clear_zone_cache()

"""Helpers for testing stievents and its plugins: fixtures, contract checks, tool lookup.

``stievents.testing.pytest_plugin`` is registered with pytest automatically
(entry point ``pytest11``); it pins :mod:`zoneinfo` to the ``tzdata`` package so
output never depends on the machine's zone database, and provides the
fixtures ``fixed_now``, ``reference_event``, ``demo_event`` and ``example_events``.
Contract checks that any exporter or importer should pass are in
:mod:`stievents.testing.contract`.
"""

from __future__ import annotations

import os
import shutil

__all__ = ["in_ci", "pin_tzdata", "require_tool"]


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
    """Make :mod:`zoneinfo` read only the ``tzdata`` package, never the system's files."""
    import zoneinfo

    from stievents import _time

    zoneinfo.reset_tzpath(to=[])
    zoneinfo.ZoneInfo.clear_cache()
    _time.clear_zone_cache()

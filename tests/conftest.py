"""Shared settings for the core tests.

The fixtures (``fixed_now``, ``reference_event``, ``demo_event``, ``example_events``)
come from ``stievents.testing.pytest_plugin``, which pytest loads through its
``pytest11`` entry point: nothing is redefined here. That plugin changes nothing
by itself, so this suite pins zoneinfo to tzdata for the whole run, before
collection builds any zone: golden files and offsets never depend on the
machine's zone files.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from stievents.testing import pin_tzdata

_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)  # shared helpers of these tests (fake_plugins)


def pytest_configure(config: pytest.Config) -> None:
    pin_tzdata()


settings.register_profile(
    "core",
    max_examples=25,
    deadline=None,
    # In CI the same examples every run: a failure there is reproducible, never a lucky draw.
    # Explore with HYPOTHESIS_PROFILE=thorough (random, 500 examples) on a workstation.
    derandomize=os.environ.get("CI", "").lower() in {"1", "true", "yes"},
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("thorough", parent=settings.get_profile("core"), max_examples=500, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "core"))

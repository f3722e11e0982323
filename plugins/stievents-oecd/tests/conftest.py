"""Fixtures of the stievents-oecd tests; shared helpers live in ``oecd_support``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import stievents
from stievents import model
from stievents.testing import pin_tzdata

sys.path.insert(0, str(Path(__file__).parent))

from oecd_support import NOW


def pytest_configure(config: pytest.Config) -> None:
    """Zones from the tzdata package only, for the whole run, before collection builds any (golden files)."""
    pin_tzdata()


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def examples() -> list[model.Event]:
    return [stievents.example(name) for name in stievents.example_names()]

"""Fixtures of the stievents-oecd tests; shared helpers live in ``oecd_support``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import stievents
from stievents import model

sys.path.insert(0, str(Path(__file__).parent))

from oecd_support import NOW


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def examples() -> list[model.Event]:
    return [stievents.example(name) for name in stievents.example_names()]

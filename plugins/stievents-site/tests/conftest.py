"""Fixtures of the stievents-site tests; shared helpers live in ``site_support``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from stievents.testing import pin_tzdata

sys.path.insert(0, str(Path(__file__).parent))


def pytest_configure(config: pytest.Config) -> None:
    """Zones from the tzdata package only, for the whole run: the same bytes on every machine."""
    pin_tzdata()

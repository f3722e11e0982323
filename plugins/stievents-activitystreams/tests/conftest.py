"""Settings of the stievents-activitystreams tests; makes ``as_support`` importable under --import-mode=importlib."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from stievents.testing import pin_tzdata

_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)


def pytest_configure(config: pytest.Config) -> None:
    """Zones from the tzdata package only, for the whole run, before collection builds any (golden files)."""
    pin_tzdata()

"""Settings of the stievents-schedule tests."""

from __future__ import annotations

import pytest

from stievents.testing import pin_tzdata


def pytest_configure(config: pytest.Config) -> None:
    """Zones from the tzdata package only, for the whole run, before collection builds any (golden files)."""
    pin_tzdata()

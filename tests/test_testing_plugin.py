"""The pytest plugin shipped in stievents.testing: auto-loaded, zoneinfo pinned to tzdata, fixtures."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest

import stievents


def test_plugin_is_loaded_through_its_entry_point(pytestconfig: pytest.Config) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("stievents")
    assert plugin is not None
    assert plugin.__name__ == "stievents.testing.pytest_plugin"


def test_zoneinfo_is_pinned_to_tzdata() -> None:
    assert zoneinfo.TZPATH == (), f"zoneinfo still searches the system: {zoneinfo.TZPATH}"
    assert "tzdata" in sys.modules or __import__("tzdata")
    # With no search path, zones can only come from the tzdata package.
    zone = zoneinfo.ZoneInfo("Europe/Paris")
    assert dt.datetime(2020, 3, 5, 9, 30, tzinfo=zone).utcoffset() == dt.timedelta(hours=1)


_PIN_CHECK = """
import sys, zoneinfo
from pathlib import Path
from stievents import _time
from stievents.testing import pin_tzdata
directory = Path(sys.argv[1])
zoneinfo.reset_tzpath(to=[str(directory)])
assert _time.is_valid_zone("Fake/Zone"), "a machine's zone files are used before pinning"
pin_tzdata()
assert not _time.is_valid_zone("Fake/Zone"), "zone files still used after pinning"
assert _time.is_valid_zone("Europe/Paris")
"""


def test_pin_tzdata_ignores_zone_files_on_the_search_path(tmp_path: Path) -> None:
    # In a child process: pinning clears zoneinfo's cache, which would break the identity of
    # ZoneInfo objects that other tests of this process hold.
    from importlib import resources

    (tmp_path / "Fake").mkdir()
    (tmp_path / "Fake" / "Zone").write_bytes(resources.files("tzdata").joinpath("zoneinfo", "UTC").read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONTZPATH"}
    subprocess.run([sys.executable, "-c", _PIN_CHECK, str(tmp_path)], check=True, timeout=60, env=env)


def test_fixtures(fixed_now: dt.datetime, reference_event: stievents.Event, demo_event: stievents.Event) -> None:
    assert fixed_now == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert reference_event.id == "oecd-co-creation-2020"
    assert demo_event.id == "demo-hybrid-forum"


def test_example_events_fixture(example_events: list[stievents.Event]) -> None:
    assert [e.id for e in example_events] == stievents.example_names()


def test_require_tool_skips_missing_tool_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from stievents.testing import require_tool

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        require_tool("stievents-no-such-tool-xyz")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install it"):
        require_tool("stievents-no-such-tool-xyz")
    assert require_tool(sys.executable)

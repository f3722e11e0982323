"""The pytest plugin shipped in stievents.testing: auto-loaded, fixtures only, tzdata pinning on request.

The plugin is loaded in every pytest run of every project that has stievents
installed, so what it must *not* do is checked in fresh pytest processes
(``pytester``) with a zone search path of their own.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tomllib
import zoneinfo
from pathlib import Path

import pytest

import stievents

pytest_plugins = ["pytester"]


def test_plugin_is_loaded_through_its_entry_point(pytestconfig: pytest.Config) -> None:
    plugin = pytestconfig.pluginmanager.get_plugin("stievents")
    assert plugin is not None
    assert plugin.__name__ == "stievents.testing.pytest_plugin"


def test_this_suite_pins_zoneinfo_to_tzdata() -> None:
    """tests/conftest.py pins for the whole run (the plugin no longer does it for everyone)."""
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


# ------------------------------------------------------------------ no side effects for other projects


@pytest.fixture
def other_project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A project that has stievents installed and a zone search path of its own (``PYTHONTZPATH``)."""
    zones = tmp_path / "zones"
    zones.mkdir()
    monkeypatch.setenv("PYTHONTZPATH", str(zones))
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    return zones


def test_the_plugin_leaves_zoneinfo_alone(pytester: pytest.Pytester, other_project: Path) -> None:
    pytester.makepyfile(
        f"""
        import zoneinfo

        def test_search_path_untouched():
            assert zoneinfo.TZPATH == ({str(other_project)!r},)
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_pinning_is_a_fixture_that_restores_the_search_path(pytester: pytest.Pytester, other_project: Path) -> None:
    pytester.makepyfile(
        f"""
        import zoneinfo
        import pytest

        ZONES = ({str(other_project)!r},)

        def test_a_pinned(stievents_pinned_tzdata):
            assert zoneinfo.TZPATH == ()
            assert zoneinfo.ZoneInfo("Europe/Paris").key == "Europe/Paris"  # from the tzdata package

        def test_b_restored():
            assert zoneinfo.TZPATH == ZONES

        @pytest.mark.usefixtures("stievents_pinned_tzdata")
        def test_c_by_marker():
            assert zoneinfo.TZPATH == ()

        def test_d_restored():
            assert zoneinfo.TZPATH == ZONES
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly")
    result.assert_outcomes(passed=4)


def test_contract_failures_are_shown_with_their_values(pytester: pytest.Pytester, other_project: Path) -> None:
    """The plugin registers ``stievents.testing.contract`` for assertion rewriting, as pytest's docs advise."""
    pytester.makepyfile(
        """
        import stievents.testing.contract as contract

        def test_rewritten():
            assert hasattr(contract, "@pytest_ar"), "contract was imported without assertion rewriting"
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_pinned_tzdata_outside_pytest(tmp_path: Path) -> None:
    code = """
import sys, zoneinfo
from stievents.testing import pinned_tzdata
before = zoneinfo.TZPATH
assert before == (sys.argv[1],), before
with pinned_tzdata():
    assert zoneinfo.TZPATH == ()
assert zoneinfo.TZPATH == before
"""
    env = {**os.environ, "PYTHONTZPATH": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, timeout=60, env=env)


def test_the_testing_extra_brings_pytest_and_hypothesis() -> None:
    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    extras = tomllib.loads(pyproject.read_text("utf-8"))["project"]["optional-dependencies"]
    names = {requirement.split(">")[0].split("=")[0].split("[")[0].strip() for requirement in extras["testing"]}
    assert {"pytest", "hypothesis"} <= names

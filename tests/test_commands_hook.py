"""Plugins add subcommands to ``stievents`` through ``stievents_commands`` (issue 12, item 1).

The fake plugins are in-process modules behind fake entry points, as in
test_plugins.py. Plugins are loaded only for a command that is not built in or
for the list of commands: ``--version`` and the built-in commands load none.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fake_plugins import FakeEntryPoint

import stievents
from stievents import plugins
from stievents.cli import main
from stievents.plugin_types import Command

calls: list[str] = []


def plugin(name: str, *commands: Command) -> FakeEntryPoint:
    """A plugin called ``name`` (distribution ``stievents-<name>`` 1.0) providing ``commands``."""

    def stievents_commands() -> Iterator[Command]:
        yield from commands

    def load() -> types.ModuleType:
        result = types.ModuleType(f"{name}_plugin")
        result.stievents_commands = stievents.hookimpl(stievents_commands)  # type: ignore[attr-defined]
        return result

    return FakeEntryPoint(name, load, version="1.0")


def _configure(parser: argparse.ArgumentParser) -> None:
    calls.append("configure")
    parser.add_argument("--out", default="site")
    parser.add_argument("--code", type=int, default=0)


def _run(args: argparse.Namespace) -> int:
    calls.append(f"run {args.out}")
    print(f"built {args.out}")
    code: int = args.code
    return code


def command(name: str = "site", **changes: Any) -> Command:
    fields: dict[str, Any] = {
        "name": name,
        "help": f"build the {name}",
        "configure": _configure,
        "run": _run,
        "description": f"Build the {name} from events.",
    }
    return Command(**{**fields, **changes})


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Replace the installed entry points with fakes; the registry is rebuilt around the test."""
    monkeypatch.delenv(plugins.STRICT_ENV, raising=False)
    calls.clear()

    def use(*entry_points: FakeEntryPoint) -> None:
        monkeypatch.setattr(plugins, "_entry_points", lambda: list(entry_points))
        plugins.reset()

    plugins.reset()
    yield use
    plugins.reset()


def test_a_plugin_command_runs_with_its_arguments_and_exit_code(
    install: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install(plugin("site", command()))
    assert main(["site", "--out", "public"]) == 0
    assert capsys.readouterr().out == "built public\n"
    assert main(["site", "--code", "4"]) == 4
    assert calls == ["configure", "run public", "configure", "run site"]


def test_a_plugin_command_has_its_own_help(install: Callable[..., None], capsys: pytest.CaptureFixture[str]) -> None:
    install(plugin("site", command()))
    with pytest.raises(SystemExit) as done:
        main(["site", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "Build the site from events." in out
    assert "--out" in out


def test_help_lists_plugin_commands_without_running_plugin_code(
    install: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install(plugin("site", command()), plugin("feed", command("feed")))
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert re.search(r"^ +site +build the site$", out, re.M)
    assert re.search(r"^ +feed +build the feed$", out, re.M)
    assert "convert" in out  # the built-in commands are still there
    assert calls == []  # listed by name and help line: neither configure nor run was called


def test_an_unknown_command_is_a_usage_error_listing_plugin_commands(
    install: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install(plugin("site", command()))
    assert main(["sitee"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'sitee'" in err
    assert "'site'" in err


def test_the_plugins_command_lists_the_commands_a_plugin_provides(
    install: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install(plugin("site", command(), command("serve")))
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "site\tstievents-site\t1.0\tstievents_commands; commands: serve, site\n" in out


def test_two_plugins_claiming_a_command_are_named_and_neither_runs(
    install: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install(plugin("one", command()), plugin("two", command()))
    assert main(["site"]) == 1
    err = capsys.readouterr().err
    assert "command 'site' is claimed by two plugins: 'one' (stievents-one 1.0) and 'two' (stievents-two 1.0)" in err
    assert calls == []
    assert main(["plugins"]) == 0
    assert "command 'site' is claimed by two plugins" in capsys.readouterr().err


def test_a_command_named_like_a_built_in_is_reported_and_the_built_in_runs(
    install: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install(plugin("thief", command("examples")))
    assert main(["examples"]) == 0
    assert "oecd-co-creation-2020" in capsys.readouterr().out
    assert calls == []
    assert main(["plugins"]) == 0
    err = capsys.readouterr().err
    assert "command 'examples' is claimed by plugin 'thief' (stievents-thief 1.0) and built into stievents" in err
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "command 'examples' is claimed by plugin 'thief'" in capsys.readouterr().err


def _boom(args: argparse.Namespace) -> int:
    raise RuntimeError("boom")


def _configure_boom(parser: argparse.ArgumentParser) -> None:
    raise KeyError("missing")


def _forgets(args: argparse.Namespace) -> int:
    return None  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"run": _boom}, "RuntimeError: boom"),
        ({"configure": _configure_boom}, "KeyError: 'missing'"),
        ({"run": _forgets}, "TypeError: run returned None, expected an exit code (int)"),
    ],
)
def test_a_failing_command_is_reported_naming_its_plugin(
    install: Callable[..., None], capsys: pytest.CaptureFixture[str], changes: dict[str, Any], reason: str
) -> None:
    install(plugin("site", command(**changes)), plugin("feed", command("feed")))
    assert main(["site"]) == 1
    err = capsys.readouterr().err
    assert err == f"stievents: plugin stievents-site 1.0 (command 'site') failed: {reason}\n"
    assert "Traceback" not in err
    assert main(["feed"]) == 0  # the other plugin's command keeps working


def test_debug_shows_the_plugins_traceback(install: Callable[..., None]) -> None:
    install(plugin("site", command(run=_boom)))
    with pytest.raises(stievents.PluginFailedError) as info:
        main(["--debug", "site"])
    assert isinstance(info.value.__cause__, RuntimeError)


def test_a_command_of_a_plugin_that_failed_to_load_says_so(
    install: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> object:
        raise ImportError("no module named 'jinja2'")

    install(FakeEntryPoint("site", broken, version="1.0"))
    assert main(["site"]) == 1
    err = capsys.readouterr().err
    assert "command 'site' is provided by plugin stievents-site 1.0, which failed to load" in err


def test_version_and_built_in_commands_load_no_plugin(
    install: Callable[..., None], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    loaded: list[str] = []

    def entry_points() -> list[FakeEntryPoint]:
        loaded.append("entry points")
        return [plugin("site", command())]

    monkeypatch.setattr(plugins, "_entry_points", entry_points)
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert main(["examples"]) == 0
    with pytest.raises(SystemExit):
        main(["convert", "--help"])
    assert loaded == []
    assert main(["site"]) == 0  # a command that is not built in loads them
    assert loaded == ["entry points"]


def test_version_in_a_fresh_interpreter_imports_no_plugin() -> None:
    code = """
import json, sys
from stievents.cli import main
try:
    main(["--version"])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("stievents_", "stievents._builtin", "pluggy")))))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_a_command_is_checked_when_made() -> None:
    with pytest.raises(ValueError, match="lower-kebab-case"):
        command("Site Builder")
    with pytest.raises(TypeError):
        command(run="not callable")


def test_the_command_type_is_public() -> None:
    assert stievents.Command is Command

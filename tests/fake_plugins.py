"""Fake plugins for the plugin-host tests: entry points, distributions and hook modules made in-process.

A module with a unique name (not ``conftest``), imported by the tests that install plugins without
installing distributions (``test_plugins``, ``test_plugin_isolation``, ``test_head_contribution``,
``test_commands_hook``).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import stievents

__all__ = ["FakeDist", "FakeEntryPoint", "module"]


class FakeDist:
    """What the host reads of a distribution: its name and version."""

    def __init__(self, name: str, version: str = "0.1.0") -> None:
        self.name = name
        self.version = version


class FakeEntryPoint:
    """Just what the host uses of an importlib.metadata.EntryPoint."""

    def __init__(self, name: str, load: Callable[[], object], dist: str | None = None, version: str = "0.1.0") -> None:
        self.name = name
        self._load = load
        self.dist = FakeDist(dist or f"stievents-{name}", version)

    def load(self) -> object:
        return self._load()


def module(name: str, **hooks: Callable[..., Any]) -> types.ModuleType:
    """A plugin module whose functions are marked as stievents hooks."""
    result = types.ModuleType(name)
    for hook_name, function in hooks.items():
        function.__name__ = hook_name
        setattr(result, hook_name, stievents.hookimpl(function))
    return result

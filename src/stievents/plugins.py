"""The plugin host: finds plugins by entry point, lazily, once, thread-safely.

Nothing here runs at ``import stievents``. The first call that needs a format
builds the :class:`Registry`: it registers the built-in plugin, loads each
entry point of the ``stievents.plugins`` group in its own ``try``, asks every
plugin for what it provides, and checks the names. A plugin that fails is
recorded with its reason and the others keep working, unless
``STIEVENTS_STRICT_PLUGINS=1`` makes that fatal. Two plugins claiming one name
is always an error that names both.
"""

from __future__ import annotations

import functools
import importlib
import os
import threading
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import pluggy

from stievents import _entry_points as _scanner
from stievents import hookspecs
from stievents.errors import PluginError, UnknownFormatError
from stievents.plugin_types import ClassificationScheme, Exporter, Importer, ValidationProfile

__all__ = [
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "STRICT_ENV",
    "PluginInfo",
    "Registry",
    "get_registry",
    "reset",
]

ENTRY_POINT_GROUP = "stievents.plugins"
STRICT_ENV = "STIEVENTS_STRICT_PLUGINS"
DEFAULT_PLUGINS: tuple[str, ...] = ("stievents._builtin",)
"""Modules registered in-process before any entry point: the core's own formats."""


@attrs.frozen(kw_only=True)
class PluginInfo:
    """One plugin as the host saw it: where it came from, its hooks, or why it failed."""

    name: str
    distribution: str
    version: str
    hooks: tuple[str, ...] = ()
    error: str | None = None


@attrs.frozen(kw_only=True)
class Provided:
    """Something a plugin provided, with the plugin it came from."""

    item: Any
    plugin: PluginInfo


class Registry:
    """Everything the loaded plugins provide, indexed by name and alias."""

    def __init__(self, manager: pluggy.PluginManager, plugins: list[PluginInfo]) -> None:
        self.manager = manager
        self.plugins = plugins
        self.exporters: dict[str, Provided] = {}
        self.importers: dict[str, Provided] = {}
        self.profiles: dict[str, Provided] = {}
        self.schemes: dict[str, Provided] = {}

    @property
    def failures(self) -> list[PluginInfo]:
        """Plugins that could not be loaded, with their reasons."""
        return [p for p in self.plugins if p.error is not None]

    def exporter(self, name: str) -> Exporter:
        """The exporter called ``name`` (or an alias of it)."""
        item: Exporter = _lookup(self.exporters, name, "export format")
        return item

    def importer(self, name: str) -> Importer:
        """The importer called ``name`` (or an alias of it)."""
        item: Importer = _lookup(self.importers, name, "import format")
        return item

    def profile(self, name: str) -> ValidationProfile:
        """The validation profile called ``name``."""
        item: ValidationProfile = _lookup(self.profiles, name, "validation profile")
        return item


def _lookup(table: dict[str, Provided], name: str, what: str) -> Any:
    try:
        return table[name].item
    except KeyError:
        primary = sorted({p.item.name for p in table.values()})
        raise UnknownFormatError(f"unknown {what} {name!r}; installed: {', '.join(primary) or 'none'}") from None


_lock = threading.Lock()
_registry: Registry | None = None


def get_registry() -> Registry:
    """The registry, built on first call (thread-safe; later calls are a read)."""
    global _registry
    registry = _registry
    if registry is None:
        with _lock:
            if _registry is None:
                _registry = _build()
            registry = _registry
    return registry


def reset() -> None:
    """Forget the registry so the next use loads plugins again (for tests)."""
    global _registry
    with _lock:
        _registry = None


def _strict() -> bool:
    return os.environ.get(STRICT_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _entry_points() -> Iterable[Any]:
    """The installed entry points of our group (a seam tests can replace).

    Read by :mod:`stievents._entry_points`, which gives what
    ``importlib.metadata.entry_points(group=...)`` gives without importing it
    (that import alone cost as much as importing attrs).
    """
    return _scanner.entry_points(ENTRY_POINT_GROUP)


def _core_info(module_name: str) -> PluginInfo:
    version = _scanner.distribution_version("stievents")
    if version is None:  # pragma: no cover - source checkout
        version = "0+unknown"
    return PluginInfo(name=module_name, distribution="stievents", version=version)


def _build() -> Registry:
    manager = pluggy.PluginManager("stievents")
    manager.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    strict = _strict()

    def fail(info: PluginInfo, why: str) -> None:
        infos.append(attrs.evolve(info, error=why))
        if strict:
            raise PluginError(f"plugin {info.name!r} ({info.distribution} {info.version}) failed: {why}")

    candidates: list[tuple[PluginInfo, Callable[[], object]]] = [
        (_core_info(name), functools.partial(importlib.import_module, name)) for name in DEFAULT_PLUGINS
    ]
    for entry_point in sorted(_entry_points(), key=lambda ep: ep.name):
        dist = entry_point.dist
        info = PluginInfo(
            name=entry_point.name,
            distribution=dist.name if dist is not None else "unknown",
            version=dist.version if dist is not None else "unknown",
        )
        candidates.append((info, entry_point.load))

    for info, load in candidates:
        try:
            plugin = load()
            if manager.is_registered(plugin) or manager.get_plugin(info.name) is not None:
                raise PluginError(f"plugin name {info.name!r} is registered twice")
            manager.register(plugin, name=info.name)
            hooks = tuple(sorted(h.name for h in manager.get_hookcallers(plugin) or ()))
            _check_pending(manager, plugin, info)
        except PluginError as exc:
            fail(info, str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - any failure of third-party code is reported
            fail(info, f"{type(exc).__name__}: {exc}")
            continue
        infos.append(attrs.evolve(info, hooks=hooks))

    registry = Registry(manager, infos)
    ok = {p.name: p for p in infos if p.error is None}
    for plugin_name, info in list(ok.items()):
        plugin = manager.get_plugin(plugin_name)
        try:
            _collect(registry, plugin, info)
        except PluginError:
            raise
        except Exception as exc:
            manager.unregister(plugin)
            index = registry.plugins.index(info)
            registry.plugins[index] = attrs.evolve(info, error=f"{type(exc).__name__}: {exc}")
            if strict:
                raise PluginError(f"plugin {info.name!r} failed: {type(exc).__name__}: {exc}") from exc
    return registry


def _check_pending(manager: pluggy.PluginManager, plugin: object, info: PluginInfo) -> None:
    """Refuse a plugin that marks a function as a hook we do not define (a misspelt hook)."""
    known = {name for name in dir(hookspecs) if name.startswith("stievents_")}
    marked = [
        name
        for name in dir(plugin)
        if getattr(getattr(plugin, name, None), "stievents_impl", None) is not None and name not in known
    ]
    if marked:
        raise PluginError(f"unknown hook(s) {', '.join(marked)}; known hooks: {', '.join(sorted(known))}")


_COLLECTED: tuple[tuple[str, type, str, str], ...] = (
    ("stievents_exporters", Exporter, "exporters", "export format"),
    ("stievents_importers", Importer, "importers", "import format"),
    ("stievents_validation_profiles", ValidationProfile, "profiles", "validation profile"),
    ("stievents_classification_schemes", ClassificationScheme, "schemes", "classification scheme"),
)


def _collect(registry: Registry, plugin: object, info: PluginInfo) -> None:
    """Ask one plugin for everything it provides, then index it, refusing name clashes."""
    staged: list[tuple[dict[str, Provided], str, Provided, str]] = []
    for hook, kind, table_name, what in _COLLECTED:
        caller = getattr(registry.manager.hook, hook)
        for impl in caller.get_hookimpls():
            if impl.plugin is not plugin:
                continue
            for item in impl.function() or ():
                if not isinstance(item, kind):
                    raise TypeError(f"{hook} yielded {type(item).__name__}, expected {kind.__name__}")
                # a scheme is looked up by its id (a classification cites "un-sdg"); its name is a label
                key = item.id if isinstance(item, ClassificationScheme) else getattr(item, "name", "")
                names = (key, *getattr(item, "aliases", ()))
                for name in names:
                    staged.append((getattr(registry, table_name), name, Provided(item=item, plugin=info), what))
    for table, name, provided, what in staged:
        other = table.get(name)
        if other is not None and other.plugin.name != info.name:
            raise PluginError(
                f"{what} {name!r} is claimed by two plugins: {other.plugin.name!r}"
                f" ({other.plugin.distribution} {other.plugin.version}) and {info.name!r}"
                f" ({info.distribution} {info.version})"
            )
        table[name] = provided

"""The plugin host: finds plugins by entry point, lazily, once, thread-safely.

Nothing here runs at ``import stievents``. The first call that needs a format
builds the :class:`Registry`: it registers the built-in plugin, loads each
entry point of the ``stievents.plugins`` group in its own ``try``, asks every
plugin for what it provides, and checks the names. A plugin that fails is
recorded with its reason and the others keep working, unless
``STIEVENTS_STRICT_PLUGINS=1`` makes that fatal. A name two plugins claim is
unusable (asking for it raises an error naming both) while every other name
works; strict mode makes that fatal too.

Each plugin fails alone and by name: the functions a plugin provides (an
exporter's ``write``, an importer's ``read``, a profile's ``check``) are
wrapped when the plugin is indexed, so that an exception stievents did not
expect becomes a :class:`~stievents.errors.PluginFailedError` naming the
plugin, wherever the function is called from. The core's own plugin is not
wrapped: its bugs are ours.
"""

from __future__ import annotations

import functools
import importlib
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import attrs
import pluggy

from stievents import _entry_points as _scanner
from stievents import hookspecs
from stievents.errors import (
    FormatUnavailableError,
    PluginError,
    PluginFailedError,
    StieventsError,
    UnknownFormatError,
)
from stievents.plugin_types import ClassificationScheme, Command, Exporter, Importer, ValidationProfile

__all__ = [
    "DEFAULT_PLUGINS",
    "ENTRY_POINT_GROUP",
    "STRICT_ENV",
    "Conflict",
    "PluginInfo",
    "Registry",
    "blamed",
    "get_registry",
    "reset",
    "strict_mode",
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


@attrs.frozen(kw_only=True)
class Conflict:
    """A name that several plugins claim, which therefore none of them provides."""

    what: str  # "export format", "import format", "validation profile", "classification scheme", "command"
    name: str
    plugins: tuple[PluginInfo, ...]

    @property
    def message(self) -> str:
        """Names every claimant, so the user knows which distribution to uninstall."""
        claimants = " and ".join(f"{p.name!r} ({p.distribution} {p.version})" for p in self.plugins)
        count = "two" if len(self.plugins) == 2 else str(len(self.plugins))
        return f"{self.what} {self.name!r} is claimed by {count} plugins: {claimants}; uninstall all but one to use it"


class Registry:
    """Everything the loaded plugins provide, indexed by name and alias."""

    def __init__(self, manager: pluggy.PluginManager, plugins: list[PluginInfo]) -> None:
        self.manager = manager
        self.plugins = plugins
        self.exporters: dict[str, Provided] = {}
        self.importers: dict[str, Provided] = {}
        self.profiles: dict[str, Provided] = {}
        self.schemes: dict[str, Provided] = {}
        self.commands: dict[str, Provided] = {}
        """Subcommands of ``stievents`` that plugins add (the CLI's own commands are not here: see cli.py)."""
        self.conflicts: dict[tuple[str, str], Conflict] = {}
        """Names claimed by several plugins, by ``(what, name)``; none of the tables holds them."""

    @property
    def failures(self) -> list[PluginInfo]:
        """Plugins that could not be loaded, with their reasons."""
        return [p for p in self.plugins if p.error is not None]

    def exporter(self, name: str) -> Exporter:
        """The exporter called ``name`` (or an alias of it)."""
        item: Exporter = self._lookup(self.exporters, name, "export format")
        return item

    def importer(self, name: str) -> Importer:
        """The importer called ``name`` (or an alias of it)."""
        item: Importer = self._lookup(self.importers, name, "import format")
        return item

    def profile(self, name: str) -> ValidationProfile:
        """The validation profile called ``name``."""
        item: ValidationProfile = self._lookup(self.profiles, name, "validation profile")
        return item

    def command(self, name: str) -> Command:
        """The plugin command called ``name`` (a conflict or a failed plugin says so, as for formats)."""
        item: Command = self._lookup(self.commands, name, "command")
        return item

    def _lookup(self, table: dict[str, Provided], name: str, what: str) -> Any:
        provided = table.get(name)
        if provided is not None:
            return provided.item
        conflict = self.conflicts.get((what, name))
        if conflict is not None:
            raise FormatUnavailableError(conflict.message)
        raise self._missing(table, name, what)

    def _missing(self, table: dict[str, Provided], name: str, what: str) -> StieventsError:
        """Why ``name`` is not in ``table``: a plugin that failed to load, or it is unknown.

        A failed plugin was never imported, so what it would provide is guessed
        from what its metadata says: its entry point name or its distribution
        name (``stievents-atom``) equal to the name asked for or to its first
        word (``atom`` for ``atom-html``). When nothing matches, the format is
        unknown, and the message still counts the plugins that failed.
        """
        primary = sorted({p.item.name for p in table.values()})
        failed = self.failures
        suspects = [p for p in failed if _may_provide(p, name)]
        if len(suspects) == 1:
            (plugin,) = suspects
            return FormatUnavailableError(
                f"{what} {name!r} is provided by plugin {plugin.distribution} {plugin.version},"
                f" which failed to load: {plugin.error}"
            )
        if suspects:
            reasons = "; ".join(f"{p.distribution} {p.version}: {p.error}" for p in suspects)
            return FormatUnavailableError(
                f"{what} {name!r} is provided by one of these plugins, which failed to load: {reasons}"
            )
        message = f"unknown {what} {name!r}; installed: {', '.join(primary) or 'none'}"
        if failed:
            plural = "plugin" if len(failed) == 1 else "plugins"
            names = ", ".join(f"{p.distribution} {p.version}" for p in failed)
            message += f" ({len(failed)} {plural} failed to load: {names}; see `stievents plugins`)"
        return UnknownFormatError(message)


def _may_provide(plugin: PluginInfo, name: str) -> bool:
    """Whether the names of a plugin that failed to load say it provides ``name``."""

    def normal(text: str) -> str:
        return text.lower().replace("_", "-").replace(".", "-")

    names = {normal(plugin.name), normal(plugin.distribution), normal(plugin.distribution).removeprefix("stievents-")}
    return normal(name) in names or normal(name).partition("-")[0] in names


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


def strict_mode() -> bool:
    """Whether ``STIEVENTS_STRICT_PLUGINS`` makes any plugin failure fatal."""
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
    strict = strict_mode()

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
            _collect(registry, plugin, info, strict=strict)
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
    ("stievents_commands", Command, "commands", "command"),
)


def _collect(registry: Registry, plugin: object, info: PluginInfo, *, strict: bool) -> None:
    """Ask one plugin for everything it provides, then index it; a name claimed twice becomes a conflict."""
    staged: list[tuple[dict[str, Provided], str, Provided, str]] = []
    ours = info.name in DEFAULT_PLUGINS
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
                provided = Provided(item=item if ours else _blame_item(item, info), plugin=info)
                for name in names:
                    staged.append((getattr(registry, table_name), name, provided, what))
    for table, name, provided, what in staged:
        conflict = registry.conflicts.get((what, name))
        if conflict is None:
            other = table.get(name)
            if other is None or other.plugin.name == info.name:
                table[name] = provided
                continue
            del table[name]
            conflict = Conflict(what=what, name=name, plugins=(other.plugin, info))
        elif info not in conflict.plugins:
            conflict = attrs.evolve(conflict, plugins=(*conflict.plugins, info))
        if strict:
            raise PluginError(conflict.message)
        registry.conflicts[(what, name)] = conflict


_OURS: tuple[type[BaseException], ...] = (StieventsError, OSError, MemoryError)
"""What passes out of a plugin's function unchanged: documented errors, the system's, running out of memory.

``KeyboardInterrupt`` and ``SystemExit`` are not :class:`Exception` and pass too.
"""

_F = TypeVar("_F", bound=Callable[..., Any])


def blamed(function: _F, plugin: PluginInfo, what: str, format: str | None) -> _F:
    """``function`` that raises :class:`PluginFailedError` naming ``plugin`` when it fails unexpectedly.

    ``what`` says what was running (``format 'atom'``), ``format`` is its name
    (``None`` for a hook). The original exception is the ``__cause__``.
    """

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except _OURS:
            raise
        except Exception as exc:
            raise PluginFailedError(
                plugin=plugin.name,
                distribution=plugin.distribution,
                version=plugin.version,
                format=format,
                what=what,
                reason=f"{type(exc).__name__}: {exc}",
            ) from exc

    return call  # type: ignore[return-value]


def _blame_item(item: Any, info: PluginInfo) -> Any:
    """``item`` with the plugin code it carries wrapped by :func:`blamed` (a scheme's code functions too)."""
    if isinstance(item, Exporter):
        return attrs.evolve(item, write=blamed(item.write, info, f"format {item.name!r}", item.name))
    if isinstance(item, Importer):
        return attrs.evolve(item, read=blamed(item.read, info, f"format {item.name!r}", item.name))
    if isinstance(item, ValidationProfile):
        check = item.check

        def check_all(events: Sequence[Any]) -> list[Any]:
            return list(check(events))  # a generator fails when consumed: consume it here, under the blame

        return attrs.evolve(item, check=blamed(check_all, info, f"validation profile {item.name!r}", item.name))
    if isinstance(item, Command):
        run = item.run
        name = item.name

        def run_checked(args: Any) -> int:
            code = run(args)
            if not isinstance(code, int) or isinstance(code, bool):  # an exit code, not a forgotten return
                raise TypeError(f"run returned {code!r}, expected an exit code (int)")
            return code

        what = f"command {name!r}"
        return attrs.evolve(
            item, configure=blamed(item.configure, info, what, name), run=blamed(run_checked, info, what, name)
        )
    if isinstance(item, ClassificationScheme):  # codes given as a function run later, when first read
        what = f"classification scheme {item.id!r}"
        sources: dict[str, Any] = {"codes": item._codes, "code_iris": item._code_iris}
        changes: dict[str, Any] = {k: blamed(v, info, what, None) for k, v in sources.items() if callable(v)}
        return attrs.evolve(item, **changes) if changes else item
    return item

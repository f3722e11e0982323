"""Entry points of one group, read from ``sys.path`` without importing :mod:`importlib.metadata`.

Importing :mod:`importlib.metadata` costs about as much as importing attrs (it pulls
in ``email``, ``zipfile``, ``pathlib``...), which the first ``stievents.formats()``
cannot afford. This scanner does what ``importlib.metadata.entry_points(
group=...)`` does for the common case, plain directories on ``sys.path``:

* every ``*.dist-info`` and ``*.egg-info`` child of every ``sys.path`` directory,
  in ``sys.path`` order and, within a directory, grouped by normalised name in
  listing order, is a distribution;
* a distribution whose normalised name was already seen is shadowed (the first
  ``sys.path`` entry wins), whether or not it declares entry points;
* ``entry_points.txt`` is read as the PyPA entry points spec and
  ``importlib.metadata`` read it (stripped lines, ``#`` comments, ``[group]``
  headers, ``name = value``);
* ``Name`` and ``Version`` come from the ``METADATA`` headers, read only for the
  distributions that declare an entry point of the group.

Whenever something is not that common case (a zip or ``.egg`` on ``sys.path``, a
metadata finder other than the path finder, an undecodable file, a name or
header this parser would have to guess about), the answer comes from
:mod:`importlib.metadata` itself, for the whole scan or for the one
distribution or entry point concerned, so behaviour stays identical.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import Any

__all__ = ["ScannedDistribution", "ScannedEntryPoint", "Unusual", "distribution_version", "entry_points"]

_INFO_SUFFIXES = (".dist-info", ".egg-info")
# importlib.metadata.EntryPoint.pattern: "module", "module:attr", "module:attr [extras]"
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")
# email.feedparser.headerRE: the header block ends at the first line not matching it
_HEADER_LINE = re.compile(r"^(From |[\041-\071\073-\176]*:|[\t ])")


class Unusual(Exception):
    """Something the scanner leaves to :mod:`importlib.metadata`."""


def _normalize(name: str) -> str:
    """``importlib.metadata.Prepared.normalize``: PEP 503 with underscores."""
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _read(path: str) -> str | None:
    """A metadata file's text as ``PathDistribution.read_text`` reads it (``None`` when absent)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None
    except UnicodeDecodeError:
        raise Unusual(f"{path} is not UTF-8") from None


def _headers(text: str, wanted: tuple[str, ...]) -> dict[str, str]:
    """The first value of each ``wanted`` header, as ``email`` (policy compat32) would give it.

    ``text`` was read with universal newlines, so lines end with ``\\n`` only, the
    one line break (with ``\\r``) the email parser splits on.
    """
    found: dict[str, str] = {}
    taken: str | None = None  # the wanted header the previous line gave, if any
    for line in text.split("\n"):
        if not line or not _HEADER_LINE.match(line):
            break  # the blank line (or first non-header line) ends the headers
        if line[0] in " \t":
            if taken is not None:
                raise Unusual(f"folded {taken} header")
            continue
        key, _, value = line.partition(":")
        taken = None
        for name in wanted:
            if key.lower() == name.lower() and name not in found:
                found[name] = value.lstrip(" \t")
                taken = name
    return found


class ScannedDistribution:
    """A ``*.dist-info``/``*.egg-info`` directory; ``name``/``version`` read on first use."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._metadata: dict[str, str] | None = None

    def _field(self, key: str) -> Any:
        if self._metadata is None:
            try:
                text = _read(os.path.join(self.path, "METADATA")) or _read(os.path.join(self.path, "PKG-INFO"))
                if not text:
                    raise Unusual("no METADATA")
                headers = _headers(text, ("Name", "Version"))
                if len(headers) != 2:
                    raise Unusual("Name or Version missing")
            except Unusual:
                return getattr(self._fallback(), key.lower())
            self._metadata = headers
        return self._metadata[key]

    def _fallback(self) -> Any:
        import importlib.metadata
        import pathlib

        return importlib.metadata.PathDistribution(pathlib.Path(self.path))

    @property
    def name(self) -> Any:
        """The ``Name`` header (``str``)."""
        return self._field("Name")

    @property
    def version(self) -> Any:
        """The ``Version`` header (``str``)."""
        return self._field("Version")

    def __repr__(self) -> str:
        return f"ScannedDistribution({self.path!r})"


class ScannedEntryPoint:
    """What the plugin host uses of an ``importlib.metadata.EntryPoint``."""

    def __init__(self, name: str, value: str, group: str, dist: ScannedDistribution) -> None:
        self.name = name
        self.value = value
        self.group = group
        self.dist = dist

    def load(self) -> Any:
        """The object the entry point names, imported as ``EntryPoint.load`` does."""
        import importlib

        match = _VALUE.match(self.value)
        if match is None:  # let importlib.metadata fail the way it fails
            import importlib.metadata

            return importlib.metadata.EntryPoint(name=self.name, value=self.value, group=self.group).load()
        target: Any = importlib.import_module(match.group("module"))
        for attr in filter(None, (match.group("attr") or "").split(".")):
            target = getattr(target, attr)
        return target

    def __repr__(self) -> str:
        return f"ScannedEntryPoint(name={self.name!r}, value={self.value!r}, group={self.group!r})"


def _check_finders() -> None:
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and getattr(finder, "find_distributions", None) is not None:
            raise Unusual(f"metadata finder {finder!r}")


def _infos(entry: str) -> list[tuple[str, str]]:
    """``(normalised name, path)`` of each distribution in one ``sys.path`` entry, in importlib's order."""
    if not isinstance(entry, str):
        raise Unusual(f"sys.path entry {entry!r}")
    if os.path.basename(entry).lower().endswith(".egg"):
        raise Unusual(f"egg {entry}")
    try:
        children = os.listdir(entry or ".")
    except OSError:
        if os.path.exists(entry or "."):
            raise Unusual(f"{entry} is not a directory") from None  # a zip, or unreadable
        return []
    grouped: dict[str, list[str]] = {}
    for child in children:
        low = child.lower()
        if low.endswith(_INFO_SUFFIXES):
            ext = os.path.splitext(child)[1]
            if ext not in _INFO_SUFFIXES:
                raise Unusual(f"upper-case suffix {child}")  # importlib then reads the name from METADATA
            # the key importlib.metadata groups by, equal to the one it dedupes by (from ``stem``)
            key = _normalize(low.rpartition(".")[0].partition("-")[0])
            grouped.setdefault(key, []).append(os.path.join(entry, child))
    return [(key, path) for key, paths in grouped.items() for path in paths]


def _parse(text: str, group: str) -> list[tuple[str, str]]:
    """``(name, value)`` of each entry point of ``group`` in an ``entry_points.txt``."""
    found: list[tuple[str, str]] = []
    section: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section is None:
            continue  # importlib.metadata ignores lines before the first section
        if "=" not in line:
            raise Unusual(f"entry point line {line!r}")  # importlib.metadata raises ValueError, in any group
        if section == group:
            name, value = line.split("=", 1)
            found.append((name.strip(), value.strip()))
    return found


def _scan(group: str) -> list[ScannedEntryPoint]:
    _check_finders()
    seen: set[str] = set()
    result: list[ScannedEntryPoint] = []
    for entry in sys.path:
        for key, path in _infos(entry):
            if key in seen:
                continue
            seen.add(key)
            text = _read(os.path.join(path, "entry_points.txt"))
            if not text:
                continue
            dist = ScannedDistribution(path)
            result.extend(ScannedEntryPoint(name, value, group, dist) for name, value in _parse(text, group))
    return result


def entry_points(group: str) -> Iterable[Any]:
    """The entry points of ``group``, in ``importlib.metadata.entry_points(group=group)`` order."""
    try:
        return _scan(group)
    except Unusual:
        import importlib.metadata

        return importlib.metadata.entry_points(group=group)


def distribution_version(name: str) -> str | None:
    """The version of the first distribution called ``name`` on ``sys.path``; ``None`` if none is."""
    try:
        _check_finders()
        key = _normalize(name)
        for entry in sys.path:
            for found, path in _infos(entry):
                if found == key:
                    version: str = ScannedDistribution(path).version
                    return version
        return None
    except Unusual:
        import importlib.metadata

        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return None

"""The incremental writer: render only what changed, write only what differs, keep ``manifest.json``.

Each output comes with a *key*, the digest of what it is made from (see
:mod:`stievents_site.keys`). For each output of a build:

1. If the previous build recorded the same key, and the file is still the one
   it wrote, nothing is rendered. "Still the one it wrote" is checked cheaply:
   the file's size and ``mtime_ns`` are those recorded in the build state
   (:data:`STATE`, beside the manifest); when they are not (or with
   ``verify=True``) the file is read again and its SHA-256 compared with the
   manifest's.
2. Otherwise the output is rendered; when its bytes are those already on disk
   (same SHA-256 as the manifest's, file intact) nothing is written either.
3. Otherwise the file is written atomically: a temporary file beside it, then
   :func:`os.replace`, so no reader ever sees half a file.

Files the previous manifest listed and this build does not make are removed
(and folders left empty by that). Files the manifest did not list are never
touched: the build refuses at the start, before writing anything, when it would
have to replace one, and refuses a non-empty folder without a manifest. When a
build adds files, the manifest is first rewritten to list them as pending, so
that a build interrupted half way leaves files the next build knows as its own.

``manifest.json`` holds only what describes the site (digests, sizes, media
types, ``lastmod``, keys): two builds of the same inputs are byte-identical
wherever they run. File times are machine facts; they live in :data:`STATE`,
a hidden cache file that is not part of the site (deleting it only makes the
next build re-read every file once). The build may keep other derived facts
there for the next build (:attr:`SiteWriter.cache`), such as the related
events of each page.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import json.encoder
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from stievents_site.errors import SiteError

__all__ = ["MANIFEST", "STATE", "Entry", "Output", "SiteWriter", "WriteStats"]

MANIFEST = "manifest.json"
STATE = ".stievents-site-state.json"
_STATE_VERSION = 1


class Entry(NamedTuple):
    """A file as the manifest records it; ``sha256`` and ``size`` are ``None`` while it is pending.

    A named tuple: a large site's manifest holds a hundred thousand of them.
    """

    sha256: str | None
    size: int | None
    media_type: str
    lastmod: str | None
    key: str

    def as_json(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "size": self.size,
            "media_type": self.media_type,
            "lastmod": self.lastmod,
            "key": self.key,
        }

    def json_text(self) -> str:
        """:meth:`as_json` as JSON text, keys sorted (the same text ``json.dumps(..., sort_keys=True)`` gives)."""
        if self.sha256 is None or not _SIMPLE.fullmatch(self.media_type) or not _HEX.fullmatch(self.key):
            return json.dumps(self.as_json(), ensure_ascii=False, sort_keys=True)
        lastmod = "null" if self.lastmod is None else json.dumps(self.lastmod)
        return (
            f'{{"key": "{self.key}", "lastmod": {lastmod}, "media_type": "{self.media_type}",'
            f' "sha256": "{self.sha256}", "size": {self.size}}}'
        )


_SIMPLE = re.compile(r"[a-z0-9/+.;= -]*")
_HEX = re.compile(r"[0-9a-f]*")


@attrs.frozen(kw_only=True)
class Output:
    """One file a build makes: where, from what (``key``), and how to make its bytes."""

    path: str
    key: str
    media_type: str
    lastmod: str | None
    render: Callable[[], bytes] = attrs.field(eq=False, repr=False)


@attrs.define
class WriteStats:
    """What a build did, for its report and its tests."""

    kept: int = 0  # not rendered: same key, file intact
    rendered: int = 0  # rendered, bytes unchanged: not written
    written: list[str] = attrs.field(factory=list)
    removed: list[str] = attrs.field(factory=list)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


class SiteWriter:
    """Writes one build's outputs into ``directory`` (see the module's docstring).

    Use: :meth:`plan` with every output path (checks, before anything is
    written), then :meth:`emit` for each output, then :meth:`finish`.
    ``force`` renders every output whatever its key (still writing only
    changed bytes); ``verify`` re-reads every kept file instead of trusting
    its size and time.
    """

    def __init__(self, directory: Path, generator: str, *, verify: bool = False, force: bool = False) -> None:
        self.directory = directory
        self.generator = generator
        self.verify = verify
        self.force = force
        self.stats = WriteStats()
        self._fresh = False  # the folder holds nothing (but perhaps the state file): no file can be in the way
        self.previous = self._load_manifest()
        self.state, self.cache = self._load_state() if self.previous else ({}, {})
        self.new_cache: dict[str, Any] = {}
        self.entries: dict[str, Entry] = {}
        self.times: dict[str, tuple[int, int]] = {}
        self._made_dirs: set[Path] = set()
        self._planned: set[str] = set()

    # ------------------------------------------------------------ reading the previous build

    def _load_manifest(self) -> dict[str, Entry]:
        target = self.directory
        if not target.exists():
            self._fresh = True
            return {}
        if not target.is_dir():
            raise SiteError(f"{target}: error: the output is not a folder")
        manifest = target / MANIFEST
        if not manifest.exists():
            others = sorted(p.name for p in target.iterdir() if p.name != STATE)
            if others:
                shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
                raise SiteError(
                    f"{target}: error: the folder holds other files ({shown}) and no {MANIFEST}; a site is built"
                    " into an empty folder or one a previous build made (choose another folder, or empty this one)"
                )
            self._fresh = True
            return {}
        try:
            document = json.loads(manifest.read_bytes())
            if not str(document.get("generator", "")).startswith("stievents-site"):
                raise ValueError("it was not written by stievents-site")
            files = document["files"]
            return {
                path: Entry(f["sha256"], f["size"], f["media_type"], f["lastmod"], f["key"])
                for path, f in files.items()
            }
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise SiteError(
                f"{manifest}: error: not a manifest of stievents-site ({exc}); the folder is left as it is"
            ) from None

    def _load_state(self) -> tuple[dict[str, tuple[int, int]], dict[str, Any]]:
        """The files' sizes and times, and what the build keeps for the next (:attr:`cache`, :attr:`new_cache`)."""
        try:
            document = json.loads((self.directory / STATE).read_bytes())
            if document.get("version") != _STATE_VERSION:
                return {}, {}
            files = {path: (int(size), int(mtime)) for path, (size, mtime) in document["files"].items()}
            cache = document.get("cache", {})
            return files, cache if isinstance(cache, dict) else {}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}, {}  # a missing or damaged cache: every kept file is read again once

    # ------------------------------------------------------------ the plan

    def plan(self, paths: Iterable[str]) -> None:
        """Check the outputs' paths before any writing; list new ones as pending in the manifest.

        Raises :class:`SiteError` naming the first file this build would replace
        without having written it (a file the previous manifest does not list).
        """
        planned = set(paths)
        self._planned = planned
        foreign = []
        folders: dict[str, bool] = {}  # whether a folder of the outputs' paths is a file no build wrote
        for path in () if self._fresh else sorted(planned):
            if path in self.previous:
                continue
            target = self.directory / path
            if os.path.lexists(target):
                foreign.append(path)
            else:
                for parent in Path(path).parents:
                    name = str(parent)
                    if name == ".":
                        continue
                    blocked = folders.get(name)
                    if blocked is None:
                        blocked = folders[name] = (self.directory / parent).is_file() and name not in self.previous
                    if blocked:
                        foreign.append(name)
                        break
        if foreign:
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            raise SiteError(
                f"{self.directory}: error: the build would replace {shown}, which no previous build wrote"
                f" ({MANIFEST} does not list it); nothing was written. Move the file away or build elsewhere"
            )
        new = planned - set(self.previous)
        if new:
            pending = dict(self.previous)
            for path in new:
                pending[path] = Entry(sha256=None, size=None, media_type="", lastmod=None, key="")
            self._write_manifest(pending)

    # ------------------------------------------------------------ one output

    def _intact(self, path: str, entry: Entry) -> bool:
        """Whether the file at ``path`` is the one ``entry`` describes (stat first, digest when in doubt)."""
        if entry.sha256 is None:
            return False
        target = self.directory / path
        try:
            status = target.stat()
        except OSError:
            return False
        if status.st_size != entry.size:
            return False
        recorded = self.state.get(path)
        if not self.verify and recorded == (status.st_size, status.st_mtime_ns):
            self.times[path] = recorded
            return True
        if _file_sha256(target) != entry.sha256:
            return False
        self.times[path] = (status.st_size, status.st_mtime_ns)
        return True

    def emit(self, output: Output) -> None:
        """Make ``output``: kept, rendered but unchanged, or written (see the module's docstring)."""
        previous = self.previous.get(output.path)
        if (
            previous is not None
            and not self.force
            and previous.key == output.key
            and self._intact(output.path, previous)
        ):
            self.entries[output.path] = previous._replace(media_type=output.media_type, lastmod=output.lastmod)
            self.stats.kept += 1
            return
        data = output.render()
        digest = _sha256(data)
        entry = Entry(
            sha256=digest, size=len(data), media_type=output.media_type, lastmod=output.lastmod, key=output.key
        )
        self.entries[output.path] = entry
        if previous is not None and previous.sha256 == digest and self._intact(output.path, previous):
            self.stats.rendered += 1
            return
        self._write(output.path, data)
        self.stats.written.append(output.path)

    def _write(self, path: str, data: bytes) -> None:
        target = self.directory / path
        folder = target.parent
        if folder not in self._made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            self._made_dirs.add(folder)
        temporary = folder / f".{target.name}.{os.getpid()}.tmp"
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
                stream.flush()
                # the last write set the time; closing and renaming keep it (a file system that sets it
                # later only makes the next build read the file once, see _intact)
                status = os.fstat(descriptor)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self.times[path] = (status.st_size, status.st_mtime_ns)

    # ------------------------------------------------------------ the end

    def finish(self) -> None:
        """Remove what the previous build made and this one did not; write the manifest and the state."""
        for path in sorted(set(self.previous) - set(self.entries)):
            target = self.directory / path
            if target.is_file() or target.is_symlink():
                target.unlink()
                self.stats.removed.append(path)
            self._prune(posixpath.dirname(path))
        manifest_path = self.directory / MANIFEST
        data = self._manifest_bytes(self.entries)
        if not manifest_path.exists() or _file_sha256(manifest_path) != _sha256(data):
            self._write(MANIFEST, data)
            self.stats.written.append(MANIFEST)
        self.times.pop(MANIFEST, None)
        state = {
            "version": _STATE_VERSION,
            "cache": self.new_cache,
            "files": {p: list(t) for p, t in sorted(self.times.items())},
        }
        state_bytes = json.dumps(state, separators=(",", ":")).encode("ascii") + b"\n"
        state_path = self.directory / STATE
        if not state_path.exists() or state_path.read_bytes() != state_bytes:
            self._write(STATE, state_bytes)

    def _prune(self, folder: str) -> None:
        """Remove ``folder`` and its parents while they are empty (never the output folder itself)."""
        while folder:
            try:
                (self.directory / folder).rmdir()
            except OSError:
                return
            folder = posixpath.dirname(folder)

    def _manifest_bytes(self, entries: dict[str, Entry]) -> bytes:
        """The manifest: keys sorted, one file a line (fast to write and to diff; the same for the same site)."""

        def text(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False, sort_keys=True)

        quote = json.encoder.encode_basestring  # json.dumps(path, ensure_ascii=False), without its overhead
        lines = [f"  {quote(path)}: {entries[path].json_text()}" for path in sorted(entries)]
        body = ",\n".join(lines)
        files = f"{{\n{body}\n }}" if lines else "{}"
        return f'{{\n "files": {files},\n "generator": {text(self.generator)}\n}}\n'.encode()

    def _write_manifest(self, entries: dict[str, Entry]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._write(MANIFEST, self._manifest_bytes(entries))
        self.times.pop(MANIFEST, None)

"""The incremental writer: render only what changed, write only what differs, keep ``manifest.json``.

Each output comes with a *key*, the digest of what it is made from (see
:mod:`stievents_site.keys`). For each output of a build:

1. If the previous build recorded the same key, and the file is still the one
   it wrote, nothing is rendered. "Still the one it wrote" is checked cheaply:
   the file's size and ``mtime_ns`` are those recorded in the build state
   (:data:`STATE`, beside the manifest); when they are not (or with
   ``verify=True``) the file is read again and its SHA-256 compared with the
   manifest's.
2. Otherwise the output is rendered into a sink (:class:`Sink`) that hashes
   the bytes as they come; when they are those already on disk (same SHA-256
   as the manifest's, file intact) nothing is written either.
3. Otherwise the file is written atomically: a temporary file beside it, then
   :func:`os.replace`, so no reader ever sees half a file.

Memory stays bounded whatever the site's size: outputs are planned one at a
time (the build hands them over as it plans them), a sink holds at most
:data:`SPOOL` bytes before it moves them to the temporary file (a feed of the
whole site is tens of megabytes), what the manifest and the state will say of
each file waits in an unnamed temporary file beside the site (:class:`_Ledger`:
in memory, only its path), and the manifest and the state are written line by
line, never held whole.

Files the previous manifest listed and this build does not make are removed
(and folders left empty by that). Files the manifest did not list are never
touched: the build refuses at the start, before writing anything, when it would
have to replace one, and refuses a non-empty folder without a manifest. Before
a build creates a file the manifest does not list, it appends the file's path
to a journal (:data:`PENDING`), so that a build interrupted half way leaves
files the next build knows as its own; the journal goes once the manifest
lists them.

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
import io
import json
import json.encoder
import os
import posixpath
import re
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple, cast

import attrs

from stievents_site.errors import SiteError

__all__ = ["MANIFEST", "PENDING", "SPOOL", "STATE", "Entry", "Output", "Sink", "SiteWriter", "WriteStats"]

MANIFEST = "manifest.json"
STATE = ".stievents-site-state.json"
PENDING = ".stievents-site-pending"
"""The journal of files a build created before its manifest listed them (one JSON string a line)."""
SPOOL = 1 << 20
"""The bytes a :class:`Sink` holds in memory; a larger output goes on to its temporary file."""
_STATE_VERSION = 1
_HIDDEN = frozenset({STATE, PENDING})


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
    """One file a build makes: where, from what (``key``), and how to make its bytes.

    ``write`` writes the file's bytes to the binary stream it is given (a
    :class:`Sink`), in as many pieces as it likes.
    """

    path: str
    key: str
    media_type: str
    lastmod: str | None
    write: Callable[[IO[bytes]], object] = attrs.field(eq=False, repr=False)


@attrs.define
class WriteStats:
    """What a build did, for its report and its tests."""

    kept: int = 0  # not rendered: same key, file intact
    rendered: int = 0  # rendered, bytes unchanged: not written
    written: list[str] = attrs.field(factory=list)
    removed: list[str] = attrs.field(factory=list)


class Sink(io.BufferedIOBase):
    """A binary stream that hashes and counts what an output writes, and keeps it for :meth:`commit`.

    Up to :data:`SPOOL` bytes are held in memory; past that, everything goes to
    a temporary file beside the target (``.NAME.PID.tmp``), so that a feed of
    tens of megabytes is never held whole. Made by :meth:`SiteWriter.sink`;
    :meth:`commit` puts the bytes in place (atomically), :meth:`discard`
    drops them.
    """

    def __init__(self, writer: SiteWriter, path: str) -> None:
        super().__init__()
        self._writer = writer
        self.path = path
        self.size = 0
        self._digest = hashlib.sha256()
        self._held = bytearray()
        self._file: IO[bytes] | None = None
        self._temporary: Path | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.closed:
            raise ValueError("write to a closed sink")
        view = memoryview(data).cast("B")
        self._digest.update(view)
        self.size += len(view)
        if self._file is not None:
            self._file.write(view)
        else:
            self._held += view
            if len(self._held) > SPOOL:
                self._spill()
        return len(view)

    def _spill(self) -> None:
        target = self._writer.directory / self.path
        self._writer._folder(target.parent)
        self._temporary = _temporary_beside(target)
        self._file = open(self._temporary, "wb", buffering=1 << 18)  # noqa: SIM115 (closed in commit/discard)
        self._file.write(self._held)
        self._held = bytearray()

    def hexdigest(self) -> str:
        """The SHA-256 of everything written so far."""
        return self._digest.hexdigest()

    def commit(self) -> None:
        """Put the bytes at the output's path (temporary file, then :func:`os.replace`); the sink is closed."""
        try:
            if self._file is None:
                self._writer._write(self.path, bytes(self._held))
                return
            self._file.flush()
            status = os.fstat(self._file.fileno())
            self._file.close()
            assert self._temporary is not None
            os.replace(self._temporary, self._writer.directory / self.path)
            self._temporary = None
            self._writer.times[self.path] = (status.st_size, status.st_mtime_ns)
        finally:
            self.discard()

    def discard(self) -> None:
        """Drop what was written (and the temporary file, if there is one); the sink is closed."""
        self._held = bytearray()
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temporary)
            self._temporary = None
        super().close()

    def close(self) -> None:
        """Closing a sink drops what it holds unless it was committed (as :meth:`discard`)."""
        self.discard()


def _temporary_beside(target: Path) -> Path:
    """Where a file is written before :func:`os.replace` puts it at ``target`` (hidden, per process)."""
    return target.parent / f".{target.name}.{os.getpid()}.tmp"


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
        self.times: dict[str, tuple[int, int]] = {}  # until each output's record goes to the ledger
        self._ledger: _Ledger | None = None
        self._made_dirs: set[Path] = set()
        self._journal: int | None = None  # the descriptor of PENDING, opened at the first new file

    # ------------------------------------------------------------ reading the previous build

    @property
    def fresh(self) -> bool:
        """Whether the folder held nothing of a site when the build began (no file can be in the way)."""
        return self._fresh

    def _load_manifest(self) -> dict[str, Entry]:
        """The previous build's files: its manifest's, and those its journal says it created (as pending)."""
        target = self.directory
        if not target.exists():
            self._fresh = True
            return {}
        if not target.is_dir():
            raise SiteError(f"{target}: error: the output is not a folder")
        pending = self._load_journal()
        manifest = target / MANIFEST
        if not manifest.exists():
            ours = {path.split("/", 1)[0] for path in pending}
            others = sorted(p.name for p in target.iterdir() if p.name not in _HIDDEN and p.name not in ours)
            if others:
                shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
                raise SiteError(
                    f"{target}: error: the folder holds other files ({shown}) and no {MANIFEST}; a site is built"
                    " into an empty folder or one a previous build made (choose another folder, or empty this one)"
                )
            self._fresh = not pending
            return dict.fromkeys(pending, _PENDING_ENTRY)
        try:
            document = json.loads(manifest.read_bytes())
            if not str(document.get("generator", "")).startswith("stievents-site"):
                raise ValueError("it was not written by stievents-site")
            files = document["files"]
            found = {
                path: Entry(f["sha256"], f["size"], f["media_type"], f["lastmod"], f["key"])
                for path, f in files.items()
            }
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise SiteError(
                f"{manifest}: error: not a manifest of stievents-site ({exc}); the folder is left as it is"
            ) from None
        for path in pending:
            found.setdefault(path, _PENDING_ENTRY)
        return found

    def _load_journal(self) -> list[str]:
        """The paths :data:`PENDING` lists: files an interrupted build created (a damaged line ends the list)."""
        paths: list[str] = []
        try:
            with (self.directory / PENDING).open("rb") as journal:
                for line in journal:
                    try:
                        path = json.loads(line)
                    except ValueError:
                        break  # a line cut short by the interruption: its file was not created
                    if isinstance(path, str):
                        paths.append(path)
        except OSError:
            pass
        return paths

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
        """Check the outputs' paths before any writing (not needed, and skipped, when :attr:`fresh`).

        Raises :class:`SiteError` naming the first file this build would replace
        without having written it (a file the previous manifest does not list).
        """
        if self._fresh:
            return
        foreign = []
        folders: dict[str, bool] = {}  # whether a folder of the outputs' paths is a file no build wrote
        previous = self.previous
        for path in paths:
            if path in previous:
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
                        blocked = folders[name] = (self.directory / parent).is_file() and name not in previous
                    if blocked:
                        foreign.append(name)
                        break
        if foreign:
            foreign = sorted(set(foreign))
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            raise SiteError(
                f"{self.directory}: error: the build would replace {shown}, which no previous build wrote"
                f" ({MANIFEST} does not list it); nothing was written. Move the file away or build elsewhere"
            )

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
            self._record(output.path, previous._replace(media_type=output.media_type, lastmod=output.lastmod))
            self.stats.kept += 1
            return
        sink = self.sink(output.path)
        try:
            output.write(cast("IO[bytes]", sink))  # a BufferedIOBase: a binary stream, not typing's IO
            digest, size = sink.hexdigest(), sink.size
            entry = Entry(digest, size, output.media_type, output.lastmod, output.key)
            if previous is not None and previous.sha256 == digest and self._intact(output.path, previous):
                self._record(output.path, entry)
                self.stats.rendered += 1
                return
            if previous is None:
                self._note_pending(output.path)
            sink.commit()
        finally:
            sink.discard()
        self._record(output.path, entry)
        self.stats.written.append(output.path)

    def _record(self, path: str, entry: Entry) -> None:
        """What the manifest and the state will say of ``path`` (its time was just taken), to the ledger."""
        if self._ledger is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._ledger = _Ledger(self.directory)
        self._ledger.add(path, entry.json_text(), self.times.pop(path))

    def sink(self, path: str) -> Sink:
        """A :class:`Sink` for the file at ``path`` (relative to the output folder)."""
        return Sink(self, path)

    def _note_pending(self, path: str) -> None:
        """Append ``path`` to the journal before the file is created (see the module's docstring)."""
        if self._journal is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._journal = os.open(self.directory / PENDING, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
        os.write(self._journal, (json.encoder.encode_basestring_ascii(path) + "\n").encode("ascii"))

    def _folder(self, folder: Path) -> None:
        """Make ``folder`` (and its parents) once per build."""
        if folder not in self._made_dirs:
            folder.mkdir(parents=True, exist_ok=True)
            self._made_dirs.add(folder)

    def _write(self, path: str, data: bytes) -> None:
        target = self.directory / path
        folder = target.parent
        self._folder(folder)
        temporary = _temporary_beside(target)
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
        ledger = self._ledger or _Ledger(None)
        try:
            if self.previous:
                for path in sorted(set(self.previous).difference(ledger.paths)):
                    target = self.directory / path
                    if target.is_file() or target.is_symlink():
                        target.unlink()
                        self.stats.removed.append(path)
                    self._prune(posixpath.dirname(path))
            self.directory.mkdir(parents=True, exist_ok=True)
            manifest, state = self.sink(MANIFEST), self.sink(STATE)
            try:
                self._write_records(ledger, manifest, state)
                if _file_sha256(self.directory / MANIFEST) != manifest.hexdigest():
                    manifest.commit()
                    self.stats.written.append(MANIFEST)
                self.times.pop(MANIFEST, None)
                if self._journal is not None:
                    os.close(self._journal)
                    self._journal = None
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.directory / PENDING)  # the manifest now lists every file the journal named
                if _file_sha256(self.directory / STATE) != state.hexdigest():
                    state.commit()
                self.times.pop(STATE, None)
            finally:
                manifest.discard()
                state.discard()
        finally:
            ledger.close()
            self._ledger = None

    def _write_records(self, ledger: _Ledger, manifest: Sink, state: Sink) -> None:
        """The manifest and the state, in one pass over the ledger in the files' order.

        The manifest: keys sorted, one file a line (fast to write and to diff;
        the same for the same site). The state: its version, what the build
        keeps for the next, each file's size and time.
        """
        quote = json.encoder.encode_basestring  # json.dumps(path, ensure_ascii=False), without its overhead
        quote_ascii = json.encoder.encode_basestring_ascii
        manifest.write(b'{\n "files": {')
        state.write(b'{"version":%d,"cache":' % _STATE_VERSION)
        state.write(json.dumps(self.new_cache, separators=(",", ":")).encode("ascii"))
        state.write(b',"files":{')
        files = _Joined(manifest, "\n", ",\n")
        times = _Joined(state, "", ",")
        for path, text, time in ledger.records():
            files.add(f"  {quote(path)}: {text}")
            times.add(f"{quote_ascii(path)}:[{time}]")
        files.close()
        times.close()
        generator = json.dumps(self.generator, ensure_ascii=False)
        end = "\n }" if files.count else "}"
        manifest.write(f'{end},\n "generator": {generator}\n}}\n'.encode())
        state.write(b"}}\n")

    def _prune(self, folder: str) -> None:
        """Remove ``folder`` and its parents while they are empty (never the output folder itself)."""
        while folder:
            try:
                (self.directory / folder).rmdir()
            except OSError:
                return
            folder = posixpath.dirname(folder)


_PENDING_ENTRY = Entry(sha256=None, size=None, media_type="", lastmod=None, key="")
"""A file the journal names: the previous build created it, no manifest describes it."""


class _Joined:
    """Writes lines to a sink, ``lead`` before the first and ``separator`` between, in batches of lines."""

    def __init__(self, sink: Sink, lead: str, separator: str, batch: int = 2048) -> None:
        self.sink = sink
        self.lead = lead
        self.separator = separator
        self.batch = batch
        self.count = 0
        self._held: list[str] = []

    def add(self, line: str) -> None:
        self._held.append(line)
        if len(self._held) == self.batch:
            self._flush()

    def _flush(self) -> None:
        if self._held:
            prefix = self.separator if self.count else self.lead
            self.count += len(self._held)
            self.sink.write((prefix + self.separator.join(self._held)).encode())
            self._held = []

    def close(self) -> None:
        self._flush()


class _Ledger:
    """Each output's manifest text and file time, in an unnamed temporary file until the manifest is written.

    A site of 10,000 events has about 100,000 files; their records held as
    objects took more memory than the events themselves. In memory stay only
    the paths (to sort them) and where each record starts. The file is made
    with :func:`tempfile.TemporaryFile` in the site's folder (the site's disk,
    not a memory file system); the system removes it whatever happens.
    """

    def __init__(self, directory: Path | None) -> None:
        self._file: IO[bytes] | None = None if directory is None else tempfile.TemporaryFile(dir=directory)  # noqa: SIM115
        self.paths: list[str] = []
        self._offsets = array("q", [0])
        self._held: list[bytes] = []

    def add(self, path: str, text: str, time: tuple[int, int]) -> None:
        record = f"{text}\t{time[0]},{time[1]}".encode()
        self.paths.append(path)
        self._offsets.append(self._offsets[-1] + len(record))
        self._held.append(record)
        if len(self._held) == 1024:
            self._flush()

    def _flush(self) -> None:
        if self._held and self._file is not None:
            self._file.write(b"".join(self._held))
            self._held = []

    def records(self) -> Iterator[tuple[str, str, str]]:
        """(path, manifest text, ``size,mtime``) of each file, by path; of a path made twice, the last record."""
        self._flush()
        if self._file is None or not self.paths:
            return
        self._file.flush()
        descriptor, paths, offsets = self._file.fileno(), self.paths, self._offsets
        order = sorted(range(len(paths)), key=paths.__getitem__)  # stable: a path made twice keeps its order
        for rank, i in enumerate(order):
            if rank + 1 < len(order) and paths[order[rank + 1]] == paths[i]:
                continue
            record = os.pread(descriptor, offsets[i + 1] - offsets[i], offsets[i]).decode()
            text, _, time = record.rpartition("\t")
            yield paths[i], text, time

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

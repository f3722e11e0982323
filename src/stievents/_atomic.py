"""Atomic file output: write beside the target, then rename over it.

An existing file is left untouched when writing fails or is interrupted, and no
partially written file ever appears under the target's name.

Only regular files are replaced. Renaming over a directory fails half way, and
renaming over a device, FIFO or socket would *replace* it (as root, ``/dev/null``
became a file), so :func:`atomic_write` refuses those targets before writing
anything, with :class:`~stievents.errors.OutputError`. A symbolic link is
followed, as editors do: the file it points to is replaced and the link kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from stievents.errors import OutputError

__all__ = ["atomic_write", "target_kind"]

_KINDS = (
    (stat.S_ISREG, "file"),
    (stat.S_ISDIR, "directory"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISSOCK, "socket"),
)


def target_kind(path: str | os.PathLike[str]) -> str:
    """What ``path`` is once symbolic links are followed: ``"missing"``, ``"file"``, ``"directory"``, ...

    The other kinds are ``"character device"``, ``"block device"``, ``"FIFO"``,
    ``"socket"`` and ``"special file"``. An unreadable path (a parent that is a file,
    a symbolic link loop) raises the :class:`OSError` writing would raise.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "missing"
    return next((name for test, name in _KINDS if test(mode)), "special file")


def atomic_write(path: str | os.PathLike[str]) -> contextlib.AbstractContextManager[IO[bytes]]:
    """A binary stream whose content replaces ``path`` only on success.

    Raise :class:`~stievents.errors.OutputError` at once, before anything is
    written, when ``path`` exists and is not a regular file. A symbolic link
    (even a dangling one) is followed: its target is written, the link stays.
    """
    real = Path(os.path.realpath(path))
    kind = target_kind(real)
    if kind not in ("missing", "file"):
        code = errno.EISDIR if kind == "directory" else errno.EINVAL
        raise OutputError(code, f"is a {kind}, not a regular file; only regular files are replaced", os.fspath(path))
    return _replace(real, os.fspath(path))


@contextlib.contextmanager
def _replace(path: Path, given: str) -> Iterator[IO[bytes]]:
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        _name_target(exc, given, None)
        raise
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(temp_name, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        _name_target(exc, given, temp_name)
        raise
    except BaseException:  # an exporter's error, KeyboardInterrupt, the CLI's SIGTERM and SIGHUP
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def _name_target(exc: OSError, given: str, temp_name: str | None) -> None:
    """Make ``exc`` name the target the caller gave, not the hidden temporary file beside it.

    The temporary name is an implementation detail: ``cannot write
    out/.x.ics.u0nt7m9z.tmp`` sends the user looking for a file that no longer
    exists. A write error without a name (``ENOSPC`` on a flush) gets the target's
    name too; an error naming some other file (an exporter reading a template)
    keeps its own.
    """
    if exc.filename is None or exc.filename == temp_name or temp_name is None:
        exc.filename = given
        exc.filename2 = None

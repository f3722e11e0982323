"""Reading the inputs (files and folders of events in any importable format) as one collection.

A folder contributes every file, at any depth and in sorted order, whose
suffix exactly one importer claims (the longest claimed suffix decides, as in
``stievents convert``: ``x.schedule.json`` is ``schedule-json``'s); hidden
files and folders, and the site's own output folder, are skipped. A file
named on the command line must be claimed by exactly one importer. Every
problem of every input is reported before the build stops; an event id used
twice is an error naming both sources.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from stievents.model import Event
from stievents_site.errors import SiteError
from stievents_site.progress import Progress

__all__ = ["format_for", "input_files", "read_collection"]


def format_for(path: Path) -> tuple[str | None, str]:
    """The importer for ``path`` by its suffixes, or ``None`` and why none."""
    from stievents import api

    parts = [part.lower() for part in path.suffixes]
    for first in range(len(parts)):
        suffix = "".join(parts[first:])
        candidates = api.importers_for_suffix(suffix)
        if len(candidates) == 1:
            return candidates[0].name, suffix
        if candidates:
            names = ", ".join(c.name for c in candidates)
            return None, f"several importers claim {suffix!r} ({names})"
    return None, f"no importer claims the suffix {parts[-1] if parts else '(none)'!r}"


def input_files(inputs: Sequence[str], skip: Path | None, warn: Callable[[str], None]) -> list[tuple[Path, str]]:
    """Every file to read with its format; folders are walked (see the module's docstring)."""
    found: list[tuple[Path, str]] = []
    skipped = skip.resolve() if skip is not None else None
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                here = Path(folder)
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != skipped)
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    fmt, why = format_for(here / name)
                    if fmt is not None:
                        found.append((here / name, fmt))
                    elif "several" in why:
                        warn(f"{here / name}: warning: skipped: {why}")
            continue
        if not path.exists():
            raise SiteError(f"{given}: error: no such file or folder")
        fmt, why = format_for(path)
        if fmt is None:
            raise SiteError(f"{given}: error: {why}; cannot tell how to read it")
        found.append((path, fmt))
    return found


def read_collection(
    inputs: Sequence[str], *, skip: Path | None, err: IO[str], progress: bool
) -> tuple[list[Event], dict[str, str]]:
    """The events of every input, and the source of each event id; :class:`SiteError` after all problems.

    Problems (errors and warnings) are written to ``err`` as ``SOURCE: PATH: error: message``.
    """
    from stievents import api
    from stievents.errors import FormatError, Severity, StieventsError, ValidationError

    def warn(line: str) -> None:
        err.write(line + "\n")

    files = input_files(inputs, skip, warn)
    if not files:
        raise SiteError("error: no input file holds events in a format an importer reads")
    events: list[Event] = []
    sources: dict[str, str] = {}
    failures = 0
    bar = Progress("stievents site: reading", len(files), "files", shown=progress)
    try:
        for path, fmt in files:
            source = str(path)
            bar.advance()
            try:
                result = api.read(path.read_bytes(), fmt, source=source)
            except OSError as exc:
                warn(f"{source}: error: cannot read: {exc.strerror or exc}")
                failures += 1
                continue
            except ValidationError as exc:
                for problem in exc.problems:
                    warn(f"{source}: {problem}")
                failures += 1
                continue
            except (FormatError, StieventsError) as exc:
                text = str(exc)
                warn(f"{source}: {text}" if text.startswith(("error", "warning")) else f"{source}: error: {text}")
                failures += 1
                continue
            for problem in result.problems:
                warn(f"{source}: {problem}")
                failures += problem.severity is Severity.ERROR
            for event in result.events:
                if event.id in sources:
                    warn(f"{source}: error: event id {event.id!r} is also used in {sources[event.id]}")
                    failures += 1
                    continue
                sources[event.id] = source
                events.append(event)
    finally:
        bar.close()
    if failures:
        raise SiteError(f"error: {failures} problem(s) in the inputs; nothing was built")
    return events, sources

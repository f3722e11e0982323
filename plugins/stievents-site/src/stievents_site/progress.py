"""A progress line on stderr for long builds, drawn only when stderr is a terminal (or when asked).

The core's progress helpers are private to its command line; a site build
needs only this: one line redrawn with ``\\r`` per phase (reading files,
planning, writing outputs), at most once per percent, ended with a newline.
"""

from __future__ import annotations

import sys
from typing import IO

__all__ = ["Progress", "show_progress"]

_WIDTH = 30
_EVERY = 1000


def show_progress(stream: IO[str], choice: bool | None) -> bool:
    """The user's ``choice`` (``--progress``/``--no-progress``), else whether ``stream`` is a terminal."""
    if choice is not None:
        return choice
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """``stievents site: writing [#####.....]  50% 5,000/10,000 files``; silent when not shown.

    A ``total`` of 0 means it is not known beforehand: the line then only counts
    (``stievents site: writing 5,000 files``), redrawn every :data:`_EVERY` items.
    """

    def __init__(self, label: str, total: int, unit: str, *, shown: bool, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.known = total > 0
        self.total = max(total, 1)
        self.unit = unit
        self.shown = shown
        self.done = 0
        self._percent = -1

    def advance(self, step: int = 1) -> None:
        """Count ``step`` more items; redraw when the percentage changes."""
        self.done += step
        if not self.shown:
            return
        if not self.known:
            if self.done // _EVERY != (self.done - step) // _EVERY or self._percent < 0:
                self._percent = 0
                self._draw(f"\r{self.label} {self.done:,} {self.unit}")
            return
        percent = min(self.done, self.total) * 100 // self.total
        if percent != self._percent:
            self._percent = percent
            done = min(self.done, self.total)
            filled = done * _WIDTH // self.total
            bar = "#" * filled + "." * (_WIDTH - filled)
            self._draw(f"\r{self.label} [{bar}] {percent:3d}% {done:,}/{self.total:,} {self.unit}")

    def _draw(self, line: str) -> None:
        try:
            self.stream.write(line)
            self.stream.flush()
        except (OSError, ValueError):
            self.shown = False

    def close(self) -> None:
        """End the line (only if something was drawn), with the final count when the total was not known."""
        if self.shown and self._percent >= 0 and not self.known:
            self._draw(f"\r{self.label} {self.done:,} {self.unit}")
        if self.shown and self._percent >= 0:
            try:
                self.stream.write("\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass
        self.shown = False

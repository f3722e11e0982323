"""A carriage-return progress bar for long CLI conversions, shown only on a terminal.

Why not a library: one line redrawn with ``\\r`` is all a conversion needs, and
the core keeps its dependencies fixed. The bar goes to stderr, only when stderr
is a TTY, so pipes, files and CI logs never see it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TypeVar, overload

__all__ = ["MIN_EVENTS", "Progress", "ProgressSequence", "wants_progress"]

T = TypeVar("T")

MIN_EVENTS = 1_000
"""Conversions of fewer events finish too fast for a bar to help."""

_WIDTH = 30


def wants_progress(stream: IO[str], count: int) -> bool:
    """True when ``stream`` is a terminal and ``count`` events make a long conversion."""
    try:
        return count >= MIN_EVENTS and stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


class Progress:
    """``label [#####.....]  50% 5,000/10,000 events``, redrawn when the percentage changes."""

    def __init__(self, stream: IO[str], total: int, label: str) -> None:
        self.stream = stream
        self.total = max(total, 1)
        self.label = label
        self.done = 0
        self._shown = -1

    def update(self, done: int) -> None:
        """Record that ``done`` events are written; redraw at most once per percent."""
        self.done = max(self.done, min(done, self.total))
        percent = self.done * 100 // self.total
        if percent != self._shown:
            self._shown = percent
            filled = self.done * _WIDTH // self.total
            bar = "#" * filled + "." * (_WIDTH - filled)
            self.stream.write(f"\r{self.label} [{bar}] {percent:3d}% {self.done:,}/{self.total:,} events")
            self.stream.flush()

    def close(self) -> None:
        """Show the final state and end the line."""
        self.update(self.total)
        self.stream.write("\n")
        self.stream.flush()


class ProgressSequence(Sequence[T]):
    """The events, as a sequence that advances a :class:`Progress` as an exporter iterates it."""

    def __init__(self, items: Sequence[T], progress: Progress) -> None:
        self._items = items
        self._progress = progress

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self._items[index]

    def __iter__(self) -> Iterator[T]:
        update = self._progress.update
        for done, item in enumerate(self._items):
            yield item
            update(done + 1)

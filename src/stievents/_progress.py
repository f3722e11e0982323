"""Carriage-return progress lines for long CLI runs: reading, decoding, validating, writing.

Why not a library: one line redrawn with ``\\r`` is all a conversion needs, and
the core keeps its dependencies fixed. The lines go to stderr, by default only
when stderr is a TTY, so pipes, files and CI logs never see them
(``--progress``/``--no-progress`` decide otherwise).

Two kinds: :class:`Progress`, a bar over events that an exporter advances as it
iterates them, and :class:`Activity`, a line redrawn by a timer thread for a
phase the CLI cannot count in events -- reading the input's bytes, and an
importer's decoding, which gets the whole input at once and reports nothing.
The elapsed time that :class:`Activity` shows is the honest measure it has: it
needs no cooperation from the importer, so it works for every format.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import IO, TypeVar, overload

__all__ = ["DELAY", "MIN_EVENTS", "Activity", "Progress", "ProgressSequence", "show_progress", "wants_progress"]

T = TypeVar("T")

MIN_EVENTS = 1_000
"""Conversions of fewer events finish too fast for a bar to help."""

_WIDTH = 30


DELAY = 1.0
"""Seconds an :class:`Activity` waits before its first line: a quick phase shows nothing."""

_INTERVAL = 0.25


def show_progress(stream: IO[str], choice: bool | None = None) -> bool:
    """Whether to draw progress on ``stream``: the user's ``choice``, else whether it is a terminal."""
    if choice is not None:
        return choice
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def wants_progress(stream: IO[str], count: int, choice: bool | None = None) -> bool:
    """True when progress is shown on ``stream`` (see :func:`show_progress`) and ``count`` events make a long run."""
    return count >= MIN_EVENTS and show_progress(stream, choice)


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


def _size(count: int) -> str:
    """``512 B``, ``48.0 kB``, ``97.0 MB``, ``1.2 GB`` (decimal units, as ``ls -h --si`` and file managers)."""
    if count < 1000:
        return f"{count} B"
    value = float(count)
    for unit in ("kB", "MB", "GB"):
        value /= 1000
        if value < 1000 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


class Activity:
    """``label [#####.....]  50% 48.0/97.0 MB 0:03``, or ``label 0:42``, redrawn by a timer thread.

    The line appears only once the phase has lasted :data:`DELAY` seconds, so a
    quick read shows nothing; it is redrawn every quarter second and ended with
    a newline when the ``with`` block ends, also on an error or a signal, so
    that messages start on a clean line. The owner advances :attr:`done`
    (bytes read) from its own thread; the timer thread only reads it.
    """

    def __init__(
        self,
        stream: IO[str],
        label: str,
        *,
        total: int | None = None,
        counts_bytes: bool = False,
        delay: float = DELAY,
        interval: float = _INTERVAL,
    ) -> None:
        self.stream = stream
        self.label = label
        self.total = total
        self.counts_bytes = counts_bytes or total is not None
        self.done = 0
        self._delay = delay
        self._interval = interval
        self._start = time.monotonic()
        self._stop = threading.Event()
        self._drawn = 0  # length of the line on screen, 0 when nothing is drawn
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="stievents-progress", daemon=True)

    def line(self) -> str:
        """The line as it would be drawn now."""
        seconds = int(time.monotonic() - self._start)
        elapsed = f"{seconds // 60}:{seconds % 60:02d}"
        if not self.counts_bytes:
            return f"{self.label} {elapsed}"
        if not self.total:
            return f"{self.label} {_size(self.done)} {elapsed}"
        done = min(self.done, self.total)
        filled = done * _WIDTH // self.total
        bar = "#" * filled + "." * (_WIDTH - filled)
        return f"{self.label} [{bar}] {done * 100 // self.total:3d}% {_size(done)}/{_size(self.total)} {elapsed}"

    def _draw(self) -> None:
        with self._lock:
            text = self.line()
            padding = " " * max(self._drawn - len(text), 0)  # a shorter line must hide the longer one
            self.stream.write(f"\r{text}{padding}")
            self.stream.flush()
            self._drawn = len(text)

    def _run(self) -> None:
        if self._stop.wait(self._delay):
            return
        try:
            while True:
                self._draw()
                if self._stop.wait(self._interval):
                    return
        except (OSError, ValueError):  # stderr closed under us: progress is not worth a failure
            return

    def __enter__(self) -> Activity:
        self._start = time.monotonic()
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()
        if self._drawn:
            try:
                if kind is None:
                    self._draw()  # the final state: 100 % of the bytes, the whole time
                self.stream.write("\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass

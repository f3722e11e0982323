"""Long conversions show a progress bar on a terminal's stderr, and nowhere else.

The terminal is a real pseudo-terminal (``pty``), so ``isatty()`` is answered
by the operating system, as for a user.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from stievents import serialize
from stievents._progress import MIN_EVENTS, Progress, ProgressSequence, wants_progress
from stievents.model import Event

pty = pytest.importorskip("pty")  # POSIX only


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def many(event: Event, count: int) -> list[Event]:
    return [attrs.evolve(event, id=f"event-{i}") for i in range(count)]


def run_cli(args: list[str], *, stderr_tty: bool) -> tuple[int, str]:
    """Run ``stievents ARGS``; return the exit code and what reached stderr."""
    command = [sys.executable, "-m", "stievents", *args]
    if not stderr_tty:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        return done.returncode, done.stderr
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    finally:
        os.close(slave)
    received = bytearray()
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(master)
    return process.wait(timeout=300), received.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from stievents.examples import example

    path = tmp_path_factory.mktemp("progress") / "many.json"
    serialize.dump(many(example("demo-hybrid-forum"), MIN_EVENTS + 200), path)
    return path


def test_a_long_conversion_shows_a_bar_on_a_terminal(big_input: Path, tmp_path: Path) -> None:
    code, stderr = run_cli(
        ["convert", str(big_input), "--to", "json", "-o", str(tmp_path / "out.json")], stderr_tty=True
    )
    assert code == 0, stderr
    assert "\r" in stderr
    assert "100% 1,200/1,200 events" in stderr
    assert "[" + "#" * 30 + "]" in stderr
    assert stderr.rstrip("\r\n").endswith("events")  # the line is ended, nothing after it
    assert (tmp_path / "out.json").read_bytes() == big_input.read_bytes()


def test_no_bar_when_stderr_is_not_a_terminal(big_input: Path, tmp_path: Path) -> None:
    code, stderr = run_cli(
        ["convert", str(big_input), "--to", "json", "-o", str(tmp_path / "o.json")], stderr_tty=False
    )
    assert code == 0, stderr
    assert stderr == ""


def test_no_bar_for_a_short_conversion(tmp_path: Path, demo_event: Event) -> None:
    source = tmp_path / "few.json"
    serialize.dump(many(demo_event, 5), source)
    code, stderr = run_cli(["convert", str(source), "--to", "json", "-o", str(tmp_path / "o.json")], stderr_tty=True)
    assert code == 0, stderr
    assert "events" not in stderr


def test_the_bar_redraws_at_most_once_per_percent() -> None:
    terminal = Terminal()
    progress = Progress(terminal, 5_000, "stievents: json")
    for done in range(1, 5_001):
        progress.update(done)
    progress.close()
    text = terminal.getvalue()
    assert text.count("\r") == 101  # 0%, 1%, ... 100%: once each
    assert text.endswith("100% 5,000/5,000 events\n")


def test_the_sequence_reports_as_it_is_iterated(demo_event: Event) -> None:
    terminal = Terminal()
    events = many(demo_event, 200)
    progress = Progress(terminal, len(events), "x")
    sequence = ProgressSequence(events, progress)
    assert len(sequence) == 200
    assert sequence[3] is events[3]
    assert list(sequence[:2]) == events[:2]
    for index, event in enumerate(sequence):
        assert event is events[index]
        assert progress.done == index  # advanced after the exporter is done with the event
    assert progress.done == 200


def test_wants_progress() -> None:
    assert wants_progress(Terminal(), MIN_EVENTS)
    assert not wants_progress(Terminal(), MIN_EVENTS - 1)
    assert not wants_progress(io.StringIO(), 10 * MIN_EVENTS)
    closed = io.StringIO()
    closed.close()
    assert not wants_progress(closed, 10 * MIN_EVENTS)

"""The CLI under faults, as root sees them: a clear message, a non-zero exit, no partial or clobbered output.

Root ignores permission bits, so the faults are ones that fail for root too:
a directory as input, ``/dev/full`` as output, an output path below a regular
file, and SIGINT during a slow conversion.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hardening_support import record_figures

from stievents import serialize
from stievents.cli import main
from stievents.examples import example

FAULTS: list[str] = []


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def test_directory_as_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "calendar.ics"
    folder.mkdir()
    out = tmp_path / "out.json"
    code, err = _run(["convert", str(folder), "--to", "json", "-o", str(out)], capsys)
    assert code == 1
    assert "cannot read" in err
    assert "Traceback" not in err
    assert not out.exists()
    FAULTS.append("directory as input")


def test_missing_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["convert", str(tmp_path / "nope.json"), "--to", "ics"], capsys)
    assert code == 1
    assert "cannot read" in err
    FAULTS.append("missing input")


def test_full_device(capsys: pytest.CaptureFixture[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    before = os.stat("/dev/full")
    code, err = _run(["convert", "--example", "demo-hybrid-forum", "--to", "json", "-o", "/dev/full"], capsys)
    assert code == 1
    assert "No space left on device" in err
    assert "Traceback" not in err
    after = os.stat("/dev/full")
    assert (after.st_mode, after.st_rdev) == (before.st_mode, before.st_rdev), "/dev/full was replaced"
    assert not [p for p in os.listdir("/dev") if p.startswith(".full.")], "a temporary file was left in /dev"
    FAULTS.append("full device")


def test_output_below_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "somefile"
    blocker.write_text("keep me")
    code, err = _run(
        ["convert", "--example", "demo-hybrid-forum", "--to", "ics", "-o", str(blocker / "out.ics")], capsys
    )
    assert code == 1
    assert "cannot write" in err
    assert "Traceback" not in err
    assert blocker.read_text() == "keep me"
    FAULTS.append("output directory is a file")


def test_failed_conversion_keeps_the_old_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "stievents", "format_version": "1.0", "events": [{"id": "x"}]}')
    out = tmp_path / "out.ics"
    out.write_bytes(b"old content")
    code, err = _run(["convert", str(bad), "--to", "ics", "-o", str(out)], capsys)
    assert code == 1
    assert "$.events[0].title" in err
    assert out.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "out.ics"]
    FAULTS.append("invalid input, existing output")


def test_limit_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "two.json"
    serialize.dump([example("demo-hybrid-forum"), example("oecd-co-creation-2020")], source)
    code, err = _run(["validate", str(source), "--limit", "max_events=1"], capsys)
    assert code == 1
    assert "max_events" in err
    code, err = _run(["validate", str(source), "--limit", "events=2", "--limit", "max-sessions-per-event=20"], capsys)
    assert code == 0
    code, err = _run(["validate", str(source), "--limit", "bogus=1"], capsys)
    assert code == 2
    assert "unknown limit" in err
    FAULTS.append("limit exceeded")


def test_sigint_during_a_conversion(tmp_path: Path) -> None:
    # The child reads its input from a pipe that is half written and kept open, so it is
    # certainly still converting when the signal arrives, however fast the machine is.
    source = serialize.dumps([example("demo-hybrid-forum")]).encode()
    out = tmp_path / "out.ics"
    out.write_bytes(b"old content")
    child = subprocess.Popen(
        [sys.executable, "-m", "stievents", "convert", "-", "--from", "json", "--to", "ics", "-o", str(out)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdin is not None
    child.stdin.write(source[: len(source) // 2])
    child.stdin.flush()
    time.sleep(2.0)  # let the interpreter start and block on the rest of the input
    assert child.poll() is None, "the child ended before it had its whole input"
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert b"interrupted" in err
    assert b"Traceback" not in err
    assert out.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ics"]
    FAULTS.append("SIGINT")


def test_zz_record_figures() -> None:
    record_figures("faults", {"faults": FAULTS})

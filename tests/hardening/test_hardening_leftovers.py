"""Regression tests for hardening gaps found after the first pass.

Output targets that are not regular files, the input size needed by the
largest document ``max_events`` admits, rules that never occur, and C0
control characters in text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import stat
import threading
import time
import typing
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stievents import serialize
from stievents._atomic import atomic_write, target_kind
from stievents.cli import main
from stievents.errors import OutputError, StieventsError
from stievents.examples import example

# ------------------------------------------------------------------ 1. output targets


def _node(path: Path, kind: int, device: tuple[int, int]) -> Path:
    try:
        os.mknod(path, 0o600 | kind, os.makedev(*device))
    except (PermissionError, AttributeError):
        pytest.skip("cannot create device nodes here")
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "listening.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
    except OSError:
        pytest.skip("no Unix sockets here")
    try:
        yield path
    finally:
        server.close()


@pytest.fixture
def special_targets(tmp_path: Path, unix_socket: Path) -> dict[str, Path]:
    """One of each non-regular kind; the devices use numbers no driver owns, except a copy of /dev/null."""
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    return {
        "directory": folder,
        "FIFO": fifo,
        "socket": unix_socket,
        "character device": _node(tmp_path / "null", stat.S_IFCHR, (1, 3)),
        "block device": _node(tmp_path / "block", stat.S_IFBLK, (4000, 0)),
    }


def _fingerprint(path: Path) -> tuple[int, int, int]:
    info = os.lstat(path)
    return (info.st_mode, info.st_ino, info.st_rdev)


def test_atomic_write_refuses_every_target_that_is_not_a_regular_file(special_targets: dict[str, Path]) -> None:
    for kind, path in special_targets.items():
        assert target_kind(path) == kind
        before = sorted(os.listdir(path.parent))
        fingerprint = _fingerprint(path)
        with pytest.raises(OutputError, match=f"is a {kind}, not a regular file") as caught:
            atomic_write(path)  # refused when called, before any temporary file exists
        assert isinstance(caught.value, StieventsError)
        assert isinstance(caught.value, OSError)  # callers catching OSError on writing keep working
        assert caught.value.filename == str(path)
        assert str(caught.value).startswith(f"{path}: is a {kind}")
        assert _fingerprint(path) == fingerprint, f"the {kind} was replaced"
        assert sorted(os.listdir(path.parent)) == before, "a temporary file was left"


def test_atomic_write_refuses_a_symbolic_link_to_a_directory(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    link = tmp_path / "link"
    link.symlink_to("folder")
    with pytest.raises(OutputError, match="is a directory"):
        atomic_write(link)
    assert link.is_symlink()


def test_atomic_write_through_a_symbolic_link_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "data" / "events.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    os.chmod(real, 0o640)
    link = tmp_path / "events.json"
    link.symlink_to(real)
    with atomic_write(link) as stream:
        stream.write(b"new")
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["events.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "events.json"]


def test_atomic_write_through_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to("target.json")
    with atomic_write(link) as stream:
        stream.write(b"created")
    assert link.is_symlink()
    assert (tmp_path / "target.json").read_bytes() == b"created"


def test_atomic_write_failure_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    path.write_bytes(b"old")

    def fail_half_way() -> None:
        with atomic_write(path) as stream:
            stream.write(b"half")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_serialize_dump_refuses_special_paths_and_writes_files_atomically(
    special_targets: dict[str, Path], tmp_path: Path
) -> None:
    events = [example("demo-hybrid-forum")]
    for kind, path in special_targets.items():
        fingerprint = _fingerprint(path)
        with pytest.raises(OutputError, match=kind):
            serialize.dump(events, path)
        with pytest.raises(OutputError, match=kind):
            serialize.dump(events, str(path), "toml")
        assert _fingerprint(path) == fingerprint
    target = tmp_path / "events.toml"
    target.write_bytes(b"old")
    serialize.dump(events, target)
    assert serialize.load(target) == events


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("kind", ["socket", "block device"])
def test_cli_refuses_a_socket_or_block_device_as_output(
    kind: str, special_targets: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = special_targets[kind]
    fingerprint = _fingerprint(path)
    code, err = _run(["convert", "--example", "demo-hybrid-forum", "--to", "json", "-o", str(path)], capsys)
    assert code == 1
    assert f"{path}: is a {kind}, not a regular file" in err
    assert "Traceback" not in err
    assert _fingerprint(path) == fingerprint


def test_cli_writes_a_fifo_and_a_character_device_in_place(
    special_targets: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = special_targets["FIFO"]
    received: list[bytes] = []

    def drain() -> None:
        with fifo.open("rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=drain)
    reader.start()
    code, err = _run(["convert", "--example", "demo-hybrid-forum", "--to", "json", "-o", str(fifo)], capsys)
    reader.join(timeout=30)
    assert code == 0, err
    assert serialize.loads(received[0]) == [example("demo-hybrid-forum")]
    assert target_kind(fifo) == "FIFO"
    null = special_targets["character device"]
    fingerprint = _fingerprint(null)
    code, err = _run(["convert", "--example", "demo-hybrid-forum", "--to", "ics", "-o", str(null)], capsys)
    assert code == 0, err
    assert _fingerprint(null) == fingerprint


def test_cli_per_event_output_refuses_a_directory_in_the_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a format writing one file per event, whose file name is taken by a directory
    from stievents import api

    per_event = [info.name for info in api.formats() if info.exporter is not None and info.exporter.per_event]
    if not per_event:
        pytest.skip("no per-event exporter installed")
    exporter = api.get_exporter(per_event[0])
    event = example("demo-hybrid-forum")
    (tmp_path / f"{event.id}{exporter.suffixes[0]}").mkdir()
    code, err = _run(["convert", "--example", "demo-hybrid-forum", "--to", exporter.name, "-o", str(tmp_path)], capsys)
    assert code == 1
    assert "is a directory, not a regular file" in err
    assert "Traceback" not in err


# ------------------------------------------------------------------ 2. input size of max_events events

# Measured on 2026-11-27: json.dumps(benchmarks.generate.canonical_document(n), indent=2, ensure_ascii=False)
SIZE_OF_100K_DOCUMENT = 507_211_437
SIZE_OF_1000_EVENTS = 5_069_187


def _generated_document(n: int, monkeypatch: pytest.MonkeyPatch) -> bytes:
    import importlib

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2]))
    generate = importlib.import_module("benchmarks.generate")
    return json.dumps(generate.canonical_document(n), indent=2, ensure_ascii=False).encode()


def test_the_measured_size_per_event_still_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    # the 100k figure is 100 times this one within 0.1 %: events are generated alike
    assert len(_generated_document(1000, monkeypatch)) == SIZE_OF_1000_EVENTS
    assert abs(SIZE_OF_100K_DOCUMENT / (100 * SIZE_OF_1000_EVENTS) - 1) < 0.001


def test_default_input_size_admits_max_events_realistic_events_with_headroom() -> None:
    from stievents.limits import DEFAULT_LIMITS, check_input_size

    assert DEFAULT_LIMITS.max_events == 100_000
    check_input_size(SIZE_OF_100K_DOCUMENT)  # admitted
    assert DEFAULT_LIMITS.max_input_bytes >= 1.5 * SIZE_OF_100K_DOCUMENT  # headroom for wordier events
    assert DEFAULT_LIMITS.max_input_bytes <= 1024**3  # still bounds memory (reading peaks at ~7x the input)
    check_input_size(DEFAULT_LIMITS.max_input_bytes)


def test_default_input_size_still_refuses_above_it() -> None:
    from stievents.errors import LimitExceededError
    from stievents.limits import DEFAULT_LIMITS, check_input_size

    with pytest.raises(LimitExceededError, match="max_input_bytes"):
        check_input_size(DEFAULT_LIMITS.max_input_bytes + 1)
    with pytest.raises(LimitExceededError, match="max_input_bytes"):
        check_input_size(2 * SIZE_OF_100K_DOCUMENT)


# ------------------------------------------------------------------ 3. rules that never occur

NEVER = [
    # (rule, what the message names)
    ("FREQ=YEARLY;BYMONTH=2;BYYEARDAY=100;COUNT=3", "no day of the 400-year Gregorian cycle"),
    ("FREQ=YEARLY;BYYEARDAY=366;BYMONTH=1;COUNT=3", "no day of the 400-year Gregorian cycle"),
    ("FREQ=YEARLY;BYWEEKNO=1;BYMONTH=7;COUNT=3", "no day of the 400-year Gregorian cycle"),
    ("FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6;COUNT=3", "no day of the 400-year Gregorian cycle"),
    ("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11;COUNT=3", "no month in BYMONTH"),
    ("FREQ=MONTHLY;BYMONTH=2;COUNT=3", "no day of the 400-year Gregorian cycle"),  # from the 30th
    ("FREQ=MONTHLY;BYDAY=5MO;BYMONTH=2;BYMONTHDAY=1,2,3;COUNT=3", "no day of the 400-year Gregorian cycle"),
    ("FREQ=DAILY;BYMONTH=2;BYYEARDAY=200;COUNT=3", "no day of the 400-year Gregorian cycle"),
    ("FREQ=WEEKLY;BYMONTH=2;BYYEARDAY=200;COUNT=3", "no day of the 400-year Gregorian cycle"),
    ("FREQ=HOURLY;BYMONTH=2;BYYEARDAY=200;COUNT=3", "no day of the 400-year Gregorian cycle"),
    ("FREQ=MINUTELY;BYMONTH=2;BYYEARDAY=200;COUNT=3", "no day of the 400-year Gregorian cycle"),
    ("FREQ=SECONDLY;BYMONTH=2;BYYEARDAY=200;COUNT=3", "no day of the 400-year Gregorian cycle"),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6;COUNT=3", "BYSETPOS=6, but a period holds at most 5"),
    ("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2;COUNT=3", "at most 1"),
    ("FREQ=MONTHLY;BYDAY=1MO,-1MO;BYMONTHDAY=1,2,3,4,5,6,7;BYSETPOS=3;COUNT=3", "no occurrence within 100 years"),
    ("FREQ=YEARLY;BYMONTH=1;BYDAY=MO;BYSETPOS=-6;COUNT=3", "no occurrence within 100 years"),
    ("FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=11;COUNT=3", "BYSETPOS=11, but a period holds at most 10"),
    ("FREQ=DAILY;BYHOUR=9,10;BYSETPOS=3;COUNT=3", "at most 2"),
    ("FREQ=HOURLY;BYSETPOS=2;COUNT=3", "at most 1"),
    ("FREQ=DAILY;INTERVAL=7;BYDAY=TU;COUNT=3", "no occurrence within 100 years"),  # from a Thursday
    ("FREQ=HOURLY;INTERVAL=168;BYDAY=TU;COUNT=3", "no occurrence within 100 years"),
    ("FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29;COUNT=3", "no occurrence within 100 years"),
    ("FREQ=MONTHLY;INTERVAL=12;BYMONTH=3;BYMONTHDAY=1;COUNT=3", "no occurrence within 100 years"),
    ("FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29;UNTIL=20300101T000000Z", "no occurrence up to its UNTIL"),
]
REFUSAL_TIMES: dict[str, float] = {}
_NEVER_START = dt.datetime(2025, 1, 30, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))  # a Thursday, the 30th


@pytest.mark.parametrize(("rule", "why"), NEVER)
def test_a_rule_that_never_occurs_is_refused_fast(rule: str, why: str) -> None:
    from stievents.errors import InvalidEventError
    from stievents.model import Event, Recurrence

    Recurrence(rule=rule)  # a recurrence alone knows no start: the event checks the rule
    began = time.perf_counter()
    with pytest.raises(InvalidEventError) as caught:
        Event(
            id="never",
            title="Never",
            start=_NEVER_START,
            end=_NEVER_START + dt.timedelta(hours=1),
            recurrence=Recurrence(rule=rule),
        )
    took = time.perf_counter() - began
    REFUSAL_TIMES[rule] = took
    [problem] = caught.value.problems
    assert problem.path == "$.recurrence.rule"
    assert "never occurs" in problem.message
    assert why in problem.message
    assert took < 0.5, f"{rule}: {took:.3f} s"  # measured under 0.04 s each; margin for slow CI


def test_a_never_occurring_rule_in_a_read_document_names_its_path() -> None:
    from stievents.errors import ValidationError

    data = serialize.document_from_events([example("demo-hybrid-forum")])
    data["events"][0]["recurrence"] = {"rule": "FREQ=DAILY;BYMONTH=2;BYYEARDAY=200;COUNT=3"}
    began = time.perf_counter()
    with pytest.raises(ValidationError, match=r"\$\.events\[0\]\.recurrence\.rule: error: the rule never occurs"):
        serialize.loads(json.dumps(data))
    assert time.perf_counter() - began < 0.5


def _oracle_first(rule: str, start: dt.datetime) -> dt.datetime | None:
    """dateutil's own first occurrence, searched to the year 9999 from the same calendar 400 to 800 years out."""
    from dateutil.rrule import rrulestr

    shift = (9999 - 800 - start.year) // 400 * 400 + 400
    moved = start.replace(year=start.year + shift)
    first = next(iter(rrulestr(rule, dtstart=moved, cache=False)), None)
    return None if first is None else first.replace(year=first.year - shift)


_FREQ = st.sampled_from(["YEARLY", "MONTHLY", "WEEKLY", "DAILY"])
_PARTS = st.fixed_dictionaries(
    {},
    optional={
        "INTERVAL": st.integers(2, 3).map(str),
        "BYMONTH": st.lists(st.integers(1, 12), min_size=1, max_size=2, unique=True),
        "BYMONTHDAY": st.lists(st.integers(-31, 31).filter(bool), min_size=1, max_size=2, unique=True),
        "BYYEARDAY": st.lists(st.integers(-366, 366).filter(bool), min_size=1, max_size=2, unique=True),
        "BYWEEKNO": st.lists(st.integers(-53, 53).filter(bool), min_size=1, max_size=2, unique=True),
        "BYDAY": st.lists(
            st.tuples(st.sampled_from([None, 1, 2, -1, 4, 5]), st.sampled_from(["MO", "TU", "FR", "SU"])),
            min_size=1,
            max_size=2,
            unique=True,
        ),
        "BYSETPOS": st.lists(st.sampled_from([1, 2, -1, 5, 6, 40]), min_size=1, max_size=2, unique=True),
    },
)


def _rule_text(freq: str, parts: dict[str, object]) -> str:
    pieces = [f"FREQ={freq}"]
    for name, value in parts.items():
        if name == "BYDAY":
            assert isinstance(value, list)
            value = ",".join(f"{n or ''}{day}" for n, day in value)
        elif isinstance(value, list):
            value = ",".join(str(v) for v in value)
        pieces.append(f"{name}={value}")
    return ";".join([*pieces, "COUNT=3"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    freq=_FREQ,
    parts=_PARTS,
    start=st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
)
def test_rules_that_occur_are_accepted_and_refusals_are_right(
    freq: str, parts: dict[str, object], start: dt.datetime
) -> None:
    from stievents.recurrence import _rule_problem

    if freq in ("WEEKLY", "DAILY") and "BYDAY" in parts:  # dateutil reads 1MO as MO there: keep RFC 5545 shapes
        days = typing.cast("list[tuple[int | None, str]]", parts["BYDAY"])
        parts = {**parts, "BYDAY": [(None, day) for _, day in days]}
    if freq != "YEARLY":
        parts.pop("BYWEEKNO", None)
    rule = _rule_text(freq, parts)
    why = _rule_problem(rule, start)
    assume(why is None or "never occurs" in why)
    first = _oracle_first(rule, start)
    if why is None:
        assert first is not None, f"{rule} from {start} was accepted but never occurs"
    else:
        assert first is None or first > start.replace(year=start.year + 100), f"{rule} from {start}: {why}"

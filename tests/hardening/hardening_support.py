"""Shared pieces of the hardening tests: seeds, mutations, a per-case time limit and the outcome rule.

The rule every importer must follow on any input: return an ImportResult or
raise a :class:`~stievents.errors.StieventsError` subclass, within a time
limit. Anything else (KeyError, RecursionError, UnicodeError, a hang) is a bug.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import stievents
from stievents.errors import StieventsError
from stievents.examples import example, example_names

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_DIR = ROOT / "tests" / "data" / "hostile"
IMPORTERS = ("json", "toml", "ics", "jsonld", "oecd-text", "oecd-html")
CASE_SECONDS = float(os.environ.get("STIEVENTS_FUZZ_CASE_SECONDS", "10"))
SLOW_SECONDS = 2.0


class Hang(BaseException):
    """A case ran past its time limit (BaseException, so no ``except Exception`` can swallow it)."""


@contextlib.contextmanager
def time_limit(seconds: float = CASE_SECONDS) -> Iterator[None]:
    """Raise :class:`Hang` in the main thread when the block runs longer than ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def example_events() -> list[stievents.Event]:
    return [example(name) for name in example_names()]


def corpus() -> dict[str, list[tuple[str, bytes]]]:
    """Real files per importer: the shared interop corpus, the OECD page and exports of both examples."""
    found: dict[str, list[tuple[str, bytes]]] = {name: [] for name in IMPORTERS}
    # real calendars and schema.org's examples, read in place: their terms allow them in ../shared, not inside
    # this project (absent ../shared: only the exports below)
    for path in sorted((ROOT / ".." / "shared" / "interop" / "ics").glob("*.ics")):
        found["ics"].append((path.name, path.read_bytes()))
    for path in sorted((ROOT / ".." / "shared" / "interop" / "jsonld").glob("*.jsonld")):
        found["jsonld"].append((path.name, path.read_bytes()))
    page = ROOT / ".." / "shared" / "seeds" / "000_ecca8bc551cf5c04.txt"  # the seed page, read in place
    if page.is_file():
        found["oecd-text"].append((page.name, page.read_bytes()))
    events = example_events()
    for name in IMPORTERS:
        for event in events:
            found[name].append((f"{event.id}.{name}", stievents.export([event], name)))
    return found


# ------------------------------------------------------------------ mutations


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def bit_flips(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data or b"\x00")
    for _ in range(rng.randint(1, 8)):
        buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines[i:i] = [lines[i]] * rng.randint(1, 3)
    return b"".join(lines)


def reorder_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def delete_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def reencode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    codec = rng.choice(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
    return text.encode(codec, "replace")


def add_bom(data: bytes, rng: random.Random) -> bytes:
    return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"]) + data


def insert_junk(data: bytes, rng: random.Random) -> bytes:
    junk = rng.choice(
        [
            b"\x00",
            b"\xff\xfe\xfd",
            b"\xc3",
            b"\xed\xa0\x80",
            b"\r\nBEGIN:VEVENT\r\n",
            b"END:VCALENDAR\r\n",
            b'"}]',
            b"[[[[",
            b'{"@type": "Event"}',
            b"</script>",
            b"9" * 40,
            b"-" * 3,
            b"\r",
            b"\\",
            b"\t",
        ]
    )
    at = rng.randrange(len(data) + 1)
    return data[:at] + junk + data[at:]


def swap_digits(data: bytes, rng: random.Random) -> bytes:
    positions = [i for i, b in enumerate(data) if 48 <= b <= 57]
    if not positions:
        return data
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        buf[rng.choice(positions)] = rng.choice(b"0123456789")
    return bytes(buf)


def line_endings(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\r\n", b"\n") if b"\r\n" in data else data.replace(b"\n", b"\r\n")


MUTATORS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    bit_flips,
    truncate,
    duplicate_line,
    reorder_lines,
    delete_line,
    reencode,
    add_bom,
    insert_junk,
    swap_digits,
    line_endings,
)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three stacked mutations."""
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(MUTATORS)(data, rng)
    return data


# ------------------------------------------------------------------ the rule


class Outcome:
    """What happened to one input: 'ok', 'refused' (a documented error) or a bug (with its details)."""

    def __init__(self, kind: str, seconds: float, detail: str = "") -> None:
        self.kind = kind
        self.seconds = seconds
        self.detail = detail


def try_read(data: bytes, format: str, *, lenient: bool = True) -> Outcome:
    """Read ``data``; classify the result under the rule (never raises except on a hang)."""
    started = time.monotonic()
    try:
        with time_limit():
            stievents.read(data, format, lenient=lenient)
    except StieventsError:
        return Outcome("refused", time.monotonic() - started)
    except Hang as exc:
        return Outcome("hang", time.monotonic() - started, str(exc))
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - the point is to catch anything
        import traceback

        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Outcome(
            "escape",
            time.monotonic() - started,
            f"{type(exc).__name__}: {exc} at {where.filename}:{where.lineno}",
        )
    return Outcome("ok", time.monotonic() - started)


def assert_rule(data: bytes, format: str, *, lenient: bool = True) -> Outcome:
    outcome = try_read(data, format, lenient=lenient)
    assert outcome.kind in ("ok", "refused"), f"{format}: {outcome.kind}: {outcome.detail} on input {data[:200]!r}"
    return outcome


def record_figures(family: str, figures: dict[str, object]) -> None:
    """Append figures to the file named by STIEVENTS_FIGURES (for docs/reliability.md)."""
    target = os.environ.get("STIEVENTS_FIGURES")
    if target:
        with open(target, "a", encoding="utf-8") as stream:
            stream.write(json.dumps({"family": family, **figures}) + "\n")

"""Atheris fuzz target for every stievents importer (coverage-guided, libFuzzer flags accepted).

    python fuzz/fuzz_importers.py -max_total_time=60 [corpus_dir ...]

The first byte picks the importer (json, toml, ics, jsonld, oecd-text,
oecd-html), the rest is the input. Only stievents' documented errors
(``StieventsError``) may escape; anything else, and any case slower than
``-timeout`` seconds, is a crash that libFuzzer saves as ``crash-*`` /
``timeout-*``: add it to ``tests/data/hostile/`` as a regression test.
Without a corpus directory, the seeds of the test suite are used.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path
from typing import Any

import atheris

with atheris.instrument_imports():
    import importlib
    import pkgutil

    import stievents
    from stievents.errors import StieventsError
    from stievents.testing import pin_tzdata

    for _package in ("stievents", "stievents_ical", "stievents_jsonld", "stievents_oecd"):  # plugins load lazily
        _module = importlib.import_module(_package)
        for _info in pkgutil.walk_packages(_module.__path__, f"{_package}."):
            if ".testing" not in _info.name and not _info.name.endswith("__main__"):
                importlib.import_module(_info.name)

pin_tzdata()
IMPORTERS = ("json", "toml", "ics", "jsonld", "oecd-text", "oecd-html")
ROOT = Path(__file__).resolve().parents[1]


def test_one_input(data: bytes) -> None:
    if not data:
        return
    fmt = IMPORTERS[data[0] % len(IMPORTERS)]
    with contextlib.suppress(StieventsError):
        stievents.read(data[1:], fmt, lenient=bool(data[0] & 0x80))
    if fmt == "ics":
        _same_as_reference(data[1:])


def _same_as_reference(data: bytes) -> None:
    """Our own iCalendar reader must give what the icalendar-based reference gives (events, problems, errors)."""
    from stievents_ical.reading import read_fast, read_reference

    def outcome(read: Any) -> object:
        try:
            result = read(data)
        except StieventsError as exc:
            return (type(exc).__name__, str(exc))
        result = result[0] if isinstance(result, tuple) else result
        return (result.events, result.problems)

    fast, reference = outcome(read_fast), outcome(read_reference)
    if fast != reference:
        raise AssertionError(f"the fast ics reader differs from the reference:\n{fast!r}\n{reference!r}")


def _seed_corpus() -> str:
    """A temporary corpus of the real files, each prefixed with the byte of its importer."""
    folder = Path(tempfile.mkdtemp(prefix="stievents-fuzz-corpus-"))
    sources = {
        "ics": sorted((ROOT / "../shared/interop/ics").glob("*.ics")),  # read in place, never copied here
        "jsonld": sorted((ROOT / "../shared/interop/jsonld").glob("*.jsonld")),
        "oecd-text": sorted((ROOT / "../shared/seeds").glob("*.txt")),
    }
    count = 0
    for fmt, paths in sources.items():
        for path in paths:
            if path.stat().st_size > 100_000:  # keep the runs fast: the big files are in the test suite
                continue
            count += 1
            (folder / f"{count:04d}").write_bytes(bytes([IMPORTERS.index(fmt)]) + path.read_bytes())
    from stievents.examples import example, example_names

    events = [example(name) for name in example_names()]
    for index, fmt in enumerate(IMPORTERS):
        count += 1
        (folder / f"{count:04d}").write_bytes(bytes([index]) + stievents.export(events[:1], fmt))
    return str(folder)


def main() -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
    args = list(sys.argv)
    if not any(not a.startswith("-") for a in args[1:]):
        args.append(_seed_corpus())
    if not any(a.startswith("-timeout=") for a in args):
        args.append("-timeout=10")
    if not any(a.startswith("-rss_limit_mb=") for a in args):
        args.append("-rss_limit_mb=4096")
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

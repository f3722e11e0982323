"""The benchmark harness keeps working: a tiny run (N=50) of every workload, and fair peer models.

No timing assertions: the numbers of a 50-event run mean nothing. The real run is
``nox -s bench`` (see docs/performance.md).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Every implementation of every workload, with the module it needs (None: stievents alone).
EXPECTED = {
    "Canonical JSON decode": {"stievents": None, "pydantic v2": "pydantic", "msgspec": "msgspec"},
    "Canonical JSON encode": {"stievents": None, "pydantic v2": "pydantic", "msgspec": "msgspec"},
    "iCalendar export": {"stievents": None, "icalendar by hand": "icalendar", "ics.py": "ics"},
    "iCalendar import": {"stievents": None, "icalendar parse": "icalendar"},
    "schema.org JSON-LD export": {"stievents": None, "dicts + json": None, "dicts + orjson": "orjson"},
    "OECD-style listing page": {"stievents": None, "jinja2 template": "jinja2"},
    "OECD pages, one per event": {"stievents": None},
}


def installed(module: str | None) -> bool:
    return module is None or importlib.util.find_spec(module) is not None


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("bench")
    argv = [sys.executable, "-m", "benchmarks.run", "--sizes", "50", "--quick", "--process-reps", "1"]
    argv += ["--site-sizes", "10,20"]
    done = subprocess.run(
        [*argv, "--memory-n", "50", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return (out / "performance-results.md").read_text(encoding="utf-8"), out


def section(page: str, title: str) -> str:
    start = page.index(f"### {title}")
    end = page.find("\n### ", start + 1)
    return page[start : end if end != -1 else len(page)]


@pytest.mark.parametrize("title", list(EXPECTED))
def test_every_workload_runs_and_is_tabled(results: tuple[str, Path], title: str) -> None:
    page, _ = results
    table = section(page, title)
    for impl, module in EXPECTED[title].items():
        if installed(module):
            assert f"| 50 | {impl} |" in table, f"{impl} missing from {title}"


def test_targets_processes_memory_and_machine_are_reported(results: tuple[str, Path]) -> None:
    page, out = results
    targets = page.split("<!-- targets:start -->")[1].split("<!-- targets:end -->")[0]
    site = 5 if installed("stievents_site") else 0  # the site's five targets (benchmarks.site_target)
    assert len([line for line in targets.splitlines() if line.startswith("| ")]) == 1 + 16 + site
    for command in ("bare interpreter", "import attrs", "import stievents", "first formats()", "stievents --version"):
        assert f"| {command} |" in section(page, "Whole processes")
    assert "| stievents |" in section(page, "Memory held per event")
    peaks = section(page, "Peak memory of `stievents convert` per format")
    for fmt in ("json", "toml", "jsonld", "jsonld-html", "csv", "ics", "oecd-listing-html", "ics -> json"):
        assert f"| {fmt} |" in peaks
    assert "| stievents |" in section(page, "Peak memory while reading our iCalendar export")
    for name in (
        "JSON-LD export vs dicts + json",
        "peak memory of `stievents convert`",
        "OECD pages per event, 4k / 1k",
        "iCal import peak memory vs icalendar's own parse",
        "peak memory of `ics -> json` vs json -> json",
        "JSON round trip vs msgspec, every N",
        "`stats` over N events vs loading them",
    ):
        assert name in targets
    if installed("stievents_site"):
        assert "Site: no-change rebuild vs full build" in targets
        assert "site builds (benchmarks.site_target)" in section(page, "Notes")
    assert "| Cores |" in page
    assert "| Python | CPython" in page or "| Python |" in page
    if installed("matplotlib"):
        assert (out / "_static" / "benchmarks.png").read_bytes().startswith(b"\x89PNG")


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.syspath_prepend(str(ROOT))
    return importlib.import_module("benchmarks.generate"), importlib.import_module("benchmarks.peers")


def test_generated_document_is_the_generated_events(bench) -> None:  # type: ignore[no-untyped-def]
    """The canonical JSON the benchmark decodes holds exactly the events built through the model."""
    from stievents import serialize

    generate, _ = bench
    events = generate.stievents_events(20)
    assert serialize.loads(json.dumps(generate.canonical_document(20))) == events
    assert all(len(e.sessions) == 6 and len(e.organisers) == 3 and len(e.policy_questions) == 4 for e in events)
    assert len({e.timezone for e in events}) >= 5


def _peer_decoders(peers):  # type: ignore[no-untyped-def]
    decoders = []
    if installed("pydantic"):
        import pydantic

        decoders.append((peers.pydantic_models()[1].validate_json, pydantic.ValidationError))
    if installed("msgspec"):
        import msgspec

        decoders.append((peers.msgspec_models()[1].decode, msgspec.ValidationError))
    if not decoders:
        pytest.skip("neither pydantic nor msgspec is installed (pip install -r benchmarks/requirements.txt)")
    return decoders


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda e: e.update(end=e["start"].replace("09:00", "08:00")), "end before start"),
        (lambda e: e.update(timezone="Mars/Olympus_Mons"), "unknown zone"),
        (lambda e: e.update(start=e["start"][:19]), "naive datetime"),
        (lambda e: e["sessions"][0].update(end=e["sessions"][0]["start"].replace(":30", ":00", 1)), "session order"),
        (lambda e: e["sessions"][0].update(policy_question_ids=["q9"]), "unknown question id"),
        (lambda e: e.update(url="not a url"), "bad url"),
    ],
)
def test_peers_refuse_what_ours_refuses(bench, change, why) -> None:  # type: ignore[no-untyped-def]
    """Fair both ways: a peer that validated less would look faster than it is."""
    generate, peers = bench
    (good,) = generate.peer_dicts(1)
    for decode, error in _peer_decoders(peers):
        assert len(decode(json.dumps([good]))) == 1
        bad = json.loads(json.dumps(good))
        change(bad)
        with pytest.raises(error):
            decode(json.dumps([bad]))


def test_the_json_stages_are_tabled_and_leave_the_invariants_on(results: tuple[str, Path]) -> None:
    """The floor table lists every stage, and switching the invariants off for one stage is undone."""
    page, _ = results
    table = section(page, "Where the JSON round trip time goes")
    stages = ("json.loads", "parse_temporal", "invariants off", "invariants on", "serialize.loads", "serialize.dumps")
    for stage in stages:
        assert stage in table
    from benchmarks.floor import _invariants_off
    from stievents.errors import InvalidEventError
    from stievents.model import Session

    with _invariants_off():
        Session(id="s", title="")  # no check runs inside the block
    with pytest.raises(InvalidEventError):
        Session(id="s", title="")


def test_only_json_prints_the_json_tables_and_writes_nothing(tmp_path: Path) -> None:
    """``--only json``: the JSON workloads of the full run, printed; no results page, no chart."""
    argv = [sys.executable, "-m", "benchmarks.run", "--only", "json", "--sizes", "50", "--quick"]
    done = subprocess.run(
        [*argv, "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "| JSON round trip vs msgspec, every N |" in done.stdout
    for title in ("Canonical JSON round trip", "Canonical JSON decode", "Canonical JSON encode"):
        assert f"### {title}" in done.stdout
    assert "| 50 | stievents |" in done.stdout
    assert "| 50 | stievents (bulk opt-in) |" in done.stdout
    assert "iCalendar" not in done.stdout
    assert list(tmp_path.iterdir()) == []

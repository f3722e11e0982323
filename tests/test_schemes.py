"""The classification schemes: the vendored data, the scheme API, laziness, warnings and the CLI.

The data files under ``src/stievents/data/schemes`` are checked for their shape
(what the sources promise: 17 goals and 169 targets with their UN IRIs, STIP
Compass codes of the documented kinds), not for their wording, which comes from
the sources named in ``SOURCES.md``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from fake_plugins import FakeEntryPoint, module
from hypothesis import given
from hypothesis import strategies as st

import stievents
from stievents import Classification, PolicyQuestion, api, plugins
from stievents.errors import PluginFailedError, Severity
from stievents.plugin_types import ClassificationScheme

ROOT = Path(__file__).resolve().parent.parent
SCHEMES = ROOT / "src" / "stievents" / "data" / "schemes"
CORE_SCHEMES = ("stip-compass", "stip-compass-instrument", "stip-compass-target-group", "stip-compass-theme", "un-sdg")
SDG_IRI = "http://metadata.un.org/sdg"


def _load(name: str) -> Any:
    return json.loads((SCHEMES / name).read_text(encoding="utf-8"))


def _clean(text: object) -> bool:
    """A label as a data file should hold it: non-empty text, trimmed, single spaces, no control characters."""
    return (
        isinstance(text, str)
        and text == text.strip() != ""
        and "  " not in text
        and not any(ord(c) < 32 or c == "\x7f" for c in text)
    )


@pytest.fixture(autouse=True)
def _fresh_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(plugins.STRICT_ENV, raising=False)
    plugins.reset()
    yield
    plugins.reset()


# ------------------------------------------------------------------ the data files


def test_every_data_file_has_its_source_noted() -> None:
    sources = (SCHEMES / "SOURCES.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in SCHEMES.glob("*.json"))
    assert files == ["stip-compass.json", "un-sdg.json"]
    for name in files:
        assert f"`{name}`" in sources
    assert "Licence" in sources
    assert "licence" in sources.lower()


def test_the_sdg_file_has_17_goals_and_169_targets_with_their_un_iris() -> None:
    data = _load("un-sdg.json")
    assert (data["id"], data["edition"], data["iri"]) == ("un-sdg", "2015", SDG_IRI)
    codes = data["codes"]
    goals = [c for c in codes if "." not in c["code"]]
    targets = [c for c in codes if "." in c["code"]]
    assert [g["code"] for g in goals] == [str(n) for n in range(1, 18)]
    assert len(targets) == 169
    assert len({c["code"] for c in codes}) == len(codes)
    per_goal = Counter(t["code"].split(".")[0] for t in targets)
    assert set(per_goal) == {g["code"] for g in goals}  # every goal has targets, no target is orphaned
    for entry in codes:
        assert re.fullmatch(r"[1-9][0-9]?(\.([1-9][0-9]?|[a-z]))?", entry["code"]), entry
        assert entry["iri"] == f"{SDG_IRI}/{entry['code']}"
        assert _clean(entry["label"]), entry
    for goal in goals:
        assert _clean(goal["title"])
        assert len(goal["title"]) > len(goal["label"])
    # the order of the vocabulary: each goal, then its numbered targets, then its lettered ones
    order = [c["code"] for c in codes]
    for goal in goals:
        mine = [t for t in order if t.split(".")[0] == goal["code"] and "." in t]
        numbered = [t for t in mine if t.split(".")[1].isdigit()]
        assert numbered == [f"{goal['code']}.{n}" for n in range(1, len(numbered) + 1)]
        assert order.index(goal["code"]) < order.index(mine[0])
        assert mine == numbered + sorted(set(mine) - set(numbered))


def test_the_stip_compass_file_has_themes_target_groups_and_instruments() -> None:
    data = _load("stip-compass.json")
    assert data["edition"] == "2021"
    patterns = {"themes": r"TH[1-9][0-9]*", "target_groups": r"TG[1-9][0-9]*", "instruments": r"PI0[0-9]{2}"}
    assert set(data) == {"edition", "url", *patterns}
    seen: set[str] = set()
    for part, pattern in patterns.items():
        entries = data[part]
        assert entries, part
        for entry in entries:
            assert set(entry) == {"code", "label", "area"}
            assert re.fullmatch(pattern, entry["code"]), entry
            assert _clean(entry["label"]), entry
            assert _clean(entry["area"]), entry
            assert "|" not in entry["label"]
            assert entry["code"] not in seen
            seen.add(entry["code"])
        labels = [e["label"] for e in entries]
        assert len(set(labels)) == len(labels), part  # a label names one code within its taxonomy
    # the sizes of the 2021 codebook's sheets
    assert [len(data[p]) for p in patterns] == [59, 31, 28]


# ------------------------------------------------------------------ the schemes


def test_classification_schemes_lists_the_core_schemes_sorted_by_id() -> None:
    schemes = api.classification_schemes()
    ids = [s.id for s in schemes]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert set(CORE_SCHEMES) <= set(ids)
    for scheme in schemes:
        codes = [code for code, _ in scheme.codes]
        assert len(set(codes)) == len(codes), scheme.id


def test_the_schemes_hold_what_the_files_hold() -> None:
    by_id = {s.id: s for s in api.classification_schemes()}
    sdg = by_id["un-sdg"]
    data = _load("un-sdg.json")
    assert sdg.codes == tuple((c["code"], c["label"]) for c in data["codes"])
    assert (sdg.iri, sdg.url, sdg.edition) == (SDG_IRI, data["url"], "2015")
    assert sdg.code_iri("9") == f"{SDG_IRI}/9"
    assert sdg.code_iri("9.5") == f"{SDG_IRI}/9.5"
    assert sdg.code_iri("9.9") is None
    assert sdg.label("9.9") is None
    # the label the examples cite for goal 9 is the scheme's
    demo = stievents.example("demo-hybrid-forum")
    cited = {(c.scheme, c.code): c.label for c in demo.classifications}
    assert sdg.label("9") == cited[("un-sdg", "9")]
    stip = _load("stip-compass.json")
    parts = {"stip-compass-theme": "themes", "stip-compass-target-group": "target_groups"}
    parts["stip-compass-instrument"] = "instruments"
    union: list[tuple[str, str]] = []
    for scheme_id, part in parts.items():
        scheme = by_id[scheme_id]
        assert scheme.codes == tuple((c["code"], c["label"]) for c in stip[part])
        assert scheme.edition == stip["edition"]
        assert scheme.code_iris == ()
        union.extend(scheme.codes)
    assert by_id["stip-compass"].codes == tuple(union)


def test_listing_schemes_reads_no_data_and_import_loads_no_scheme_module() -> None:
    code = """
import json, sys
import stievents
imported = "stievents._schemes" in sys.modules
schemes = stievents.api.classification_schemes()
from stievents import _schemes
read_after_listing = _schemes._data.cache_info().currsize
sizes = {s.id: len(s.codes) for s in schemes}
print(json.dumps({"imported": imported, "read": read_after_listing, "after": _schemes._data.cache_info().currsize,
                  "sizes": sizes}))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    report = json.loads(result.stdout)
    assert report["imported"] is False
    assert report["read"] == 0
    assert report["after"] == 2
    assert report["sizes"]["un-sdg"] == 186


def test_a_scheme_given_pairs_or_a_function_behaves_the_same() -> None:
    calls: list[int] = []

    def codes() -> Iterator[tuple[str, str]]:
        calls.append(1)
        yield from (("A", "Alpha"), ("B", "Beta"))

    lazy = ClassificationScheme(id="x", name="X", codes=codes, code_iris=lambda: [("A", "https://x.example/A")])
    eager = ClassificationScheme(id="x", name="X", codes=(("A", "Alpha"), ("B", "Beta")))
    assert calls == []
    assert lazy.codes == eager.codes == (("A", "Alpha"), ("B", "Beta"))
    assert lazy.label("B") == eager.label("B") == "Beta"
    assert lazy.label("C") is None
    assert lazy.code_iri("A") == "https://x.example/A"
    assert eager.code_iri("A") is None
    assert lazy.codes == lazy.codes
    assert lazy.label("A") == "Alpha"
    assert calls == [1]  # read once
    assert hash(eager) == hash(ClassificationScheme(id="x", name="X", codes=(("A", "Alpha"), ("B", "Beta"))))
    assert ClassificationScheme(id="open", name="Open").codes == ()


def test_a_plugins_failing_code_function_is_blamed_on_the_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> list[tuple[str, str]]:
        raise KeyError("themes")

    def stievents_classification_schemes() -> Iterator[ClassificationScheme]:
        yield ClassificationScheme(id="broken-themes", name="Broken", codes=broken)

    entry = FakeEntryPoint(
        "themes", lambda: module("themes_plugin", stievents_classification_schemes=stievents_classification_schemes)
    )
    monkeypatch.setattr(plugins, "_entry_points", lambda: [entry])
    plugins.reset()
    (scheme,) = [s for s in api.classification_schemes() if s.id == "broken-themes"]  # listing reads nothing
    with pytest.raises(PluginFailedError) as caught:
        _ = scheme.codes
    assert "stievents-themes" in str(caught.value)
    assert "broken-themes" in str(caught.value)
    assert isinstance(caught.value.__cause__, KeyError)


# ------------------------------------------------------------------ the warning for an unknown code


def _with(classifications: tuple[Classification, ...]) -> stievents.Event:
    return attrs.evolve(stievents.example("oecd-co-creation-2020"), classifications=classifications)


@pytest.mark.parametrize("scheme_id", CORE_SCHEMES)
def test_an_unknown_code_of_a_closed_scheme_is_a_warning_and_a_known_one_is_not(scheme_id: str) -> None:
    scheme = {s.id: s for s in api.classification_schemes()}[scheme_id]
    known = scheme.codes[len(scheme.codes) // 2][0]
    problems = api.validate(
        _with((Classification(scheme=scheme_id, code=known), Classification(scheme=scheme_id, code=known + "9x")))
    )
    assert [(p.path, p.severity) for p in problems] == [("$.events[0].classifications[1].code", Severity.WARNING)]
    assert repr(known + "9x") in problems[0].message
    assert repr(scheme_id) in problems[0].message
    assert f"edition {scheme.edition}" in problems[0].message


@given(code=st.text(alphabet="THGPI0123456789.abc", min_size=1, max_size=6))
def test_any_code_is_checked_against_the_scheme(code: str) -> None:
    sdg = {s.id: s for s in api.classification_schemes()}["un-sdg"]
    question = PolicyQuestion(text="Which?", classifications=(Classification(scheme="un-sdg", code=code),))
    event = attrs.evolve(_with((Classification(scheme="no-such-scheme", code=code),)), policy_questions=(question,))
    problems = api.validate(event)
    expected = [] if sdg.label(code) is not None else ["$.events[0].policy_questions[0].classifications[0].code"]
    assert [p.path for p in problems] == expected  # an unknown (open) scheme is never checked


def test_the_examples_cite_known_codes() -> None:
    for name in stievents.example_names():
        assert api.validate(stievents.example(name)) == []


# ------------------------------------------------------------------ the command line


def _cli(*args: str) -> tuple[int, str, str]:
    result = subprocess.run(
        [sys.executable, "-m", "stievents", *args], capture_output=True, text=True, timeout=120, check=False
    )
    return result.returncode, result.stdout, result.stderr


def test_the_schemes_command_lists_what_the_api_lists() -> None:
    code, out, err = _cli("schemes")
    assert code == 0, err
    expected = [
        f"{s.id}\t{s.name}\t{s.edition or '-'}\t{len(s.codes)}\t{s.url or '-'}" for s in api.classification_schemes()
    ]
    assert out.splitlines() == expected


def test_the_schemes_command_prints_json_with_codes_and_iris() -> None:
    code, out, err = _cli("schemes", "--json")
    assert code == 0, err
    rows = json.loads(out)
    schemes = {s.id: s for s in api.classification_schemes()}
    assert [r["id"] for r in rows] == list(schemes)
    for row in rows:
        scheme = schemes[row["id"]]
        assert (row["name"], row["edition"], row["url"], row["iri"]) == (
            scheme.name,
            scheme.edition,
            scheme.url,
            scheme.iri,
        )
        assert row["closed"] is bool(scheme.codes)
        assert [(c["code"], c["label"]) for c in row["codes"]] == list(scheme.codes)
        assert {c["code"]: c["iri"] for c in row["codes"] if "iri" in c} == dict(scheme.code_iris)
    assert len([c for c in rows[-1]["codes"] if "iri" in c]) == 186


# ------------------------------------------------------------------ packaging


def test_the_wheel_carries_the_scheme_data(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    build = f"from hatchling.build import build_wheel; print(build_wheel({str(tmp_path)!r}))"
    result = subprocess.run([sys.executable, "-c", build], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    name = result.stdout.strip().splitlines()[-1]
    with zipfile.ZipFile(tmp_path / name) as wheel:
        names = set(wheel.namelist())
        for path in ("un-sdg.json", "stip-compass.json", "SOURCES.md"):
            assert f"stievents/data/schemes/{path}" in names
        assert json.loads(wheel.read("stievents/data/schemes/un-sdg.json")) == _load("un-sdg.json")

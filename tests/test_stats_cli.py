"""``stievents stats``: table, CSV and JSON of the counts, charts, and the errors of its command line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from stievents import examples
from stievents.cli import main
from stievents.statistics import stats

EXAMPLES = ["--example", "oecd-co-creation-2020", "--example", "demo-hybrid-forum"]
EVENTS = [examples.example("oecd-co-creation-2020"), examples.example("demo-hybrid-forum")]
NOW = "2026-01-01T00:00:00Z"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_csv_has_one_column_per_key_plus_count(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["stats", *EXAMPLES, "--by", "year,country", "--format", "csv"], capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows
    assert list(rows[0]) == ["year", "country", "count"]
    got = Counter({(int(r["year"]), r["country"] or None): int(r["count"]) for r in rows})
    # by hand: the Moscow workshop of 2020 moved online (so "online"), the forum of 2031 is in Brussels
    expected = Counter({(2020, "online"): 1, (2031, "BE"): 1})
    assert [e.start.year for e in EVENTS] == [2020, 2031]
    assert got == expected


def test_json_is_a_list_of_objects(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["stats", *EXAMPLES, "--by", "classification,event_type", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list)
    assert data == stats(EVENTS, ["classification", "event_type"]).as_dicts()
    for entry in data:
        assert list(entry) == ["classification", "event_type", "count"]
        assert isinstance(entry["count"], int)
    assert any(entry["classification"] is None for entry in data)  # the OECD workshop cites no code: null


def test_table_is_aligned_and_says_how_many_events(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["stats", *EXAMPLES, "--by", "organiser"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["organiser", "count"]
    assert set(lines[1]) <= {"-", " "}
    body = lines[2:-1]
    assert len(body) == len(stats(EVENTS, ["organiser"]).rows)
    assert len({len(line) for line in body}) == 1  # right-aligned counts: every row as wide
    assert lines[-1].startswith("2 events; one event counts once under each of its values")


def test_phase_uses_now(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["stats", *EXAMPLES, "--by", "phase", "--format", "json", "--now", NOW], capsys)
    assert code == 0
    assert {entry["phase"]: entry["count"] for entry in json.loads(out)} == {"ended": 1, "upcoming": 1}


def test_an_input_file_is_read_like_convert_reads_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "demo.json"
    source.write_bytes(examples.example_bytes("demo-hybrid-forum"))
    code, out, _ = run(["stats", str(source), "--by", "language", "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out) == [{"language": "en", "count": 1}, {"language": "fr", "count": 1}]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--by", "yaer"], "unknown stats key 'yaer'; valid keys: year"),
        (["--by", "year,year"], "given twice"),
        (["--by", "year", "--chart", "out.gif"], "ending in .svg or .png"),
        (["--by", "year,country,scope", "--chart", "out.svg"], "one key (a bar chart) or two"),
        (["--by", "year", "--format", "xml"], "invalid choice"),
    ],
)
def test_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(["stats", *EXAMPLES, *argv], capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert out == ""


def test_a_broken_input_fails_with_its_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "broken.json"
    source.write_text("{not json", encoding="utf-8")
    code, out, err = run(["stats", str(source), "--by", "year"], capsys)
    assert code == 1
    assert str(source) in err
    assert out == ""


# ------------------------------------------------------------------ charts


@pytest.fixture
def matplotlib_installed() -> None:
    pytest.importorskip("matplotlib", reason="charts are an extra (stievents[charts]); CI installs matplotlib")


@pytest.mark.usefixtures("matplotlib_installed")
@pytest.mark.parametrize("by", ["country", "year,event_type", "policy_question"])
def test_svg_chart_is_valid_xml_with_a_title_and_is_reproducible(
    by: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for target in (first, second):
        code, _, err = run(["stats", *EXAMPLES, "--by", by, "--chart", str(target)], capsys)
        assert code == 0, err
    root = ET.fromstring(first.read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    titles = [element.text or "" for element in root.iter("{http://purl.org/dc/elements/1.1/}title")]
    assert any(title.startswith("Events by") for title in titles)
    assert first.read_bytes() == second.read_bytes()  # no date, fixed hash salt


@pytest.mark.usefixtures("matplotlib_installed")
def test_png_chart_has_the_png_header(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "chart.png"
    code, _, err = run(["stats", *EXAMPLES, "--by", "year", "--chart", str(target)], capsys)
    assert code == 0, err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.usefixtures("matplotlib_installed")
def test_dollar_signs_in_labels_are_text(tmp_path: Path) -> None:
    """A '$' in user text must not switch matplotlib to mathtext (an unbalanced one would fail)."""
    import attrs

    from stievents.charts import write_chart

    event = EVENTS[1]
    event = attrs.evolve(event, topics=("$5 billion $mission", "100% $"))
    with (tmp_path / "t.svg").open("wb") as stream:
        write_chart(stats([event], ["topic"]), stream, "svg")
    ET.fromstring((tmp_path / "t.svg").read_bytes())


def test_without_matplotlib_the_error_names_the_extra(tmp_path: Path) -> None:
    """In a fresh interpreter where matplotlib cannot be imported: exit 1, the extra named, no file, no traceback."""
    target = tmp_path / "chart.svg"
    code = (
        "import sys\n"
        "sys.modules['matplotlib'] = None\n"
        "import importlib.util\n"
        "real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name.split('.')[0] == 'matplotlib' else real(name, *a)\n"
        "from stievents.cli import main\n"
        f"sys.exit(main(['stats', '--example', 'demo-hybrid-forum', '--by', 'year', '--chart', {str(target)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "pip install 'stievents[charts]'" in done.stderr
    assert "error" in done.stderr
    assert "Traceback" not in done.stderr
    assert not target.exists()


def test_write_chart_without_matplotlib_raises_the_extra_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from stievents._extras import MissingExtraError
    from stievents.charts import write_chart

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"stievents\[charts\]"):
        write_chart(stats(EVENTS, ["year"]), io.BytesIO(), "svg")


def test_the_table_shows_control_characters_without_obeying_them() -> None:
    import attrs

    from stievents._stats_output import as_table

    event = attrs.evolve(EVENTS[1], topics=("a\x9b31mred", "two\nlines"))
    table = as_table(stats([event], ["topic"]))
    assert "\x9b" not in table
    assert "a\ufffd31mred" in table
    assert "two lines" in table

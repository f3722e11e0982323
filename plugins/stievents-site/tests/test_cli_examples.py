"""``stievents site build --examples``: the README's main job builds the examples and the catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import stievents
from stievents.cli import main


def test_examples_build_the_demo_site_and_say_what_to_open(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert main(["site", "build", "--examples", "-o", str(out), "--now", "2026-01-01T00:00:00Z"]) == 0
    err = capsys.readouterr().err
    assert (out / "index.html").resolve().as_uri() in err
    expected = {*stievents.example_names(), *(e.id for e in stievents.catalogue())}
    for locale in ("en", "fr"):
        pages = {p.stem for p in (out / locale / "events").glob("*.html")}
        assert pages == expected
    listed = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert "en/index.html" in listed
    assert "feeds/all.ics" in listed


def test_inputs_and_examples_are_one_collection(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(stievents.dumps([stievents.example("demo-hybrid-forum")]), encoding="utf-8")
    # the example given twice, as a file and through --examples: an id used twice is an error naming both
    code = main(["site", "build", str(tmp_path / "one.json"), "--examples", "-o", str(tmp_path / "o")])
    assert code == 1


def test_no_input_and_no_examples_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["site", "build", "-o", str(tmp_path / "o")]) == 2
    assert "give INPUT files or folders, or --examples" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()

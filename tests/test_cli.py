"""Every command of the ``stievents`` CLI and every exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pytest

import stievents
from stievents import Event, plugins
from stievents.cli import main
from stievents.errors import StieventsError
from stievents.examples import example_bytes
from stievents.plugin_types import ExportContext, Exporter

REFERENCE = "oecd-co-creation-2020"
DEMO = "demo-hybrid-forum"


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``python -m stievents ARGS`` in a fresh process."""
    environment = {**os.environ, **(env or {})}
    environment.pop(plugins.STRICT_ENV, None) if env is None or plugins.STRICT_ENV not in env else None
    return subprocess.run(
        [sys.executable, "-m", "stievents", *args], input=stdin, capture_output=True, timeout=120, env=environment
    )


@pytest.fixture
def cli(
    capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[int, bytes, str]]:
    """Run ``main(args)`` in-process and return (exit code, stdout bytes, stderr text)."""
    monkeypatch.delenv(plugins.STRICT_ENV, raising=False)

    def call(*args: str) -> tuple[int, bytes, str]:
        code = main(list(args))
        out, err = capsysbinary.readouterr()
        return code, out, err.decode("utf-8")

    return call


def write_document(path: Path, *events: dict[str, Any]) -> Path:
    path.write_text(json.dumps({"format": "stievents", "format_version": "1.0", "events": list(events)}), "utf-8")
    return path


def event_data(event_id: str = "e1", **fields: Any) -> dict[str, Any]:
    return {
        "id": event_id,
        "title": "T",
        "start": "2020-03-05T09:30:00+01:00[Europe/Paris]",
        "end": "2020-03-06T16:30:00+01:00[Europe/Paris]",
        **fields,
    }


# ------------------------------------------------------------------ simple commands


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode() == f"stievents {stievents.__version__}\n"


def test_examples(cli: Callable[..., tuple[int, bytes, str]]) -> None:
    code, out, _ = cli("examples")
    assert code == 0
    lines = out.decode().splitlines()
    assert [line.split("\t")[0] for line in lines] == [REFERENCE, DEMO]
    assert all(len(line.split("\t")) == 2 for line in lines)


def test_schema(cli: Callable[..., tuple[int, bytes, str]]) -> None:
    code, out, _ = cli("schema")
    assert code == 0
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_formats_tab_separated_and_sorted(cli: Callable[..., tuple[int, bytes, str]]) -> None:
    code, out, _ = cli("formats")
    assert code == 0
    rows = [line.split("\t") for line in out.decode().splitlines()]
    names = [row[0] for row in rows]
    assert names == sorted(names)
    assert {"json", "toml"} <= set(names)
    assert all(len(row) == 5 for row in rows)
    by_name = {row[0]: row for row in rows}
    assert by_name["json"] == ["json", "import+export", "application/json", "stievents", stievents.__version__]
    assert all(row[1] in {"import", "export", "import+export"} for row in rows)


def test_formats_json(cli: Callable[..., tuple[int, bytes, str]]) -> None:
    code, out, _ = cli("formats", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["name"] for r in rows] == sorted(r["name"] for r in rows)
    (toml,) = [r for r in rows if r["name"] == "toml"]
    assert toml["suffixes"] == [".toml"]
    assert toml["direction"] == "import+export"
    assert toml["distribution"] == "stievents"


def test_plugins(cli: Callable[..., tuple[int, bytes, str]]) -> None:
    code, out, _ = cli("plugins")
    assert code == 0
    assert out.decode().startswith("stievents._builtin\tstievents\t")


# ------------------------------------------------------------------ convert


@pytest.mark.parametrize("name", [REFERENCE, DEMO])
def test_convert_example_to_json_is_the_shipped_file(name: str) -> None:
    result = run("convert", "--example", name, "--to", "json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == example_bytes(name)


def test_convert_reference_shows_the_facts() -> None:
    result = run("convert", "--example", REFERENCE, "--to", "json")
    (event,) = json.loads(result.stdout)["events"]
    assert event["start"] == "2020-03-05T09:30:00+01:00[Europe/Paris]"
    assert event["end"] == "2020-03-06T16:30:00+01:00[Europe/Paris]"
    assert event["venue"]["country"] == "RU"
    assert event["status_history"][0]["reason"] == "due to recent Coronavirus developments"
    for blank in ("languages", "visibility", "attendance_policy", "contacts", "related_events", "image"):
        assert blank not in event


def test_toml_output_converted_back_to_toml_is_the_same_bytes(tmp_path: Path) -> None:
    first = run("convert", "--example", REFERENCE, "--example", DEMO, "--to", "toml")
    assert first.returncode == 0, first.stderr
    source = tmp_path / "events.toml"
    source.write_bytes(first.stdout)
    second = run("convert", str(source), "--to", "toml")
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout
    third = run("convert", str(source), "--to", "json")
    assert (
        json.loads(third.stdout)["events"]
        == json.loads(run("convert", "--example", REFERENCE, "--example", DEMO, "--to", "json").stdout)["events"]
    )


def test_several_inputs_form_one_collection(tmp_path: Path, cli: Callable[..., tuple[int, bytes, str]]) -> None:
    first = write_document(tmp_path / "a.json", event_data("a"))
    second = write_document(tmp_path / "b.json", event_data("b"), event_data("c"))
    code, out, err = cli("convert", str(first), str(second), "--example", REFERENCE, "--to", "json")
    assert code == 0, err
    assert [e["id"] for e in json.loads(out)["events"]] == [REFERENCE, "a", "b", "c"]


def test_duplicate_ids_across_inputs(tmp_path: Path, cli: Callable[..., tuple[int, bytes, str]]) -> None:
    first = write_document(tmp_path / "a.json", event_data("same"))
    second = write_document(tmp_path / "b.json", event_data("same"))
    code, out, err = cli("convert", str(first), str(second), "--to", "json")
    assert code == 1
    assert out == b""
    assert f"{second}: event id 'same' is also used in {first}" in err
    reference = write_document(tmp_path / "c.json", event_data(REFERENCE))
    assert cli("convert", str(reference), "--example", REFERENCE, "--to", "json")[0] == 1


def test_input_format_from_the_suffix(tmp_path: Path, cli: Callable[..., tuple[int, bytes, str]]) -> None:
    toml_file = tmp_path / "x.toml"
    toml_file.write_text(stievents.dumps([stievents.example(REFERENCE)], "toml"), "utf-8")
    code, out, _ = cli("convert", str(toml_file), "--to", "json")
    assert code == 0
    assert out == example_bytes(REFERENCE)
    odd = tmp_path / "x.data"
    odd.write_bytes(example_bytes(REFERENCE))
    code, _, err = cli("convert", str(odd), "--to", "json")
    assert code == 2
    assert "no importer claims the suffix '.data'" in err
    code, out, _ = cli("convert", str(odd), "--from", "json", "--to", "json")
    assert code == 0
    assert out == example_bytes(REFERENCE)
    mislabelled = tmp_path / "x.json"
    mislabelled.write_bytes(toml_file.read_bytes())
    assert cli("convert", str(mislabelled), "--to", "json")[0] == 1
    assert cli("convert", str(mislabelled), "--from", "toml", "--to", "json")[0] == 0


def test_standard_input() -> None:
    result = run("convert", "-", "--from", "json", "--to", "json", stdin=example_bytes(DEMO))
    assert result.returncode == 0, result.stderr
    assert result.stdout == example_bytes(DEMO)
    assert run("convert", "-", "--to", "json", stdin=b"{}").returncode == 2


def test_output_file_is_written(tmp_path: Path, cli: Callable[..., tuple[int, bytes, str]]) -> None:
    target = tmp_path / "out.json"
    code, out, _ = cli("convert", "--example", DEMO, "--to", "json", "-o", str(target))
    assert code == 0
    assert out == b""
    assert target.read_bytes() == example_bytes(DEMO)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    code, _, _ = cli("convert", "--example", DEMO, "--to", "json", "-o", str(tmp_path))
    assert code == 0
    assert (tmp_path / f"{DEMO}.json").read_bytes() == example_bytes(DEMO)


def test_output_is_untouched_when_the_input_is_invalid(
    tmp_path: Path, cli: Callable[..., tuple[int, bytes, str]]
) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"precious")
    bad = write_document(tmp_path / "bad.json", event_data(end="2020-01-01T00:00:00+01:00[Europe/Paris]"))
    code, _, _ = cli("convert", str(bad), "--to", "json", "-o", str(target))
    assert code == 1
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "out.json"]


def _failing_write(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    stream.write(b"partial output")
    raise StieventsError("the exporter gave up half-way")


@pytest.fixture
def failing_format(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    module = type(sys)("failing_plugin")

    def stievents_exporters() -> Iterator[Exporter]:
        yield Exporter(
            name="failing", write=_failing_write, media_type="text/plain", suffixes=(".txt",), description="d"
        )

    module.stievents_exporters = stievents.hookimpl(stievents_exporters)  # type: ignore[attr-defined]

    class EntryPoint:
        name = "failing"
        dist = None

        @staticmethod
        def load() -> object:
            return module

    monkeypatch.setattr(plugins, "_entry_points", lambda: [EntryPoint()])
    plugins.reset()
    yield
    plugins.reset()


def test_failed_conversion_leaves_no_partial_file(
    tmp_path: Path, cli: Callable[..., tuple[int, bytes, str]], failing_format: None
) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"precious")
    code, _, err = cli("convert", "--example", REFERENCE, "--to", "failing", "-o", str(target))
    assert code == 1
    assert "the exporter gave up half-way" in err
    assert "Traceback" not in err
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    fresh = tmp_path / "new.txt"
    assert cli("convert", "--example", REFERENCE, "--to", "failing", "-o", str(fresh))[0] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_lenient_keeps_the_valid_events(tmp_path: Path, cli: Callable[..., tuple[int, bytes, str]]) -> None:
    mixed = write_document(tmp_path / "mixed.json", event_data("good"), event_data("bad", start="nope"))
    code, out, err = cli("convert", str(mixed), "--to", "json")
    assert code == 1
    assert out == b""
    assert f"{mixed}: $.events[1].start:" in err
    code, out, err = cli("convert", str(mixed), "--to", "json", "--lenient")
    assert code == 0
    assert [e["id"] for e in json.loads(out)["events"]] == ["good"]
    assert f"{mixed}: $.events[1].start:" in err


def test_now_locale_and_options(cli: Callable[..., tuple[int, bytes, str]]) -> None:
    code, out, _ = cli(
        "convert", "--example", REFERENCE, "--to", "json", "--now", "2026-01-01T00:00:00Z", "--locale", "fr"
    )
    assert code == 0
    assert out == example_bytes(REFERENCE)
    code, _, err = cli("convert", "--example", REFERENCE, "--to", "json", "-O", "colour=red")
    assert code == 2  # a mistake in the command line (see test_cli_edges.py)
    assert "colour" in err


# ------------------------------------------------------------------ validate


def test_validate_valid(tmp_path: Path, cli: Callable[..., tuple[int, bytes, str]]) -> None:
    good = tmp_path / "good.json"
    good.write_bytes(example_bytes(DEMO))
    code, out, err = cli("validate", str(good), "--example", REFERENCE)
    assert code == 0, err
    assert out == b"2 events valid\n"


def test_validate_warnings_alone_exit_0(tmp_path: Path, cli: Callable[..., tuple[int, bytes, str]]) -> None:
    doubtful = write_document(tmp_path / "w.json", event_data(classifications=[{"scheme": "un-sdg", "code": "99"}]))
    code, _, err = cli("validate", str(doubtful))
    assert code == 0
    assert f"{doubtful}: $.events[0].classifications[0].code: warning: code '99'" in err


def test_validate_invalid(tmp_path: Path, cli: Callable[..., tuple[int, bytes, str]]) -> None:
    bad = write_document(
        tmp_path / "bad.json",
        event_data(end="2020-03-01T00:00:00+01:00[Europe/Paris]", sessions=[{"id": "s", "title": "x", "start": 1}]),
    )
    good = tmp_path / "good.json"
    good.write_bytes(example_bytes(DEMO))
    code, out, err = cli("validate", str(good), str(bad))
    assert code == 1
    assert out == b""
    lines = err.splitlines()
    assert f"{bad}: $.events[0].sessions[0].start: error: expected a datetime string, got the number 1" in lines
    assert all(line.startswith(f"{bad}: $.events[0].") for line in lines)


def test_validate_unknown_profile_is_a_usage_error(cli: Callable[..., tuple[int, bytes, str]]) -> None:
    code, _, err = cli("validate", "--example", REFERENCE, "--profile", "no-such-profile")
    assert code == 2
    assert "no-such-profile" in err


BROKEN: dict[str, tuple[bytes, str]] = {
    "wrong-type": (
        json.dumps({"format": "stievents", "format_version": "1.0", "events": [event_data(revision="3")]}).encode(),
        "$.events[0].revision",
    ),
    "naive": (
        json.dumps(
            {"format": "stievents", "format_version": "1.0", "events": [event_data(start="2020-03-05T09:30:00")]}
        ).encode(),
        "$.events[0].start",
    ),
    "impossible": (
        json.dumps(
            {
                "format": "stievents",
                "format_version": "1.0",
                "events": [event_data(start="2020-02-30T09:30:00+01:00[Europe/Paris]")],
            }
        ).encode(),
        "$.events[0].start",
    ),
    "dst-gap": (
        json.dumps(
            {
                "format": "stievents",
                "format_version": "1.0",
                "events": [event_data(start="2020-03-29T02:30:00+01:00[Europe/Paris]")],
            }
        ).encode(),
        "$.events[0].start",
    ),
    "unknown-zone": (
        json.dumps(
            {
                "format": "stievents",
                "format_version": "1.0",
                "events": [event_data(end="2020-03-06T16:30:00+01:00[Europe/Pariss]")],
            }
        ).encode(),
        "$.events[0].end",
    ),
    "unknown-key": (
        json.dumps({"format": "stievents", "format_version": "1.0", "events": [event_data(colour="red")]}).encode(),
        "$.events[0].colour",
    ),
    "end-before-start": (
        json.dumps(
            {
                "format": "stievents",
                "format_version": "1.0",
                "events": [event_data(end="2020-03-04T16:30:00+01:00[Europe/Paris]")],
            }
        ).encode(),
        "$.events[0].end",
    ),
    "version-2": (
        json.dumps({"format": "stievents", "format_version": "2.0", "events": []}).encode(),
        "$.format_version",
    ),
    "not-json": (b"this is not JSON at all", "not valid JSON"),
    "binary": (b"\xff\xfe\x00garbage", "not UTF-8"),
    "empty": (b"", "not valid JSON"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("command", ["validate", "convert"])
def test_broken_inputs_exit_1_without_traceback(tmp_path: Path, case: str, command: str) -> None:
    data, where = BROKEN[case]
    source = tmp_path / "broken.json"
    source.write_bytes(data)
    extra = ["--to", "toml"] if command == "convert" else []
    result = run(command, str(source), *extra)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "Traceback" not in err
    assert f"{source}: " in err
    assert where in err
    assert result.stdout == b""


# ------------------------------------------------------------------ usage errors and other exits


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frobnicate"],
        ["--no-such-option"],
        ["convert", "--example", REFERENCE],
        ["convert", "--to", "json"],
        ["convert", "--example", "no-such-example", "--to", "json"],
        ["convert", "--example", REFERENCE, "--to", "no-such-format"],
        ["convert", "--example", REFERENCE, "--to", "json", "--now", "2026-01-01T00:00:00"],
        ["convert", "--example", REFERENCE, "--to", "json", "--now", "yesterday"],
        ["convert", "--example", REFERENCE, "--to", "json", "-O", "novalue"],
        ["validate"],
        ["demo", "--example", "no-such-example"],
    ],
)
def test_usage_errors_exit_2(cli: Callable[..., tuple[int, bytes, str]], args: list[str]) -> None:
    code, _, err = cli(*args)
    assert code == 2
    assert err.strip()
    assert "Traceback" not in err


def test_usage_error_in_a_real_process() -> None:
    result = run("convert", "--to")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_missing_input_file(tmp_path: Path, cli: Callable[..., tuple[int, bytes, str]]) -> None:
    code, _, err = cli("validate", str(tmp_path / "missing.json"))
    assert code == 1
    assert "missing.json: cannot read" in err


def test_strict_plugin_failure_exits_3(
    monkeypatch: pytest.MonkeyPatch, cli: Callable[..., tuple[int, bytes, str]]
) -> None:
    class Broken:
        name = "broken"
        dist = None

        @staticmethod
        def load() -> object:
            raise ImportError("no module named 'gone'")

    monkeypatch.setattr(plugins, "_entry_points", lambda: [Broken()])
    plugins.reset()
    try:
        monkeypatch.setenv(plugins.STRICT_ENV, "1")
        code, _, err = cli("formats")
        assert code == 3
        assert "broken" in err
        assert "Traceback" not in err
        monkeypatch.delenv(plugins.STRICT_ENV)
        plugins.reset()
        code, out, err = cli("formats")
        assert code == 0
        assert b"json\t" in out
        assert "plugin 'broken' failed to load" in err
    finally:
        plugins.reset()


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, cli: Callable[..., tuple[int, bytes, str]]) -> None:
    from stievents import cli as cli_module

    def interrupted(args: Any, out: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli_module._COMMANDS, "examples", interrupted)
    code, _, err = cli("examples")
    assert code == 130
    assert "interrupted" in err


def test_an_unexpected_bug_is_reported_without_traceback_unless_debug(
    monkeypatch: pytest.MonkeyPatch, cli: Callable[..., tuple[int, bytes, str]]
) -> None:
    from stievents import cli as cli_module

    def buggy(args: Any, out: Any) -> int:
        raise ZeroDivisionError("oops")

    monkeypatch.setitem(cli_module._COMMANDS, "examples", buggy)
    code, _, err = cli("examples")
    assert code == 1
    assert "internal error" in err
    assert "Traceback" not in err
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "examples"])


# ------------------------------------------------------------------ demo


def test_demo_writes_a_file_per_format(tmp_path: Path) -> None:
    result = run("demo", "-o", str(tmp_path / "out"), "--now", "2026-01-01T00:00:00Z")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "Workshop on co-creation (Moscow, 5-6 March 2020)" in out
    assert "CET" in out
    assert "MSK" in out
    files = sorted((tmp_path / "out").iterdir())
    exporters = [f for f in stievents.formats() if f.exporter is not None]
    assert len(files) == len(exporters)
    by_name = {p.name: p for p in files}  # by whole name: other formats' files may also end in .json
    assert by_name[f"{REFERENCE}.json"].read_bytes() == example_bytes(REFERENCE)
    assert stievents.loads(by_name[f"{REFERENCE}.toml"].read_bytes(), "toml") == [stievents.example(REFERENCE)]
    again = run("demo", "-o", str(tmp_path / "again"), "--now", "2026-01-01T00:00:00Z", "--example", DEMO)
    assert again.returncode == 0, again.stderr
    assert "Demo Forum" in again.stdout.decode()

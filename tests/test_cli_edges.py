"""Edges of the CLI: directories named with a slash, signals, closed pipes, error names, exit codes, progress.

The signal and pipe tests run the CLI in a child process, as a shell would, and
make it wait at a known point (an exporter that blocks after its first bytes, a
pipe whose reader is gone) so the fault arrives when it matters, however fast or
slow the machine is.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import stievents
from stievents import plugins, serialize
from stievents.cli import main
from stievents.examples import example

REFERENCE = "oecd-co-creation-2020"
DEMO = "demo-hybrid-forum"

Cli = Callable[..., tuple[int, bytes, str]]


@pytest.fixture
def cli(capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Run ``main(args)`` in-process and return (exit code, stdout bytes, stderr text)."""
    monkeypatch.delenv(plugins.STRICT_ENV, raising=False)

    def call(*args: str) -> tuple[int, bytes, str]:
        code = main(list(args))
        out, err = capsysbinary.readouterr()
        return code, out, err.decode("utf-8")

    return call


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop(plugins.STRICT_ENV, None)
    return env


# ------------------------------------------------------------------ -o DIR/


def test_a_trailing_slash_names_a_directory_even_for_one_event(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "newdir"
    code, out, err = cli("convert", "--example", REFERENCE, "--to", "json", "-o", f"{target}/")
    assert code == 0, err
    assert out == b""
    assert target.is_dir(), "a regular file was written where a directory was asked for"
    assert [p.name for p in target.iterdir()] == [f"{REFERENCE}.json"]
    assert serialize.load(target / f"{REFERENCE}.json") == [example(REFERENCE)]


def test_a_trailing_slash_writes_one_file_per_event(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "a" / "b"
    code, _, err = cli("convert", "--example", REFERENCE, "--example", DEMO, "--to", "toml", "-o", f"{target}/")
    assert code == 0, err
    assert sorted(p.name for p in target.iterdir()) == [f"{DEMO}.toml", f"{REFERENCE}.toml"]
    assert serialize.load(target / f"{DEMO}.toml") == [example(DEMO)]


# ------------------------------------------------------------------ error names


def test_a_write_error_names_the_target_not_the_temporary_file(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "missing" / "out.ics"
    code, _, err = cli("convert", "--example", REFERENCE, "--to", "ics", "-o", str(target))
    assert code == 1
    assert f"cannot write {target}: No such file or directory" in err
    assert ".tmp" not in err


def test_atomic_write_names_the_path_it_was_given(tmp_path: Path) -> None:
    from stievents._atomic import atomic_write

    (tmp_path / "real").mkdir()
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "real" / "gone" / "x.json")  # dangling, below a missing directory
    with pytest.raises(FileNotFoundError) as caught, atomic_write(link) as stream:
        stream.write(b"{}")
    assert caught.value.filename == str(link)
    assert caught.value.filename2 is None


# ------------------------------------------------------------------ usage errors exit 2


@pytest.mark.parametrize(
    "args",
    [
        ["convert", "--example", REFERENCE, "--to", "json", "-O", "colour=red"],  # unknown key
        ["convert", "--example", REFERENCE, "--to", "ics", "-O", "refresh_interval=soon"],  # bad value
        ["convert", "--example", REFERENCE, "--to", "csv", "-O", "colour=red"],
        ["convert", "--example", REFERENCE, "--to", "json", "--now", "2026-13-01T00:00:00Z"],
        ["convert", "--example", REFERENCE, "--to", "json", "--limit", "max_events=0"],
        ["convert", "--example", REFERENCE, "--to", "json", "--limit", "max_events"],
        ["validate", "--example", REFERENCE, "--limit", "max_events=many"],
        ["convert", "--example", REFERENCE, "--to", "json", "--progress=yes"],
    ],
)
def test_usage_mistakes_exit_2(cli: Cli, args: list[str]) -> None:
    code, out, err = cli(*args)
    assert (code, out) == (2, b""), err
    assert err.startswith("stievents")
    assert "Traceback" not in err


def test_unknown_option_names_the_flag_and_the_known_keys(cli: Cli) -> None:
    code, _, err = cli("convert", "--example", REFERENCE, "--to", "ics", "-O", "colour=red")
    assert code == 2
    assert err.startswith("stievents: -O: options.colour: error: unknown option for 'ics' (known: calendar_name")


def test_unknown_input_option_exits_2_before_reading(tmp_path: Path, cli: Cli) -> None:
    source = tmp_path / "in.json"
    serialize.dump([example(REFERENCE)], source)
    code, out, err = cli("convert", str(source), "--to", "json", "-I", "colour=red")
    assert (code, out) == (2, b"")
    assert err == "stievents: -I: options.colour: error: unknown option for 'json' (known: none)\n"
    code, _, err = cli("validate", str(source), "-I", "colour=red")
    assert code == 2, err


# ------------------------------------------------------------------ signals

_BLOCKING_EXPORTER = """
import sys, time
from pathlib import Path
import stievents
from stievents import plugins
from stievents.plugin_types import Exporter

ready = Path(sys.argv[1])

def write(events, stream, context):
    stream.write(b"x" * 100_000)
    stream.flush()
    ready.write_text("writing")
    time.sleep(120)  # the signal arrives here

module = type(sys)("blocking_plugin")
module.stievents_exporters = stievents.hookimpl(
    lambda: [Exporter(name="blocking", write=write, media_type="text/plain", suffixes=(".txt",), description="d")]
)

class EntryPoint:
    name = "blocking"
    dist = None

    @staticmethod
    def load():
        return module

plugins._entry_points = lambda: [EntryPoint()]
plugins.reset()
from stievents.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _stop_while_writing(
    tmp_path: Path, sig: signal.Signals, *args: str, ignored: signal.Signals | None = None
) -> tuple[int, str, Path]:
    """Run a conversion that blocks inside its exporter, send ``sig``; return exit code, stderr, output dir.

    With ``ignored``, the child starts with that signal ignored (as ``nohup`` starts it with SIGHUP), it
    is sent first and must change nothing, then ``sig`` ends the run.
    """
    out_dir = tmp_path / "out"
    out_dir.mkdir(exist_ok=True)
    ready = tmp_path / "ready"
    child = subprocess.Popen(
        [sys.executable, "-c", _BLOCKING_EXPORTER, str(ready), "convert", "--example", REFERENCE, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_env(),
        cwd=tmp_path,
        preexec_fn=None if ignored is None else lambda: signal.signal(ignored, signal.SIG_IGN),
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert child.poll() is None, child.communicate()[1]
            assert time.monotonic() < deadline, "the exporter never started"
            time.sleep(0.05)
        if ignored is not None:
            child.send_signal(ignored)
            time.sleep(0.5)
            assert child.poll() is None, "an ignored signal ended the run"
        child.send_signal(sig)
        _, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return child.returncode, err.decode("utf-8", "replace"), out_dir


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize(("sig", "code", "word"), [("SIGTERM", 143, "terminated"), ("SIGHUP", 129, "hangup")])
def test_a_signal_while_writing_leaves_no_temporary_file(tmp_path: Path, sig: str, code: int, word: str) -> None:
    number = signal.Signals[sig]
    returncode, err, out_dir = _stop_while_writing(tmp_path, number, "--to", "blocking", "-o", "out/result.txt")
    assert returncode == code, err
    assert err == f"stievents: {word}\n"
    assert list(out_dir.iterdir()) == [], "a temporary file (or a partial output) was left behind"


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
def test_sigterm_keeps_the_previous_output(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    previous = tmp_path / "out" / "result.txt"
    previous.write_bytes(b"old content")
    returncode, err, out_dir = _stop_while_writing(tmp_path, signal.SIGTERM, "--to", "blocking", "-o", str(previous))
    assert returncode == 143, err
    assert [p.name for p in out_dir.iterdir()] == ["result.txt"]
    assert previous.read_bytes() == b"old content"


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
def test_sigterm_in_per_event_mode(tmp_path: Path) -> None:
    returncode, err, out_dir = _stop_while_writing(tmp_path, signal.SIGTERM, "--to", "blocking", "-o", "out/")
    assert returncode == 143, err
    assert list(out_dir.iterdir()) == []


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
def test_nohup_keeps_ignoring_sighup(tmp_path: Path) -> None:
    returncode, err, out_dir = _stop_while_writing(
        tmp_path, signal.SIGTERM, "--to", "blocking", "-o", "out/r.txt", ignored=signal.SIGHUP
    )
    assert returncode == 143, err
    assert err == "stievents: terminated\n"
    assert list(out_dir.iterdir()) == []


def test_the_signal_handlers_are_restored_after_main(cli: Cli) -> None:
    before = signal.getsignal(signal.SIGTERM)
    assert cli("examples")[0] == 0
    assert signal.getsignal(signal.SIGTERM) is before


# ------------------------------------------------------------------ closed standard output


@pytest.fixture(scope="module")
def large_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough events that the output is far larger than a pipe's buffer (64 KiB on Linux)."""
    path = tmp_path_factory.mktemp("pipe") / "many.json"
    event = example(DEMO)
    serialize.dump([attrs.evolve(event, id=f"event-{i}") for i in range(200)], path)
    return path


def test_a_closed_pipe_ends_quietly_with_exit_0(large_input: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "stievents", "convert", str(large_input), "--to", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    assert child.stdout is not None
    assert child.stderr is not None
    first = child.stdout.readline()  # as `| head -1`: one line, then the reader goes away
    child.stdout.close()
    err = child.stderr.read()
    child.stderr.close()
    assert child.wait(timeout=120) == 0
    assert first == b"{\n"
    assert err == b"", "a closed output must end quietly, as other filters do"


def test_a_closed_pipe_in_a_shell_pipeline(large_input: Path) -> None:
    if not Path("/bin/sh").exists():
        pytest.skip("no POSIX shell")
    # `$?` after a pipeline is head's: the converter's status goes through a file, portably
    script = f'( "{sys.executable}" -m stievents convert "{large_input}" --to json; echo $? > status ) | head -1'
    done = subprocess.run(
        ["/bin/sh", "-c", script], capture_output=True, timeout=120, env=child_env(), cwd=large_input.parent
    )
    assert done.stdout == b"{\n"
    assert done.stderr == b""
    assert (large_input.parent / "status").read_text().strip() == "0"


# ------------------------------------------------------------------ progress


def test_help_mentions_progress() -> None:
    for command in ("convert", "validate"):
        done = subprocess.run(
            [sys.executable, "-m", "stievents", command, "--help"], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0
        assert "--progress, --no-progress" in done.stdout, command
        assert "reading" in done.stdout


_SLOW_STDIN_SECONDS = 2.5


def test_progress_shows_reading_a_slow_input(tmp_path: Path) -> None:
    """Half the input, a pause longer than the progress delay, then the rest: the reading line appears."""
    source = serialize.dumps([example(DEMO)]).encode()
    child = subprocess.Popen(
        [sys.executable, "-m", "stievents", "convert", "-", "--from", "json", "--to", "json", "--progress"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    assert child.stdin is not None
    child.stdin.write(source[: len(source) // 2])
    child.stdin.flush()
    time.sleep(_SLOW_STDIN_SECONDS)
    out, err = child.communicate(source[len(source) // 2 :], timeout=120)
    assert child.returncode == 0, err
    assert json.loads(out)["events"][0]["id"] == DEMO
    text = err.decode()
    assert "\rstievents: reading - " in text
    assert f"{len(source) / 1000:.1f} kB" in text  # the final count: every byte
    assert text.endswith("\n")


def test_no_progress_wins_over_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from stievents import _progress

    assert _progress.show_progress(sys.stderr, False) is False
    assert _progress.show_progress(sys.stderr, True) is True

    class Terminal:
        def isatty(self) -> bool:
            return True

    assert _progress.show_progress(Terminal(), None) is True  # type: ignore[arg-type]
    assert _progress.show_progress(Terminal(), False) is False  # type: ignore[arg-type]


def test_progress_forced_on_covers_decoding_and_writing(tmp_path: Path) -> None:
    """``--progress`` on a non-terminal stderr: the writing bar for a long conversion."""
    from stievents._progress import MIN_EVENTS

    source = tmp_path / "many.json"
    serialize.dump([attrs.evolve(example(DEMO), id=f"e-{i}") for i in range(MIN_EVENTS)], source)
    done = subprocess.run(
        [sys.executable, "-m", "stievents", "convert", str(source), "--to", "json", "--progress", "-o", "o.json"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=child_env(),
    )
    assert done.returncode == 0, done.stderr
    assert f"stievents: writing json [{'#' * 30}] 100% {MIN_EVENTS:,}/{MIN_EVENTS:,} events\n" in done.stderr
    quiet = subprocess.run(
        [sys.executable, "-m", "stievents", "convert", str(source), "--to", "json", "--no-progress", "-o", "p.json"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=child_env(),
    )
    assert (quiet.returncode, quiet.stderr) == (0, "")


def test_activity_line_for_an_importer_that_reports_nothing() -> None:
    import io

    from stievents._progress import Activity

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    with Activity(screen, "stievents: decoding big.ics (ics)", delay=0.0, interval=0.01):
        time.sleep(0.1)
    text = screen.getvalue()
    assert text.startswith("\rstievents: decoding big.ics (ics) 0:00")
    assert text.endswith("\n")
    quick = Terminal()
    with Activity(quick, "stievents: decoding small.ics (ics)"):
        pass
    assert quick.getvalue() == "", "a phase shorter than the delay shows nothing"


def test_activity_counts_bytes_against_a_total() -> None:
    import io

    from stievents._progress import Activity

    screen = io.StringIO()
    activity = Activity(screen, "stievents: reading big.json", total=97_000_000, delay=0.0, interval=0.01)
    with activity:
        activity.done = 48_500_000
        time.sleep(0.05)
        activity.done = 97_000_000
    assert "[" + "#" * 15 + "." * 15 + "]  50% 48.5 MB/97.0 MB" in screen.getvalue()
    assert "[" + "#" * 30 + "] 100% 97.0 MB/97.0 MB" in screen.getvalue()


def test_activity_ends_its_line_on_an_error() -> None:
    import io

    from stievents._progress import Activity

    def interrupted_phase(screen: io.StringIO) -> None:
        with Activity(screen, "x", delay=0.0, interval=0.01):
            time.sleep(0.05)
            raise KeyboardInterrupt

    screen = io.StringIO()
    with pytest.raises(KeyboardInterrupt):
        interrupted_phase(screen)
    assert screen.getvalue().startswith("\rx 0:00")
    assert screen.getvalue().endswith("\n")


# ------------------------------------------------------------------ lazy submodules


_LAZY_SUBMODULES = """
import sys, json
import stievents
before = "stievents.api" in sys.modules
names = [f.name for f in stievents.api.formats()]
print(json.dumps({"before": before, "json": "json" in names, "model": stievents.model.Event.__name__,
                  "errors": stievents.errors.FormatError.__name__, "limits": stievents.limits.Limits.__name__}))
"""


def test_public_submodules_are_attributes_of_the_package() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _LAZY_SUBMODULES], capture_output=True, text=True, timeout=120, env=child_env()
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "before": False,
        "json": True,
        "model": "Event",
        "errors": "FormatError",
        "limits": "Limits",
    }


def test_every_public_submodule_is_listed() -> None:
    package = Path(stievents.__file__).parent
    public = {
        p.stem if p.is_file() else p.name
        for p in package.iterdir()
        if not p.name.startswith("_") and (p.suffix == ".py" or (p / "__init__.py").exists())
    }
    assert public <= set(dir(stievents))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        stievents.nope  # noqa: B018


# ------------------------------------------------------------------ messages of the TOML reader


def test_a_native_toml_datetime_says_which_form_is_wanted(tmp_path: Path, cli: Cli) -> None:
    text = serialize.dumps([example(REFERENCE)], "toml")
    quoted = 'start = "2020-03-05T09:30:00+01:00[Europe/Paris]"'
    assert quoted in text
    source = tmp_path / "native.toml"
    source.write_text(text.replace(quoted, "start = 2020-03-05T09:30:00+01:00", 1), "utf-8")
    code, _, err = cli("validate", str(source))
    assert code == 1
    assert err == textwrap.dedent(
        f"""\
        {source}: $.events[0].start: error: expected a datetime or date as a quoted RFC 9557 string such as \
"2020-03-05T09:30:00+01:00[Europe/Paris]" or "2020-03-05", got a TOML datetime (write it in quotes)
        """
    )


def test_a_native_datetime_where_only_a_datetime_fits() -> None:
    import datetime as dt

    from stievents.errors import ValidationError
    from stievents.model import Session

    moment = dt.datetime(2020, 3, 5, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with pytest.raises(ValidationError) as caught:
        serialize.structure({"id": "s", "title": "t", "end": moment}, Session)
    assert [str(p) for p in caught.value.problems] == [
        "$.end: error: expected a datetime as a quoted RFC 9557 string such as "
        '"2020-03-05T09:30:00+01:00[Europe/Paris]", got a TOML datetime (write it in quotes)'
    ]


def test_a_missing_format_key_is_called_missing(tmp_path: Path, cli: Cli) -> None:
    text = serialize.dumps([example(REFERENCE)], "toml")
    source = tmp_path / "nofmt.toml"
    source.write_text(text.replace('format = "stievents"\n', "", 1), "utf-8")
    code, _, err = cli("validate", str(source))
    assert code == 1
    assert "null" not in err
    assert f"{source}: $.format: error: the key 'format' is missing" in err


# ------------------------------------------------------------------ compound suffixes


def test_the_longest_claimed_suffix_picks_the_importer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'x.jcal.json' is jcal's, 'x.json' the canonical document's: no --from needed for either."""
    names = {info.name for info in stievents.formats() if info.importer is not None}
    if "jcal" not in names:
        pytest.skip("stievents-ical with jcal is not installed")
    source = tmp_path / "workshop.jcal.json"
    assert main(["convert", "--example", "oecd-co-creation-2020", "--to", "jcal", "-o", str(source)]) == 0
    assert main(["convert", str(source), "--to", "json", "-o", str(tmp_path / "back.json")]) == 0
    assert main(["convert", str(tmp_path / "back.json"), "--to", "toml", "-o", str(tmp_path / "w.toml")]) == 0
    assert stievents.loads((tmp_path / "w.toml").read_bytes(), "toml")[0].id == "oecd-co-creation-2020"
    dotted = tmp_path / "events.2020.json"  # an unclaimed compound suffix falls back to the last one
    dotted.write_bytes((tmp_path / "back.json").read_bytes())
    assert main(["validate", str(dotted)]) == 0
    capsys.readouterr()

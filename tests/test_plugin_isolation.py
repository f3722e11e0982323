"""Plugins fail alone and by name (issue 13).

A plugin's exporter or importer that raises is reported as that plugin's
failure, never as stievents' internal error; a plugin that failed to load makes
its formats say so, not "unknown"; a name two plugins claim is unusable while
everything else keeps working; ``demo`` writes every format it can. The fake
plugins are in-process modules behind fake entry points, as in test_plugins.py.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pytest
from fake_plugins import FakeEntryPoint, module
from hypothesis import given
from hypothesis import strategies as st

import stievents
from stievents import Event, plugins
from stievents.cli import main
from stievents.errors import (
    FormatError,
    FormatUnavailableError,
    LimitExceededError,
    OutputError,
    PluginError,
    PluginFailedError,
    Problem,
    UnknownFormatError,
    ValidationError,
)
from stievents.plugin_types import ExportContext, Exporter, Importer, ValidationProfile

NOW = "2026-01-01T00:00:00Z"


def _write_titles(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    for event in events:
        stream.write(event.title.encode("utf-8") + b"\n")


def exporter(name: str, write: Callable[..., None] = _write_titles, suffix: str = ".txt") -> Exporter:
    return Exporter(name=name, write=write, media_type="text/plain", suffixes=(suffix,), description=f"{name} test")


def exporting(*made: Exporter) -> Callable[[], Iterator[Exporter]]:
    def stievents_exporters() -> Iterator[Exporter]:
        yield from made

    return stievents_exporters


def raising(error: BaseException) -> Callable[..., Any]:
    def fail(*args: Any) -> Any:
        raise error

    return fail


def atom(write: Callable[..., None]) -> FakeEntryPoint:
    """The plugin of the issue: stievents-atom 0.1.0, providing the export format 'atom'."""
    return FakeEntryPoint("atom", lambda: module("atom_plugin", stievents_exporters=exporting(exporter("atom", write))))


def titles() -> FakeEntryPoint:
    """A plugin that works."""
    return FakeEntryPoint("titles", lambda: module("titles_plugin", stievents_exporters=exporting(exporter("titles"))))


def _no_module() -> object:
    raise ImportError("No module named 'feedgen'")


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Replace the installed entry points with fakes; the registry is rebuilt around the test."""
    monkeypatch.delenv(plugins.STRICT_ENV, raising=False)

    def use(*entry_points: FakeEntryPoint) -> None:
        monkeypatch.setattr(plugins, "_entry_points", lambda: list(entry_points))
        plugins.reset()

    plugins.reset()
    yield use
    plugins.reset()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    def call(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return call


# ------------------------------------------------------------------ a plugin that raises while working


def test_an_exporter_that_raises_is_named_from_python(install: Callable[..., None], reference_event: Event) -> None:
    install(atom(raising(ValueError("boom in write"))), titles())
    with pytest.raises(PluginFailedError) as info:
        stievents.export(reference_event, "atom")
    error = info.value
    assert str(error) == "plugin stievents-atom 0.1.0 (format 'atom') failed: ValueError: boom in write"
    assert (error.plugin, error.distribution, error.version, error.format) == (
        "atom",
        "stievents-atom",
        "0.1.0",
        "atom",
    )
    assert isinstance(error.__cause__, ValueError)
    assert isinstance(error, PluginError)
    assert stievents.export(reference_event, "titles")  # the others keep working


def test_the_error_survives_pickling(install: Callable[..., None], reference_event: Event) -> None:
    install(atom(raising(KeyError("k"))))
    with pytest.raises(PluginFailedError) as info:
        stievents.export(reference_event, "atom")
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is PluginFailedError
    assert (str(copy), copy.distribution, copy.format) == (str(info.value), "stievents-atom", "atom")


def test_an_importer_that_raises_is_named(install: Callable[..., None]) -> None:
    def stievents_importers() -> Iterator[Importer]:
        yield Importer(
            name="atom",
            read=raising(IndexError("boom in read")),
            media_type="x/y",
            suffixes=(".atom",),
            description="d",
        )

    install(FakeEntryPoint("atom", lambda: module("atom_reader", stievents_importers=stievents_importers)))
    with pytest.raises(PluginFailedError, match=r"^plugin stievents-atom 0\.1\.0 \(format 'atom'\) failed: IndexError"):
        stievents.read(b"<feed/>", "atom")


def test_a_profile_that_raises_is_named(install: Callable[..., None], reference_event: Event) -> None:
    def check(events: Sequence[Event]) -> Iterator[Problem]:
        yield Problem(path="$", message="fine so far")
        raise ZeroDivisionError("lazy boom")  # raised while the caller consumes the generator

    def stievents_validation_profiles() -> Iterator[ValidationProfile]:
        yield ValidationProfile(name="picky", description="d", check=check)

    install(FakeEntryPoint("picky", lambda: module("p", stievents_validation_profiles=stievents_validation_profiles)))
    with pytest.raises(PluginFailedError, match=r"\(validation profile 'picky'\) failed: ZeroDivisionError: lazy boom"):
        stievents.validate(reference_event, profile="picky")


def test_a_failing_page_head_is_blamed_on_its_own_plugin(install: Callable[..., None], reference_event: Event) -> None:
    def stievents_page_head(events: Sequence[Event], context: ExportContext) -> list[Any]:
        raise RuntimeError("head boom")

    def write_page(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
        stream.write("".join(c.markup for c in stievents.page_head(events, context)).encode())

    install(
        FakeEntryPoint("head", lambda: module("h", stievents_page_head=stievents_page_head), dist="stievents-head"),
        FakeEntryPoint("page", lambda: module("pg", stievents_exporters=exporting(exporter("page", write_page)))),
    )
    with pytest.raises(PluginFailedError) as info:
        stievents.export(reference_event, "page")
    assert info.value.distribution == "stievents-head"
    assert info.value.format is None
    assert "(hook stievents_page_head) failed: RuntimeError: head boom" in str(info.value)


OURS: list[BaseException] = [
    ValidationError([Problem(path="$.title", message="too long")]),
    FormatError("not a feed"),
    LimitExceededError("max_events"),
    OutputError(21, "Is a directory", "out"),
    BrokenPipeError(32, "Broken pipe"),
    OSError(28, "No space left on device"),
    KeyboardInterrupt(),
    MemoryError(),
]


@pytest.mark.parametrize("error", OURS, ids=[type(e).__name__ for e in OURS])
def test_our_own_errors_pass_through_unchanged(
    install: Callable[..., None], reference_event: Event, error: BaseException
) -> None:
    install(atom(raising(error)))
    with pytest.raises(type(error)) as info:
        stievents.export(reference_event, "atom")
    assert info.value is error


@given(st.sampled_from([ValueError, TypeError, KeyError, AttributeError, RuntimeError, RecursionError, AssertionError]))
def test_any_unexpected_exception_becomes_a_plugin_failure(kind: type[Exception]) -> None:
    entry_point = atom(raising(kind("oops")))
    original = plugins._entry_points
    plugins._entry_points = lambda: [entry_point]  # type: ignore[assignment]  # no fixture: hypothesis reruns
    plugins.reset()
    try:
        with pytest.raises(PluginFailedError) as info:
            stievents.export(stievents.example("oecd-co-creation-2020"), "atom")
        assert type(info.value.__cause__) is kind
        assert f"failed: {kind.__name__}: " in str(info.value)
    finally:
        plugins._entry_points = original  # type: ignore[method-assign]
        plugins.reset()


def test_a_bug_in_the_core_formats_stays_an_internal_error(
    install: Callable[..., None], monkeypatch: pytest.MonkeyPatch, reference_event: Event, cli: Any
) -> None:
    from stievents import serialize

    install()
    monkeypatch.setattr(serialize, "write_json", raising(ZeroDivisionError("our bug")))
    with pytest.raises(ZeroDivisionError):
        stievents.export(reference_event, "json")
    code, _, err = cli("convert", "--example", "oecd-co-creation-2020", "--to", "json")
    assert code == 1
    assert "internal error: ZeroDivisionError: our bug" in err


def test_the_cli_names_the_plugin_and_writes_nothing(install: Callable[..., None], cli: Any, tmp_path: Path) -> None:
    install(atom(raising(ValueError("boom in write"))))
    target = tmp_path / "feed.atom"
    code, _, err = cli("convert", "--example", "oecd-co-creation-2020", "--to", "atom", "-o", str(target))
    assert code == 1
    assert err == "stievents: plugin stievents-atom 0.1.0 (format 'atom') failed: ValueError: boom in write\n"
    assert "internal error" not in err
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(PluginFailedError) as info:  # --debug: the traceback, with the plugin's own as the cause
        main(["--debug", "convert", "--example", "oecd-co-creation-2020", "--to", "atom", "-o", str(target)])
    assert isinstance(info.value.__cause__, ValueError)


def test_the_cli_names_a_failing_importer(install: Callable[..., None], cli: Any, tmp_path: Path) -> None:
    def stievents_importers() -> Iterator[Importer]:
        yield Importer(
            name="atom",
            read=raising(ValueError("boom in read")),
            media_type="x/y",
            suffixes=(".atom",),
            description="d",
        )

    install(FakeEntryPoint("atom", lambda: module("atom_reader", stievents_importers=stievents_importers)))
    source = tmp_path / "in.atom"
    source.write_bytes(b"<feed/>")
    for command in (["validate", str(source)], ["convert", str(source), "--to", "json"]):
        code, _, err = cli(*command)
        assert code == 1
        assert f"{source}: plugin stievents-atom 0.1.0 (format 'atom') failed: ValueError: boom in read" in err
        assert "internal error" not in err


def test_demo_writes_every_other_format_and_names_the_failure(
    install: Callable[..., None], cli: Any, tmp_path: Path
) -> None:
    install(atom(raising(ValueError("boom in write"))), titles())
    out_dir = tmp_path / "demo"
    code, _, err = cli("demo", "-o", str(out_dir), "--now", NOW)
    assert code == 1
    assert "stievents: plugin stievents-atom 0.1.0 (format 'atom') failed: ValueError: boom in write" in err
    assert "internal error" not in err
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "oecd-co-creation-2020.json",
        "oecd-co-creation-2020.titles.txt",  # 'atom' would have had .txt: it failed and left no file
        "oecd-co-creation-2020.toml",
    ]
    assert "1 of 4 formats failed: atom" in err


# ------------------------------------------------------------------ a plugin that failed to load


def test_a_format_of_a_plugin_that_failed_to_load_says_so(
    install: Callable[..., None], reference_event: Event, cli: Any
) -> None:
    install(FakeEntryPoint("atom", _no_module), titles())
    expected = (
        "export format 'atom' is provided by plugin stievents-atom 0.1.0, which failed to load:"
        " ImportError: No module named 'feedgen'"
    )
    with pytest.raises(PluginError) as info:
        stievents.export(reference_event, "atom")
    assert str(info.value) == expected
    assert type(info.value) is FormatUnavailableError
    assert isinstance(info.value, UnknownFormatError)  # code handling an absent format handles this one too
    code, _, err = cli("convert", "--example", "oecd-co-creation-2020", "--to", "atom")
    assert (code, err) == (1, f"stievents: {expected}\n")
    with pytest.raises(PluginError, match="which failed to load"):  # --debug: with the traceback
        main(["--debug", "convert", "--example", "oecd-co-creation-2020", "--to", "atom"])


def test_a_prefixed_format_is_traced_to_its_plugin(install: Callable[..., None], reference_event: Event) -> None:
    """``oecd-html`` comes from the entry point ``oecd``: the first word of the name is enough."""
    install(FakeEntryPoint("oecd", _no_module, dist="stievents-oecd"))
    with pytest.raises(PluginError, match=r"^export format 'oecd-html' is provided by plugin stievents-oecd 0\.1\.0,"):
        stievents.export(reference_event, "oecd-html")


def test_when_nothing_names_the_format_it_is_unknown_and_the_failures_are_counted(
    install: Callable[..., None], reference_event: Event
) -> None:
    install(FakeEntryPoint("feeds", _no_module, dist="stievents-feeds", version="2.0"), titles())
    with pytest.raises(UnknownFormatError) as info:
        stievents.export(reference_event, "atom")
    assert str(info.value) == (
        "unknown export format 'atom'; installed: json, titles, toml"
        " (1 plugin failed to load: stievents-feeds 2.0; see `stievents plugins`)"
    )


def test_a_failed_plugin_in_strict_mode_exits_3(
    install: Callable[..., None], monkeypatch: pytest.MonkeyPatch, cli: Any
) -> None:
    install(FakeEntryPoint("atom", _no_module))
    monkeypatch.setenv(plugins.STRICT_ENV, "1")
    code, _, err = cli("convert", "--example", "oecd-co-creation-2020", "--to", "atom")
    assert code == 3
    assert "ImportError" in err


# ------------------------------------------------------------------ two plugins claiming one name


def clash() -> tuple[FakeEntryPoint, FakeEntryPoint]:
    return (
        FakeEntryPoint("first", lambda: module("a", stievents_exporters=exporting(exporter("same"), exporter("one")))),
        FakeEntryPoint("second", lambda: module("b", stievents_exporters=exporting(exporter("same"), exporter("two")))),
    )


def test_a_name_claimed_twice_is_unusable_and_the_rest_works(
    install: Callable[..., None], reference_event: Event
) -> None:
    install(*clash())
    assert [f.name for f in stievents.formats()] == ["json", "one", "toml", "two"]
    assert stievents.export(reference_event, "one") == stievents.export(reference_event, "two")
    assert stievents.export(reference_event, "json")
    with pytest.raises(FormatUnavailableError) as info:
        stievents.export(reference_event, "same")
    assert str(info.value) == (
        "export format 'same' is claimed by two plugins: 'first' (stievents-first 0.1.0)"
        " and 'second' (stievents-second 0.1.0); uninstall all but one to use it"
    )
    (conflict,) = stievents.api.plugin_conflicts()
    assert (conflict.what, conflict.name) == ("export format", "same")


def test_three_claimants_are_all_named(install: Callable[..., None]) -> None:
    third = FakeEntryPoint("third", lambda: module("c", stievents_exporters=exporting(exporter("same"))))
    install(*clash(), third)
    with pytest.raises(PluginError, match=r"claimed by 3 plugins: 'first' .* and 'second' .* and 'third' "):
        stievents.get_exporter("same")


def test_a_claimed_name_keeps_every_command_working(install: Callable[..., None], cli: Any, tmp_path: Path) -> None:
    install(*clash())
    warning = "stievents: warning: export format 'same' is claimed by two plugins: 'first'"
    code, out, err = cli("formats")
    assert code == 0
    assert "one\texport" in out
    assert warning in err
    code, out, err = cli("plugins")
    assert code == 0
    assert "second\tstievents-second" in out
    assert warning in err
    code, out, err = cli("convert", "--example", "oecd-co-creation-2020", "--to", "one")
    assert (code, out) == (0, "Workshop on co-creation (Moscow, 5-6 March 2020)\n")
    code, out, err = cli("convert", "--example", "oecd-co-creation-2020", "--to", "same")
    assert code == 1
    assert err.startswith("stievents: export format 'same' is claimed by two plugins: 'first' (stievents-first 0.1.0)")
    code, _, err = cli("demo", "-o", str(tmp_path / "demo"), "--now", NOW)
    assert code == 0, err
    assert warning in err


def test_a_claimed_name_in_strict_mode_exits_3(
    install: Callable[..., None], monkeypatch: pytest.MonkeyPatch, cli: Any
) -> None:
    install(*clash())
    monkeypatch.setenv(plugins.STRICT_ENV, "1")
    code, _, err = cli("formats")
    assert code == 3
    assert "'same' is claimed by two plugins" in err
    with pytest.raises(PluginError):
        stievents.formats()


# ------------------------------------------------------------------ the demo's file names (installed plugins)


def test_demo_file_names_say_what_each_file_is(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("stievents_oecd")
    pytest.importorskip("stievents_jsonld")
    monkeypatch.delenv(plugins.STRICT_ENV, raising=False)
    plugins.reset()
    out_dir = tmp_path / "demo"
    code, out, err = cli("demo", "-o", str(out_dir), "--now", NOW)
    assert code == 0, err
    page = out_dir / "oecd-co-creation-2020.html"
    assert page.read_bytes() == stievents.export(stievents.example("oecd-co-creation-2020"), "oecd-html", now=_now())
    for html in out_dir.glob("*.html"):  # a browser opens each as a page, none is a blank one
        assert html.read_text("utf-8").lstrip().lower().startswith("<!doctype html"), html.name
    assert (out_dir / "oecd-co-creation-2020.jsonld").is_file()
    for info in stievents.formats():
        if info.exporter is not None:  # every file is listed with what it is
            assert f"{info.description} (--to {info.name})" in out
    code, _, err = cli("demo", "-o", str(out_dir), "--now", NOW, "--locale", "fr")
    assert code == 0, err
    assert (out_dir / "oecd-co-creation-2020.fr.html").read_bytes() != page.read_bytes()


def test_installed_exporters_have_distinct_first_suffixes() -> None:
    """A file's suffix is its exporter's declaration: no two installed formats need the demo's fallback name."""
    plugins.reset()
    firsts = [f.exporter.suffixes[0] for f in stievents.formats() if f.exporter is not None]
    assert len(firsts) == len(set(firsts)), firsts


def _now() -> Any:
    import datetime as dt

    return dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

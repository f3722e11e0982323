"""The plugin host: good, broken and clashing plugins, strict mode, laziness and thread-safety."""

from __future__ import annotations

import functools
import io
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

import pytest
from fake_plugins import FakeEntryPoint as _FakeEntryPoint
from fake_plugins import module

import stievents
from stievents import Event, PluginError, UnknownFormatError, plugins
from stievents.plugin_types import ExportContext, Exporter, ImportContext, Importer, ImportResult, ValidationProfile
from stievents.testing import contract

FakeEntryPoint = functools.partial(_FakeEntryPoint, version="9.9")  # this suite's plugins


def _write_upper(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    for event in events:
        stream.write(event.title.upper().encode("utf-8") + b"\n")


def exporter(name: str, **extra: Any) -> Exporter:
    return Exporter(
        name=name,
        write=_write_upper,
        media_type="text/plain",
        suffixes=(".txt",),
        description="Titles in capitals",
        **extra,
    )


def exporting(*names: str) -> Callable[[], Iterator[Exporter]]:
    def stievents_exporters() -> Iterator[Exporter]:
        for name in names:
            yield exporter(name)

    return stievents_exporters


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


def failures() -> dict[str, str]:
    return {p.name: p.error or "" for p in stievents.plugin_infos() if p.error}


def good() -> _FakeEntryPoint:
    return FakeEntryPoint("upper", lambda: module("upper_plugin", stievents_exporters=exporting("upper")))


def test_core_formats_come_through_the_same_hooks(install: Callable[..., None]) -> None:
    install()
    names = [f.name for f in stievents.formats()]
    assert names == ["json", "toml"]
    (core,) = stievents.plugin_infos()
    assert core.distribution == "stievents"
    assert "stievents_exporters" in core.hooks


def test_a_good_plugin_adds_a_format(install: Callable[..., None], reference_event: Event) -> None:
    install(good())
    info = {f.name: f for f in stievents.formats()}["upper"]
    assert info.direction == "export"
    assert info.distribution == "stievents-upper"
    assert info.version == "9.9"
    assert stievents.export(reference_event, "upper") == b"WORKSHOP ON CO-CREATION (MOSCOW, 5-6 MARCH 2020)\n"
    assert failures() == {}


def test_aliases_find_the_format(install: Callable[..., None], reference_event: Event) -> None:
    def stievents_exporters() -> Iterator[Exporter]:
        yield exporter("upper", aliases=("caps",))

    install(FakeEntryPoint("upper", lambda: module("p", stievents_exporters=stievents_exporters)))
    assert stievents.export(reference_event, "caps") == stievents.export(reference_event, "upper")
    with pytest.raises(UnknownFormatError, match=r"'nope'.*installed: json, toml, upper"):
        stievents.export(reference_event, "nope")


def _raise_import() -> object:
    raise ImportError("No module named 'missing_dependency'")


def _raising() -> Iterator[Exporter]:
    raise RuntimeError("boom in the hook")


def _wrong_type() -> Iterator[Any]:
    yield "not an Exporter"


def _misspelt() -> Iterator[Exporter]:
    yield exporter("misspelt")


BROKEN = [
    ("import-error", lambda: FakeEntryPoint("import-error", _raise_import), "ImportError"),
    (
        "hook-raises",
        lambda: FakeEntryPoint("hook-raises", lambda: module("m1", stievents_exporters=_raising)),
        "boom in the hook",
    ),
    (
        "wrong-type",
        lambda: FakeEntryPoint("wrong-type", lambda: module("m2", stievents_exporters=_wrong_type)),
        "yielded str, expected Exporter",
    ),
    (
        "misspelt",
        lambda: FakeEntryPoint("misspelt", lambda: module("m3", stievents_exporter=_misspelt)),
        "unknown hook(s) stievents_exporter",
    ),
]


@pytest.mark.parametrize(("name", "make", "why"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_plugin_is_reported_and_the_rest_keep_working(
    install: Callable[..., None], reference_event: Event, name: str, make: Callable[[], FakeEntryPoint], why: str
) -> None:
    install(make(), good())
    found = failures()
    assert set(found) == {name}
    assert why in found[name]
    assert stievents.export(reference_event, "upper")
    assert stievents.export(reference_event, "json")
    assert "misspelt" not in [f.name for f in stievents.formats()]


@pytest.mark.parametrize(("name", "make", "why"), BROKEN, ids=[b[0] for b in BROKEN])
def test_strict_mode_makes_a_broken_plugin_fatal(
    install: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    make: Callable[[], FakeEntryPoint],
    why: str,
) -> None:
    install(make(), good())
    monkeypatch.setenv(plugins.STRICT_ENV, "1")
    with pytest.raises(PluginError, match=name):
        stievents.formats()


def test_broken_plugin_is_listed_by_the_cli(install: Callable[..., None], capsys: pytest.CaptureFixture[str]) -> None:
    from stievents.cli import main

    install(BROKEN[1][1](), good())
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "hook-raises\tstievents-hook-raises\t9.9\tFAILED: RuntimeError: boom in the hook" in out
    assert main(["formats"]) == 0
    captured = capsys.readouterr()
    assert "upper\texport" in captured.out
    assert "plugin 'hook-raises' failed to load" in captured.err


def test_two_plugins_claiming_one_name_is_an_error_naming_both(
    install: Callable[..., None], reference_event: Event
) -> None:
    install(
        FakeEntryPoint("first", lambda: module("a", stievents_exporters=exporting("same")), dist="dist-one"),
        FakeEntryPoint("second", lambda: module("b", stievents_exporters=exporting("same")), dist="dist-two"),
    )
    assert "same" not in [f.name for f in stievents.formats()]  # the other names keep working (test_plugin_isolation)
    with pytest.raises(PluginError) as info:
        stievents.export(reference_event, "same")
    message = str(info.value)
    assert "'same'" in message
    assert "'first' (dist-one 9.9)" in message
    assert "'second' (dist-two 9.9)" in message


def test_a_plugin_cannot_take_a_core_format(install: Callable[..., None]) -> None:
    install(FakeEntryPoint("thief", lambda: module("t", stievents_exporters=exporting("json"))))
    with pytest.raises(PluginError, match=r"'json' is claimed by two plugins: 'stievents\._builtin'.*'thief'"):
        stievents.get_exporter("json")


def test_an_alias_clashing_with_a_name_is_an_error(install: Callable[..., None]) -> None:
    def stievents_exporters() -> Iterator[Exporter]:
        yield exporter("yaml-ish", aliases=("toml",))

    install(FakeEntryPoint("aliaser", lambda: module("a", stievents_exporters=stievents_exporters)))
    with pytest.raises(PluginError, match=r"'toml'.*'aliaser'"):
        stievents.get_exporter("toml")


def test_the_same_entry_point_name_twice_is_reported(install: Callable[..., None]) -> None:
    install(good(), FakeEntryPoint("upper", lambda: module("other", stievents_exporters=exporting("lower"))))
    assert "registered twice" in failures()["upper"]


def test_importers_and_profiles_from_plugins(install: Callable[..., None], reference_event: Event) -> None:
    def read(data: bytes, context: ImportContext) -> ImportResult:
        return ImportResult(events=(reference_event,) * data.count(b"x"))

    def stievents_importers() -> Iterator[Importer]:
        yield Importer(name="xs", read=read, media_type="text/plain", suffixes=(".xs",), description="x marks events")

    def stievents_validation_profiles() -> Iterator[ValidationProfile]:
        yield ValidationProfile(
            name="strict-titles",
            description="Titles in capitals",
            check=lambda events: [
                stievents.Problem(path="$.title", message="not upper") for e in events if not e.title.isupper()
            ],
        )

    install(
        FakeEntryPoint(
            "xs",
            lambda: module(
                "xs",
                stievents_importers=stievents_importers,
                stievents_validation_profiles=stievents_validation_profiles,
            ),
        )
    )
    assert len(stievents.read(b"xx", "xs").events) == 2
    assert {f.name: f.direction for f in stievents.formats()}["xs"] == "import"
    assert [p.message for p in stievents.validate(reference_event, profile="strict-titles")] == ["not upper"]
    with pytest.raises(UnknownFormatError):
        stievents.validate(reference_event, profile="nope")


def test_page_head_collects_contributions(install: Callable[..., None], reference_event: Event) -> None:
    from stievents.plugin_types import HeadContribution

    def stievents_page_head(events: Sequence[Event], context: ExportContext) -> Iterator[HeadContribution]:
        yield HeadContribution(source="meta", markup=f'<meta name="count" content="{len(events)}">')

    install(FakeEntryPoint("head", lambda: module("h", stievents_page_head=stievents_page_head)))
    (contribution,) = stievents.page_head([reference_event], ExportContext())
    assert contribution.markup == '<meta name="count" content="1">'


def test_unknown_format_options_are_refused(install: Callable[..., None], reference_event: Event) -> None:
    install()
    with pytest.raises(stievents.ValidationError, match=r"options\.colour"):
        stievents.export(reference_event, "json", colour="red")


# ------------------------------------------------------------------ laziness and threads


def test_import_stievents_loads_no_plugin_and_no_heavy_library() -> None:
    code = """
import importlib.metadata, json, sys
import stievents
event = stievents.Event  # the model is eager
names = [ep.value.split(":")[0] for ep in importlib.metadata.entry_points(group="stievents.plugins")]
print(json.dumps({"loaded": sorted(sys.modules), "plugins": names}))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    report = json.loads(result.stdout)
    loaded = set(report["loaded"])
    for heavy in (
        "pluggy",
        "cattrs",
        "dateutil",
        "tomli_w",
        "stievents.plugins",
        "stievents._builtin",
        "stievents.serialize",
    ):
        assert heavy not in loaded, f"import stievents imported {heavy}"
    for plugin in report["plugins"]:
        assert plugin not in loaded, f"import stievents imported the plugin {plugin}"


def test_first_use_is_thread_safe(
    install: Callable[..., None], monkeypatch: pytest.MonkeyPatch, reference_event: Event
) -> None:
    install(good())
    builds: list[int] = []
    real_build = plugins._build

    def counting_build() -> plugins.Registry:
        builds.append(1)
        return real_build()

    monkeypatch.setattr(plugins, "_build", counting_build)
    count = 16
    barrier = threading.Barrier(count)
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            results.append(stievents.export([reference_event], "json") + stievents.export([reference_event], "upper"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == count
    assert len(set(results)) == 1
    assert builds == [1]


# ------------------------------------------------------------------ contract


@pytest.mark.parametrize("name", ["json", "toml"])
def test_core_formats_pass_the_contract(name: str, example_events: list[Event], fixed_now: Any) -> None:
    plugins.reset()
    output = contract.check_exporter(name, example_events, now=fixed_now)
    assert output
    contract.check_importer(name)
    back = contract.check_round_trip(name, example_events, now=fixed_now)
    assert [e.id for e in back] == [e.id for e in example_events]


def test_contract_catches_a_nondeterministic_exporter(
    install: Callable[..., None], reference_event: Event, fixed_now: Any
) -> None:
    counter = iter(range(1000))

    def write(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
        stream.write(str(next(counter)).encode())

    def stievents_exporters() -> Iterator[Exporter]:
        yield Exporter(name="flaky", write=write, media_type="text/plain", suffixes=(".txt",), description="d")

    install(FakeEntryPoint("flaky", lambda: module("f", stievents_exporters=stievents_exporters)))
    with pytest.raises(AssertionError, match="not deterministic"):
        contract.check_exporter("flaky", [reference_event], now=fixed_now)
    buffer = io.BytesIO()
    stievents.export_to(buffer, reference_event, "flaky")
    assert buffer.getvalue()


@pytest.mark.parametrize(
    "code",
    [
        "import stievents; stievents.formats(); import stievents.plugin_types",
        "import stievents.plugin_types; import stievents",
        "from stievents.plugin_types import Exporter; import stievents; stievents.get_exporter('json')",
    ],
)
def test_formats_works_whatever_the_import_order(code: str) -> None:
    # stievents.formats() is a function; no submodule of that name may shadow it.
    check = "; names = [f.name for f in stievents.formats()]; assert 'json' in names, names"
    check += "; assert stievents.plugin_types.Exporter.__name__ == 'Exporter'"
    subprocess.run([sys.executable, "-c", code + check], check=True, timeout=60)

"""The entry-point scanner gives what importlib.metadata gives, on the real venv and on odd site-packages.

Each case states whether the scanner answers itself (``fast``) or hands over to
importlib.metadata (``fallback``), so a comparison cannot pass merely because
the scanner always fell back.
"""

from __future__ import annotations

import importlib.metadata
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from stievents import _entry_points as scanner
from stievents import plugins

GROUP = "stievents.plugins"


def outcome(get: Callable[[], Any]) -> tuple[str, Any]:
    """``("ok", value)`` or ``("raised", exception type)``, warnings silenced (importlib warns on a missing key)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ("ok", get())
        except Exception as exc:  # noqa: BLE001 - the comparison is of whatever happens
            return ("raised", type(exc).__name__)


def snapshot(entry_points: Iterable[Any]) -> list[tuple[Any, ...]]:
    def row(ep: Any) -> tuple[Any, ...]:
        return (ep.name, ep.value, ep.group, outcome(lambda: ep.dist.name), outcome(lambda: ep.dist.version))

    return [row(ep) for ep in entry_points]


def scanned(group: str) -> tuple[str, Any]:
    return outcome(lambda: snapshot(scanner.entry_points(group)))


def reference(group: str) -> tuple[str, Any]:
    return outcome(lambda: snapshot(importlib.metadata.entry_points(group=group)))


def fast_path(group: str) -> bool:
    """Whether the scanner answers without importlib.metadata."""
    try:
        scanner._scan(group)
    except scanner.Unusual:
        return False
    return True


# ------------------------------------------------------------------ the real environment


def test_real_environment_matches_importlib_metadata_for_every_group() -> None:
    assert fast_path(GROUP)
    groups = {ep.group for dist in importlib.metadata.distributions() for ep in dist.entry_points}
    assert {GROUP, "console_scripts"} <= groups
    for group in sorted(groups):
        assert scanned(group) == reference(group), group
    assert scanned(GROUP)[1], "the plugins of this repository are installed"


def test_real_environment_versions_match() -> None:
    names = {dist.metadata["Name"] for dist in importlib.metadata.distributions()}
    for name in sorted(names):
        assert scanner.distribution_version(name) == importlib.metadata.version(name), name
    assert scanner.distribution_version("surely-not-installed-xyz") is None


def test_host_uses_the_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def spy(group: str) -> Iterable[Any]:
        seen.append(group)
        return []

    monkeypatch.setattr(scanner, "entry_points", spy)
    assert list(plugins._entry_points()) == []
    assert seen == [GROUP]


# ------------------------------------------------------------------ a fake site-packages


def dist(
    site: Path,
    dirname: str,
    *,
    entry_points: str | bytes | None = None,
    metadata: str | bytes | None = None,
    metadata_file: str = "METADATA",
) -> Path:
    path = site / dirname
    path.mkdir(parents=True)
    for name, content in (("entry_points.txt", entry_points), (metadata_file, metadata)):
        if isinstance(content, str):
            (path / name).write_bytes(content.encode("utf-8"))
        elif isinstance(content, bytes):
            (path / name).write_bytes(content)
    return path


def meta(name: str, version: str) -> str:
    return f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: x\n\nA description.\nName: not-this\n"


@pytest.fixture
def sites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Two site directories, a missing one, and the current directory, as the whole ``sys.path``."""
    first, second, cwd = tmp_path / "first", tmp_path / "second", tmp_path / "cwd"
    for path in (first, second, cwd):
        path.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(sys, "path", [str(first), str(tmp_path / "missing"), "", str(second)])
    importlib.invalidate_caches()
    return [first, second, cwd]


def check(fast: bool, group: str = GROUP) -> tuple[str, Any]:
    importlib.invalidate_caches()
    assert fast_path(group) is fast
    result = scanned(group)
    assert result == reference(group)
    return result


def test_shadowed_duplicate_and_ordered(sites: list[Path]) -> None:
    first, second, cwd = sites
    ep = f"[{GROUP}]\nalpha = alpha_mod\n"
    dist(first, "Foo_Bar-1.0.dist-info", metadata=meta("Foo_Bar", "1.0"))  # no entry points: still shadows
    dist(second, "foo.bar-2.0.dist-info", entry_points=ep, metadata=meta("foo.bar", "2.0"))
    dist(second, "pkg-1.0.dist-info", entry_points=f"[{GROUP}]\nbeta = b:x\n", metadata=meta("pkg", "1.0"))
    dist(second, "pkg-2.0.dist-info", entry_points=f"[{GROUP}]\ngamma = g:x\n", metadata=meta("pkg", "2.0"))
    dist(cwd, "here-3.0.dist-info", entry_points=f"[{GROUP}]\ndelta = d\n", metadata=meta("here", "3.0"))
    dist(second, "here-4.0.dist-info", entry_points=f"[{GROUP}]\nepsilon = e\n", metadata=meta("here", "4.0"))
    status, result = check(fast=True)
    assert status == "ok"
    names = [row[0] for row in result]
    assert "delta" in names
    assert not {"alpha", "epsilon"} & set(names)
    assert ("beta" in names) != ("gamma" in names)  # one pkg wins, as listed by the directory
    assert scanner.distribution_version("here") == importlib.metadata.version("here") == "3.0"
    assert scanner.distribution_version("FOO-BAR") == importlib.metadata.version("FOO-BAR") == "1.0"


def test_syntax_of_entry_points_txt(sites: list[Path]) -> None:
    text = (
        "stray = before.any.section\n"
        "\n# a comment\n"
        "[console_scripts]\ntool = pkg.cli:main\n"
        f"[{GROUP}]\n  spaced   =   mod.sub : obj.attr  [extra1, extra2]  \n"
        "# comment in the group\n"
        "equals = mod:attr=odd\n"
        f"[ {GROUP} ]\nnot_ours = x\n"
        f"[{GROUP}]\nagain = mod2\n"
    )
    dist(sites[0], "syntax-1.0.dist-info", entry_points=text, metadata=meta("syntax", "1.0"))
    _, result = check(fast=True)
    assert [row[:2] for row in result] == [
        ("spaced", "mod.sub : obj.attr  [extra1, extra2]"),
        ("equals", "mod:attr=odd"),
        ("again", "mod2"),
    ]
    check(fast=True, group="console_scripts")


def test_crlf_and_metadata_header_details(sites: list[Path]) -> None:
    dist(
        sites[0],
        "crlf-1.0.dist-info",
        entry_points=f"[{GROUP}]\r\ncrlf = crlf_mod\r\n",
        metadata="Metadata-Version: 2.1\r\nname:crlf\r\nVersion: \t1.0 \r\n\r\nbody\r\n",
    )
    dist(
        sites[1],
        "egg_style.egg-info",
        entry_points=f"[{GROUP}]\negg = egg_mod\n",
        metadata=meta("egg-style", "0.5"),
        metadata_file="PKG-INFO",
    )
    (sites[1] / "file_only.egg-info").write_text(meta("file-only", "1"), encoding="utf-8")
    status, result = check(fast=True)
    assert status == "ok"
    by_name = {row[0]: row for row in result}
    assert by_name["crlf"][3:] == (("ok", "crlf"), ("ok", "1.0 "))  # the email parser keeps trailing blanks
    assert by_name["egg"][3:] == (("ok", "egg-style"), ("ok", "0.5"))


@pytest.mark.parametrize(
    "metadata",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("Metadata-Version: 2.1\nName: folded\n  continued\nVersion: 1\n", id="folded-name"),
        pytest.param("Metadata-Version: 2.1\nname: folded\n\tcontinued\nVERSION: 1\n", id="folded-lower-name"),
        pytest.param("Name: twice\nVersion: 1\nName: again\n  folded\n", id="folded-second-name"),
        pytest.param("Metadata-Version: 2.1\nVersion: 1\n", id="no-name"),
        pytest.param("\ufeffName: bom\nVersion: 1\n", id="bom"),
        pytest.param("Metadata-Version: 2.1\nbroken line\nName: late\nVersion: 1\n", id="body-first"),
        pytest.param("From someone\nName: envelope\nVersion: 2\n", id="envelope"),
        pytest.param(b"Name: caf\xe9\nVersion: 1\n", id="latin-1"),
    ],
)
def test_odd_metadata_matches_importlib(sites: list[Path], metadata: str | bytes | None) -> None:
    dist(sites[0], "odd-1.0.dist-info", entry_points=f"[{GROUP}]\nodd = odd_mod\n", metadata=metadata)
    check(fast=True)  # the entry point is found by the scanner; its dist falls back if it must


@pytest.mark.parametrize(
    ("entry_points", "fast"),
    [
        pytest.param(b"[stievents.plugins]\nname = caf\xe9\n", False, id="latin-1"),
        pytest.param("[other]\nno equals sign\n", False, id="malformed-other-group"),
        pytest.param("no section, no equals\n", True, id="malformed-before-sections"),
        pytest.param(f"[{GROUP}]\nx = y\x0cz = w\n", True, id="form-feed"),
        pytest.param("", True, id="empty"),
    ],
)
def test_odd_entry_points_txt_matches_importlib(sites: list[Path], entry_points: str | bytes, fast: bool) -> None:
    dist(sites[0], "odd-1.0.dist-info", entry_points=entry_points, metadata=meta("odd", "1.0"))
    check(fast=fast)


def test_upper_case_suffix_falls_back(sites: list[Path]) -> None:
    dist(sites[0], "Upper-1.0.DIST-INFO", entry_points=f"[{GROUP}]\nup = up_mod\n", metadata=meta("Upper", "1.0"))
    check(fast=False)


def test_zip_and_egg_on_sys_path_fall_back(sites: list[Path], tmp_path: Path) -> None:
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("zipped-1.0.dist-info/entry_points.txt", f"[{GROUP}]\nzipped = zipped_mod\n")
        zf.writestr("zipped-1.0.dist-info/METADATA", meta("zipped", "1.0"))
    sys.path.append(str(archive))
    _, result = check(fast=False)
    assert [row[0] for row in result] == ["zipped"]
    sys.path.remove(str(archive))
    egg = tmp_path / "old-1.0.egg"
    dist(
        egg,
        "EGG-INFO",
        entry_points=f"[{GROUP}]\nold = old_mod\n",
        metadata=meta("old", "1.0"),
        metadata_file="PKG-INFO",
    )
    sys.path.append(str(egg))
    _, result = check(fast=False)
    assert [row[0] for row in result] == ["old"]


def test_other_metadata_finder_falls_back(sites: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    class Finder:
        @staticmethod
        def find_distributions(context: Any = None) -> list[Any]:
            return []

        @staticmethod
        def find_spec(*args: Any) -> None:
            return None

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder])
    check(fast=False)


def test_load_matches_importlib(sites: list[Path]) -> None:
    package = sites[0] / "scanpkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "hooks.py").write_text("class Obj:\n    attr = object()\n", encoding="utf-8")
    text = (
        f"[{GROUP}]\nmodule = scanpkg.hooks\nnested = scanpkg.hooks:Obj.attr [extra]\n"
        "missing = scanpkg.nothere\nbad = not a valid : value !\nnoattr = scanpkg.hooks:absent\n"
    )
    dist(sites[0], "scanpkg-1.0.dist-info", entry_points=text, metadata=meta("scanpkg", "1.0"))
    assert fast_path(GROUP)
    ours = {ep.name: ep for ep in scanner.entry_points(GROUP)}
    theirs = {ep.name: ep for ep in importlib.metadata.entry_points(group=GROUP)}
    assert ours.keys() == theirs.keys()
    try:
        for name in ours:
            mine, reference_result = outcome(ours[name].load), outcome(theirs[name].load)
            assert mine[0] == reference_result[0], name
            if mine[0] == "ok":
                assert mine[1] is reference_result[1], name
            else:
                assert mine == reference_result, name
        assert outcome(ours["nested"].load)[1] is sys.modules["scanpkg.hooks"].Obj.attr
    finally:
        for module in ("scanpkg", "scanpkg.hooks"):
            sys.modules.pop(module, None)

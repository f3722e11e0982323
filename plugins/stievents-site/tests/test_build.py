"""``stievents site build``: the layout, the manifest, links, determinism and incremental builds.

The sites are built from the built-in examples plus events varied from them
(site_support.generated), with a fixed ``now``. Incremental builds are checked
against a fresh full build of the same inputs: byte for byte the same site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest

from stievents.examples import example, example_names
from stievents.model import Event
from stievents_site.build import BuildReport, build_site
from stievents_site.config import SiteConfig
from stievents_site.errors import SiteError
from stievents_site.outputs import MANIFEST, STATE

from site_support import generated, shift

NOW = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
BASE = "https://events.example.org/portal/"
CONFIG = SiteConfig(title="STI policy events", base_url=BASE, locales=("en", "fr"), page_size=10)


def collection(count: int = 24) -> list[Event]:
    return [example(name) for name in example_names()] + generated(count)


def build(events: Sequence[Event], out: Path, **options: Any) -> BuildReport:
    options.setdefault("config", CONFIG)
    options.setdefault("now", NOW)
    return build_site(events=events, output=out, **options)


def site_files(out: Path) -> dict[str, bytes]:
    """Every file of the site (the build's hidden state left out) by its path."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != STATE
    }


def times(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build(collection(), out)
    return out


# ------------------------------------------------------------------ layout and manifest


def test_layout(site: Path) -> None:
    events = collection()
    files = site_files(site)
    for path in ("index.html", "style.css", "sitemap.xml", "robots.txt", MANIFEST, "feeds/all.ics"):
        assert path in files, path
    for locale in ("en", "fr"):
        assert f"{locale}/index.html" in files
        assert f"{locale}/page-2.html" in files  # 26 events, 10 a page
        assert f"{locale}/feeds/all.atom" in files
        assert f"{locale}/feeds/all.json" in files
        for facet in ("year", "country", "type", "status", "topic", "organiser", "classification"):
            assert f"{locale}/{facet}/index.html" in files
        assert f"{locale}/classification/un-sdg-9/index.html" in files
        assert f"{locale}/country/be/index.html" in files
        assert f"{locale}/year/2020/index.html" in files
        assert f"{locale}/feeds/topic/co-creation.atom" in files
    assert "feeds/country/be.ics" in files
    for event in events:
        for locale in ("en", "fr"):
            assert f"{locale}/events/{event.id}.html" in files
        assert f"events/{event.id}.ics" in files
        assert f"events/{event.id}.jsonld" in files
        for session in event.sessions:
            assert f"events/{event.id}/sessions/{session.id}.ics" in files
    assert files["robots.txt"].decode().endswith(f"Sitemap: {BASE}sitemap.xml\n")


def test_manifest_lists_every_file_with_digest_size_and_type(site: Path) -> None:
    manifest = json.loads((site / MANIFEST).read_bytes())
    assert manifest["generator"].startswith("stievents-site ")
    files = site_files(site)
    del files[MANIFEST]
    assert sorted(manifest["files"]) == sorted(files)
    kinds = {
        ".html": "text/html; charset=utf-8",
        ".ics": "text/calendar; charset=utf-8",
        ".atom": "application/atom+xml",
    }
    for path, data in files.items():
        entry = manifest["files"][path]
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
        suffix = posixpath.splitext(path)[1]
        if suffix in kinds:
            assert entry["media_type"] == kinds[suffix]
        if path.startswith("en/feeds/") and suffix == ".json":
            assert entry["media_type"] == "application/feed+json"
        assert entry["key"]
    demo = example("demo-hybrid-forum")
    assert demo.updated is not None
    stamp = demo.updated.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert manifest["files"]["en/events/demo-hybrid-forum.html"]["lastmod"] == stamp


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        for name, value in attributes:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value is not None:
                self.ids.add(value)


def _resolve(page: str, link: str) -> str | None:
    """The site path ``link`` on ``page`` points at, or ``None`` for a link that leaves the site."""
    if link.startswith(BASE):
        return link[len(BASE) :].split("#")[0] or "index.html"
    if link.startswith(("http://", "https://", "mailto:", "tel:", "#")):
        return None
    target = link.split("#")[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target))


def test_every_internal_link_resolves(site: Path) -> None:
    files = site_files(site)
    broken = []
    checked = 0
    for page, data in files.items():
        if not page.endswith(".html"):
            continue
        parser = _Links()
        parser.feed(data.decode("utf-8"))
        for link in parser.links:
            if link.startswith("#"):
                if link[1:] not in parser.ids:
                    broken.append((page, link))
                continue
            target = _resolve(page, link)
            if target is None:
                continue
            checked += 1
            if target not in files:
                broken.append((page, link))
    assert checked > 1000
    assert broken == []


def test_every_sitemap_url_resolves(site: Path) -> None:
    files = site_files(site)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(files["sitemap.xml"])
    urls = []
    for loc in index.findall("s:sitemap/s:loc", ns):
        assert loc.text is not None
        assert loc.text.startswith(BASE)
        sitemap = ET.fromstring(files[loc.text[len(BASE) :]])
        urls += [u.text or "" for u in sitemap.findall("s:url/s:loc", ns)]
    pages = sorted(p for p in files if p.endswith(".html"))
    assert sorted(u[len(BASE) :] for u in urls) == pages


def test_without_base_url_no_sitemap_no_robots(tmp_path: Path) -> None:
    build(collection(2), tmp_path / "out", config=attrs.evolve(CONFIG, base_url=None))
    files = site_files(tmp_path / "out")
    assert "robots.txt" not in files
    assert "sitemap.xml" not in files
    assert "en/index.html" in files


# ------------------------------------------------------------------ determinism


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    build(collection(), tmp_path / "again")
    assert site_files(tmp_path / "again") == site_files(site)


def test_now_never_reaches_a_file_beyond_what_is_upcoming(tmp_path: Path) -> None:
    """An hour later, nothing upcoming has started: the same bytes (no clock in any file)."""
    events = collection(6)
    build(events, tmp_path / "a")
    build(events, tmp_path / "b", now=NOW + dt.timedelta(hours=1))
    assert site_files(tmp_path / "a") == site_files(tmp_path / "b")


# ------------------------------------------------------------------ incremental builds


def test_no_change_rebuild_rewrites_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    events = collection(8)
    build(events, out)
    before, contents = times(out), site_files(out)
    report = build(events, out)
    assert report.stats.written == []
    assert report.stats.kept == report.files
    assert times(out) == before  # the manifest and the hidden state included
    assert site_files(out) == contents


def _changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path, stamp in after.items() if before.get(path) != stamp} - {STATE}


CHANGES: dict[str, Callable[[Event], Event]] = {
    "title": lambda e: attrs.evolve(e, title="A new title for event eleven"),
    "topics": lambda e: attrs.evolve(e, topics=("co-creation", "a topic of its own")),
    "start": lambda e: shift(e, -400),
    "description": lambda e: attrs.evolve(e, description="Said otherwise."),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_one_event_change_rewrites_only_changed_bytes(tmp_path: Path, change: str) -> None:
    out = tmp_path / "out"
    events = collection(30)
    build(events, out)
    before, old = times(out), site_files(out)
    position = next(i for i, e in enumerate(events) if e.id == "gen-00011")
    events[position] = CHANGES[change](events[position])
    report = build(events, out)
    changed = _changed(before, times(out))
    new = site_files(out)
    assert changed == set(report.stats.written)
    for path in changed:
        assert old.get(path) != new[path], f"{path} was rewritten with the same bytes"
    for path in set(new) - changed - {MANIFEST}:
        assert old[path] == new[path]
    assert {"en/events/gen-00011.html", "fr/events/gen-00011.html", "events/gen-00011.jsonld"} <= changed
    assert len(changed) < len(new) // 4
    build(events, tmp_path / "fresh")
    assert site_files(tmp_path / "fresh") == new  # the same site as a full build of the new inputs


def test_removing_an_event_removes_its_files_and_keeps_foreign_ones(tmp_path: Path) -> None:
    out = tmp_path / "out"
    events = collection(6)
    build(events, out)
    foreign = out / "en" / "events" / "notes.txt"
    foreign.write_text("mine")
    (out / "README.txt").write_text("not the site's")
    removed = next(e for e in events if e.sessions)
    build([e for e in events if e is not removed], out)
    files = site_files(out)
    assert not any(removed.id in path for path in files)
    assert not (out / "events" / removed.id).exists()  # its session folder went with its files
    assert foreign.read_text() == "mine"
    assert (out / "README.txt").read_text() == "not the site's"
    build([e for e in events if e is not removed], tmp_path / "fresh")
    assert {p: d for p, d in files.items() if p not in ("README.txt", "en/events/notes.txt")} == site_files(
        tmp_path / "fresh"
    )


def test_a_foreign_file_in_the_way_is_refused_before_writing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    events = collection(4)
    build(events, out)
    blocker = out / "en" / "events" / "newcomer.html"
    blocker.write_text("someone else's page")
    before = times(out)
    newcomer = attrs.evolve(events[-1], id="newcomer")
    with pytest.raises(SiteError, match=r"error: .*newcomer\.html.*no previous build wrote"):
        build([*events, newcomer], out)
    assert blocker.read_text() == "someone else's page"
    assert times(out) == before


def test_a_folder_with_other_files_and_no_manifest_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.pdf").write_bytes(b"%PDF")
    with pytest.raises(SiteError, match=r"error: .*other files \(thesis\.pdf\) and no manifest\.json"):
        build(collection(1), out)
    assert sorted(p.name for p in out.iterdir()) == ["thesis.pdf"]


def test_a_damaged_file_is_noticed_and_verify_rereads_every_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    events = collection(3)
    build(events, out)
    page = out / "en" / "index.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"<h1>", b"<h2>", 1))  # same size, a new time: re-read, and repaired
    report = build(events, out)
    assert report.stats.written == ["en/index.html"]
    assert page.read_bytes() == good
    stat = page.stat()
    page.write_bytes(good.replace(b"<h1>", b"<h2>", 1))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same size and time: only --verify sees it
    assert build(events, out).stats.written == []
    assert build(events, out, verify=True).stats.written == ["en/index.html"]
    assert page.read_bytes() == good


def test_an_interrupted_build_leaves_files_the_next_build_owns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stievents_site import outputs

    out = tmp_path / "out"
    events = collection(4)
    calls = {"n": 0}
    original = outputs.SiteWriter._write

    def failing(self: Any, path: str, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 40:
            raise KeyboardInterrupt
        original(self, path, data)

    monkeypatch.setattr(outputs.SiteWriter, "_write", failing)
    with pytest.raises(KeyboardInterrupt):
        build(events, out)
    monkeypatch.undo()
    assert not list(out.rglob("*.tmp"))
    build(events, out)  # not refused: the pending manifest lists what the first build wrote
    build(events, tmp_path / "fresh")
    assert site_files(out) == site_files(tmp_path / "fresh")


def test_force_renders_everything_but_writes_nothing_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "out"
    events = collection(3)
    build(events, out)
    report = build(events, out, force=True)
    assert report.stats.kept == 0
    assert report.stats.written == []


# ------------------------------------------------------------------ inputs and errors


def _write_events(path: Path, events: Sequence[Event]) -> None:
    from stievents import serialize

    path.write_text(serialize.dumps(list(events)), encoding="utf-8")


def test_folders_and_files_read_as_one_collection(tmp_path: Path) -> None:
    events = collection(4)
    folder = tmp_path / "in"
    (folder / "nested").mkdir(parents=True)
    _write_events(folder / "a.json", events[:2])
    _write_events(folder / "nested" / "b.json", events[2:4])
    (folder / ".hidden.json").write_text("not json")
    (folder / "notes.md").write_text("# no importer claims .md")
    _write_events(tmp_path / "c.json", events[4:])
    report = build_site([str(folder), str(tmp_path / "c.json")], tmp_path / "out", config=CONFIG, now=NOW)
    assert report.events == len(events)


def test_an_id_used_twice_names_both_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from stievents.cli import main

    events = collection(1)
    _write_events(tmp_path / "one.json", events)
    _write_events(tmp_path / "two.json", events[:1])
    code = main(["site", "build", str(tmp_path / "one.json"), str(tmp_path / "two.json"), "-o", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"two.json: error: event id {events[0].id!r} is also used in {tmp_path / 'one.json'}" in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--now", "yesterday"], "--now: error:"),
        (["--now", "2024-01-01T00:00:00"], "--now: error: give an offset"),
        (["--base-url", "ftp://x/"], "--base-url: error: base URL must be"),
        (["--locales", "en,EN"], "--locales: error: locale 'en' is given twice"),
        (["--window-days", "0"], "--window-days: error: window_days must be a positive"),
    ],
)
def test_bad_options_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    from stievents.cli import main

    _write_events(tmp_path / "one.json", collection(0))
    code = main(["site", "build", str(tmp_path / "one.json"), "-o", str(tmp_path / "o"), *arguments])
    err = capsys.readouterr().err
    assert code != 0
    assert message in err
    assert "Traceback" not in err


def test_a_bad_input_file_is_an_error_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from stievents.cli import main

    (tmp_path / "bad.json").write_text('{"format": "stievents", "events": [{"id": "x"}]}')
    code = main(["site", "build", str(tmp_path / "bad.json"), "-o", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{tmp_path / 'bad.json'}:" in err
    assert "error" in err
    assert not (tmp_path / "o").exists()


def test_config_file_and_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from stievents.cli import main

    _write_events(tmp_path / "in.json", collection(0))
    (tmp_path / "site.toml").write_text('title = "From the file"\nlocales = ["fr"]\npage_size = 1\n')
    inputs = ["site", "build", str(tmp_path / "in.json"), "-o", str(tmp_path / "o")]
    settings = ["--config", str(tmp_path / "site.toml"), "--title", "From the command line"]
    code = main([*inputs, *settings, "--now", "2024-01-01T00:00:00Z", "--no-progress"])
    assert code == 0, capsys.readouterr().err
    assert not (tmp_path / "o" / "en").exists()
    assert (tmp_path / "o" / "fr" / "page-2.html").exists()
    assert "From the command line" in (tmp_path / "o" / "fr" / "index.html").read_text()
    (tmp_path / "bad.toml").write_text("colour = 1\n")
    code = main(
        ["site", "build", str(tmp_path / "in.json"), "-o", str(tmp_path / "p"), "--config", str(tmp_path / "bad.toml")]
    )
    assert code == 1
    assert "unknown setting(s) colour" in capsys.readouterr().err


def test_progress_is_drawn_only_when_asked_or_on_a_terminal(tmp_path: Path) -> None:
    import io

    stream = io.StringIO()
    build(collection(1), tmp_path / "a", err=stream)
    assert stream.getvalue() == ""
    report = build(collection(1), tmp_path / "b", err=stream, progress=True)
    # a fresh folder: the number of files is known only at the end, so the line counts them
    assert stream.getvalue().endswith(f"\rstievents site: writing {report.files:,} files\n")
    stream = io.StringIO()
    build(collection(1), tmp_path / "b", err=stream, progress=True)
    # a previous build's folder: the paths are walked first (to check them), so the line has a bar
    assert "stievents site: writing [" in stream.getvalue()
    assert f"100% {report.files:,}/{report.files:,} files" in stream.getvalue()


# ------------------------------------------------------------------ hostile text


HOSTILE = "<script>alert('x')</script> \"quoted\" & </script><!-- \r\nline two"


def hostile_event() -> Event:
    base = example("demo-hybrid-forum")
    sessions = tuple(
        attrs.evolve(
            s,
            title=f"{HOSTILE} {s.id}",
            speakers=tuple(attrs.evolve(p, name=HOSTILE, affiliation=HOSTILE) for p in s.speakers),
        )
        for s in base.sessions
    )
    return attrs.evolve(
        base, id="hostile", title=HOSTILE, topics=(HOSTILE,), sessions=sessions, url=None, description=HOSTILE
    )


def test_hostile_text_breaks_no_output(tmp_path: Path) -> None:
    import html5lib

    out = tmp_path / "out"
    build([*collection(2), hostile_event()], out)
    files = site_files(out)
    for path, data in files.items():
        text = data.decode("utf-8")
        if path.endswith(".html"):
            document = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False).parse(text)
            scripts = document.findall(".//script")
            assert all(s.get("type") == "application/ld+json" for s in scripts), path
            assert "<script>alert" not in text, path
            for script in scripts:
                json.loads(script.text or "")
        elif path.endswith((".atom", ".xml")):
            ET.fromstring(data)
        elif path.endswith((".json", ".jsonld")):
            json.loads(data)
        elif path.endswith(".ics"):
            assert all(line.endswith(b"\r") for line in data.split(b"\n")[:-1]), path
            for line in data.split(b"\r\n"):
                assert b"\r" not in line
                assert b"\n" not in line
    atom = ET.fromstring(files["en/feeds/all.atom"])
    titles = [t.text or "" for t in atom.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("<script>alert('x')</script>" in t for t in titles)  # the text itself, escaped as XML
    topic = next(p for p in files if p.startswith("en/topic/script-alert-x-script") and p.endswith("index.html"))
    assert topic


# ------------------------------------------------------------------ sessions


def test_session_calendar_keeps_status_and_a_stable_uid(site: Path) -> None:
    from stievents import api

    demo = example("demo-hybrid-forum")
    session = demo.sessions[0]
    data = (site / "events" / demo.id / "sessions" / f"{session.id}.ics").read_bytes()
    (read,) = api.read(data, "ics").events
    assert read.uid == f"{demo.id}/{session.id}@stievents"
    assert read.title == session.title
    assert read.status is demo.status
    assert read.start == session.start


def test_every_session_gets_a_calendar_file_even_without_a_day() -> None:
    from stievents_site.sessions import session_event

    event = example("oecd-co-creation-2020")
    unscheduled = next(s for s in event.sessions if s.start is None)
    made = session_event(event, unscheduled)
    assert (made.start, made.end) == (event.start, event.end)
    assert made.id == f"{event.id}.{unscheduled.id}"


def test_outputs_past_the_spool_go_through_their_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sink moves what it holds to a temporary file past SPOOL bytes: the same site, nothing left behind."""
    from stievents_site import outputs

    events = collection(4)
    build(events, tmp_path / "held")
    monkeypatch.setattr(outputs, "SPOOL", 64)  # every output but the smallest goes to a temporary file
    report = build(events, tmp_path / "spilled")
    assert site_files(tmp_path / "spilled") == site_files(tmp_path / "held")
    assert not list((tmp_path / "spilled").rglob("*.tmp"))
    assert not (tmp_path / "spilled" / outputs.PENDING).exists()
    assert build(events, tmp_path / "spilled").stats.written == []  # and the next build keeps every file
    assert report.stats.written


def test_the_manifest_lists_every_file_once_in_path_order(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = build(collection(5), out)
    files = json.loads((out / "manifest.json").read_bytes())["files"]
    on_disk = sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")
    )
    assert list(files) == sorted(files)
    assert sorted([*files, "manifest.json"]) == on_disk
    assert len(files) == report.files

"""The catalogue of real events shipped with the package: valid, canonical, sourced, and varied enough to demo.

Each file is read as the package ships it (through :mod:`importlib.resources`),
strictly, and every event must be traceable to a public page listed in
``SOURCES.md``. The counts asserted here (events, sessions, countries, types)
are the least the demo site needs; they are computed from the files, never
written down.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import stievents
from stievents import Event, EventStatus, Phase, api, examples, serialize

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "src" / "stievents" / "data" / "catalogue"
PLACEHOLDER_HOSTS = re.compile(r"://([^/]*\.)?(example\.(org|com|net)|localhost)(/|:|$)", re.IGNORECASE)


def _files() -> list[tuple[str, bytes]]:
    return [(path.name, path.read_bytes()) for path in examples.catalogue_paths()]


def _sources() -> dict[str, str]:
    """The text of each ``## `id``` section of SOURCES.md, by id."""
    text = examples.catalogue_dir().joinpath("SOURCES.md").read_text(encoding="utf-8")
    parts = re.split(r"^## +`([^`]+)`\s*$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _urls(event: Event) -> Iterator[str]:
    yield from filter(None, [event.url, event.registration.url if event.registration else None])
    yield from filter(None, [o.url for o in event.organisers])
    yield from filter(None, [r.url for r in event.references])
    yield from filter(None, [c.url for c in event.cited_examples])
    if event.virtual_location is not None and event.virtual_location.url:
        yield event.virtual_location.url


# ------------------------------------------------------------------ every file


@pytest.mark.parametrize(("name", "data"), _files(), ids=lambda value: value if isinstance(value, str) else "")
def test_file_is_one_valid_canonical_event(name: str, data: bytes) -> None:
    events = serialize.loads(data)  # strict: raises on any problem
    assert len(events) == 1
    (event,) = events
    assert name == f"{event.id}.json"
    assert api.validate(events) == []
    result = api.read(data, "json", source=name)
    assert list(result.problems) == []
    assert [e.id for e in result.events] == [event.id]
    # canonical: written again, the same bytes
    assert serialize.dumps(events).encode("utf-8") == data
    assert data.endswith(b"\n")
    assert json.loads(data)["format"] == "stievents"


def test_the_folder_holds_only_events_and_their_sources() -> None:
    names = sorted(item.name for item in examples.catalogue_dir().iterdir())
    assert names == sorted([*(p.name for p in examples.catalogue_paths()), "SOURCES.md"])
    # the installed folder is the one in the source tree (an editable or in-place install)
    assert {p.name for p in CATALOGUE.glob("*.json")} == {p.name for p in examples.catalogue_paths()}


# ------------------------------------------------------------------ the collection


def test_ids_are_unique_and_apart_from_the_examples() -> None:
    ids = [event.id for event in stievents.catalogue()]
    assert len(ids) == len(set(ids))
    assert not set(ids) & set(stievents.example_names())


def test_catalogue_is_sorted_by_start_then_id_and_cached() -> None:
    events = stievents.catalogue()
    keys = [examples._start_order(event) for event in events]
    assert keys == sorted(keys)
    # the keys are UTC instants; a timed event sorts by its own start
    for event, (instant, event_id) in zip(events, keys, strict=True):
        assert instant.tzinfo is dt.UTC
        assert event_id == event.id
        if isinstance(event.start, dt.datetime):
            assert instant == event.start
    again = stievents.catalogue()
    assert again == events
    assert again is not events  # a new list: callers may sort or filter it
    assert all(a is b for a, b in zip(again, events, strict=True))  # the same events, read once


def test_catalogue_matches_the_files() -> None:
    from_files = {e.id: e for _, data in _files() for e in serialize.loads(data)}
    assert {e.id: e for e in stievents.catalogue()} == from_files


def test_the_catalogue_is_big_and_varied_enough_for_the_demo() -> None:
    events = stievents.catalogue()
    assert len(events) >= 12
    assert sum(1 for e in events if e.sessions) >= 5
    assert sum(1 for e in events if any(s.is_timed for s in e.sessions)) >= 3
    countries = {e.venue.country for e in events if e.venue is not None and e.venue.country}
    assert len(countries) >= 2
    types = {e.event_type for e in events if e.event_type is not None}
    assert len(types) >= 3
    years = {(e.start if isinstance(e.start, dt.date) else e.start.date()).year for e in events}
    assert len(years) >= 3
    assert any(e.attendance_mode is not None and e.attendance_mode.value == "online" for e in events)
    assert any(e.classifications for e in events)


def test_every_event_is_past_and_scheduled() -> None:
    now = dt.datetime.now(dt.UTC)
    for event in stievents.catalogue():
        assert event.status is EventStatus.SCHEDULED, event.id
        assert not event.status_history, event.id
        assert event.phase(now) is Phase.ENDED, event.id


def test_times_are_in_the_venue_zone() -> None:
    """A timed event or session at a named venue is published in that venue's zone."""
    for event in stievents.catalogue():
        zone = event.venue.timezone if event.venue is not None else None
        if zone is None:
            continue
        for value in [event.start, event.end, *(s.start for s in event.sessions), *(s.end for s in event.sessions)]:
            if isinstance(value, dt.datetime):
                assert getattr(value.tzinfo, "key", None) == zone, event.id


def test_related_events_point_inside_the_package() -> None:
    known = {e.id for e in stievents.catalogue()} | set(stievents.example_names())
    for event in stievents.catalogue():
        for related in event.related_events:
            assert related.id in known, (event.id, related.id)


def test_no_placeholder_urls() -> None:
    for event in stievents.catalogue():
        for url in _urls(event):
            assert url.startswith(("http://", "https://")), (event.id, url)
            assert not PLACEHOLDER_HOSTS.search(url), (event.id, url)


# ------------------------------------------------------------------ sources


def test_every_event_has_its_source_in_sources_md() -> None:
    sections = _sources()
    ids = {e.id for e in stievents.catalogue()}
    assert set(sections) == ids
    for event in stievents.catalogue():
        body = sections[event.id]
        assert event.url is not None, event.id
        assert event.url in body, f"SOURCES.md does not list {event.url} under {event.id}"
        assert re.search(r"^- Source: https?://", body, flags=re.MULTILINE), event.id
        assert re.search(r"^- Taken: ", body, flags=re.MULTILINE), event.id


# ------------------------------------------------------------------ the public API


def test_public_accessors() -> None:
    assert stievents.catalogue is examples.catalogue
    assert stievents.catalogue_dir is examples.catalogue_dir
    assert "catalogue" in stievents.__all__
    assert "catalogue_dir" in stievents.__all__
    assert examples.catalogue_dir().joinpath("SOURCES.md").is_file()
    paths = examples.catalogue_paths()
    assert [p.name for p in paths] == sorted(p.name for p in paths)
    assert all(p.name.endswith(".json") for p in paths)


def test_the_wheel_carries_the_catalogue(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    build = f"from hatchling.build import build_wheel; print(build_wheel({str(tmp_path)!r}))"
    result = subprocess.run([sys.executable, "-c", build], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    name = result.stdout.strip().splitlines()[-1]
    with zipfile.ZipFile(tmp_path / name) as wheel:
        names = set(wheel.namelist())
        assert "stievents/data/catalogue/SOURCES.md" in names
        for path in CATALOGUE.glob("*.json"):
            member = f"stievents/data/catalogue/{path.name}"
            assert member in names
            assert wheel.read(member) == path.read_bytes()


def test_the_docs_list_every_event() -> None:
    page = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \|", page, flags=re.MULTILINE))
    assert listed == {e.id for e in stievents.catalogue()}
    assert "catalogue" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8").split()

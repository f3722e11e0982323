"""The hostile catalogue (``tests/data/hostile/catalogue``) through every installed exporter.

Each hostile string is put into every free-text field of the demo event (and
each hostile URL into every URL field); the output must carry it inertly:

- ics: the components and properties (parsed with icalendar) are those of a benign export, never more;
- HTML formats: html5lib finds no script, img, svg, iframe, meta, style, base or form element and no
  ``on*`` or ``javascript:`` attribute beyond those of a benign export; every JSON-LD script still parses;
- csv: as many rows and columns as the benign export, and no cell that a spreadsheet would run as a formula;
- json/toml: the event reads back equal; text formats: no terminal control characters.

A failure to export must be a documented error (``StieventsError``); the model
refuses what no format can carry (lone surrogates, non-http URLs).
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import json
import re
from typing import Any

import attrs
import pytest
from hardening_support import HOSTILE_DIR, record_figures, time_limit

import stievents
from stievents.errors import InvalidEventError, StieventsError
from stievents.examples import example

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
STRINGS: dict[str, str] = json.loads((HOSTILE_DIR / "catalogue" / "strings.json").read_text("utf-8"))
URLS: dict[str, str] = json.loads((HOSTILE_DIR / "catalogue" / "urls.json").read_text("utf-8"))
EXPORTERS = [info.name for info in stievents.formats() if info.exporter is not None]
CHECKED: collections.Counter[str] = collections.Counter()
_DANGEROUS_TAGS = {"script", "img", "svg", "iframe", "meta", "style", "base", "form", "object", "embed", "link"}


def _with_text(text: str, url: str | None = None) -> stievents.Event:
    """The demo event with ``text`` in every free-text field (and ``url`` in the URL fields)."""
    event = example("demo-hybrid-forum")
    venue = attrs.evolve(event.venue, name=text, street=text, locality=text) if event.venue else None
    sessions = tuple(
        attrs.evolve(
            s,
            title=text,
            description=text,
            speakers=tuple(attrs.evolve(p, name=text, affiliation=text) for p in s.speakers),
        )
        for s in event.sessions
    )
    organisers = tuple(attrs.evolve(o, name=text, acronym=text) for o in event.organisers)
    questions = tuple(attrs.evolve(q, text=text) for q in event.policy_questions)
    changes: dict[str, Any] = {}
    if url is not None:
        changes["url"] = url
        if event.registration is not None:
            changes["registration"] = attrs.evolve(event.registration, url=url)
        if event.image is not None:
            changes["image"] = attrs.evolve(event.image, url=url, alt=text)
    return attrs.evolve(
        event,
        title=text,
        subtitle=text,
        description=text,
        venue=venue,
        sessions=sessions,
        organisers=organisers,
        policy_questions=questions,
        topics=(text,),
        audience=(text,),
        **changes,
    )


def _ics_shape(data: bytes) -> collections.Counter[tuple[str, str]]:
    import icalendar

    shape: collections.Counter[tuple[str, str]] = collections.Counter()
    for component in icalendar.Calendar.from_ical(data).walk():
        shape[(component.name, "")] += 1
        for name in component:
            shape[(component.name, name)] += 1
    return shape


def _html_shape(data: bytes) -> tuple[collections.Counter[str], list[str]]:
    import html5lib

    tree = html5lib.parse(data, namespaceHTMLElements=False)
    tags: collections.Counter[str] = collections.Counter()
    scripts = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _DANGEROUS_TAGS:
            tags[element.tag] += 1
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                tags[f"@{name}"] += 1
            if re.match(r"\s*(javascript|data|vbscript):", value, re.IGNORECASE):
                tags[f"@{name}={value[:20]}"] += 1
        if element.tag == "script" and element.get("type") == "application/ld+json":
            scripts.append(element.text or "")
    return tags, scripts


def _csv_shape(data: bytes) -> tuple[int, set[int]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for row in rows[1:]:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r") or (cell[:1] == "-" and cell[1:2].isdigit()), (
                f"formula cell {cell[:40]!r}"
            )
    return len(rows), {len(row) for row in rows}


def _check(fmt: str, benign: bytes, hostile: bytes, event: stievents.Event) -> None:
    media = stievents.api.get_exporter(fmt).media_type
    if fmt == "ics":
        base, got = _ics_shape(benign), _ics_shape(hostile)
        extra = got - base
        assert not extra, f"injected iCalendar content: {dict(extra)}"
        assert got[("VEVENT", "")] == base[("VEVENT", "")]
    elif "html" in media:
        (base_tags, base_scripts), (tags, scripts) = _html_shape(benign), _html_shape(hostile)
        assert not tags - base_tags, f"injected markup: {dict(tags - base_tags)}"
        assert len(scripts) == len(base_scripts), "a JSON-LD script element was split or closed early"
        for script in scripts:
            json.loads(script)
    elif fmt == "csv":
        assert _csv_shape(hostile) == _csv_shape(benign)
    elif fmt in ("json", "toml"):
        assert stievents.read(hostile, fmt).events == (event,)
    if fmt in ("oecd-text", "oecd-md"):
        text = hostile.decode("utf-8")
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]", text), "control characters reach the terminal"
    if fmt == "oecd-md":
        assert not re.search(r"<(script|img|svg|iframe)|(?<!\\)\]\((javascript|data):", hostile.decode(), re.IGNORECASE)


@pytest.mark.parametrize("fmt", EXPORTERS)
@pytest.mark.parametrize("case", sorted(STRINGS))
def test_hostile_text_stays_inert(fmt: str, case: str) -> None:
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", STRINGS[case]):  # no iCalendar, XML or HTML text can carry it
        with pytest.raises(InvalidEventError, match=r"name: contains the control character U\+00"):
            _with_text(STRINGS[case])
        CHECKED["C0 control refused by the model"] += 1
        return
    event = _with_text(STRINGS[case])
    benign = stievents.export(_with_text("Benign text"), fmt, now=NOW)
    try:
        with time_limit():
            hostile = stievents.export(event, fmt, now=NOW)
    except StieventsError:
        CHECKED["refused"] += 1
        return
    _check(fmt, benign, hostile, event)
    CHECKED["checked"] += 1


@pytest.mark.parametrize("fmt", EXPORTERS)
@pytest.mark.parametrize("case", sorted(URLS))
def test_hostile_url_is_refused_or_inert(fmt: str, case: str) -> None:
    try:
        event = _with_text("Benign text", URLS[case])
    except InvalidEventError:
        CHECKED["url refused by the model"] += 1
        return
    benign = stievents.export(_with_text("Benign text"), fmt, now=NOW)
    _check(fmt, benign, stievents.export(event, fmt, now=NOW), event)
    CHECKED["checked"] += 1


def test_lone_surrogates_are_refused_with_a_path() -> None:
    with pytest.raises(InvalidEventError, match=r"name: contains a lone surrogate U\+D800"):
        _with_text("x\ud800")


@pytest.mark.parametrize("fmt", EXPORTERS)
def test_ten_megabyte_description_and_ten_thousand_sessions(fmt: str) -> None:
    from stievents.model import Session

    event = example("demo-hybrid-forum")
    big = attrs.evolve(event, description="Lorem ipsum <b>dolor</b> sit amet.\n" * 300_000, sessions=())
    many = attrs.evolve(
        event, sessions=tuple(Session(id=f"s{i}", title=f"Session {i}", start=event.start) for i in range(10_000))
    )
    for value in (big, many):
        with time_limit(120):
            out = stievents.export(value, fmt, now=NOW)
        assert out
        if fmt in ("json", "toml", "ics", "jsonld"):
            back = stievents.read(out, fmt, lenient=True)
            assert len(back.events) == 1
    CHECKED["big"] += 2


def test_zz_record_figures() -> None:
    record_figures(
        "hostile",
        {"strings": len(STRINGS), "urls": len(URLS), "exporters": len(EXPORTERS), "outcomes": dict(CHECKED)},
    )

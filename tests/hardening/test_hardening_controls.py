"""Stray control characters in foreign files: repaired with a warning, never an event lost or a crash.

Arbitrary text mixed with C0 controls is put in the title and description of
an otherwise valid file for each importer of a foreign format (ics, jsonld,
oecd-text, oecd-html). The rule of ``hardening_support`` holds (a result or a
documented error, in time), and no event is refused for a control character:
each is replaced by U+FFFD (``stievents.text.replace_controls``) and named in
a warning. Canonical JSON and TOML are ours and keep refusing them.
"""

from __future__ import annotations

import collections
import html
import json

import pytest
from hardening_support import assert_rule, record_figures, time_limit
from hypothesis import given
from hypothesis import strategies as st

import stievents
from stievents.errors import Severity, StieventsError
from stievents.text import UNENCODABLE_RE, replace_controls

CONTROLS = [chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"]
TEXTS = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(CONTROLS), min_size=1, max_size=40)
EVENT = stievents.example("oecd-co-creation-2020")
TITLE, OPENING = "Workshop on co-creation", "Innovation is increasingly"
PAGES = {fmt: stievents.export(EVENT, fmt).decode("utf-8") for fmt in ("oecd-text", "oecd-html")}
TRIED: collections.Counter[str] = collections.Counter()


def _ics(title: str, description: str) -> bytes:
    def escape(text: str) -> str:
        text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//fuzz//controls//EN",
        "BEGIN:VEVENT",
        "UID:controls@example.org",
        "DTSTART:20260105T090000Z",
        "DTEND:20260105T100000Z",
        f"SUMMARY:{escape(title)}",
        f"DESCRIPTION:{escape(description)}",
        f"LOCATION:{escape(title)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _jsonld(title: str, description: str) -> bytes:
    node = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": title,
        "description": description,
        "startDate": "2026-01-05",
        "location": {"@type": "Place", "name": title},
    }
    return json.dumps(node).encode("utf-8")


def _one_line(text: str) -> str:
    """``text`` on one line: CR and LF only (``str.splitlines`` would also split at U+000B, U+000C, U+001C...)."""
    return text.replace("\r", " ").replace("\n", " ")


def _oecd_text(title: str, description: str) -> bytes:
    page = PAGES["oecd-text"].replace(TITLE, _one_line(title)).replace(OPENING, _one_line(description))
    return page.encode("utf-8")


def _oecd_html(title: str, description: str) -> bytes:
    page = PAGES["oecd-html"].replace(TITLE, html.escape(title)).replace(OPENING, html.escape(description))
    return page.encode("utf-8")


BUILD = {"ics": _ics, "jsonld": _jsonld, "oecd-text": _oecd_text, "oecd-html": _oecd_html}


@pytest.mark.parametrize("fmt", sorted(BUILD))
@given(title=TEXTS, description=TEXTS)
def test_controls_are_repaired_not_fatal(fmt: str, title: str, description: str) -> None:
    data = BUILD[fmt](title, description)
    assert_rule(data, fmt, lenient=True)
    try:
        with time_limit():
            result = stievents.read(data, fmt, lenient=True)
    except StieventsError:
        TRIED[f"{fmt} refused"] += 1
        return
    refused = [p for p in result.problems if p.severity is Severity.ERROR and "control character" in p.message]
    assert not refused, refused
    for event in result.events:
        assert UNENCODABLE_RE.search(event.title) is None
    stated = title + description
    if fmt == "oecd-html":
        stated = stated.replace("\x0c", " ")  # HTML white space, collapsed as such
    if UNENCODABLE_RE.search(stated):
        assert any(p.message.startswith("replaced ") for p in result.problems), result.problems
        TRIED[f"{fmt} repaired"] += 1
    else:
        TRIED[f"{fmt} clean"] += 1


@given(text=TEXTS)
def test_replace_controls_leaves_nothing_the_model_refuses(text: str) -> None:
    cleaned, note = replace_controls(text)
    assert UNENCODABLE_RE.search(cleaned) is None
    assert len(cleaned) == len(text)
    assert (note is None) == (cleaned == text)
    if note is not None:
        stievents.Event(id="e", title=cleaned, start=EVENT.start, end=EVENT.end)


@given(title=TEXTS.filter(UNENCODABLE_RE.search))
def test_canonical_formats_keep_refusing_controls(title: str) -> None:
    document = json.loads(stievents.export(EVENT, "json"))
    document["events"][0]["title"] = title
    with pytest.raises(stievents.ValidationError, match="control character"):
        stievents.read(json.dumps(document).encode("utf-8"), "json")


def test_zz_record_figures() -> None:
    record_figures("controls", {"tried": dict(TRIED)})
    print(dict(TRIED))

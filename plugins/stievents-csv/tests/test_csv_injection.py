"""Hostile text: formula injection, quotes, separators, line breaks and control characters."""

from __future__ import annotations

import csv
import io

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stievents_csv.cells import FORMULA_TRIGGERS, safe_cell

import stievents
from stievents.testing.strategies import TEXT_CHARACTERS

HOSTILE = [
    '=HYPERLINK("https://evil.example/","Register")',
    "=cmd|' /C calc'!A0",
    "+41 22 000 00 00",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    'He said "hi", then left',
    "line one\nline two",
    "a;b;c, d",
    "del\x7f and C1\x85\x9b controls",  # NUL and the other C0 controls: the model refuses them
]


def parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@x", "\tx", "\rx"])
def test_formula_triggers_get_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["", "1", "a=b", "Workshop", "'already", " =spaced"])
def test_plain_text_is_left_alone(value):
    assert safe_cell(value) == value


def test_controls_are_removed_but_line_breaks_kept():
    assert safe_cell("a\x00b\x1bc\x7fd\ne\tf") == "ab" + "cd\ne\tf"


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_title_stays_one_inert_cell(reference_event, title):
    event = attrs.evolve(reference_event, title=title, subtitle=title)
    rows = parse(stievents.export(event, "csv", columns="id,title,subtitle,url"))
    assert len(rows) == 2
    assert all(len(row) == 4 for row in rows)
    cell = rows[1][1]
    assert not cell.startswith(FORMULA_TRIGGERS)
    assert cell.removeprefix("'") == safe_cell(title).removeprefix("'")


@settings(max_examples=200, deadline=None)
@given(text=st.text(TEXT_CHARACTERS, min_size=1).filter(str.strip))
def test_any_text_round_trips_through_a_csv_reader(text):
    reference_event = stievents.example("oecd-co-creation-2020")
    event = attrs.evolve(reference_event, title=text, topics=(text,))
    rows = parse(stievents.export(event, "csv", columns="title,topics,id"))
    assert len(rows) == 2
    title, topics, event_id = rows[1]
    assert event_id == reference_event.id
    for cell in (title, topics):
        assert not cell.startswith(FORMULA_TRIGGERS)
        assert cell == safe_cell(text)

"""Canonical JSON is read event by event, with exactly the results of parsing the whole text first.

The reference is ``events_from_document(parse_json(text))``; the streaming reader
(``serialize.events_from_json``) must give the same events, problems, errors and
messages on every text, and must really stream the canonical shape.
"""

from __future__ import annotations

import json
import tracemalloc
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stievents import serialize
from stievents.errors import LimitExceededError, StieventsError
from stievents.limits import Limits, use_limits
from stievents.model import Event
from stievents.testing import strategies as sst


def reference(text: str, lenient: bool) -> Any:
    """What the plain reader gives: (events, problems), or the error's type and words."""
    try:
        events, problems = serialize.events_from_document(serialize.parse_json(text), lenient=lenient)
    except StieventsError as exc:
        return type(exc).__name__, str(exc)
    return events, problems


def streamed(text: str, lenient: bool) -> Any:
    try:
        events, problems = serialize.events_from_json(text, lenient=lenient)
    except StieventsError as exc:
        return type(exc).__name__, str(exc)
    return events, problems


def layouts(events: list[Event]) -> list[str]:
    """The same document written in several valid ways, some canonical in shape, some not."""
    document = json.loads(serialize.dumps(events))
    return [
        serialize.dumps(events),
        json.dumps(document),
        json.dumps(document, separators=(",", ":")),
        json.dumps(document, indent="\t") + "\r\n",
        " \n" + json.dumps(document, indent=1),
        json.dumps({"events": document["events"], "format": "stievents", "format_version": "1.0"}),
        json.dumps(document)[:-1] + ', "format": "stievents"}',  # a repeated key after the list
    ]


@given(sst.event_lists(hostile=True), st.booleans())
def test_every_layout_reads_as_the_plain_reader_reads_it(events: list[Event], lenient: bool) -> None:
    for text in layouts(events):
        assert streamed(text, lenient) == reference(text, lenient)


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t[: len(t) // 2],  # truncated inside an event
        lambda t: t.replace('"title": "', '"title": "\x00', 1),  # a raw control in a string
        lambda t: t.replace('"id": "', '"id": 5, "x": "', 1),  # a wrong type: a path-named problem
        lambda t: t.rstrip() + " []",  # something after the document
        lambda t: t.replace("},\n    {", "}\n    {", 1),  # a missing comma between events
        lambda t: t.replace('"1.0"', '"1.\x00"'),  # a control in the version
        lambda t: t.replace('"1.0"', '"2.0"'),
        lambda t: t.replace('"events": [', '"events": [' + "[" * 50_000, 1),  # nested very deep
        lambda t: t.replace('"revision"', '"revision": 1' + "0" * 5000 + ', "x"', 1),  # a huge integer
        lambda t: t.replace("\n  ", "\n\x0c ", 1),  # not JSON whitespace
        lambda t: t.replace('"events": [', '"events": [1, ', 1),
    ],
)
@pytest.mark.parametrize("lenient", [False, True])
def test_broken_texts_give_the_plain_readers_errors(
    change: Any, lenient: bool, demo_event: Event, reference_event: Event
) -> None:
    text = change(serialize.dumps([demo_event, reference_event]))
    assert streamed(text, lenient) == reference(text, lenient)


def test_duplicate_ids_and_limits_as_before(demo_event: Event) -> None:
    text = serialize.dumps([demo_event, demo_event])
    assert streamed(text, True) == reference(text, True)
    assert "duplicate event id" in str(streamed(text, False))
    with (
        use_limits(Limits(max_events=1)),
        pytest.raises(LimitExceededError, match="2 events, more than the limit of 1"),
    ):
        serialize.events_from_json(text)
    with use_limits(Limits(max_sessions_per_event=1)), pytest.raises(LimitExceededError, match="sessions"):
        serialize.events_from_json(text)


def test_the_canonical_shape_is_read_one_event_at_a_time(demo_event: Event, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plain reader is never called, and the peak memory stays well under the plain reader's."""
    text = serialize.dumps([attrs.evolve(demo_event, id=f"e{i}") for i in range(300)])

    def peak(read: Any) -> int:
        tracemalloc.start()
        try:
            read(text)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    plain = peak(lambda t: serialize.events_from_document(serialize.parse_json(t), consume=True))
    monkeypatch.setattr(serialize, "parse_json", _refuse)
    stream = peak(serialize.events_from_json)
    assert stream < plain * 0.8, (stream, plain)


def _refuse(text: str) -> Any:
    raise AssertionError("the plain reader was called for a canonical document")

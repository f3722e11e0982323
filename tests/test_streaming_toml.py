"""TOML is written and read event by event, with exactly the whole-document results (issue 16).

The whole-document functions (``tomli_w.dumps`` of the plain document,
``events_from_document(parse_toml(text))``) are the reference; the streamed ones
must agree with them on every text, errors included.
"""

from __future__ import annotations

import io
import tomllib

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stievents import serialize
from stievents.errors import StieventsError
from stievents.testing import strategies

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _reference_text(events):  # type: ignore[no-untyped-def]
    import tomli_w

    document = serialize.document_from_events(events)
    return tomli_w.dumps(document, multiline_strings=not serialize._has_crlf(document))


def _outcome(read, text):  # type: ignore[no-untyped-def]
    """What a reader gives: its events and problems, or its error's type and words."""
    try:
        events, problems = read(text)
    except StieventsError as exc:
        return type(exc).__name__, str(exc), [str(p) for p in getattr(exc, "problems", ())]
    return events, [str(p) for p in problems]


def _whole(text, lenient=False):  # type: ignore[no-untyped-def]
    return serialize.events_from_document(serialize.parse_toml(text), lenient=lenient)


@SLOW
@given(strategies.event_lists(hostile=True, max_size=4))
def test_written_toml_is_the_whole_document_dump(events):
    assert "".join(serialize.toml_chunks(events)) == _reference_text(events)
    assert serialize.dumps(events, "toml") == _reference_text(events)


# Lines that, put anywhere, make a document the reader must still treat as the whole parse does.
NOISE = st.sampled_from(
    [
        "[[events]]",
        "[[ events ]]  # comment",
        '[["events"]]',
        "[events]",
        "[meta]",
        "x = 1",
        'id = "dup"',
        '"""',
        "'''",
        'description = """',
        "format = 'stievents'",
        "[[events.sessions]]",
        "= broken",
        "",
        "# a comment",
    ]
)


@SLOW
@given(strategies.event_lists(hostile=True, max_size=3), st.lists(st.tuples(st.integers(0, 10**6), NOISE), max_size=3))
def test_streamed_reading_is_the_whole_parse(events, noise):
    lines = _reference_text(events).split("\n")
    for position, line in noise:
        lines.insert(position % (len(lines) + 1), line)
    text = "\n".join(lines)
    for lenient in (False, True):
        streamed = _outcome(lambda t, lenient=lenient: serialize.events_from_toml(t, lenient=lenient), text)
        assert streamed == _outcome(lambda t, lenient=lenient: _whole(t, lenient), text)


def test_a_header_inside_a_multiline_string_is_not_a_split(reference_event):
    event = attrs.evolve(reference_event, description="Before\n[[events]]\nid = 'x'\nAfter")
    text = serialize.dumps([event, attrs.evolve(reference_event, id="other")], "toml")
    assert '"""' in text
    assert "\n[[events]]\nid = 'x'" in text
    assert serialize.events_from_toml(text)[0] == serialize.loads(text, "toml") == _whole(text)[0]


def test_canonical_toml_is_never_parsed_whole(reference_event, monkeypatch: pytest.MonkeyPatch):
    """Each piece handed to tomllib is one event's table (or the head), never the document."""
    events = [attrs.evolve(reference_event, id=f"e{i}") for i in range(20)]
    text = serialize.dumps(events, "toml")
    parsed: list[int] = []
    real = tomllib.loads

    def recording(piece: str, **kwargs: object) -> object:
        parsed.append(len(piece))
        return real(piece, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tomllib, "loads", recording)
    assert serialize.loads(text, "toml") == events
    assert len(parsed) == 21
    assert max(parsed) < len(text) / 10


class _Writes(io.BytesIO):
    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, data) -> int:  # type: ignore[no-untyped-def, override]
        self.sizes.append(len(data))
        return super().write(data)


def test_toml_export_is_written_in_pieces(reference_event):
    import stievents

    events = [attrs.evolve(reference_event, id=f"e{i}") for i in range(300)]
    stream = _Writes()
    stievents.export_to(stream, events, "toml")
    assert len(stream.getvalue()) > 500_000
    assert max(stream.sizes) < 150_000
    assert stream.getvalue().decode("utf-8") == _reference_text(events)

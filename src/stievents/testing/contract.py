"""Contract checks every exporter and importer should pass; call them from a plugin's tests.

Example::

    from stievents.testing import contract

    def test_contract(example_events, fixed_now):
        contract.check_exporter("csv", example_events, now=fixed_now)
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from stievents import api, facts
from stievents.errors import FormatError, ValidationError
from stievents.model import Event

__all__ = ["check_exporter", "check_importer", "check_round_trip"]


def check_exporter(name: str, events: Sequence[Event], *, now: dt.datetime, **options: Any) -> bytes:
    """Check the basics of exporter ``name`` on ``events`` and return its output.

    - it is registered, with a media type, suffixes and known fidelity facts;
    - output is deterministic for a fixed ``now``;
    - writing to a stream and :func:`stievents.export` agree;
    - it accepts a single event and the empty collection without crashing
      (unless it writes one file per event).
    """
    exporter = api.get_exporter(name)
    assert "/" in exporter.media_type, "media type missing"
    assert exporter.suffixes, "no file suffix declared"
    unknown = facts.check_facts(exporter.fidelity)
    assert not unknown, f"fidelity names unknown facts: {unknown}"
    first = api.export(events, name, now=now, **options)
    second = api.export(events, name, now=now, **options)
    assert first == second, "output is not deterministic for a fixed now"
    stream = io.BytesIO()
    api.export_to(stream, events, name, now=now, **options)
    assert stream.getvalue() == first, "export_to and export disagree"
    assert first, "output is empty"
    if exporter.text:
        first.decode("utf-8")
    if events:
        api.export(events[:1], name, now=now, **options)
    return first


def check_importer(name: str, bad_inputs: Sequence[bytes] = (b"", b"\x00\xff", b"{", b"<<<")) -> None:
    """Check that importer ``name`` refuses garbage with a documented error, never a crash."""
    api.get_importer(name)
    for data in bad_inputs:
        try:
            result = api.read(data, name, lenient=True)
        except (FormatError, ValidationError):
            continue
        assert isinstance(result.events, tuple)


def check_round_trip(
    name: str, events: Sequence[Event], *, now: dt.datetime, compare_zones: bool = True, **options: Any
) -> list[Event]:
    """Export then import with format ``name``; every top-level fact both directions declare must survive.

    Datetimes must keep their zone key and fold, unless ``compare_zones=False``
    for formats that carry only instants and offsets (such as JSON-LD). Returns
    the imported events so the caller can check nested facts.
    """
    exporter = api.get_exporter(name)
    importer = api.get_importer(name)
    data = api.export(events, name, now=now, **options)
    result = api.read(data, name)
    imported = list(result.events)
    assert len(imported) == len(events), f"{len(events)} events exported, {len(imported)} imported"
    carried = exporter.fidelity & importer.fidelity
    for original, back in zip(events, imported, strict=True):
        for fact in sorted(carried):
            if "." in fact:
                continue
            want = getattr(original, fact)
            got = getattr(back, fact)
            assert got == want, f"{name}: fact {fact!r} changed: {want!r} -> {got!r}"
            if compare_zones:
                _assert_same_zones(fact, want, got)
    again = api.export(imported, name, now=now, **options)
    assert again == data, f"{name}: export -> import -> export is not stable"
    return imported


def _assert_same_zones(fact: str, want: object, got: object) -> None:
    """Aware datetimes compare equal across zones: compare zone keys and fold explicitly."""
    if isinstance(want, dt.datetime) and isinstance(got, dt.datetime):
        assert str(want.tzinfo) == str(got.tzinfo), f"{fact}: zone {want.tzinfo} became {got.tzinfo}"
        assert want.fold == got.fold, f"{fact}: fold changed"

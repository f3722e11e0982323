"""Property tests per format with an importer: declared facts survive, each declared fact shows, JSON is stable.

For json, toml, ics, jsonld, oecd-text and oecd-html: model -> format -> model
keeps exactly the facts both directions declare (nested dotted facts compared
leaf by leaf; datetimes with their zone key and fold unless the format carries
only offsets), every fact an exporter declares changes its output when it
changes, and canonical JSON is byte-stable.
"""

from __future__ import annotations

import collections
import datetime as dt
import enum
import json
import re
from typing import Any

import attrs
import pytest
from hardening_support import record_figures
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import stievents
from stievents import facts, serialize
from stievents.errors import InvalidEventError
from stievents.examples import example, example_names
from stievents.model import Relation
from stievents.testing import contract
from stievents.testing import strategies as sst

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ROUND_TRIP = ("json", "toml", "ics", "jsonld", "oecd-text", "oecd-html")
OFFSETS_ONLY = {"jsonld"}  # schema.org dates carry an offset, not a zone
PARENTS = {fact.rsplit(".", 1)[0] for fact in facts.all_facts() if "." in fact}
LEAVES = tuple(fact for fact in facts.all_facts() if fact not in PARENTS)
SHOWN: collections.Counter[str] = collections.Counter()


class _Absent(Exception):
    """The event has no value on this path to compare or mutate."""


def values_at(obj: Any, path: str, keep: set[str] | None = None) -> list[Any]:
    """Every value on dotted ``path`` (tuples flattened, missing values dropped), in order.

    ``keep`` limits the first tuple on the path to the items with those ids
    (a format that loses some items, such as unscheduled sessions in ics).
    """
    names = path.split(".")
    found = [obj]
    for depth, name in enumerate(names):
        step: list[Any] = []
        for item in found:
            value = getattr(item, name)
            if isinstance(value, tuple) and depth < len(names) - 1:
                if depth == 0 and keep is not None:
                    value = tuple(v for v in value if getattr(v, "id", None) in keep)
                step.extend(value)
            elif value is not None:
                step.append(value)
        found = step
    return found


def _same(a: Any, b: Any, zones: bool) -> bool:
    """Equal, and with ``zones`` every datetime (also inside a tuple such as ``recurrence.rdates``) in the same zone."""
    if a != b:
        return False
    if zones and isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return str(a.tzinfo) == str(b.tzinfo) and a.fold == b.fold
    if isinstance(a, tuple) and isinstance(b, tuple):
        return all(_same(x, y, zones) for x, y in zip(a, b, strict=True))
    return True


def assert_facts_survive(fmt: str, events: list[stievents.Event], **options: Any) -> None:
    zones = fmt not in OFFSETS_ONLY
    back = contract.check_round_trip(fmt, events, now=NOW, compare_zones=zones, **options)
    carried = stievents.get_exporter(fmt).fidelity & stievents.get_importer(fmt).fidelity
    for original, imported in zip(events, back, strict=True):
        for fact in sorted(carried & set(LEAVES)):
            head = fact.split(".")[0]
            items = getattr(imported, head)
            keep = None
            if head not in carried and isinstance(items, tuple) and all(getattr(i, "id", None) for i in items):
                # items the format keeps only in part: compare those it kept, found by id; a format
                # that makes its own ids (oecd-text's session slugs) keeps them all, compared in order
                ids = {i.id for i in items}
                if not ids or ids & {getattr(i, "id", None) for i in getattr(original, head)}:
                    keep = ids
            want, got = values_at(original, fact, keep), values_at(imported, fact, keep)
            private = fact.replace(".url", ".join_url_public")
            if fact.endswith("virtual_location.url") and private not in carried:  # an unpublished link is not written
                links = values_at(original, fact.rsplit(".", 1)[0], keep)
                want = [v.url for v in links if v.url is not None and v.join_url_public]
            assert len(want) == len(got), f"{fmt}: {fact}: {want!r} became {got!r}"
            for a, b in zip(want, got, strict=True):
                assert _same(a, b, zones), f"{fmt}: fact {fact!r} changed: {a!r} -> {b!r}"


_FRACTION = re.compile(r"\A(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.\d+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _printable(event: stievents.Event) -> stievents.Event:
    """``event`` as iCalendar can carry it: control characters replaced, CR as LF (RFC 5545 CONTROL), whole seconds.

    Empty optional texts are left out: iCalendar writes no property for them,
    so they come back absent.
    """

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            value = _FRACTION.sub(r"\1", value)  # DATE-TIME has whole seconds
            return _CONTROLS.sub("?", value.replace("\r\n", "\n").replace("\r", "\n"))
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if v != ""}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return serialize.structure(clean(serialize.unstructure(event)))


# ------------------------------------------------------------------ round trips


_OPTIONS: dict[str, dict[str, Any]] = {"oecd-html": {"include_jsonld": False}}


@pytest.mark.parametrize("fmt", ROUND_TRIP)
def test_examples_keep_their_declared_facts(fmt: str) -> None:
    names = example_names()[:1] if fmt.startswith("oecd") else example_names()
    assert_facts_survive(fmt, [example(n) for n in names], **_options(fmt))


def _options(fmt: str) -> dict[str, Any]:
    exporter = stievents.get_exporter(fmt)
    wanted = _OPTIONS.get(fmt, {})
    fields = {f.name for f in attrs.fields(exporter.options)} if exporter.options else set()
    return {k: v for k, v in wanted.items() if k in fields}


@pytest.mark.parametrize("fmt", ["json", "toml"])
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(event=sst.events(hostile=True))
def test_generated_events_keep_their_declared_facts(fmt: str, event: stievents.Event) -> None:
    assert_facts_survive(fmt, [event])


def _whole_minute_offsets(value: Any) -> bool:
    """No datetime in ``value`` has a local mean time offset with seconds (Paris +00:09:21 before 1911).

    ISO 8601 offsets have whole minutes, so JSON-LD writes such a time as the
    same instant in UTC, losing its local date (documented in docs/formats/jsonld.md).
    """
    if isinstance(value, dt.datetime):
        offset = value.utcoffset()
        return offset is None or not offset % dt.timedelta(minutes=1)
    if isinstance(value, tuple):
        return all(_whole_minute_offsets(v) for v in value)
    if attrs.has(type(value)):
        return all(_whole_minute_offsets(getattr(value, f.name)) for f in attrs.fields(type(value)))
    return True


def _schedule_written(event: stievents.Event) -> bool:
    """The event has no recurrence, or JSON-LD writes it as a ``Schedule``.

    A recurrence a Schedule cannot state exactly (RDATE, overrides, rule parts
    such as BYSETPOS) is not written at all (documented in docs/formats/jsonld.md).
    """
    if event.recurrence is None:
        return True
    node = json.loads(stievents.export(event, "jsonld", now=NOW))
    return "eventSchedule" in node


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(event=sst.events(hostile=True))
def test_generated_events_keep_their_declared_facts_in_jsonld(event: stievents.Event) -> None:
    assume(_whole_minute_offsets(event))
    tags = [t.language for t in event.translations]  # language-tagged values tell translations apart by tag only
    assume(len(set(tags)) == len(tags) and event.text_language not in tags)
    assume(_schedule_written(event))
    series = tuple(r for r in event.related_events if r.relation is Relation.SERIES)  # schema.org has no other relation
    assert_facts_survive("jsonld", [attrs.evolve(event, related_events=series)])


@st.composite
def _recurring_events(draw: st.DrawFn) -> stievents.Event:
    """Events, half of them recurring, whose overrides also state what the series gives.

    Each override's start, end and title is drawn as absent, as the series' own
    value (its RECURRENCE-ID, the series' duration, the event's title) or as
    another; the end never lies before the start (RFC 5545: DTEND after
    DTSTART), the one override shape iCalendar cannot carry (docs/formats/ical.md).
    """
    event = draw(sst.events(hostile=True))
    if event.recurrence is None:
        return event
    overrides = []
    for override in event.recurrence.overrides:
        start = draw(st.sampled_from([None, override.recurrence_id, override.start]))
        base = start if start is not None else override.recurrence_id
        step = dt.timedelta(minutes=1) if isinstance(base, dt.datetime) else dt.timedelta(days=1)
        end = draw(st.sampled_from([None, base + (event.end - event.start), base + step * draw(st.integers(0, 600))]))
        title = draw(st.sampled_from([override.title, event.title]))
        overrides.append(attrs.evolve(override, start=start, end=end, title=title))
    try:
        return attrs.evolve(event, recurrence=attrs.evolve(event.recurrence, overrides=tuple(overrides)))
    except InvalidEventError:  # an end in a DST gap
        assume(False)
        raise


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(event=_recurring_events())
def test_generated_events_keep_their_declared_facts_in_ics(event: stievents.Event) -> None:
    assert_facts_survive("ics", [_printable(event)])


@given(events=sst.event_lists(hostile=True))
def test_canonical_json_is_byte_stable(events: list[stievents.Event]) -> None:
    first = serialize.dumps(events)
    again = serialize.dumps(serialize.loads(first))
    assert again == first
    assert stievents.export(events, "json", now=NOW) == first.encode()
    toml = serialize.dumps(events, "toml")
    assert serialize.dumps(serialize.loads(toml, "toml"), "toml") == toml


# ------------------------------------------------------------------ each declared fact shows


def _other(value: Any) -> list[Any]:
    """Candidate replacements for a leaf value, most natural first."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, enum.Enum):
        return [m for m in type(value) if m is not value]
    if isinstance(value, int):
        return [value + 1, value - 1]
    if isinstance(value, float):
        return [value + 0.5, value - 0.5]
    if isinstance(value, dt.datetime):
        return [value + dt.timedelta(minutes=m) for m in (30, -30, 5, -5)] + [value.astimezone(dt.UTC)]
    if isinstance(value, dt.date):
        return [value + dt.timedelta(days=d) for d in (1, -1)]
    if isinstance(value, str):
        return [value + "x", "DE" if value != "DE" else "FR", "de" if value != "de" else "fr", "Asia/Tokyo", "2"]
    if isinstance(value, tuple):
        return [(*_other(value[0])[:1], *value[1:])] if value else []
    return []


def _mutations(obj: Any, parts: list[str]) -> list[Any]:
    name, rest = parts[0], parts[1:]
    value = getattr(obj, name)
    if not rest:
        replacements = _other(value)
    elif isinstance(value, tuple):  # mutate each of the first three items in turn
        replacements = [
            (*value[:i], new, *value[i + 1 :])
            for i in range(min(3, len(value)))
            for new in _mutations(value[i], rest)[:2]
        ]
    elif value is None:
        replacements = []
    else:
        replacements = _mutations(value, rest)
    result = []
    for new in replacements:
        try:
            result.append(attrs.evolve(obj, **{name: new}))
        except (InvalidEventError, ValueError, TypeError):
            continue
    return result


# Declared facts that the examples do not show, each with its reason (reported to the plugin's owner).
KNOWN_SILENT: dict[str, dict[str, str]] = {}


def _in_shape(fmt: str, event: stievents.Event) -> stievents.Event:
    """``event`` as the format declares it carries it, where the examples differ (see the generated tests).

    JSON-LD writes a related event only as a series (``superEvent``); the
    examples' related event is of the same topic. iCalendar writes only
    scheduled sessions; the examples' only described session is unscheduled,
    so the first scheduled one gets a description.
    """
    if fmt == "jsonld":
        series = tuple(attrs.evolve(r, relation=Relation.SERIES) for r in event.related_events)
        return attrs.evolve(event, related_events=series)
    if fmt == "ics":
        scheduled = [s for s in event.sessions if s.start is not None]
        if scheduled and all(s.description is None for s in scheduled):
            first = attrs.evolve(scheduled[0], description="What the session is about.")
            return attrs.evolve(event, sessions=tuple(first if s is scheduled[0] else s for s in event.sessions))
    return event


@pytest.mark.parametrize("fmt", ROUND_TRIP)
def test_each_declared_fact_changes_the_output(fmt: str) -> None:
    exporter = stievents.get_exporter(fmt)
    options = _options(fmt)
    silent: list[str] = []
    tried, counted = 0, set()
    known = KNOWN_SILENT.get(fmt, {})
    for fact in sorted(exporter.fidelity & set(LEAVES) - set(known)):
        for name in example_names():
            event = _in_shape(fmt, example(name))
            candidates = _mutations(event, fact.split("."))
            if (
                fact.endswith("virtual_location.url")
                and fact.replace(".url", ".join_url_public") not in exporter.fidelity
            ):
                candidates = [m for m in candidates if all(v.join_url_public for v in values_at(m, fact[:-4]))]
            if not candidates:
                continue
            tried += fact not in counted
            counted.add(fact)
            before = stievents.export(event, fmt, now=NOW, **options)
            if any(stievents.export(m, fmt, now=NOW, **options) != before for m in candidates[:6]):
                break
        else:
            if fact in counted:
                silent.append(fact)
    SHOWN[fmt] = tried
    assert not silent, f"{fmt} declares facts its output does not show: {silent}"


def test_zz_record_figures() -> None:
    record_figures("facts", {"leaf_facts_mutated_per_exporter": dict(SHOWN), "leaves": len(LEAVES)})

"""Reading pauses the cyclic garbage collector, restores it, and may: the objects it builds hold no cycle.

The pause (``stievents._collector``) is safe only because a decoded event can never be part of a
reference cycle; these tests prove that from the model's classes (frozen, slotted, nesting without
loops, no field that could hold an arbitrary object) and from the objects themselves (a walk of
every reference of decoded and Hypothesis-built events). They also check that the collector's
state is restored on every way out, and that the slow path, whose errors do leave cycles behind,
runs with the collector on.
"""

from __future__ import annotations

import enum
import gc
import json
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given

from stievents import _collector, fieldtypes, serialize
from stievents.errors import FormatError, ValidationError
from stievents.fieldtypes import Shape
from stievents.model import Event
from stievents.testing import strategies as sst


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        (gc.enable if was else gc.disable)()


# ------------------------------------------------------------------ the model cannot hold a cycle


def _record_classes() -> dict[type, set[type]]:
    """Every attrs class reachable from Event, with the classes its fields can hold."""
    graph: dict[type, set[type]] = {}
    todo: list[type] = [Event]
    while todo:
        cls = todo.pop()
        if cls in graph:
            continue
        graph[cls] = set()
        for field in fieldtypes.fields(cls):
            kind = field.type.item if field.type.shape is Shape.TUPLE else field.type
            assert kind is not None
            assert kind.shape is not Shape.OTHER, f"{cls.__name__}.{field.name} may hold any object"
            if kind.shape is Shape.RECORD:
                assert kind.cls is not None
                graph[cls].add(kind.cls)
                todo.append(kind.cls)
    return graph


def test_the_model_classes_nest_without_a_loop_and_are_frozen() -> None:
    graph = _record_classes()
    assert len(graph) > 10
    done: set[type] = set()

    def visit(cls: type, path: tuple[type, ...]) -> None:
        assert cls not in path, "a class holds itself: " + " -> ".join(c.__name__ for c in (*path, cls))
        if cls in done:
            return
        for inner in graph[cls]:
            visit(inner, (*path, cls))
        done.add(cls)

    visit(Event, ())
    for cls in graph:
        assert "__slots__" in cls.__dict__, cls
        frozen = getattr(cls.__dict__.get("__setattr__"), "__name__", None) == "_frozen_setattrs"  # attrs' own
        assert frozen, f"{cls.__name__} is not frozen"


def _assert_no_cycle(root: object) -> int:
    """Walk every reference held by ``root`` (depth first); fail on one that leads back to an ancestor.

    Classes, modules and functions are not walked (enum members refer to their class, which refers
    back to them, but a class is not an object the reader builds). Returns the objects seen.
    """
    state: dict[int, int] = {}  # id -> 1 on the current path, 2 done
    stack: list[tuple[object, Iterator[object]]] = [(root, iter(gc.get_referents(root)))]
    state[id(root)] = 1
    while stack:
        obj, children = stack[-1]
        for child in children:
            if isinstance(child, type | enum.Enum) or type(child).__name__ in {"module", "function"}:
                continue
            mark = state.get(id(child))
            assert mark != 1, f"reference cycle through {type(obj).__name__} -> {type(child).__name__}"
            if mark is None:
                state[id(child)] = 1
                stack.append((child, iter(gc.get_referents(child))))
                break
        else:
            state[id(obj)] = 2
            stack.pop()
    return len(state)


@given(sst.event_lists(hostile=True))
def test_built_and_decoded_events_hold_no_reference_cycle(events: list[Event]) -> None:
    for event in [*events, *serialize.loads(serialize.dumps(events))]:
        assert _assert_no_cycle(event) > 1


def test_the_example_events_hold_no_reference_cycle(example_events: list[Event]) -> None:
    for event in serialize.loads(serialize.dumps(example_events)):
        assert _assert_no_cycle(event) > 1


def test_a_clean_load_leaves_no_cyclic_garbage(example_events: list[Event], collector_on: None) -> None:
    text = serialize.dumps(example_events * 1)
    gc.collect()
    gc.disable()
    loaded = serialize.loads(text)
    assert loaded == example_events
    del loaded
    assert gc.collect() == 0  # everything the load made was freed by reference counting alone


# ------------------------------------------------------------------ paused, and restored


def _spy_on_adds(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record whether the collector was enabled each time the reader builds an event."""
    seen: list[bool] = []
    add = serialize._EventReader.add

    def spy(self: Any, index: int, raw: Any, proven: bool = False) -> None:
        seen.append(gc.isenabled())
        add(self, index, raw, proven)

    monkeypatch.setattr(serialize._EventReader, "add", spy)
    return seen


@pytest.mark.parametrize("form", ["json", "toml", "json-plain"])
def test_every_read_builds_its_events_with_the_collector_paused(
    form: str, demo_event: Event, collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = [attrs.evolve(demo_event, id=f"e{i}") for i in range(3)]
    text = serialize.dumps(events, "toml" if form == "toml" else "json")
    if form == "json-plain":  # another key order: the plain reader, not the streamed one
        head = '"format": "stievents",\n  "format_version": "1.0",'
        text = text.replace(head, '"format_version": "1.0", "format": "stievents",')
    seen = _spy_on_adds(monkeypatch)
    assert serialize.loads(text, "toml" if form == "toml" else "json") == events
    assert seen == [False, False, False]
    assert gc.isenabled()


def test_the_api_read_pauses_too(demo_event: Event, collector_on: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import stievents

    seen = _spy_on_adds(monkeypatch)
    result = stievents.read(serialize.dumps([demo_event]).encode(), "json")
    assert list(result.events) == [demo_event]
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(lambda text: text.replace('"title"', '"titel"', 1), id="invalid event"),
        pytest.param(lambda text: text[:-20], id="not JSON"),
        pytest.param(lambda text: text.replace('"stievents"', '"other"', 1), id="not our document"),
    ],
)
def test_the_collector_state_is_restored_on_every_way_out(enabled: bool, bad: Any, demo_event: Event) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        text = serialize.dumps([demo_event])
        assert serialize.loads(text) == [demo_event]
        assert gc.isenabled() is enabled
        with pytest.raises((ValidationError, FormatError)):
            serialize.loads(bad(text))
        assert gc.isenabled() is enabled
        try:
            events, problems = serialize.events_from_json(bad(text), lenient=True)
        except (ValidationError, FormatError):
            pass
        else:
            assert problems
            assert not events
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_a_refused_event_is_worded_with_the_collector_running(
    demo_event: Event, collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The converter's errors leave reference cycles behind: they are collected as they would be without the pause."""
    events = [attrs.evolve(demo_event, id=f"e{i}") for i in range(400)]
    text = serialize.dumps(events).replace('"title"', '"titel"')

    def garbage_left() -> int:
        """Cyclic garbage still uncollected when the lenient read returns."""
        gc.collect()
        found, problems = serialize.events_from_json(text, lenient=True)
        assert found == []
        assert len({p.path.split(".")[1] for p in problems}) == 400
        del found, problems
        gc.disable()
        try:
            return gc.collect()
        finally:
            gc.enable()

    left = garbage_left()
    gc.disable()
    try:  # the caller switched the collector off: then nothing runs, and this is all the garbage there is
        found, problems = serialize.events_from_json(text, lenient=True)
        del found, problems
        everything = gc.collect()
    finally:
        gc.enable()
    assert everything > 400 * 20  # the slow path does leave cycles: this test measures something
    assert left < everything / 4, f"{left} of {everything} objects of cyclic garbage left by 400 refused events"

    states: list[bool] = []
    converter = serialize.get_converter()

    class Watch:
        def structure(self, data: Any, kind: Any) -> Any:
            states.append(gc.isenabled())
            return converter.structure(data, kind)

    monkeypatch.setattr(serialize, "get_converter", Watch)
    serialize.events_from_json(text, lenient=True)
    assert len(states) == 400
    assert all(states)
    assert gc.isenabled()


def test_nested_and_concurrent_pauses_restore_the_first_state(collector_on: None) -> None:
    with _collector.paused():
        assert not gc.isenabled()
        with _collector.paused():
            assert not gc.isenabled()
            with _collector.resumed():
                assert gc.isenabled()
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with _collector.resumed():  # outside a pause: nothing to resume
        assert gc.isenabled()
    gc.disable()
    with _collector.paused(), _collector.resumed():
        assert not gc.isenabled()  # never enables a collector the caller had switched off
    assert not gc.isenabled()
    gc.enable()
    inside = threading.Barrier(2)
    leave = threading.Event()

    def hold() -> None:
        with _collector.paused():
            inside.wait()
            leave.wait()

    worker = threading.Thread(target=hold)
    worker.start()
    inside.wait()
    with _collector.paused():
        pass
    assert not gc.isenabled()  # the other thread's pause still runs
    leave.set()
    worker.join()
    assert gc.isenabled()


def test_bulk_load_freezes_after_the_pause(demo_event: Event, collector_on: None) -> None:
    before = gc.get_freeze_count()
    try:
        with serialize.bulk_load(freeze=True):
            assert not gc.isenabled()
            serialize.loads(serialize.dumps([demo_event]))
        assert gc.get_freeze_count() > before
        assert gc.isenabled()
    finally:
        gc.unfreeze()


# ------------------------------------------------------------------ promotion to the oldest generation


@pytest.fixture
def promotions(monkeypatch: pytest.MonkeyPatch, collector_on: None) -> list[str]:
    """Record each promotion (``gc.freeze`` then ``gc.unfreeze`` from ``_collector``); reads of any size promote."""
    if threading.active_count() != 1:
        pytest.skip("another thread is running: the pause never promotes then (tested below)")
    calls: list[str] = []
    freeze, unfreeze = gc.freeze, gc.unfreeze

    def spy_freeze() -> None:
        calls.append("freeze")
        freeze()

    def spy_unfreeze() -> None:
        calls.append("unfreeze")
        unfreeze()

    monkeypatch.setattr(gc, "freeze", spy_freeze)
    monkeypatch.setattr(gc, "unfreeze", spy_unfreeze)
    monkeypatch.setattr(serialize, "_PROMOTE_CHARS", 0)
    monkeypatch.setattr(serialize, "_PROMOTE_EVENTS", 0)
    return calls


def _generation(obj: object) -> int | None:
    """The collector's generation that holds ``obj`` (None: not tracked, or frozen)."""
    for generation in range(3):
        if any(found is obj for found in gc.get_objects(generation)):
            return generation
    return None


def _events(demo_event: Event, count: int) -> list[Event]:
    return [attrs.evolve(demo_event, id=f"e{i}") for i in range(count)]


@pytest.mark.parametrize("form", ["json", "toml", "json-plain", "document", "bulk"])
def test_a_large_read_hands_its_events_to_the_oldest_generation(
    form: str, demo_event: Event, promotions: list[str]
) -> None:
    """No young collection traverses them after the read: nothing is young any more, and nothing was traversed."""
    events = _events(demo_event, 20)
    text = serialize.dumps(events, "toml" if form == "toml" else "json")
    if form == "json-plain":  # another key order: the plain reader, nested in the JSON reader's pause
        head = '"format": "stievents",\n  "format_version": "1.0",'
        text = text.replace(head, '"format_version": "1.0", "format": "stievents",')
    document = json.loads(text) if form == "document" else None
    collections: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(watch)
    try:
        if document is not None:
            loaded, _ = serialize.events_from_document(document)
        else:
            loaded = serialize.loads(text, "toml" if form == "toml" else "json", bulk=form == "bulk")
        young = gc.get_count()[0]
    finally:
        gc.callbacks.remove(watch)
    assert loaded == events
    assert promotions == ["freeze", "unfreeze"]  # once, by the outermost pause
    # the last: the caller's young objects, before the pause (a young one may come first); none after it
    assert collections[-1] == 1
    assert set(collections[:-1]) <= {0}
    assert young < 50  # the read's objects left the youngest generation with it
    assert _generation(loaded[0]) == 2
    assert _generation(loaded[-1].sessions[0]) == 2
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_the_callers_young_objects_are_collected_before_a_promoting_read(
    demo_event: Event, promotions: list[str]
) -> None:
    """Cyclic garbage the caller left young is collected as usual, never promoted uncollected."""

    class Node:
        def __init__(self) -> None:
            self.me = self

    text = serialize.dumps(_events(demo_event, 5))
    gc.collect()
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    assert gone() is not None  # a cycle: reference counting alone does not free it
    kept = [[], {}]
    assert _generation(kept) == 0
    assert serialize.loads(text) == _events(demo_event, 5)
    assert promotions == ["freeze", "unfreeze"]
    assert gone() is None
    assert _generation(kept) == 2  # survived the collection of the young generations, as it would have


def test_a_small_read_is_not_promoted(demo_event: Event, collector_on: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    assert serialize.loads(serialize.dumps([demo_event])) == [demo_event]
    assert len(serialize.dumps([demo_event])) < serialize._PROMOTE_CHARS
    assert calls == []


def test_promotion_is_skipped_when_it_could_move_or_undo_anything(demo_event: Event, promotions: list[str]) -> None:
    """Collector off, objects frozen, another thread, the slow path, an error: a plain pause, as before."""
    events = _events(demo_event, 5)
    text = serialize.dumps(events)

    gc.disable()  # the caller's choice: the read leaves everything where it was
    try:
        assert serialize.loads(text) == events
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert promotions == []

    frozen = gc.get_freeze_count()
    gc.freeze()
    try:
        assert serialize.loads(text) == events
        assert gc.get_freeze_count() > frozen  # the caller's frozen objects were not thawed
    finally:
        gc.unfreeze()
    assert promotions == ["freeze", "unfreeze"]  # the test's own calls
    promotions.clear()

    inside, leave = threading.Event(), threading.Event()

    def wait() -> None:
        inside.set()
        leave.wait()

    worker = threading.Thread(target=wait)
    worker.start()
    try:
        inside.wait()
        assert serialize.loads(text) == events
    finally:
        leave.set()
        worker.join()
    assert promotions == []

    refused = text.replace('"title"', '"titel"', 1)
    found, problems = serialize.events_from_json(refused, lenient=True)  # the slow path ran
    assert len(found) == 4
    assert problems
    assert promotions == []

    duplicate = text.replace('"id": "e1"', '"id": "e0"', 1)
    with pytest.raises(ValidationError):
        serialize.loads(duplicate)  # the block raised after building events
    assert promotions == []
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0

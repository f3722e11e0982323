"""The workloads, each run for stievents and its peers on the same generated events at one size.

Every function appends :class:`Row` records; a peer whose library is not installed is
skipped with a note rather than failing the run (the smoke test lists what ran).
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from benchmarks import generate, peers
from benchmarks.measure import Plan, Timing, gc_state, repeat

__all__ = ["NOW", "PAGE_SIZES", "Row", "Suite", "bulk_load_option"]

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
VEVENTS_PER_EVENT = 7
PAGE_SIZES = (1_000, 4_000)
"""Collections of the OECD pages workload: one page per event is the slowest export, so small N only."""


@dataclass
class Row:
    """One implementation of one workload at one size."""

    workload: str
    n: int
    impl: str
    timing: Timing
    unit: str = "event"
    units_per_event: int = 1
    note: str = ""


@dataclass
class Suite:
    """Runs the workloads at each size and collects the rows and notes."""

    plan: Plan
    ics_max: int = 10_000
    export_max: int = 10_000
    rows: list[Row] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    ours_ics: dict[int, bytes] = field(default_factory=dict)

    def has(self, module: str) -> bool:
        if importlib.util.find_spec(module) is None:
            self.skipped.add(module)
            return False
        return True

    def time(
        self, workload: str, n: int, impl: str, function: Callable[[], Any], *, units_per_event: int = 1, unit: str = ""
    ) -> Timing | None:
        """Time one implementation; a failure is noted (and the run goes on) rather than raised."""
        try:
            timing = repeat(function, units=n, plan=self.plan.for_size(n))
        except Exception as exc:  # noqa: BLE001 - reported in the results page, never hidden
            self.notes[f"failed {workload} {impl} {n}"] = (
                f"{impl} failed at {workload}, N={n:,}: {type(exc).__name__}: {str(exc)[:200]}"
            )
            return None
        self.rows.append(Row(workload, n, impl, timing, unit or "event", units_per_event))
        return timing

    # -------------------------------------------------------------- JSON

    def json_round_trip(self, n: int) -> list[Any]:
        """Canonical JSON decode and encode; returns our decoded events for the other workloads."""
        from stievents import serialize

        text = json.dumps(generate.canonical_document(n), indent=2, ensure_ascii=False).encode("utf-8")
        before = gc_state()
        decoded = self.time("json-decode", n, "stievents", lambda: serialize.loads(text))
        if decoded is None:  # e.g. refused by a limit: build the events for the other workloads instead
            events = generate.stievents_events(n)
        else:
            events, decoded.last = decoded.last, None
        _drop_result(self.time("json-encode", n, "stievents", lambda: serialize.dumps(events)))
        if gc_state() != before:
            self.notes["gc"] = f"the default decode changed the global GC state: {before} -> {gc_state()}"
        self.notes.setdefault("gc", "the default decode and encode left the global GC state unchanged")
        bulk = bulk_load_option()
        if bulk is not None:
            label, load = bulk
            self.notes["bulk"] = f"bulk-load opt-in measured: {label}"
            timing = self.time("json-decode", n, "stievents (bulk opt-in)", lambda: load(text))
            if timing is not None:
                timing.last = None
        else:
            self.notes.setdefault("bulk", "no bulk-load opt-in found in stievents.serialize at run time")
        if self.has("orjson"):
            import orjson

            raw = orjson.dumps(generate.peer_dicts(n))
        else:
            raw = json.dumps(generate.peer_dicts(n)).encode("utf-8")
        if self.has("pydantic"):
            _, adapter = peers.pydantic_models()
            got = self.time("json-decode", n, "pydantic v2", lambda: adapter.validate_json(raw))
            if got is not None:
                objs, got.last = got.last, None
                _drop_result(
                    self.time("json-encode", n, "pydantic v2", lambda: adapter.dump_json(objs, exclude_none=True))
                )
                del objs
        if self.has("msgspec"):
            _, decoder, encoder = peers.msgspec_models()
            got = self.time("json-decode", n, "msgspec", lambda: decoder.decode(raw))
            if got is not None:
                objs, got.last = got.last, None
                _drop_result(self.time("json-encode", n, "msgspec", lambda: encoder.encode(objs)))
                del objs
        gc.collect()
        return list(events)

    # -------------------------------------------------------------- iCalendar

    def ical_export(self, n: int, events: list[Any], facts: list[dict[str, Any]]) -> None:
        import stievents

        got = self.time(
            "ics-export",
            n,
            "stievents",
            lambda: stievents.export(events, "ics", now=NOW),
            units_per_event=VEVENTS_PER_EVENT,
            unit="VEVENT",
        )
        if got is None:
            return
        self.ours_ics[n], got.last = got.last, None
        if self.has("icalendar"):
            self.time(
                "ics-export",
                n,
                "icalendar by hand",
                lambda: peers.icalendar_by_hand(facts, NOW),
                units_per_event=VEVENTS_PER_EVENT,
                unit="VEVENT",
            )
        if self.has("ics"):
            import warnings

            warnings.filterwarnings("ignore", module="ics")
            self.time(
                "ics-export",
                n,
                "ics.py",
                lambda: peers.ics_py(facts, NOW),
                units_per_event=VEVENTS_PER_EVENT,
                unit="VEVENT",
            )

    def ical_import(self, n: int) -> None:
        import stievents

        if n not in self.ours_ics:
            return
        data = self.ours_ics[n]
        ours = self.time(
            "ics-import", n, "stievents", lambda: stievents.read(data, "ics"), units_per_event=7, unit="VEVENT"
        )
        if ours is not None and self.has("icalendar"):  # without ours, the peer's time compares with nothing
            from icalendar import Calendar

            self.time(
                "ics-import",
                n,
                "icalendar parse",
                lambda: Calendar.from_ical(data),
                units_per_event=VEVENTS_PER_EVENT,
                unit="VEVENT",
            )

    # -------------------------------------------------------------- JSON-LD and the listing

    def jsonld_export(self, n: int, events: list[Any], facts: list[dict[str, Any]]) -> None:
        import stievents

        self.time("jsonld-export", n, "stievents", lambda: stievents.export(events, "jsonld", now=NOW))
        self.time(
            "jsonld-export",
            n,
            "dicts + json",
            lambda: json.dumps(peers.jsonld_dicts(facts), indent=2, ensure_ascii=False).encode("utf-8"),
        )
        if self.has("orjson"):
            import orjson

            self.time(
                "jsonld-export",
                n,
                "dicts + orjson",
                lambda: orjson.dumps(peers.jsonld_dicts(facts), option=orjson.OPT_INDENT_2),
            )

    def listing(self, n: int, events: list[Any], facts: list[dict[str, Any]]) -> None:
        import stievents

        self.time(
            "oecd-listing",
            n,
            "stievents",
            lambda: stievents.export(events, "oecd-listing-html", now=NOW, include_jsonld=False),
        )
        if self.has("jinja2"):
            countries = {code: name for _, code, name, _ in generate.PLACES}
            peers.jinja_listing(facts[:10], NOW, countries)  # compile the template once, as an application would
            self.time("oecd-listing", n, "jinja2 template", lambda: peers.jinja_listing(facts, NOW, countries))

    def oecd_pages(self, n: int) -> None:
        """One OECD page per event, as ``convert --to oecd-html -o DIR`` writes them (to memory, not disk).

        Every page ranks 'More Like This' from the whole collection, so this
        workload shows whether N pages cost O(N): its time per event should not
        grow with N (the target compares 4,000 with 1,000 events).
        """
        import io

        import attrs

        import stievents
        from stievents import api

        events = generate.stievents_events(n)
        exporter = stievents.get_exporter("oecd-html")

        def pages() -> None:
            context = attrs.evolve(api.make_export_context(exporter, now=NOW), collection=tuple(events))
            for event in events:
                exporter.write([event], io.BytesIO(), context)

        exporter.write(events[:1], io.BytesIO(), api.make_export_context(exporter, now=NOW))  # lazy imports, untimed
        self.time("oecd-pages", n, "stievents", pages)

    # -------------------------------------------------------------- one size

    def run_size(self, n: int) -> None:
        events = self.json_round_trip(n)
        facts = generate.event_dicts(n)
        if n <= self.ics_max:
            self.ical_export(n, events, facts)
            self.ical_import(n)
        if n <= self.export_max:
            self.jsonld_export(n, events, facts)
            self.listing(n, events, facts)
        self.ours_ics.clear()
        del events, facts
        gc.collect()


def _drop_result(timing: Timing | None) -> None:
    """Free an encoder's last output (500 MB of text at 100,000 events) rather than keep it in the row until the end."""
    if timing is not None:
        timing.last = None


def bulk_load_option() -> tuple[str, Callable[[bytes], Any]] | None:
    """The core's documented bulk-load opt-in, if this version of stievents offers one.

    Looked for at run time: a keyword of ``serialize.loads`` named like ``bulk`` or ``gc``,
    or a context manager in ``stievents.serialize`` whose name contains ``bulk``.
    """
    from stievents import serialize

    for name in inspect.signature(serialize.loads).parameters:
        if "bulk" in name or name == "gc" or name.startswith("gc_") or name.endswith("_gc"):
            value = name != "gc"  # gc=False means "collector off while loading"; bulk=True the same

            def keyword_load(data: bytes, key: str = name, flag: bool = value) -> Any:
                options: dict[str, Any] = {key: flag}
                return serialize.loads(data, **options)

            return f"serialize.loads(data, {name}={value})", keyword_load
    for name in dir(serialize):
        candidate = getattr(serialize, name)
        if "bulk" in name.lower() and callable(candidate) and not inspect.isclass(candidate):
            try:
                parameters = inspect.signature(candidate).parameters
            except (TypeError, ValueError):
                continue
            if all(p.default is not inspect.Parameter.empty for p in parameters.values()):

                def load(data: bytes, manager: Callable[[], Any] = candidate) -> Any:
                    with manager():
                        return serialize.loads(data)

                return f"with serialize.{name}(): serialize.loads(data)", load
    return None

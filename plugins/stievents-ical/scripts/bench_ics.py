"""Rough speed check of the ``ics`` writers and reader against icalendar and ics.py (not the project benchmark).

Run: ``python plugins/stievents-ical/scripts/bench_ics.py [N ...]`` in a venv with stievents, stievents-ical,
icalendar and ics installed. Events have 6 timed sessions, 3 organisers and 4 policy questions (7 VEVENTs each);
each contender runs once per round, interleaved; medians, in VEVENTs per second, and the ratios of the medians.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import time
import zoneinfo
from collections.abc import Callable
from typing import Any

from stievents_ical.reference import export_reference

import stievents
from stievents.limits import Limits
from stievents.model import Contact, Event, Organiser, OrganiserRole, Person, PolicyQuestion, Session, Venue

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def make_events(count: int) -> list[Event]:
    """``count`` events of 7 VEVENTs each, spread over four years."""
    events = []
    for i in range(count):
        start = dt.datetime(2030, 1, 1, 9, 0, tzinfo=PARIS) + dt.timedelta(days=i % 1400)
        sessions = tuple(
            Session(
                id=f"s{j}",
                title=f"Session {j}: policy mixes for innovation, part {j}",
                description="Discussion of instruments; evidence, and next steps.",
                start=start + dt.timedelta(hours=j),
                end=start + dt.timedelta(hours=j, minutes=50),
                room="Room A",
                speakers=(Person(name=f"Speaker {j}", affiliation="Example University", email=f"s{j}@example.org"),),
                policy_question_ids=(f"q{j % 4}",),
            )
            for j in range(6)
        )
        events.append(
            Event(
                id=f"event-{i}",
                title=f"Workshop {i} on science, technology and innovation policy",
                description="A workshop on co-creation between science and society, with cases from OECD countries.",
                start=start,
                end=start + dt.timedelta(hours=8),
                venue=Venue(name="Conference Centre", locality="Paris", country="FR", rooms=("Room A",)),
                organisers=tuple(
                    Organiser(name=f"Organiser {k}", roles=(OrganiserRole.CO_ORGANISER,), country="FR")
                    for k in range(3)
                ),
                policy_questions=tuple(
                    PolicyQuestion(id=f"q{k}", text=f"How can policy question {k} be answered?") for k in range(4)
                ),
                contacts=(Contact(name="Secretariat", email="sti@example.org"),),
                topics=("co-creation", "innovation"),
                url=f"https://example.org/events/{i}",
                sessions=sessions,
            )
        )
    return events


def icalendar_by_hand(events: list[Event]) -> bytes:
    """The same calendar's standard properties, built with icalendar as a user would."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//peer//icalendar//EN")
    cal.add("version", "2.0")
    for event in events:
        main = icalendar.Event()
        main.add("uid", f"{event.id}@peer")
        main.add("dtstamp", NOW)
        main.add("summary", event.title)
        main.add("description", event.description)
        main.add("dtstart", event.start)
        main.add("dtend", event.end)
        main.add("location", "Conference Centre, Paris, FR")
        main.add("categories", list(event.topics))
        main.add("url", event.url)
        main.add("organizer", icalendar.vCalAddress("mailto:sti@example.org"), parameters={"CN": "Secretariat"})
        cal.add_component(main)
        for session in event.sessions:
            sub = icalendar.Event()
            sub.add("uid", f"{event.id}/{session.id}@peer")
            sub.add("dtstamp", NOW)
            sub.add("summary", session.title)
            sub.add("description", session.description)
            sub.add("dtstart", session.start)
            sub.add("dtend", session.end)
            sub.add("location", "Room A, Conference Centre")
            sub.add("related-to", f"{event.id}@peer")
            for person in session.speakers:
                sub.add("attendee", icalendar.vCalAddress(f"mailto:{person.email}"), parameters={"CN": person.name})
            cal.add_component(sub)
    cal.add_missing_timezones()
    return cal.to_ical()  # type: ignore[no-any-return]


def ics_py(events: list[Event]) -> bytes:
    """The same standard properties with ics.py."""
    import ics  # type: ignore[import-untyped]

    cal = ics.Calendar()
    for event in events:
        cal.events.add(
            ics.Event(
                name=event.title,
                begin=event.start,
                end=event.end,
                uid=f"{event.id}@peer",
                description=event.description,
                location="Conference Centre, Paris, FR",
                url=event.url,
                categories=set(event.topics),
            )
        )
        for session in event.sessions:
            cal.events.add(
                ics.Event(
                    name=session.title,
                    begin=session.start,
                    end=session.end,
                    uid=f"{event.id}/{session.id}@peer",
                    description=session.description,
                    location="Room A, Conference Centre",
                )
            )
    return bytes(cal.serialize().encode("utf-8"))


def _seconds(func: Callable[[], Any]) -> float:
    began = time.perf_counter()
    func()
    return time.perf_counter() - began


def measure(count: int, rounds: int, with_reference: bool) -> None:
    """Time every contender once per round, interleaved, and print medians and the ratios of the medians."""
    import icalendar

    events = make_events(count)
    vevents = 7 * count
    data = stievents.export(events, "ics", now=NOW)
    contenders: dict[str, Callable[[], Any]] = {
        "ics (fast)": lambda: stievents.export_to(io.BytesIO(), events, "ics", now=NOW),
        "icalendar by hand": lambda: icalendar_by_hand(events),
        "ics.py": lambda: ics_py(events),
        "icalendar parse": lambda: icalendar.Calendar.from_ical(data),
        "stievents read": lambda: stievents.read(data, "ics", limits=Limits(max_input_bytes=2**40)),
    }
    if with_reference:
        contenders["ics-reference"] = lambda: export_reference(events, now=NOW)
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, func in contenders.items():
            times[name].append(_seconds(func))
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, seconds in median.items():
        print(f"N={count:>6} {name:<18} {seconds:8.3f} s  {vevents / seconds:>10,.0f} VEVENT/s")
    fast = median["ics (fast)"]
    print(
        f"N={count:>6} export: {median['icalendar by hand'] / fast:.1f}x icalendar by hand,"
        f" {median['ics.py'] / fast:.1f}x ics.py"
        + (f", {median['ics-reference'] / fast:.1f}x the reference writer" if with_reference else "")
    )
    print(f"N={count:>6} import: {median['stievents read'] / median['icalendar parse']:.2f}x icalendar's parse time")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [1000]
    for size in sizes:
        measure(size, rounds=5 if size <= 1000 else 3, with_reference=size <= 1000)

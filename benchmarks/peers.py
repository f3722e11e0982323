"""What a user would write instead of stievents: peer models, exporters built by hand, a jinja2 listing.

Fair both ways: the peer models validate what ours validates where their library allows it
(aware datetimes, IANA zone names, end after start, sessions inside the event, known
question ids, id/URL/country/language patterns), and each peer takes its own fastest
documented path (a TypeAdapter over a list, ``msgspec.json.decode(type=list[...])``,
``gc=False`` Structs, orjson for plain dicts). Nothing here is slowed down on purpose.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from typing import Any

__all__ = [
    "icalendar_by_hand",
    "ics_py",
    "jinja_listing",
    "jsonld_dicts",
    "msgspec_models",
    "pydantic_models",
]


def pydantic_models() -> Any:
    """The pydantic v2 Event model and a TypeAdapter over ``list[Event]`` (its fastest batch path)."""
    from benchmarks import peer_pydantic

    return peer_pydantic.Event, peer_pydantic.ADAPTER


def msgspec_models() -> Any:
    """The msgspec Event Struct, a ``list[Event]`` decoder and an encoder."""
    from benchmarks import peer_msgspec

    return peer_msgspec.Event, peer_msgspec.DECODER, peer_msgspec.ENCODER


# ------------------------------------------------------------------ iCalendar


def _description(facts: dict[str, Any]) -> str:
    questions = "\n".join(f"- {q['text']}" for q in facts["policy_questions"])
    return f"{facts['subtitle']}\n\n{facts['description']}\n\nPolicy questions:\n{questions}"


def _location(facts: dict[str, Any], room: str | None = None) -> str:
    venue = facts["venue"]
    parts = [room, venue["name"], venue["locality"], venue["country"]]
    return ", ".join(p for p in parts if p)


def icalendar_by_hand(events: list[dict[str, Any]], stamp: dt.datetime) -> bytes:
    """The calendar built with icalendar: add, add_missing_timezones, to_ical (7 VEVENTs per event)."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    cal = Calendar()
    cal.add("prodid", "-//peer//icalendar by hand//EN")
    cal.add("version", "2.0")
    for facts in events:
        uid = f"{facts['id']}@events.example.org"
        main = VEvent()
        main.add("uid", uid)
        main.add("dtstamp", stamp)
        main.add("dtstart", facts["start"])
        main.add("dtend", facts["end"])
        main.add("summary", facts["title"])
        main.add("description", _description(facts))
        main.add("location", _location(facts))
        main.add("categories", [facts["event_type"], *facts["topics"]])
        main.add("status", "CONFIRMED")
        main.add("url", facts["url"])
        cal.add_component(main)
        for session in facts["sessions"]:
            sub = VEvent()
            sub.add("uid", f"{facts['id']}-{session['id']}@events.example.org")
            sub.add("dtstamp", stamp)
            sub.add("dtstart", session["start"])
            sub.add("dtend", session["end"])
            sub.add("summary", session["title"])
            sub.add("description", session["description"])
            sub.add("location", _location(facts, session["room"]))
            sub.add("related-to", uid, parameters={"RELTYPE": "PARENT"})
            sub.add("status", "CONFIRMED")
            cal.add_component(sub)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def ics_py(events: list[dict[str, Any]], stamp: dt.datetime) -> bytes:
    """The same calendar with ics.py (its output is not RFC-valid: no folding, no DTSTAMP, zones lost)."""
    from ics import Calendar  # type: ignore[import-untyped]
    from ics import Event as IcsEvent

    cal = Calendar(creator="-//peer//ics.py//EN")
    for facts in events:
        uid = f"{facts['id']}@events.example.org"
        cal.events.add(
            IcsEvent(
                name=facts["title"],
                begin=facts["start"],
                end=facts["end"],
                uid=uid,
                description=_description(facts),
                location=_location(facts),
                url=facts["url"],
                categories=[facts["event_type"], *facts["topics"]],
                status="CONFIRMED",
            )
        )
        for session in facts["sessions"]:
            cal.events.add(
                IcsEvent(
                    name=session["title"],
                    begin=session["start"],
                    end=session["end"],
                    uid=f"{facts['id']}-{session['id']}@events.example.org",
                    description=session["description"],
                    location=_location(facts, session["room"]),
                    status="CONFIRMED",
                )
            )
    text: str = cal.serialize()
    return text.encode("utf-8")


# ------------------------------------------------------------------ JSON-LD


def jsonld_dicts(events: list[dict[str, Any]]) -> dict[str, Any]:
    """schema.org Events as hand-built dicts (an @graph, as ours writes for many events)."""
    graph = []
    for facts in events:
        venue = facts["venue"]
        location: list[dict[str, Any]] = [
            {
                "@type": "Place",
                "name": venue["name"],
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": venue["locality"],
                    "addressCountry": venue["country"],
                },
            }
        ]
        if facts.get("virtual_location"):
            location.append({"@type": "VirtualLocation", "name": facts["virtual_location"]["platform"]})
        mode = "Mixed" if facts["attendance_mode"] == "mixed" else "Offline"
        graph.append(
            {
                "@type": "Event",
                "@id": f"{facts['url']}#event",
                "identifier": facts["id"],
                "name": facts["title"],
                "disambiguatingDescription": facts["subtitle"],
                "description": facts["description"],
                "inLanguage": facts["text_language"],
                "startDate": facts["start"].isoformat(),
                "endDate": facts["end"].isoformat(),
                "eventStatus": "https://schema.org/EventScheduled",
                "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
                "location": location,
                "organizer": [
                    {
                        "@type": "Organization",
                        "name": o["name"],
                        "alternateName": o["acronym"],
                        "url": o["url"],
                        "address": {"@type": "PostalAddress", "addressCountry": o["country"]},
                    }
                    for o in facts["organisers"]
                ],
                "subEvent": [
                    {
                        "@type": "Event",
                        "@id": f"{facts['url']}#session-{s['id']}",
                        "name": s["title"],
                        "description": s["description"],
                        "startDate": s["start"].isoformat(),
                        "endDate": s["end"].isoformat(),
                        "location": {"@type": "Place", "name": s["room"]},
                    }
                    for s in facts["sessions"]
                ],
                "about": [{"@type": "Question", "name": q["text"]} for q in facts["policy_questions"]],
                "keywords": ", ".join(facts["topics"]),
                "url": facts["url"],
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}


# ------------------------------------------------------------------ OECD listing


LISTING_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<main id="content">
<h1>{{ title }}</h1>
{% for heading, groups in sections %}<section>
<h2>{{ heading }}</h2>
{% for group, items in groups %}<h3>{{ group }}</h3>
<ul>
{% for e in items %}<li><a href="{{ e.url }}">{{ e.title }}</a> — \
<time datetime="{{ e.day }}">{{ e.when }}</time> — {{ e.place }}</li>
{% endfor %}</ul>
{% endfor %}</section>
{% endfor %}</main>
</body>
</html>
"""


@functools.cache
def _listing_template() -> Any:
    import jinja2

    env = jinja2.Environment(autoescape=True, trim_blocks=False)
    return env.from_string(LISTING_TEMPLATE)


def _when(start: dt.datetime, end: dt.datetime) -> str:
    if (start.year, start.month) == (end.year, end.month):
        days = f"{start.day}-{end.day}" if start.day != end.day else f"{start.day}"
        return f"{days} {start:%B %Y}"
    return f"{start.day} {start:%B} - {end.day} {end:%B %Y}"


def jinja_listing(events: list[dict[str, Any]], now: dt.datetime, countries: dict[str, str]) -> bytes:
    """The OECD-style listing (upcoming and past by month, by type, by topic) with a jinja2 template."""
    items = []
    for facts in sorted(events, key=lambda f: f["start"]):
        start, end = facts["start"], facts["end"]
        venue = facts["venue"]
        items.append(
            {
                "url": facts["url"],
                "title": facts["title"],
                "day": start.date().isoformat(),
                "when": _when(start, end),
                "place": f"{venue['locality']}, {countries[venue['country']]}",
                "month": f"{start:%B %Y}",
                "upcoming": end >= now,
                "type": facts["event_type"].replace("-", " ").capitalize(),
                "topics": facts["topics"],
            }
        )
    upcoming: dict[str, list[dict[str, Any]]] = defaultdict(list)
    past: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_topic: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        (upcoming if item["upcoming"] else past)[item["month"]].append(item)
        by_type[item["type"]].append(item)
        for topic in item["topics"]:
            by_topic[topic].append(item)
    sections = [
        ("Upcoming events", list(upcoming.items())),
        ("Past events", list(reversed(past.items()))),
        ("By event type", sorted(by_type.items())),
        ("By topic", sorted(by_topic.items())),
    ]
    text: str = _listing_template().render(title="Events", sections=sections)
    return text.encode("utf-8")

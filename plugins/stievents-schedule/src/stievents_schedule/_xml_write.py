"""The frab/Pentabarf ``schedule.xml``, written element by element as the plan is walked (no tree is built).

Escaping is :mod:`xml.sax.saxutils`'s, plus CR as ``&#13;`` in text (a parser
turns a raw CR into LF) and the noncharacters U+FFFE and U+FFFF as U+FFFD (XML
1.0 cannot hold them, not even as a character reference). Attribute values are
quoted by ``quoteattr``, which writes TAB, LF and CR as references so that a
parser's attribute normalisation does not turn them into spaces.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import IO
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from stievents.model import Event
from stievents.plugin_types import ExportContext
from stievents_schedule import _plan

_NONCHARACTERS = re.compile("[\ufffe\uffff]")
_STRAY_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")
_URI_SAFE = ":/?#[]@!$&'()*+,;=-._~%"  # RFC 3986 reserved and unreserved characters, and escapes
_Out = Callable[[str], None]


def text(value: str) -> str:
    """``value`` as XML character data."""
    return escape(_NONCHARACTERS.sub("\ufffd", value), {"\r": "&#13;"})


def attr(value: str) -> str:
    """``value`` as a quoted XML attribute value."""
    return quoteattr(_NONCHARACTERS.sub("\ufffd", value))


def uri(value: str) -> str:
    """A URL as an ``xs:anyURI`` element, repaired where RFC 3986 refuses it (the schema's types do).

    A ``%`` that starts no escape is written ``%25``; a ``#`` after the one that starts the fragment
    ``%23``; other characters outside RFC 3986 (non-ASCII included) are percent-encoded as UTF-8.
    """
    head, hash_mark, fragment = _STRAY_PERCENT.sub("%25", value).partition("#")
    return text(quote(head, safe=_URI_SAFE) + hash_mark + quote(fragment, safe=_URI_SAFE.replace("#", "")))


def when(value: dt.date) -> str:
    return value.isoformat()


def write_xml(events: Sequence[Event], stream: IO[bytes], context: ExportContext) -> None:
    """Write ``events`` as one ``schedule.xml`` conference (an empty schedule for no events)."""

    def out(line: str) -> None:
        stream.write(line.encode("utf-8"))

    out('<?xml version="1.0" encoding="utf-8"?>\n<schedule>\n  <generator name="stievents"/>\n')
    if not events:  # the XML Schema wants a day: today's, empty
        today = context.now_or_current().astimezone(dt.UTC).date()
        start = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
        out("  <version>0</version>\n  <conference>\n    <title>Empty schedule</title>\n  </conference>\n")
        out(
            f'  <day index="1" date="{today}" start="{start.isoformat()}"'
            f' end="{(start + dt.timedelta(days=1)).isoformat()}"/>\n'
        )
        out("</schedule>\n")
        return
    plan = _plan.plan(events, context)
    out(f"  <version>{text(plan.version)}</version>\n  <conference>\n")
    out(f"    <acronym>{text(plan.acronym)}</acronym>\n    <title>{text(plan.title)}</title>\n")
    out(f"    <start>{when(plan.start)}</start>\n    <end>{when(plan.end)}</end>\n")
    out(f"    <days>{len(plan.days)}</days>\n    <timeslot_duration>{plan.timeslot}</timeslot_duration>\n")
    if context.base_url is not None and context.base_url.startswith(("http://", "https://")):
        out(f"    <base_url>{uri(context.base_url)}</base_url>\n")
    if plan.logo is not None:
        out(f"    <logo>{uri(plan.logo)}</logo>\n")
    if plan.url is not None:
        out(f"    <url>{uri(plan.url)}</url>\n")
    out(f"    <time_zone_name>{text(plan.zone)}</time_zone_name>\n  </conference>\n")
    for day in plan.days:
        out(
            f'  <day index="{day.index}" date="{day.date.isoformat()}"'
            f' start="{day.start.isoformat()}" end="{day.end.isoformat()}">\n'
        )
        for room, entries in day.rooms.items():
            if not entries:
                out(f"    <room name={attr(room)}/>\n")
                continue
            out(f"    <room name={attr(room)}>\n")
            for entry in entries:
                _entry(entry, out)
            out("    </room>\n")
        out("  </day>\n")
    out("</schedule>\n")


def _entry(entry: _plan.Entry, out: _Out) -> None:
    out(f'      <event guid="{entry.guid}" id="{entry.number}">\n')
    out(f"        <room>{text(entry.room)}</room>\n        <title>{text(entry.title)}</title>\n")
    if entry.subtitle is not None:
        out(f"        <subtitle>{text(entry.subtitle)}</subtitle>\n")
    out(f"        <type>{text(entry.kind)}</type>\n        <date>{entry.start.isoformat()}</date>\n")
    out(f"        <start>{entry.start:%H:%M}</start>\n        <duration>{entry.duration}</duration>\n")
    out(f"        <abstract>{text(entry.abstract or '')}</abstract>\n")
    out(f"        <slug>{entry.slug}</slug>\n        <track></track>\n")
    if entry.language is not None:
        out(f"        <language>{text(entry.language)}</language>\n")
    persons = list(entry.persons())
    if persons:
        out("        <persons>\n")
        for person, _role in persons:  # the XML Schema has no place for a role
            out(f"          <person>{text(person.name)}</person>\n")
        out("        </persons>\n")
    links = list(entry.links())
    if links:
        out("        <links>\n")
        for href, title in links:
            out(f"          <link href={attr(href)}>{text(title)}</link>\n")
        out("        </links>\n")
    if entry.event.url is not None:
        out(f"        <url>{uri(entry.event.url)}</url>\n")
    out("      </event>\n")

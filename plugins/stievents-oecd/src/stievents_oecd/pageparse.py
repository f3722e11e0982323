"""One page's lines -> one event and the problems found on the way.

Rules (documented in docs/formats/oecd.md): the first line is the title; known
banner, kicker and status lines are recognised in English or French; the
first other header line is the subtitle, once the date and place summaries
(recomputed from the rows) are set aside; the presentation's paragraphs are
the description, the bulleted list after the key-questions line the
questions; labelled rows give times, venue, country and event info.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import attrs

from stievents.errors import Problem, Severity, ValidationError
from stievents.model import (
    AttendanceMode,
    AttendancePolicy,
    Event,
    EventStatus,
    LanguageRole,
    LanguageUse,
    Organiser,
    PolicyQuestion,
    Registration,
    StatusChange,
    Translation,
    Venue,
    VirtualLocation,
    Visibility,
)
from stievents_oecd import moments, timefmt, vocabulary
from stievents_oecd.countries import country_code, country_name
from stievents_oecd.i18n import LANGUAGES

__all__ = ["parse_page"]

_BULLET_RE = re.compile(r"^(?:[•·*▪◦‣–]|-)\s+(?P<text>.*)$")
_HEADING_MARK_RE = re.compile(r"^#{1,6}\s+")
_LINK_RE = re.compile(r"^(?P<text>.*?)\s*<(?P<url>https?://[^<>\s]+)>$")
_ACRONYM_RE = re.compile(r"^(?P<name>.*\S)\s+\((?P<acronym>[^()\s]{1,15})\)$")
_DATEISH_RE = re.compile(r"^\d{1,2}\b.*\b\d{4}$")


@attrs.define
class _Line:
    text: str
    bullet: bool


def _lines(chunk: str) -> list[_Line | None]:
    """Each line stripped and normalised; ``None`` for a blank line."""
    result: list[_Line | None] = []
    for raw in chunk.split("\n"):
        text = " ".join(raw.replace("\u202f", " ").replace("\u00a0", " ").split())
        text = unicodedata.normalize("NFC", text)
        if not text:
            result.append(None)
            continue
        if vocabulary.is_navigation(vocabulary.key(text)):
            continue
        match = _BULLET_RE.match(text)
        result.append(_Line(match["text"], True) if match else _Line(text, False))
    return result


def _sections(lines: list[_Line | None]) -> dict[str, list[_Line | None]]:
    """Lines by section; the texts in other languages end the page (their lines are never headings)."""
    headings = vocabulary.headings()
    sections: dict[str, list[_Line | None]] = {"header": []}
    current = "header"
    for line in lines:
        if line is not None and not line.bullet and current != "versions":
            name = headings.get(vocabulary.key(_HEADING_MARK_RE.sub("", line.text)))
            if name == "versions" and "when" not in sections:
                name = None  # our pages put them after "When and Where": earlier, it is the event's own text
            if name is not None and name not in sections:
                current = name
                sections[current] = []
                continue
        sections[current].append(line)
    return sections


def _rows(lines: list[_Line | None]) -> list[tuple[str, list[str]]]:
    """Labelled rows: a known label, then its value lines until the next label."""
    fields = vocabulary.fields()
    rows: list[tuple[str, list[str]]] = []
    for line in lines:
        if line is None:
            continue
        text = re.sub(r"^\*\*(.+?)\*\*\s*", r"\1 ", line.text).strip()
        label = fields.get(vocabulary.key(text))
        if label is not None:
            rows.append((label, []))
            continue
        for candidate, msgid in fields.items():
            if vocabulary.key(text).startswith(candidate + ":") or vocabulary.key(text).startswith(candidate + " :"):
                rows.append((msgid, [text.split(":", 1)[1].strip()]))
                break
        else:
            if rows:
                rows[-1][1].append(line.text)
    return rows


def _paragraphs(lines: list[_Line | None]) -> list[list[_Line]]:
    groups: list[list[_Line]] = [[]]
    for line in lines:
        if line is None:
            groups.append([])
        else:
            groups[-1].append(line)
    return [g for g in groups if g]


class _Builder:
    """Collects facts and problems for one event."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.facts: dict[str, Any] = {}
        self.problems: list[Problem] = []
        self.venue: dict[str, Any] = {}
        self.venue_zone: str | None = None
        self.online = False

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem(path=f"{self.path}.{where}", message=message, severity=Severity.WARNING))

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem(path=f"{self.path}.{where}", message=message))

    def moment_problems(self, found: list[Problem]) -> None:
        self.problems.extend(found)


def _read_rows(rows: list[tuple[str, list[str]]], b: _Builder) -> None:
    last_time: str | None = None
    for msgid, values in rows:
        value = " ".join(values).strip()
        if not value:
            continue  # a label the page leaves empty: the fact stays empty
        if msgid in ("Start Time:", "End Time:"):
            which = "start" if msgid == "Start Time:" else "end"
            moment, found = moments.parse_moment(value, f"{b.path}.{which}")
            b.moment_problems(found)
            if moment is not None:
                b.facts[which] = moment
            last_time = which
        elif msgid in ("Start Date:", "End Date:"):
            which = "start" if msgid == "Start Date:" else "end"
            day, found = moments.parse_day(value, f"{b.path}.{which}")
            b.moment_problems(found)
            if day is not None:
                b.facts[which] = day
        elif msgid == "Local time at the venue:":
            there, found = moments.parse_moment(value, f"{b.path}.venue.timezone")
            b.moment_problems(found)
            if there is not None and b.venue_zone is None:
                b.venue_zone = getattr(there.tzinfo, "key", None)
                here = b.facts.get(last_time or "start")
                if isinstance(here, dt.datetime) and here != there:
                    b.warn(
                        "venue.timezone",
                        f"local time at the venue {value!r} is not the same instant as the {last_time}",
                    )
        elif msgid == "Location:":
            _read_location(value, b)
        elif msgid == "Country:":
            code = country_code(value)
            if code is None:
                b.warn("venue.country", f"unknown country name {value!r}; left empty")
            else:
                b.venue["country"] = code
        elif msgid == "Online access:":
            url = _url(value)
            if url:
                b.facts["virtual_location"] = VirtualLocation(url=url, join_url_public=True)
        elif msgid == "Registration:":
            url = _url(value)
            if url:
                b.facts["registration"] = Registration(url=url)
        elif msgid == "Themes:":
            pass  # the labels of the classifications, for readers: their schemes and codes are not on the page
        elif msgid == "Event page:":
            url = _url(value)
            if url:
                b.facts["url"] = url
        elif msgid == "Event Type:":
            kind = vocabulary.types().get(vocabulary.key(value))
            if kind is None:
                b.warn("event_type", f"unknown event type {value!r}; left empty")
            else:
                if b.facts.get("event_type") not in (None, kind):
                    b.warn("event_type", f"the event type row says {value!r}, the header another type; the row wins")
                b.facts["event_type"] = kind
        elif msgid == "Language:":
            _read_languages(value, b)
        elif msgid == "Event Visibility & Attendance Policy:":
            for part in re.split(r"\s*[·;|]\s*", value):
                found_value = vocabulary.policies().get(vocabulary.key(part))
                if isinstance(found_value, Visibility):
                    b.facts["visibility"] = found_value
                elif isinstance(found_value, AttendancePolicy):
                    b.facts["attendance_policy"] = found_value
                elif part:
                    b.warn("attendance_policy", f"unknown visibility or attendance policy {part!r}")


def _url(value: str) -> str | None:
    match = _LINK_RE.match(value)
    text = match["url"] if match else value.strip()
    return text if re.fullmatch(r"https?://[^\s<>\"']+", text) else None


def _read_location(value: str, b: _Builder) -> None:
    if vocabulary.key(value) in {vocabulary.key(t) for t in ("Online", "En ligne")}:
        b.online = True
        return
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if not parts:
        return
    last = parts[-1]
    earlier = [p for p in parts[:-1] if p.casefold() != last.casefold()]  # "Moscow, HSE, Moscow": read once
    b.venue["locality"] = last
    if earlier:
        b.venue["name"] = earlier[0]
    if len(earlier) > 1:
        b.venue["street"] = ", ".join(earlier[1:])


def _read_languages(value: str, b: _Builder) -> None:
    uses = []
    for part in (p.strip() for p in value.split(",")):
        match = re.fullmatch(r"(?P<name>[^()]+?)\s*(?:\((?P<role>[^()]+)\))?", part)
        if match is None:
            b.warn("languages", f"cannot read language {part!r}")
            continue
        code = vocabulary.language_codes().get(vocabulary.key(match["name"]))
        role = vocabulary.roles().get(vocabulary.key(match["role"])) if match["role"] else LanguageRole.SPOKEN
        if code is None or role is None:
            b.warn("languages", f"unknown language {part!r}")
            continue
        uses.append(LanguageUse(tag=code, role=role))
    if uses:
        b.facts["languages"] = tuple(uses)


def _read_presentation(lines: list[_Line | None], b: _Builder) -> None:
    leads = vocabulary.questions_leads()
    paragraphs: list[str] = []
    questions: list[str] = []
    in_questions = False
    for group in _paragraphs(lines):
        text_lines = []
        for line in group:
            if line.bullet and in_questions:
                questions.append(line.text)
            elif line.bullet:
                text_lines.append("• " + line.text)
            elif vocabulary.key(line.text) in leads or (
                not questions and line.text.endswith(":") and "question" in line.text.casefold()
            ):
                in_questions = True
            else:
                in_questions = False if questions else in_questions
                text_lines.append(line.text)
        if text_lines:
            paragraphs.append("\n".join(text_lines))
    if paragraphs:
        b.facts["description"] = "\n\n".join(paragraphs)
    if questions:
        b.facts["policy_questions"] = tuple(PolicyQuestion(text=q) for q in questions)


_VERSION_RE = re.compile(r"^(?:.*\S )?\((?P<tag>[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)\)$")


def _read_versions(lines: list[_Line | None], b: _Builder) -> None:
    """Translations from "In other languages": ``French (fr)`` (a bullet, or a line of its own), then its paragraphs.

    A subtitle is read as the description's first paragraph: the page shows
    them alike. A version without a tag (the original text of an event with no
    ``text_language``) is not a translation and is left out.
    """
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for group in _paragraphs(lines):
        texts = []
        for line in group:
            alone = line.bullet or len(group) == 1  # a bullet in text, a heading of its own in HTML
            match = _VERSION_RE.match(line.text) if alone else None
            if match is not None:
                current = None if match["tag"] in found else found.setdefault(match["tag"], [])
            else:
                texts.append(("• " if line.bullet else "") + line.text)
        if texts and current is not None:
            current.append("\n".join(texts))
    result = []
    for tag, texts in found.items():
        if not texts or tag == b.facts.get("text_language"):
            continue
        try:
            result.append(Translation(language=tag, title=texts[0], description="\n\n".join(texts[1:]) or None))
        except ValidationError as exc:
            b.problems.extend(p.under(f"{b.path}.translations") for p in exc.problems)
    if result:
        b.facts["translations"] = tuple(result)


def _read_organisers(lines: list[_Line | None], b: _Builder) -> None:
    organisers = []
    for line in lines:
        if line is None:
            continue
        text, url = line.text, None
        link = _LINK_RE.match(text)
        if link:
            text, url = link["text"], link["url"]
        match = _ACRONYM_RE.match(text)
        name, acronym = (match["name"], match["acronym"]) if match else (text, None)
        organisers.append(Organiser(name=name, acronym=acronym, url=_url(url) if url else None))
    if organisers:
        b.facts["organisers"] = tuple(organisers)


def _read_header(lines: list[_Line | None], b: _Builder) -> list[str]:
    """Title, kicker and status; returns the lines still to place (subtitle, summaries)."""
    texts = [line.text for line in lines if line is not None]
    if not texts:
        b.error("title", "the page has no title")
        return []
    b.facts["title"] = texts[0]
    rest: list[str] = []
    for text in texts[1:]:
        k = vocabulary.key(text)
        if k in vocabulary.banner_words():
            continue
        if text.rstrip().endswith(":") and k in vocabulary.kickers():
            scope, kind = vocabulary.kickers()[k]
            b.facts["scope"], b.facts["event_type"] = scope, kind
            continue
        for pattern, status in vocabulary.status_patterns():
            match = pattern.match(text)
            if match:
                reason = (match["reason"] or "").strip() or None
                b.facts["status"] = status
                b.facts["status_history"] = (StatusChange(status=status, reason=reason),)
                if status is EventStatus.MOVED_ONLINE:
                    b.online = True
                break
        else:
            rest.append(text)
    return rest


def _expected_summaries(b: _Builder) -> tuple[set[str], set[str]]:
    """The date-span and place lines a page would print for the facts read from its rows."""
    start, end = b.facts.get("start"), b.facts.get("end")
    dates: set[str] = set()
    if start is not None and end is not None:
        dates = {timefmt.date_summary(start, end, language) for language in LANGUAGES}
    places: set[str] = set()
    where = b.venue.get("locality") or b.venue.get("name")
    country = b.venue.get("country")
    for language in LANGUAGES:
        place = ", ".join(p for p in (where, country_name(country, language) if country else None) if p)
        places.add(place or {"en": "Online", "fr": "En ligne"}[language])
    return dates, places


def _place_subtitle(rest: list[str], b: _Builder) -> None:
    """Subtitle = the header line before the date span (or the first unexplained one); summaries set aside."""
    dates, places = _expected_summaries(b)
    at = next((i for i, t in enumerate(rest) if t in dates), None)
    if at is None:
        at = next((i for i, t in enumerate(rest) if _DATEISH_RE.match(t)), None)
    if at is not None:
        before, after = rest[:at], rest[at + 1 :]
        if after and after[0] in places:
            after = after[1:]
    else:
        before, after = [t for t in rest if t not in places], []
    if before:
        b.facts["subtitle"] = before.pop(0)
    for text in before + after:
        b.warn("subtitle", f"header line not understood and left out: {text!r}")


def _slug(title: str, index: int) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80].strip("-")
    return slug or f"event-{index + 1}"


def _finish(b: _Builder, index: int) -> Event | None:
    if b.venue or b.venue_zone:
        if b.venue_zone:
            b.venue["timezone"] = b.venue_zone
        if not any(b.venue.get(k) for k in ("name", "locality", "street")):
            b.warn("venue", "the page gives a country or zone but no place; venue left empty")
        else:
            b.facts["venue"] = Venue(**b.venue)
    if b.online:
        b.facts["attendance_mode"] = AttendanceMode.ONLINE
    elif "venue" in b.facts and "virtual_location" in b.facts:
        b.facts["attendance_mode"] = AttendanceMode.MIXED
    for which in ("start", "end"):
        if which not in b.facts:
            b.error(which, f"the page gives no {which} (no 'Start Time'/'End Time' row that could be read)")
    if "title" not in b.facts or "start" not in b.facts or "end" not in b.facts:
        return None
    try:
        return Event(id=_slug(b.facts["title"], index), **b.facts)
    except ValidationError as exc:
        b.problems.extend(p.under(b.path) for p in exc.problems)
        return None


def parse_page(
    chunk: str, path: str, index: int, anchors: dict[str, list[str | None]] | None = None
) -> tuple[Event | None, list[Problem]]:
    """The event one page describes, and every problem met reading it.

    ``anchors``: the ids an HTML page gave its sessions and questions, in order
    (see :func:`stievents_oecd.htmltext.html_to_text`).
    """
    from stievents_oecd.programme_read import read_programme

    b = _Builder(path)
    sections = _sections(_lines(chunk))
    try:
        rest = _read_header(sections.get("header", []), b)
        _read_presentation(sections.get("presentation", []), b)
        _read_organisers([line for line in sections.get("organisers", []) if line is not None], b)
        rows = _rows(sections.get("when", [])) + _rows(sections.get("info", []))
        _read_rows(rows, b)
        read_programme(sections.get("programme", []), b, anchors)  # also the questions' ids an HTML page gives
        _read_versions(sections.get("versions", []), b)
        _place_subtitle(rest, b)
        return _finish(b, index), b.problems
    except ValidationError as exc:  # a part the model refuses (e.g. a malformed URL): report, keep going
        b.problems.extend(p.under(path) for p in exc.problems)
        return None, b.problems

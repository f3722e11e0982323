"""Reading the programme section our pages write back into sessions (see :mod:`stievents_oecd.programme`).

The section's lines, in English or French: the zone note ("Times are in the
Europe/Paris time zone."), day headings ("Tuesday 10 June 2031", recognised by
rendering the day they name again), "Other sessions", then one bullet per
session: ``9:00 AM – 9:30 AM CEST · Title`` (or the title alone), followed by
labelled lines (Format, Local time, Room, Chair, Moderator, Speaker, Policy
question) and the session's paragraphs. Times are read in the zone of the
note (else the event's) on the day of the heading (else the event's first
day); the abbreviation picks the reading of a repeated hour, as for the
page's rows. A "Local time" line gives the session's own zone back.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from stievents.errors import ValidationError
from stievents.model import Person, PolicyQuestion, Session, SessionKind
from stievents_oecd import moments
from stievents_oecd.i18n import LANGUAGES, labels, normalise
from stievents_oecd.programme import KIND_LABELS, PEOPLE_LABELS, day_heading

if TYPE_CHECKING:
    from stievents_oecd.pageparse import _Builder, _Line

__all__ = ["read_programme"]

_TIME = r"\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?"
_ABBR = r"[A-Za-z]{1,6}|[+-]\d{2}(?::?\d{2})?"
_HEAD_RE = re.compile(
    rf"^(?P<s>{_TIME})(?:\s+(?P<sa>{_ABBR}))?"
    rf"(?:\s+\u2013\s+(?:(?P<eday>.+?)\s+)?(?P<e>{_TIME}))?\s+(?P<a>{_ABBR})\s+·\s+(?P<title>.+)$"
)
_CLOCK_RE = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?:\s?(?P<ampm>[AaPp])\.?[Mm]\.?)?$")
_ZONE_TAIL_RE = re.compile(r"\((?P<zone>[A-Za-z0-9_+\-/]{1,64})\)\s*$")


def _every(msgid: str, context: str | None = None) -> dict[str, str]:
    """A label in every language, normalised and without its colon -> the language."""
    return {normalise(labels(language).get(msgid, context)).rstrip(":").rstrip(): language for language in LANGUAGES}


@functools.cache
def _line_labels() -> list[tuple[str, str]]:
    """(normalised label without colon, what it introduces), longest first, for the session's labelled lines."""
    found: list[tuple[str, str]] = []
    for msgid, what in (
        ("Format:", "kind"),
        ("Local time:", "local"),
        ("Room:", "room"),
        ("Policy question:", "question"),
        *((label, attribute) for attribute, label in PEOPLE_LABELS),
    ):
        found += [(text, what) for text in _every(msgid)]
    return sorted(found, key=lambda pair: -len(pair[0]))


@functools.cache
def _kinds() -> dict[str, SessionKind]:
    return {text: kind for kind, msgid in KIND_LABELS.items() for text in _every(msgid, "session kind")}


@functools.cache
def _zone_notes() -> list[re.Pattern[str]]:
    result = []
    for language in LANGUAGES:
        before, _, after = normalise(labels(language).get("Times are in the {zone} time zone.")).partition("{zone}")
        result.append(re.compile(rf"^{re.escape(before)}(?P<zone>[a-z0-9_+\-/]{{1,64}}){re.escape(after)}$"))
    return result


def _split_label(text: str) -> tuple[str, str] | None:
    """``("speakers", "Ada, OECD")`` for ``Speaker: Ada, OECD``; ``None`` for a line without a session label."""
    folded = normalise(text)
    for label, what in _line_labels():
        if folded.startswith(label):
            rest = folded[len(label) :]
            match = re.match(r"^\s*:\s*", rest)
            if match:
                # the value keeps its case: cut the original text after as many characters as the label took
                consumed = len(label) + match.end()
                original = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
                return what, original[consumed:].strip()
    return None


def _day_of(text: str) -> dt.date | None:
    """The day a heading names, when rendering that day again gives the same heading (in either language)."""
    words = text.split(" ", 1)
    if len(words) != 2:
        return None
    day, _ = moments.parse_day(words[1], "")
    if day is None:
        return None
    return day if any(day_heading(day, language) == text for language in LANGUAGES) else None


def _clock(text: str) -> tuple[int, int] | None:
    match = _CLOCK_RE.match(text.strip())
    if match is None:
        return None
    hour, minute = int(match["h"]), int(match["m"])
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
    return (hour, minute) if hour < 24 and minute < 60 else None


def _slug(title: str, taken: set[str], number: int) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-") or f"session-{number}"
    found, count = base, 1
    while found in taken:
        count += 1
        found = f"{base}-{count}"
    taken.add(found)
    return found


class _Reader:
    """The sessions of one programme section, with the problems met."""

    def __init__(self, b: _Builder) -> None:
        self.b = b
        start = b.facts.get("start")
        self.zone: dt.tzinfo | None = start.tzinfo if isinstance(start, dt.datetime) else None
        self.first_day: dt.date | None = start.astimezone(self.zone).date() if isinstance(start, dt.datetime) else start
        self.day: dt.date | None = None
        self.headed = False
        self.sessions: list[dict[str, Any]] = []

    def path(self, index: int | None = None) -> str:
        return f"sessions[{len(self.sessions) - 1 if index is None else index}]"

    def moment(self, day: dt.date | None, clock_text: str, abbr: str, where: str) -> dt.datetime | None:
        clock = _clock(clock_text)
        zone = getattr(self.zone, "key", None) or ("UTC" if self.zone is not None else None)
        if clock is None or day is None or zone is None:
            self.b.warn(where, f"cannot read the session time {clock_text!r}; left out")
            return None
        text = f"{day.isoformat()} {clock[0]:02d}:{clock[1]:02d} {abbr} ({zone})"
        value, found = moments.parse_moment(text, f"{self.b.path}.{where}")
        self.b.problems.extend(found)
        return value

    def start_session(self, text: str) -> None:
        session: dict[str, Any] = {"title": text, "paragraphs": [[]], "people": {}, "questions": []}
        self.sessions.append(session)
        match = _HEAD_RE.match(text)
        if match is None:
            if self.headed and self.day is not None:
                session["start"] = self.day
            return
        session["title"] = match["title"]
        day = self.day if self.headed else self.first_day
        where = self.path() + ".start"
        start = self.moment(day, match["s"], match["sa"] or match["a"], where)
        if start is None:
            return
        session["start"] = start
        if match["e"]:
            end_day: dt.date | None = start.date()
            if match["eday"]:
                end_day, found = moments.parse_day(match["eday"], f"{self.b.path}.{self.path()}.end")
                self.b.problems.extend(found)
            session["end"] = self.moment(end_day, match["e"], match["a"], self.path() + ".end")

    def labelled(self, session: dict[str, Any], what: str, value: str) -> None:
        if what == "kind":
            kind = _kinds().get(normalise(value))
            if kind is None:
                self.b.warn(self.path() + ".kind", f"unknown session format {value!r}; left as other")
            else:
                session["kind"] = kind
        elif what == "room":
            session["room"] = value or None
        elif what == "local":
            match = _ZONE_TAIL_RE.search(value)
            try:
                session["zone"] = zoneinfo.ZoneInfo(match["zone"]) if match else None
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                self.b.warn(self.path() + ".start", f"unknown time zone in the local time {value!r}")
        elif what == "question":
            session["questions"].append(value)
        else:
            name, _, affiliation = value.partition(", ")
            session["people"].setdefault(what, []).append((name.strip(), affiliation.strip() or None))

    def read(self, lines: Sequence[_Line | None]) -> None:
        headings_other = _every("Other sessions")
        current: dict[str, Any] | None = None
        for line in lines:
            if line is None:
                if current is not None and current["paragraphs"][-1]:
                    current["paragraphs"].append([])
                continue
            if line.bullet:
                self.start_session(line.text)
                current = self.sessions[-1]
                continue
            folded = normalise(line.text)
            zone = next((m for m in (p.match(folded) for p in _zone_notes()) if m), None)
            if zone is not None and current is None:
                self.set_zone(line.text, zone["zone"])
                continue
            day = _day_of(line.text)
            if day is not None:
                self.day, self.headed, current = day, True, None
                continue
            if folded.rstrip(":").rstrip() in headings_other:
                self.day, self.headed, current = None, True, None
                continue
            if current is None:
                self.b.warn("sessions", f"programme line not understood and left out: {line.text!r}")
                continue
            split = None if any(current["paragraphs"][0]) else _split_label(line.text)
            if split is not None:
                self.labelled(current, *split)
            else:
                current["paragraphs"][-1].append(line.text)

    def set_zone(self, text: str, folded_zone: str) -> None:
        original = next((w for w in re.findall(r"[A-Za-z0-9_+\-/]+", text) if w.casefold() == folded_zone), None)
        try:
            self.zone = zoneinfo.ZoneInfo(original or folded_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.b.warn("sessions", f"unknown time zone in {text!r}; the event's zone is used")


def _question_ids(b: _Builder, anchors: dict[str, list[str | None]] | None) -> list[PolicyQuestion]:
    """The event's questions, with the ids an HTML page gave them (``id="question-…"``), if it gave one each."""
    questions: list[PolicyQuestion] = list(b.facts.get("policy_questions", ()))
    given = (anchors or {}).get("questions")
    if given is not None and len(given) == len(questions):
        questions = [
            q if qid is None else PolicyQuestion(id=qid, text=q.text) for q, qid in zip(questions, given, strict=True)
        ]
    return questions


def read_programme(
    lines: Sequence[_Line | None], b: _Builder, anchors: dict[str, list[str | None]] | None = None
) -> None:
    """Sessions (and the question ids they link to) from the programme section's lines, into ``b.facts``.

    ``anchors`` are the ``id`` attributes an HTML page gave its sessions and
    questions, in order (see :mod:`stievents_oecd.htmltext`); without them
    (text), a session's id is made from its title and a question's from its
    place ("q1"), only for the questions a session links to.
    """
    questions = _question_ids(b, anchors)
    reader = _Reader(b)
    reader.read(lines)
    if not reader.sessions:
        if questions:
            b.facts["policy_questions"] = tuple(questions)
        return
    by_text: dict[str, int] = {}
    for position, question in enumerate(questions):
        by_text.setdefault(normalise(question.text), position)
    taken_q = {q.id for q in questions if q.id}
    given = (anchors or {}).get("sessions")
    use_given = given is not None and len(given) == len(reader.sessions) and all(given)
    taken: set[str] = set()
    built = []
    for index, raw in enumerate(reader.sessions):
        links: list[str] = []
        for text in raw["questions"]:
            found = by_text.get(normalise(text))
            if found is None:
                b.warn(f"sessions[{index}].policy_question_ids", f"no key question reads {text!r}; link left out")
                continue
            question = questions[found]
            if question.id is None:
                qid, n = f"q{found + 1}", found + 1
                while qid in taken_q:
                    n += 1
                    qid = f"q{found + 1}-{n}"
                taken_q.add(qid)
                question = questions[found] = PolicyQuestion(id=qid, text=question.text)
            if question.id is not None and question.id not in links:
                links.append(question.id)
        session_id = given[index] if use_given and given is not None else None
        if session_id is None or session_id in taken:
            session_id = _slug(raw["title"], taken, index + 1)
        taken.add(session_id)
        built.append(_session(raw, session_id, tuple(links), b, index))
    if questions:
        b.facts["policy_questions"] = tuple(questions)
    sessions = tuple(s for s in built if s is not None)
    if sessions:
        b.facts["sessions"] = sessions


def _session(raw: dict[str, Any], session_id: str, links: tuple[str, ...], b: _Builder, index: int) -> Session | None:
    start, end = raw.get("start"), raw.get("end")
    own = raw.get("zone")
    if own is not None:
        start = start.astimezone(own) if isinstance(start, dt.datetime) else start
        end = end.astimezone(own) if isinstance(end, dt.datetime) else end
    paragraphs = ["\n".join(p) for p in raw["paragraphs"] if p]
    people: dict[str, tuple[Person, ...]] = {
        attribute: tuple(
            Person(name=name, affiliation=affiliation) for name, affiliation in raw["people"].get(attribute, ())
        )
        for attribute in ("chairs", "moderators", "speakers")
    }
    try:
        return Session(
            id=session_id,
            title=raw["title"],
            kind=raw.get("kind", SessionKind.OTHER),
            description="\n\n".join(paragraphs) or None,
            start=start,
            end=end,
            room=raw.get("room"),
            policy_question_ids=links,
            chairs=people["chairs"],
            moderators=people["moderators"],
            speakers=people["speakers"],
        )
    except ValidationError as exc:
        b.problems.extend(p.under(f"{b.path}.sessions[{index}]") for p in exc.problems)
        return None

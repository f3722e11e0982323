"""Real event pages (oecd.org, community.oecd.org, innovationpolicyplatform.org) -> events.

Those pages have no "Start Time" rows: they state the event in a few lines
near the top and the programme below. The rules (docs/formats/oecd.md,
"Reading real pages"):

1. Site chrome is dropped first: share and print buttons, "Version 80",
   image file names, navigation and breadcrumb lines, cookie banners,
   "Posted by ..." and "Last updated ..." lines.
2. A **date line** is a line that starts with a day or span of days with a
   year ("7-8 November 2017, Lisbon", "Date: 15 September 2020"); what follows
   it is the place. A **dated title** ends with one ("OECD-TIP Workshop - 17 and
   24 June 2020", "Workshop on co-creation (Moscow, 5-6 March 2020)"). A date
   that the words around it make a deadline ("register by ...") or a publication
   date ("version: ...", "updated on ...") is never the event's date, nor is a
   line in brackets ("(Project steering group on 6 November 2017)").
3. Each date line or dated title outside the days of the events already found
   starts an event; a date line's title is the line just above it. A page
   without any takes its days from its day headings ("Wednesday 10 October 2018").
4. The place follows the date on its line, else on the next line, else in a
   "Location:"/"Venue:"/"Lieu :" line; a segment naming a known city gives
   locality, country and the venue's zone (:mod:`stievents_oecd.gazetteer`).
5. Under day headings ("Monday 19 September", "Mardi 4 avril 2023"), agenda
   lines ("9h00-9h30: Welcome", "08:15-09:00" with its title on the next line)
   become sessions, in the venue's zone; without a zone, only their day is kept.

Events are all-day (a date without a time). Every inference is a warning
naming the text it came from.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

import attrs

from stievents.errors import Problem, Severity, ValidationError
from stievents.model import AttendanceMode, Event, Session, SessionKind, Venue
from stievents_oecd import prose, vocabulary
from stievents_oecd.countries import country_code
from stievents_oecd.pageparse import _slug

__all__ = ["is_own_layout", "read_page"]

_BULLET_RE = re.compile(r"^(?:[•·*▪◦‣–]|-)\s+")
_CHROME_WORDS = {
    "share", "partager", "print", "imprimer", "tweet", "email", "e-mail", "skip navigation", "skip to main content",
    "skip to content", "aller au contenu", "aller au contenu principal", "menu", "main menu", "search", "rechercher",
    "recherche", "home", "accueil", "sign in", "log in", "login", "se connecter", "english", "français", "francais",
    "back", "retour", "top", "back to top", "haut de page", "read more", "lire la suite", "more", "close", "fermer",
    "accept", "accepter", "accept all", "tout accepter", "decline", "refuser", "reject all", "tout refuser",
    "cookie settings", "paramètres des cookies", "next", "previous", "suivant", "précédent", "you are here",
    "vous êtes ici", "follow us", "suivez-nous", "subscribe", "s'abonner", "newsletter", "contact us",
    "contactez-nous", "shortcut url", "pdf", "download", "télécharger", "bookmark", "like", "follow", "comments",
    "commentaires", "actions", "show more", "afficher plus", "see also", "voir aussi", "related content",
    "contenu associé", "sitemap", "plan du site", "terms and conditions", "privacy policy",
    "politique de confidentialité",
}  # fmt: skip
_CHROME_RE = re.compile(
    r"^(?:version\s+\d+|v\d+(?:\.\d+)*|\S+\.(?:png|jpe?g|gif|svg|webp)|page\s+\d+(?:\s+of\s+\d+)?|©.*|\W*|"
    r"posted\s+by\b.*|publié\s+par\b.*|(?:last\s+)?(?:updated|modified)\b.*|dernière\s+mise\s+à\s+jour\b.*|"
    r"created\s+by\b.*|created\s+on\b.*|(?:\w+\s*[>›»/|]\s*){2,}\w.*|all rights reserved.*|tous droits réservés.*)$",
    re.IGNORECASE,
)
_COOKIE_RE = re.compile(r"\bcookies?\b.*\b(?:use|uses|using|accept|consent|policy|utilis\w*|accept\w*|politique)\b")
_LABEL_RE = re.compile(
    r"^(?:event\s+)?(?:dates?|when|quand|date\s+de\s+l'événement|date\s+et\s+lieu|date\s+and\s+venue)\s*:\s*",
    re.IGNORECASE,
)
_PLACE_LABEL_RE = re.compile(r"^(?:location|venue|where|place|lieu|adresse|address|où)\s*:\s*", re.IGNORECASE)
_DAY_LABEL_RE = re.compile(r"^(?:day|jour|journée)\s*\d+\b", re.IGNORECASE)
_ONLINE_RE = re.compile(
    r"\b(?:online|virtual|virtually|webinar|webcast|zoom|en ligne|virtuel(?:le)?|à distance)\b", re.IGNORECASE
)
_VENUE_WORD_RE = re.compile(
    r"\b(?:centre|center|headquarters|university|université|universidad|hotel|hôtel|ministry|ministère|campus|"
    r"building|palais|maison|institute|institut|foundation|fondation|hall|room|salle|château|chateau)\b",
    re.IGNORECASE,
)
_ZONE_HINT_RE = re.compile(r"\b(?P<a>[A-Z][\w'-]+)\s+time\b|\bheure\s+de\s+(?P<b>[A-Z][\w'-]+)")
_SESSION_KINDS = (
    (re.compile(r"\b(?:coffee|tea|lunch|break|pause|déjeuner|café|refreshments?)\b", re.I), SessionKind.BREAK),
    (re.compile(r"\b(?:welcom\w*|opening|ouverture|bienvenue|introduct\w*)\b", re.I), SessionKind.OPENING),
    (re.compile(r"\b(?:closing|clôture|wrap-up|conclusions?|concluding)\b", re.I), SessionKind.CLOSING),
    (re.compile(r"\b(?:keynotes?|discours)\b", re.I), SessionKind.KEYNOTE),
    (re.compile(r"\b(?:round\s?table|table ronde|tour de table)\b", re.I), SessionKind.ROUNDTABLE),
    (re.compile(r"\b(?:panels?|débat)\b", re.I), SessionKind.PANEL),
    (re.compile(r"\b(?:networking|reception|réception|cocktail|dinner|dîner)\b", re.I), SessionKind.NETWORKING),
    (re.compile(r"\b(?:discussion|dialogue|conversation)\b", re.I), SessionKind.DISCUSSION),
    (re.compile(r"\b(?:presentations?|présentations?)\b", re.I), SessionKind.PRESENTATION),
)


@attrs.define
class _Line:
    text: str
    bullet: bool


@attrs.define
class _Anchor:
    """A line that dates an event: a date line (its place after the date) or a dated title."""

    at: int
    phrase: prose.DatePhrase
    dated_title: bool
    place: str


@attrs.define
class _Place:
    text: str
    name: str | None = None
    locality: str | None = None
    country: str | None = None
    zone: str | None = None
    online: bool = False


def is_own_layout(chunk: str) -> bool:
    """True when the page carries the rows our exporters write ("Start Time:", "Start Date:", "When and Where")."""
    fields, headings = vocabulary.fields(), vocabulary.headings()
    for raw in chunk.split("\n"):
        text = _BULLET_RE.sub("", " ".join(raw.replace("\u00a0", " ").split()))
        text = re.sub(r"^#{1,6}\s+|^\*\*(.+?)\*\*", r"\1", text).strip()
        key = vocabulary.key(text)
        if fields.get(key) in ("Start Time:", "Start Date:", "End Time:", "End Date:") or headings.get(key) == "when":
            return True
    return False


def _chrome(text: str) -> bool:
    folded = text.casefold().strip(" :.|")
    if folded in _CHROME_WORDS or vocabulary.is_navigation(folded):
        return True
    return bool(_CHROME_RE.match(text) or _COOKIE_RE.search(folded))


def _lines(chunk: str) -> list[_Line]:
    result = []
    for raw in chunk.split("\n"):
        text = prose.clean(" ".join(raw.split())).strip()
        if not text:
            continue
        bullet = _BULLET_RE.match(text)
        if bullet:
            text = text[bullet.end() :].strip()
        text = text.strip("|").strip()
        if text and not _chrome(text):
            result.append(_Line(text, bool(bullet)))
    return result


def _sentence(text: str) -> bool:
    """Prose rather than a heading: ends with a full stop after several words, or holds a sentence break."""
    return bool(re.search(r"[a-z]\.\s+[A-Z]", text)) or (text.endswith(".") and len(text.split()) > 6)


def _event_dates(text: str, default_year: int | None = None) -> list[prose.DatePhrase]:
    return [p for p in prose.find_dates(text, default_year) if prose.trap_kind(text, p) is None]


def _anchor(at: int, line: _Line) -> _Anchor | None:
    text = _LABEL_RE.sub("", line.text)
    if text.startswith("(") and text.endswith(")"):
        return None  # a note in brackets ("(Project steering group on 6 November 2017)")
    phrases = [p for p in _event_dates(text) if p.has_year and not p.weekday]
    if not phrases or _DAY_LABEL_RE.match(text):
        return None
    phrase = phrases[0]
    before, after = text[: phrase.begin].strip(), text[phrase.stop :].strip()
    if not before:
        if len(after) > 100 or _sentence(after):
            return None
        return _Anchor(at, phrase, dated_title=False, place=after.strip(" ,;:-|"))
    tail = after.strip(" )")
    if tail or len(text) > 200 or text.endswith(".") or not re.search(r"[^\W\d_]{2}", before):
        return None
    if not re.search(r"(?:[-:,(]|\bon|\ble)\s*$", before):
        return None
    place = ""
    if "(" in before:
        place = before.rsplit("(", 1)[1].strip(" ,;:-")
    return _Anchor(at, phrase, dated_title=True, place=place)


def _day_heading(line: _Line, year: int) -> prose.DatePhrase | None:
    """A day heading ("Monday 19 September", "Mardi 4 avril 2023", "Day 1 (12 September 2011): ...")."""
    text = line.text
    phrases = _event_dates(text, year)
    if not phrases:
        return None
    phrase = phrases[0]
    rest = (text[: phrase.begin] + text[phrase.stop :]).strip(" ,;:-()")
    if phrase.weekday and len(rest) <= 40 and not _sentence(rest):
        return phrase
    if _DAY_LABEL_RE.match(text) or (not re.search(r"[^\W\d_]", rest) and phrase.start == phrase.end):
        return phrase
    return None


def _place(text: str) -> _Place | None:
    """Facts from a place text ("Paris, OECD Headquarters", "Paris - OECD Conference Centre", "Virtual meeting")."""
    from stievents_oecd.gazetteer import find_city

    text = _PLACE_LABEL_RE.sub("", text).strip(" ,;:-|()")
    if not text or len(text) > 120 or _sentence(text):
        return None
    segments = [s.strip(" .()") for s in re.split(r",|\s+-\s+|\s*\|\s*|\s*/\s*", text) if s.strip(" .()")]
    found = _Place(text=text)
    for segment in segments:
        code = country_code(segment)
        if code is not None and found.country is None:
            found.country = code
    names = []
    for segment in segments:
        if country_code(segment) is not None:
            continue
        city = find_city(segment, found.country) if found.locality is None else None
        if city is not None:
            found.locality = re.sub(r"^\d{4,5}\s+|\s+\d{4,5}$", "", segment)
            found.country = found.country or city.country
            found.zone = city.timezone
        elif _ONLINE_RE.search(segment):
            found.online = True
        elif not re.fullmatch(r"[\d\s]+", segment):
            names.append(segment)
    if names and (found.locality or found.country or _VENUE_WORD_RE.search(names[0])):
        found.name = names[0]
    if found.locality is None and found.country is None and found.name is None and not found.online:
        return None
    return found


@attrs.define
class _Reader:
    """Reads one page's lines into events; ``problems`` collects what was inferred or refused."""

    lines: list[_Line]
    first_index: int
    problems: list[Problem] = attrs.field(factory=list)

    def warn(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message, severity=Severity.WARNING))

    def events(self) -> list[Event]:
        anchors = [a for a in (_anchor(i, line) for i, line in enumerate(self.lines)) if a is not None]
        starts: list[tuple[int, str, _Anchor | None]] = []  # (first line of the event, title, anchor)
        spans: list[tuple[dt.date, dt.date]] = []
        for anchor in anchors:
            if any(s <= anchor.phrase.start and anchor.phrase.end <= e for s, e in spans):
                continue  # a day of an event already found (a heading, a repetition)
            title_at = anchor.at if anchor.dated_title else self._title_above(anchor.at)
            line_text = self.lines[anchor.at].text
            if title_at is None:
                if starts:
                    continue
                title_at = self._first_text(0, anchor.at)
                if title_at is None:  # no title line at all: the date line names the event
                    title_at = anchor.at
                    self.warn(f"$.events[{self.first_index}].title", f'no title line; the title is "{line_text}"')
            if title_at is None or (starts and title_at <= starts[-1][0]):
                continue
            starts.append((title_at, self.lines[title_at].text, anchor))
            spans.append((anchor.phrase.start, anchor.phrase.end))
        if not starts:
            title_at = self._first_text(0, len(self.lines))
            if title_at is not None:
                starts.append((title_at, self.lines[title_at].text, None))
        events: list[Event] = []
        for number, (begin, title, dating) in enumerate(starts):
            end = starts[number + 1][0] if number + 1 < len(starts) else len(self.lines)
            event = self._event(self.first_index + len(events), begin, end, title, dating)
            if event is not None:
                events.append(event)
        return events

    def _title_above(self, at: int) -> int | None:
        for j in range(at - 1, max(-1, at - 4), -1):
            line = self.lines[j]
            if line.bullet or prose.read_times(line.text) or prose.find_dates(line.text) or _place(line.text):
                continue
            if len(line.text) <= 250 and not _sentence(line.text):
                return j
        return None

    def _first_text(self, begin: int, end: int) -> int | None:
        for j in range(begin, end):
            line = self.lines[j]
            if line.bullet or prose.read_times(line.text) or _sentence(line.text) or len(line.text) > 250:
                continue
            if any(prose.trap_kind(line.text, p) for p in prose.find_dates(line.text)):
                continue
            if _anchor(j, line) is not None or _day_heading(line, 2000) is not None:
                continue
            return j
        return None

    def _event(self, index: int, begin: int, end: int, title: str, anchor: _Anchor | None) -> Event | None:
        path = f"$.events[{index}]"
        block = self.lines[begin:end]
        after = (anchor.at - begin + 1) if anchor is not None else 0
        if anchor is not None:
            start, last = anchor.phrase.start, anchor.phrase.end
            self.warn(f"{path}.start", f'date inferred from "{self.lines[anchor.at].text}"')
        else:
            days = [(i, h) for i, line in enumerate(block) if (h := _day_heading(line, 2000)) and h.has_year]
            if not days:
                self.problems.append(
                    Problem(path=f"{path}.start", message=f'no date of the event found on the page titled "{title}"')
                )
                return None
            start, last = min(h.start for _, h in days), max(h.end for _, h in days)
            texts = " … ".join(dict.fromkeys(f'"{block[i].text}"' for i in (days[0][0], days[-1][0])))
            self.warn(f"{path}.start", f"date inferred from the day headings {texts}")
        facts: dict[str, object] = {"title": title, "start": start, "end": last}
        place = self._find_place(block, anchor, begin, after)
        zone: str | None = None
        if place is not None:
            venue: dict[str, Any] = {k: v for k, v in (("name", place.name), ("locality", place.locality)) if v}
            if place.country:
                venue["country"] = place.country
            if place.zone:
                venue["timezone"] = zone = place.zone
            if place.name or place.locality:
                facts["venue"] = Venue(**venue)
                self.warn(f"{path}.venue", f'place inferred from "{place.text}"')
                if zone:
                    self.warn(f"{path}.venue.timezone", f'zone {zone} inferred from the venue city "{place.locality}"')
                if place.online:
                    self.warn(f"{path}.attendance_mode", f'online attendance inferred from "{place.text}"')
            elif place.online:
                facts["attendance_mode"] = AttendanceMode.ONLINE
                self.warn(f"{path}.attendance_mode", f'online attendance inferred from "{place.text}"')
        if zone is None:
            zone = self._zone_hint(block, path)
        description = self._description(block, after)
        if description:
            facts["description"] = description
        sessions = self._sessions(block[after:], start, last, zone, path)
        if sessions:
            facts["sessions"] = tuple(sessions)
        try:
            return Event(id=_slug(title, index), **facts)  # type: ignore[arg-type]
        except ValidationError as exc:
            self.problems.extend(p.under(path) for p in exc.problems)
            return None

    def _find_place(self, block: list[_Line], anchor: _Anchor | None, begin: int, after: int) -> _Place | None:
        if anchor is not None and anchor.place:
            found = _place(anchor.place)
            if found is not None:
                return found
        if anchor is not None and after < len(block):
            following = block[after]
            if not following.bullet and not prose.read_times(following.text):
                found = _place(following.text)
                if found is not None:
                    return found
        for line in block[after : after + 40]:
            if _PLACE_LABEL_RE.match(line.text):
                found = _place(line.text)
                if found is not None:
                    return found
        if anchor is None:  # a page dated by its day headings: its venue is given before the programme
            for line in block[:40]:
                if not line.bullet and (_day_heading(line, 2000) or prose.read_times(line.text)):
                    break
                found = _place(line.text)
                if found is not None and found.locality:
                    return found
        return None

    def _zone_hint(self, block: list[_Line], path: str) -> str | None:
        """The zone of a page that states it for its times ("Paris time", "heure de Paris")."""
        from stievents_oecd.gazetteer import find_city

        for line in block:
            for match in _ZONE_HINT_RE.finditer(line.text):
                city = find_city(match["a"] or match["b"])
                if city is not None:
                    self.warn(f"{path}.sessions", f'zone {city.timezone} of the agenda inferred from "{line.text}"')
                    return city.timezone
        return None

    @staticmethod
    def _description(block: list[_Line], after: int) -> str | None:
        paragraphs = []
        for line in block[after:]:
            if prose.read_times(line.text) or _day_heading(line, 2000):
                break
            if not line.bullet and len(line.text) >= 100 and _sentence(line.text + " X"):
                paragraphs.append(line.text)
        return "\n\n".join(paragraphs) or None

    def _sessions(
        self, block: list[_Line], start: dt.date, last: dt.date, zone: str | None, path: str
    ) -> list[Session]:
        sessions: list[Session] = []
        day: dt.date | None = None
        used: set[int] = set()
        untimed = 0
        for i, line in enumerate(block):
            heading = _day_heading(line, start.year)
            if heading is not None and not line.bullet:
                day = _nearest_year(heading.start, start)
                continue
            times = prose.read_times(line.text)
            if times is None or line.bullet or (times.rest and times.rest[:1].islower()) or len(times.rest) > 300:
                continue
            used.add(i)
            title = times.rest or self._session_title(block, i, used)
            if not title:
                continue
            where = f"{path}.sessions[{len(sessions)}]"
            on = day
            if on is None:
                on = start
                if start != last:
                    self.warn(where, f'day of "{line.text}" inferred as the first day: no day heading above it')
            if not start <= on <= last:
                self.warn(where, f'session "{title}" on {on.isoformat()} is outside the event\'s days; left out')
                continue
            session: dict[str, object] = {"id": f"s{len(sessions) + 1}", "title": title, "kind": _kind(title)}
            if zone is not None:
                begin_at = _aware(on, times.start, zone)
                if begin_at is None:
                    continue
                session["start"] = begin_at
                if times.end is not None:
                    session["end"] = _aware(on, times.end, zone)
            else:
                session["start"] = on
                untimed += 1
            try:
                sessions.append(Session(**session))  # type: ignore[arg-type]
            except ValidationError as exc:
                self.problems.extend(p.under(where) for p in exc.problems)
        if sessions:
            self.warn(
                f"{path}.sessions", f'{len(sessions)} sessions read from agenda lines such as "{_first_time(block)}"'
            )
        if untimed:
            self.warn(
                f"{path}.sessions",
                f"the times of {untimed} session(s) are left out: the page gives no venue city or zone",
            )
        return sessions

    @staticmethod
    def _session_title(block: list[_Line], i: int, used: set[int]) -> str | None:
        """A bare time line's title: the next line, or else the line above (some pages put the time second)."""
        for j in (i + 1, i - 1):
            if not 0 <= j < len(block) or j in used:
                continue
            line = block[j]
            if line.bullet or prose.read_times(line.text) or _day_heading(line, 2000) or len(line.text) > 250:
                continue
            used.add(j)
            return line.text
        return None


def _first_time(block: list[_Line]) -> str:
    return next((line.text for line in block if prose.read_times(line.text)), "")


def _kind(title: str) -> SessionKind:
    for pattern, kind in _SESSION_KINDS:
        if pattern.search(title):
            return kind
    return SessionKind.OTHER


def _nearest_year(day: dt.date, start: dt.date) -> dt.date:
    """A heading's day without its year, in the year that puts it nearest the event's start."""
    candidates = []
    for year in (start.year - 1, start.year, start.year + 1):
        try:
            candidates.append(day.replace(year=year))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - start).days)) if candidates else day


def _aware(day: dt.date, time: dt.time, zone: str) -> dt.datetime | None:
    tz = zoneinfo.ZoneInfo(zone)
    value = dt.datetime.combine(day, time, tzinfo=tz)
    if value.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != value.replace(tzinfo=None):
        return None  # a time the clocks skip
    return value


def read_page(chunk: str, first_index: int) -> tuple[list[Event], list[Problem]]:
    """The events a real page describes (several for a listing), and the warnings naming what was inferred."""
    reader = _Reader(_lines(chunk), first_index)
    return reader.events(), reader.problems

"""schema.org JSON-LD -> model events, with every problem named by its JSON path.

Reads the compact shapes search engines see (one object, a list, ``@graph``,
http or https schema.org contexts, Event subtypes, text where objects are
expected) without a JSON-LD processor: no remote context is ever fetched.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs

from stievents.errors import FormatError, InvalidEventError, Problem, Severity, StieventsError, ValidationError
from stievents.model import Event, Translation
from stievents.plugin_types import ImportContext, ImportResult
from stievents_jsonld import _ids, _page, _vocab, _when
from stievents_jsonld._options import ReadOptions
from stievents_jsonld._parts import Parts, ScheduleInfo
from stievents_jsonld._reading import ID_RE, duration
from stievents_jsonld._scrub import may_hold_controls, scrub_document
from stievents_jsonld._values import is_event, many, node_id, slug, text, texts, types, url

_CONTAINERS = ("event", "events", "subEvent", "reservationFor", "about", "itemListElement", "item")


def read(data: bytes, context: ImportContext) -> ImportResult:
    """The events of a JSON-LD document and every problem found in it."""
    try:
        text_data = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text: invalid byte at offset {exc.start}") from None
    try:
        root = json.loads(text_data, strict=False)  # a raw control in a string is repaired below, not fatal
    except json.JSONDecodeError as exc:
        raise FormatError(f"not JSON-LD: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise FormatError("not JSON-LD: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise FormatError(f"not JSON-LD: {exc}") from None
    if not isinstance(root, dict | list):
        raise FormatError(f"not JSON-LD: expected an object or an array, got {type(root).__name__}")
    reader = _reader(context)
    reader.load(root, text_data)
    reader.finish()
    return ImportResult(events=tuple(reader.events), problems=tuple(reader.problems))


def read_html(data: bytes, context: ImportContext) -> ImportResult:
    """The events of every JSON-LD block of an HTML page; a broken block is an error, the others still read.

    Problems found in a block are named by the block and their JSON path in it
    (``script 2 (line 14) $.@graph[0].name``). Non-Event nodes (a page's
    WebSite, Organization, BreadcrumbList...) are passed over silently: on a
    page they are expected.
    """
    try:
        page = data.decode("utf-8-sig")
        note = None
    except UnicodeDecodeError as exc:
        page = data.decode("cp1252", errors="replace")  # what browsers assume of a page that declares nothing
        note = f"not UTF-8 (invalid byte at offset {exc.start}); read as windows-1252"
    blocks = _page.find_blocks(page)
    if not blocks:
        raise FormatError('no <script type="application/ld+json"> element in the page')
    reader = _reader(context)
    reader.page = True
    if note is not None:
        reader.warn("$", note)
    for block in blocks:
        start = len(reader.problems)
        if not block.text.strip():
            reader.warn(block.where, "empty; skipped")
            continue
        try:
            root, notes = _page.parse_block(block)
        except _page.BlockError as exc:
            reader.error(block.where, str(exc))
            continue
        for message in notes:
            reader.warn("$", message)
        if isinstance(root, dict | list):
            reader.load(root, block.text)
        else:
            reader.error("$", f"expected a JSON object or an array, got {type(root).__name__}")
        reader.problems[start:] = [attrs.evolve(p, path=f"{block.where} {p.path}") for p in reader.problems[start:]]
    reader.finish(blocks=len(blocks))
    return ImportResult(events=tuple(reader.events), problems=tuple(reader.problems))


def _reader(context: ImportContext) -> _Reader:
    options = context.options if isinstance(context.options, ReadOptions) else ReadOptions()
    if options.timezone is not None and _when.find_zone(options.timezone) is None:
        raise ValidationError(
            [Problem(path="options.timezone", message=f"unknown IANA time zone {options.timezone!r}")]
        )
    return _Reader(options)


def _context_ok(value: Any) -> bool:
    for item in many(value):
        if isinstance(item, str) and item.strip() in _vocab.CONTEXT_URLS:
            return True
        if isinstance(item, dict) and str(item.get("@vocab", "")).rstrip("/") in {
            "https://schema.org",
            "http://schema.org",
        }:
            return True
    return False


class _Reader(Parts):
    """Finds the Event nodes of a document (or of a page's blocks) and assembles each into a model event."""

    def __init__(self, options: ReadOptions) -> None:
        super().__init__(options)
        self.page = False  # reading the blocks of an HTML page: nodes that are not events are expected there
        self.found: list[str] = []  # the @types of the top nodes, for the error when no event is found

    def load(self, root: dict[str, Any] | list[Any], text_data: str) -> None:
        """Read one JSON document (``text_data`` is its text, for the quick check for controls)."""
        if may_hold_controls(text_data):
            scrub_document(root, self.warn)
        self.document(root)

    def finish(self, *, blocks: int | None = None) -> None:
        """An error when nothing was read and nothing said why."""
        if self.events or any(p.severity is Severity.ERROR for p in self.problems):
            return
        kinds = ", ".join(sorted(set(self.found))) or "nothing typed"
        where = "" if blocks is None else f" in the page's {blocks} JSON-LD block{'s' if blocks > 1 else ''}"
        self.error("$", f"no schema.org Event found{where} (found {kinds})")

    # ------------------------------------------------------------ document shape

    def document(self, root: dict[str, Any] | list[Any]) -> None:
        tops: list[tuple[str, Any, bool]] = []
        if isinstance(root, list):
            tops = [(f"$[{i}]", item, False) for i, item in enumerate(root)]
        elif "@graph" in root:
            has_context = self.context(root, "$", inherited=False)
            if has_context is None:
                return
            graph = root["@graph"]
            if not isinstance(graph, list):
                graph = [graph]
            tops = [(f"$.@graph[{i}]", item, has_context) for i, item in enumerate(graph)]
        else:
            tops = [("$", root, False)]
        for top_path, node, _ in tops:
            if isinstance(node, dict):
                graph = [(f"{top_path}.@graph[{i}]", g) for i, g in enumerate(many(node.get("@graph")))]
                for where, item in graph or [(top_path, node)]:
                    if isinstance(item, dict) and isinstance(item.get("@id"), str):
                        self.nodes[item["@id"]] = item
                        self.node_paths[item["@id"]] = where
        found = self.found
        for path, node, inherited in tops:
            if not isinstance(node, dict):
                self.error(path, f"expected a JSON-LD object, got {type(node).__name__}")
                continue
            ok = self.context(node, path, inherited=inherited)
            if ok is None:
                continue
            self.top(path, node, found)

    def context(self, node: dict[str, Any], path: str, *, inherited: bool) -> bool | None:
        """True when the node has a schema.org context, False when it inherits or lacks one; None to skip it."""
        if "@context" not in node:
            if not inherited:
                self.warn(path, "no @context; read as schema.org")
            return inherited
        if _context_ok(node["@context"]):
            return True
        self.error(
            f"{path}.@context", f"unsupported @context {json.dumps(node['@context'])[:80]}: only schema.org is read"
        )
        return None

    def top(self, path: str, node: dict[str, Any], found: list[str]) -> None:
        kinds = types(node)
        found.extend(kinds)
        if is_event(node):
            if "EventSeries" in kinds and "startDate" not in node:
                self.warn(path, "an EventSeries without startDate is not an event of its own; its events link to it")
                return
            self.event(path, node)
            return
        nested = False
        for prop in _CONTAINERS:
            for index, value in enumerate(many(node.get(prop))):
                if is_event(value):
                    where = f"{path}.{prop}" + (f"[{index}]" if isinstance(node.get(prop), list) else "")
                    kind = kinds[0] if kinds else "node"
                    self.warn(where, f"read the Event nested in {kind}.{prop}")
                    self.event(where, value)
                    nested = True
        if not nested and not self.page:
            self.warn(path, f"a {'/'.join(kinds) or 'node without @type'}, not an Event; skipped")

    # ------------------------------------------------------------ one event

    def event(self, path: str, node: dict[str, Any]) -> None:
        kinds = types(node)
        self.decode(path, node)
        fields: dict[str, Any] = {}
        fields["id"] = self.event_id(node)
        if not self.text_fields(path, node, fields):
            return
        for kind in kinds:
            if kind in _vocab.SCHEMA_TO_TYPE:
                fields["event_type"] = _vocab.SCHEMA_TO_TYPE[kind]
        schedule = self.schedule(path, node)
        hints = (self.options.timezone, schedule.zone if schedule else None)
        start = self.when(f"{path}.startDate", node.get("startDate"), hints, main=True)
        if start is None and schedule is not None and schedule.first is not None:
            start = schedule.first
        if start is None:
            if "startDate" not in node:
                why = " (its eventSchedule gives no startDate either)" if schedule is not None else ""
                self.error(f"{path}.startDate", f"is required: an Event needs a startDate{why}")
            return
        end = self.when(f"{path}.endDate", node.get("endDate"), hints) if "endDate" in node else None
        if end is None:
            end = self.default_end(path, node, start, schedule)
        if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
            self.warn(
                f"{path}.endDate", "is not of the same kind as startDate (date vs date-time); end set to the start"
            )
            end = start
        elif end < start:
            self.warn(f"{path}.endDate", "is before startDate; end set to the start")
            end = start
        fields["start"], fields["end"] = start, end
        if schedule is not None and schedule.recurrence is not None:
            fields["recurrence"] = schedule.recurrence
        self.status(path, node, fields, hints)
        self.locations(path, node, fields)
        fields["organisers"] = self.organisers(path, node)
        questions, classifications, topics = self.about(path, node)
        fields["policy_questions"] = tuple(questions)
        fields["classifications"] = tuple(classifications)
        fields["topics"] = self.topics(node, topics, classifications)
        fields["languages"] = tuple(self.languages(path, node))
        fields["audience"] = self.audience(node)
        fields["registration"] = self.registration(path, node, hints)
        fields["url"] = self.url(f"{path}.url", node.get("url"))
        fields["image"] = self.image(path, node)
        fields["related_events"] = tuple(self.series(path, node))
        fields["references"] = tuple(self.references(path, node))
        fields["sessions"] = tuple(self.sessions(path, node, fields, hints))
        if node.get("performer") is not None and not fields["sessions"]:
            self.warn(f"{path}.performer", "not kept: the model records people per session and there is no subEvent")
        try:
            event = Event(**{k: v for k, v in fields.items() if v is not None})
        except InvalidEventError as exc:
            for problem in exc.problems:
                self.error(path + problem.path.removeprefix("$"), problem.message)
            return
        except (StieventsError, ValueError, OverflowError) as exc:
            self.error(path, f"cannot be read as an event: {exc}")
            return
        self.ids.add(event.id)
        self.events.append(event)

    def text_fields(self, path: str, node: dict[str, Any], fields: dict[str, Any]) -> bool:
        """Title, subtitle, description and their translations; False when there is no name."""
        titles = texts(node.get("name"))
        if not titles or not titles[0][0].strip():
            self.error(f"{path}.name", "is required: an Event needs a name")
            return False
        language = titles[0][1]
        fields["title"] = titles[0][0]
        if language is not None:
            fields["text_language"] = language
        translated: dict[str, dict[str, str]] = {}
        for prop, field in (
            ("name", "title"),
            ("disambiguatingDescription", "subtitle"),
            ("description", "description"),
        ):
            values = texts(node.get(prop))
            mains = [t for t, lang in values if lang == language] or [t for t, lang in values if lang is None]
            if mains and field != "title":
                fields[field] = mains[0]
            for value, tag in values:
                if tag is not None and tag != language:
                    translated.setdefault(tag, {})[field] = value
        translations = []
        for tag, parts in translated.items():
            item = self.build(f"{path}.name", "translation", Translation, language=tag, **parts)
            if item is not None:
                translations.append(item)
        fields["translations"] = tuple(translations)
        return True

    def event_id(self, node: dict[str, Any]) -> str:
        ident = text(node.get("identifier"))
        if ident and ID_RE.fullmatch(ident):
            base = ident
        else:
            iri = node_id(node) or url(node.get("url"))
            if iri and not (iri.startswith(_ids.URN_PREFIX) or _ids.is_absolute_url(iri)):
                iri = None
            if iri and iri.startswith(_ids.URN_PREFIX):
                base = slug(iri[len(_ids.URN_PREFIX) :])
            elif iri:
                trimmed = iri.split("#", 1)[0].rstrip("/")
                base = slug(trimmed.rsplit("/", 1)[-1] or trimmed)
            else:
                base = slug(text(node.get("name")) or "event")
                start = node.get("startDate")
                if isinstance(start, str) and len(start) >= 10:
                    base = f"{base}-{start[:10]}"
        candidate, number = base, 2
        while candidate in self.ids:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def default_end(self, path: str, node: dict[str, Any], start: dt.date, schedule: ScheduleInfo | None) -> dt.date:
        length = node.get("duration")
        if schedule is not None and schedule.length is not None:
            return start + schedule.length if isinstance(start, dt.datetime) else start
        if isinstance(length, str) and isinstance(start, dt.datetime):
            delta = duration(length)
            if delta is not None:
                return start + delta
        if isinstance(start, dt.datetime):
            self.warn(f"{path}.endDate", "missing; the end is set to the start")
        return start

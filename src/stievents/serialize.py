"""The canonical stievents document, in JSON and TOML, built on one cattrs converter.

The document is ``{"format": "stievents", "format_version": "1.0", "events": [...]}``.
Keys follow the model's declaration order, empty values are omitted, enums are
lower-kebab strings and datetimes are RFC 9557 text
(``2020-03-05T09:30:00+01:00[Europe/Paris]``). All serialisation rules live in
:func:`make_converter`, apart from the model classes.

Reading reports every problem at once, each with its path
(``$.events[0].sessions[2].start: expected an aware datetime``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import gc
import json
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from stievents import _collector, _time, fieldtypes
from stievents import limits as _limits
from stievents._time import format_temporal, parse_temporal
from stievents.errors import FormatError, InvalidEventError, Problem, Severity, ValidationError
from stievents.model import Event

if typing.TYPE_CHECKING:
    import cattrs

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "bulk_load",
    "decode_text",
    "document_from_events",
    "dump",
    "dumps",
    "events_from_document",
    "events_from_json",
    "events_from_toml",
    "format_temporal",
    "get_converter",
    "json_chunks",
    "load",
    "loads",
    "make_converter",
    "parse_temporal",
    "structure",
    "toml_chunks",
    "unstructure",
    "write_json",
    "write_toml",
]

FORMAT_NAME = "stievents"
FORMAT_VERSION = "1.0"
_MAJOR = FORMAT_VERSION.split(".")[0]


# ------------------------------------------------------------------ converter


def make_converter() -> cattrs.Converter:
    """Build the converter for the canonical document (the one factory of it).

    Strict on input: unknown keys, wrong scalar types (no ``"5"`` for 5, no
    ``"false"`` for ``False``) and malformed datetimes are refused.
    """
    import cattrs
    from cattrs.gen import make_dict_structure_fn

    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)

    # Scalars: strict, because cattrs' defaults call str()/int()/bool() on anything.
    def scalar(kind: type, name: str) -> Callable[[Any, Any], Any]:
        def structure_scalar(value: Any, _: Any) -> Any:
            if type(value) is kind or (kind is float and type(value) is int):
                return typing.cast(Callable[[Any], Any], kind)(value)
            raise TypeError(f"expected {name}, got {_describe(value)}")

        return structure_scalar

    converter.register_structure_hook(str, scalar(str, "a string"))
    converter.register_structure_hook(int, scalar(int, "an integer"))
    converter.register_structure_hook(float, scalar(float, "a number"))
    converter.register_structure_hook(bool, scalar(bool, "true or false"))

    # Datetimes and dates.
    converter.register_unstructure_hook(dt.datetime, _time.format_temporal)
    converter.register_unstructure_hook(dt.date, _time.format_temporal)
    converter.register_structure_hook_func(_is_temporal_type, _structure_temporal)

    # Enums by value, with a message that lists the choices.
    converter.register_structure_hook_func(_is_enum_type, _structure_enum)

    # Homogeneous tuples from JSON arrays only (a string is not a list of characters).
    def structure_tuple(value: Any, kind: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, got {_describe(value)}")
        described = fieldtypes.describe(kind).item
        assert described is not None
        item_type = described.annotation
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(converter.structure(item, item_type))
            except Exception as exc:  # noqa: BLE001 - collected and re-raised with paths
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    cattrs.IterableValidationNote(f"index {index}", index, item_type),
                ]
                errors.append(exc)
        if errors:
            raise cattrs.IterableValidationError("while structuring a list", errors, kind)
        return tuple(items)

    converter.register_structure_hook_func(_is_homogeneous_tuple, structure_tuple)

    # attrs classes: refuse non-objects up front, omit empty values on output.
    def structure_factory(cls: type) -> Callable[[Any, Any], Any]:
        inner: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

        def structure_object(value: Any, kind: Any) -> Any:
            if not isinstance(value, dict):
                raise TypeError(f"expected an object, got {_describe(value)}")
            return inner(value, kind)

        return structure_object

    def unstructure_factory(cls: type) -> Callable[[Any], Any]:
        # Our own loop rather than cattrs' generated function: cattrs emits omittable
        # fields after the others, and the document keeps declaration order.
        plan: list[tuple[str, fieldtypes.FieldType, bool, Any]] = [
            (field.name, field.type, _is_empty_default(field), field.default) for field in fieldtypes.fields(cls)
        ]
        hooks: list[tuple[str, Callable[[Any], Any], bool, Any]] = []

        def unstructure_object(obj: Any) -> dict[str, Any]:
            if not hooks:
                hooks.extend(
                    (name, _unstructure_hook(converter, kind), omit, default) for name, kind, omit, default in plan
                )
            out: dict[str, Any] = {}
            for name, hook, omit, default in hooks:
                value = getattr(obj, name)
                if omit and (value is default or value == default) and type(value) is type(default):
                    continue
                out[name] = hook(value)
            return out

        return unstructure_object

    converter.register_structure_hook_factory(attrs.has, structure_factory)
    converter.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    return converter


def _unstructure_hook(converter: cattrs.Converter, kind: fieldtypes.FieldType) -> Callable[[Any], Any]:
    """A fast, explicit unstructure function for one field type of the model."""
    shape = kind.shape
    if shape is fieldtypes.Shape.TEMPORAL:
        return lambda value: None if value is None else _time.format_temporal(value)
    if shape is fieldtypes.Shape.SCALAR:
        return lambda value: value
    if shape is fieldtypes.Shape.OTHER:
        return converter.unstructure
    if shape is fieldtypes.Shape.TUPLE:
        assert kind.item is not None
        item = _unstructure_hook(converter, kind.item)
        hook: Callable[[Any], Any] = lambda value: [item(v) for v in value]  # noqa: E731
    elif shape is fieldtypes.Shape.ENUM:
        hook = lambda value: value.value  # noqa: E731
    else:
        hook = converter.get_unstructure_hook(kind.cls)
    if kind.optional:
        inner = hook
        return lambda value: None if value is None else inner(value)
    return hook


def _describe(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    if type(value) in (int, float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    return names.get(type(value), type(value).__name__)


def _is_empty_default(field: fieldtypes.Field) -> bool:
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return False
    return default is None or default == () or default is False or (type(default) is int and default == 0)


# What a type is (temporal, enum, tuple...) is read by stievents.fieldtypes, the one place for it.


def _union_args(kind: Any) -> set[Any] | None:
    """The members of a union annotation, as a set; ``None`` when ``kind`` is not a union."""
    members = fieldtypes.union_members(kind)
    return None if members is None else set(members)


def _is_temporal_type(kind: Any) -> bool:
    return fieldtypes.describe(kind).shape is fieldtypes.Shape.TEMPORAL


def _is_enum_type(kind: Any) -> bool:
    described = fieldtypes.describe(kind)
    return described.shape is fieldtypes.Shape.ENUM and not described.optional


def _structure_temporal(value: Any, kind: Any) -> dt.date | None:
    args = _union_args(kind) or {kind}
    if value is None and type(None) in args:
        return None
    allow_date = dt.date in args
    if isinstance(value, (dt.date, dt.time)):
        raise TypeError(_native_temporal_message(value, allow_date))
    if not isinstance(value, str):
        raise TypeError(f"expected a datetime string, got {_describe(value)}")
    parsed = _time.parse_temporal(value, allow_date=allow_date)
    return parsed


def _native_temporal_message(value: dt.date | dt.time, allow_date: bool) -> str:
    """What to write instead of a TOML datetime, date or time (the only source of such values in a document).

    A native TOML datetime has at most an offset, never the IANA zone the model
    keeps, so it is refused; the message shows the quoted form that is read.
    """
    kind = "datetime" if isinstance(value, dt.datetime) else "date" if isinstance(value, dt.date) else "time"
    wanted = (
        'a datetime or date as a quoted RFC 9557 string such as "2020-03-05T09:30:00+01:00[Europe/Paris]" '
        'or "2020-03-05"'
        if allow_date
        else 'a datetime as a quoted RFC 9557 string such as "2020-03-05T09:30:00+01:00[Europe/Paris]"'
    )
    return f"expected {wanted}, got a TOML {kind} (write it in quotes)"


def _structure_enum(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(m.value) for m in kind)
        raise ValueError(f"expected one of {choices}, got {_describe(value)}") from None


def _is_homogeneous_tuple(kind: Any) -> bool:
    described = fieldtypes.describe(kind)
    return described.shape is fieldtypes.Shape.TUPLE and not described.optional


@functools.cache
def get_converter() -> cattrs.Converter:
    """The shared converter, built on first use (never at ``import stievents``)."""
    return make_converter()


def unstructure(value: Any) -> Any:
    """Turn a model object into plain JSON-ready data (the canonical shape)."""
    if attrs.has(type(value)):
        from stievents._fast import unstructurer

        return unstructurer(type(value))(value)
    return get_converter().unstructure(value)


def structure(data: Any, kind: type[Any] = Event, *, path: str = "$") -> Any:
    """Build a model object of ``kind`` from plain data; raise :class:`ValidationError` with paths."""
    return _structure(data, kind, path, False)


def _structure(data: Any, kind: type[Any], path: str, proven: bool) -> Any:
    """:func:`structure`; ``proven``: ``data`` was decoded from a text ``_fast.text_is_clean`` accepted."""
    if attrs.has(kind):
        from stievents._fast import structurer

        try:
            return structurer(kind)(data, proven)
        except Exception:  # noqa: BLE001 - the converter below decides, and names every problem
            pass
    with _collector.resumed():  # the converter's errors leave reference cycles: collected as usual
        try:
            return get_converter().structure(data, kind)
        except Exception as exc:
            problems = list(_problems(exc, path))
            if not problems:  # pragma: no cover - defensive
                raise
            raise ValidationError(problems) from None


def _problems(exc: BaseException, path: str) -> Iterable[Problem]:
    import cattrs
    from cattrs.errors import AttributeValidationNote, IterableValidationNote

    if isinstance(exc, cattrs.ClassValidationError | cattrs.IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                sub_path = f"{path}.{note.name}"
            elif isinstance(note, IterableValidationNote):
                sub_path = f"{path}[{note.index}]"
            else:  # pragma: no cover - cattrs adds no other note kinds
                sub_path = path
            yield from _problems(sub, sub_path)
        for sub in without:
            yield from _problems(sub, path)
    elif isinstance(exc, cattrs.ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield Problem(path=f"{path}.{key}", message="unknown key")
    elif isinstance(exc, InvalidEventError | ValidationError):
        for problem in exc.problems:
            yield problem.under(path)
    elif isinstance(exc, KeyError):
        yield Problem(path=path, message="is required")
    else:
        yield Problem(path=path, message=str(exc) or type(exc).__name__)


# ------------------------------------------------------------------ documents


def document_from_events(events: Sequence[Event]) -> dict[str, Any]:
    """The canonical document (plain data) for ``events``."""
    from stievents._fast import unstructurer

    write = unstructurer(Event)
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "events": [write(event) for event in events],
    }


def events_from_document(
    data: Any, *, lenient: bool = False, consume: bool = False
) -> tuple[list[Event], list[Problem]]:
    """Events from a parsed document; every problem reported with its path.

    Strict (the default): any error raises :class:`ValidationError` listing all.
    Lenient: valid events are kept, the problems returned alongside.
    ``consume=True`` empties ``data["events"]`` as it goes (each raw event is
    dropped once read), so that peak memory and the garbage collector's work
    stay lower on large documents. The cyclic garbage collector is paused
    while the events are built, and the events of a large document go
    straight to its oldest generation (see :mod:`stievents._collector`).
    """
    raw_events = data.get("events") if isinstance(data, dict) else None
    promote = isinstance(raw_events, list) and len(raw_events) >= _PROMOTE_EVENTS
    with _collector.paused(promote=promote):
        return _events_from_document(data, lenient, consume)


def _events_from_document(data: Any, lenient: bool, consume: bool) -> tuple[list[Event], list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise ValidationError([Problem(path="$", message=f"expected an object, got {_describe(data)}")])
    fmt = data.get("format")
    version = data.get("format_version")
    if "format" not in data:
        problems.append(Problem(path="$.format", message="the key 'format' is missing"))
    elif fmt != FORMAT_NAME:
        problems.append(Problem(path="$.format", message=f"expected 'stievents', got {_describe(fmt)}"))
    if "format_version" not in data:
        problems.append(Problem(path="$.format_version", message="the key 'format_version' is missing"))
    elif not isinstance(version, str) or not version.startswith(f"{_MAJOR}."):
        problems.append(
            Problem(
                path="$.format_version",
                message=f"this reader supports format version {_MAJOR}.x, got {_describe(version)}",
            )
        )
    for key in sorted(set(data) - {"format", "format_version", "events"}):
        problems.append(Problem(path=f"$.{key}", message="unknown key"))
    raw_events = data.get("events")
    if "events" not in data:
        problems.append(Problem(path="$.events", message="the key 'events' is missing"))
        raise ValidationError(problems)
    if not isinstance(raw_events, list):
        problems.append(Problem(path="$.events", message=f"expected a list, got {_describe(raw_events)}"))
        raise ValidationError(problems)
    if problems:
        raise ValidationError(problems)
    _limits.check_raw_events(raw_events)
    reader = _EventReader()
    for index, raw in enumerate(raw_events):
        if consume:
            raw_events[index] = None
        reader.add(index, raw)
    return reader.finish(lenient=lenient)


class _EventReader:
    """Builds the events of a document one raw event at a time: paths, duplicate ids, problems."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.problems: list[Problem] = []
        self.seen: dict[str, int] = {}

    def add(self, index: int, raw: Any, proven: bool = False) -> None:
        where = f"$.events[{index}]"
        try:
            event = _structure(raw, Event, where, proven)
        except ValidationError as exc:
            self.problems.extend(exc.problems)
            return
        if event.id in self.seen:
            message = f"duplicate event id {event.id!r} (also $.events[{self.seen[event.id]}])"
            self.problems.append(Problem(path=f"{where}.id", message=message))
            return
        self.seen[event.id] = index
        self.events.append(event)

    def finish(self, *, lenient: bool) -> tuple[list[Event], list[Problem]]:
        if not lenient and any(p.severity is Severity.ERROR for p in self.problems):
            raise ValidationError(self.problems)
        return self.events, self.problems


def events_from_json(text: str, *, lenient: bool = False) -> tuple[list[Event], list[Problem]]:
    """Events from canonical JSON text, as ``events_from_document(parse_json(text))`` gives them.

    Why not simply that: parsing the whole text first holds the plain data of
    every event at once, more than the events themselves take. A document in
    the canonical shape (the header keys first, then the event list, nothing
    after) is read one event at a time with the stdlib's own decoder instead,
    each event's plain data dropped once it is built (``serialize.load`` of a
    484 MiB document of 100,000 events: 1.3 GiB resident at the peak, where
    parsing it whole and keeping the bytes took 2.2 GiB). Anything else (an error of any kind, another key order, a
    limit reached) is read again the plain way, which then reports it with the
    usual words and paths. The cyclic garbage collector is paused while the
    events are built, and the events of a large document go straight to its
    oldest generation (see :mod:`stievents._collector`).
    """
    return _events_from_json(text, lenient, from_utf8=False)


_PROMOTE_CHARS = 1 << 18
"""Texts of at least this many characters (about 50 canonical events) are read with a promoting pause.

Below it, the young collection the promotion spares costs about as little as the one it runs first."""
_PROMOTE_EVENTS = 50
"""The same threshold for a parsed document, in events."""


def _events_from_json(text: str, lenient: bool, *, from_utf8: bool) -> tuple[list[Event], list[Problem]]:
    """:func:`events_from_json`; ``from_utf8``: ``text`` was decoded from UTF-8 (so it holds no lone surrogate)."""
    with _collector.paused(promote=len(text) >= _PROMOTE_CHARS):
        streamed = _stream_events(text, lenient, from_utf8)
        if streamed is not None:
            return streamed
        return events_from_document(parse_json(text), lenient=lenient, consume=True)


_WS = r"[ \t\n\r]*"  # JSON's whitespace, and no other: \s would also take U+000C or U+00A0
_HEAD_RE = re.compile(
    rf'{_WS}\{{{_WS}"format"{_WS}:{_WS}"stievents"{_WS},{_WS}"format_version"{_WS}:{_WS}"{_MAJOR}\.[^"\\\x00-\x1f]*"'
    rf'{_WS},{_WS}"events"{_WS}:{_WS}\[{_WS}'
)
_NEXT_RE = re.compile(rf"{_WS}(?:(,){_WS}|(\]){_WS}\}}{_WS}\Z)")  # another event, or the end of the document
_EMPTY_RE = re.compile(rf"\]{_WS}\}}{_WS}\Z")


def _stream_events(text: str, lenient: bool, from_utf8: bool) -> tuple[list[Event], list[Problem]] | None:
    """The events of a canonical-shape document read one at a time, or ``None`` to read it the plain way."""
    head = _HEAD_RE.match(text)
    if head is None:
        return None
    reader = _EventReader()
    position = head.end()
    if _EMPTY_RE.match(text, position):
        return reader.finish(lenient=lenient)
    limits = _limits.current_limits()
    decode = json.JSONDecoder().raw_decode  # one JSON value at a position: the stdlib's C scanner
    from stievents._fast import text_is_clean

    proven = text_is_clean(text, from_utf8=from_utf8)  # one pass over the text spares each object its search
    index = 0
    while True:
        try:
            raw, position = decode(text, position)
        except (ValueError, RecursionError):  # not JSON here: the plain reader words it
            return None
        sessions = raw.get("sessions") if raw.__class__ is dict else None
        if index >= limits.max_events or (sessions.__class__ is list and len(sessions) > limits.max_sessions_per_event):
            return None  # the plain reader refuses the whole document before building any event
        reader.add(index, raw, proven)
        del raw, sessions
        index += 1
        after = _NEXT_RE.match(text, position)
        if after is None:
            return None
        if after.group(2):
            return reader.finish(lenient=lenient)
        position = after.end()


def decode_text(data: bytes | str) -> str:
    """UTF-8 text from bytes (a BOM is dropped); :class:`FormatError` if it is not UTF-8."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text: invalid byte at offset {exc.start}") from None


def parse_json(text: str) -> Any:
    """Parse JSON text; a :class:`FormatError` with line and column if it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise FormatError("not valid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise FormatError(f"not valid JSON: {exc}") from None


def parse_toml(text: str) -> Any:
    """Parse TOML text; a :class:`FormatError` naming the place if it is not TOML."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormatError(f"not valid TOML: {exc}") from None
    except RecursionError:
        raise FormatError("not valid TOML: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise FormatError(f"not valid TOML: {exc}") from None


def dumps(events: Sequence[Event], format: str = "json") -> str:
    """The canonical document for ``events`` as JSON (default) or TOML text."""
    if format == "json":
        return "".join(_json_pieces(events))  # each event's text copied once more, not twice (as via the chunks)
    if format == "toml":
        return "".join(toml_chunks(events))
    raise ValueError(f"format must be 'json' or 'toml', got {format!r}")


_CHUNK_CHARS = 64 * 1024


def json_chunks(events: Iterable[Event]) -> Iterator[str]:
    """The canonical JSON document for ``events`` in pieces of about 64 KiB, event by event.

    The pieces join to exactly ``json.dumps(document, indent=2, ensure_ascii=False) + "\\n"``;
    at most one event's text and one piece are held at a time.
    """
    pending: list[str] = []
    size = 0
    for piece in _json_pieces(events):
        pending.append(piece)
        size += len(piece)
        if size >= _CHUNK_CHARS:
            yield "".join(pending)
            pending.clear()
            size = 0
    if pending:
        yield "".join(pending)


def _json_pieces(events: Iterable[Event]) -> Iterator[str]:
    """The canonical JSON document as its head, each event's separator and text, and its tail."""
    from stievents._fast import writer

    write = writer(Event)
    yield f'{{\n  "format": "{FORMAT_NAME}",\n  "format_version": "{FORMAT_VERSION}",\n  "events": ['
    separator = "\n    "
    for event in events:
        yield separator
        yield write(event, "\n    ")
        separator = ",\n    "
    yield "]\n}\n" if separator == "\n    " else "\n  ]\n}\n"


def write_json(events: Iterable[Event], stream: IO[bytes]) -> None:
    """Write the canonical JSON document to a binary stream in pieces, never holding it whole."""
    for chunk in json_chunks(events):
        stream.write(chunk.encode("utf-8"))


def toml_chunks(events: Sequence[Event]) -> Iterator[str]:
    """The canonical TOML document for ``events``, one event's ``[[events]]`` table at a time.

    The pieces join to exactly ``tomli_w.dumps(document_from_events(events), ...)``
    (the head's two keys, then each table after a blank line). tomli_w turns CRLF
    into LF inside multi-line strings, so a document with a CR LF in any string is
    written with single-line strings only (lossless): a first pass finds out,
    one event's plain data at a time.
    """
    import tomli_w

    from stievents._fast import unstructurer

    plain = unstructurer(Event)
    multiline = not any(_has_crlf(plain(event)) for event in events)
    if not events:
        yield tomli_w.dumps(document_from_events(events), multiline_strings=multiline)
        return
    yield tomli_w.dumps({"format": FORMAT_NAME, "format_version": FORMAT_VERSION}, multiline_strings=multiline)
    for event in events:
        yield "\n" + tomli_w.dumps({"events": [plain(event)]}, multiline_strings=multiline)


def write_toml(events: Sequence[Event], stream: IO[bytes]) -> None:
    """Write the canonical TOML document to a binary stream event by event, never holding it whole."""
    pending: list[str] = []
    size = 0
    for chunk in toml_chunks(events):
        pending.append(chunk)
        size += len(chunk)
        if size >= _CHUNK_CHARS:
            stream.write("".join(pending).encode("utf-8"))
            pending.clear()
            size = 0
    stream.write("".join(pending).encode("utf-8"))


# A top-level ``[[events]]`` header line (spaces, a comment and CR LF allowed), where the TOML reader splits.
_TOML_EVENTS_RE = re.compile(r"^[ \t]*\[\[[ \t]*events[ \t]*\]\][ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)


def events_from_toml(text: str, *, lenient: bool = False) -> tuple[list[Event], list[Problem]]:
    """Events from canonical TOML text, as ``events_from_document(parse_toml(text))`` gives them.

    Why not simply that: ``tomllib`` parses whole documents, so the plain data of
    every event would be held at once. The text is split instead at each
    top-level ``[[events]]`` header line; the head and each table are parsed on
    their own and each event built and dropped in turn. Whenever the pieces are
    not exactly the canonical shape (a header line inside a multi-line string
    leaves a piece unparsable, another key, a limit reached, any error), the
    whole text is read the plain way, which gives the usual words and positions.
    The cyclic garbage collector is paused while the events are built, and the
    events of a large document go straight to its oldest generation (see
    :mod:`stievents._collector`).
    """
    with _collector.paused(promote=len(text) >= _PROMOTE_CHARS):
        streamed = _stream_toml_events(text, lenient)
        if streamed is not None:
            return streamed
        return events_from_document(parse_toml(text), lenient=lenient, consume=True)


def _stream_toml_events(text: str, lenient: bool) -> tuple[list[Event], list[Problem]] | None:
    import tomllib

    starts = [match.start() for match in _TOML_EVENTS_RE.finditer(text)]
    if not starts:
        return None
    try:
        head = tomllib.loads(text[: starts[0]])
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None
    version = head.get("format_version")
    if (
        set(head) != {"format", "format_version"}
        or head["format"] != FORMAT_NAME
        or not isinstance(version, str)
        or not version.startswith(f"{_MAJOR}.")
    ):
        return None
    limits = _limits.current_limits()
    reader = _EventReader()
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        try:
            piece = tomllib.loads(text[start:end])
        except (tomllib.TOMLDecodeError, RecursionError, ValueError):
            return None
        raws = piece.get("events")
        if len(piece) != 1 or raws.__class__ is not list or len(raws) != 1:
            return None
        (raw,) = raws
        sessions = raw.get("sessions") if raw.__class__ is dict else None
        if index >= limits.max_events or (sessions.__class__ is list and len(sessions) > limits.max_sessions_per_event):
            return None  # the plain reader refuses the whole document before building any event
        reader.add(index, raw)
        del raw, raws, piece, sessions
    return reader.finish(lenient=lenient)


def _has_crlf(value: Any) -> bool:
    """True when any string in the plain document contains a CR LF pair."""
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, dict):
        return any(_has_crlf(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_crlf(v) for v in value)
    return False


def loads(
    text: str | bytes,
    format: str = "json",
    *,
    lenient: bool = False,
    limits: _limits.Limits | None = None,
    bulk: bool = False,
) -> list[Event]:
    """Events from canonical JSON (default) or TOML text; raise on any error.

    With ``lenient=True`` invalid events are skipped instead (use
    :func:`stievents.read` to get the problems as well). ``limits`` default to
    :func:`stievents.limits.current_limits`. Every read pauses the cyclic
    garbage collector while it builds the events and restores its state after,
    and the events of a large document go straight to its oldest generation
    (see :mod:`stievents._collector`); ``bulk=True`` reads inside
    :func:`bulk_load`, which pauses it only a little longer (around the
    decoding of the bytes and the limit checks too) and promotes the same way.
    """
    if bulk:
        with bulk_load():
            return loads(text, format, lenient=lenient, limits=limits)
    limits = limits or _limits.current_limits()
    _limits.check_input_size(len(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text), limits)
    from_utf8 = not isinstance(text, str)
    decoded = decode_text(text)
    del text  # the bytes of a large file are not needed once decoded (load() holds no other reference)
    if format not in ("json", "toml"):
        raise ValueError(f"format must be 'json' or 'toml', got {format!r}")
    with _limits.use_limits(limits):
        if format == "json":
            events, _ = _events_from_json(decoded, lenient, from_utf8=from_utf8)
        else:
            events, _ = events_from_toml(decoded, lenient=lenient)
    _limits.check_events(events, limits)
    return events


@contextlib.contextmanager
def bulk_load(*, freeze: bool = False) -> Iterator[None]:
    """Pause CPython's cyclic garbage collector for a bulk load; restore its state after.

    Why: reading creates millions of container objects that all survive, so the
    collector traverses an ever larger heap and the cost per event grows with
    the size of the input. The model holds no reference cycles, so nothing is
    lost by not collecting during the load. Every read of the canonical
    document pauses the collector on its own now; this block extends the pause
    to whatever else it holds (several loads in a row, say), and offers
    ``freeze``. The pause is process-wide (other threads too) and lasts only the
    ``with`` block; nested blocks are fine, and the slow path that words the
    errors of a refused event lets the collector run (it leaves cycles)::

        with stievents.serialize.bulk_load():
            events = stievents.serialize.load("feed.json")

    When the block ends without an error, what it built and still holds goes
    straight to the collector's oldest generation, as after the read of a large
    document, so the first young collection afterwards does not traverse it
    (:mod:`stievents._collector` says how, and when it is skipped). Cyclic
    garbage your own code leaves inside the block then waits for the next full
    collection rather than the next young one.

    ``freeze=True`` also calls :func:`gc.freeze` at the end, so that no
    collection afterwards traverses everything just read: every object
    alive then is never scanned for cycles again (:func:`gc.unfreeze` undoes it).
    Use it for long-lived data in a process that creates little cyclic garbage.
    """
    with _collector.paused(promote=True):
        try:
            yield
        finally:
            if freeze:
                gc.freeze()


def _format_for(path: Path, format: str | None) -> str:
    if format is not None:
        return format
    return "toml" if path.suffix.lower() == ".toml" else "json"


def load(source: str | Path | IO[bytes], format: str | None = None, *, lenient: bool = False) -> list[Event]:
    """Events from a file path or binary stream; the format follows the suffix unless given."""
    if isinstance(source, str | Path):
        path = Path(source)
        return loads(path.read_bytes(), _format_for(path, format), lenient=lenient)
    return loads(source.read(), format or "json", lenient=lenient)


def dump(events: Sequence[Event], target: str | Path | IO[bytes], format: str | None = None) -> None:
    """Write ``events`` as canonical JSON or TOML to a path (atomically) or a binary stream.

    A path must name a regular file, or nothing yet: a directory, device, FIFO
    or socket raises :class:`~stievents.errors.OutputError` before anything is
    written (a symbolic link is followed). Write to a device through a stream.
    """
    if isinstance(target, str | Path):
        from stievents._atomic import atomic_write

        path = Path(target)
        with atomic_write(path) as stream:
            stream.write(dumps(events, _format_for(path, format)).encode("utf-8"))
    else:
        target.write(dumps(events, format or "json").encode("utf-8"))

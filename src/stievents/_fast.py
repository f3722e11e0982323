"""Code generated once per model class: the hot path of the canonical document.

Why: cattrs' generic hooks look a hook up for every field and list item, and the
stdlib's indented JSON encoder is pure Python built on generators. Functions
generated for one class (like ``cattrs.gen``, but for our few rules) do neither.

Three functions per class, all following the rules of
:func:`stievents.serialize.make_converter` (declaration order, empty defaults
omitted, enums by value, RFC 9557 datetimes):

- ``unstructure``: object to plain data;
- ``write``: object straight to canonical JSON text (``json.dumps(..., indent=2,
  ensure_ascii=False)`` byte for byte) without building the plain data;
- ``structure``: plain data to object, for input that is certainly valid only.
  Anything unusual raises, and the caller then runs the cattrs converter, which
  stays the one authority on what is an error and on its path and message.
  For data decoded from a text :func:`text_is_clean` has proven, the model's
  objects skip the checks this parse has already made (see ``_make_structurer``).
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
import typing
import zoneinfo
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

import attrs

from stievents import _time
from stievents.fieldtypes import Field, FieldType, Shape, fields

__all__ = ["structurer", "text_is_clean", "unstructurer", "write_any", "writer"]

_MISSING = object()


class _Fallback(Exception):
    """The fast reader met something it does not vouch for: let the converter decide."""


def _fail() -> Any:
    raise _Fallback


def write_any(value: Any, nl: str) -> str:
    """Plain data as canonical JSON at the indentation of ``nl`` (a newline and spaces).

    JSON text never holds a raw newline inside a string, so re-indenting the
    stdlib's output is exact.
    """
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", nl)


_REFUSED_ESCAPE_RE = re.compile(r"\\(?:[bf]|u(?:00[01]|[dD][89a-fA-F]))")
"""A JSON escape that may stand for a character the model refuses: ``\\b``, ``\\f``, ``\\u0000`` to
``\\u001F`` (TAB, LF and CR among them: harmless, found all the same) and a surrogate ``\\uD800`` to
``\\uDFFF`` (a pair of them too, though the decoder joins a pair into one valid character)."""


def text_is_clean(text: str, *, from_utf8: bool = False) -> bool:
    """True when no string the stdlib's strict JSON decoder reads from ``text`` can hold a character the model refuses.

    The model refuses the characters of :data:`stievents.text.UNENCODABLE_RE` in every text
    field, and searching for them string by string was the largest part of checking a decoded
    object. Two cheap passes over the whole text prove instead that none is there. A decoded
    string holds a character either because the text holds it raw or through an escape. Raw,
    only a lone surrogate can get in: the strict decoder refuses raw control characters inside a
    string, and text decoded from UTF-8 (``from_utf8``) or pure ASCII holds no surrogate.
    Escaped, :data:`_REFUSED_ESCAPE_RE` finds every escape that can give a refused character.
    It finds a few harmless ones too (a backslash that is itself escaped before ``u0001``, ``\\t``
    written as ``\\u0009``, an escaped surrogate pair): then the objects search their strings as
    usual, which is only slower.
    """
    if _REFUSED_ESCAPE_RE.search(text) is not None:
        return False
    if from_utf8 or text.isascii():
        return True
    step = 1 << 20  # a lone surrogate is the one thing UTF-8 cannot encode; in pieces, to hold no copy of it all
    try:
        for start in range(0, len(text), step):
            text[start : start + step].encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_ZONE_KEYS: dict[Any, str] = {}
"""Each ``zoneinfo.ZoneInfo`` written so far, with its key as JSON string content (a few hundred at most)."""


def _temporal_json(value: Any) -> str:
    """The JSON string of a date or datetime (``format_temporal``); learns the zone for the inlined path."""
    text = encode_basestring(_time.format_temporal(value))
    tz = getattr(value, "tzinfo", None)
    if type(value) is dt.datetime and type(tz) is zoneinfo.ZoneInfo:  # as format_temporal's own shortcut
        if len(_ZONE_KEYS) >= 1024:  # zone objects made afresh after ZoneInfo.clear_cache(), say
            _ZONE_KEYS.clear()
        _ZONE_KEYS[tz] = encode_basestring(tz.key)[1:-1]
    return text


def _shared(
    table: dict[tuple[Any, ...], tuple[Any, ...]], key: tuple[Any, ...], value: tuple[Any, ...]
) -> tuple[Any, ...]:
    """``value``, kept in ``table`` under ``key`` for the next equal list (at most 256 of them per field)."""
    if len(table) < 256:
        table[key] = value
    return value


def _list(items: list[str], nl: str) -> str:
    if not items:
        return "[]"
    inner = nl + "  "
    return "[" + inner + ("," + inner).join(items) + nl + "]"


# ------------------------------------------------------------------ type plans
# What a field type is (optional? a tuple of what? an enum?) comes from stievents.fieldtypes,
# as for the converter, the schema and the model's own type check.


def _omit_test(field: Field) -> str | None:
    """The condition under which a field is written, or ``None`` for always (as serialize._is_empty_default)."""
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return None
    if default is None:
        return "v is not None"
    if type(default) is tuple and default == ():
        return "(v.__class__ is not tuple or len(v))"
    if default is False:
        return "v is not False"
    if type(default) is int and default == 0:
        return "not (v.__class__ is int and v == 0)"
    return None


class _Gen:
    """Builds the source of the three functions of one class, and the names they refer to."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {
            "_fail": _fail,
            "_list": _list,
            "_any": write_any,
            "enc": encode_basestring,
            "fmt": _time.format_temporal,
            "parse": _time.read_temporal,
            "frepr": float.__repr__,
            "irepr": int.__repr__,
            "MISSING": _MISSING,
            "new": object.__new__,
            "DT": dt.datetime,
            "ZK": _ZONE_KEYS,
            "tj": _temporal_json,
            "_shared": _shared,
        }
        self.count = 0

    def ref(self, value: Any, hint: str) -> str:
        self.count += 1
        name = f"_{hint}{self.count}"
        self.names[name] = value
        return name

    # ---------------------------------------------------------- structure

    def structure(self, kind: FieldType, x: str, depth: int) -> str:
        """An expression turning plain ``x`` into a value of ``kind``, or raising."""
        shape = kind.shape
        if shape is Shape.TEMPORAL:
            call = f"parse({x}, {kind.dates}, p)"
            return f"(None if {x} is None else {call})" if kind.optional else call
        if shape is Shape.OTHER:
            return self._other_structure(kind.annotation, x)
        if shape is Shape.SCALAR:
            if kind.cls is float:
                inner = f"({x} if {x}.__class__ is float else float({x}) if {x}.__class__ is int else _fail())"
            else:
                assert kind.cls is not None
                inner = f"({x} if {x}.__class__ is {kind.cls.__name__} else _fail())"
        elif shape is Shape.TUPLE:
            assert kind.item is not None
            y = f"y{depth}"
            item = self.structure(kind.item, y, depth + 1)
            listed = f"({x}.__class__ is list or {x}.__class__ is tuple)"
            if kind.item.shape is Shape.ENUM and not kind.item.optional:
                # Members of a small closed set: one shared tuple per list of values (roles: ["host"]),
                # which is equal, immutable, and one object fewer for the garbage collector to track.
                shared = self.ref({}, "T")
                build = f"_shared({shared}, k, tuple([{self.structure(kind.item, y, depth + 1)} for {y} in k]))"
                inner = f"(({shared}[k] if (k := tuple({x})) in {shared} else {build}) if {listed} else _fail())"
            else:
                inner = f"(tuple([{item} for {y} in {x}]) if {listed} else _fail())"
        elif shape is Shape.ENUM:
            table = self.ref({member.value: member for member in typing.cast(Any, kind.cls)}, "E")
            inner = f"{table}[{x}]"
        else:
            assert kind.cls is not None
            inner = f"{self.ref(structurer(kind.cls), 'S')}({x}, p)"
        return f"(None if {x} is None else {inner})" if kind.optional else inner

    def _other_structure(self, kind: Any, x: str) -> str:
        from stievents.serialize import get_converter

        return f"{self.ref(get_converter().structure, 'C')}({x}, {self.ref(kind, 'T')})"

    # ---------------------------------------------------------- unstructure

    def unstructure(self, kind: FieldType, x: str, depth: int) -> str:
        """An expression turning the model value ``x`` into plain data (as the converter's hooks)."""
        shape = kind.shape
        if shape is Shape.SCALAR:
            return x
        if shape is Shape.TEMPORAL:
            return f"(None if {x} is None else fmt({x}))"
        if shape is Shape.OTHER:
            return self._other_unstructure(x)
        if shape is Shape.TUPLE:
            assert kind.item is not None
            y = f"y{depth}"
            inner = f"[{self.unstructure(kind.item, y, depth + 1)} for {y} in {x}]"
        elif shape is Shape.ENUM:
            inner = f"{x}._value_"  # the attribute itself: .value is a Python-level property
        else:
            assert kind.cls is not None
            inner = f"{self.ref(unstructurer(kind.cls), 'U')}({x})"
        return f"(None if {x} is None else {inner})" if kind.optional else inner

    def _other_unstructure(self, x: str) -> str:
        from stievents.serialize import get_converter

        return f"{self.ref(get_converter().unstructure, 'C')}({x})"

    # ---------------------------------------------------------- write

    def write(self, kind: FieldType, x: str, nl: str, depth: int) -> str:
        """An expression giving the canonical JSON text of model value ``x`` on a line indented as ``nl``."""
        shape = kind.shape
        if shape is Shape.TEMPORAL:
            # format_temporal inlined for a datetime in a zone seen before: its key's JSON text looked up
            known = f"{x}.__class__ is DT and (k := ZK.get({x}.tzinfo)) is not None"
            return f"('null' if {x} is None else (f'\"{{{x}.isoformat()}}[{{k}}]\"' if {known} else tj({x})))"
        if shape is Shape.OTHER:
            return f"_any({self._other_unstructure(x)}, {nl})"
        if shape is Shape.SCALAR:
            inner = {
                str: f"(enc({x}) if {x}.__class__ is str else _any({x}, {nl}))",
                int: f"(irepr({x}) if {x}.__class__ is int else _any({x}, {nl}))",
                bool: f"('true' if {x} is True else 'false' if {x} is False else _any({x}, {nl}))",
                float: f"(frepr({x}) if {x}.__class__ is float and {x} - {x} == 0 else _any({x}, {nl}))",
            }[typing.cast(type, kind.cls)]
        elif shape is Shape.TUPLE:
            assert kind.item is not None
            y = f"y{depth}"
            item = self.write(kind.item, y, f"({nl} + '  ')", depth + 1)
            inner = f"_list([{item} for {y} in {x}], {nl})"
        elif shape is Shape.ENUM:
            # Looked up by the member's class and value: an enum member's own hash is Python code.
            members = typing.cast(Any, kind.cls)
            texts = {member._value_: encode_basestring(member.value) for member in members if type(member.value) is str}
            fallback = f"(enc({x}.value) if {x}.value.__class__ is str else _any({x}.value, {nl}))"
            known = f"{x}.__class__ is {self.ref(kind.cls, 'K')}"
            inner = f"(({known} and {self.ref(texts, 'J')}.get({x}._value_)) or {fallback})"
        else:
            assert kind.cls is not None
            inner = f"{self.ref(writer(kind.cls), 'W')}({x}, {nl})"
        return f"('null' if {x} is None else {inner})" if kind.optional else inner


def _compile(source: str, names: dict[str, Any], name: str) -> Callable[..., Any]:
    namespace = dict(names)
    exec(compile(source, f"<stievents generated {name}>", "exec"), namespace)
    return typing.cast(Callable[..., Any], namespace[name])


_STRUCTURERS: dict[type, Callable[..., Any]] = {}
_UNSTRUCTURERS: dict[type, Callable[[Any], dict[str, Any]]] = {}
_WRITERS: dict[type, Callable[[Any, str], str]] = {}


def structurer(cls: type) -> Callable[..., Any]:
    """``cls`` from plain data, for input that is certainly valid; raises on anything else.

    Called as ``structure(data)``, or ``structure(data, True)`` by the canonical reader for data
    parsed from a text :func:`text_is_clean` has proven.
    """
    found = _STRUCTURERS.get(cls)
    if found is None:
        found = _STRUCTURERS[cls] = _make_structurer(cls)
    return found


def unstructurer(cls: type) -> Callable[[Any], dict[str, Any]]:
    """Plain data of a ``cls`` object, as the converter gives it."""
    found = _UNSTRUCTURERS.get(cls)
    if found is None:
        found = _UNSTRUCTURERS[cls] = _make_unstructurer(cls)
    return found


def writer(cls: type) -> Callable[[Any, str], str]:
    """Canonical JSON text of a ``cls`` object whose first line is indented as ``nl``."""
    found = _WRITERS.get(cls)
    if found is None:
        write_into = writer_into(cls)

        def write(o: Any, nl: str) -> str:
            out: list[str] = []
            write_into(o, nl, out)
            return "".join(out)

        found = _WRITERS[cls] = write
    return found


_WRITERS_INTO: dict[type, Callable[[Any, str, list[str]], None]] = {}


def writer_into(cls: type) -> Callable[[Any, str, list[str]], None]:
    """:func:`writer`, appending the pieces of the text to a list: nested objects join their holder's list."""
    found = _WRITERS_INTO.get(cls)
    if found is None:
        found = _WRITERS_INTO[cls] = _make_writer(cls)
    return found


def _list_into(items: Any, nl: str, out: list[str], write_into: Callable[[Any, str, list[str]], None]) -> None:
    """A list of objects (``_list`` of their texts) written straight into ``out``."""
    if not items:
        out.append("[]")
        return
    inner = nl + "  "
    separator = "[" + inner
    for item in items:
        out.append(separator)
        write_into(item, inner, out)
        separator = "," + inner
    out.append(nl + "]")


def _proven_init(cls: type) -> bool:
    """True when ``cls`` can be built by the reader's own path: its checks take the ``_proven`` flag, and
    its ``__init__`` does no more than store each argument (no validator, converter, factory or alias)."""
    post_init = getattr(cls, "__attrs_post_init__", None)
    if post_init is None or "_proven" not in inspect.signature(post_init).parameters:
        return False
    return all(
        f.init and f.validator is None and f.converter is None and not isinstance(f.default, attrs.Factory)  # type: ignore[arg-type]
        for f in attrs.fields(cls)
    )


def _make_structurer(cls: type) -> Callable[..., Any]:
    """``structure(d, p=False)``; ``p`` says the document's text is proven clean (see :func:`text_is_clean`).

    A class whose checks take the ``_proven`` flag is built without its ``__init__``: a new object,
    each slot stored as attrs' ``__init__`` stores it, then its ``__attrs_post_init__(p)``. Every value
    was given exactly its declared type above, and every datetime came from ``_time.read_temporal``,
    which refuses any that is not valid in its zone: those are the checks ``p`` lets the model skip
    (with the text search, when the whole text was proven clean). Any other class is called as usual.
    """
    gen = _Gen()
    keys = gen.ref(frozenset(f.name for f in fields(cls)), "K")
    lines = [
        "def structure(d, p=False):",
        "    if d.__class__ is not dict or not d.keys() <= " + keys + ":",
        "        _fail()",
        "    g = d.get",
    ]
    private = _proven_init(cls)
    if private:
        lines.append(f"    o = new({gen.ref(cls, 'CLS')})")
    arguments = []
    for field in fields(cls):
        expression = gen.structure(field.type, "v", 0)
        if field.default is None and field.type.optional:
            # missing or null: None either way, and the expression maps None to None
            lines.append(f"    v = g({field.name!r})")
            value = expression
        elif field.default is attrs.NOTHING:
            lines.append(f"    v = g({field.name!r}, MISSING)")
            value = f"_fail() if v is MISSING else {expression}"
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            assert not private
            lines.append(f"    v = g({field.name!r}, MISSING)")
            lines.append(f"    if v is not MISSING: kw[{field.alias!r}] = {expression}")
            lines.insert(4, "    kw = {}")
            arguments.append("**kw")
            continue
        else:
            lines.append(f"    v = g({field.name!r}, MISSING)")
            value = f"{gen.ref(field.default, 'D')} if v is MISSING else {expression}"
        if private:
            store = gen.ref(typing.cast(Any, cls).__dict__[field.name].__set__, "set")  # the slot's own setter
            lines.append(f"    {store}(o, {value})")
        else:
            lines.append(f"    a_{field.name} = {value}")
            arguments.append(f"{field.alias}=a_{field.name}")
    if private:
        lines.append("    o.__attrs_post_init__(p)")
        lines.append("    return o")
    else:
        lines.append(f"    return {gen.ref(cls, 'CLS')}({', '.join(dict.fromkeys(arguments))})")
    return _compile("\n".join(lines) + "\n", gen.names, "structure")


def _make_unstructurer(cls: type) -> Callable[[Any], dict[str, Any]]:
    gen = _Gen()
    lines = ["def unstructure(o):", "    out = {}"]
    for field in fields(cls):
        lines.append(f"    v = o.{field.name}")
        test = _omit_test(field)
        assign = f"out[{field.name!r}] = {gen.unstructure(field.type, 'v', 0)}"
        lines.append(f"    if {test}: {assign}" if test else f"    {assign}")
    lines.append("    return out")
    return _compile("\n".join(lines) + "\n", gen.names, "unstructure")


def _make_writer(cls: type) -> Callable[[Any, str, list[str]], None]:
    """Generate ``write_into(o, nl, out)``: the pieces of the object's text appended to one list.

    The text before each value (``,`` a newline, the indentation and the key) depends only on the
    indentation, so it is built once per indentation (``prefixes``) rather than for every value;
    nested objects, alone or in lists, append their own pieces to the same list, so the text of an
    event is joined once.
    """
    gen = _Gen()
    gen.names["_list_into"] = _list_into
    names = [json.dumps(field.name) + ": " for field in fields(cls)]

    def prefixes(nl: str) -> tuple[str, ...]:
        inner = nl + "  "
        return (*(f",{inner}{name}" for name in names), "{" + inner + names[0], nl + "}", inner)

    table: dict[str, tuple[str, ...]] = {}
    gen.names["table"] = table
    gen.names["prefixes"] = prefixes
    lines = [
        "def write_into(o, nl, out):",
        "    P = table.get(nl)",
        "    if P is None:",
        "        P = table[nl] = prefixes(nl)",
        f"    i = P[{len(names) + 2}]",
        "    a = out.append",
    ]
    always = 0  # the leading fields written whatever their value: added in one go
    for field in fields(cls):
        if _omit_test(field) is not None or _nested(field.type) is not None:
            break
        always += 1
    if always:
        items = []
        for index, field in enumerate(fields(cls)[:always]):
            lines.append(f"    v{index} = o.{field.name}")
            opening = len(names) if index == 0 else index
            items.append(f"P[{opening}], {gen.write(field.type, f'v{index}', 'i', 0)}")
        lines.append(f"    out += ({', '.join(items)},)")
    else:
        lines.append("    start = len(out)")
    for index, field in enumerate(fields(cls)[always:], start=always):
        lines.append(f"    v = o.{field.name}")
        test = _omit_test(field)
        nested = _nested(field.type)
        if nested is not None:
            inner = gen.ref(writer_into(nested), "WI")
            if field.type.shape is Shape.TUPLE:
                assign = f"a(P[{index}]); _list_into(v, i, out, {inner})"
            elif field.type.optional:
                assign = f"a(P[{index}]); a('null') if v is None else {inner}(v, i, out)"
            else:
                assign = f"a(P[{index}]); {inner}(v, i, out)"
        else:
            assign = f"a(P[{index}]); a({gen.write(field.type, 'v', 'i', 0)})"
        lines.append(f"    if {test}: {assign}" if test else f"    {assign}")
    if not always:
        lines.append("    if len(out) == start:")
        lines.append("        a('{}')")
        lines.append("        return")
        lines.append("    out[start] = '{' + out[start][1:]")
    lines.append(f"    a(P[{len(names) + 1}])")
    return _compile("\n".join(lines) + "\n", gen.names, "write_into")


def _nested(kind: FieldType) -> type | None:
    """The class of a field that is an object or a list of objects (written into the holder's list), else None."""
    if kind.shape is Shape.RECORD:
        return kind.cls
    if kind.shape is Shape.TUPLE and not kind.optional and kind.item is not None:
        item = kind.item
        if item.shape is Shape.RECORD and not item.optional:
            return item.cls
    return None

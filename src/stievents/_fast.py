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
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

import attrs

from stievents import _time
from stievents.fieldtypes import Field, FieldType, Shape, fields

__all__ = ["structurer", "unstructurer", "write_any", "writer"]

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
            "parse": _time.parse_temporal_cached,
            "frepr": float.__repr__,
            "irepr": int.__repr__,
            "MISSING": _MISSING,
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
            call = f"parse({x}, {kind.dates})"
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
            inner = f"(tuple([{item} for {y} in {x}]) if {listed} else _fail())"
        elif shape is Shape.ENUM:
            table = self.ref({member.value: member for member in typing.cast(Any, kind.cls)}, "E")
            inner = f"{table}[{x}]"
        else:
            assert kind.cls is not None
            inner = f"{self.ref(structurer(kind.cls), 'S')}({x})"
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
            return f"('null' if {x} is None else enc(fmt({x})))"
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


_STRUCTURERS: dict[type, Callable[[Any], Any]] = {}
_UNSTRUCTURERS: dict[type, Callable[[Any], dict[str, Any]]] = {}
_WRITERS: dict[type, Callable[[Any, str], str]] = {}


def structurer(cls: type) -> Callable[[Any], Any]:
    """``cls`` from plain data, for input that is certainly valid; raises on anything else."""
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
        found = _WRITERS[cls] = _make_writer(cls)
    return found


def _make_structurer(cls: type) -> Callable[[Any], Any]:
    gen = _Gen()
    keys = gen.ref(frozenset(f.name for f in fields(cls)), "K")
    lines = [
        "def structure(d):",
        "    if d.__class__ is not dict or not d.keys() <= " + keys + ":",
        "        _fail()",
        "    g = d.get",
    ]
    arguments = []
    for field in fields(cls):
        target = f"a_{field.name}"
        lines.append(f"    v = g({field.name!r}, MISSING)")
        expression = gen.structure(field.type, "v", 0)
        if field.default is attrs.NOTHING:
            lines.append(f"    {target} = _fail() if v is MISSING else {expression}")
            arguments.append(f"{field.alias}={target}")
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            lines.append(f"    if v is not MISSING: kw[{field.alias!r}] = {expression}")
            lines.insert(4, "    kw = {}")
            arguments.append("**kw")
        else:
            default = gen.ref(field.default, "D")
            lines.append(f"    {target} = {default} if v is MISSING else {expression}")
            arguments.append(f"{field.alias}={target}")
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


def _make_writer(cls: type) -> Callable[[Any, str], str]:
    gen = _Gen()
    lines = ["def write(o, nl):", "    i = nl + '  '", "    items = []", "    a = items.append"]
    for field in fields(cls):
        lines.append(f"    v = o.{field.name}")
        test = _omit_test(field)
        key = json.dumps(field.name) + ": "
        assign = f"a({key!r} + {gen.write(field.type, 'v', 'i', 0)})"
        lines.append(f"    if {test}: {assign}" if test else f"    {assign}")
    lines.append("    if not items:")
    lines.append("        return '{}'")
    lines.append("    return '{' + i + (',' + i).join(items) + nl + '}'")
    return _compile("\n".join(lines) + "\n", gen.names, "write")

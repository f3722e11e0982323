"""What the declared type of a model field is, read once for every part of stievents that needs to know.

The model's fields use a handful of type shapes: a scalar (``str``, ``int``,
``float``, ``bool``), an instant or day (``dt.datetime``, ``dt.date`` or
:data:`~stievents.model.Temporal`), an enum, another attrs class (a record),
a homogeneous tuple of one of these (``tuple[Person, ...]``), each possibly
``| None``. :func:`describe` turns an annotation into a :class:`FieldType` that
says which; :func:`fields` does it for every field of an attrs class, once.

Why one module: the type checks the model runs when an object is built, the
canonical converter and its generated fast path (:mod:`stievents.serialize`,
``stievents._fast``), the JSON Schema generator, the list of facts and the
plugins all read the same annotations. Reading them in one place keeps them
agreeing on, say, whether ``dt.date`` admits datetimes (it does: a datetime is a
date; ``dt.datetime`` alone admits no plain date).

This module is public so that plugins, which may only use the core's public
API, can ask the same questions (``fields(Event)``, ``describe(kind).record``).
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any

import attrs

__all__ = ["Field", "FieldType", "Shape", "describe", "field", "fields", "union_members"]

_NONE = type(None)
_SCALARS = (str, int, float, bool)


class Shape(enum.Enum):
    """The shape of a field type once ``| None`` is set aside."""

    SCALAR = "scalar"
    """``str``, ``int``, ``float`` or ``bool`` (:attr:`FieldType.cls` says which)."""
    TEMPORAL = "temporal"
    """A ``dt.datetime``, or also a ``dt.date`` when :attr:`FieldType.dates` is true."""
    ENUM = "enum"
    """A member of the enum class :attr:`FieldType.cls`."""
    RECORD = "record"
    """An object of the attrs class :attr:`FieldType.cls`."""
    TUPLE = "tuple"
    """A homogeneous ``tuple[X, ...]`` whose items are :attr:`FieldType.item`."""
    OTHER = "other"
    """Anything else (another union, ``Any``): no rule of ours applies."""


@attrs.frozen(kw_only=True)
class FieldType:
    """One declared type, described: its :class:`Shape`, whether ``None`` is allowed, and what it holds."""

    annotation: Any
    """The type as declared (``tuple[Person, ...]``, ``dt.datetime | dt.date | None``)."""
    shape: Shape
    optional: bool = False
    """True when the annotation admits ``None``."""
    cls: type | None = None
    """The scalar, enum or attrs class (``None`` for temporals, tuples and others)."""
    item: FieldType | None = None
    """The description of a tuple's items."""
    dates: bool = False
    """For a temporal: plain dates are allowed besides datetimes (``dt.date`` in the annotation)."""

    @property
    def record(self) -> type | None:
        """The attrs class this type holds, directly or as a tuple's items (``contacts`` gives Contact)."""
        if self.shape is Shape.RECORD:
            return self.cls
        if self.item is not None and self.item.shape is Shape.RECORD:
            return self.item.cls
        return None


@attrs.frozen(kw_only=True)
class Field:
    """One field of an attrs class: its name, its ``__init__`` keyword and its described type."""

    name: str
    alias: str
    type: FieldType
    default: Any
    """The default value, an :class:`attrs.Factory`, or :data:`attrs.NOTHING` for a required field."""

    @property
    def required(self) -> bool:
        """True when the field has no default."""
        return self.default is attrs.NOTHING


def union_members(annotation: Any) -> tuple[Any, ...] | None:
    """The members of a union annotation (``X | None`` gives ``(X, NoneType)``), else ``None``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return typing.get_args(annotation)
    return None


def describe(annotation: Any) -> FieldType:
    """The :class:`FieldType` of a (resolved, not string) annotation."""
    try:
        found = _DESCRIBED.get(annotation)
    except TypeError:  # an unhashable annotation: described afresh each time
        return _describe(annotation)
    if found is None:
        found = _DESCRIBED[annotation] = _describe(annotation)
    return found


_DESCRIBED: dict[Any, FieldType] = {}


def _describe(annotation: Any) -> FieldType:
    members = union_members(annotation)
    optional = members is not None and _NONE in members
    rest = tuple(m for m in members if m is not _NONE) if members is not None else (annotation,)
    if rest and set(rest) <= {dt.datetime, dt.date}:
        return FieldType(annotation=annotation, shape=Shape.TEMPORAL, optional=optional, dates=dt.date in rest)
    if len(rest) != 1:
        return FieldType(annotation=annotation, shape=Shape.OTHER, optional=optional)
    (kind,) = rest
    if kind in _SCALARS:
        return FieldType(annotation=annotation, shape=Shape.SCALAR, optional=optional, cls=kind)
    args = typing.get_args(kind)
    if typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return FieldType(annotation=annotation, shape=Shape.TUPLE, optional=optional, item=describe(args[0]))
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return FieldType(annotation=annotation, shape=Shape.ENUM, optional=optional, cls=kind)
    if isinstance(kind, type) and attrs.has(kind):
        return FieldType(annotation=annotation, shape=Shape.RECORD, optional=optional, cls=kind)
    return FieldType(annotation=annotation, shape=Shape.OTHER, optional=optional)


def fields(cls: type) -> tuple[Field, ...]:
    """Every field of the attrs class ``cls``, in declaration order, its annotation resolved and described."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple(
            Field(name=f.name, alias=f.alias or f.name, type=describe(f.type), default=f.default)
            for f in attrs.fields(attrs.resolve_types(cls))
        )
    return found


_FIELDS: dict[type, tuple[Field, ...]] = {}


def field(cls: type, name: str) -> Field:
    """The field ``name`` of the attrs class ``cls``; ``KeyError`` if it has none of that name."""
    for found in fields(cls):
        if found.name == name:
            return found
    raise KeyError(name)

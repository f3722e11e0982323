"""The JSON Schema (draft 2020-12) of the canonical document, generated from the model.

cattrs has no schema generator, so this walks the model's fields as
:mod:`stievents.fieldtypes` describes them, with the same rules the converter
applies: optional values may be omitted, tuples are arrays, enums are their
lower-kebab values, datetimes RFC 9557 strings. The
generated schema is shipped as ``stievents/data/stievents-1.0.schema.json``; a
test checks that the shipped file matches the model.
"""

from __future__ import annotations

import enum
import json
import typing
from importlib import resources
from typing import Any

from stievents import fieldtypes
from stievents.model import Event
from stievents.serialize import FORMAT_NAME, FORMAT_VERSION

__all__ = ["SCHEMA_ID", "generate_schema", "render_schema", "schema_text"]

SCHEMA_ID = f"https://stievents.readthedocs.io/schema/stievents-{FORMAT_VERSION}.schema.json"
_FILE = f"stievents-{FORMAT_VERSION}.schema.json"

_DATETIME = {
    "type": "string",
    "description": "RFC 9557 datetime with offset and IANA zone, e.g. 2020-03-05T09:30:00+01:00[Europe/Paris]",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)\[[A-Za-z0-9_+\-/]+\]$",
}
_DATE = {"type": "string", "description": "An all-day date, e.g. 2020-03-05", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def _docstring(cls: type) -> str:
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(doc.split())


def _type_schema(kind: fieldtypes.FieldType, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one field type; ``None`` is never written (an absent key is), so optionality adds nothing."""
    shape = kind.shape
    if shape is fieldtypes.Shape.TEMPORAL:
        if kind.dates:
            return {"anyOf": [{"$ref": "#/$defs/datetime"}, {"$ref": "#/$defs/date"}]}
        return {"$ref": "#/$defs/datetime"}
    if shape is fieldtypes.Shape.TUPLE:
        assert kind.item is not None
        return {"type": "array", "items": _type_schema(kind.item, defs)}
    if shape is fieldtypes.Shape.SCALAR:
        return {"type": _JSON_TYPES[typing.cast(type, kind.cls)]}
    if shape is fieldtypes.Shape.ENUM:
        return {"enum": [member.value for member in typing.cast(type[enum.Enum], kind.cls)]}
    if shape is fieldtypes.Shape.RECORD:
        assert kind.cls is not None
        _define(kind.cls, defs)
        return {"$ref": f"#/$defs/{kind.cls.__name__}"}
    members = fieldtypes.union_members(kind.annotation)
    if members is not None:
        return {"anyOf": [_type_schema(fieldtypes.describe(m), defs) for m in members if m is not type(None)]}
    raise TypeError(f"no JSON Schema rule for {kind.annotation!r}")


_JSON_TYPES = {str: "string", bool: "boolean", int: "integer", float: "number"}


def _define(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder against recursion
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in fieldtypes.fields(cls):
        properties[field.name] = _type_schema(field.type, defs)
        if field.required:
            required.append(field.name)
    definition: dict[str, Any] = {
        "type": "object",
        "description": _docstring(cls),
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        definition["required"] = required
    defs[cls.__name__] = definition


def generate_schema() -> dict[str, Any]:
    """The schema of the whole document, generated from the model now."""
    defs: dict[str, Any] = {"datetime": _DATETIME, "date": _DATE}
    _define(Event, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"stievents document {FORMAT_VERSION}",
        "description": "Science, technology and innovation policy events in the canonical stievents format.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT_NAME},
            "format_version": {"type": "string", "pattern": r"^1\.\d+$"},
            "events": {"type": "array", "items": {"$ref": "#/$defs/Event"}},
        },
        "required": ["format", "format_version", "events"],
        "additionalProperties": False,
        "$defs": {name: defs[name] for name in sorted(defs)},
    }


def render_schema(schema: dict[str, Any]) -> str:
    """The schema as the shipped file writes it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_text() -> str:
    """The shipped schema file's text (what ``stievents schema`` prints)."""
    return resources.files("stievents").joinpath("data", _FILE).read_text(encoding="utf-8")

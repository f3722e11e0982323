"""Turning ``-O KEY=VALUE`` strings and keyword arguments into a format's options object."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import attrs

from stievents.errors import Problem, ValidationError

__all__ = ["build_options"]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _coerce(text: str, kind: Any) -> Any:
    args = typing.get_args(kind)
    if type(None) in args and text.lower() in {"", "none"}:
        return None
    if args:
        non_none = [a for a in args if a is not type(None)]
        if typing.get_origin(kind) is tuple:
            return tuple(part.strip() for part in text.split(",") if part.strip())
        if len(non_none) == 1:
            kind = non_none[0]
    if kind is bool:
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"expected true or false, got {text!r}")
    if kind is int:
        return int(text)
    if kind is float:
        return float(text)
    return text


def build_options(options_class: type, format_name: str, values: Mapping[str, Any]) -> Any:
    """An instance of ``options_class`` from ``values``; strings are converted to field types."""
    fields = {f.name: f for f in attrs.fields(attrs.resolve_types(options_class))}
    problems: list[Problem] = []
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        name = key.replace("-", "_")
        field = fields.get(name)
        if field is None:
            known = ", ".join(sorted(fields)) or "none"
            problems.append(
                Problem(path=f"options.{key}", message=f"unknown option for {format_name!r} (known: {known})")
            )
            continue
        if isinstance(value, str) and field.type is not str:
            try:
                value = _coerce(value, field.type)
            except ValueError as exc:
                problems.append(Problem(path=f"options.{key}", message=str(exc)))
                continue
        kwargs[name] = value
    if problems:
        raise ValidationError(problems)
    try:
        return options_class(**kwargs)
    except (TypeError, ValueError) as exc:
        raise ValidationError([Problem(path="options", message=f"{format_name}: {exc}")]) from None

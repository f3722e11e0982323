"""Reading loose JSON-LD values: one-or-many, language-tagged strings, node types, URLs."""

from __future__ import annotations

import re
from typing import Any

from stievents_jsonld import _vocab
from stievents_jsonld._ids import is_absolute_url

_SLUG_RE = re.compile(r"[^A-Za-z0-9._\-]+")


def many(value: Any) -> list[Any]:
    """``value`` as a list (``None`` -> ``[]``)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def types(node: Any) -> list[str]:
    """The local schema.org type names of a node (``[]`` for a non-object)."""
    if not isinstance(node, dict):
        return []
    return [_vocab.local_name(t) for t in many(node.get("@type")) if isinstance(t, str)]


def is_event(node: Any) -> bool:
    """True when the node's type is schema:Event or a subtype."""
    return any(t in _vocab.EVENT_TYPES for t in types(node))


def texts(value: Any) -> list[tuple[str, str | None]]:
    """Every string in a text value, with its language tag when it has one."""
    found: list[tuple[str, str | None]] = []
    for item in many(value):
        if isinstance(item, str):
            found.append((item, None))
        elif isinstance(item, dict) and isinstance(item.get("@value"), str):
            language = item.get("@language")
            found.append((item["@value"], language if isinstance(language, str) else None))
    return found


def text(value: Any) -> str | None:
    """The first non-blank string of a text value (plain or tagged), as written; ``None`` if none.

    Surrounding whitespace and line breaks are kept: they are part of the
    value the exporter wrote (schema.org Text does not ask to trim them).
    """
    for item, _ in texts(value):
        if item.strip():
            return item
    return None


def node_id(value: Any) -> str | None:
    """The ``@id`` of a node or node reference, or the IRI a bare string names."""
    if isinstance(value, dict) and isinstance(value.get("@id"), str):
        return str(value["@id"])
    return None


def url(value: Any) -> str | None:
    """The first absolute http(s) URL in a URL value (string, ``@id`` or ``{"url": ...}``)."""
    for item in many(value):
        candidate = item if isinstance(item, str) else None
        if isinstance(item, dict):
            candidate = item.get("url") or item.get("contentUrl") or item.get("@id")
        if isinstance(candidate, str) and is_absolute_url(candidate.strip()):
            return candidate.strip()
    return None


def slug(text_value: str, fallback: str = "event") -> str:
    """A stievents id (letters, digits, '.', '_', '-') from any text."""
    cleaned = _SLUG_RE.sub("-", text_value).strip("-._")[:120]
    return cleaned or fallback


def boolean(value: Any) -> bool | None:
    """A JSON boolean, or the strings true/false (also as schema.org IRIs)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        name = _vocab.local_name(value.strip()).lower()
        if name in {"true", "false"}:
            return name == "true"
    return None

"""JSON-LD inside an HTML ``<script>`` element that no text can close or comment out."""

from __future__ import annotations

_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def escape_json(text: str) -> str:
    """JSON text with ``<``, ``>``, ``&``, U+2028 and U+2029 as ``\\u003c``-style escapes.

    The JSON value is unchanged (a JSON parser reads the escapes back), but the
    element can no longer contain ``</script>``, ``<!--`` or an entity.
    """
    return text.translate(_ESCAPES)


def script_element(json_text: str) -> str:
    """``<script type="application/ld+json">`` holding the escaped JSON."""
    return f'<script type="application/ld+json">\n{escape_json(json_text)}\n</script>'

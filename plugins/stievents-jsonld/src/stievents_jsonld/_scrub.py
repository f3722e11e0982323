"""Control characters in a JSON-LD document: replaced by U+FFFD with one warning per value, not fatal.

JSON escapes any character (``"\\u000b"``), and pages carry stray controls
pasted from word processors; the model refuses them in every text field
(:data:`stievents.text.UNENCODABLE_RE`), so one stray character would lose the
whole event. Every string of the document is repaired before it is read, and
each is named once by its JSON path (``$.@graph[0].description``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from stievents.text import UNENCODABLE_RE, replace_controls

__all__ = ["may_hold_controls", "scrub_document"]

_ESCAPED_RE = re.compile(r"\\(?:[bf]|u(?:00[01][0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2}))")  # \b is U+0008


def may_hold_controls(text: str) -> bool:
    """False when no string decoded from the JSON ``text`` can hold a control character or lone surrogate."""
    return UNENCODABLE_RE.search(text) is not None or _ESCAPED_RE.search(text) is not None


def scrub_document(root: dict[str, Any] | list[Any], warn: Callable[[str, str], None]) -> None:
    """Replace the controls in every string value of ``root`` in place; ``warn(path, message)`` once per value.

    Iterative, so a document nested as deeply as the JSON parser allows cannot
    exhaust the stack here. Object keys are left: no key is read as text.
    """
    stack: list[tuple[str, Any]] = [("$", root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                node[key] = _visit(value, f"{path}.{key}", stack, warn)
        else:
            for index, value in enumerate(node):
                node[index] = _visit(value, f"{path}[{index}]", stack, warn)


def _visit(value: Any, where: str, stack: list[tuple[str, Any]], warn: Callable[[str, str], None]) -> Any:
    """``value`` repaired if it is a string (warned at ``where``); a container is queued for the walk."""
    if isinstance(value, str):
        if UNENCODABLE_RE.search(value) is not None:
            value, note = replace_controls(value)
            warn(where, note or "")
    elif isinstance(value, dict | list):
        stack.append((where, value))
    return value

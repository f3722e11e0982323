"""Control characters on a page: replaced by U+FFFD with one warning per field of the event, not fatal.

A page has no field names of its own (its lines become fields by position and
label), so a control character is first swapped for a stand-in from the
Supplementary Private Use Area (U+F0000 + its code), one the model accepts and
the parser treats as a letter, the page is read, and every field of the event
holding a stand-in gets U+FFFD instead, with a warning at the model path the
importer uses (``$.events[0].description``). The model refuses the controls
(:data:`stievents.text.UNENCODABLE_RE`); without this one stray NUL or ESC
pasted into a page would lose the whole event.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from stievents.errors import Problem, Severity
from stievents.model import Event
from stievents.text import REPLACEMENT, UNENCODABLE_RE, replace_controls

__all__ = ["mark_controls", "restore_controls"]

_BASE = 0xF0000
_MARKS = str.maketrans({code: _BASE + code for code in range(0x20) if UNENCODABLE_RE.match(chr(code))})
_MARK_RE = re.compile(f"[{chr(_BASE)}-{chr(_BASE + 0x1F)}]")
_REPR_RE = re.compile(r"\\U000[fF]00([01][0-9a-fA-F])")


def mark_controls(chunk: str) -> tuple[str, list[Problem]]:
    """``chunk`` with each control character swapped for its stand-in, ready for :func:`restore_controls`.

    A page that already holds a stand-in character could not be told apart: its
    controls are replaced by U+FFFD at once, with one warning for the page.
    """
    if _MARK_RE.search(chunk) is None:
        return chunk.translate(_MARKS), []
    cleaned, note = replace_controls(chunk)
    return cleaned, [Problem(path="$", message=f"{note}", severity=Severity.WARNING)]


def restore_controls(event: Event | None, problems: list[Problem], path: str) -> tuple[Event | None, list[Problem]]:
    """The event with each stand-in replaced by U+FFFD and a warning per field; messages quoting them too."""
    found: list[Problem] = []
    if event is not None:
        event = _restore(event, path, found)
    fixed = [attrs.evolve(p, message=_message(p.message)) if _quotes_mark(p.message) else p for p in problems]
    return event, fixed + found


def _quotes_mark(text: str) -> bool:
    return _MARK_RE.search(text) is not None or _REPR_RE.search(text) is not None


def _message(text: str) -> str:
    """A problem message quoting page text, with the stand-ins undone.

    One shown as ``repr`` does (``\\U000f001b``) becomes the control's own escape
    (``\\x1b``), a bare one U+FFFD: no control reaches a terminal.
    """
    return _MARK_RE.sub(REPLACEMENT, _REPR_RE.sub(lambda m: f"\\x{m.group(1).lower()}", text))


def _unmark(text: str) -> str:
    return _MARK_RE.sub(lambda m: chr(ord(m.group()) - _BASE), text)


def _restore(value: Any, path: str, found: list[Problem]) -> Any:
    if type(value) is str:
        if _MARK_RE.search(value) is None:
            return value
        cleaned, note = replace_controls(_unmark(value))
        found.append(Problem(path=path, message=f"{note}", severity=Severity.WARNING))
        return cleaned
    if type(value) is tuple:
        items = tuple(_restore(item, f"{path}[{index}]", found) for index, item in enumerate(value))
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if attrs.has(type(value)):
        changes = {}
        for field in attrs.fields(type(value)):
            if not field.init:
                continue
            old = getattr(value, field.name)
            new = _restore(old, f"{path}.{field.name}", found)
            if new is not old:
                changes[field.alias or field.name] = new
        return attrs.evolve(value, **changes) if changes else value
    return value

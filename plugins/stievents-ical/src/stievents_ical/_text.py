"""Text rules shared by export and import: what may reach an iCalendar value, and the composed DESCRIPTION.

iCalendar TEXT may hold any character but the controls (RFC 5545 3.3.11), and
a parameter value may not hold a DQUOTE. We remove what the grammar forbids
before icalendar escapes the rest, so no user text can end a line early.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["QUESTIONS_HEADING", "clean_param", "clean_text", "compose_description", "escape_text", "split_description"]

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
QUESTIONS_HEADING = "Key questions:"


def clean_text(text: str) -> str:
    """``text`` with line ends normalised to LF, DEL shown as U+FFFD and every other control character removed.

    The model refuses C0 controls but TAB, LF and CR, yet accepts DEL (U+007F), which
    RFC 5545 TEXT cannot carry: it becomes U+FFFD, as the importers repair controls,
    so that a title made only of DEL is not written as an empty SUMMARY.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x7f", "\ufffd")
    return _CONTROLS.sub("", text)


def escape_text(text: str) -> str:
    """RFC 5545 TEXT escaping in one pass: backslash, semicolon, comma and LF."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def clean_param(text: str) -> str:
    """A parameter value: one line, no controls, no DQUOTE (which a parameter cannot carry)."""
    return _CONTROLS.sub("", clean_text(text).replace("\n", " ").replace("\t", " ")).replace('"', "'")


def questions_block(questions: Sequence[str]) -> str | None:
    """The plain-text list of key questions that ends a DESCRIPTION, or ``None``."""
    if not questions:
        return None
    return "\n".join([QUESTIONS_HEADING, *(f"- {q}" for q in questions)])


def compose_description(subtitle: str | None, description: str | None, questions: Sequence[str] = ()) -> str | None:
    """Subtitle, description and key questions as one plain-text DESCRIPTION, blank-line separated."""
    parts = [p for p in (subtitle, description, questions_block(questions)) if p is not None]
    return "\n\n".join(parts) if parts else None


def split_description(text: str, subtitle: str | None, questions: Sequence[str] = ()) -> str | None:
    """Undo :func:`compose_description` given the subtitle and questions read from their own properties."""
    if subtitle is not None and text.startswith(subtitle):
        text = text[len(subtitle) :]
        text = text.removeprefix("\n\n")
    block = questions_block(questions)
    if block is not None and text.endswith(block):
        text = text[: -len(block)]
        text = text.removesuffix("\n\n")
    return text or None

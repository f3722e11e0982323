"""The characters no stievents text may hold, and the repair importers of foreign formats apply.

The model refuses NUL and the other C0 controls but TAB, LF and CR (RFC 5545
forbids them in iCalendar TEXT, XML 1.0 and HTML cannot carry them) and lone
surrogates (not UTF-8) in every text field: :data:`UNENCODABLE_RE` is that
class, defined here once so the model's check and the importers' repair can
never disagree.

Our canonical JSON and TOML keep refusing such text: we write them, so a
control character there is an error. Foreign files are messier (Outlook and
Word put vertical tabs or form feeds in descriptions, web pages carry stray
U+0000-U+0008), and refusing a whole event for one stray byte is unfriendly:
their importers call :func:`replace_controls` and report the note it returns
as a warning at the field's place.
"""

from __future__ import annotations

import re

__all__ = ["REPLACEMENT", "UNENCODABLE_RE", "replace_controls"]

UNENCODABLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
"""One character the model refuses in text: a C0 control other than TAB, LF and CR, or a lone surrogate."""

REPLACEMENT = "\ufffd"
"""What :func:`replace_controls` puts in place of each refused character.

U+FFFD for every one, vertical tab and form feed included: it shows that
something was there (a silent removal would join words), and we cannot know
whether a U+000B was Word's line break or noise, so no guess at a newline.
"""


def replace_controls(text: str) -> tuple[str, str | None]:
    """``text`` with each character of :data:`UNENCODABLE_RE` replaced by U+FFFD, and a note saying what was.

    The note is ``None`` when nothing was replaced (``text`` itself is returned
    then), else e.g. ``"replaced 2 control characters (U+000B, U+001B) with U+FFFD"``,
    meant for one warning per field.
    """
    if UNENCODABLE_RE.search(text) is None:
        return text, None
    found = UNENCODABLE_RE.findall(text)
    controls = sum(1 for char in found if char < "\x20")
    surrogates = len(found) - controls
    parts = []
    if controls:
        parts.append(f"{controls} control character{'s' if controls > 1 else ''}")
    if surrogates:
        parts.append(f"{surrogates} lone surrogate{'s' if surrogates > 1 else ''}")
    codes = ", ".join(f"U+{ord(char):04X}" for char in sorted(set(found)))
    note = f"replaced {' and '.join(parts)} ({codes}) with U+FFFD"
    return UNENCODABLE_RE.sub(REPLACEMENT, text), note

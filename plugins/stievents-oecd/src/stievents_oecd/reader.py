"""Reading OECD-style event pages (text, or HTML turned into the same lines) back into events.

The page's structure is the guide, in English or French: the header (title,
banner, kicker, subtitle, summaries, status line), the presentation with its
key questions, then labelled rows. Only what the page states is kept: a label
left empty on the page leaves the fact empty.
"""

from __future__ import annotations

from stievents.errors import FormatError
from stievents.plugin_types import ImportContext, ImportResult
from stievents_oecd.textual import EVENT_SEPARATOR

__all__ = ["MAX_BYTES", "read_html", "read_text"]

MAX_BYTES = 20_000_000


def _decode(data: bytes, what: str) -> str:
    if len(data) > MAX_BYTES:
        from stievents.errors import LimitExceededError

        raise LimitExceededError(f"{what} input is larger than {MAX_BYTES} bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{what} input is not UTF-8: {exc}") from None
    if text.count("\x00") * 8 > len(text):  # UTF-16 read as UTF-8, or binary; a stray NUL is repaired
        raise FormatError(f"{what} input is mostly NUL characters: not a UTF-8 text page")
    if not text.strip():
        raise FormatError(f"{what} input is empty")
    return text


def _read(text: str) -> ImportResult:
    from stievents.text import UNENCODABLE_RE
    from stievents_oecd.controls import mark_controls, restore_controls
    from stievents_oecd.pageparse import parse_page

    events = []
    problems = []
    chunks = [chunk for chunk in _split(text) if chunk.strip()]
    for index, chunk in enumerate(chunks):
        path = f"$.events[{index}]"
        if UNENCODABLE_RE.search(chunk) is None:
            event, found = parse_page(chunk, path, index)
        else:  # stray controls: read with stand-ins, then U+FFFD and a warning per field
            marked, early = mark_controls(chunk)
            event, found = parse_page(marked, path, index)
            if early:  # the page held stand-in characters already: its controls were replaced at once
                found = [p.under(path) for p in early] + found
            else:
                event, found = restore_controls(event, found, path)
        problems.extend(found)
        if event is not None:
            events.append(event)
    return ImportResult(events=tuple(events), problems=tuple(problems))


def _split(text: str) -> list[str]:
    chunks: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip() == EVENT_SEPARATOR:
            chunks.append([])
        else:
            chunks[-1].append(line)
    return ["\n".join(chunk) for chunk in chunks]


def read_text(data: bytes, context: ImportContext) -> ImportResult:
    """Events from an ``oecd-text`` page (or the text of an OECD page)."""
    return _read(_decode(data, "oecd-text"))


def read_html(data: bytes, context: ImportContext) -> ImportResult:
    """Events from an ``oecd-html`` page (or any OECD-style HTML page)."""
    from stievents_oecd.htmltext import html_to_text

    markup = _decode(data, "oecd-html")
    return _read(html_to_text(markup, EVENT_SEPARATOR))

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
    if "\x00" in text:
        raise FormatError(f"{what} input contains NUL characters: not a text page")
    if not text.strip():
        raise FormatError(f"{what} input is empty")
    return text


def _read(text: str) -> ImportResult:
    from stievents_oecd.pageparse import parse_page

    events = []
    problems = []
    chunks = [chunk for chunk in _split(text) if chunk.strip()]
    for index, chunk in enumerate(chunks):
        event, found = parse_page(chunk, f"$.events[{index}]", index)
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

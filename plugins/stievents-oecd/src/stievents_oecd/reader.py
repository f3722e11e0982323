"""Reading OECD-style event pages (text, or HTML turned into the same lines) back into events.

The page's structure is the guide, in English or French: the header (title,
banner, kicker, subtitle, summaries, status line), the presentation with its
key questions, then labelled rows. Only what the page states is kept: a label
left empty on the page leaves the fact empty.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stievents.errors import FormatError
from stievents.plugin_types import ImportContext, ImportResult
from stievents_oecd.textual import EVENT_SEPARATOR

if TYPE_CHECKING:
    from stievents.model import Event
    from stievents_oecd.htmltext import Anchors

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


def _read(text: str, anchors: list[Anchors] | None = None) -> ImportResult:
    from stievents.text import UNENCODABLE_RE
    from stievents_oecd.controls import mark_controls, restore_controls
    from stievents_oecd.pageparse import parse_page
    from stievents_oecd.realpage import is_own_layout

    events = []
    problems = []
    parts = _split(text)
    # the ids of an HTML page's sessions and questions, by part; unused if a forged separator misaligned them
    records: list[Anchors | None] = list(anchors) if anchors is not None and len(anchors) == len(parts) else []
    records += [None] * (len(parts) - len(records))
    kept = [(chunk, record) for chunk, record in zip(parts, records, strict=True) if chunk.strip()]
    chunks = [chunk for chunk, _ in kept]
    if chunks and not any(is_own_layout(chunk) for chunk in chunks):
        return _read_real(chunks)
    for index, (chunk, record) in enumerate(kept):
        path = f"$.events[{index}]"
        if UNENCODABLE_RE.search(chunk) is None:
            event, found = parse_page(chunk, path, index, record)
        else:  # stray controls: read with stand-ins, then U+FFFD and a warning per field
            marked, early = mark_controls(chunk)
            event, found = parse_page(marked, path, index, record)
            if early:  # the page held stand-in characters already: its controls were replaced at once
                found = [p.under(path) for p in early] + found
            else:
                event, found = restore_controls(event, found, path)
        problems.extend(found)
        if event is not None:
            events.append(event)
    return ImportResult(events=tuple(events), problems=tuple(problems))


def _read_real(chunks: list[str]) -> ImportResult:
    """A page as OECD sites publish it (dates in prose): see :mod:`stievents_oecd.realpage`.

    Parts of the page with no event (an ``<article>`` of navigation) say nothing;
    only a page with no event at all is an error.
    """
    from stievents.errors import Problem, Severity
    from stievents.text import UNENCODABLE_RE
    from stievents_oecd.realpage import read_page

    events: list[Event] = []
    problems: list[Problem] = []
    refusals: list[Problem] = []
    for chunk in chunks:
        controls = UNENCODABLE_RE.findall(chunk)
        if controls:
            chunk = UNENCODABLE_RE.sub("\ufffd", chunk)
            problems.append(
                Problem(
                    path=f"$.events[{len(events)}]",
                    message=f"replaced {len(controls)} control characters with U+FFFD",
                    severity=Severity.WARNING,
                )
            )
        found, said = read_page(chunk, len(events))
        if found:
            events.extend(found)
            problems.extend(said)
        else:
            refusals.extend(p for p in said if p.severity is Severity.ERROR)
    if not events:
        problems.extend(
            refusals or [Problem(path="$.events[0].start", message="no event found: the page gives no date")]
        )
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
    from stievents_oecd.htmltext import html_anchors

    markup = _decode(data, "oecd-html")
    return _read(*html_anchors(markup, EVENT_SEPARATOR))

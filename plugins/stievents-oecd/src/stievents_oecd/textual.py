"""``oecd-text`` and ``oecd-md``: the page's content for e-mail and newsletters.

The plain-text layout follows the text of the reference page (label line, then
the value indented below it) so that the same importer reads both.
"""

from __future__ import annotations

import re

from stievents_oecd.programme import Programme, SessionItem
from stievents_oecd.view import Page, Row, Segment, Version

__all__ = ["EVENT_SEPARATOR", "inert", "md_escape", "render_markdown", "render_text"]

EVENT_SEPARATOR = "=" * 72
_BULLET = "  • "
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MD_LINE_START = re.compile(r"^(\s*(?:\d+(?=[.)])|(?=[#+\-=])))([#+\-=.)])")


def _plain(segment: Segment) -> str:
    return f"{segment.text} <{segment.href}>" if segment.href and segment.href != segment.text else segment.text


def _text_row(row: Row) -> str:
    value = " · ".join(_plain(s) for s in row.values)
    return f"{_BULLET}{row.label}\n\n    {value}\n"


def render_text(page: Page) -> str:
    """The page as plain text (UTF-8, no markup)."""
    blocks = [page.title, page.banner]
    blocks += [b for b in (page.kicker, page.subtitle, page.date_summary, page.place_summary, page.status_line) if b]
    if page.paragraphs or page.questions:
        blocks.append(page.presentation_heading)
        blocks += page.paragraphs
        if page.questions:
            blocks.append(page.questions_lead)
            blocks.append("\n".join(_BULLET + q for q in page.questions))
    if page.programme is not None:
        blocks += _text_programme(page.programme)
    if page.organisers:
        blocks += [page.organisers_heading, "\n".join(_BULLET + _plain(o) for o in page.organisers)]
    blocks += [page.when_heading, "".join(_text_row(r) for r in page.when).rstrip("\n")]
    if page.info:
        blocks += [page.info_heading, "".join(_text_row(r) for r in page.info).rstrip("\n")]
    if page.contacts:
        lines = (_BULLET + " · ".join(_plain(s) for s in contact) for contact in page.contacts)
        blocks += [page.contact_heading, "\n".join(lines)]
    if page.related:
        lines = (_BULLET + _plain(Segment(text=r.title, href=r.href)) for r in page.related)
        blocks += [page.related_heading, "\n".join(lines)]
    if page.versions:
        blocks += [page.versions_heading, "\n\n".join(map(_text_version, page.versions))]
    return "\n\n".join(blocks) + "\n"


def _session_lines(item: SessionItem) -> list[str]:
    """The labelled lines under a session's first line, in the order the importer expects them."""
    lines = [line for line in (item.kind, item.local, item.room) if line]
    lines += [f"{label} {person}" for label, people in item.people for person in people]
    lines += [f"{item.question_label} {text}" for text, _ in item.questions]
    return lines


def _text_session(item: SessionItem) -> str:
    """A bullet with the time and title; below it, indented, the labelled lines, then the paragraphs."""
    head = f"{item.when_text} · {item.title}" if item.when else item.title
    block = "\n".join([_BULLET + head, *("    " + line for line in _session_lines(item))])
    for paragraph in item.paragraphs:
        block += "\n\n" + "\n".join("    " + line for line in paragraph.split("\n"))
    return block


def _text_programme(programme: Programme) -> list[str]:
    blocks = [programme.heading]
    if programme.zone_note:
        blocks.append(programme.zone_note)
    for day in programme.days:
        if day.heading:
            blocks.append(day.heading)
        blocks.append("\n\n".join(map(_text_session, day.sessions)))
    return blocks


def _md_session(item: SessionItem) -> str:
    """An ordered-list item: time in bold, the title, then the labelled lines and paragraphs indented under it."""
    head = f"**{md_escape(item.when_text)}** · {md_escape(item.title)}" if item.when else md_escape(item.title)
    lines = [head, *(md_escape(line) for line in _session_lines(item))]
    block = "1. " + "  \n   ".join(lines)
    for paragraph in item.paragraphs:
        block += "\n\n   " + "  \n   ".join(md_escape(line) for line in paragraph.split("\n"))
    return block


def _md_programme(programme: Programme) -> list[str]:
    out = [f"## {md_escape(programme.heading)}"]
    if programme.zone_note:
        out.append(md_escape(programme.zone_note))
    for day in programme.days:
        if day.heading:
            out.append(f"### {md_escape(day.heading)}")
        out.append("\n".join(map(_md_session, day.sessions)))
    return out


def _text_version(version: Version) -> str:
    """A version of the texts as a bullet (its language) with its title, subtitle and paragraphs indented below."""
    texts = [t for t in (version.title, version.subtitle) if t] + list(version.paragraphs)
    indented = ("\n".join("    " + line for line in text.split("\n")) for text in texts)
    return "\n\n".join([_BULLET + version.name, *indented])


def inert(text: str) -> str:
    """Text safe for a terminal or mail body: line breaks as LF, no control characters (ESC sequences, NUL)."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def md_escape(text: str) -> str:
    """Markdown-escape user text, keeping it readable.

    ``<``, ``>`` and ``&`` become entities so no raw HTML passes through; inline
    markers (emphasis, code, links, tables) are backslash-escaped everywhere, and
    block markers (headings, lists, setext lines) only where a line starts.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a lone CR ends a line in CommonMark too
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    return "\n".join(_MD_LINE_START.sub(r"\1\\\2", line) for line in text.split("\n"))


def _md(segment: Segment) -> str:
    if segment.href:
        return f"[{md_escape(segment.text)}](<{segment.href}>)"
    return md_escape(segment.text)


def _md_row(row: Row) -> str:
    return f"- **{md_escape(row.label)}** " + " · ".join(_md(s) for s in row.values)


def render_markdown(page: Page) -> str:
    """The page as CommonMark, every user text escaped."""
    out = [f"# {md_escape(page.title)}", f"**{md_escape(page.banner)}**"]
    if page.kicker:
        out.append(f"*{md_escape(page.kicker)}*")
    if page.subtitle:
        out.append(f"**{md_escape(page.subtitle)}**")
    out.append(md_escape(page.date_summary) + ("  \n" + md_escape(page.place_summary) if page.place_summary else ""))
    if page.status_line:
        out.append(f"> {md_escape(page.status_line)}")
    if page.paragraphs or page.questions:
        out.append(f"## {md_escape(page.presentation_heading)}")
        out += ["  \n".join(md_escape(line) for line in p.split("\n")) for p in page.paragraphs]
        if page.questions:
            out.append(md_escape(page.questions_lead))
            out.append("\n".join(f"- {md_escape(q)}" for q in page.questions))
    if page.programme is not None:
        out += _md_programme(page.programme)
    if page.organisers:
        out += [f"## {md_escape(page.organisers_heading)}", "\n".join(f"- {_md(o)}" for o in page.organisers)]
    out += [f"## {md_escape(page.when_heading)}", "\n".join(map(_md_row, page.when))]
    if page.info:
        out += [f"## {md_escape(page.info_heading)}", "\n".join(map(_md_row, page.info))]
    if page.contacts:
        lines = ("- " + " · ".join(_md(s) for s in contact) for contact in page.contacts)
        out += [f"## {md_escape(page.contact_heading)}", "\n".join(lines)]
    if page.related:
        lines = (f"- {_md(Segment(text=r.title, href=r.href))}" for r in page.related)
        out += [f"## {md_escape(page.related_heading)}", "\n".join(lines)]
    if page.versions:
        out.append(f"## {md_escape(page.versions_heading)}")
        for version in page.versions:
            out.append(f"### {md_escape(version.name)}")
            texts = [t for t in (version.title, version.subtitle) if t] + list(version.paragraphs)
            out += ["  \n".join(md_escape(line) for line in t.split("\n")) for t in texts]
    return "\n\n".join(out) + "\n"

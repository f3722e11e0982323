"""The ``oecd-html`` page: one standalone, valid HTML5 document per event."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from stievents.model import Event
from stievents.plugin_types import ExportContext
from stievents_oecd.programme import Programme, SessionItem
from stievents_oecd.related import Related
from stievents_oecd.safety import esc
from stievents_oecd.style import CSS
from stievents_oecd.view import Page, Row, Segment, Version

__all__ = ["document", "document_parts", "head_markup", "head_pieces", "render_page", "segment_html"]


def segment_html(segment: Segment) -> str:
    """Escaped text, linked when the segment carries a (pre-checked) URL."""
    if segment.href:
        return f'<a href="{esc(segment.href)}">{esc(segment.text)}</a>'
    return esc(segment.text)


def _lang(page: Page, source: bool = False) -> str:
    """A ``lang`` attribute for user text when its language differs from the page's labels."""
    language = page.source_language if source else page.text_language
    if language and language.split("-")[0].lower() != page.language:
        return f' lang="{esc(language)}"'
    return ""


def _text_with_breaks(text: str) -> str:
    return "<br>\n".join(esc(line) for line in text.split("\n"))


def head_markup(events: Sequence[Event], context: ExportContext, include: bool) -> str:
    """Markup other plugins contribute to ``<head>`` (e.g. JSON-LD), through the core's hook."""
    if not include:
        return ""
    return "".join(head_pieces(events, context, include))


def head_pieces(events: Sequence[Event], context: ExportContext, include: bool) -> Iterator[str]:
    """:func:`head_markup` a piece at a time, so that a large contribution is never held whole.

    Each contribution is read through ``pieces()``: a streamed one (the
    JSON-LD plugin's, which grows with the events) is made as it is written;
    one given as a string is dropped once written, before the next is.
    """
    if not include:
        return
    from stievents import api

    contributions = api.page_head(events, context)
    while contributions:
        yield from contributions.pop(0).pieces()
        yield "\n"


def document(language: str, title: str, body: str, head: str, canonical: str | None) -> str:
    """A complete HTML5 document around ``body``."""
    opening, closing = document_parts(language, title, canonical)
    return f"{opening}{head}</head>\n<body>\n{body}{closing}"


def document_parts(language: str, title: str, canonical: str | None) -> tuple[str, str]:
    """What comes before the ``<head>`` contributions, and what follows the body, of :func:`document`.

    Why apart: a large page (the listing) is written piece by piece between them.
    """
    link = f'<link rel="canonical" href="{esc(canonical)}">\n' if canonical else ""
    opening = (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n{link}<style>\n{CSS}\n</style>\n"
    )
    return opening, "</body>\n</html>\n"


def _row(row: Row) -> str:
    value = " · ".join(segment_html(s) for s in row.values)
    if row.datetime:
        value = f'<time datetime="{esc(row.datetime)}">{value}</time>'
    return f"<div><dt>{esc(row.label)}</dt><dd>{value}</dd></div>\n"


def _section(ident: str, heading: str, inner: str) -> str:
    return f'<section aria-labelledby="{ident}">\n<h2 id="{ident}">{esc(heading)}</h2>\n{inner}</section>\n'


def _items(items: Iterator[str]) -> str:
    return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>\n"


def _related(item: Related) -> str:
    return segment_html(Segment(text=item.title, href=item.href))


def _version(version: Version) -> str:
    """A version of the texts: its language's name (in the page language), then its texts marked with their own."""
    lang = f' lang="{esc(version.language)}"' if version.language else ""
    texts = [t for t in (version.title, version.subtitle) if t] + list(version.paragraphs)
    inner = "".join(f"<p>{_text_with_breaks(t)}</p>\n" for t in texts)  # as plain as the text layout
    return f"<h3>{esc(version.name)}</h3>\n<div{lang}>\n{inner}</div>\n"


def _status_html(page: Page) -> str:
    """The status line, its reason (the user's words) marked with the user's language."""
    line, reason = page.status_line or "", page.status_reason
    lang = _lang(page, source=True)
    if reason and lang and line.endswith(reason):
        return f"{esc(line[: -len(reason)])}<span{lang}>{esc(reason)}</span>"
    return esc(line)


def _header(page: Page) -> str:
    lang = _lang(page)
    parts = [f"<h1{lang}>{esc(page.title)}</h1>\n"]
    parts.append(f'<p class="banner banner-{esc(page.banner_kind)}" role="status">{esc(page.banner)}</p>\n')
    if page.kicker:
        parts.append(f'<p class="kicker">{esc(page.kicker)}</p>\n')
    if page.subtitle:
        parts.append(f'<p class="subtitle"{lang}>{esc(page.subtitle)}</p>\n')
    parts.append(f'<p class="summary">{esc(page.date_summary)}</p>\n')
    if page.place_summary:
        parts.append(f'<p class="summary">{esc(page.place_summary)}</p>\n')
    if page.status_line:
        parts.append(f'<p class="status-note">{_status_html(page)}</p>\n')
    parts += [f'<p class="download">{segment_html(link)}</p>\n' for link in page.downloads]
    return "<header>\n" + "".join(parts) + "</header>\n"


def _when_html(item: SessionItem) -> str:
    """The session's time, each moment in a ``<time datetime>``."""
    pieces = (
        f'<time datetime="{esc(p.datetime)}">{esc(p.text)}</time>' if p.datetime else esc(p.text) for p in item.when
    )
    return f'<span class="session-time">{"".join(pieces)}</span> · '


def _session_html(item: SessionItem, lang: str) -> str:
    """One ``<li>``: time and title on its first line (what the importer reads first), then labelled lines.

    The ``id`` (``session-{id}``) is the session's anchor and what the HTML
    importer reads its id back from.
    """
    when = _when_html(item) if item.when else ""
    out = [f'<li id="session-{esc(item.id)}" class="session">{when}<strong class="session-title"{lang}>']
    out.append(f"{esc(item.title)}</strong>\n")
    if item.kind:
        out.append(f'<p class="session-kind">{esc(item.kind)}</p>\n')
    if item.local:
        out.append(f'<p class="session-local">{esc(item.local)}</p>\n')
    if item.room:
        out.append(f'<p class="session-room">{esc(item.room)}</p>\n')
    for label, people in item.people:
        out += [f'<p class="session-person">{esc(label)} <span{lang}>{esc(p)}</span></p>\n' for p in people]
    for text, qid in item.questions:
        linked = f'<a href="#question-{esc(qid)}">{esc(text)}</a>' if qid else esc(text)
        out.append(f'<p class="session-question">{esc(item.question_label)} <span{lang}>{linked}</span></p>\n')
    out += [f"<p{lang}>{_text_with_breaks(p)}</p>\n" for p in item.paragraphs]
    if item.ics_href:
        out.append(f'<p class="download"><a href="{esc(item.ics_href)}">{esc(item.ics_label)}</a></p>\n')
    out.append("</li>\n")
    return "".join(out)


def _programme(programme: Programme, page: Page) -> str:
    """Day headings (``h3``) over ordered lists of sessions; without days, one list."""
    lang = _lang(page, source=True)
    inner = [f'<p class="zone-note">{esc(programme.zone_note)}</p>\n'] if programme.zone_note else []
    for day in programme.days:
        if day.heading:
            inner.append(f'<h3 id="{esc(day.anchor or "")}">{esc(day.heading)}</h3>\n')
        inner.append('<ol class="programme">\n' + "".join(_session_html(s, lang) for s in day.sessions) + "</ol>\n")
    return _section("programme", programme.heading, "".join(inner))


def render_page(page: Page) -> str:
    """The ``<body>`` content of an event page."""
    lang = _lang(page)
    out = [f'<a class="skip" href="#content">{esc(page.skip_label)}</a>\n<main id="content">\n<article>\n']
    out.append(_header(page))
    if page.paragraphs or page.questions:
        inner = "".join(f"<p{lang}>{_text_with_breaks(p)}</p>\n" for p in page.paragraphs)
        if page.questions:
            inner += f"<p>{esc(page.questions_lead)}</p>\n"
            inner += f'<ul class="questions"{_lang(page, source=True)}>\n' + "".join(
                f'<li id="question-{esc(qid)}">{esc(q)}</li>\n' if qid else f"<li>{esc(q)}</li>\n"
                for q, qid in zip(page.questions, page.question_ids, strict=True)
            )
            inner += "</ul>\n"
        out.append(_section("presentation", page.presentation_heading, inner))
    if page.programme is not None:
        out.append(_programme(page.programme, page))
    if page.organisers:
        out.append(_section("organisers", page.organisers_heading, _items(segment_html(o) for o in page.organisers)))
    out.append(_section("when", page.when_heading, '<dl class="facts">\n' + "".join(map(_row, page.when)) + "</dl>\n"))
    if page.info:
        out.append(
            _section("info", page.info_heading, '<dl class="facts">\n' + "".join(map(_row, page.info)) + "</dl>\n")
        )
    if page.contacts:
        items = (" · ".join(segment_html(s) for s in contact) for contact in page.contacts)
        out.append(_section("contact", page.contact_heading, _items(items)))
    if page.related:
        out.append(_section("related", page.related_heading, _items(_related(r) for r in page.related)))
    if page.versions:
        out.append(_section("versions", page.versions_heading, "".join(map(_version, page.versions))))
    out.append("</article>\n</main>\n")
    return "".join(out)

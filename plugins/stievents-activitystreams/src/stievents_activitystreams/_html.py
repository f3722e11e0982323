"""Plain text <-> the HTML of ``content``: user text reaches HTML only escaped, one ``<p>`` per paragraph.

Writing: paragraphs are separated by a blank line, each is escaped with
:func:`html.escape` (quotes included) and single line breaks become ``<br>``.
Nothing else is ever produced, so no user text can open a tag.

Reading takes any HTML (Mobilizon's editor output, Gancio's fragments): block
elements become paragraphs, ``<br>`` a line break, every other tag is dropped
and character references are decoded. Our own output reads back exactly.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre", "section", "article"}
)
_KEPT = frozenset({"p", "br"})
_HIDDEN = frozenset({"script", "style", "template"})


def to_html(text: str) -> str:
    """``text`` as escaped paragraphs: ``"a & b\\n\\nc"`` -> ``"<p>a &amp; b</p><p>c</p>"``."""
    return "".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in text.split("\n\n"))


def summary_html(text: str) -> str:
    """A plain summary, escaped (AS2 ``summary`` may hold markup; ours never does)."""
    return html.escape(text)


def from_html(markup: str) -> tuple[str, list[str]]:
    """The text of ``markup`` and the tags it dropped (for one warning), see the module docstring."""
    if "<" not in markup:
        return html.unescape(markup), []
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    parser.flush(force=False)
    return "\n\n".join(parser.paragraphs), sorted(parser.dropped)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []
        self.depth = 0  # inside how many block elements
        self.dropped: set[str] = set()
        self.hidden = 0  # inside <script> or <style>, whose text is not text

    def flush(self, *, force: bool) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        if force or text.strip():
            self.paragraphs.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.buffer.append("\n")
        elif tag in _BLOCKS:
            self.flush(force=False)
            self.depth += 1
        elif tag in _HIDDEN:
            self.hidden += 1
        if tag not in _KEPT:
            self.dropped.add(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.flush(force=tag == "p")  # an empty <p></p> is an empty paragraph (ours: a blank line kept)
            self.depth = max(0, self.depth - 1)
        elif tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if self.depth > 0 or self.buffer or data.strip():
            self.buffer.append(data)

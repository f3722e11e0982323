"""HTML to the text layout the text importer reads: blocks on their own lines, list items bulleted.

The stdlib parser is forgiving, so any page (not only ours) becomes lines;
``<script>``, ``<style>`` and ``<head>`` content is dropped, and each
``</article>`` ends one event.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

_BLOCKS = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "section", "table", "tr",
    "ul", "td", "th", "summary", "details", "pre",
}  # fmt: skip
_SKIPPED = {"script", "style", "template", "head", "noscript", "svg", "title"}
_SPACE_RE = re.compile(r"[ \t\r\n\f]+")


class _Lines(HTMLParser):
    def __init__(self, separator: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.separator = separator

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n\n  • ")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "article":
            self.parts.append(f"\n\n{self.separator}\n\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(_SPACE_RE.sub(" ", data))


def html_to_text(markup: str, separator: str) -> str:
    """The visible text of ``markup`` as lines; ``separator`` marks the end of each ``<article>``."""
    parser = _Lines(separator)
    parser.feed(markup)
    parser.close()
    lines = [line.strip(" ") for line in "".join(parser.parts).split("\n")]
    return "\n".join(lines)

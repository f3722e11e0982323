"""HTML to the text layout the text importer reads: blocks on their own lines, list items bulleted.

The stdlib parser is forgiving, so any page (not only ours) becomes lines;
``<script>``, ``<style>`` and ``<head>`` content is dropped, and each
``</article>`` ends one event.

Text cannot carry the ids our pages give sessions and questions (``<li
id="session-opening">`` in ``<ol class="programme">``, ``<li id="question-q1">``
in ``<ul class="questions">``): :func:`html_anchors` collects them beside the
text, one record per event, in document order.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_anchors", "html_to_text"]

Anchors = dict[str, list[str | None]]
_LISTS = {"programme": ("sessions", "session-"), "questions": ("questions", "question-")}

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
        self.lists: list[str | None] = []  # the kind of each open <ul>/<ol>: "programme", "questions" or None
        self.anchors: list[Anchors] = [{"sessions": [], "questions": []}]

    def _anchor(self, attrs: list[tuple[str, str | None]]) -> None:
        """Record an ``<li>``'s id when its list is one whose items the importer identifies."""
        kind = self.lists[-1] if self.lists else None
        if kind is None:
            return
        key, prefix = _LISTS[kind]
        ident = dict(attrs).get("id") or ""
        self.anchors[-1][key].append(ident[len(prefix) :] if ident.startswith(prefix) and ident != prefix else None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n\n  • ")
            self._anchor(attrs)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        if tag in ("ul", "ol"):
            classes = (dict(attrs).get("class") or "").split()
            self.lists.append(next((c for c in classes if c in _LISTS), None))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "article":
            self.parts.append(f"\n\n{self.separator}\n\n")
            self.anchors.append({"sessions": [], "questions": []})
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(_SPACE_RE.sub(" ", data))


def html_to_text(markup: str, separator: str) -> str:
    """The visible text of ``markup`` as lines; ``separator`` marks the end of each ``<article>``."""
    return html_anchors(markup, separator)[0]


def html_anchors(markup: str, separator: str) -> tuple[str, list[Anchors]]:
    """:func:`html_to_text`, and the ids of sessions and questions: one record per ``separator``-delimited part."""
    parser = _Lines(separator)
    parser.feed(markup)
    parser.close()
    lines = [line.strip(" ") for line in "".join(parser.parts).split("\n")]
    return "\n".join(lines), parser.anchors

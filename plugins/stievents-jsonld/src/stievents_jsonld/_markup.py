"""HTML left in JSON-LD text: character references decoded, and tags taken out of descriptions.

Content systems build JSON-LD from the HTML they show, so real pages carry
``"name": "Jazz &#8211; live"``, ``&amp;``, ``&nbsp;`` and descriptions written
as ``<p>...</p>``. schema.org Text is plain text and so is the model's, so the
importer reads what the page meant: each value is decoded once (a node visited
twice is not decoded twice, so ``&amp;amp;`` becomes ``&amp;``, not ``&``), with
one warning per value naming its JSON path.

Only references closed by ``;`` are decoded: HTML also accepts some without it
(``&copy``, ``&para``), but in text those are far more often part of a query
string (``?a=1&para=2``) than markup. Tags are taken out of ``description`` and
``disambiguatingDescription`` only (schema.org's long texts, where editors paste
HTML); a block element (``<p>``, ``<br>``, ``<li>``...) becomes a line break so
paragraphs stay apart, and only known HTML element names count as tags, so a
description mentioning ``a <placeholder>`` keeps it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

__all__ = ["decode_node"]

_REFERENCE_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_RICH = frozenset({"description", "disambiguatingDescription"})
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)
_HIDDEN = frozenset({"script", "style", "template"})
_SPACE_RE = re.compile(r"[ \t\r\n\f]+")


def decode_node(node: Any, path: str, warn: Callable[[str, str], None], seen: set[int]) -> None:
    """Decode every text value under ``node`` in place, in document order, once per object (``seen`` has them)."""
    # (where, property, container, key): a walk with its own stack, so no nesting depth can exhaust Python's
    stack: list[tuple[str, str, Any, Any]] = [(path, "", [node], 0)]
    while stack:
        where, prop, container, key = stack.pop()
        value = container[key]
        if isinstance(value, str):
            if "&" in value or (prop in _RICH and "<" in value):
                cleaned, note = clean_text(value, rich=prop in _RICH)
                if note is not None:
                    container[key] = cleaned
                    warn(where, note)
            continue
        if not isinstance(value, dict | list) or id(value) in seen:
            continue
        seen.add(id(value))
        children: list[tuple[str, str, Any, Any]]
        if isinstance(value, dict):
            children = [
                (f"{where}.{k}", prop if k == "@value" else k, value, k)
                for k in value
                if not k.startswith("@") or k == "@value"  # @id, @type, @language...: names, not text
            ]
        else:
            children = [(f"{where}[{i}]", prop, value, i) for i in range(len(value))]
        stack.extend(reversed(children))


def clean_text(value: str, *, rich: bool) -> tuple[str, str | None]:
    """``value`` decoded (and for a ``rich`` text, without tags), and what was done; ``(value, None)`` if nothing."""
    if rich:
        source = html.unescape(value) if "<" not in value and "&lt;" in value else value  # markup written escaped
        if "<" in source:
            parser = _Text()
            parser.feed(source)
            parser.close()
            if parser.tags:
                return parser.text(), "held HTML markup: tags removed, character references decoded"
    found = _REFERENCE_RE.search(value)
    if found is None:
        return value, None
    decoded = _REFERENCE_RE.sub(lambda m: html.unescape(m.group()), value)
    if decoded == value:
        return value, None
    return decoded, f"held HTML character references (such as {found.group()}); decoded"


class _Text(HTMLParser):
    """The text of an HTML fragment: block elements as line breaks, unknown ``<names>`` kept as written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags = 0
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, self.get_starttag_text() or "", start=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, self.get_starttag_text() or "", start=False)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        self._tag(tag, f"</{tag}>", start=False)

    def _tag(self, tag: str, written: str, *, start: bool) -> None:
        if tag in _HIDDEN:
            self.tags += 1
            self.hidden += start
        elif tag in _BLOCKS:
            self.tags += 1
            if tag != "li":
                self.parts.append("\n")
            elif start:
                self.parts.append("\n- ")
        elif tag in _INLINE:
            self.tags += 1
        else:
            self.parts.append(written)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(_SPACE_RE.sub(" ", data))

    def handle_comment(self, data: str) -> None:
        self.tags += 1

    def text(self) -> str:
        lines = [line.strip() for line in "".join(self.parts).split("\n")]
        joined = "\n".join(lines)
        while "\n\n\n" in joined:
            joined = joined.replace("\n\n\n", "\n\n")
        return joined.strip()

"""The ``<script type="application/ld+json">`` blocks of an HTML page, and the JSON text each holds.

The blocks are found by the standard library's HTML parser, as a browser finds
them: a ``<script>`` inside a comment or in an attribute value is not one, and
the block ends at its ``</script>``. Each block keeps its number (1 for the
first) and the page line and column where its text starts, so a JSON error is
reported at the page's line.

Real pages wrap or bend the JSON in a few common ways, all repaired here:
``<!-- ... -->`` and ``<![CDATA[ ... ]]>`` wrappers (often behind ``//`` or in
``/* */``) are blanked silently (they were meant to be invisible);
JavaScript comments are blanked with a warning (JSON has none); JSON whose
quotes were all HTML-escaped (``{&quot;@context&quot;: ...}``, written by some
WordPress plugins) is decoded with a warning. Blanking keeps every other
character where it was, so line and column numbers still point into the page
(after decoding escaped JSON they point near it).
"""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from typing import Any, NamedTuple

__all__ = ["Block", "find_blocks", "parse_block"]

_TYPE = "application/ld+json"
_ESCAPED_QUOTES = ("&quot;", "&#34;", "&#034;", "&#x22;", "&#X22;")


class Block(NamedTuple):
    """One JSON-LD script element: its number on the page, where its text starts, the text."""

    number: int
    line: int
    column: int
    text: str

    @property
    def where(self) -> str:
        """How problems name the block: ``script 2 (line 14)``."""
        return f"script {self.number} (line {self.line})"


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.start: tuple[int, int] | None = None
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        kind = next((value for name, value in attrs if name == "type"), None) or ""
        if kind.split(";", 1)[0].strip().lower() != _TYPE:
            return
        line, column = self.getpos()
        written = self.get_starttag_text() or ""
        if "\n" in written:
            line, column = line + written.count("\n"), len(written.rsplit("\n", 1)[1])
        else:
            column += len(written)
        self.start, self.parts = (line, column), []

    def handle_data(self, data: str) -> None:
        if self.start is not None:
            self.parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.finish()

    def finish(self) -> None:
        if self.start is not None:
            line, column = self.start
            self.blocks.append(Block(len(self.blocks) + 1, line, column, "".join(self.parts)))
            self.start = None


def find_blocks(page: str) -> list[Block]:
    """Every JSON-LD script element of ``page``, in page order (one left open at the end included)."""
    parser = _Scripts()
    parser.feed(page)
    parser.close()
    parser.finish()
    return parser.blocks


class BlockError(ValueError):
    """A block whose text is not JSON even after repair; ``str()`` says what and where on the page."""


def parse_block(block: Block) -> tuple[Any, list[str]]:
    """The JSON value of ``block`` and notes on what was repaired (each note a warning)."""
    try:
        return json.loads(block.text, strict=False), []
    except ValueError:
        pass  # the common cases below are tried before the first error is reported
    except RecursionError:
        raise BlockError("not JSON: nested too deeply") from None
    text, notes = block.text, []
    if '"' not in text and any(quote in text for quote in _ESCAPED_QUOTES):
        # every quote escaped: decoded first, else the // of "https://..." would look like a comment
        text = html.unescape(text)
        notes.append("the JSON was HTML-escaped (&quot;...); read after decoding it")
    text, comments = _blank_comments(text)
    text = _blank_wrappers(text)
    if comments:
        notes.append("JavaScript comments in the JSON ignored")
    try:
        return json.loads(text, strict=False), notes
    except RecursionError:
        raise BlockError("not JSON: nested too deeply") from None
    except json.JSONDecodeError as exc:
        line = block.line + exc.lineno - 1
        column = exc.colno + (block.column if exc.lineno == 1 else 0)
        raise BlockError(f"not JSON: {exc.msg} at line {line}, column {column}") from None
    except ValueError as exc:
        raise BlockError(f"not JSON: {exc}") from None


def _blank_wrappers(text: str) -> str:
    """``text`` with leading ``<!--`` / ``<![CDATA[`` and trailing ``-->`` / ``]]>`` replaced by spaces."""
    chars = list(text)
    changed = True
    while changed:
        changed = False
        body = "".join(chars)
        head = len(body) - len(body.lstrip())
        for opener in ("<!--", "<![CDATA["):
            if body.startswith(opener, head):
                chars[head : head + len(opener)] = " " * len(opener)
                changed = True
        body = "".join(chars)
        tail = len(body.rstrip())
        for closer in ("-->", "]]>"):
            if body.endswith(closer, 0, tail):
                chars[tail - len(closer) : tail] = " " * len(closer)
                changed = True
    return "".join(chars)


def _blank_comments(text: str) -> tuple[str, bool]:
    """``text`` with ``//`` and ``/* */`` comments outside JSON strings replaced by spaces (newlines kept).

    A comment holding only a CDATA marker (``// <![CDATA[``) is a wrapper, not
    a comment worth a warning; the flag says whether any other was found.
    """
    out: list[str] = []
    noted = False
    index, size = 0, len(text)
    in_string = False
    while index < size:
        char = text[index]
        if in_string:
            out.append(char)
            if char == "\\" and index + 1 < size:
                out.append(text[index + 1])
                index += 1
            elif char == '"':
                in_string = False
            index += 1
            continue
        if char == '"':
            in_string = True
        elif char == "/" and text.startswith("//", index):
            end = text.find("\n", index)
            end = size if end < 0 else end
            noted = noted or not _is_wrapper(text[index + 2 : end])
            out.append(" " * (end - index))
            index = end
            continue
        elif char == "/" and text.startswith("/*", index):
            end = text.find("*/", index + 2)
            end = size if end < 0 else end + 2
            comment = text[index:end]
            noted = noted or not _is_wrapper(comment[2:].removesuffix("*/"))
            out.append("".join(c if c == "\n" else " " for c in comment))
            index = end
            continue
        out.append(char)
        index += 1
    return "".join(out), noted


def _is_wrapper(comment: str) -> bool:
    return comment.strip() in {"<![CDATA[", "]]>", "<!--", "-->", ""}

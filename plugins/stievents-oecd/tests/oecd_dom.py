"""Checking a page's DOM: only the elements and attributes the renderer writes, and only safe links."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree

ALLOWED_ELEMENTS = {
    "html", "head", "meta", "title", "link", "style", "body", "a", "main", "article", "header", "h1", "h2", "h3",
    "p", "section", "ul", "ol", "li", "dl", "div", "dt", "dd", "time", "br", "strong", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "lang",
    "charset",
    "name",
    "content",
    "rel",
    "href",
    "class",
    "id",
    "role",
    "aria-labelledby",
    "datetime",
}
SAFE_HREF = re.compile(
    r"(https?://[^\s<>\"'`]+|mailto:[^\s<>\"']+|tel:[+0-9]+|#[a-z][a-z0-9._:\-]*"
    r"|[A-Za-z0-9][A-Za-z0-9._\-/]*\.(?:html|ics|jsonld))\Z"
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _head_data_blocks(root: ElementTree.Element) -> set[int]:
    """JSON-LD blocks another plugin may contribute to ``<head>``; they must hold valid JSON and nothing else."""
    allowed: set[int] = set()
    for head in (e for e in root.iter() if isinstance(e.tag, str) and _local(e.tag) == "head"):
        for child in head:
            if _local(child.tag) == "script" and child.get("type") == "application/ld+json" and len(child) == 0:
                json.loads(child.text or "")
                allowed.add(id(child))
    return allowed


def unsafe_parts(root: ElementTree.Element) -> list[str]:
    """Everything in the tree the renderer would never write (empty when the page is clean)."""
    found = []
    data_blocks = _head_data_blocks(root)
    for element in root.iter():
        tag = _local(element.tag) if isinstance(element.tag, str) else "?"
        if id(element) in data_blocks:
            continue
        if tag not in ALLOWED_ELEMENTS:
            found.append(f"element <{tag}>")
        for attribute, value in element.attrib.items():
            name = _local(attribute)
            if name not in ALLOWED_ATTRIBUTES:
                found.append(f"attribute {name}={value!r} on <{tag}>")
            if name == "href" and not SAFE_HREF.match(value):
                found.append(f"unsafe href {value!r}")
    return found


def parse_strict(data: bytes) -> ElementTree.Element:
    """Parse with html5lib in strict mode: any parse error raises."""
    import html5lib

    parser = html5lib.HTMLParser(strict=True, tree=html5lib.getTreeBuilder("etree"))
    return parser.parse(data)

"""Escaping and link checks: every user-supplied string goes through here before markup."""

from __future__ import annotations

import html
import re

__all__ = ["esc", "safe_base", "safe_href"]

_HTTP_RE = re.compile(r"https?://[^\s/?#<>\"'`]+[^\s<>\"'`]*\Z", re.IGNORECASE)
_RELATIVE_RE = re.compile(r"(?![a-zA-Z][a-zA-Z0-9+.\-]*:)(?!//)[^\s<>\"'`\\]*\Z")


def esc(text: str) -> str:
    """HTML-escape text for element content and attribute values (quotes included)."""
    return html.escape(text, quote=True)


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, else ``None`` (``javascript:`` and friends dropped)."""
    if url is None:
        return None
    url = url.strip()
    return url if _HTTP_RE.match(url) else None


def safe_base(base: str | None) -> str | None:
    """A base for ``{base}{id}.html`` links: http(s) or a scheme-less relative path; else ``None``."""
    if base is None:
        return None
    if _HTTP_RE.match(base) or _RELATIVE_RE.match(base):
        return base
    return None

"""The options classes of the OECD formats (attrs only, so listing formats stays cheap)."""

from __future__ import annotations

import attrs

__all__ = ["ListingOptions", "PageOptions", "TextOptions"]


@attrs.frozen(kw_only=True)
class PageOptions:
    """Options of ``oecd-html``.

    ``base_url`` prefixes ``{id}.html`` links to other events (falls back to the
    context's base URL); ``include_jsonld`` embeds other plugins' head markup.
    """

    base_url: str | None = None
    include_jsonld: bool = True
    related_limit: int = 5


@attrs.frozen(kw_only=True)
class ListingOptions:
    """Options of ``oecd-listing-html``."""

    base_url: str | None = None
    include_jsonld: bool = True
    title: str | None = None


@attrs.frozen(kw_only=True)
class TextOptions:
    """Options of ``oecd-text`` and ``oecd-md``."""

    base_url: str | None = None
    related_limit: int = 5
